"""`ogi report`: republish the BI copy and the data-quality report from a warehouse already built.

It materializes the three `published` assets only (the marts upstream are read as they are), on
the instance in DAGSTER_HOME, so the run shows in the Dagster UI like a full build. It holds the
warehouse's build lock while it writes: a build running at the same time makes it stop at once.
"""
from __future__ import annotations

from pathlib import Path


def publish(warehouse_path: Path, input_dir: Path, log_level: str = "ERROR"):
    """The Dagster result of republishing; raises BuildRefused (one sentence) while a build runs."""
    from dagster import DagsterInstance, materialize
    from filelock import FileLock, Timeout

    from orchestration.build import BuildPaths, BuildRefused, empty_trash, finish_commit
    from orchestration.publish_assets import published
    from orchestration.resources import Warehouse

    paths = BuildPaths(Path(warehouse_path).resolve())
    lock = FileLock(str(paths.lock))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildRefused(f"an ogi build is writing {paths.warehouse}; the report was not republished "
                           "(run `ogi report` again when that build has finished).") from None
    try:
        finish_commit(paths)  # a build killed inside its commit is completed first
        return materialize(
            [published],
            instance=DagsterInstance.get(),
            resources={"warehouse": Warehouse(path=str(paths.warehouse), input_dir=str(input_dir), locked=True)},
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            raise_on_error=False,
            tags={"ogi/command": "ogi report"},
        )
    finally:
        lock.release()
        empty_trash(paths)
