"""Report header: unit, county, year, publish date (stub)."""
from __future__ import annotations

import re

from extract.model import Header


def extract_header(text: str, template: str, form_version: str | None) -> Header:
    header = Header(template=template, form_version=form_version)
    m = re.search(r"(20[012]\d)年", text)
    if m:
        header.report_year = int(m.group(1))
    return header
