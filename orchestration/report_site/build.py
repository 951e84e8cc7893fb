"""Write the site into a folder, atomically and incrementally: only pages whose content changed
are rendered again.

Every page has a fingerprint: a hash, computed by DuckDB, of the rows it is made from (a report's
summary row, its findings and whether the reports they point to exist, the build that extracted
it; a county's reports; a file's raw row), the input folder and the site's own code. The site
keeps them in `.pages.parquet`. A new site is made in a sibling folder. In a build (`staged`) that
folder holds only the pages rendered and the list of pages to remove, and the build's commit
merges it into the published site (orchestration/files.merge_into_folder). Otherwise a page whose
fingerprint is that of the previous site is hard-linked from it (no rendering, no copy), the
others are rendered, and the folder is swapped in: readers see the previous site or the new one.
Pages are never written in place, so a page of the previous site is never touched.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
from pebble import ProcessPool

from orchestration.files import keep_file, mark_changes_only, swap_in_folder
from orchestration.memory import release_free_memory
from orchestration.report_site import data as site_data
from orchestration.report_site import pages
from orchestration.workers import default_workers, fork_server, release_fork_server

ASSETS = Path(__file__).resolve().parent / "assets"
MANIFEST = ".pages.parquet"
PAGE_FOLDERS = ("counties", "reports", "files")  # the pages the manifest records live in these
PARALLEL_FROM = 2_000          # report pages to render from which a pool of processes renders them
# DuckDB's bound while the site reads its rows: at 100,000 reports no slower than 300MB, and the
# build's peak about 100 MiB lower; while the renderers run, 16MB (its queries are done)
SITE_MEMORY_LIMIT = os.environ.get("OGI_SITE_MEMORY_LIMIT", "100MB")
WORKER_MEMORY_LIMIT = "64MB"  # DuckDB's, in each rendering process (one thread): a cache beyond a batch's rows buys nothing
# a rendering process is replaced after this many batches of pages: a long-lived one grew by a
# third over 50 batches (allocator fragments), a new one costs a fork
BATCHES_PER_WORKER = 20
MANIFEST_SCHEMA = {"page": pl.String, "fingerprint": pl.String, "bytes": pl.Int64}


@dataclass(frozen=True)
class SiteStats:
    index: Path
    pages: int
    bytes: int
    seconds: float
    rendered: int = 0      # pages rendered by this build (the others were kept from the previous site)


def site_version(input_dir: Path | None) -> str:
    """The site's code and assets, the folder files are linked into, and DuckDB's version (whose
    hash() the fingerprints use): a change renders every page."""
    digest = hashlib.sha256(f"{input_dir}|{duckdb.__version__}".encode())
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("*.py"), *ASSETS.iterdir()]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def page_fingerprints(con: duckdb.DuckDBPyConnection, data: site_data.SiteData, salt: str) -> pl.DataFrame:
    """(page, fingerprint) of every report, county and file page."""
    parts = []
    rel = data.relations
    if data.reports.height:
        # a sum of the rows' hashes: independent of order, so DuckDB keeps two numbers per report
        # instead of every finding's text (an ordered string_agg held them all: out of memory);
        # hash() of the rows, not md5 of their text: 40 times faster (2.7 s at 100,000 reports);
        # hashed twice and summed (bi_copy.CONTENT_DIGEST says why)
        findings = ("""left join (
                select q.report_id, sum(hash(hash(q, k.report_id is not null)))::varchar as h
                from marts.quality_findings as q left join marts.report_summary as k on k.report_id = q.detail_ref
                where q.report_id is not null group by q.report_id) as f using (report_id)"""
                    if "marts.quality_findings" in rel else "left join (select null as report_id, '' as h) f using (report_id)")
        deadline = ("left join marts.dim_year as y on y.report_year = s.report_year"
                    if "marts.dim_year" in rel else "left join (select null::int as statutory_deadline) as y on false")
        reports = con.sql(f"""
            select s.report_id, coalesce(s.county, ?) as county_key,
                   md5(concat_ws('|', ?, hash(s, y.statutory_deadline, r.build_id)::varchar,
                                 coalesce(f.h, ''))) as fingerprint
            from marts.report_summary as s join staging.reports as r using (report_id) {deadline} {findings}
            order by s.report_id""", params=[site_data.NO_COUNTY, salt]).pl()
        parts.append(reports.select(pl.lit("reports/") + pl.col("report_id") + pl.lit(".html"), "fingerprint")
                     .rename({"literal": "page"}))
        # a county page shows its reports and the townships the county should have
        townships = pl.DataFrame(schema={"county_key": pl.String, "townships": pl.String})
        if _has_townships(data):
            townships = (data.townships.group_by(pl.col("county").alias("county_key"))
                         .agg(pl.col("township").sort().str.join("|").alias("townships")))
        counties = (reports.group_by("county_key")
                    .agg(pl.col("fingerprint").sort().str.join("|"))
                    .join(townships, on="county_key", how="left")
                    .with_columns(pl.col("county_key").map_elements(pages.county_href, return_dtype=pl.String)
                                  .alias("page"),
                                  (pl.col("fingerprint") + pl.lit("|") + pl.col("townships").fill_null("")
                                   + pl.lit(salt))
                                  .map_elements(lambda s: hashlib.sha256(s.encode()).hexdigest(), return_dtype=pl.String)))
        parts.append(counties.select("page", "fingerprint"))
    if data.files.height:
        summary = "marts.report_summary" if "marts.report_summary" in rel else \
            "(select null::varchar as report_id, null::varchar as source_path)"
        columns = [c for c in data.files.columns]
        files = con.sql(f"""
            select f.source_path,
                   md5(concat_ws('|', ?, {', '.join(f"coalesce(cast(f.{c} as varchar), '∅')" for c in columns)},
                                 coalesce(s.source_path, '∅'))) as fingerprint
            from raw.raw_reports as f left join {summary} as s on s.report_id = f.report_id
            where f.status <> 'ok'""", params=[salt]).pl()
        parts.append(files.select(pl.col("source_path").map_elements(pages.file_href, return_dtype=pl.String)
                                  .alias("page"), "fingerprint"))
    return pl.concat(parts) if parts else pl.DataFrame(schema={"page": pl.String, "fingerprint": pl.String})


def _has_townships(data: site_data.SiteData) -> bool:
    return data.townships is not None and {"county", "township"} <= set(data.townships.columns)


def _pages_in(site: Path) -> set[str]:
    """The pages of the folders of a published site (one listing each: no stat per page)."""
    pages = set()
    for sub in PAGE_FOLDERS:
        with contextlib.suppress(OSError):
            pages.update(f"{sub}/{name}" for name in os.listdir(site / sub))
    return pages


def _previous_manifest(previous: Path | None) -> pl.DataFrame:
    """(page, fingerprint, bytes) of the previous site's pages."""
    if previous is not None and (previous / MANIFEST).is_file():
        try:
            return pl.read_parquet(previous / MANIFEST, columns=list(MANIFEST_SCHEMA)).cast(MANIFEST_SCHEMA)
        except (OSError, pl.exceptions.PolarsError):
            pass  # unreadable: every page is rendered
    return pl.DataFrame(schema=MANIFEST_SCHEMA)


