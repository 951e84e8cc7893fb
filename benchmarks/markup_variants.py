"""Do the HTML and DOCX readers generalise to markup they were not written on?

Each real saved page (tests/fixtures/pingtan_html/*.html, ../shared/corpus/full/*.html) is
rewritten the ways government sites and Word-to-HTML exports write their report tables, keeping
every number, and the same reports are written as Word documents with merged cells, nested
tables, split tables and cells of several paragraphs. Each variant is extracted and compared
with the original page's extraction: header fields, table cells (value by table/row/column) and
narrative facts.

    python benchmarks/markup_variants.py            # per-variant agreement
    python benchmarks/markup_variants.py -v         # and the cells that differ
"""
from __future__ import annotations

import argparse
import copy
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = sorted((ROOT / "tests" / "fixtures" / "pingtan_html").glob("*.html")) + sorted(
    (ROOT.parent / "shared" / "corpus" / "full").glob("*.html"))
HEADER_FIELDS = ("unit_name", "unit_type", "report_year", "template", "form_version", "publish_date", "title")
_DIGIT = re.compile(r"\d")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
_FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}


# ---------------------------------------------------------------------------- HTML rewriting


def _tables(root) -> list:
    """The report's tables: innermost tables (layout tables hold others)."""
    return [t for t in root.iter("table") if not any(True for _ in t.iterdescendants("table"))]


def _rows(table) -> list:
    return list(table.iter("tr"))


def _cells(tr) -> list:
    return [c for c in tr if c.tag in ("td", "th")]


def _is_header_row(tr) -> bool:
    text = tr.text_content()
    return bool(text.strip()) and not _DIGIT.search(text)


def _set_text(cell, text: str) -> None:
    for child in list(cell):
        cell.remove(child)
    cell.text = text


def _text(cell) -> str:
    return re.sub(r"\s+", "", cell.text_content().replace("\xa0", " "))


def v_identity(root) -> None:
    """Parsed and written back by lxml (the control)."""


def v_th_headers(root) -> None:
    """Header rows (rows without a digit) printed with <th> cells."""
    for table in _tables(root):
        for tr in _rows(table):
            if _is_header_row(tr):
                for cell in _cells(tr):
                    cell.tag = "th"


def v_thead_tbody_tfoot(root) -> None:
    """The table's leading header rows in <thead>, the body in <tbody>, the last row in <tfoot>."""
    for table in _tables(root):
        rows = _rows(table)
        if len(rows) < 3:
            continue
        for tr in rows:
            tr.getparent().remove(tr)
        for child in list(table):
            if child.tag in ("tbody", "thead", "tfoot"):
                table.remove(child)
        n_head = 1
        thead, tbody, tfoot = (etree.SubElement(table, tag) for tag in ("thead", "tbody", "tfoot"))
        thead.extend(rows[:n_head])
        tbody.extend(rows[n_head:-1])
        tfoot.append(rows[-1])


def v_wrapped_text(root) -> None:
    """Each cell's text inside <p><span style><font><b> (as rich-text editors write it)."""
    for table in _tables(root):
        for tr in _rows(table):
            for cell in _cells(tr):
                text = cell.text_content().strip()
                _set_text(cell, "")
                p = etree.SubElement(cell, "p", style="text-align:center;margin:0")
                span = etree.SubElement(p, "span", style="font-family:仿宋_GB2312;font-size:14pt")
                font = etree.SubElement(span, "font", face="宋体")
                b = etree.SubElement(font, "b")
                b.text = text


def v_br_in_labels(root) -> None:
    """Labels of four or more Chinese characters broken by <br> (column-width wrapping)."""
    for table in _tables(root):
        for tr in _rows(table):
            for cell in _cells(tr):
                text = cell.text_content().strip()
                if not _CJK_RUN.search(text):
                    continue
                _set_text(cell, "")
                pieces = [text[i:i + 3] for i in range(0, len(text), 3)]
                cell.text = pieces[0]
                for piece in pieces[1:]:
                    br = etree.SubElement(cell, "br")
                    br.tail = piece


_BLANKS = ("\xa0", "—", "-", "/", "无", " ")


def v_blank_marks(root) -> None:
    """Blank cells written as &nbsp;, —, -, /, 无 or a space (in turn)."""
    i = 0
    for table in _tables(root):
        for tr in _rows(table):
            for cell in _cells(tr):
                if not _text(cell):
                    _set_text(cell, _BLANKS[i % len(_BLANKS)])
                    i += 1


