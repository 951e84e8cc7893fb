"""One report from raw text to everything extracted, and many reports to Polars frames.

The order matters: hygiene first (every offset refers to the clean text), then the header with
its template, which tells the section and table readers what labels to expect, then the
sentences, which can fix a glued legacy row.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

import polars as pl

from extract.header import read_header
from extract.legacy import extract_legacy_table
from extract.model import Cell, NarrativeFact, ReportExtraction
from extract.narrative import extract_narrative
from extract.normalise import normalise
from extract.sections import split_sections
from extract.tables import extract_form_tables
from extract.vocabulary import cell_measure


def extract_report(raw_text: str) -> ReportExtraction:
    text, had_traditional, notes = normalise(raw_text)
    header = read_header(text)
    sections = split_sections(text, header.template)
    facts = extract_narrative(text, header, sections)
    cells = []
    if header.form_version in ("gb2019", "gb2021"):
        cells = extract_form_tables(text, header.form_version)
    elif header.template == "legacy_table":
        cells = extract_legacy_table(text, header, sections, facts)
    flag_table_contradictions(cells, facts)
    return ReportExtraction(
        clean_text=text, header=header, sections=sections, cells=cells, facts=facts,
        had_traditional=had_traditional, hygiene_notes=notes,
    )


def flag_table_contradictions(cells: list[Cell], facts: list[NarrativeFact]) -> None:
    """Mark sentences whose number no admissible reading of the report's own table allows.

    A glued cell left NULL still rules values out: if a sentence says 393 but every split of the
    printed cell gives 132 or 470 or ..., the report contradicts itself and the sentence is not
    used for the measure (it stays visible as a finding).
    """
    allowed: dict[tuple[str, str], set[float]] = {}
    for cell in cells:
        if cell.value is None and cell.candidate_values:
            measure_key, applicant_type = cell_measure(cell.form_version, cell.table, cell.row_code, cell.col_code)
            if measure_key:
                allowed.setdefault((measure_key, applicant_type), set()).update(cell.candidate_values)
    for fact in facts:
        values = allowed.get((fact.measure_key, fact.applicant_type))
        if values is not None and fact.value not in values:
            fact.contradicts_table = True


REPORT_SCHEMA = {
    "report_id": pl.String, "source_path": pl.String, "clean_text": pl.String,
    "text_length": pl.Int64, "had_traditional": pl.Boolean, "hygiene_notes": pl.String,
    "unit_name": pl.String, "unit_type": pl.String, "county": pl.String,
    "prefecture": pl.String, "province": pl.String, "report_year": pl.Int64,
    "template": pl.String, "form_version": pl.String, "publish_date": pl.Date,
    "publish_date_source": pl.String, "title": pl.String, "is_truncated": pl.Boolean,
    "header_evidence": pl.String,
}
SECTION_SCHEMA = {
    "report_id": pl.String, "section_key": pl.String, "section_no": pl.Int64,
    "heading": pl.String, "start_offset": pl.Int64, "end_offset": pl.Int64,
}
CELL_SCHEMA = {
    "report_id": pl.String, "form_version": pl.String, "table_code": pl.String,
    "row_code": pl.String, "col_code": pl.String, "measure_key": pl.String,
    "applicant_type": pl.String, "value_num": pl.Float64, "value_semantic": pl.String,
    "unit": pl.String, "raw_text": pl.String, "start_offset": pl.Int64, "end_offset": pl.Int64,
    "candidates": pl.String, "candidate_values": pl.String, "note": pl.String,
}
FACT_SCHEMA = {
    "report_id": pl.String, "measure_key": pl.String, "applicant_type": pl.String,
    "value_num": pl.Float64, "value_semantic": pl.String, "unit": pl.String,
    "is_approximate": pl.Boolean, "fact_rank": pl.Int64, "contradicts_table": pl.Boolean, "snippet": pl.String,
    "start_offset": pl.Int64, "end_offset": pl.Int64,
}


def extract_frames(reports: Iterable[tuple[str, str, str]]) -> dict[str, pl.DataFrame]:
    """Frames for the staging tables from (report_id, source_path, decoded text) triples."""
    rows: dict[str, list[dict]] = {"reports": [], "sections": [], "table_cells": [], "narrative_facts": []}
    for report_id, source_path, raw_text in reports:
        ex = extract_report(raw_text)
        h = ex.header
        rows["reports"].append({
            "report_id": report_id, "source_path": source_path, "clean_text": ex.clean_text,
            "text_length": len(ex.clean_text), "had_traditional": ex.had_traditional,
            "hygiene_notes": "; ".join(ex.hygiene_notes) or None,
            "unit_name": h.unit_name, "unit_type": h.unit_type, "county": h.county,
            "prefecture": h.prefecture, "province": h.province, "report_year": h.report_year,
            "template": h.template, "form_version": h.form_version, "publish_date": h.publish_date,
            "publish_date_source": h.publish_date_source, "title": h.title,
            "is_truncated": h.is_truncated,
            "header_evidence": json.dumps(
                {k: vars(v) for k, v in h.evidence.items()}, ensure_ascii=False) if h.evidence else None,
        })
        for s in ex.sections:
            rows["sections"].append({
                "report_id": report_id, "section_key": s.key, "section_no": s.number,
                "heading": s.heading, "start_offset": s.start, "end_offset": s.end,
            })
        for c in ex.cells:
            measure_key, applicant_type = cell_measure(c.form_version, c.table, c.row_code, c.col_code)
            rows["table_cells"].append({
                "report_id": report_id, "form_version": c.form_version, "table_code": c.table,
                "row_code": c.row_code, "col_code": c.col_code, "measure_key": measure_key,
                "applicant_type": applicant_type, "value_num": c.value, "value_semantic": c.semantic,
                "unit": c.unit, "raw_text": c.raw_text, "start_offset": c.start, "end_offset": c.end,
                "candidates": json.dumps(c.candidates) if c.candidates else None,
                "candidate_values": json.dumps(c.candidate_values) if c.candidate_values else None,
                "note": c.note,
            })
        for f in ex.facts:
            rows["narrative_facts"].append({
                "report_id": report_id, "measure_key": f.measure_key,
                "applicant_type": f.applicant_type, "value_num": f.value,
                "value_semantic": f.semantic, "unit": f.unit, "is_approximate": f.is_approximate,
                "fact_rank": f.rank, "contradicts_table": f.contradicts_table, "snippet": f.snippet, "start_offset": f.start, "end_offset": f.end,
            })
    schemas = {"reports": REPORT_SCHEMA, "sections": SECTION_SCHEMA,
               "table_cells": CELL_SCHEMA, "narrative_facts": FACT_SCHEMA}
    return {name: pl.DataFrame(rows[name], schema=schemas[name], orient="row") for name in schemas}
