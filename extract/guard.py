"""Extraction of a chunk of reports under a per-report guard (pure: runs in worker processes).

A report whose extraction raises, or whose result cannot be right (no text left after hygiene,
the same table cell read twice, a year outside the years the reports exist in), becomes a
failure with a reason code instead of rows; the other reports of the chunk are not affected.
The time bound is the pool's job (orchestration/workers.py): a stuck regex cannot be interrupted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from extract.report import STAGING_SCHEMAS, extract_item, frames_of, staging_rows

FIRST_REPORT_YEAR = 2007  # the disclosure regulation (国务院令第492号) dates from 2007
CELL_KEY = ["table_code", "row_code", "col_code"]
STAGING_TABLES = ("reports", "sections", "table_cells", "narrative_facts")


@dataclass(frozen=True)
class ReportFailure:
    report_id: str
    source_path: str
    code: str      # EXTRACTION_FAILED, EMPTY_CLEAN_TEXT, DUPLICATE_CELLS, IMPLAUSIBLE_YEAR (TIMEOUT: the pool)
    reason: str


def implausible(rows: dict[str, list[dict]]) -> tuple[str, str] | None:
    """Why one report's extraction (its staging rows) cannot be right, or None."""
    report = rows["reports"][0]
    if not (report["clean_text"] or "").strip():
        return "EMPTY_CLEAN_TEXT", "no text is left after hygiene (markup, image debris or spam only)"
    year, last = report["report_year"], dt.date.today().year + 1
    if year is not None and not FIRST_REPORT_YEAR <= year <= last:
        return "IMPLAUSIBLE_YEAR", f"report year read as {year}, outside {FIRST_REPORT_YEAR}-{last}"
    keys = Counter(tuple(cell[k] for k in CELL_KEY) for cell in rows["table_cells"])
    repeated = [key for key, n in keys.items() if n > 1]
    if repeated:
        table, row, col = repeated[0]
        dupes = sum(keys[key] for key in repeated)
        return "DUPLICATE_CELLS", (f"{dupes} table cells read more than once (e.g. {table}/{row}/{col}): "
                                   "the file holds the tables more than once")
    return None


def extract_chunk(items: list[tuple]) -> tuple[dict[str, pl.DataFrame | None], list[ReportFailure]]:
    """Staging frames of the items that pass (one frame per table for the whole chunk: columns
    travel back to the parent, not rows), and the failures. An item is (report_id, source_path,
    text) or (report_id, source_path, text, format, content) as ingested (see extract_item)."""
    rows: dict[str, list[dict]] = {name: [] for name in STAGING_SCHEMAS}
    failures = []
    for item in items:
        report_id, source_path = item[0], item[1]
        try:
            one = staging_rows(report_id, source_path, extract_item(item))
            problem = implausible(one)
        except Exception as exc:  # one report's bug is that report's finding
            problem = "EXTRACTION_FAILED", f"{type(exc).__name__}: {exc}"[:500]
        if problem:
            failures.append(ReportFailure(report_id, source_path, *problem))
            continue
        for name, more in one.items():
            rows[name].extend(more)
    if not rows["reports"]:
        return dict.fromkeys(STAGING_TABLES), failures
    return frames_of(rows), failures


# A few lines that take the extractor through its lazily built tables (division list, OpenCC's
# converter, compiled patterns): about 0.4 s the first time, milliseconds after.
_WARM_UP_TEXT = "某某县某某镇2021年政府信息公开工作年度报告\n一、总体情况\n本年主动公开政府信息12条。\n"


def warm_up() -> None:
    """Build the extractor's lazy tables now (a worker pool's fork server calls this before it
    forks: workers start warm and share the tables instead of each building its own)."""
    extract_chunk([("warm-up", "", _WARM_UP_TEXT)])


def extractor_version() -> str:
    """A hash of the extractor's own sources and data: any change to extract/ re-extracts."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
