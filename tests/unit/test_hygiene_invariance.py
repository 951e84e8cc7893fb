"""Metamorphic tests of text hygiene: the same report in traditional script, in full-width
forms, or sprinkled with NBSP / zero-width characters and CRLF line ends must extract to the
same header and the same numbers as the original."""
import opencc
import pytest

from extract.report import extract_report
from tests.conftest import load_labels

_S2T = opencc.OpenCC("s2t")
_FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789()|:,;"}

TRANSFORMS = {
    "traditional script": _S2T.convert,
    "full-width forms": lambda t: t.translate(_FULL_WIDTH),
    "invisible characters and CRLF": lambda t: t.replace("\n", "\r\n").replace("。", "。\u200b").replace(" ", "\u00a0"),
}
HEADER_FIELDS = ("unit_name", "unit_type", "county", "report_year", "template", "form_version", "publish_date")


def extracted(text: str):
    ex = extract_report(text)
    header = {f: getattr(ex.header, f) for f in HEADER_FIELDS}
    cells = sorted((c.table, c.row_code, c.col_code, c.value, c.semantic) for c in ex.cells)
    facts = sorted((f.measure_key, f.applicant_type, f.value, f.rank, f.contradicts_table) for f in ex.facts)
    return header, cells, facts


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
def test_same_report_same_extraction(transform):
    changed = []
    for label in load_labels():
        text = label["path"].read_text(encoding="utf-8")
        if extracted(text) != extracted(TRANSFORMS[transform](text)):
            changed.append(label["id"])
    assert not changed, f"{transform} changed the extraction of {changed}"


def test_traditional_script_is_reported_and_unit_named_in_simplified():
    label = next(lab for lab in load_labels() if lab["unit_name"])
    ex = extract_report(_S2T.convert(label["path"].read_text(encoding="utf-8")))
    assert ex.had_traditional
    assert ex.header.unit_name == label["unit_name"]