def _unchanged_pages(fingerprints: pl.DataFrame, old: pl.DataFrame, present: set[str]) -> pl.DataFrame:
    """(page, bytes) of the pages whose fingerprint is the one the previous site recorded and
    that it still has (a join: at 100,000 pages a loop over dicts took 0.6 s)."""
    return (fingerprints.join(old, on=["page", "fingerprint"], how="inner")
            .filter(pl.col("page").is_in(pl.Series(list(present), dtype=pl.String).implode()))
            .select("page", "bytes"))


def render_reports(con: duckdb.DuckDBPyConnection, relations: set[str], summaries: dict[str, dict], folder: Path,
                   input_dir: Path | None, ranges: site_data.RowRanges | None = None) -> dict[str, int]:
    """Write the pages of the reports of `summaries` (report_id -> report_summaries row) into
    `folder`; returns page -> bytes. `ranges`: of these reports' rows, when they are one batch
    (site_data.batch_row_ranges)."""
    sizes = {}
    for rid, d in site_data.report_details(con, relations, summaries, ranges=ranges):
        report = {**d.summary, **{k: v for k, v in d.header.items() if k != "clean_text"}}
        page = f"reports/{rid}.html"
        encoded = pages.report_page(report, d.findings, d.cells, d.facts, d.sections, d.header.get("clean_text"),
                                    input_dir, d.known).encode("utf-8")
        (folder / page).write_bytes(encoded)
        sizes[page] = len(encoded)
    return sizes


