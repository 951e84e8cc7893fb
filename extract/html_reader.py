"""A saved web page as a Document: the article body with its tables as grids, without the site.

- Charset: a BOM, else the page's own `<meta charset>` / `http-equiv` declaration, else the
  same detection as text files (charset-normalizer); GB2312/GBK are read as GB18030.
- The article is the smallest element holding most of the page's prose (text outside links):
  menus, link lists, footers and scripts fall outside it.
- The report's own metadata sits beside the article, not in it (title, 发布时间, 来源): it is
  kept from the page's `<meta>` tags and from short `key：value` lines around the article.
- Each innermost `<table>` becomes a Grid, spans kept and blank cells (`&nbsp;`) kept empty.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from extract.decode import decode_report
from extract.document import Document, Grid, GridCell, Paragraph, join_lines
from extract.formats import HTML

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w-]{2,20})""", re.I)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "big5": "big5hkscs", "utf8": "utf-8", "unicode": "utf-8"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "template",
         "select", "option", "button", "input", "textarea", "nav", "aside", "map", "audio", "video")
_BLOCK = {"p", "div", "br", "tr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
          "h6", "section", "article", "header", "footer", "main", "blockquote", "pre", "center",
          "table", "tbody", "thead", "tfoot", "caption", "form", "hr", "address", "figure", "figcaption"}
_CJK = re.compile(r"[\u3400-\u9fff]")
_ARTICLE_SHARE = 0.8     # the article holds at least this share of the page's prose
# metadata lines a page prints around the article (the header readers use them)
_META_LINE = re.compile(
    r"^\s*(?:标\s*题|文章标题|发布(?:日期|时间)|成文日期|公开日期|发文日期|更新(?:日期|时间)|"
    r"(?:信息)?来\s*源|发布(?:机构|单位|部门)|发文(?:机关|单位)|时\s*间|日\s*期)\s*[:：]")  # matched on one line
_META_TAGS = (("articletitle", "标题"), ("title", "标题"), ("pubdate", "发布时间"), ("publishdate", "发布时间"),
              ("firstpublishedtime", "发布时间"), ("contentsource", "来源"), ("source", "来源"))


def decode_html(data: bytes) -> tuple[str | None, str | None]:
    """(markup, encoding) of a page's bytes; (None, None) when it cannot be decoded."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError:
                break
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        codec = _CHARSET_ALIASES.get(name, name)
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect instead
    decoded = decode_report(data)
    return decoded.text, decoded.encoding


_REPORT_MARKERS = ("公开", "信息", "年度报告", "政务")


def page_problem(markup: str | None) -> str | None:
    """Why a page cannot be a report (None when it may be one)."""
    if markup is None:
        return "undecodable: an HTML page in no known encoding (UTF-8, UTF-16, GB18030, Big5)"
    if not any(marker in markup for marker in _REPORT_MARKERS):
        return "not a report: an HTML page with no mention of 信息公开/政务公开 or 年度报告"
    return None


def read_html(markup: str) -> Document:
    """The Document of a decoded page (or page fragment)."""
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)  # lxml refuses str input with an XML prolog
    if not markup.strip():
        return Document(HTML, [])
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return Document(HTML, [Paragraph(markup)])
    metadata = _meta_tags(root)
    for el in [el for el in root.iter(*_DROP) if el.getparent() is not None]:
        el.drop_tree()
    for comment in root.iter(etree.Comment):
        if comment.getparent() is not None:
            comment.getparent().remove(comment)
    body = root.find("body")
    if body is None:
        body = root
    article = _article(body)
    metadata += _nearby_metadata(article)
    blocks: list[Paragraph | Grid] = []
    _collect(article, blocks, [])
    # a page that opens <html> but never closes it was saved cut off; a fragment has neither
    complete = not _HTML_OPEN.search(markup[:4096]) or bool(_HTML_CLOSE.search(markup[-4096:]))
    return Document(HTML, blocks, metadata, complete=complete)


_HTML_OPEN = re.compile(r"<html[\s>]", re.I)
_HTML_CLOSE = re.compile(r"</html\s*>", re.I)


def _meta_tags(root) -> list[str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower().replace("og:", "")
        content = (meta.get("content") or "").strip()
        for tag, key in _META_TAGS:
            if name == tag and content and key not in found:
                found[key] = content
    if "标题" not in found:
        title = root.find(".//title")
        if title is not None and (title.text or "").strip():
            found["标题"] = title.text.strip()
    return [f"{key}: {value}" for key, value in found.items()]


def _prose(el) -> int:
    """Chinese characters of `el` outside links (menus and link lists are all links)."""
    total = len(_CJK.findall(el.text_content()))
    for a in el.iter("a"):
        total -= len(_CJK.findall(a.text_content()))
    return total


def _article(body):
    """The deepest element that still holds most of the page's prose."""
    total = _prose(body)
    if total == 0:
        return body
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        best = max(children, key=_prose, default=None)
        if best is None or _prose(best) < _ARTICLE_SHARE * total:
            return node
        node = best


def _nearby_metadata(article) -> list[str]:
    """'来源：…', '时间：…', '发布日期：…' lines printed just outside the article (up to three
    levels up), plus a title element there."""
    lines: list[str] = []
    node = article
    for _ in range(3):
        parent = node.getparent()
        if parent is None:
            break
        for sibling in parent:
            if sibling is node or not isinstance(sibling.tag, str):
                continue
            text = _block_text(sibling)
            for line in text.split("\n"):
                for piece in re.split(r"\s{2,}", line.strip()):
                    if _META_LINE.match(piece) and len(piece) <= 80 and piece not in lines:
                        lines.append(piece)
        node = parent
    return lines


def _walk_text(e, out: list[str], on_table=None) -> None:
    """Append the text of `e` to `out` with a line break at every block boundary; innermost
    tables go to `on_table` instead, when given."""
    if not isinstance(e.tag, str):
        return
    if on_table is not None and e.tag == "table" and not any(True for _ in e.iterdescendants("table")):
        on_table(e)
        return
    block = e.tag in _BLOCK or e.tag in ("td", "th")
    if block:
        out.append("\n")
    if e.text:
        out.append(e.text)
    for child in e:
        _walk_text(child, out, on_table)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


def _block_text(el) -> str:
    """Text of an element with a line break at every block boundary."""
    out: list[str] = []
    _walk_text(el, out)
    return "".join(out).replace("\xa0", " ")


def _collect(el, blocks: list, lines: list[str]) -> None:
    """Paragraphs and grids of `el` in document order."""
    def flush():
        text = "".join(lines).replace("\xa0", " ")
        lines.clear()
        for line in text.split("\n"):
            if line.strip():
                blocks.append(Paragraph(line.strip()))

    def table(e):
        flush()
        grid = _grid(e)
        if grid.cells:
            blocks.append(grid)

    _walk_text(el, lines, table)
    flush()


_LEADING_NUMBER = re.compile(r"\A\s*(\d{1,3})")


def _span(value: str | None) -> int:
    m = _LEADING_NUMBER.match(value or "")
    return max(1, min(int(m.group(1)), 200)) if m else 1


def _grid(table) -> Grid:
    """Rows and cells of a table as printed; a cell's row/column come from the spans above it."""
    cells: list[GridCell] = []
    taken: set[tuple[int, int]] = set()
    rows = [tr for tr in table.iter("tr")]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = min(_span(td.get("rowspan")), len(rows) - r)
            colspan = _span(td.get("colspan"))
            text = join_lines(_block_text(td).split("\n"))
            cells.append(GridCell(text, r, c, rowspan, colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return Grid(cells)
