"""Charts as inline SVG strings, drawn at build time.

Why hand-rolled: the site needs three shapes (stacked bars, small line charts, a status legend).
Drawn here they cost about 1-3 KB each, need no script to show (a page opened from disk with
JavaScript off still has its charts), and add nothing to the build time. Altair + vl-convert
would bring a V8 runtime wheel and tens of milliseconds per chart (hundreds of county pages);
Plotly inlined would add its 4 MB bundle to every page that has a chart.
"""
from __future__ import annotations

from html import escape

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
           "#ff9da7", "#bab0ac")
SEVERITY_COLOURS = {"error": "#c62828", "warn": "#ef8f00", "info": "#90a4ae"}


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 5 × 10^k)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def legend(items: list[tuple[str, str]]) -> str:
    """An HTML legend (label, colour) to put under a chart."""
    return "<div class='legend'>" + "".join(
        f"<span><i style='background:{colour}'></i>{escape(label)}</span>" for label, colour in items) + "</div>"


def stacked_bars(categories: list[str], series: dict[str, list[float]], colours: dict[str, str] | None = None,
                 title: str = "", width: int = 640, height: int = 220, chart_id: str = "") -> str:
    """Vertical bars, one per category, stacked by series; every segment has a tooltip."""
    colours = colours or {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    totals = [sum(values[i] or 0 for values in series.values()) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    left, bottom, pad = 44, 36, 8
    plot_w, plot_h = width - left - pad, height - bottom - pad
    slot = plot_w / max(len(categories), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    parts = [f"<svg class='chart' role='img' viewBox='0 0 {width} {height}' width='{width}' height='{height}'"
             f"{f' id={chart_id!r}' if chart_id else ''} aria-label='{escape(title)}'><title>{escape(title)}</title>"]
    for fraction in (0, 0.5, 1):
        y = pad + plot_h * (1 - fraction)
        parts.append(f"<line x1='{left}' x2='{width - pad}' y1='{y:.1f}' y2='{y:.1f}' class='grid'/>"
                     f"<text x='{left - 4}' y='{y + 4:.1f}' class='tick' text-anchor='end'>{_fmt(top * fraction)}</text>")
    label_every = max(1, int(len(categories) / (plot_w / 42)) + 1)
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        y = pad + plot_h
        for name, values in series.items():
            value = values[i] or 0
            if value <= 0:
                continue
            h = plot_h * value / top
            y -= h
            parts.append(f"<rect class='bar' x='{x:.1f}' y='{y:.1f}' width='{bar_w:.1f}' height='{h:.1f}' "
                         f"fill='{colours[name]}'><title>{escape(category)} · {escape(name)}: {_fmt(value)}</title></rect>")
        if i % label_every == 0:
            parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{height - bottom + 14}' class='tick' "
                         f"text-anchor='middle'>{escape(category)}</text>")
    parts.append("</svg>")
    return "".join(parts) + legend([(name, colours[name]) for name in series])


def line_chart(xs: list[int], series: dict[str, list[float | None]], title: str = "",
               width: int = 300, height: int = 140) -> str:
    """One small line chart per series (small multiples), sharing the x axis; gaps stay gaps."""
    charts = []
    for index, (name, values) in enumerate(series.items()):
        stated = [v for v in values if v is not None]
        top = _nice_max(max(stated, default=0))
        left, bottom, pad = 40, 22, 18
        plot_w, plot_h = width - left - pad, height - bottom - pad - 14
        step = plot_w / max(len(xs) - 1, 1)
        colour = PALETTE[index % len(PALETTE)]
        parts = [f"<svg class='chart spark' role='img' viewBox='0 0 {width} {height}' width='{width}' "
                 f"height='{height}' aria-label='{escape(title)} {escape(name)}'>"
                 f"<text x='{left}' y='12' class='chart-title'>{escape(name)}</text>"]
        for fraction in (0, 1):
            y = 14 + pad + plot_h * (1 - fraction)
            parts.append(f"<line x1='{left}' x2='{width - pad}' y1='{y:.1f}' y2='{y:.1f}' class='grid'/>"
                         f"<text x='{left - 4}' y='{y + 4:.1f}' class='tick' text-anchor='end'>{_fmt(top * fraction)}</text>")
        points, path = [], []
        for i, (x_value, value) in enumerate(zip(xs, values, strict=True)):
            x = left + step * i if len(xs) > 1 else left + plot_w / 2
            if i == 0 or i == len(xs) - 1 or len(xs) <= 8:
                parts.append(f"<text x='{x:.1f}' y='{height - 6}' class='tick' text-anchor='middle'>{x_value}</text>")
            if value is None:
                path.append(None)
                continue
            y = 14 + pad + plot_h * (1 - value / top)
            path.append((x, y))
            points.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='{colour}'>"
                          f"<title>{x_value} · {escape(name)}: {_fmt(value)}</title></circle>")
        segments, current = [], []
        for point in path + [None]:
            if point is None:
                if len(current) > 1:
                    segments.append(current)
                current = []
            else:
                current.append(point)
        for segment in segments:
            d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(segment))
            parts.append(f"<path d='{d}' fill='none' stroke='{colour}' stroke-width='2'/>")
        parts += points
        if not stated:
            parts.append(f"<text x='{left + plot_w / 2:.1f}' y='{14 + pad + plot_h / 2:.1f}' class='tick' "
                         "text-anchor='middle'>not stated in any report</text>")
        parts.append("</svg>")
        charts.append("".join(parts))
    return f"<div class='multiples' aria-label='{escape(title)}'>{''.join(charts)}</div>"
