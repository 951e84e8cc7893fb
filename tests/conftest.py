"""Shared fixtures: the bundled corpus and its labels, and a prepared dbt manifest."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INBOX = ROOT / "warehouse" / "inbox"
LABELS = Path(__file__).resolve().parent / "fixtures" / "labels"
LABEL_GROUPS = ("seeds", "excerpts", "excerpts2", "pingtan")
_DAGSTER_HOME = pytest.StashKey[Path]()

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def pytest_configure(config) -> None:
    """Runs the tests make are recorded in a throwaway Dagster instance, never in the project's
    warehouse/dagster_home (which `make dagster` shows) nor in a developer's own DAGSTER_HOME.
    Made in this hook, not when the module is imported: test modules import it again (as
    tests.conftest), and so do the processes some tests start, which would each leave a folder."""
    home = Path(tempfile.mkdtemp(prefix="ogi-test-dagster-home-"))
    (home / "dagster.yaml").write_bytes((ROOT / "orchestration" / "dagster.yaml").read_bytes())
    os.environ["DAGSTER_HOME"] = str(home)
    config.stash[_DAGSTER_HOME] = home


def pytest_unconfigure(config) -> None:
    home = config.stash.get(_DAGSTER_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


def load_labels() -> list[dict]:
    """Every hand-made label, with the path of its report in the bundled inbox."""
    labels = []
    for group in LABEL_GROUPS:
        for line in (LABELS / f"{group}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                label["path"] = INBOX / group / f"{label['id']}.txt"
                labels.append(label)
    return labels


@pytest.fixture(scope="session")
def labels() -> list[dict]:
    return load_labels()


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """The dbt manifest, prepared explicitly once per session (never at import time)."""
    from orchestration.cli import MANIFEST, ensure_dbt_manifest

    ensure_dbt_manifest()
    return MANIFEST
