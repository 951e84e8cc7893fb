"""The pages: overview, all reports, one per county, one per report, one per file not read."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict

import duckdb
import polars as pl

from extract.vocabulary import T3_ROWS_2019, T3_ROWS_2021
from orchestration.report_site import charts, html
from orchestration.report_site.data import (
    HEADLINE_MEASURES,
    STATUS_COLOURS,
    STATUSES,
    SiteData,
)
from orchestration.report_site.evidence import finding_evidence, header_evidence_of, highlight
from orchestration.report_site.html import Raw, h, json_script, link, page, rows_json, table

CHECK_TITLES = {
    "C1": "table 3: 新收 + 上年结转 = 办理结果总计 + 结转下年度",
    "C2": "table 3: outcome rows add up to （七）总计",
    "C3": "table 3: applicant columns add up to 总计",
    "C4": "table 4: 维持 + 纠正 + 其他 + 尚未审结 = 总计",
    "C7": "a sentence and the table state different numbers",
    "C8": "six sections of the national form, in order",
    "C9": "form used matches the report year",
    "T1": "published by the statutory deadline",
    "X1": "结转下年度 = next year's 上年结转",
    "X2": "现行有效件数 continuity across years",
    "X5": "legacy 历年累计 series continuity",
    "INCOMPLETE": "text cut off or sections missing",
    "AMBIGUOUS": "glued table cells with several readings (left blank)",
    "QUARANTINE": "input file not read as a report",
}
ROW_LABELS = {f"app.{k}": v for k, v in {**T3_ROWS_2019, **T3_ROWS_2021}.items()}
SUMMARY_FIELDS = ("published_total", "normative_docs_issued", "normative_docs_in_force", "licensing_decisions",
                  "punishment_decisions", "applications_new", "applications_carried_over",
                  "applications_granted", "reconsideration_total", "litigation_total")


def short_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def county_href(county_key: str) -> str:
    return f"counties/{short_id(county_key)}.html"


def file_href(source_path: str) -> str:
    return f"files/{short_id(source_path)}.html"


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _status_badge(status: str) -> Raw:
    return Raw(f"<span class='badge st-{status.replace(' ', '-')}'>{h(status)}</span>")


def _status_legend(counts: Counter | None = None) -> str:
    return charts.legend([(f"{s}" + (f" ({counts.get(s, 0)})" if counts is not None else ""), STATUS_COLOURS[s])
                          for s in STATUSES])


def _file_link(input_dir, source_path: str) -> Raw:
    """A link to the file, below `input_dir` (resolved by the site's builder: resolving each file's
    path, a stat per part of it, took a tenth of a report page's rendering)."""
    if input_dir is None:
        return Raw(h(source_path))
    return Raw(f"<a href='{(input_dir / source_path).as_uri()}'>{h(source_path)}</a>")


# --- overview ------------------------------------------------------------------------------------

def overview(data: SiteData, generated: dt.datetime, warehouse_label: str) -> str:
    reports, counts, files = data.reports, data.finding_counts, data.files
    failed = counts.filter(pl.col("outcome") == "FAIL")
    not_assessable = counts.filter(pl.col("outcome") == "NOT_ASSESSABLE")
    quarantined = files.filter(pl.col("status") == "quarantined")
    cards = [("files read", data.file_count), ("reports", reports.height), ("files not read", quarantined.height),
             ("findings", failed["findings"].sum()),
             ("of which errors", failed.filter(pl.col("severity") == "error")["findings"].sum()),
             ("checks not assessable", not_assessable["findings"].sum())]
    parts = [f"<h1>Data-quality report</h1><p class='muted'>Built {generated:%Y-%m-%d %H:%M} from "
             f"{h(warehouse_label)}. <a href='reports.html'>All reports →</a></p>",
             "<div class='cards'>" + "".join(f"<div class='card'><b>{n:,}</b><span>{h(label)}</span></div>"
                                              for label, n in cards) + "</div>"]

    # reports by year and template
    if reports.height:
        by_year = reports.group_by("report_year", "template").len().sort("report_year")
        years = sorted(y for y in by_year["report_year"].unique().to_list() if y is not None)
        templates = sorted(by_year["template"].unique().to_list(), key=lambda t: t or "")
        counts = {(r["report_year"], r["template"]): r["len"] for r in by_year.iter_rows(named=True)}
        series = {t or "unknown": [counts.get((y, t), 0) for y in years] for t in templates}
        parts.append("<section><h2>Reports by year and template</h2>"
                     + charts.stacked_bars([str(y) for y in years], series, title="reports by year and template",
                                           chart_id="chart-years") + "</section>")

    parts.append(_coverage_section(data))
    parts.append(_findings_section(failed, not_assessable))

    # counties
    if reports.height:
        per_county = (reports.group_by("county_key").agg(
            pl.col("prefecture").drop_nulls().first(), pl.col("province").drop_nulls().first(),
            pl.col("unit_key").n_unique().alias("units"), pl.len().alias("reports"),
            pl.col("report_year").min().alias("first"), pl.col("report_year").max().alias("last"),
            *[(pl.col("status") == s).sum().alias(s) for s in STATUSES[:-1]]).sort("county_key"))
        rows = [[link(county_href(r["county_key"]), r["county_key"]), r["prefecture"], r["province"], r["units"],
                 r["reports"], f"{r['first']}–{r['last']}", *[r[s] for s in STATUSES[:-1]]]
                for r in per_county.iter_rows(named=True)]
        parts.append("<section><h2>Counties</h2>" + _status_legend()
                     + table(["county", "prefecture", "province", "units", "reports", "years", *STATUSES[:-1]],
                             rows, table_id="counties", filterable=True, page_size=50,
                             numeric=(3, 4, 6, 7, 8, 9, 10)) + "</section>")

    # files not read
    reasons = quarantined.group_by("reason").len().sort("len", "reason", descending=[True, False])
    rows = [[link(file_href(r["source_path"]), r["source_path"]), r["reason"]]
            for r in quarantined.iter_rows(named=True)]
    parts.append("<section><h2>Files not read</h2>"
                 + "".join(f"<p>{n:,} × {h(reason)}</p>" for reason, n in reasons.iter_rows())
                 + table(["file", "reason"], rows, table_id="quarantined", filterable=True, page_size=50,
                         empty="Every input file was read.") + "</section>")

    if data.ge_results is not None:
        ge = data.ge_results
        failed_ge = ge.filter(~pl.col("success"))
        parts.append(f"<section><h2>Pipeline checks (Great Expectations)</h2><p>{ge.height} expectations, "
                     f"{failed_ge.height} failed.</p>"
                     + table(["dataset", "expectation", "column", "unexpected", "sample"],
                             [[r["dataset"], r["expectation"], r["column_name"], r["unexpected_count"],
                               r["unexpected_sample"]] for r in failed_ge.iter_rows(named=True)],
                             empty="All passed.") + "</section>")
    return page("Data-quality report", "".join(parts), depth=0)


def _coverage_section(data: SiteData) -> str:
    """Reported / missing / late per county-year: from marts.mart_coverage when the build has it."""
    out = ["<section><h2>Coverage by county and year</h2>"]
    coverage = data.coverage
    if coverage is not None and coverage.height:
        cols = set(coverage.columns)
        year_col = next((c for c in ("report_year", "year") if c in cols), None)
        county_col = next((c for c in ("county", "county_name") if c in cols), None)
        measures = [c for c in ("reported", "late", "missing") if c in cols]
        if year_col and measures:
            by_year = coverage.group_by(year_col).agg(*[pl.col(c).sum() for c in measures]).sort(year_col)
            out.append(charts.stacked_bars([str(y) for y in by_year[year_col].to_list()],
                                           {c: by_year[c].to_list() for c in measures},
                                           colours={"reported": "#2e7d32", "late": "#ef8f00", "missing": "#bdbdbd"},
                                           title="coverage by year", chart_id="chart-coverage"))
        shown = [c for c in coverage.columns]
        hrefs = {key: county_href(key) for key in coverage[county_col].drop_nulls().unique().to_list()} \
            if county_col else {}
        cells = coverage.sort(shown[:2]).select(
            pl.when(pl.col(c).fill_null("") != "")
            .then(pl.concat_str([pl.lit("<a href='"), html.escaped(pl.col(c).replace_strict(hrefs, default=None)),
                                 pl.lit("'>"), html.escaped(pl.col(c)), pl.lit("</a>")]))
            .otherwise(html.escaped(pl.col(c))).alias(c) if c == county_col else html.escaped(pl.col(c))
            for c in shown)
        out.append("<p class='muted'>From marts.mart_coverage.</p>"
                   + html.table_of(shown, cells, table_id="coverage", filterable=True, page_size=50))
        return "".join(out) + "</section>"
    reports = data.reports
    if not reports.height:
        return ""
    by_year = reports.group_by("report_year", "status").len()
    years = sorted(y for y in by_year["report_year"].unique().to_list() if y is not None)
    counts = {(r["report_year"], r["status"]): r["len"] for r in by_year.iter_rows(named=True)}
    out.append(charts.stacked_bars([str(y) for y in years],
                                   {s: [counts.get((y, s), 0) for y in years] for s in STATUSES[:-1]},
                                   colours=STATUS_COLOURS, title="reports by year and status",
                                   chart_id="chart-coverage"))
    per = (reports.group_by("county_key", "report_year").agg(
        pl.len().alias("reported"), (pl.col("status") == "late").sum().alias("late"),
        (pl.col("status") == "on time").sum().alias("on time"),
        pl.col("status").is_in(["contradictions", "incomplete"]).sum().alias("with findings"))
        .sort("county_key", "report_year"))
    rows = [[link(county_href(r["county_key"]), r["county_key"]), r["report_year"], r["reported"], r["late"],
             r["on time"], r["with findings"]] for r in per.iter_rows(named=True)]
    out.append("<p class='muted'>Missing townships need the list of townships each county should have "
               "(marts.mart_coverage); this warehouse does not have it yet, so only reports received are counted.</p>"
               + table(["county", "year", "reported", "late", "on time", "with findings"], rows,
                       table_id="coverage", filterable=True, page_size=50, numeric=(1, 2, 3, 4, 5)))
    return "".join(out) + "</section>"


def _findings_section(failed: pl.DataFrame, not_assessable: pl.DataFrame) -> str:
    """From the finding counts (check_code, severity, findings, reports) of each outcome."""
    out = ["<section><h2>Findings by check and severity</h2>"]
    if not failed.height and not not_assessable.height:
        return "".join(out) + "<p class='muted'>No findings.</p></section>"
    checks = sorted(set(failed["check_code"].to_list()) | set(not_assessable["check_code"].to_list()))
    counts = {(r["check_code"], r["severity"]): r["findings"] for r in failed.iter_rows(named=True)}
    out.append(charts.stacked_bars(checks, {s: [counts.get((c, s), 0) for c in checks] for s in ("error", "warn", "info")},
                                   colours=charts.SEVERITY_COLOURS, title="findings by check and severity",
                                   chart_id="chart-findings"))
    reports_per = dict(failed.group_by("check_code").agg(pl.col("reports").first()).iter_rows())
    na = dict(not_assessable.group_by("check_code").agg(pl.col("findings").sum()).iter_rows())
    rows = [[c, CHECK_TITLES.get(c, ""), counts.get((c, "error"), 0), counts.get((c, "warn"), 0),
             counts.get((c, "info"), 0), reports_per.get(c, 0), na.get(c, 0)] for c in checks]
    out.append(table(["check", "what it checks", "error", "warn", "info", "reports", "not assessable"], rows,
                     table_id="checks", numeric=(2, 3, 4, 5, 6)))
    out.append("<p class='muted'>Not assessable: a needed cell is blank, so the check could not be evaluated; "
               "it is counted, never a failure.</p>")
    return "".join(out) + "</section>"


# --- all reports -------------------------------------------------------------------------------

def reports_index(data: SiteData, con: duckdb.DuckDBPyConnection) -> str:
    """Every report in one script-rendered table (sorted, filtered and paged in the browser)."""
    columns = ["unit", "type", "county", "year", "template", "published", "status", "findings", "checks", "file"]
    # the columns made by Polars and the JSON by DuckDB, not row by row in Python
    hrefs = {key: county_href(key) for key in data.reports["county_key"].unique().to_list()}
    rows = data.reports.select(
        "unit_name", "unit_type", "county_key", "report_year", "template",
        pl.col("publish_date").cast(pl.String).fill_null(""), "status", "fail_count",
        pl.col("failed_checks").list.join(" "), "source_path", "report_id",
        pl.col("county_key").replace_strict(hrefs, return_dtype=pl.String).alias("county_href"))
    body = (f"<h1>All reports ({rows.height:,})</h1>" + _status_legend()
            + "<div class='datatable' data-source='reports-data' data-columns='" + ",".join(columns) + "'></div>"
            + json_script("reports-data", text=rows_json(con, rows)))
    return page("All reports", body, depth=0, crumbs=[("Overview", "index.html"), ("All reports", "")])


# --- county ------------------------------------------------------------------------------------

# What the county pages are made of (built once: building Polars expressions costs more than
# running them on a small county)
_GRID_INPUTS = (
    pl.when(pl.col("unit_name").fill_null("") == "").then(pl.lit("?")).otherwise("unit_name").alias("unit"),
    pl.col("unit_type").fill_null(""),
    pl.col("status").replace_strict({s: i for i, s in enumerate(STATUSES)}, return_dtype=pl.Int64).alias("rank"),
    pl.col("failed_checks").list.join(", ").alias("checks"))
_GRID_TITLE = pl.concat_str([html.escaped(pl.col("unit")), pl.lit(" "), pl.col("report_year").cast(pl.String),
                             pl.lit(": ")])
_GRID_LABEL = pl.concat_str([pl.col("status"), pl.when(pl.col("checks") != "")
                             .then(pl.concat_str([pl.lit(" ("), pl.col("checks"), pl.lit(")")])).otherwise(pl.lit(""))])
_GRID_CELL = (
    pl.when(pl.col("n").is_null())
    .then(pl.concat_str([pl.lit("<td class='st-missing' title='"), _GRID_TITLE, pl.lit("missing'></td>")]))
    .otherwise(pl.concat_str([
        pl.lit("<td class='st-"), pl.col("status").str.replace_all(" ", "-", literal=True),
        pl.lit("' title='"), _GRID_TITLE, html.escaped(_GRID_LABEL), pl.lit("'><a href='../reports/"),
        pl.col("report_id"), pl.lit(".html'>"), (pl.col("report_year") % 100).cast(pl.String).str.zfill(2),
        pl.lit("</a>"),
        pl.when(pl.col("n") > 1).then(pl.concat_str([pl.lit("<small>×"), pl.col("n").cast(pl.String),
                                                      pl.lit("</small>")])).otherwise(pl.lit("")),
        pl.lit("</td>")])))
_GRID_ROW = pl.concat_str([pl.lit("<tr><th>"), html.escaped(pl.col("unit")), pl.lit(" <small>"),
                           html.escaped(pl.col("unit_type")), pl.lit("</small></th>"), pl.col("cells"), pl.lit("</tr>")])
_REPORT_CELLS = (
    pl.concat_str([pl.lit("<a href='../reports/"), html.escaped(pl.col("report_id")), pl.lit(".html'>"),
                   html.escaped(pl.col("unit_name")), pl.lit("</a>")]).alias("unit"),
    html.escaped(pl.col("report_year")).alias("year"), html.escaped(pl.col("template")).alias("template"),
    html.escaped(pl.col("publish_date")).alias("published"),
    pl.concat_str([pl.lit("<span class='badge st-"), pl.col("status").str.replace_all(" ", "-", literal=True),
                   pl.lit("'>"), html.escaped(pl.col("status")), pl.lit("</span>")]).alias("status"),
    html.escaped(pl.col("fail_count")).alias("findings"),
    html.escaped(pl.col("failed_checks").list.join(" ")).alias("checks"))


def county_page(county_key: str, reports: pl.DataFrame, townships: pl.DataFrame | None) -> str:
    first = reports.row(0, named=True)
    where = ", ".join(x for x in (first.get("prefecture"), first.get("province")) if x)
    years = sorted(set(reports["report_year"].drop_nulls().to_list()))
    if years:
        years = list(range(years[0], years[-1] + 1))
    # Made by Polars, not cell by cell in Python: the county that is not stated can hold a third
    # of a collection's reports (2.5 s at 100,000 reports); the expressions are built once
    named = reports.lazy().with_columns(*_GRID_INPUTS)
    units = named.group_by("unit", maintain_order=True).agg(pl.col("unit_type").first())
    if townships is not None:  # townships the county should have, reported or not
        listed = townships.lazy().select(pl.col("township").alias("unit")).unique(maintain_order=True)
        units = pl.concat([units, listed.join(units, on="unit", how="anti")
                           .with_columns(pl.lit("").alias("unit_type"))])
    units = units.sort("unit")
    status_counts = Counter(reports["status"].to_list())
    head = "".join(f"<th>{y}</th>" for y in years)
    if years:
        # the worst report of each township-year is shown (the first in the county's order among equals)
        shown = (named.with_row_index("order").sort("unit", "report_year", "rank", "order")
                 .group_by("unit", "report_year", maintain_order=True)
                 .agg(pl.len().alias("n"), pl.col("status", "checks", "report_id").first()))
        grid = (units.join(pl.LazyFrame({"report_year": years}, schema={"report_year": reports["report_year"].dtype}),
                           how="cross")
                .join(shown, on=["unit", "report_year"], how="left")
                .sort("unit", "report_year"))
        cells = grid.group_by("unit", "unit_type", maintain_order=True).agg(
            _GRID_CELL.str.join("").alias("cells"), pl.col("n").null_count().alias("missing"))
    else:
        cells = units.with_columns(pl.lit("").alias("cells"), pl.lit(0, pl.UInt32).alias("missing"))
    rows = cells.select(_GRID_ROW, "missing").collect()
    status_counts["missing"] += rows["missing"].sum()
    rows = rows[:, 0].to_list()
    grid_html = (f"<table class='grid' id='grid'><thead><tr><th>township \\ year</th>{head}</tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>")

    trends = {}
    by_year = reports.group_by("report_year").agg(
        pl.len().alias("reports"), *[pl.col(c).sum().alias(c) for c in HEADLINE_MEASURES],
        *[pl.col(c).is_not_null().sum().alias(f"{c}_n") for c in HEADLINE_MEASURES])
    lookup = {r["report_year"]: r for r in by_year.iter_rows(named=True)}
    trends["reports received"] = [lookup[y]["reports"] if y in lookup else None for y in years]
    for column, label in HEADLINE_MEASURES.items():
        trends[label] = [lookup[y][column] if y in lookup and lookup[y][f"{column}_n"] else None for y in years]

    report_cells = reports.sort("report_year", "unit_name").select(_REPORT_CELLS)
    body = (f"<h1>{h(county_key)}</h1><p class='muted'>{h(where + ' · ' if where else '')}{reports.height} "
            f"reports from {len(rows)} townships and units</p>"
            "<section><h2>Townships × years</h2>" + _status_legend(status_counts) + grid_html + "</section>"
            "<section><h2>Trends of the headline measures</h2><p class='muted'>Sums over the reports that state "
            "the value; a gap is a year no report states it.</p>"
            + charts.line_chart(years, trends, title=f"{county_key} trends") + "</section>"
            "<section><h2>Reports</h2>"
            + html.table_of(["unit", "year", "template", "published", "status", "findings", "checks"], report_cells,
                            table_id="county-reports", filterable=True, numeric=(1, 5)) + "</section>")
    return page(county_key, body, depth=1, crumbs=[("Overview", "../index.html"), (county_key, "")])


# --- report ------------------------------------------------------------------------------------

def report_page(r: dict, findings: list[dict], cells: list[dict], facts: list[dict], sections: list[dict],
                clean_text: str | None, input_dir, known_reports: set[str]) -> str:
    title = f"{r['unit_name'] or '?'} · {r['report_year'] or '?'}"
    header_evidence = header_evidence_of(r.get("header_evidence"))
    pub = r["publish_date"]
    pub_text = f"{pub} ({r['publish_date_source']})" if pub else "not stated"
    fields = [("unit", f"{r['unit_name']} ({r['unit_type']})"),
              ("county", link(f"../{county_href(r['county_key'])}", r["county_key"])),
              ("prefecture / province", " / ".join(x or "not stated" for x in (r["prefecture"], r["province"]))
               if r["prefecture"] or r["province"] else Raw("<i class=muted>not stated</i>")),
              ("report year", r["report_year"]), ("template", f"{r['template']} ({r['form_version'] or 'no form'})"),
              ("published", pub_text), ("statutory deadline", r.get("statutory_deadline")),
              ("title", r.get("title")), ("text", f"{r['text_length']:,} characters"
                                          + (", cut off" if r["is_truncated"] else "")),
              ("file", _file_link(input_dir, r["source_path"]))]
    parts = [f"<h1>{h(title)} {_status_badge(r['status'])}</h1>",
             "<dl class='header'>" + "".join(f"<dt>{h(k)}</dt><dd>{h(v)}</dd>" for k, v in fields) + "</dl>",
             "<section><h2>Headline numbers</h2>"
             + table(["measure", "value"], [[f, _number(r[f]) if r[f] is not None else Raw("<i class=muted>not stated</i>")]
                                             for f in SUMMARY_FIELDS], numeric=(1,)) + "</section>"]

    failed = [f for f in findings if f["outcome"] == "FAIL"]
    parts.append(f"<section id='findings'><h2>Findings ({len(failed)})</h2>")
    if not failed:
        parts.append("<p class='muted'>No check failed.</p>")
    for f in failed:
        evidence = finding_evidence(f, cells, facts, sections, header_evidence)
        prev = f.get("detail_ref")
        prev_link = (f" · previous report: <a href='{prev}.html'>{prev}</a>" if prev in known_reports else "")
        column = f" · column {h(f['applicant_type'])}" if f["applicant_type"] not in (None, "all") else ""
        parts.append(
            f"<article class='finding sev-{h(f['severity'])}'><h3>{h(f['check_code'])} · {h(f['measure'])}{column}"
            f" <span class='badge sev-{h(f['severity'])}'>{h(f['severity'])}</span></h3>"
            f"<p>{h(f['message'])}</p><p><b>expected</b> <code>{h(f['expected'])}</code> · "
            f"<b>actual</b> <code>{h(f['actual'])}</code>{prev_link}</p>")
        if evidence:
            parts.append(table(["evidence", "where", "value", "raw text, highlighted in the text"],
                               [[e.kind, e.label, e.value, _evidence_text(e, clean_text)] for e in evidence],
                               classes="evidence"))
        parts.append("</article>")
    parts.append("</section>")

    not_assessable = [f for f in findings if f["outcome"] == "NOT_ASSESSABLE"]
    if not_assessable:
        grouped: dict[str, list[str]] = defaultdict(list)
        for f in not_assessable:
            grouped[f["check_code"]].append(f["measure"] + ("" if f["applicant_type"] in (None, "all")
                                                            else f" × {f['applicant_type']}"))
        parts.append(f"<section><h2>Not assessable ({len(not_assessable)})</h2><p class='muted'>A needed cell is "
                     "blank, so these checks could not be evaluated.</p>"
                     + table(["check", "count", "what"], [[c, len(v), ", ".join(sorted(set(v))[:12])
                                                           + (" …" if len(set(v)) > 12 else "")]
                                                          for c, v in sorted(grouped.items())], numeric=(1,))
                     + "</section>")

    parts.append("<section><h2>Extracted numbers</h2>")
    by_table: dict[str, list[dict]] = defaultdict(list)
    for c in cells:
        by_table[c["table_code"]].append(c)
    for code in sorted(by_table):
        parts.append(f"<h3>table {h(code)}</h3>" + _cell_matrix(by_table[code]))
    if facts:
        parts.append("<h3>sentences</h3>" + table(
            ["measure", "column", "value", "sentence"],
            [[f["measure_key"], f["applicant_type"], _number(f["value_num"]) + (" ≈" if f["is_approximate"] else ""),
              f["snippet"]] for f in facts], numeric=(2,)))
    if not by_table and not facts:
        parts.append("<p class='muted'>No number was extracted.</p>")
    parts.append("</section>")
    return page(title, "".join(parts), depth=1,
                crumbs=[("Overview", "../index.html"), (r["county_key"], f"../{county_href(r['county_key'])}"),
                        (title, "")])


def _evidence_text(e, clean_text: str | None) -> Raw:
    """The evidence in its context; its raw text apart only when that is not the marked span."""
    context = highlight(clean_text, e.start, e.end)
    marked = clean_text[e.start:e.end] if context else None
    if e.raw_text and e.raw_text != marked:
        return Raw(f"<code>{h(e.raw_text)}</code><br>{context}" if context else f"<code>{h(e.raw_text)}</code>")
    return Raw(context)


def _cell_matrix(cells: list[dict]) -> str:
    """A table's cells as printed: rows × columns; blank, n/a and unreadable cells are marked, not 0."""
    rows, cols, values = [], [], {}
    for c in cells:
        if c["row_code"] not in rows:
            rows.append(c["row_code"])
        if c["col_code"] not in cols:
            cols.append(c["col_code"])
        semantic = c["value_semantic"]
        shown = _number(c["value_num"]) if semantic in ("NUMERIC", "ZERO") and c["value_num"] is not None else \
            {"EMPTY": "·", "NA": "/", "TEXT": "?"}.get(semantic, "?")
        tip = c["raw_text"] if (c["raw_text"] or "") != shown else ""
        if c["note"]:
            tip = f"{tip} — {c['note']}" if tip else c["note"]
        values[(c["row_code"], c["col_code"])] = (shown, tip, semantic)
    head = "".join(f"<th>{h(col)}</th>" for col in cols)
    body = []
    for row in rows:
        label = ROW_LABELS.get(f"app.{row}", "")
        tds = []
        for col in cols:
            shown, tip, semantic = values.get((row, col), ("", "", ""))
            title = f" title='{h(tip)}'" if tip else ""
            mark = {"EMPTY": " class=e", "NA": " class=e", "TEXT": " class=t"}.get(semantic, "")
            tds.append(f"<td{mark}{title}>{h(shown)}</td>")
        body.append(f"<tr><th>{h(row)}{f' <small>{h(label)}</small>' if label else ''}</th>{''.join(tds)}</tr>")
    return (f"<table class='cells'><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            "<p class='muted small'>· blank, / not applicable, ? unreadable or ambiguous (hover for the raw text)</p>")


# --- a file that was not read ----------------------------------------------------------------------

def file_page(f: dict, input_dir, known_reports: set[str], original_path: str | None) -> str:
    dup = f.get("duplicate_of")
    same = ""
    if f.get("report_id") in known_reports:
        same = (f"<p>Its content is the report <a href='../reports/{f['report_id']}.html'>"
                f"{h(original_path or f['report_id'])}</a>.</p>")
    elif dup:
        same = f"<p>Duplicate of {h(dup)}.</p>"
    body = (f"<h1>{h(f['source_path'])} <span class='badge st-contradictions'>not read</span></h1>"
            f"<dl class='header'><dt>reason</dt><dd>{h(f['reason'])}</dd>"
            f"<dt>format</dt><dd>{h(f.get('format') or 'unknown')}</dd>"
            f"<dt>size</dt><dd>{f['size_bytes'] or 0:,} bytes</dd>"
            f"<dt>encoding</dt><dd>{h(f['encoding'] or 'unknown')}</dd><dt>file</dt>"
            f"<dd>{_file_link(input_dir, f['source_path'])}</dd></dl>{same}")
    return page(f["source_path"], body, depth=1, crumbs=[("Overview", "../index.html"), (f["source_path"], "")])
