"""What supports a finding: the cells and sentences its check read, each shown in its context.

A check's inputs follow from its definition (quality_findings.sql): C1 reads the four balance
rows of one applicant column, C2 the outcome rows and （七）总计 of one column, C3 one row across
the applicant columns, C4 one proceeding block of table 4; the others name their measures.
Offsets point into staging.reports.clean_text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from extract.vocabulary import read_table

CONTEXT_CHARS = 50
# the measures of the C1 balance, from the vocabulary's identities (the check's own definition)
C1_ROWS = frozenset(r["measure_key"] for r in read_table("measure_identities") if r["check_code"] == "C1")
HEADER_FIELD = {"T1": "publish_date", "C9": "template"}


@dataclass(frozen=True)
class Evidence:
    kind: str          # 'cell', 'sentence', 'header', 'section'
    label: str         # where it is: table, row, column; or the header field
    value: str         # the number read, or what the evidence says
    raw_text: str      # the cell's raw text / the sentence snippet
    start: int | None
    end: int | None


def _is_input(check: str, measure: str, applicant: str, cell_measure: str | None, cell_applicant: str) -> bool:
    """Whether a cell (measure key, applicant column) is one the check read."""
    if cell_measure is None:
        return False
    if check == "C1":
        return cell_measure in C1_ROWS and cell_applicant == applicant
    if check == "C2":
        return (cell_measure.startswith("app.out.") or cell_measure == "app.total_processed") \
            and cell_applicant == applicant
    if check == "C3":
        return cell_measure == measure
    if check == "C4":
        return cell_measure.startswith(measure.rsplit(".", 1)[0] + ".")
    return cell_measure in measure.split(", ") and cell_applicant == applicant


def _number(value) -> str:
    if value is None:
        return "blank"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def finding_evidence(finding: dict, cells: list[dict], facts: list[dict], sections: list[dict],
                     header_evidence: dict) -> list[Evidence]:
    """The evidence of one finding from its report's rows (dicts of staging.table_cells etc.)."""
    check, measure, applicant = finding["check_code"], finding["measure"] or "", finding["applicant_type"] or "all"
    items: list[Evidence] = []
    if check in HEADER_FIELD or (check == "INCOMPLETE" and measure == "text"):
        key = HEADER_FIELD.get(check, "is_truncated")
        found = header_evidence.get(key)
        if found:
            items.append(Evidence("header", key.replace("_", " "), finding.get("actual") or "",
                                  found.get("snippet", ""), found.get("start"), found.get("end")))
        return items
    if check == "C8" or (check == "INCOMPLETE" and measure == "sections"):
        return [Evidence("section", f"section {s['section_no'] or '?'} ({s['section_key']})", "found",
                         s["heading"] or "", s["start_offset"], s["start_offset"] + len(s["heading"] or ""))
                for s in sections]
    for cell in cells:
        if _is_input(check, measure, applicant, cell["measure_key"], cell["applicant_type"]):
            where = f"{cell['table_code']} · {cell['row_code']} × {cell['col_code']}" + _located(cell)
            value = _number(cell["value_num"]) if cell["value_semantic"] in ("NUMERIC", "ZERO") \
                else cell["value_semantic"].lower()
            items.append(Evidence("cell", where, value, cell["raw_text"] or "", cell["start_offset"],
                                  cell["end_offset"]))
    if check not in ("C1", "C2", "C3", "C4", "AMBIGUOUS"):  # arithmetic checks read table values only
        for fact in facts:
            if fact["measure_key"] in measure.split(", ") and fact["applicant_type"] == applicant:
                items.append(Evidence("sentence", fact["measure_key"], _number(fact["value_num"]),
                                      fact["snippet"] or "", fact["start_offset"], fact["end_offset"]))
    return items


def _located(cell: dict) -> str:
    """' (page 4, table 4, row 3, column 0)' for a cell read from a document's grid; '' otherwise."""
    names = (("source_page", "page"), ("source_table", "table"), ("source_row", "row"), ("source_col", "column"))
    parts = [f"{label} {cell[key]}" for key, label in names if cell.get(key) is not None]
    return f" ({', '.join(parts)})" if parts else ""


def header_evidence_of(raw: str | None) -> dict:
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {}


def highlight(text: str | None, start: int | None, end: int | None, radius: int = CONTEXT_CHARS) -> str:
    """HTML of the text around [start, end) with that span marked; line breaks shown as ⏎."""
    if text is None or start is None or end is None or not 0 <= start <= end <= len(text):
        return ""
    before = text[max(0, start - radius):start]
    inside = text[start:end]
    after = text[end:end + radius]
    show = lambda s: escape(s).replace("\n", "<b class=nl>⏎</b>")  # noqa: E731
    marked = f"<mark>{show(inside)}</mark>" if inside else "<mark class=empty title='blank cell'>∅</mark>"
    return (("…" if start > radius else "") + show(before) + marked + show(after)
            + ("…" if end + radius < len(text) else ""))
