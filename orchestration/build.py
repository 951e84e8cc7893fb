"""How a build runs: one at a time per warehouse, on a copy, swapped in only when it passed.

    lock  ->  finish a commit a killed build left half done  ->  nothing changed? stop here
          ->  copy the warehouse to a hidden sibling file (copy-on-write of the previous state)
          ->  materialize the asset graph against the copy, publishing into reports/.next/
          ->  every blocking check passed: commit (warehouse file, BI copy, HTML report)
              otherwise: keep the copy as <warehouse>.failed for inspection, publish nothing

The commit is a journal of renames: written atomically first, then carried out; a build killed
between two renames leaves the journal, and the next build (or reader of the lock) finishes it.
So a failed or killed build leaves the previous warehouse, BI copy and report as they were, and
readers of the warehouse (read-only) keep the file they opened: a rename does not disturb them.
The HTML report is the exception to whole-folder renames: its changed pages are renamed into the
published folder one by one (each page is the old one or the new one, pages first, indexes after).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from orchestration.files import clone_file, holds_changes_only, merge_into_folder
from orchestration.paths import PROJECT_ROOT

# Nothing heavy at import: `ogi --help` imports this module and must answer at once.

DBT_DIR = PROJECT_ROOT / "dbt_project"
MANIFEST = DBT_DIR / "target" / "manifest.json"
KEEP_LOGS = 20
PIPELINE_SOURCES = [("extract", "**/*"), ("expectations", "*.py"), ("orchestration", "*.py"),
                     ("dbt_project", "models/**/*"), ("dbt_project", "macros/**/*"), ("dbt_project", "tests/**/*"),
                     ("dbt_project", "seeds/**/*"), ("dbt_project", "*.yml")]


def ensure_dbt_manifest() -> None:
    """Parse the dbt project when its manifest is missing or older than a model (never at import)."""
    sources = [p for p in DBT_DIR.rglob("*") if p.suffix in (".sql", ".yml", ".yaml", ".csv")
               and "target" not in p.parts and "logs" not in p.parts]
    if MANIFEST.exists() and all(p.stat().st_mtime <= MANIFEST.stat().st_mtime for p in sources):
        return
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run([str(dbt), "parse", "--quiet"], cwd=DBT_DIR, check=True,
                   env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})


@dataclass(frozen=True)
class BuildPaths:
    """Every file a build of `warehouse` writes, beside it."""

    warehouse: Path

    def _sibling(self, suffix: str, hidden: bool = False) -> Path:
        return self.warehouse.with_name(("." if hidden else "") + self.warehouse.name + suffix)

    @property
    def lock(self) -> Path:
        return self._sibling(".lock")

    @property
    def next(self) -> Path:
        return self._sibling(".next", hidden=True)

    @property
    def failed(self) -> Path:
        return self._sibling(".failed")

    @property
    def superseded(self) -> Path:
        """A second name of the warehouse a commit replaces: its blocks are freed when this name
        goes, beside the summary, not inside the commit's rename (1.1 s for 1.5 GB on ext4)."""
        return self._sibling(".superseded", hidden=True)

    @property
    def journal(self) -> Path:
        return self._sibling(".commit", hidden=True)

    @property
    def dbt_target(self) -> Path:
        return self._sibling(".dbt-target", hidden=True)

    @property
    def dbt_parse(self) -> Path:
        return self._sibling(".dbt-parse.msgpack", hidden=True)

    @property
    def reports(self) -> Path:
        return self.warehouse.parent / "reports"

    @property
    def staged_reports(self) -> Path:
        return self.reports / ".next"

    @property
    def logs(self) -> Path:
        return self.reports / "logs"