def v_full_width_digits(root) -> None:
    """Digits of the table cells in full width (１２３)."""
    for table in _tables(root):
        for el in table.iter():
            if isinstance(el.tag, str):
                if el.text:
                    el.text = el.text.translate(_FULL_WIDTH)
                if el.tail and el is not table:
                    el.tail = el.tail.translate(_FULL_WIDTH)


def _unmerge(root, repeat_headers: bool) -> None:
    for table in _tables(root):
        rows = _rows(table)
        taken: dict[tuple[int, int], object] = {}
        layout: list[list[tuple[object, bool]]] = [[] for _ in rows]   # (cell, is_anchor) per row
        for r, tr in enumerate(rows):
            c = 0
            for cell in _cells(tr):
                while (r, c) in taken:
                    c += 1
                rs = int(cell.get("rowspan", "1") or 1)
                cs = int(cell.get("colspan", "1") or 1)
                for dr in range(min(rs, len(rows) - r)):
                    for dc in range(cs):
                        taken[(r + dr, c + dc)] = (cell, dr == 0 and dc == 0)
                c += cs
        for r, tr in enumerate(rows):
            positions = sorted(k for k in taken if k[0] == r)
            new = []
            for pos in positions:
                cell, anchor = taken[pos]
                if anchor:
                    piece = copy.deepcopy(cell)
                    piece.attrib.pop("rowspan", None)
                    piece.attrib.pop("colspan", None)
                else:
                    piece = etree.Element(cell.tag)
                    if repeat_headers and not _DIGIT.search(cell.text_content()):
                        piece.text = cell.text_content().strip()
                new.append(piece)
            for cell in _cells(tr):
                tr.remove(cell)
            tr.extend(new)
        del layout


def v_unmerged_blank(root) -> None:
    """Every rowspan/colspan written out as separate cells, the covered ones blank."""
    _unmerge(root, repeat_headers=False)


def v_unmerged_repeat(root) -> None:
    """Every span written out as separate cells, a text cell's label repeated in each
    (numbers are never repeated)."""
    _unmerge(root, repeat_headers=True)


def v_header_two_rows(root) -> None:
    """Each header row split over two rows: the first half of every label above its second half
    (wrapped headers typed as two table rows)."""
    for table in _tables(root):
        for tr in _rows(table):
            if not _is_header_row(tr) or any(c.get("rowspan") for c in _cells(tr)):
                continue
            below = etree.Element("tr")
            for cell in _cells(tr):
                text = cell.text_content().strip()
                half = (len(text) + 1) // 2 if len(text) >= 4 else len(text)
                twin = etree.SubElement(below, cell.tag)
                if cell.get("colspan"):
                    twin.set("colspan", cell.get("colspan"))
                twin.text = text[half:]
                _set_text(cell, text[:half])
            tr.addnext(below)


def v_layout_table(root) -> None:
    """The article wrapped in a layout table (a side column of links beside it)."""
    body = root.find("body")
    outer = etree.Element("table", width="100%")
    tr = etree.SubElement(outer, "tr")
    side = etree.SubElement(tr, "td", width="20%")
    for name in ("首页", "政务公开", "互动交流"):
        a = etree.SubElement(side, "a", href="#")
        a.text = name
    main = etree.SubElement(tr, "td")
    for child in list(body):
        main.append(child)
    body.append(outer)


