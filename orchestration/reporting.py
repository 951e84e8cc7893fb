"""The data-quality report people read: one self-contained HTML page (no CDN, works offline)."""
from __future__ import annotations

import datetime as dt
import html

import duckdb

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#222;max-width:75rem}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0} td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} .fail{color:#a40000;font-weight:600} .ok{color:#196619} .num{text-align:right}
"""


def _table(headers: list[str], rows: list[tuple], empty: str = "none") -> str:
    if not rows:
        return f"<p>{html.escape(empty)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [schema, name]).fetchone()[0] or con.execute(
        "select count(*) from duckdb_views() where schema_name = ? and view_name = ?",
        [schema, name]).fetchone()[0])


def render_quality_report(con: duckdb.DuckDBPyConnection) -> str:
    """Files read and quarantined, findings per check and per report, GE validation outcomes."""
    parts = [f"<h1>Data-quality report</h1><p>Generated {dt.datetime.now():%Y-%m-%d %H:%M}.</p>"]
    files = con.execute(
        "select status, count(*) from raw.raw_reports group by status order by status").fetchall()
    parts.append("<h2>Input files</h2>" + _table(["status", "files"], files))
    quarantined = con.execute(
        "select source_path, reason from raw.raw_reports where status = 'quarantined' "
        "order by source_path").fetchall()
    parts.append("<h2>Quarantined files</h2>" + _table(["file", "reason"], quarantined))
    if _has_table(con, "marts", "quality_findings"):
        by_check = con.execute(
            "select check_code, outcome, severity, count(*) as findings, count(distinct report_id) as reports "
            "from marts.quality_findings group by all order by check_code, outcome").fetchall()
        parts.append("<h2>Findings by check</h2>"
                     + _table(["check", "outcome", "severity", "findings", "reports"], by_check))
        detail = con.execute(
            "select coalesce(source_path, report_id), check_code, outcome, severity, message "
            "from marts.quality_findings order by 1, 2 limit 5000").fetchall()
        parts.append("<h2>Findings by report</h2>"
                     + _table(["report", "check", "outcome", "severity", "message"], detail))
    if _has_table(con, "quality", "ge_results"):
        ge = con.execute(
            "select dataset, expectation, column_name, success, unexpected_count, unexpected_sample "
            "from quality.ge_results order by success, dataset, expectation").fetchall()
        parts.append("<h2>Great Expectations validations</h2>"
                     + _table(["dataset", "expectation", "column", "passed", "unexpected", "sample"], ge))
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>ogi-warehouse quality</title>"
            f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>")
