"""The build process's memory helpers, each in a fresh interpreter (they change process-wide state)."""
from __future__ import annotations

import subprocess
import sys

from orchestration.paths import PROJECT_ROOT


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_long_lived_imports_are_frozen_once_and_the_collector_runs_again_after():
    out = run_python("""
import gc
from orchestration.memory import long_lived_imports
with long_lived_imports():
    collecting_inside = gc.isenabled()
    kept = [[i] for i in range(50_000)]          # long-lived objects, as imports make
frozen = gc.get_freeze_count()
with long_lived_imports():
    more = [[i] for i in range(1_000)]
cycle = []; cycle.append(cycle); del cycle       # made after: still collected
print(collecting_inside, gc.isenabled(), frozen >= 50_000, gc.get_freeze_count() == frozen, gc.collect() >= 1)
""")
    assert out == "False True True True True"


def test_a_process_that_disabled_the_collector_keeps_it_disabled():
    out = run_python("""
import gc
from orchestration.memory import long_lived_imports
gc.disable()
with long_lived_imports():
    pass
print(gc.isenabled())
""")
    assert out == "False"


def test_a_block_with_older_objects_frozen_undoes_only_its_own_freeze():
    out = run_python("""
import gc
from orchestration.memory import long_lived_imports, older_objects_frozen
with older_objects_frozen():
    inside = gc.get_freeze_count() > 0
after = gc.get_freeze_count()
with long_lived_imports():
    pass
frozen = gc.get_freeze_count()
with older_objects_frozen():
    pass
print(inside, after, frozen > 0, gc.get_freeze_count() == frozen)
""")
    assert out == "True 0 True True"
