"""Every path below an input folder, and one raw row per path: decoded, skipped or quarantined.

Text and HTML are stored decoded (`text`); PDF and DOCX as their bytes (`content`), read by their
structure at extraction. `format` says which (detected from content, not from the file name).

`walk_inputs` lists every path `find DIR -mindepth 1 ! -type d` lists, plus folders that cannot
be listed, without reading any file; `read_report_file` reads and decodes one file (pure: it
runs in worker processes). Which copy of a duplicated report is kept is decided over the whole
table (the oldest file wins), so it is not done here.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
import polars as pl

from extract.decode import content_hash
from extract.formats import TEXT
from extract.intake import read_input

RAW_SCHEMA = {
    "source_path": pl.String, "size_bytes": pl.Int64, "content_hash": pl.String,
    "encoding": pl.String, "text": pl.String, "status": pl.String, "reason": pl.String,
    "report_id": pl.String, "duplicate_of": pl.String, "reason_code": pl.String, "note": pl.String,
    "mtime_ns": pl.Int64, "stat_key": pl.String, "format": pl.String, "content": pl.Binary,
}
OK, QUARANTINED, SKIPPED = "ok", "quarantined", "skipped"
# Two limits, as the format is known only once a file is read: its size on disk (PDF and Word files
# embed fonts, seals and scanned pages: a 6-page report can take several MB) and, for plain text,
# its decoded length (the longest real report text is about 60,000 characters).
DEFAULT_MAX_FILE_BYTES = 64 * 2**20
MAX_TEXT_CHARS = 200_000   # three times the longest real report known; extraction time grows with it

# Several reports in one file: a report has one 总体情况 section, prints its title a few times
# (page title, heading, breadcrumb: at most 4 short title lines in the corpus) and names one
# report year in its title (no report of the corpus names two; links to the previous or next
# report are page chrome and do not count).
_TITLE_LINE = re.compile(r"^[^\n]{0,60}政府信息公开(?:工作)?(?:年度)?(?:报告|年报)[^\n]{0,20}$", re.M)
_OVERVIEW_HEADING = re.compile(r"^[ \t]*(?:[一1][、.,．][ \t]*)?总体情况[ \t]*$", re.M)
_YEAR_BEFORE_TITLE = re.compile(r"((?:19|20)\d\d)\s*年度?[^\n。,，;；]{0,12}?$")
_TITLE_AFTER = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:报告|年报)")
_LINK_LINE = re.compile(r"上一[篇条]|下一[篇条]|相关|附件|链接|推荐|阅读")
MAX_TITLE_LINES = 6


# Width folding for the id: full-width ASCII forms (U+FF01-FF5E) to ASCII, invisible characters
# dropped (NFKC of a whole report costs ten times more and folds nothing more that reposts change).
_FULL_WIDTH_FIRST, _FULL_WIDTH_LAST, _FULL_WIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")


def fold_width(text: str) -> str:
    """`text` with full-width ASCII forms made ASCII and invisible characters dropped. On the code
    points as a NumPy array: str.translate looks every character up in a dict, and a report's id
    took 90 µs of the 220 µs it takes to read its file (22 µs so)."""
    for invisible in _INVISIBLE:
        text = text.replace(invisible, "")
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    wide = (codes >= _FULL_WIDTH_FIRST) & (codes <= _FULL_WIDTH_LAST)
    if not wide.any():
        return text
    return np.where(wide, codes - _FULL_WIDTH_SHIFT, codes).tobytes().decode("utf-32-le", "surrogatepass")


def report_id_of(text: str) -> str:
    """Stable id of a document: a hash of its text with width and white space folded."""
    return hashlib.sha256("".join(fold_width(text).split()).encode("utf-8")).hexdigest()[:16]


class InputPath(NamedTuple):
    """One path below the input folder, as listed (nothing read yet). A named tuple: a frozen
    dataclass is built field by field through object.__setattr__, and a walk makes 100,000."""

    rel: str                     # relative to the input folder, '/'-separated
    kind: str                    # 'file' (to read) or a reason code of a path that is not read
    size: int | None = None
    mtime_ns: int | None = None
    stat_key: str | None = None  # size, mtime, ctime, inode: any write changes it
    detail: str | None = None


_NOT_READ = {
    "HIDDEN": (SKIPPED, "hidden file (its name or a folder above it starts with '.')"),
    "BROKEN_SYMLINK": (QUARANTINED, "broken symbolic link: its target does not exist"),
    "SYMLINK_TO_FOLDER": (SKIPPED, "symbolic link to a folder: not followed"),
    "NOT_A_REGULAR_FILE": (SKIPPED, "not a regular file (a pipe, socket or device)"),
    "UNREADABLE_FOLDER": (QUARANTINED, "unreadable folder: its files could not be listed"),
    "UNREADABLE": (QUARANTINED, "unreadable file"),
    "TOO_LARGE": (QUARANTINED, "too large to be one report"),
}


def _stat_key(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def walk_inputs(input_dir: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[InputPath]:
    """Every path below `input_dir` in sorted order (folders only when they cannot be listed)."""
    def walk(folder: str, rel: str, hidden: bool) -> Iterator[InputPath]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if rel:
                yield InputPath(rel, "UNREADABLE_FOLDER", detail=exc.strerror)
                return
            raise
        for entry in entries:
            entry_rel = f"{rel}/{entry.name}" if rel else entry.name
            entry_hidden = hidden or entry.name.startswith(".")
            try:
                if entry.is_dir(follow_symlinks=False):
                    yield from walk(entry.path, entry_rel, entry_hidden)
                    continue
                yield _classify(entry, entry_rel, entry_hidden, max_bytes)
            except OSError as exc:
                yield InputPath(entry_rel, "UNREADABLE", detail=exc.strerror)

    yield from walk(str(input_dir), "", False)


def _classify(entry: os.DirEntry, rel: str, hidden: bool, max_bytes: int) -> InputPath:
    if entry.is_symlink():
        try:
            st = os.stat(entry.path)
        except FileNotFoundError:
            return InputPath(rel, "BROKEN_SYMLINK", detail=os.readlink(entry.path))
        except OSError as exc:  # a loop of links, a target in an unreadable folder
            return InputPath(rel, "BROKEN_SYMLINK", detail=exc.strerror)
        if stat.S_ISDIR(st.st_mode):
            return InputPath(rel, "SYMLINK_TO_FOLDER", detail=os.readlink(entry.path))
    else:
        st = entry.stat(follow_symlinks=False)
    key = _stat_key(st)
    if hidden:
        return InputPath(rel, "HIDDEN", st.st_size, st.st_mtime_ns, key)
    if not stat.S_ISREG(st.st_mode):
        return InputPath(rel, "NOT_A_REGULAR_FILE", None, st.st_mtime_ns, key)
    if st.st_size > max_bytes:
        return InputPath(rel, "TOO_LARGE", st.st_size, st.st_mtime_ns, key,
                         detail=f"{st.st_size:,} bytes, the limit is {max_bytes:,}")
    return InputPath(rel, "file", st.st_size, st.st_mtime_ns, key)


def _row(p: InputPath, **values) -> dict:
    row = dict.fromkeys(RAW_SCHEMA)
    row.update(source_path=p.rel, size_bytes=p.size, mtime_ns=p.mtime_ns, stat_key=p.stat_key)
    row.update(values)
    return row


def unread_row(p: InputPath) -> dict:
    """The raw row of a path that is not read (hidden, a broken link, too large, ...)."""
    status, reason = _NOT_READ[p.kind]
    return _row(p, status=status, reason_code=p.kind, reason=f"{reason} ({p.detail})" if p.detail else reason)


def several_reports(text: str) -> str | None:
    """Why a text holds more than one report, or None."""
    overviews = len(_OVERVIEW_HEADING.findall(text)) if text.count("总体情况") > 1 else 0
    if overviews > 1:
        return f"{overviews} '总体情况' sections: several reports in one file"
    titles = [m.start() for m in _TITLE_AFTER.finditer(text)]
    if len(titles) < 2:
        return None
    lines = len(_TITLE_LINE.findall(text)) if len(titles) > MAX_TITLE_LINES else 0
    if lines > MAX_TITLE_LINES:
        return f"{lines} report title lines: several reports in one file"
    years = set()
    for start in titles:  # the year written just before each title, outside link lines
        year = _YEAR_BEFORE_TITLE.search(text, max(0, start - 24), start)
        if year and not _LINK_LINE.search(text, text.rfind("\n", 0, start) + 1, _line_end(text, start)):
            years.add(year.group(1))
    years = sorted(years)
    if len(years) > 1:
        return f"report titles of {len(years)} years ({', '.join(years)}): several reports in one file"
    return None


def not_one_report(text: str) -> tuple[str, str] | None:
    """(reason code, reason) when a plain text cannot be one report: longer than any report,
    or several reports in one file; None when it can."""
    if len(text) > MAX_TEXT_CHARS:
        return "TOO_LARGE", (f"{_NOT_READ['TOO_LARGE'][1]} ({len(text):,} characters of text, "
                             f"the limit is {MAX_TEXT_CHARS:,})")
    several = several_reports(text)
    return ("SEVERAL_REPORTS", several) if several else None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def read_report_file(input_dir: str, p: InputPath) -> dict:
    """Read, hash and decode one file (pure apart from reading it: runs in worker processes)."""
    try:
        with open(os.path.join(input_dir, p.rel), "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return _row(p, status=QUARANTINED, reason_code="UNREADABLE", reason=f"unreadable file: {exc.strerror}")
    intake = read_input(data)
    row = _row(p, size_bytes=len(data), content_hash=content_hash(data), encoding=intake.encoding,
               text=intake.text, status=intake.status, reason=intake.reason,
               reason_code=reason_code_of(intake.reason), note=intake.note, format=intake.format,
               content=intake.content)
    if intake.status == OK:
        problem = not_one_report(intake.text) if intake.format == TEXT else None
        if problem and problem[0] == "TOO_LARGE":  # its text is not kept: no report comes of it
            row.update(status=QUARANTINED, reason_code=problem[0], reason=problem[1], text=None)
            return row
        row["report_id"] = intake.report_id or report_id_of(intake.text)
        if problem:
            row.update(status=QUARANTINED, reason_code=problem[0], reason=problem[1])
    return row


def raw_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=RAW_SCHEMA, orient="row")


def read_files(items: list[tuple[str, InputPath]]) -> pl.DataFrame:
    """The raw rows of a chunk of (input folder, path) as one frame, made in a worker process
    (columns travel back, not dicts). A worker imports the module of the function it runs: here
    that is the extractor, which its fork server preloads; in orchestration/ it was Dagster too,
    0.9 s before a worker read its first file."""
    return raw_frame([read_report_file(input_dir, p) if p.kind == "file" else unread_row(p) for input_dir, p in items])


_REASON_CODES = (("empty", "EMPTY"), ("binary content", "BINARY"), ("undecodable", "UNDECODABLE"),
                 ("not a report", "NOT_A_REPORT"), ("unsupported format", "UNSUPPORTED_FORMAT"))


def reason_code_of(reason: str | None) -> str | None:
    """The code of a reader's reason (the readers word their reasons; the code is for counting)."""
    if reason is None:
        return None
    return next((code for start, code in _REASON_CODES if reason.startswith(start)), "NOT_A_REPORT")


