"""Write the site into a folder, atomically: readers see the previous site or the new one."""
from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from orchestration.report_site import data as site_data
from orchestration.report_site import pages

ASSETS = Path(__file__).resolve().parent / "assets"
TEXT_BATCH = 500


@dataclass(frozen=True)
class SiteStats:
    index: Path
    pages: int
    bytes: int
    seconds: float


class _ByReport:
    """A frame's rows per report as zero-copy slices of the frame sorted by report (no copies)."""

    def __init__(self, frame: pl.DataFrame):
        self.frame = frame.sort("report_id", maintain_order=True) if frame.height else frame
        self.spans: dict[str, tuple[int, int]] = {}
        if frame.height:
            offset = 0
            for report_id, length in self.frame.group_by("report_id", maintain_order=True).len().iter_rows():
                self.spans[report_id] = (offset, length)
                offset += length

    def rows(self, report_id: str) -> list[dict]:
        span = self.spans.get(report_id)
        return self.frame.slice(*span).to_dicts() if span else []


def write_site(con: duckdb.DuckDBPyConnection, out_dir: Path, input_dir: Path | None = None,
               warehouse_label: str = "the warehouse") -> SiteStats:
    """Build every page from the warehouse behind `con` into `out_dir` (replaced whole at the end)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    partial = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for sub in ("assets", "counties", "reports", "files"):
        (partial / sub).mkdir(parents=True)
    for asset in ASSETS.iterdir():
        shutil.copyfile(asset, partial / "assets" / asset.name)

    data = site_data.load(con)
    write = lambda rel, text: (partial / rel).write_text(text, encoding="utf-8")  # noqa: E731
    write("index.html", pages.overview(data, dt.datetime.now(), warehouse_label))
    write("reports.html", pages.reports_index(data))

    township_years = data.township_years
    for (county_key,), reports in data.reports.group_by("county_key"):
        townships = None
        if township_years is not None and {"county", "township"} <= set(township_years.columns):
            townships = township_years.filter(pl.col("county") == county_key).select("township").unique()
        write(pages.county_href(county_key), pages.county_page(county_key, reports, townships))

    # Per report, rows stay columnar until its page is written, and texts are read in batches:
    # memory stays flat whatever the number of reports.
    findings = _ByReport(data.findings.filter(pl.col("report_id").is_not_null()
                                              & (pl.col("check_code") != "QUARANTINE")))
    cells, facts, sections = (_ByReport(f) for f in (data.cells, data.facts, data.sections))
    known = set(data.reports["report_id"].to_list()) if data.reports.height else set()
    failing = set(data.findings.filter(pl.col("outcome") == "FAIL")["report_id"].drop_nulls().to_list())
    reports = list(data.reports.iter_rows(named=True))
    for start in range(0, len(reports), TEXT_BATCH):
        batch = reports[start:start + TEXT_BATCH]
        texts = dict(data.clean_texts(con, [r["report_id"] for r in batch if r["report_id"] in failing]))
        for report in batch:
            rid = report["report_id"]
            write(f"reports/{rid}.html", pages.report_page(
                report, findings.rows(rid), cells.rows(rid), facts.rows(rid), sections.rows(rid),
                texts.get(rid), input_dir, known))

    path_of = {r["report_id"]: r["source_path"] for r in reports}
    for f in data.files.filter(pl.col("status") != "ok").iter_rows(named=True):
        write(pages.file_href(f["source_path"]), pages.file_page(f, input_dir, known, path_of.get(f["report_id"])))

    if out_dir.exists():
        stale = out_dir.with_name(out_dir.name + ".old")
        shutil.rmtree(stale, ignore_errors=True)
        out_dir.rename(stale)
        partial.rename(out_dir)
        shutil.rmtree(stale, ignore_errors=True)
    else:
        partial.rename(out_dir)
    files = [p for p in out_dir.rglob("*") if p.is_file()]
    return SiteStats(index=out_dir / "index.html", pages=sum(p.suffix == ".html" for p in files),
                     bytes=sum(p.stat().st_size for p in files), seconds=time.perf_counter() - started)
