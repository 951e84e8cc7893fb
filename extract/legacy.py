"""Pre-2019 statistics tables (stub)."""
from __future__ import annotations

from extract.model import Cell, Header, Section


def extract_legacy_table(text: str, header: Header, sections: list[Section]) -> list[Cell]:
    return []
