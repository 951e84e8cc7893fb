"""Formats are told by content, never by name; what cannot be read is quarantined with a reason
that names the format and what would be needed."""
from __future__ import annotations

import io
import zipfile

import pytest

from extract.formats import DOCX, HTML, PDF, TEXT, detect_format
from extract.ingest import read_inbox
from extract.intake import read_input
from tests.conftest import INBOX

FULL = INBOX / "full"
PINGTAN_HTML = INBOX.parent.parent / "tests" / "fixtures" / "pingtan_html"


def minimal_pdf(content: bytes, resources: bytes = b"<< >>") -> bytes:
    """A valid one-page PDF drawing `content` (no fonts unless `resources` names one)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources " + resources
               + b" /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def zip_bytes(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("path, expected", [
    *[(p, PDF) for p in sorted(FULL.glob("*.pdf"))],
    *[(p, HTML) for p in sorted(FULL.glob("*.html")) + sorted(PINGTAN_HTML.glob("*.html"))],
    *[(p, TEXT) for p in sorted(FULL.glob("*.txt")) + sorted((INBOX / "excerpts").glob("*.txt"))],
], ids=lambda v: v.name if hasattr(v, "name") else v)
def test_real_files_are_told_by_their_content(path, expected):
    assert detect_format(path.read_bytes()).format == expected


def test_a_file_name_does_not_decide_the_format(tmp_path):
    for source in (next(FULL.glob("*.pdf")), next(FULL.glob("*.html")), next(FULL.glob("*.txt"))):
        (tmp_path / f"{source.stem}.txt.doc").write_bytes(source.read_bytes())
    frame = read_inbox(tmp_path)
    assert sorted(frame["format"].to_list()) == ["html", "pdf", "text"]
    assert set(frame["status"]) == {"ok"}


@pytest.mark.parametrize("data, words", [
    (b"\x89PNG\r\n\x1a\n" + bytes(200), ("PNG image", "OCR")),
    (b"\xff\xd8\xff\xe0" + bytes(200), ("JPEG image", "OCR")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(100), ("DOC/WPS", "DOCX")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + bytes(100), ("XLS", "export")),
    (zip_bytes(["[Content_Types].xml", "xl/workbook.xml"]), ("XLSX", "export")),
    (zip_bytes(["OFD.xml", "Doc_0/Document.xml"]), ("OFD", "PDF")),
    (zip_bytes(["readme.txt"]), ("ZIP archive", "unpack")),
    (b"{\\rtf1\\ansi hello}", ("RTF", "DOCX")),
    (minimal_pdf(b"0 0 m 100 100 l S"), ("scanned PDF", "OCR")),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog", ("damaged PDF", "complete copy")),
    (b"PK\x03\x04" + bytes(50), ("damaged ZIP", "complete copy")),
])
def test_unreadable_formats_say_what_they_are_and_what_is_needed(data, words):
    intake = read_input(data)
    assert intake.status == "quarantined"
    assert all(w in intake.reason for w in words), intake.reason


def test_a_pdf_with_a_text_layer_is_not_taken_for_a_scan():
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    data = minimal_pdf(b"BT /F1 12 Tf 10 10 Td (2023) Tj ET", font)
    intake = read_input(data)
    assert (intake.format, intake.status) == (PDF, "ok")
    assert intake.content == data and intake.text is None


def test_a_docx_is_detected_and_kept_as_bytes(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("政府信息公开工作年度报告")
    buffer = io.BytesIO()
    document.save(buffer)
    intake = read_input(buffer.getvalue())
    assert (intake.format, intake.status) == (DOCX, "ok")


def test_html_charset_comes_from_the_page_declaration():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "</head><body><p>政府信息公开工作年度报告</p><p>主动公开政府信息214条。</p></body></html>")
    intake = read_input(page.encode("gb18030"))
    assert (intake.format, intake.status, intake.encoding) == (HTML, "ok", "gb18030")
    assert "主动公开政府信息214条" in intake.text


def test_text_starting_like_prose_is_not_html():
    assert detect_format("政府信息公开 <p> 年度报告".encode()).format == TEXT
