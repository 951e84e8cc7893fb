"""The commit's file work kept off the build's critical path: the replaced warehouse keeps a
second name whose blocks are freed in a thread, and the warehouse's copy yields the CPU."""
from __future__ import annotations

import os
import sys
import threading

import pytest

from orchestration.build import BuildPaths, _clean_leftovers, _discard, _yield_cpu, commit


def test_the_replaced_warehouse_keeps_a_second_name_until_it_is_discarded(tmp_path):
    paths = BuildPaths(tmp_path / "ogi.duckdb")
    paths.warehouse.write_bytes(b"the published warehouse")
    paths.next.write_bytes(b"the build's warehouse")
    commit(paths)
    assert paths.warehouse.read_bytes() == b"the build's warehouse"
    assert paths.superseded.read_bytes() == b"the published warehouse"  # not freed by the rename
    assert not paths.next.exists() and not paths.journal.exists()
    _discard(paths.superseded).result()
    assert not paths.superseded.exists()
    _discard(paths.superseded).result()  # already gone: nothing to do, no error


def test_a_first_commit_has_nothing_to_supersede(tmp_path):
    paths = BuildPaths(tmp_path / "ogi.duckdb")
    paths.next.write_bytes(b"the first warehouse")
    commit(paths)
    assert paths.warehouse.read_bytes() == b"the first warehouse" and not paths.superseded.exists()


def test_a_second_name_left_by_a_killed_build_is_removed_before_the_next_one(tmp_path):
    paths = BuildPaths(tmp_path / "ogi.duckdb")
    paths.warehouse.write_bytes(b"the published warehouse")
    os.link(paths.warehouse, paths.superseded)  # killed between the link and the rename
    _clean_leftovers(paths)
    assert not paths.superseded.exists()
    assert paths.warehouse.read_bytes() == b"the published warehouse"


@pytest.mark.skipif(sys.platform != "linux", reason="threads have priorities of their own on Linux")
def test_the_copy_thread_takes_the_lowest_priority_and_the_build_keeps_its_own():
    ours = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen = []

    def copy_thread():
        _yield_cpu()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=copy_thread)
    thread.start()
    thread.join()
    assert seen == [19]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == ours
