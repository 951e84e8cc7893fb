"""The per-report guard: a stuck C-level regex is killed at the time bound, an exception or an
implausible result becomes a reason code, and the other reports come back in order."""
from __future__ import annotations

import re
import subprocess
import sys
import time

from extract.guard import extract_chunk
from orchestration.workers import GuardedPool, drop_prestarted, prestart_fork_server
from tests.conftest import INBOX

REPORT = (INBOX / "pingtan/2021_pingtan_zone.txt").read_text(encoding="utf-8")


def stuck_or_square(items: list) -> list:
    """A chunk function: 'stuck' runs a regex that backtracks for hours inside C (no signal
    can interrupt it), 'boom' raises, numbers are squared."""
    out = []
    for item in items:
        if item == "stuck":
            re.match(r"(a+)+$", "a" * 60 + "b")
        if item == "boom":
            raise ValueError("a bug in one report")
        out.append(item * item)
    return out


def test_pool_kills_a_stuck_worker_and_keeps_order():
    items = [1, 2, "stuck", 3, 4, 5, "boom", 6]
    started = time.perf_counter()
    with GuardedPool(workers=2, timeout_s=1.0) as pool:
        results = list(pool.map_chunks(stuck_or_square, items, chunk_size=3))
    elapsed = time.perf_counter() - started
    flat = []
    for chunk, result in results:
        flat += result if isinstance(result, list) else [(chunk[0], result.code)]
    assert flat == [1, 4, ("stuck", "TIMEOUT"), 9, 16, 25, ("boom", "EXTRACTION_FAILED"), 36]
    assert elapsed < 8  # the stuck item costs its chunk's bound and its own, not hours


def test_a_pool_closing_leaves_another_pool_working():
    # the fork server is shared: it is stopped only when the last pool using it is done
    first, second = GuardedPool(workers=1, timeout_s=30), GuardedPool(workers=1, timeout_s=30)
    try:
        assert [r for _, r in first.map_chunks(stuck_or_square, [2], 1)] == [[4]]
        assert [r for _, r in second.map_chunks(stuck_or_square, [3], 1)] == [[9]]  # its worker runs
        first.close()
        assert [r for _, r in second.map_chunks(stuck_or_square, [4, 5], 1)] == [[16], [25]]
    finally:
        first.close()
        second.close()


def test_a_prestarted_fork_server_is_taken_over_by_the_first_pool_and_stopped_after_it():
    from multiprocessing import forkserver

    def server_pid():
        return getattr(forkserver._forkserver, "_forkserver_pid", None)

    prestart_fork_server(["json"])
    started = server_pid()
    assert started is not None
    with GuardedPool(workers=1, timeout_s=30, preload=["json"]) as pool:
        assert [r for _, r in pool.map_chunks(stuck_or_square, [3], 1)] == [[9]]
        assert server_pid() == started  # the same server, not a second start
    assert server_pid() is None  # the pool was its last user
    prestart_fork_server(["json"])
    assert server_pid() is not None
    drop_prestarted()  # no pool took it over
    assert server_pid() is None


def test_same_rows_whatever_the_worker_count():
    texts = [(str(i), f"r{i}", t) for i, t in enumerate([REPORT, REPORT.replace("2021", "2020"), REPORT[:3000]])]

    def run(workers: int):
        with GuardedPool(workers=workers, timeout_s=30) as pool:
            return [frames["table_cells"].rows() for _, (frames, _) in pool.map_chunks(extract_chunk, texts, 1)]

    assert run(1) == run(2)


def test_implausible_results_are_failures_with_a_reason():
    image_only = "[image: 政府信息公开工作年度报告.jpg]\nxk3 dfj qpz\nlorem ipsum ab\n"
    frames, failures = extract_chunk([
        ("a", "a.txt", REPORT.replace("2021", "2006").replace("2022", "2007")),
        ("b", "b.txt", image_only),
        ("c", "c.txt", REPORT),
    ])
    assert [(f.report_id, f.code) for f in failures] == [("a", "IMPLAUSIBLE_YEAR"), ("b", "EMPTY_CLEAN_TEXT")]
    assert "2006" in failures[0].reason
    assert frames["reports"]["report_id"].to_list() == ["c"]


def test_an_exception_in_one_report_is_its_failure(monkeypatch):
    import extract.guard as guard

    real = guard.extract_item

    def flaky(item):
        if item[0] == "bad":
            raise KeyError("missing label")
        return real(item)

    monkeypatch.setattr(guard, "extract_item", flaky)
    frames, failures = extract_chunk([("bad", "x.txt", REPORT), ("good", "y.txt", REPORT)])
    assert [(f.report_id, f.code) for f in failures] == [("bad", "EXTRACTION_FAILED")]
    assert "KeyError" in failures[0].reason
    assert frames["reports"].height == 1


WORKER_TASKS = """
import sys
from extract.guard import extract_chunk
from extract.ingest import read_files
print(sorted({m.split(".")[0] for m in sys.modules} & {"dagster", "duckdb", "dbt", "great_expectations", "orchestration"}))
"""


def test_the_extraction_workers_tasks_import_no_framework():
    """A worker imports the module of the function it runs; its fork server preloads only the
    extractor: a task in a module that imports Dagster cost each worker 0.9 s before its first file."""
    done = subprocess.run([sys.executable, "-c", WORKER_TASKS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
