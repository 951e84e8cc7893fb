"""Numbers stated in sentences (stub)."""
from __future__ import annotations

from extract.model import Header, NarrativeFact, Section


def extract_narrative(text: str, header: Header, sections: list[Section]) -> list[NarrativeFact]:
    return []
