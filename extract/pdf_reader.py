"""A PDF's text layer as a Document, read with pdfplumber (characters with their coordinates).

- Ruled tables (the forms are printed with cell borders) are found from their lines; each becomes
  a Grid whose cells hold the characters lying inside them, so a wrapped label is one cell and the
  numbers printed beside its middle line stay in their own cells. A "table" of one column is a
  box around text, not a table.
- The rest of the page is read as lines; a line that runs to the right margin continues on the
  next one (a wrapped paragraph), anything shorter ends its paragraph.
- Page headers and footers (page numbers, a line repeated in the margin of most pages) are dropped.
- A table broken by a page break is two grids, one after the other: the table reader reads rows
  in order, so the second part continues the first.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from extract.document import Document, Grid, GridCell, Paragraph, join_lines
from extract.formats import PDF

# (white space around an optional part written so that it cannot be split two ways: quadratic)
_PAGE_NUMBER = re.compile(
    r"^\s*+(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*(?:[,/，]\s*)?共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[-—–]?\s*[ivxIVX]{1,5}(?:\s*[-—–])?)\s*$")
_MARGIN = 0.08          # top and bottom share of the page where headers and footers sit
_SNAP = 2.0             # points: cell borders closer than this are the same border


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF cannot be read as text (None when it can): encrypted, broken, or scanned."""
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = list(PDFPage.create_pages(document))
    except PDFPasswordIncorrect:
        return "unsupported format: an encrypted PDF; a copy without a password is needed"
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on broken files
        return f"unsupported format: a damaged PDF ({type(exc).__name__}); a complete copy is needed"
    if not pages:
        return "unsupported format: a PDF without pages"
    if not any(_has_fonts(page.resources) for page in pages):
        return ("unsupported format: a scanned PDF (pages are images, no text layer); "
                "it needs OCR to become text")
    return None


def _has_fonts(resources, depth: int = 0) -> bool:
    """A page draws text only with fonts, found in its resources or in its form XObjects'."""
    from pdfminer.pdftypes import resolve1

    resources = resolve1(resources) or {}
    if not isinstance(resources, dict):
        return False
    if resolve1(resources.get("Font")):
        return True
    if depth >= 3:
        return False
    xobjects = resolve1(resources.get("XObject")) or {}
    for xobject in (resolve1(x) for x in xobjects.values()):
        attrs = getattr(xobject, "attrs", {})
        if attrs.get("Subtype") is not None and getattr(attrs.get("Subtype"), "name", "") == "Form" \
                and _has_fonts(attrs.get("Resources"), depth + 1):
            return True
    return False


def read_pdf(data: bytes) -> Document:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [_read_page(page, number) for number, page in enumerate(pdf.pages, 1)]
    repeated = _repeated_margin_lines(pages)
    blocks: list[Paragraph | Grid] = []
    lines: list[_Line] = []  # carried over a page break: a paragraph may continue on the next page
    for items in pages:
        for _top, item in items:
            if isinstance(item, Grid):
                blocks += _paragraphs(lines)
                if not lines and blocks and isinstance(blocks[-1], Grid) and _join_broken_row(blocks[-1], item):
                    item = Grid([c for c in item.cells if c.row > 0], item.page)
                    for c in item.cells:
                        c.row -= 1
                lines = []
                if item.cells:
                    blocks.append(item)
            elif not (item.in_margin and (_PAGE_NUMBER.match(item.text) or item.text in repeated)):
                lines.append(item)
    blocks += _paragraphs(lines)
    return Document(PDF, blocks)


class _Line:
    def __init__(self, text: str, x0: float, x1: float, right: float, in_margin: bool, char_width: float,
                 page: int):
        self.text, self.x0, self.x1 = text, x0, x1
        self.right, self.in_margin, self.char_width, self.page = right, in_margin, char_width, page

    @property
    def reaches_margin(self) -> bool:
        return self.x1 >= self.right - 1.5 * self.char_width


