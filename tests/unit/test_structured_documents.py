"""HTML, PDF and DOCX read by their structure: real files, properties rather than values.

- every labelled cell of the complete real reports (PDF, HTML, text) is reproduced, driven by
  the labels file, and no blank cell gets a number;
- a saved web page gives what its text version gives (where the flattened text is ambiguous,
  the page's value is one of the text's admissible splits);
- a Word document written with python-docx from a real report gives the same cells as the page;
- every cell keeps offsets into the rendered clean text plus its page / table / row / column.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from extract.document import Document, Grid, Paragraph, render
from extract.formats import DOCX, HTML, STRUCTURED
from extract.html_reader import decode_html, read_html
from extract.ingest import read_inbox
from extract.normalise import normalise
from extract.report import extract_document, extract_frames, extract_report, extract_source, read_document
from tests.conftest import INBOX, LABELS

FULL = INBOX / "full"
PINGTAN_HTML = Path(__file__).resolve().parents[1] / "fixtures" / "pingtan_html"

# label vocabulary of the cell labels (see ../shared/tools/score_cells.py) -> warehouse codes
T2_ROWS = {"规章": "rule", "规范性文件": "normdoc", "行政规范性文件": "normdoc", "行政许可": "license",
           "其他对外管理服务事项": "other_service", "行政处罚": "penalty", "行政强制": "coercion",
           "行政事业性收费": "admin_fee", "政府集中采购": "procurement"}
T2_COLS = {"本年新制作数量": "new_made", "本年新公开数量": "new_published", "对外公开总数量": "published_total",
           "上一年项目数量": "items_prev", "本年增/减": "items_change", "处理决定数量": "decisions",
           "采购项目数量": "projects", "采购总金额": "amount_wan", "本年制发件数": "issued",
           "本年废止件数": "repealed", "现行有效件数": "in_force", "本年处理决定数量": "decisions",
           "本年收费金额（单位：万元）": "amount_wan"}
_LEAVES = {"deny": ["state_secret", "law_prohibited", "security_stability", "third_party", "internal_affairs",
                    "process_info", "enforcement_file", "admin_query"],
           "unable": ["not_held", "needs_creation", "unclear"],
           "not_processed": ["petition", "duplicate", "publication", "mass_repeat", "confirm_reissue"],
           "other": ["no_correction", "fee_unpaid", "other"]}
_GROUPS = {"deny": "withheld", "unable": "unavailable", "not_processed": "not_processed", "other": "other"}
T3_ROWS = {"new": "new_received", "carried_over": "carried_in", "granted": "out.disclosed", "partial": "out.partial",
           "other": "out.other._total", "total_processed": "total_processed", "carried_forward": "carried_out",
           **{f"{g}_{i}": f"out.{_GROUPS[g]}.{leaf}" for g, leaves in _LEAVES.items() for i, leaf in enumerate(leaves, 1)}}
T3_COLS = {"natural_person": "natural_person", "commercial": "org_commercial", "research": "org_research",
           "social": "org_public_welfare", "legal": "org_legal_service", "other_org": "org_other", "total": "all"}
T4_ROWS = {"review": "reconsideration", "litigation_direct": "litigation_direct",
           "litigation_after_review": "litigation_after_recon"}
T4_COLS = {"maintain": "upheld", "correct": "corrected", "other": "other", "pending": "pending", "total": "total"}


def labelled_cells(label: dict) -> dict[tuple, float | None]:
    """(table, row, col) -> printed value (None for a blank cell) of one label line."""
    out = {}
    units = label.get("table2_units", {})
    for row, cols in (label.get("table2") or {}).items():
        for col, v in cols.items():
            if v is not None and units.get(f"{row}/{col}") == "元":
                v = v / 10000
            out[("t2", T2_ROWS[row], T2_COLS[col])] = v
    for row, cols in (label.get("table3") or {}).items():
        for col, v in cols.items():
            out[("t3", T3_ROWS[row], T3_COLS[col])] = v
    for row, cols in (label.get("table4") or {}).items():
        for col, v in cols.items():
            out[("t4", T4_ROWS[row], T4_COLS[col])] = v
    skip = set(label.get("ambiguous_cells", []))
    assert not skip, "ambiguous cells are not expected in these labels"
    return out


@pytest.fixture(scope="module")
def full_frames():
    raw = read_inbox(FULL)
    assert set(raw["status"]) == {"ok"}, raw.filter(raw["status"] != "ok")["reason"].to_list()
    rows = raw.select("report_id", "source_path", "text", "format", "content").iter_rows()
    return raw, extract_frames(rows)


def test_every_labelled_cell_of_the_complete_reports_is_reproduced(full_frames):
    raw, frames = full_frames
    path_of = dict(zip(frames["reports"]["report_id"], frames["reports"]["source_path"], strict=True))
    got: dict[str, dict[tuple, float | None]] = {}
    for c in frames["table_cells"].iter_rows(named=True):
        stem = Path(path_of[c["report_id"]]).stem
        got.setdefault(stem, {})[(c["table_code"], c["row_code"], c["col_code"])] = c["value_num"]
    labels = [json.loads(line) for line in (LABELS / "full.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert {lab["id"] for lab in labels} == set(got), "every labelled report is read, in every format"
    for label in labels:
        expected, cells = labelled_cells(label), got[label["id"]]
        wrong = {k: (v, cells.get(k)) for k, v in expected.items()
                 if (v is None) != (cells.get(k) is None) or v is not None and abs(v - cells[k]) > 1e-6}
        assert not wrong, f"{label['id']}: (label, extracted) {wrong}"
        unlabelled = {k: v for k, v in cells.items() if k not in expected and v is not None}
        assert not unlabelled, f"{label['id']}: numbers for cells that are not printed: {unlabelled}"


def test_structured_cells_point_into_the_clean_text_and_their_source_grid(full_frames):
    raw, frames = full_frames
    fmt = dict(zip(raw["report_id"], raw["format"], strict=True))
    text_of = dict(zip(frames["reports"]["report_id"], frames["reports"]["clean_text"], strict=True))
    for c in frames["table_cells"].iter_rows(named=True):
        assert text_of[c["report_id"]][c["start_offset"]:c["end_offset"]] == c["raw_text"]
        if fmt[c["report_id"]] in STRUCTURED and c["value_num"] is not None:
            assert None not in (c["source_table"], c["source_row"], c["source_col"]), c
            assert (c["source_page"] is not None) == (fmt[c["report_id"]] == "pdf"), c
    for r in frames["reports"].iter_rows(named=True):
        assert r["source_format"] == fmt[r["report_id"]]
        if r["source_format"] in STRUCTURED:
            assert not r["is_truncated"], f"{r['source_path']}: a complete document is not cut off"


def test_a_pdf_cell_names_the_page_and_grid_position_it_was_printed_at():
    pdf = next(p for p in sorted(FULL.glob("*")) if p.read_bytes().startswith(b"%PDF"))
    doc = read_document("pdf", content=pdf.read_bytes())
    grids = {g.index: g for g in doc.blocks if isinstance(g, Grid)}
    ex = extract_document(doc)
    assert ex.cells
    for cell in ex.cells:
        if cell.value is None:
            continue
        grid = grids[cell.source_table]
        printed = next(c for c in grid.cells if (c.row, c.col) == (cell.source_row, cell.source_col))
        assert cell.raw_text in normalise(printed.text)[0] and grid.page == cell.source_page


def _stem_frames(paths: list[Path]):
    rows = []
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".html":
            rows.append((path.stem, path.name, decode_html(data)[0], HTML, None))
        else:
            rows.append((path.stem, path.name, data.decode("utf-8")))
    return extract_frames(rows)


def test_saved_web_pages_give_what_their_text_versions_give():
    pages = sorted(PINGTAN_HTML.glob("*.html"))
    assert len(pages) == 6
    html, text = _stem_frames(pages), _stem_frames([INBOX / "pingtan" / f"{p.stem}.txt" for p in pages])
    header = ["report_id", "unit_name", "unit_type", "county", "prefecture", "province", "report_year",
              "template", "form_version", "publish_date", "is_truncated"]
    assert html["reports"].select(header).sort("report_id").rows() == text["reports"].select(header).sort("report_id").rows()

    def cells(frames):
        return {(c["report_id"], c["table_code"], c["row_code"], c["col_code"]): c
                for c in frames["table_cells"].iter_rows(named=True)}
    from_html, from_text = cells(html), cells(text)
    assert from_html.keys() == from_text.keys()
    resolved = 0
    for key, t in from_text.items():
        h = from_html[key]
        if t["value_semantic"] == "TEXT" and t["candidate_values"]:
            # glued in the text, printed in its own cell on the page: one of the admissible splits
            assert h["value_num"] in json.loads(t["candidate_values"]), (key, h, t)
            resolved += 1
        else:
            assert (h["value_num"], h["value_semantic"]) == (t["value_num"], t["value_semantic"]), (key, h, t)
    assert resolved < len(from_text) / 10

    def facts(frames):
        return sorted(frames["narrative_facts"].select("report_id", "measure_key", "applicant_type", "value_num",
                                                       "fact_rank").rows())
    assert facts(html) == facts(text)


def docx_from(doc: Document) -> bytes:
    """A real Word document with python-docx: the paragraphs, and each grid as a Word table
    with its spans as merged cells."""
    import docx

    word = docx.Document()
    for line in doc.metadata:
        word.add_paragraph(line)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            word.add_paragraph(block.text)
            continue
        table = word.add_table(rows=block.n_rows, cols=block.n_cols)
        for c in block.cells:
            cell = table.cell(c.row, c.col)
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
            cell.text = c.text
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("stem", ["2021_pingtan_zone", "2019_pingtan_zone"])
def test_a_word_document_of_a_real_report_gives_the_same_cells_as_its_page(stem):
    page = read_html(decode_html((PINGTAN_HTML / f"{stem}.html").read_bytes())[0])
    data = docx_from(page)
    from_docx = extract_source(DOCX, content=data)
    from_page = extract_document(page)
    assert from_docx.source_format == DOCX and not from_docx.header.is_truncated
    assert from_docx.header.report_year == from_page.header.report_year
    assert from_docx.header.form_version == from_page.header.form_version

    def cells(ex):
        return sorted((c.table, c.row_code, c.col_code, c.value, c.semantic) for c in ex.cells)
    assert cells(from_docx) and cells(from_docx) == cells(from_page)
    assert all(c.source_table is not None for c in from_docx.cells if c.value is not None)


def test_rendering_is_clean_text_and_every_span_holds_its_fragment():
    page = read_html(decode_html(next(FULL.glob("*.html")).read_bytes())[0])
    rendered = render(page)
    assert normalise(rendered.text)[0] == rendered.text
    grid_spans = [s for s in rendered.spans if s.table is not None]
    assert grid_spans and all(rendered.locate(s.start) is s for s in rendered.spans if s.end > s.start)
    assert all("|" not in rendered.text[s.start:s.end] for s in grid_spans)


def test_blank_html_cells_stay_blank_and_spans_are_expanded():
    page = read_html(
        "<table><tr><td rowspan='2'>三、本年度办理结果</td><td>(一)予以公开</td><td>5</td><td>&nbsp;</td></tr>"
        "<tr><td colspan='2'>(二)部分公开</td><td>1</td></tr></table>")
    grid = page.blocks[0]
    matrix = grid.matrix()
    assert matrix[1][0] is matrix[0][0] and matrix[1][1] is matrix[1][2]
    assert [c.text for c in grid.rows()[0]] == ["三、本年度办理结果", "(一)予以公开", "5", ""]
    assert "| 5 |  |" in render(page).text


def test_end_of_a_structured_document_is_not_a_truncation():
    body = (INBOX / "pingtan" / "2021_pingtan_zone.txt").read_text(encoding="utf-8")
    page = f"<html><body><div>{body}</div><div>- 6 -</div><p>版权所有 网站地图</p></body></html>"
    assert not extract_source(HTML, text=page).header.is_truncated
    cut = page[: len(page) // 2]  # saved half-way: no closing </html>
    assert read_html(cut).complete is False


def test_text_input_is_read_exactly_as_before_the_document_path():
    path = INBOX / "pingtan" / "2021_pingtan_zone.txt"
    text = path.read_text(encoding="utf-8")
    a, b = extract_report(text), extract_source("text", text=text)
    assert [vars(c) for c in a.cells] == [vars(c) for c in b.cells]
    assert all(c.source_table is None and c.source_page is None for c in a.cells)
