"""What a file is, from its content (magic bytes and markup), never from its name.

Readable formats: plain text, HTML, PDF with a text layer, DOCX. Everything else gets a
reason that names the format and what would be needed to read it, so a researcher knows
what to do with the file; the run goes on.
"""
from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass

TEXT, HTML, PDF, DOCX = "text", "html", "pdf", "docx"
READABLE = (TEXT, HTML, PDF, DOCX)
STRUCTURED = (HTML, PDF, DOCX)   # read by their structure: tables as grids of cells

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"II*\x00", "TIFF"),
           (b"MM\x00*", "TIFF"), (b"BM", "BMP"))
# a document that starts with markup (after a BOM, white space, comments or an XML prolog)
_PROLOG = re.compile(rb"\A\s*(?:<\?xml[^>]{0,200}>\s*)?", re.I)
_MARKUP_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|span|section|article|center|font|h[1-6])[\s>/]",
    re.I)
_SPACES = re.compile(rb"\s*")
_COMMENT_MAX = 2000
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Detected:
    format: str | None        # one of READABLE, None when the file cannot be read
    reason: str | None = None  # why not, naming the format and what would be needed


def _unreadable(what: str, needed: str) -> Detected:
    return Detected(None, f"unsupported format: {what}; {needed}")


def detect_format(data: bytes) -> Detected:
    """The format of a file's bytes: TEXT, HTML, PDF, DOCX, or None with the reason."""
    head = data[:1024]
    if b"%PDF-" in head:
        return Detected(PDF)
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if data.startswith(_OLE2):
        return _ole2_format(data)
    if data.startswith(b"{\\rtf"):
        return _unreadable("an RTF document", "save it as DOCX, PDF or text")
    for magic, name in _IMAGES:
        if data.startswith(magic):
            return _unreadable(f"a {name} image", "the report is a picture: it needs OCR to become text")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _unreadable("a WEBP image", "the report is a picture: it needs OCR to become text")
    if _is_markup(data):
        return Detected(HTML)
    return Detected(TEXT)


def _is_markup(data: bytes) -> bool:
    head = data[:4096]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if head[:2] in (b"<\x00", b"\x00<") or b"\x00<\x00" in head[:16]:  # UTF-16 markup
        head = head.replace(b"\x00", b"")
    return _starts_with_markup(head)


def _starts_with_markup(head: bytes) -> bool:
    """A tag after the prolog and comments: comments of at most 2,000 bytes each, a comment
    running from a '<!--' to any '-->' (so what lies between two comments may be swallowed).
    Which '-->' can end a comment is worked out once per '-->' (a regex of repeated comments tried
    the ways to cut a stretch of them one by one: exponential in their number)."""
    pos = _PROLOG.match(head).end()
    if _MARKUP_TAG.match(head, pos):
        return True
    if not head.startswith(b"<!--", pos):
        return False
    starts = [pos]  # where a comment can start, in increasing order
    close = head.find(b"-->", pos + 4)
    while close >= 0:
        # a comment from a start a ends here when its text, head[a + 4:close], fits the bound
        k = bisect_right(starts, close - 4)
        if k and starts[k - 1] >= close - 4 - _COMMENT_MAX:
            after = _SPACES.match(head, close + 3).end()
            if _MARKUP_TAG.match(head, after):
                return True
            if head.startswith(b"<!--", after) and after > starts[-1]:
                starts.append(after)
        close = head.find(b"-->", close + 1)
    return False


def _zip_format(data: bytes) -> Detected:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return _unreadable("a damaged ZIP archive", "the file cannot be opened; get a complete copy")
    if "word/document.xml" in names:
        return Detected(DOCX)
    if any(n.startswith("xl/") for n in names):
        return _unreadable("an Excel workbook (XLSX)", "export the report as DOCX, PDF, HTML or text")
    if any(n.startswith("ppt/") for n in names):
        return _unreadable("a PowerPoint file (PPTX)", "export the report as DOCX, PDF, HTML or text")
    if "OFD.xml" in names:
        return _unreadable("an OFD document", "convert it to PDF or DOCX (an OFD reader is needed)")
    if "mimetype" in names and "content.xml" in names:
        return _unreadable("an OpenDocument file (ODT/ODS)", "save it as DOCX, PDF or text")
    return _unreadable("a ZIP archive", "unpack it and put the report files themselves in the input folder")


def _ole2_format(data: bytes) -> Detected:
    # an OLE2 compound file names its streams in UTF-16: WordDocument (DOC and WPS), Workbook (XLS)
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data
    if has("WordDocument"):
        return _unreadable("an old Word or WPS document (DOC/WPS, OLE2)",
                           "save it as DOCX or PDF (reading it needs a DOC converter such as LibreOffice)")
    if has("Workbook") or has("Book"):
        return _unreadable("an old Excel workbook (XLS, OLE2)", "export the report as DOCX, PDF, HTML or text")
    if has("PowerPoint Document"):
        return _unreadable("an old PowerPoint file (PPT, OLE2)", "export the report as DOCX, PDF, HTML or text")
    return _unreadable("an old binary Office or WPS document (OLE2)", "save it as DOCX, PDF or text")
