"""The inbox sensor asks for a build once per change of the input folder."""
from dagster import RunRequest, SkipReason, build_sensor_context

from orchestration.resources import Warehouse
from orchestration.sensors import inbox_sensor


def evaluate(folder, cursor):
    context = build_sensor_context(cursor=cursor, resources={"warehouse": Warehouse(input_dir=str(folder))})
    result = inbox_sensor(context)
    return result, context.cursor


def test_sensor_runs_once_per_change(tmp_path):
    (tmp_path / "a.txt").write_text("政府信息公开工作年度报告", encoding="utf-8")
    first, cursor = evaluate(tmp_path, None)
    assert isinstance(first, RunRequest)
    again, same_cursor = evaluate(tmp_path, cursor)
    assert isinstance(again, SkipReason) and same_cursor == cursor
    (tmp_path / "b.txt").write_text("另一份报告", encoding="utf-8")
    changed, new_cursor = evaluate(tmp_path, cursor)
    assert isinstance(changed, RunRequest) and new_cursor != cursor