def _read_page(page, number: int) -> list[tuple[float, object]]:
    """(top, Grid or _Line) of a page in reading order."""
    page = page.dedupe_chars()
    ruled = page.filter(_is_drawn_rule)
    settings = {"explicit_horizontal_lines": _closing_lines(ruled)}
    tables = [t for t in ruled.find_tables(settings) if _is_table(t)]
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, object]] = []
    for table in tables:
        grid = _grid(table, page.chars, number)
        if grid.cells:
            items.append((table.bbox[1], grid))

    def outside_tables(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    lines = text_page.extract_text_lines(layout=False, strip=True, return_chars=True)
    right = max((ln["x1"] for ln in lines), default=page.width)
    height = float(page.height)
    for ln in lines:
        chars = ln.get("chars") or []
        width = (sum(c["x1"] - c["x0"] for c in chars) / len(chars)) if chars else 10.0
        in_margin = ln["bottom"] < height * _MARGIN or ln["top"] > height * (1 - _MARGIN)
        items.append((ln["top"], _Line(ln["text"], ln["x0"], ln["x1"], right, in_margin, width, number)))
    items.sort(key=lambda item: item[0])
    return items


def _is_drawn_rule(obj) -> bool:
    """Keep every object except rectangles that draw no visible border: a white box behind a
    line of text, or a shaded area (its edges are not cell borders)."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    thin = min(obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]) <= 3
    color = obj.get("non_stroking_color")
    white = isinstance(color, (tuple, list)) and all(isinstance(v, (int, float)) and v >= 0.95 for v in color) \
        and len(color) in (1, 3)
    return thin and not white


def _closing_lines(page) -> list[dict]:
    """Horizontal borders a table lacks where its column rules stop: the last row above a page
    break (or the first below one) is often printed without its closing line."""
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 5]
    horizontals = [e for e in page.edges if e["orientation"] == "h"]
    lines = []
    for end in ("top", "bottom"):
        groups: dict[int, list[dict]] = {}
        for e in verticals:
            groups.setdefault(round(e[end] / _SNAP), []).append(e)
        for group in groups.values():
            if len(group) < 2:
                continue
            y = group[0][end]
            x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
            closed = any(abs(h["top"] - y) <= _SNAP and h["x0"] <= x0 + _SNAP and h["x1"] >= x1 - _SNAP
                         for h in horizontals)
            if not closed:
                lines.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                              "object_type": "line"})
    return lines


def _is_table(table) -> bool:
    cols = {round(c[0] / _SNAP) for c in table.cells}
    rows = {round(c[1] / _SNAP) for c in table.cells}
    return len(cols) >= 2 and len(rows) >= 1


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _grid(table, chars: list[dict], page_number: int) -> Grid:
    """The table's cells on a grid of its borders; each cell's text from the characters whose
    centre lies inside it."""
    xs = _snap([c[0] for c in table.cells] + [c[2] for c in table.cells])
    ys = _snap([c[1] for c in table.cells] + [c[3] for c in table.cells])
    from pdfplumber.utils import extract_text

    x0, top, x1, bottom = table.bbox
    inside = [ch for ch in chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
    cells = []
    seen = set()
    open_cells = set()
    for bbox in table.cells:
        c0, r0 = _index(xs, bbox[0]), _index(ys, bbox[1])
        c1, r1 = _index(xs, bbox[2]), _index(ys, bbox[3])
        if (r0, c0) in seen or c1 <= c0 or r1 <= r0:
            continue
        seen.add((r0, c0))
        own = [ch for ch in inside if bbox[0] <= (ch["x0"] + ch["x1"]) / 2 <= bbox[2]
               and bbox[1] <= (ch["top"] + ch["bottom"]) / 2 <= bbox[3]]
        text = join_lines(extract_text(own, x_tolerance=1.5, y_tolerance=3).split("\n")) if own else ""
        cells.append(GridCell(text, r0, c0, r1 - r0, c1 - c0))
        if own:
            bottom_line = [ch for ch in own if ch["bottom"] > max(c["top"] for c in own)]
            width = max(ch["x1"] - ch["x0"] for ch in bottom_line)
            if max(ch["x1"] for ch in bottom_line) >= bbox[2] - 2 * width:
                open_cells.add((r0, c0))  # its last line is full: the text may go on
    return Grid(cells, page=page_number, open_cells=frozenset(open_cells))


_NUMERIC_CELL = re.compile(r"[\d\s.,%/\-—–]*")


def _join_broken_row(above: Grid, below: Grid) -> bool:
    """A row broken by a page break (word processors allow it by default) leaves the rest of its
    wrapped labels in the first row of the next page's table, beside blank cells. When that row
    holds text only where the last row above holds text (no number, and not a repeated header,
    which names the number columns) and each of those cells above ends with a full line, its text
    is appended to those cells; True when joined."""
    if above.page is None or below.page != above.page + 1 or above.n_cols != below.n_cols or not below.n_rows:
        return False
    last = above.matrix()[-1]
    first = [c for c in below.cells if c.row == 0]
    if not any(c.text.strip() for c in first):
        return False
    for c in first:
        if not c.text.strip():
            continue
        target = last[c.col]
        if (target is None or target.col != c.col or target.colspan != c.colspan
                or (target.row, target.col) not in above.open_cells
                or not target.text.strip() or _NUMERIC_CELL.fullmatch(target.text)
                or _NUMERIC_CELL.fullmatch(c.text)):
            return False
    for c in first:
        if c.text.strip():
            target = last[c.col]
            target.text = join_lines([target.text, c.text])
    return True


def _paragraphs(lines: list[_Line]) -> list[Paragraph]:
    """Lines joined into paragraphs: a line reaching the right margin continues on the next."""
    out: list[Paragraph] = []
    current: list[_Line] = []
    for line in lines:
        current.append(line)
        if not line.reaches_margin:
            out.append(Paragraph(join_lines([ln.text for ln in current]), current[0].page))
            current = []
    if current:
        out.append(Paragraph(join_lines([ln.text for ln in current]), current[0].page))
    return out


def _repeated_margin_lines(pages) -> set[str]:
    """Text printed in the top or bottom margin of most pages: a running header or footer."""
    counts: Counter[str] = Counter()
    for items in pages:
        counts.update({item.text for _top, item in items if isinstance(item, _Line) and item.in_margin})
    return {text for text, n in counts.items() if n >= 2 and n >= len(pages) / 2}