def _in_written_order(con: duckdb.DuckDBPyConnection, relations: set[str], report_ids: list[str]) -> list[str]:
    """The reports in the order staging.reports holds them (as they were written, their rows in
    every table too): batches of them span few rows of each (site_data.batch_row_ranges)."""
    wanted = pl.DataFrame({"report_id": report_ids}, schema={"report_id": pl.String})
    con.register("wanted_reports", wanted.to_arrow())
    try:
        ordered = [rid for (rid,) in con.execute(
            "select report_id from staging.reports where report_id in (select report_id from wanted_reports) "
            "order by rowid").fetchall()] if "staging.reports" in relations else []
    finally:
        con.unregister("wanted_reports")
    return ordered + sorted(set(report_ids) - set(ordered))  # any not in staging.reports: last


def _summaries_of(reports: pl.DataFrame, report_ids: list[str]) -> dict[str, dict]:
    """report_id -> its row of the site's report summaries, for these reports."""
    rows = reports.filter(pl.col("report_id").is_in(pl.Series(report_ids, dtype=pl.String).implode()))
    return {row["report_id"]: row for row in rows.iter_rows(named=True)}


def _render_reports_in_worker(database: str, summaries: dict[str, dict], folder: str, input_dir: Path | None,
                              ranges: site_data.RowRanges) -> dict[str, int]:
    con = duckdb.connect(database, read_only=True, config={"memory_limit": WORKER_MEMORY_LIMIT, "threads": 1})
    try:
        return render_reports(con, site_data.existing_relations(con), summaries, Path(folder), input_dir, ranges)
    finally:
        con.close()


@contextlib.contextmanager
def _duckdb_memory(con: duckdb.DuckDBPyConnection, limit: str):
    """Bound `con`'s DuckDB memory to `limit` while the block runs, and give the process's free
    memory back (DuckDB evicts its cache only down to its bound)."""
    before = con.execute("select current_setting('memory_limit')").fetchall()[0][0]
    con.execute(f"set memory_limit = '{limit}'")
    release_free_memory()
    try:
        yield
    finally:
        con.execute(f"set memory_limit = '{before}'")


def _database_file(con: duckdb.DuckDBPyConnection) -> str | None:
    """The file behind `con` when it is read-only (worker processes may then open it too)."""
    rows = con.execute("select path, readonly from duckdb_databases() where database_name = current_database()"
                       ).fetchall()
    return rows[0][0] if rows and rows[0][0] and rows[0][1] else None


def write_site(con: duckdb.DuckDBPyConnection, out_dir: Path, input_dir: Path | None = None,
               warehouse_label: str = "the warehouse", previous: Path | None = None,
               others: Callable[[], object] | None = None, staged: bool = False) -> SiteStats:
    """Build the site from the warehouse behind `con` into `out_dir` (swapped in whole at the end),
    reusing the pages of `previous` (default: `out_dir` itself) that did not change.

    `staged`: `out_dir` is merged into `previous` by the build's commit (files.merge_into_folder):
    it then holds only the pages rendered, and the list of pages to remove, instead of links to
    every unchanged page of `previous` (at 100,000 reports, 3 s of links and 1 s to delete them).

    DuckDB is bounded to SITE_MEMORY_LIMIT while the site reads, and to 16MB while renderer
    processes run. `others`: waits for the caller's other threads that use the same DuckDB
    meanwhile; the bound is then theirs until renderer processes start, which wait for them (at
    100,000 new pages the build's peak stays under 1.5 GB)."""
    input_dir = Path(input_dir).resolve() if input_dir is not None else None  # pages link files below it
    with _duckdb_memory(con, SITE_MEMORY_LIMIT) if others is None else contextlib.nullcontext():
        return _write_site(con, out_dir, input_dir, warehouse_label, previous, others, staged)