@dataclass
class BuildOutcome:
    success: bool
    message: str = ""                 # one sentence for people
    skipped: bool = False             # nothing changed: nothing was built
    failed_steps: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    log_path: Path | None = None
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """What this build did, in a few lines (the warehouse's contents are in `summary`)."""
        out = [self.message] if self.message else []
        s = self.stats
        if "files" in s:
            out.append(f"input: {s['files']} paths ({s['new']} new, {s['changed']} changed, {s['unchanged']} unchanged, "
                       f"{s['removed']} removed)")
            for path in s.get("removed_paths", [])[:10]:
                out.append(f"  removed, its rows deleted: {path}")
        if "reports_extracted" in s:
            failed = s.get("reports_failed") or {}
            out.append(f"extraction: {s['reports_extracted']} reports extracted, {s['reports_kept']} kept from the last "
                       f"build, {s['reports_removed']} removed"
                       + (" · guard: " + ", ".join(f"{k} {v}" for k, v in sorted(failed.items())) if failed else ""))
        if self.stage_seconds:
            out.append("stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.stage_seconds.items()))
        return out


class BuildRefused(Exception):
    """A build that cannot start; the message says why in one sentence."""


# --- the commit journal ---------------------------------------------------------------------------

def _write_atomically(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


_TRASH = ".trash-"


def _replace(src: Path, dst: Path) -> None:
    """Rename src over dst; a folder it replaces is renamed aside to a `.trash-` sibling of its
    own (deleted after the lock is released: removing a site of 100,000 pages takes seconds, a
    rename does not). Not into a shared trash folder: a build emptying it after its lock could
    remove that folder between another build's mkdir and rename, failing that commit midway."""
    if src.is_dir() and not src.is_symlink():
        if dst.exists():
            os.replace(dst, dst.with_name(f"{_TRASH}{dst.name}-{uuid.uuid4().hex[:8]}"))
        os.replace(src, dst)
    else:
        os.replace(src, dst)


def empty_trash(paths: BuildPaths) -> None:
    """Delete what commits replaced (no lock needed: nothing writes into a folder once it is
    trash; `.trash` is the shared folder of earlier versions)."""
    for old in paths.reports.glob(".trash*"):
        shutil.rmtree(old, ignore_errors=True)


def finish_commit(paths: BuildPaths) -> bool:
    """Carry out the renames of a written journal (idempotent: a done rename is skipped)."""
    from orchestration.state import failpoint

    if not paths.journal.exists():
        return False
    for i, (src, dst, *how) in enumerate(json.loads(paths.journal.read_text(encoding="utf-8"))):
        if how == ["merge"]:
            if os.path.isdir(src):  # kept until the journal is done: a merge is carried out again
                merge_into_folder(Path(src), Path(dst))
        elif os.path.lexists(src):
            _replace(Path(src), Path(dst))
        if i == 0:
            failpoint("commit")
    paths.journal.unlink()
    shutil.rmtree(paths.staged_reports, ignore_errors=True)
    return True


def commit(paths: BuildPaths) -> None:
    # the build's clean-up removed any earlier second name; where hard links fail, the rename frees the file
    with contextlib.suppress(OSError):  # no warehouse yet, or no hard links on this file system
        os.link(paths.warehouse, paths.superseded)
    renames = [[str(paths.next), str(paths.warehouse)]]
    if paths.staged_reports.is_dir():
        # a folder that holds only its changes (the site) is merged into the published one
        renames += [[str(entry), str(paths.reports / entry.name), *(["merge"] if holds_changes_only(entry) else [])]
                    for entry in sorted(paths.staged_reports.iterdir())]
    _write_atomically(paths.journal, json.dumps(renames))
    finish_commit(paths)


# --- before a build -------------------------------------------------------------------------------

def _clean_leftovers(paths: BuildPaths) -> None:
    """Files of a build that was killed before its commit (we hold the lock: no one else builds)."""
    for leftover in (paths.next, paths.next.with_name(paths.next.name + ".wal"), paths.dbt_target,
                     paths.superseded):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    shutil.rmtree(paths.staged_reports, ignore_errors=True)


def _open_read_only(path: Path):
    """A read-only connection, or one clear sentence when another process holds the file for writing."""
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        pid = re.search(r"PID (\d+)", str(exc))
        raise BuildRefused(
            f"the warehouse {path} is open for writing in another process{f' (PID {pid.group(1)})' if pid else ''}; "
            "close it (readers should open the BI copy, or read_only=True) and build again.") from None


def pipeline_version(input_dir: Path, settings: dict) -> str:
    """Everything a build's output depends on apart from the input files: the code, the dbt
    project, the suites, the settings and the input folder itself."""
    digest = hashlib.sha256(json.dumps({"input": str(input_dir), **settings}, sort_keys=True).encode())
    return sources_digest(PIPELINE_SOURCES, digest)


def sources_digest(sources: list[tuple[str, str]], digest=None) -> str:
    """A hash of the project's files matched by (folder, glob pattern), names and contents."""
    digest = digest or hashlib.sha256()
    for folder, pattern in sources:
        for path in sorted((PROJECT_ROOT / folder).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts and "target" not in path.parts:
                digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def unchanged_since_last_build(con, input_dir: Path, paths: BuildPaths, version: str, max_bytes: int) -> str | None:
    """A sentence when the last build already holds this input with this code, else None.

    A path whose stat is unchanged is not read; a touched file is hashed and compared, so a
    change of content is always seen (any write changes ctime)."""
    from extract.decode import content_hash
    from extract.ingest import walk_inputs
    from orchestration.state import read_state
    state = read_state(con)
    if state.get("pipeline_version") != version:
        return None
    if not all((paths.reports / name).exists() for name in json.loads(state.get("published", "[]"))):
        return None
    stored = {p: (k, h) for p, k, h in con.execute(
        "select source_path, stat_key, content_hash from raw.raw_reports").fetchall()}
    files = touched = 0
    for p in walk_inputs(input_dir, max_bytes):
        files += 1
        known = stored.pop(p.rel, None)
        if known is None:
            return None
        if known[0] == p.stat_key:
            continue
        if p.kind != "file" or known[1] is None:
            return None
        try:
            if content_hash((input_dir / p.rel).read_bytes()) != known[1]:
                return None
        except OSError:
            return None
        touched += 1
    if stored:
        return None
    return (f"nothing changed since the last build ({files} paths"
            + (f", {touched} touched with the same content" if touched else "") + "): nothing to do.")


# --- the build ------------------------------------------------------------------------------------

def _rotate_logs(paths: BuildPaths) -> Path:
    paths.logs.mkdir(parents=True, exist_ok=True)
    for old in sorted(paths.logs.glob("build-*.log"))[:-(KEEP_LOGS - 1)]:
        old.unlink(missing_ok=True)
    log = paths.logs / f"build-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    latest = paths.reports / "build.log"
    tmp = latest.with_name(".build.log.tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(log.relative_to(paths.reports))
    os.replace(tmp, latest)  # build.log always names the latest run's log
    return log


def run_build(input_dir: Path, warehouse_path: Path, *, verbose: bool = False, show_progress: bool = False,
              summarize: Callable[[Path], list[str]] | None = None, workers: int | None = None,
              report_timeout_s: float | None = None, max_file_bytes: int | None = None,
              wait: bool = False, tags: dict[str, str] | None = None) -> BuildOutcome:
    """Build `warehouse_path` from `input_dir`; see the module docstring. Never raises for a
    refused or failed build: the outcome says what happened."""
    from orchestration.memory import limit_malloc_arenas

    limit_malloc_arenas()
    started = time.perf_counter()
    input_dir, paths = Path(input_dir).resolve(), BuildPaths(Path(warehouse_path).resolve())
    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(paths.lock))
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        return BuildOutcome(False, f"another ogi build is writing {paths.warehouse}; this build did not start "
                                   "(run it again when that one has finished).")
    discarding = None
    try:
        outcome = _build_locked(input_dir, paths, verbose, show_progress, workers, report_timeout_s, max_file_bytes,
                                tags or {"ogi/command": "ogi build"})
        discarding = _discard(paths.superseded)
        if summarize and paths.warehouse.exists():
            outcome.summary = summarize(paths.warehouse)  # read under the lock: one consistent state
    except BuildRefused as exc:
        outcome = BuildOutcome(False, str(exc))
    finally:
        if "orchestration.ingestion" in sys.modules:
            sys.modules["orchestration.ingestion"].close_pool()
        shutil.rmtree(paths.dbt_target, ignore_errors=True)
        if discarding is not None:
            discarding.result()
        lock.release()
    empty_trash(paths)  # after the lock: the next build need not wait for it
    outcome.seconds = time.perf_counter() - started
    return outcome


def _build_locked(input_dir: Path, paths: BuildPaths, verbose: bool, show_progress: bool, workers, timeout,
                  max_bytes, tags: dict[str, str]) -> BuildOutcome:
    from extract.ingest import DEFAULT_MAX_FILE_BYTES
    from orchestration import progress
    from orchestration.state import failpoint, write_state

    settings = {"max_file_bytes": max_bytes or int(os.environ.get("OGI_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)),
                "report_timeout_s": timeout or float(os.environ.get("OGI_REPORT_TIMEOUT_S", "5")),
                "document_timeout_s": float(os.environ.get("OGI_DOCUMENT_TIMEOUT_S", "60"))}
    finish_commit(paths)
    _clean_leftovers(paths)
    version = pipeline_version(input_dir, settings)
    stage_seconds: dict[str, float] = {}
    tick, copying = time.perf_counter(), None
    if paths.warehouse.exists():
        con = _open_read_only(paths.warehouse)
        try:
            unchanged = unchanged_since_last_build(con, input_dir, paths, version, settings["max_file_bytes"])
        finally:
            con.close()
        stage_seconds["check for changes"] = time.perf_counter() - tick
        if unchanged:
            return BuildOutcome(True, unchanged, skipped=True, stage_seconds=stage_seconds)
        # the copy is the kernel's work (seconds for a large warehouse on a file system without
        # clones): it runs while this thread imports Dagster and the definitions, which need no copy
        copying = _start_copy(paths)
    from orchestration.memory import long_lived_imports
    from orchestration.resources import Warehouse
    from orchestration.workers import EXTRACTION_PRELOAD, drop_prestarted, prestart_fork_server

    prestart_fork_server(EXTRACTION_PRELOAD)  # warms up the extraction workers' server beside the imports below
    try:
        try:
            with long_lived_imports():
                definitions = _definitions()
        finally:
            if copying is not None:
                tick = time.perf_counter()
                stage_seconds["copy warehouse"] = copying.result()  # raises what the copy raised
                stage_seconds["waiting for the copy"] = time.perf_counter() - tick
        failpoint("after_copy")
        defaults = Warehouse()
        paths.staged_reports.mkdir(parents=True, exist_ok=True)
        build_id = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        warehouse = Warehouse(path=str(paths.next), input_dir=str(input_dir), publish_dir=str(paths.staged_reports),
                              workers=workers if workers is not None else defaults.workers,
                              report_timeout_s=settings["report_timeout_s"], max_file_bytes=settings["max_file_bytes"],
                              document_timeout_s=settings["document_timeout_s"],
                              build_id=build_id, dbt_target_dir=str(paths.dbt_target),
                              dbt_parse_file=str(paths.dbt_parse), progress=show_progress,
                              locked=True)
        progress.enable(show_progress)
        log_path = _rotate_logs(paths)
        with open(log_path, "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            # ERROR, not WARNING: the summary lists each quarantined file once; the run's full log is in the UI
            instance, result = _materialize_all(definitions, warehouse, "INFO" if verbose else "ERROR", tags)
    finally:
        drop_prestarted()  # when no stage got as far as the extraction pool
    try:
        stage_seconds.update(_step_seconds(instance, result))
    finally:
        instance.dispose()  # its event log keeps SQLite engines open: a new instance each build
    stats = _stats(result)
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        checks = _failed_checks(paths.next)
        os.replace(paths.next, paths.failed)
        shutil.rmtree(paths.staged_reports, ignore_errors=True)
        what = ", ".join(failed) or "a blocking check"
        if checks:
            what += f" ({'; '.join(checks)})"
        return BuildOutcome(False, f"FAILED at {what}: the previous warehouse, BI copy and report are unchanged; "
                                   f"this build's warehouse is kept at {paths.failed} for inspection.",
                            failed_steps=failed, stats=stats, log_path=log_path, stage_seconds=stage_seconds)
    tick = time.perf_counter()
    import duckdb

    from orchestration.checks import suites_version
    from orchestration.ingestion import state_version

    con = duckdb.connect(str(paths.next))
    try:
        write_state(con, {"pipeline_version": version, "suites_version": suites_version(),
                          "validated_state_version": state_version(), "build_id": build_id,
                          "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                          "published": json.dumps(sorted(e.name for e in paths.staged_reports.iterdir()))})
    finally:
        con.close()
    failpoint("before_commit")
    commit(paths)
    paths.failed.unlink(missing_ok=True)
    stage_seconds["commit"] = time.perf_counter() - tick
    return BuildOutcome(True, "", stats=stats, log_path=log_path, stage_seconds=stage_seconds)


def _start_copy(paths: BuildPaths) -> Future:
    """Copy the warehouse (and its WAL) to the build's file in a thread; the future's result is
    the seconds the copy took."""
    def copy() -> float:
        _yield_cpu()
        tick = time.perf_counter()
        clone_file(paths.warehouse, paths.next)
        wal = paths.warehouse.with_name(paths.warehouse.name + ".wal")
        if wal.exists():
            clone_file(wal, paths.next.with_name(paths.next.name + ".wal"))
        return time.perf_counter() - tick

    return _in_thread(copy, "copy-warehouse")


def _yield_cpu() -> None:
    """Give the calling thread the lowest CPU priority (Linux schedules each thread on its own).
    The warehouse's copy runs beside the imports and the extraction workers' warm-up: at its
    normal priority it made the imports 1.7-2.9 s slower at 100,000 reports (1.5 GB); at the
    lowest they took their time without it, and the copy still ended first."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def _discard(path: Path) -> Future:
    """Delete `path` in a thread (the result waits for it; a file that stays is removed by the
    next build's clean-up)."""
    def discard() -> None:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    return _in_thread(discard, "discard")


def _in_thread(work: Callable[[], object], name: str) -> Future:
    """Run `work` in a thread of its own; the future's result waits for it."""
    pool = ThreadPoolExecutor(1, thread_name_prefix=name)
    try:
        return pool.submit(work)
    finally:
        pool.shutdown(wait=False)


def _definitions() -> list:
    """Every asset and check of a build (importing them takes seconds: Dagster, dbt, GE)."""
    from orchestration.definitions import all_assets, ge_checks

    return [*all_assets, *ge_checks]


def _materialize_all(definitions: list, warehouse, log_level: str, tags: dict[str, str]):
    from dagster import DagsterInstance, materialize

    from orchestration.dbt_assets import dbt_resource

    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    return instance, materialize(
        definitions,
        instance=instance,
        resources={"warehouse": warehouse, "dbt": dbt_resource()},
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
        tags=tags,
    )


def _step_seconds(instance, result) -> dict[str, float]:
    """Wall time per Dagster step (raw, staging, dbt, each check, publishing)."""
    return {stat.step_key: stat.end_time - stat.start_time for stat in instance.get_run_step_stats(result.run_id)
            if stat.start_time and stat.end_time}


def _stats(result) -> dict:
    stats: dict = {}
    for event in result.all_events:
        if event.event_type_value != "ASSET_MATERIALIZATION":
            continue
        materialization = event.event_specific_data.materialization
        key, meta = materialization.asset_key.to_user_string(), materialization.metadata
        value = {k: getattr(v, "value", v) for k, v in meta.items()}
        if key == "raw/raw_reports":
            stats.update({k: value[k] for k in ("files", "new", "changed", "unchanged", "removed", "read")})
            stats["removed_paths"] = value.get("removed_paths", [])
        elif key == "staging/reports":
            stats.update(reports_extracted=value["reports_extracted"], reports_kept=value["reports_kept"],
                         reports_removed=value["reports_removed"], reports_failed=value.get("reports_failed", {}))
    return stats


def _failed_checks(path: Path) -> list[str]:
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return []
    try:
        return [f"{d}: {e}({c})" for d, e, c in con.execute(
            "select dataset, expectation, column_name from quality.ge_results where not success order by 1, 2")
            .fetchall()]
    except duckdb.Error:
        return []
    finally:
        con.close()
