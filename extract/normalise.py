"""Text hygiene (stub: the header helper replaces this)."""
from __future__ import annotations

import unicodedata


def normalise(raw: str) -> tuple[str, bool, list[str]]:
    """(clean text, had traditional characters, notes on what was repaired)."""
    return unicodedata.normalize("NFKC", raw), False, []