def _write_site(con: duckdb.DuckDBPyConnection, out_dir: Path, input_dir: Path | None, warehouse_label: str,
                previous: Path | None, others: Callable[[], object] | None, staged: bool) -> SiteStats:
    started = time.perf_counter()
    out_dir = Path(out_dir)
    previous = Path(previous) if previous is not None else out_dir
    partial = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for sub in ("assets", *PAGE_FOLDERS):
        (partial / sub).mkdir(parents=True)
    for asset in ASSETS.iterdir():
        shutil.copyfile(asset, partial / "assets" / asset.name)

    data = site_data.load(con)
    fingerprints = page_fingerprints(con, data, site_version(input_dir))
    old = _previous_manifest(previous)
    sizes: dict[str, int] = {}  # page -> bytes, of the pages rendered

    def write(rel: str, text: str) -> None:
        nonlocal rendered
        encoded = text.encode("utf-8")
        (partial / rel).write_bytes(encoded)
        sizes[rel] = len(encoded)
        rendered += 1

    kept = _unchanged_pages(fingerprints, old, _pages_in(previous) if old.height else set())
    # merged by the commit when some pages stay: those are left where they are; a site rendered
    # whole (a new site version) replaces the old folder, files the record does not know included
    merge = staged and kept.height > 0
    if not merge:
        before, after = f"{previous}{os.sep}", f"{partial}{os.sep}"  # strings: 100,000 Path objects cost seconds
        lost = [page for page in kept["page"].to_list() if not keep_file(before + page, after + page)]
        kept = kept.filter(~pl.col("page").is_in(pl.Series(lost, dtype=pl.String).implode()))
    todo = set(fingerprints.join(kept, on="page", how="anti")["page"].to_list())
    rendered = 0

    write("index.html", pages.overview(data, dt.datetime.now(), warehouse_label))
    write("reports.html", pages.reports_index(data, con))

    for (county_key,), reports in data.reports.group_by("county_key"):
        if pages.county_href(county_key) not in todo:
            continue
        townships = data.townships.filter(pl.col("county") == county_key).select("township") \
            if _has_townships(data) else None
        write(pages.county_href(county_key), pages.county_page(county_key, reports, townships))

    # Report pages: their rows read 1,000 reports at a time; many pages are rendered by a pool of
    # processes that open the warehouse read-only (rendering is pure Python: one core each).
    render = [rid for rid in data.reports["report_id"].to_list() if f"reports/{rid}.html" in todo] \
        if data.reports.height else []
    database = _database_file(con)
    workers = default_workers() if len(render) >= PARALLEL_FROM and database else 1
    if workers > 1:
        ids = _in_written_order(con, data.relations, render)
        batches = [ids[i:i + site_data.DETAIL_BATCH] for i in range(0, len(ids), site_data.DETAIL_BATCH)]
        ranges = site_data.batch_row_ranges(con, data.relations, batches)
        # pebble replaces a worker after its batches (ProcessPoolExecutor's max_tasks_per_child
        # hangs on 3.11 when it replaces one)
        if others is not None:
            others()
        context = fork_server([__name__])  # renderers start warm, without the extractor
        try:
            with _duckdb_memory(con, "16MB"), ProcessPool(workers, max_tasks=BATCHES_PER_WORKER,
                                                          context=context) as pool:
                # a few batches in flight: each carries its reports' summary rows
                todo_batches, jobs = iter(zip(batches, ranges, strict=True)), deque()

                def schedule_next() -> None:
                    following = next(todo_batches, None)
                    if following is not None:
                        batch, rows = following
                        jobs.append(pool.schedule(_render_reports_in_worker, args=(
                            database, _summaries_of(data.reports, batch), str(partial), input_dir, rows)))

                for _ in range(2 * workers):
                    schedule_next()
                while jobs:
                    written = jobs.popleft().result()
                    sizes.update(written)
                    rendered += len(written)
                    schedule_next()
        finally:
            release_fork_server()
    else:
        written = render_reports(con, data.relations, _summaries_of(data.reports, render), partial, input_dir)
        sizes.update(written)
        rendered += len(written)

    files = [f for f in data.files.iter_rows(named=True) if pages.file_href(f["source_path"]) in todo]
    if files and data.reports.height:
        # the reports these files are copies of: not a dict of every report (0.1 s at 100,000)
        ids = pl.Series([f["report_id"] for f in files], dtype=pl.String)
        path_of = dict(data.reports.filter(pl.col("report_id").is_in(ids.implode())).select("report_id", "source_path").iter_rows())
    else:
        path_of = {}
    known = set(path_of)
    for f in files:
        write(pages.file_href(f["source_path"]), pages.file_page(f, input_dir, known, path_of.get(f["report_id"])))

    sized = pl.concat([kept, pl.DataFrame({"page": list(sizes), "bytes": list(sizes.values())},
                                          schema=kept.schema)])
    manifest = fingerprints.join(sized, on="page", how="left", maintain_order="left")
    manifest.write_parquet(partial / MANIFEST)
    if merge:
        mark_changes_only(partial, removed=sorted(old.join(fingerprints, on="page", how="anti")["page"].to_list()))

    swap_in_folder(partial, out_dir)
    return SiteStats(index=out_dir / "index.html", pages=fingerprints.height + 2,
                     bytes=(kept["bytes"].sum() or 0) + sum(sizes.values()), seconds=time.perf_counter() - started, rendered=rendered)
