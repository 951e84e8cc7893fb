"""Where things live, importable without the stack (the CLI parses arguments before importing Dagster)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = PROJECT_ROOT / "warehouse" / "inbox"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "ogi.duckdb"
# The Dagster instance `ogi build` records runs in and `make dagster` shows: runtime data, git-ignored,
# configured from the dagster.yaml kept in orchestration/.
DAGSTER_HOME = PROJECT_ROOT / "warehouse" / "dagster_home"
DAGSTER_YAML = Path(__file__).resolve().parent / "dagster.yaml"


def reports_dir(warehouse: Path) -> Path:
    """Human-readable outputs sit beside the warehouse file."""
    return Path(warehouse).resolve().parent / "reports"


def outputs(warehouse: Path) -> dict[str, Path]:
    """Every file a build writes, by what it is (the CLI's help and summary name them all)."""
    reports = reports_dir(warehouse)
    return {"warehouse": Path(warehouse).resolve(), "BI copy": reports / "ogi_marts.duckdb",
            "data-quality report": reports / "quality" / "index.html", "build log": reports / "build.log"}


def ensure_dagster_home(home: Path | None = None) -> Path:
    """The instance folder with the repository's dagster.yaml (copied when missing or changed).

    DAGSTER_HOME from the environment wins (tests point it at a throwaway folder).
    """
    home = Path(home or os.environ.get("DAGSTER_HOME") or DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    if not target.exists() or target.read_bytes() != DAGSTER_YAML.read_bytes():
        shutil.copyfile(DAGSTER_YAML, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
