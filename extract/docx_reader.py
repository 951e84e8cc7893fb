"""A Word document (DOCX) as a Document, read with python-docx: paragraphs and tables in the order
of the body, each table a Grid with its merged cells (gridSpan across, vMerge down) kept as spans.
"""
from __future__ import annotations

import io
import zipfile

from extract.document import Document, Grid, GridCell, Paragraph, join_lines
from extract.formats import DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_problem(data: bytes) -> str | None:
    """Why a DOCX cannot be read (None when it can)."""
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as exc:  # python-docx raises many kinds
        return f"unsupported format: a damaged Word document ({type(exc).__name__}); a complete copy is needed"
    return None


def read_docx(data: bytes) -> Document:
    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    blocks: list[Paragraph | Grid] = []
    _collect(body, blocks)
    return Document(DOCX, blocks)


def _collect(container, blocks: list) -> None:
    """Paragraphs and tables of a body or table cell in order. A table holding tables lays out
    the page (a frame around the report): its cells' content is read in order instead, so only
    innermost tables become grids."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            text = _paragraph_text(child)
            if text.strip():
                blocks.append(Paragraph(text))
        elif child.tag == f"{_W}tbl":
            if any(True for _ in child.iterdescendants(f"{_W}tbl")):
                for tr in child.iterchildren(f"{_W}tr"):
                    for tc in tr.iterchildren(f"{_W}tc"):
                        _collect(tc, blocks)
                continue
            grid = _grid(child)
            if grid.cells:
                blocks.append(grid)


def _paragraph_text(p) -> str:
    """A paragraph's text: its runs, tabs and line breaks (w:t, w:tab, w:br)."""
    out = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if el.tag == f"{_W}t":
            out.append(el.text or "")
        elif el.tag == f"{_W}tab":
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def _val(el, name: str) -> str | None:
    return el.get(f"{_W}{name}") if el is not None else None


def _grid(tbl) -> Grid:
    """Cells of a Word table on its column grid. A cell continuing a vertical merge (vMerge
    without 'restart') extends the cell above it instead of being a cell of its own."""
    cells: list[GridCell] = []
    open_merges: dict[int, GridCell] = {}   # column -> cell whose vertical merge is still open
    rows = [tr for tr in tbl.iterchildren(f"{_W}tr")]
    for r, tr in enumerate(rows):
        trpr = tr.find(f"{_W}trPr")
        before = tr.find(f"{_W}trPr/{_W}gridBefore") if trpr is not None else None
        c = int(_val(before, "val") or 0)
        for tc in tr.iterchildren(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = tcpr.find(f"{_W}gridSpan") if tcpr is not None else None
            colspan = max(1, int(_val(span, "val") or 1))
            vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            if vmerge is not None and _val(vmerge, "val") in (None, "continue") and c in open_merges:
                open_merges[c].rowspan = r - open_merges[c].row + 1
            else:
                text = join_lines([line for p in tc.iter(f"{_W}p") for line in _paragraph_text(p).split("\n")])
                cell = GridCell(text, r, c, 1, colspan)
                cells.append(cell)
                if vmerge is not None:
                    open_merges[c] = cell
                else:
                    open_merges.pop(c, None)
            c += colspan
    return Grid(cells)
