"""Tables 2, 3 and 4 of the 2019 and 2021 national forms (stub)."""
from __future__ import annotations

from extract.model import Cell, Section


def extract_form_tables(text: str, form_version: str | None, sections: list[Section]) -> list[Cell]:
    return []
