"""One report from raw text (or a document read by its structure) to everything extracted,
and many reports to Polars frames.

The order matters: hygiene first (every offset refers to the clean text), then the header with
its template, which tells the section and table readers what labels to expect, then the
sentences, which can fix a glued legacy row.

Documents read by their structure (HTML, PDF, DOCX) are rendered to clean text first (tables
as pipe rows, see `document.render`) and then read by the very same readers; their cells and
facts also get the page and grid position they came from.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

import polars as pl

from extract.document import Document, render
from extract.formats import DOCX, HTML, PDF, TEXT
from extract.header import read_header
from extract.legacy import extract_legacy_table
from extract.model import Cell, NarrativeFact, ReportExtraction
from extract.narrative import extract_narrative
from extract.normalise import normalise
from extract.sections import split_sections
from extract.tables import extract_form_tables
from extract.vocabulary import cell_measure


def extract_report(raw_text: str) -> ReportExtraction:
    """Everything extracted from a decoded text report."""
    text, had_traditional, notes = normalise(raw_text)
    return _extract_clean(text, had_traditional, notes)


def read_document(source_format: str, text: str | None = None, content: bytes | None = None) -> Document:
    """The Document of an HTML page (decoded markup) or a PDF/DOCX file (its bytes)."""
    if source_format == HTML:
        from extract.html_reader import read_html
        return read_html(text or "")
    if source_format == PDF:
        from extract.pdf_reader import read_pdf
        return read_pdf(content)
    if source_format == DOCX:
        from extract.docx_reader import read_docx
        return read_docx(content)
    raise ValueError(f"not a structured format: {source_format}")


def extract_source(source_format: str | None, text: str | None = None, content: bytes | None = None) -> ReportExtraction:
    """Everything extracted from one input as ingested: decoded text for text and HTML, the
    file's bytes for PDF and DOCX."""
    if source_format in (None, TEXT):
        return extract_report(text or "")
    return extract_document(read_document(source_format, text, content))


def extract_document(doc: Document) -> ReportExtraction:
    """Everything extracted from a document read by its structure."""
    rendered = render(doc)
    ex = _extract_clean(rendered.text, rendered.had_traditional, rendered.notes)
    ex.source_format = doc.format
    if doc.complete:
        # the reader saw the document's end: a page number, footer or '</html>' after the last
        # section is not a cut-off text
        ex.header.is_truncated = False
        ex.header.evidence.pop("is_truncated", None)
    for cell in ex.cells:
        span = rendered.locate(cell.start)
        if span is not None:
            cell.source_page, cell.source_table, cell.source_row, cell.source_col = (
                span.page, span.table, span.row, span.col)
    for fact in ex.facts:
        span = rendered.locate(fact.start)
        if span is not None:
            fact.source_page = span.page
    return ex


def _extract_clean(text: str, had_traditional: bool, notes: list[str]) -> ReportExtraction:
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
    "header_evidence": pl.String, "source_format": pl.String,
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
    "source_page": pl.Int64, "source_table": pl.Int64, "source_row": pl.Int64, "source_col": pl.Int64,
}
FACT_SCHEMA = {
    "report_id": pl.String, "measure_key": pl.String, "applicant_type": pl.String,
    "value_num": pl.Float64, "value_semantic": pl.String, "unit": pl.String,
    "is_approximate": pl.Boolean, "fact_rank": pl.Int64, "contradicts_table": pl.Boolean, "snippet": pl.String,
    "start_offset": pl.Int64, "end_offset": pl.Int64, "source_page": pl.Int64,
}


STAGING_SCHEMAS = {"reports": REPORT_SCHEMA, "sections": SECTION_SCHEMA,
                   "table_cells": CELL_SCHEMA, "narrative_facts": FACT_SCHEMA}


def extract_item(item: tuple) -> ReportExtraction:
    """One ingested row (report_id, source_path, text[, format, content]) extracted."""
    _, _, raw_text, *source = item
    return extract_source(source[0], raw_text, *source[1:]) if source else extract_report(raw_text)


def staging_rows(report_id: str, source_path: str, ex: ReportExtraction) -> dict[str, list[dict]]:
    """One report's rows of each staging table (the frames are built once for many reports)."""
    h = ex.header
    rows: dict[str, list[dict]] = {"reports": [{
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
        "source_format": ex.source_format,
    }]}
    rows["sections"] = [{
        "report_id": report_id, "section_key": s.key, "section_no": s.number,
        "heading": s.heading, "start_offset": s.start, "end_offset": s.end,
    } for s in ex.sections]
    cells = []
    for c in ex.cells:
        measure_key, applicant_type = cell_measure(c.form_version, c.table, c.row_code, c.col_code)
        cells.append({
            "report_id": report_id, "form_version": c.form_version, "table_code": c.table,
            "row_code": c.row_code, "col_code": c.col_code, "measure_key": measure_key,
            "applicant_type": applicant_type, "value_num": c.value, "value_semantic": c.semantic,
            "unit": c.unit, "raw_text": c.raw_text, "start_offset": c.start, "end_offset": c.end,
            "candidates": json.dumps(c.candidates) if c.candidates else None,
            "candidate_values": json.dumps(c.candidate_values) if c.candidate_values else None,
            "note": c.note, "source_page": c.source_page, "source_table": c.source_table,
            "source_row": c.source_row, "source_col": c.source_col,
        })
    rows["table_cells"] = cells
    rows["narrative_facts"] = [{
        "report_id": report_id, "measure_key": f.measure_key,
        "applicant_type": f.applicant_type, "value_num": f.value,
        "value_semantic": f.semantic, "unit": f.unit, "is_approximate": f.is_approximate,
        "fact_rank": f.rank, "contradicts_table": f.contradicts_table, "snippet": f.snippet,
        "start_offset": f.start, "end_offset": f.end, "source_page": f.source_page,
    } for f in ex.facts]
    return rows


def frames_of(rows: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    """The staging frames of many reports' rows (one frame per table, built once)."""
    return {name: pl.DataFrame(rows[name], schema=schema, orient="row") for name, schema in STAGING_SCHEMAS.items()}


def extract_frames(reports: Iterable[tuple]) -> dict[str, pl.DataFrame]:
    """Frames for the staging tables from (report_id, source_path, decoded text) triples, or
    (report_id, source_path, text, format, content) rows as ingested (see `extract_source`)."""
    rows: dict[str, list[dict]] = {name: [] for name in STAGING_SCHEMAS}
    for item in reports:
        for name, more in staging_rows(item[0], item[1], extract_item(item)).items():
            rows[name].extend(more)
    return frames_of(rows)
