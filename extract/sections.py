"""Section splitting (stub)."""
from __future__ import annotations

from extract.model import Section


def split_sections(text: str, template: str) -> list[Section]:
    return []
