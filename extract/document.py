"""One model for documents read by their structure (HTML, PDF, DOCX): paragraphs and grids.

A table of any format becomes a `Grid`: its cells in printed order with their row and column
spans, blank cells kept (never dropped). `render` writes the document as clean text in which
every grid row is one line of pipe-separated cells, `| label | 1 | | 3 |`, so the same table
reader that reads flattened text reads every format (label matching, the glued-digit solver
and the form's arithmetic are written once). It also returns where each grid cell and each
paragraph landed in that text, which gives every extracted number its page, table, row and
column.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from extract.normalise import normalise


@dataclass
class Paragraph:
    text: str
    page: int | None = None          # 1-based page (PDF)


@dataclass
class GridCell:
    text: str
    row: int                         # 0-based position of the cell's top-left corner
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """A table: anchor cells (one per printed cell) with their spans."""

    cells: list[GridCell]
    page: int | None = None          # page of the table's first row (PDF)
    index: int = 0                   # 0-based table number in the document, set by `Document`
    # (row, col) of the cells whose last line of text is full (PDF): the text may go on in the
    # first row of the next page's table, when a page break cut the row
    open_cells: frozenset[tuple[int, int]] = frozenset()

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def matrix(self) -> list[list[GridCell | None]]:
        """Spans expanded: every position holds the cell that covers it (None: no cell there)."""
        out: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    out[r][k] = c
        return out

    def rows(self) -> list[list[GridCell]]:
        """The cells that start in each row, left to right: what a reader of the row sees
        (a label spanning several rows is read once, on its first row)."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row].append(c)
        return out


@dataclass
class Document:
    format: str
    blocks: list[Paragraph | Grid]
    metadata: list[str] = field(default_factory=list)  # '标题: …', '发布时间: …' lines read outside the body
    complete: bool = True            # the reader saw the document's end (structured input knows it)

    def __post_init__(self):
        for i, grid in enumerate(b for b in self.blocks if isinstance(b, Grid)):
            grid.index = i


@dataclass
class Span:
    """Where a piece of the document landed in the rendered text."""

    start: int
    end: int
    page: int | None
    table: int | None = None         # grid index, row and column (None for a paragraph)
    row: int | None = None
    col: int | None = None


@dataclass
class Rendered:
    text: str                        # the clean text: every offset of the extraction refers to it
    spans: list[Span]                # sorted by start
    had_traditional: bool = False
    notes: list[str] = field(default_factory=list)
    _start_cache: list[int] = field(default_factory=list, repr=False)

    def locate(self, offset: int) -> Span | None:
        """The grid cell or paragraph holding `offset` (spans never overlap)."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        span = self.spans[i]
        return span if offset < span.end or offset == span.start else None

    @property
    def _starts(self) -> list[int]:
        if len(self._start_cache) != len(self.spans):
            self._start_cache[:] = [s.start for s in self.spans]
        return self._start_cache


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"[ \t]+")


def join_lines(lines: list[str]) -> str:
    """Lines of one cell or paragraph as one line: Chinese joins without a space (a wrapped
    label is one word), anything else with one."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0]) or out[-1] in "(（" or line[0] in ")）,，"):
            out += " "
        out += line
    return out


def _clean(fragment: str, notes: set[str]) -> tuple[str, bool]:
    text, had_traditional, fragment_notes = normalise(fragment)
    notes.update(n for n in fragment_notes if not n.startswith("NFKC"))
    return _SPACES.sub(" ", text.replace("\n", " ")).strip(), had_traditional


def render(doc: Document) -> Rendered:
    """The document as clean text, with the span of every paragraph and grid cell.

    Each fragment is cleaned on its own (same hygiene as a text report), so offsets are exact
    by construction; the rendered text is itself clean (normalising it again changes nothing).
    """
    parts: list[str] = []
    spans: list[Span] = []
    notes: set[str] = set()
    had_traditional = False
    pos = 0

    def emit(s: str) -> int:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start

    for line in doc.metadata:
        text, trad = _clean(line, notes)
        if text:
            had_traditional |= trad
            emit(text + "\n")
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            text, trad = _clean(block.text, notes)
            if not text:
                continue
            had_traditional |= trad
            start = emit(text)
            spans.append(Span(start, pos, block.page))
            emit("\n")
            continue
        for row in block.rows():
            if not row:
                continue
            emit("|")
            for cell in row:
                text, trad = _clean(cell.text, notes)
                had_traditional |= trad
                text = text.replace("|", "/")
                emit(" ")
                start = emit(text)
                spans.append(Span(start, pos, block.page, block.index, cell.row, cell.col))
                emit(" |")
            emit("\n")
        emit("\n")
    text = "".join(parts).rstrip()
    return Rendered(text, spans, had_traditional, sorted(notes))