def read_inbox(input_dir: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> pl.DataFrame:
    """One row per path below `input_dir`, in one process (small folders, tests); duplicates are
    marked as in the warehouse: the oldest file of a report is kept."""
    rows = [read_report_file(str(input_dir), p) if p.kind == "file" else unread_row(p)
            for p in walk_inputs(input_dir, max_bytes)]
    return mark_duplicates(pl.DataFrame(rows, schema=RAW_SCHEMA, orient="row"))


def mark_duplicates(frame: pl.DataFrame, failures: dict[str, tuple[str, str]] | None = None) -> pl.DataFrame:
    """Of the files holding one report, the oldest (then the first path) is kept and the others are
    quarantined as its duplicates; a kept report whose extraction failed (`failures`: report_id ->
    (reason code, reason)) is quarantined with that reason. Only the status columns change."""
    failures = failures or {}
    failed = pl.DataFrame({"report_id": list(failures), "_code": [c for c, _ in failures.values()],
                           "_why": [r for _, r in failures.values()]},
                          schema={"report_id": pl.String, "_code": pl.String, "_why": pl.String})
    candidates = (frame.filter(pl.col("report_id").is_not_null()
                               & (pl.col("status").eq(OK) | pl.col("reason_code").eq("DUPLICATE")
                                  | pl.col("report_id").is_in(failed["report_id"].implode())))
                  .sort(["mtime_ns", "source_path"], nulls_last=True)
                  .with_columns(pl.col("source_path").first().over("report_id").alias("_kept"))
                  .join(failed, on="report_id", how="left"))
    duplicate = pl.col("_kept") != pl.col("source_path")
    updates = candidates.select(
        "source_path",
        status=pl.when(duplicate | pl.col("_code").is_not_null()).then(pl.lit(QUARANTINED)).otherwise(pl.lit(OK)),
        reason_code=pl.when(duplicate).then(pl.lit("DUPLICATE")).otherwise(pl.col("_code")),
        reason=pl.when(duplicate).then(pl.lit("duplicate: same report as ") + pl.col("_kept"))
        .otherwise(pl.col("_why")),
        duplicate_of=pl.when(duplicate).then(pl.col("_kept")),
    )
    return frame.update(updates, on="source_path", how="left", include_nulls=True)


def has_input_files(input_dir: Path) -> bool:
    """True when a build would read some path (hidden ones aside); the walk stops at the first."""
    return any(p.kind != "HIDDEN" for p in walk_inputs(input_dir))
