"""Rebuild when the input folder changes: new, changed or removed report files."""
import hashlib
from pathlib import Path

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from extract.ingest import list_input_files
from orchestration.resources import Warehouse


def folder_fingerprint(folder: Path) -> str:
    """Cheap identity of a folder's files (path, size, mtime): no file is read."""
    digest = hashlib.sha256()
    for path in list_input_files(folder):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
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
