"""The conformed vocabulary (domain.md §2.4), read from data: `data/vocabulary/*.csv` is the one
source of the forms' measures, printed rows and columns, applicant columns, form versions,
sections and arithmetic identities. The same files are dbt seeds (dim_measure and friends), so
the extractor, the GE suites and the SQL all use one list.

The names below are what the readers import; each is derived from the data, in printed order.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data") / "vocabulary"


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of `data/vocabulary/<name>.csv` in file order (empty cells are '')."""
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Measure:
    key: str
    domain: str               # pub, app, proc, resp, cap
    subject: str              # normdoc, out.withheld, litigation_direct …
    facet: str                # in_force, state_secret, upheld … ('' for a bare subject)
    period: str               # 'year', or 'cumulative' for a legacy 历年累计 column
    base_key: str             # the year measure of a cumulative one (itself otherwise)
    parent_key: str | None    # the roll-up this measure is summed into
    is_leaf: bool             # no measure is summed into this one
    subject_rollup: str | None  # the proceeding this one adds up into per result (litigation_all)
    value_kind: str           # count, amount or signed
    unit: str
    applicant_split: bool     # table 3 prints it per applicant column
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class FormCell:
    template: str
    form_version: str | None  # None: every form version of the template (legacy tables)
    table: str                # t2, t3, t4, legacy
    subtable: str | None
    row_code: str
    col_code: str | None      # None in table 3: every applicant column
    measure_key: str
    row_label: str
    col_label: str | None
    is_official: bool         # printed by the official form (False: local extra or subtotal row)


def _bool(text: str) -> bool:
    return text == "true"


@cache
def measures() -> dict[str, Measure]:
    return {r["measure_key"]: Measure(
        key=r["measure_key"], domain=r["domain"], subject=r["subject"], facet=r["facet"], period=r["period"],
        base_key=r["base_measure_key"], parent_key=r["parent_key"] or None, is_leaf=_bool(r["is_leaf"]),
        subject_rollup=r["subject_rollup"] or None, value_kind=r["value_kind"], unit=r["unit"],
        applicant_split=_bool(r["applicant_split"]), name_zh=r["name_zh"], name_en=r["name_en"],
    ) for r in read_table("measures")}


@cache
def form_cells() -> tuple[FormCell, ...]:
    return tuple(FormCell(
        template=r["template"], form_version=r["form_version"] or None, table=r["table_code"],
        subtable=r["subtable"] or None, row_code=r["row_code"], col_code=r["col_code"] or None,
        measure_key=r["measure_key"], row_label=r["row_label"], col_label=r["col_label"] or None,
        is_official=_bool(r["is_official"]),
    ) for r in read_table("form_measures"))


def _cells(table: str, form_version: str | None = None) -> list[FormCell]:
    return [c for c in form_cells() if c.table == table and (form_version is None or c.form_version == form_version)]


def _distinct(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# --- Table 3 (applications), gb2019 / gb2021 -------------------------------------------------
APPLICANT_COLUMNS = tuple(r["applicant_type"] for r in read_table("applicant_types"))

# row_code -> label as printed, official rows in printed order (normalised labels are matched by the table reader)
T3_ROWS_2019 = {c.row_code: c.row_label for c in _cells("t3", "gb2019") if c.is_official}
T3_ROWS_2021 = {c.row_code: c.row_label for c in _cells("t3", "gb2021") if c.is_official}
# Optional subtotal rows some local templates add; they are not leaves.
T3_SUBTOTAL_ROWS = tuple(c.row_code for c in _cells("t3", "gb2019") if not c.is_official)

# --- Table 4 (reconsideration and litigation) -----------------------------------------------
T4_PROCEEDINGS = _distinct(c.row_code for c in _cells("t4", "gb2019"))
T4_RESULTS = _distinct(c.col_code for c in _cells("t4", "gb2019"))

# --- Table 2 (actively published), (row_code, col_code) -> measure key ------------------------
T2_MEASURES = {fv: {(c.row_code, c.col_code): c.measure_key for c in _cells("t2", fv)} for fv in ("gb2019", "gb2021")}
# Extra table-2 rows some local templates print (row_code -> label); their cells keep the
# column codes of the sub-table they sit in.
T2_EXTRA_ROWS = {c.row_code: c.row_label for c in _cells("t2") if not c.is_official}

# --- Legacy statistics tables: row_code is the measure key of the year column ----------------
# Column codes: 'year' (the report year's column / 统计数), 'cumulative' (历年累计/本年累计).
LEGACY_COLUMNS = _distinct(c.col_code for c in _cells("legacy"))
LEGACY_ROW_MEASURES = _distinct(c.row_code for c in _cells("legacy"))
# Row labels of the legacy tables as the reader matches them, in the order the reader tries them
# (a label that starts another's text comes after it). An outcome row (维持… / 被依法纠错数 …)
# belongs to the proceeding of the last total row above it: its measure is '{proc}.<facet>'.
LEGACY_ROW_LABELS = tuple(
    (r["label"], r["measure_key"] or "{proc}." + r["outcome_facet"]) for r in read_table("legacy_row_labels"))

# (table, form_version or None, row_code, col_code) -> measure key; tables 3, 4 and legacy do
# not depend on the form version (hybrid layouts mix the forms' rows)
_CELL_MEASURE = {
    (c.table, c.form_version if c.table == "t2" else None, c.row_code, c.col_code if c.table != "t3" else None):
        c.measure_key
    for c in form_cells()
}


def cell_measure(form_version: str, table: str, row_code: str, col_code: str) -> tuple[str | None, str]:
    """(measure_key, applicant_type) of a cell; measure_key None when the cell has no conformed meaning."""
    if table == "t2":
        return _CELL_MEASURE.get((table, form_version, row_code, col_code)), "all"
    if table == "t3":
        return _CELL_MEASURE.get((table, None, row_code, None)), col_code
    return _CELL_MEASURE.get((table, None, row_code, col_code)), "all"
