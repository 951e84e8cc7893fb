"""One input file as ingested: its format (from content), then decoded text (text, HTML) or its
bytes (PDF, DOCX, read later by their structure), or a readable reason it cannot be a report.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from extract.decode import decode_report
from extract.formats import DOCX, HTML, PDF, detect_format


@dataclass
class Intake:
    format: str | None
    text: str | None          # decoded text (text) or markup (HTML)
    content: bytes | None     # the file itself, for formats read from bytes (PDF, DOCX)
    encoding: str | None
    status: str               # 'ok' or 'quarantined'
    reason: str | None
    note: str | None = None   # a finding on a file that was read (damaged bytes replaced)

    @property
    def report_id(self) -> str | None:
        """Stable id of a binary document: a hash of its bytes (text reports hash their text)."""
        return hashlib.sha256(self.content).hexdigest()[:16] if self.content is not None else None


def read_input(data: bytes) -> Intake:
    detected = detect_format(data)
    if detected.format is None:
        return Intake(None, None, None, None, "quarantined", detected.reason)
    if detected.format == HTML:
        from extract.html_reader import decode_html, page_problem
        markup, encoding = decode_html(data)
        problem = page_problem(markup)
        status = "quarantined" if problem else "ok"
        return Intake(HTML, markup, None, encoding, status, problem)
    if detected.format in (PDF, DOCX):
        if detected.format == PDF:
            from extract.pdf_reader import pdf_problem as problem_of
        else:
            from extract.docx_reader import docx_problem as problem_of
        problem = problem_of(data)
        if problem:
            return Intake(detected.format, None, None, None, "quarantined", problem)
        return Intake(detected.format, None, data, None, "ok", None)
    decoded = decode_report(data)
    return Intake(detected.format, decoded.text, None, decoded.encoding, decoded.status, decoded.reason,
                  decoded.note)
