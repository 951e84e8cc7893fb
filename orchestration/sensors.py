"""Rebuild when the input folder changes: new, changed or removed report files."""
import hashlib
from pathlib import Path

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from extract.ingest import walk_inputs
from orchestration.resources import Warehouse


def folder_fingerprint(folder: Path) -> str:
    """Cheap identity of a folder's paths (path, kind, size, mtime, ctime, inode): no file is read;
    broken links and unreadable folders count too."""
    digest = hashlib.sha256()
    for p in walk_inputs(folder):
        digest.update(f"{p.rel}\0{p.kind}\0{p.stat_key}\n".encode())
    return digest.hexdigest()


@sensor(job_name="build_warehouse", minimum_interval_seconds=60, default_status=DefaultSensorStatus.STOPPED,
        description="Starts build_warehouse when files in the input folder are added, changed or removed.")
def inbox_sensor(context: SensorEvaluationContext, warehouse: Warehouse):
    folder = Path(warehouse.input_dir)
    if not folder.is_dir():
        return SkipReason(f"input folder {folder} does not exist")
    fingerprint = folder_fingerprint(folder)
    if fingerprint == context.cursor:
        return SkipReason("no change in the input folder")
    context.update_cursor(fingerprint)
    return RunRequest(run_key=fingerprint)