def v_split_table(root) -> None:
    """Every table of more than six rows cut in two tables at a row no span crosses (a Word
    page break), a blank paragraph between."""
    for table in _tables(root):
        rows = _rows(table)
        if len(rows) < 7:
            continue
        blocked = set()
        for r, tr in enumerate(rows):
            for cell in _cells(tr):
                rs = int(cell.get("rowspan", "1") or 1)
                blocked.update(range(r + 1, r + rs))
        cut = next((r for r in range(len(rows) // 2, len(rows)) if r not in blocked), None)
        if cut is None:
            continue
        second = etree.Element("table", **dict(table.attrib))
        body = etree.SubElement(second, "tbody")
        for tr in rows[cut:]:
            tr.getparent().remove(tr)
            body.append(tr)
        gap = etree.Element("p")
        gap.text = "\xa0"
        table.addnext(gap)
        gap.addnext(second)


def v_spacer_column(root) -> None:
    """An empty narrow column at the right edge of every table."""
    for table in _tables(root):
        for tr in _rows(table):
            etree.SubElement(tr, "td", width="1").text = "\xa0"


def v_hidden_copy(root) -> None:
    """A display:none copy of every table before it, and a print-only (hidden) copy after it."""
    for table in _tables(root):
        hidden = copy.deepcopy(table)
        hidden.set("style", "display: none;")
        table.addprevious(hidden)
        printed = etree.Element("div", **{"class": "print-only", "style": "DISPLAY:NONE"})
        printed.append(copy.deepcopy(table))
        table.addnext(printed)


_IF, _ENDIF = "@@IFMISC@@", "@@ENDIF@@"


def v_word_markup(root) -> None:
    """MS Word's HTML export: mso- styles, <o:p></o:p> in every cell, Word's downlevel-revealed
    conditional comments around the cells' text."""
    for table in _tables(root):
        table.set("class", "MsoNormalTable")
        table.set("style", "border-collapse:collapse;mso-table-layout-alt:fixed;mso-padding-alt:0cm 5.4pt 0cm 5.4pt")
        for tr in _rows(table):
            tr.set("style", "mso-yfti-irow:0;height:20.0pt")
            for cell in _cells(tr):
                text = cell.text_content().strip()
                _set_text(cell, "")
                cell.set("style", "border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt")
                p = etree.SubElement(cell, "p", **{"class": "MsoNormal", "align": "center"})
                p.text = _IF
                span = etree.SubElement(p, "span", lang="EN-US", style="font-size:12.0pt;mso-bidi-font-size:11.0pt")
                span.text = text
                span.tail = _ENDIF
                etree.SubElement(p, "o_p")


def _word_markup_text(markup: str) -> str:
    return (markup.replace(_IF, "<![if !supportMisc]>").replace(_ENDIF, "<![endif]>")
            .replace("<o_p>", "<o:p>").replace("</o_p>", "&nbsp;</o:p>"))


HTML_VARIANTS = {f.__name__[2:]: f for f in (
    v_identity, v_th_headers, v_thead_tbody_tfoot, v_wrapped_text, v_br_in_labels, v_blank_marks,
    v_full_width_digits, v_unmerged_blank, v_unmerged_repeat, v_header_two_rows, v_layout_table,
    v_split_table, v_spacer_column, v_hidden_copy, v_word_markup)}


def html_variant(markup: str, name: str) -> str:
    root = lxml.html.document_fromstring(markup)
    HTML_VARIANTS[name](root)
    out = lxml.html.tostring(root, encoding="unicode")
    return _word_markup_text(out) if name == "word_markup" else out


_ANY_CHARSET = re.compile(r"<meta[^>]*charset[^>]*>", re.I)


def gbk_page(markup: str) -> bytes:
    """The page in GBK with its charset declared only in <meta http-equiv>."""
    markup = _ANY_CHARSET.sub("", markup)
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    markup = re.sub(r"<head[^>]*>", lambda m: m.group() + head, markup, count=1, flags=re.I)
    return markup.encode("gbk", errors="xmlcharrefreplace")


# ---------------------------------------------------------------------------- DOCX writing


def _word(doc, build_table) -> bytes:
    """A Word document of `doc`'s blocks; each grid written by `build_table(word, grid)`."""
    import docx

    from extract.document import Paragraph

    word = docx.Document()
    for line in doc.metadata:   # the page's title and date lines: a Word file prints them in its body
        word.add_paragraph(line)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            word.add_paragraph(block.text)
        else:
            build_table(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _plain(word, grid, container=None):
    table = (container or word).add_table(rows=grid.n_rows, cols=grid.n_cols)
    for c in grid.cells:
        table.cell(c.row, c.col).text = c.text
    return table


def _merged(word, grid, container=None):
    table = (container or word).add_table(rows=grid.n_rows, cols=grid.n_cols)
    for c in grid.cells:
        top = table.cell(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            top = top.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        top.text = c.text
    return table


def _nested(word, grid):
    outer = word.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    _merged(word, grid, container=cell)


def _split(word, grid):
    from docx.enum.text import WD_BREAK

    from extract.document import Grid, GridCell

    blocked = {r for c in grid.cells for r in range(c.row + 1, c.row + c.rowspan)}
    cut = next((r for r in range(grid.n_rows // 2, grid.n_rows) if r not in blocked), None)
    if grid.n_rows < 7 or cut is None:
        _merged(word, grid)
        return
    _merged(word, Grid([c for c in grid.cells if c.row < cut]))
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _merged(word, Grid([GridCell(c.text, c.row - cut, c.col, c.rowspan, c.colspan)
                        for c in grid.cells if c.row >= cut]))


def _paragraphs(word, grid):
    """Each cell's text over several paragraphs: a label in pieces of four characters, a blank
    paragraph before every number."""
    table = _merged(word, grid)
    for c in grid.cells:
        cell = table.cell(c.row, c.col)
        text = c.text
        pieces = [text[i:i + 4] for i in range(0, len(text), 4)] if _CJK_RUN.search(text) else ["", text]
        cell.text = pieces[0] if pieces else ""
        for piece in pieces[1:]:
            cell.add_paragraph(piece)


DOCX_VARIANTS = {"docx_plain": _plain, "docx_merged": _merged, "docx_nested": _nested,
                 "docx_split": _split, "docx_paragraphs": _paragraphs}


# ---------------------------------------------------------------------------- comparison


@dataclass
class Agreement:
    header_equal: int = 0
    header_total: int = 0
    cells_equal: int = 0
    cells_different: int = 0
    cells_missing: int = 0       # a value in the original, none in the variant
    cells_extra: int = 0         # a value in the variant only
    facts_equal: int = 0
    facts_total: int = 0

    def add(self, other: Agreement) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def exact(self) -> bool:
        return (self.header_equal == self.header_total and self.cells_equal + self.cells_missing
                + self.cells_different == self.cells_equal and not self.cells_extra
                and self.facts_equal == self.facts_total)


def cell_values(ex) -> dict:
    return {(c.table, c.row_code, c.col_code): c.value for c in ex.cells if c.value is not None}


def compare(original, variant, details: list[str] | None = None) -> Agreement:
    a = Agreement()
    for f in HEADER_FIELDS:
        a.header_total += 1
        same = getattr(original.header, f) == getattr(variant.header, f)
        a.header_equal += same
        if not same and details is not None:
            details.append(f"header {f}: {getattr(original.header, f)!r} -> {getattr(variant.header, f)!r}")
    before, after = cell_values(original), cell_values(variant)
    for key, value in before.items():
        if key not in after:
            a.cells_missing += 1
        elif after[key] == value:
            a.cells_equal += 1
        else:
            a.cells_different += 1
        if details is not None and after.get(key) != value:
            details.append(f"cell {key}: {value!r} -> {after.get(key)!r}")
    a.cells_extra = len(set(after) - set(before))
    if details is not None:
        details.extend(f"cell {key}: None -> {after[key]!r}" for key in set(after) - set(before))
    facts_before = Counter((f.measure_key, f.applicant_type, f.value) for f in original.facts)
    facts_after = Counter((f.measure_key, f.applicant_type, f.value) for f in variant.facts)
    a.facts_total = sum(facts_before.values())
    a.facts_equal = sum((facts_before & facts_after).values())
    return a


VARIANTS = (*HTML_VARIANTS, "gbk_meta", *DOCX_VARIANTS)


def variant_extraction(markup: str, name: str):
    """The extraction of variant `name` of a decoded page."""
    from extract.html_reader import decode_html
    from extract.report import extract_source, read_document

    if name in HTML_VARIANTS:
        return extract_source("html", html_variant(markup, name))
    if name == "gbk_meta":
        return extract_source("html", decode_html(gbk_page(markup))[0])
    return extract_source("docx", None, _word(read_document("html", markup), DOCX_VARIANTS[name]))


def run(pages=PAGES, names=VARIANTS, verbose=False) -> dict[str, Agreement]:
    """Agreement per variant over all pages (extraction in process)."""
    from extract.html_reader import decode_html
    from extract.report import extract_source

    results: dict[str, Agreement] = {}
    for page in pages:
        markup, _ = decode_html(page.read_bytes())
        original = extract_source("html", markup)
        for name in names:
            details: list[str] | None = [] if verbose else None
            agreement = compare(original, variant_extraction(markup, name), details)
            results.setdefault(name, Agreement()).add(agreement)
            if details:
                print(f"{name} {page.name}:\n  " + "\n  ".join(details[:12]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("variants", nargs="*")
    args = parser.parse_args()
    results = run(names=args.variants or VARIANTS, verbose=args.verbose)
    print(f"{len(PAGES)} pages; cells with a value compared by (table, row, column)")
    print(f"{'variant':22} {'header':>9} {'cells equal':>12} {'different':>9} {'missing':>8} {'extra':>6} {'facts':>9}")
    for name, a in results.items():
        total = a.cells_equal + a.cells_different + a.cells_missing
        print(f"{name:22} {a.header_equal:>4}/{a.header_total:<4} {a.cells_equal:>6}/{total:<5} "
              f"{a.cells_different:>9} {a.cells_missing:>8} {a.cells_extra:>6} {a.facts_equal:>4}/{a.facts_total:<4}")


if __name__ == "__main__":
    main()
