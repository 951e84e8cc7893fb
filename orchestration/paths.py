"""Default locations, importable without Dagster (a build that finds nothing to do stays fast)."""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = PROJECT_ROOT / "warehouse" / "inbox"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "ogi.duckdb"
