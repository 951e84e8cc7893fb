"""Read an input folder into one row per file: every file, decoded or quarantined with a reason.

Text and HTML are stored decoded (`text`); PDF and DOCX as their bytes (`content`), read by their
structure at extraction. `format` says which (detected from content, not from the file name).

A file whose decoded content was already seen (same text in another encoding, or a copy under
another name) is the same report: it is recorded as a duplicate of the first, never extracted twice.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import polars as pl

from extract.decode import content_hash
from extract.intake import read_input

RAW_SCHEMA = {
    "source_path": pl.String, "size_bytes": pl.Int64, "content_hash": pl.String,
    "encoding": pl.String, "text": pl.String, "status": pl.String, "reason": pl.String,
    "report_id": pl.String, "duplicate_of": pl.String, "format": pl.String, "content": pl.Binary,
}
_SPACE = re.compile(r"\s+")


def report_id_of(text: str) -> str:
    """Stable id of a document: a hash of its text with width and white space folded."""
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def list_input_files(input_dir: Path) -> list[Path]:
    # Hidden files (editor swap files, .DS_Store) are not reports; everything else is read.
    return sorted(p for p in input_dir.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(input_dir).parts))


def read_inbox(input_dir: Path) -> pl.DataFrame:
    """One row per file below `input_dir` (paths relative to it, '/'-separated)."""
    rows, first_path_of = [], {}
    for path in list_input_files(input_dir):
        rel = path.relative_to(input_dir).as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            rows.append({"source_path": rel, "size_bytes": None, "content_hash": None, "encoding": None,
                         "text": None, "status": "quarantined", "reason": f"unreadable: {exc.strerror}",
                         "report_id": None, "duplicate_of": None, "format": None, "content": None})
            continue
        decoded = read_input(data)
        row = {"source_path": rel, "size_bytes": len(data), "content_hash": content_hash(data),
               "encoding": decoded.encoding, "text": decoded.text, "status": decoded.status,
               "reason": decoded.reason, "report_id": None, "duplicate_of": None,
               "format": decoded.format, "content": decoded.content}
        if decoded.status == "ok":
            rid = decoded.report_id or report_id_of(decoded.text)
            row["report_id"] = rid
            if rid in first_path_of:
                row.update(status="quarantined", duplicate_of=first_path_of[rid],
                           reason=f"duplicate: same report as {first_path_of[rid]}")
            else:
                first_path_of[rid] = rel
        rows.append(row)
    return pl.DataFrame(rows, schema=RAW_SCHEMA, orient="row")
