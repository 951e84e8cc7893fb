"""The Pingtan labels carry every printed cell of tables 3 (总计 column) and 4: the extractor
must reproduce each one from the real, glued text, and must leave NULL the table-2 cells the
labels say cannot be split."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extract.report import extract_report
from extract.vocabulary import T3_ROWS_2019, T3_ROWS_2021

ROOT = Path(__file__).resolve().parents[2]
LABELS = [json.loads(line) for line in
          (ROOT / "tests/fixtures/labels/pingtan.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
FORM_LABELS = [lab for lab in LABELS if lab.get("table3_total") or lab.get("table4")]

# table 4 label keys: '<block>_<result>'
T4_BLOCKS = {"review": "reconsideration", "direct": "litigation_direct", "after": "litigation_after_recon"}

# summary fields that are table-2 cells: (row_code, column codes of either form)
T2_FIELDS = {
    "normative_docs_issued": ("normdoc", ("new_made", "issued")),
    "normative_docs_in_force": ("normdoc", ("published_total", "in_force")),
    "licensing_decisions": ("license", ("decisions",)),
    "punishment_decisions": ("penalty", ("decisions",)),
}


def _key(label: str) -> str:
    return re.sub(r"[^\w]|_", "", label)


_VOCAB_KEYS = {_key(text): code for rows in (T3_ROWS_2019, T3_ROWS_2021) for code, text in rows.items()}


def t3_row_code(label: str) -> str:
    """Row code of a table-3 label such as '（三）1.属于国家秘密' (the longest vocabulary label it ends with)."""
    key = _key(label)
    matches = [k for k in _VOCAB_KEYS if key.endswith(k)]
    assert matches, f"label {label!r} matches no vocabulary row"
    return _VOCAB_KEYS[max(matches, key=len)]


def _extract(lab):
    text = (ROOT / "warehouse/inbox/pingtan" / f"{lab['id']}.txt").read_text(encoding="utf-8")
    return extract_report(text)


@pytest.fixture(scope="module")
def extractions():
    return {lab["id"]: _extract(lab) for lab in FORM_LABELS}


def _cell_values(ex, table):
    return {(c.row_code, c.col_code): c for c in ex.cells if c.table == table}


def test_label_rows_map_onto_the_vocabulary():
    for lab in FORM_LABELS:
        codes = [t3_row_code(label) for label in lab["table3_total"]]
        assert len(codes) == len(set(codes)), lab["id"]


@pytest.mark.parametrize("lab", FORM_LABELS, ids=[lab["id"] for lab in FORM_LABELS])
def test_table3_total_column_is_reproduced(lab, extractions):
    cells = _cell_values(extractions[lab["id"]], "t3")
    for label, expected in lab["table3_total"].items():
        cell = cells.get((t3_row_code(label), "all"))
        assert cell is not None, f"{lab['id']}: no 总计 cell for {label}"
        assert cell.value == expected, f"{lab['id']}: {label} = {cell.value!r} ({cell.raw_text!r}), label {expected}"


@pytest.mark.parametrize("lab", FORM_LABELS, ids=[lab["id"] for lab in FORM_LABELS])
def test_table4_cells_are_reproduced(lab, extractions):
    cells = _cell_values(extractions[lab["id"]], "t4")
    for name, expected in lab["table4"].items():
        block, result = name.split("_", 1)
        cell = cells.get((T4_BLOCKS[block], result))
        assert cell is not None, f"{lab['id']}: no table-4 cell {name}"
        assert cell.value == expected, f"{lab['id']}: {name} = {cell.value!r}, label {expected}"


@pytest.mark.parametrize("lab", FORM_LABELS, ids=[lab["id"] for lab in FORM_LABELS])
def test_table2_cells_never_contradict_the_labels(lab, extractions):
    """A label left null because the glued cell cannot be split stays NULL in the cells; a
    cell with a value agrees with the label (labels may come from the narrative instead)."""
    cells = _cell_values(extractions[lab["id"]], "t2")
    for field, (row, columns) in T2_FIELDS.items():
        found = [cells[(row, col)] for col in columns if (row, col) in cells]
        for cell in found:
            if lab[field] is None:
                assert cell.value is None, f"{lab['id']}: {field} invented {cell.value} from {cell.raw_text!r}"
            elif cell.value is not None:
                assert cell.value == lab[field], f"{lab['id']}: {field} {cell.value} != {lab[field]}"


def test_ambiguous_glued_table2_rows_keep_their_candidates(extractions):
    """pingtan 2019 规范性文件 898989 and 2021 行政规范性文件 693665: NULL, every split kept."""
    seen = set()
    for ex in extractions.values():
        for cell in ex.cells:
            if cell.table == "t2" and cell.row_code == "normdoc" and cell.raw_text in ("898989", "693665"):
                assert cell.value is None and cell.semantic == "TEXT"
                assert len(cell.candidates) == 10
                seen.add(cell.raw_text)
    assert seen == {"898989", "693665"}
