"""PDFs printed by chromium from reports whose text is known (`benchmarks/pdf_layouts.py`), in
layouts the PDF reader was not written on, read like the source they were printed from."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.intake import read_input
from extract.report import extract_source

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf_layouts"
SOURCES = {"shuyang_2025": ROOT.parent / "shared" / "corpus" / "full" / "shuyang_2025.txt",
           "2025_pingtan_zone": ROOT / "tests" / "fixtures" / "pingtan_html" / "2025_pingtan_zone.html"}


def _cells(ex) -> dict:
    return {(c.table, c.row_code, c.col_code): (c.semantic, c.value) for c in ex.cells}


@pytest.mark.parametrize("pdf, least_equal", [
    ("shuyang_2025__ruled.pdf", 144),        # 56 cells of its per-row table-3 headers are missed
    ("2025_pingtan_zone__narrow.pdf", 136),  # narrow columns, rows broken across pages
])
def test_printed_pdf_reads_like_its_source(pdf, least_equal):
    source = SOURCES[pdf.split("__")[0]]
    if not source.exists():
        pytest.skip(f"{source} is not here")
    intake = read_input(source.read_bytes())
    reference = extract_source(intake.format, intake.text, intake.content)
    got = extract_source("pdf", None, (FIXTURES / pdf).read_bytes())
    for field in ("unit_name", "unit_type", "county", "report_year", "form_version", "publish_date"):
        assert getattr(got.header, field) == getattr(reference.header, field), field
    ref, cells = _cells(reference), _cells(got)
    assert not set(cells) - set(ref)                                # no cell the source lacks
    assert sum(cells.get(k) == v for k, v in ref.items()) >= least_equal
    differing = {k: (v, cells[k]) for k, v in ref.items() if k in cells and cells[k] != v}
    # a cell the PDF hides is blank or missing, never another number
    assert all(got_v[1] is None for _ref_v, got_v in differing.values()), differing
