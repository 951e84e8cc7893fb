"""The vocabulary data (extract/data/vocabulary/*.csv): consistent in itself, every leaf mapped
exactly once, every roll-up counting each leaf once, and agreeing with what the readers emit."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from extract import vocabulary as v
from extract.legacy import _ROWS as LEGACY_READER_ROWS
from extract.tables import _T2_SEQUENCE, _T3_SEQUENCE

ROOT = Path(__file__).resolve().parents[2]
NATIONAL_FORMS = ("gb2019", "gb2021")


def children_of() -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for m in v.measures().values():
        if m.parent_key:
            children.setdefault(m.parent_key, []).append(m.key)
    return children


def leaves(key: str, children: dict[str, list[str]]) -> list[str]:
    """Every leaf below `key`, walking the roll-up tree (a leaf reached twice appears twice)."""
    if key not in children:
        return [key]
    return [leaf for child in children[key] for leaf in leaves(child, children)]


def test_keys_are_their_parts_and_parents_exist():
    ms = v.measures()
    for m in ms.values():
        base = ms[m.base_key]
        assert m.key == (base.key if m.period == "year" else f"{base.key}.cumulative")
        assert base.key == ".".join(p for p in (m.domain, m.subject, m.facet) if p)
        assert m.parent_key is None or m.parent_key in ms, m.key
        assert m.value_kind in ("count", "amount", "signed") and m.unit and m.name_zh and m.name_en


def test_is_leaf_means_nothing_rolls_up_into_it_and_the_tree_has_no_cycle():
    ms, children = v.measures(), children_of()
    for m in ms.values():
        assert m.is_leaf == (m.key not in children), m.key
        seen, key = set(), m.key
        while key is not None:
            assert key not in seen, f"cycle through {key}"
            seen.add(key)
            key = ms[key].parent_key


def test_every_roll_up_counts_each_leaf_once():
    children = children_of()
    for rollup in children:
        counted = Counter(leaves(rollup, children))
        assert max(counted.values()) == 1, (rollup, [k for k, n in counted.items() if n > 1])


def test_every_printed_cell_maps_to_one_measure_and_every_measure_is_printed_once_per_form():
    ms = v.measures()
    positions = Counter((c.form_version, c.table, c.row_code, c.col_code) for c in v.form_cells())
    assert max(positions.values()) == 1, [p for p, n in positions.items() if n > 1]
    printed = Counter((c.form_version, c.measure_key) for c in v.form_cells())
    assert max(printed.values()) == 1, [p for p, n in printed.items() if n > 1]
    assert all(c.measure_key in ms for c in v.form_cells())
    # a roll-up printed by a national form: its printed parts, taken where they first appear
    # below it, cover each leaf once, and both forms account for the same outcomes
    children = children_of()
    covered = {}
    for form in NATIONAL_FORMS:
        official = {c.measure_key for c in v.form_cells() if c.form_version == form and c.is_official}
        for rollup in (k for k in children if k in official):
            tops = _printed_tops(rollup, children, official)
            if not tops:
                continue  # the form prints the total alone (2019: （六）其他处理 is one row)
            counted = Counter(leaf for top in tops for leaf in leaves(top, children))
            assert max(counted.values()) == 1, (form, rollup)
            covered[form, rollup] = set(counted)
    assert covered["gb2019", "app.total_processed"] == covered["gb2021", "app.total_processed"]
    assert covered["gb2019", "proc.reconsideration.total"] == {
        f"proc.reconsideration.{r}" for r in ("upheld", "corrected", "other", "pending")}


def _printed_tops(key: str, children: dict[str, list[str]], printed: set[str]) -> list[str]:
    tops = []
    for child in children.get(key, []):
        tops += [child] if child in printed else _printed_tops(child, children, printed)
    return tops


def test_applicant_columns_add_up_to_all_once():
    rows = v.read_table("applicant_types")
    parts = [r["applicant_type"] for r in rows if r["parent_type"] == "all"]
    assert len(parts) == len(set(parts)) == 6 and "all" not in parts
    assert v.APPLICANT_COLUMNS[-1] == "all"


def test_measure_identities_use_known_measures_and_balance():
    ms = v.measures()
    rows = v.read_table("measure_identities")
    for identity in {r["identity"] for r in rows}:
        terms = [r for r in rows if r["identity"] == identity]
        assert all(t["measure_key"] in ms for t in terms), identity
        assert {t["side"] for t in terms} == {"expected", "actual"}, identity
        assert len({t["check_code"] for t in terms}) == 1


def test_the_readers_emit_only_codes_the_vocabulary_knows():
    ms = v.measures()
    for spec in _T3_SEQUENCE:
        if spec.code:
            assert v.cell_measure("gb2021", "t3", spec.code, "all")[0] in ms, spec.code
    t2_rows = {row for form in NATIONAL_FORMS for row, _ in v.T2_MEASURES[form]}
    assert {s.code for s in _T2_SEQUENCE if s.code} <= t2_rows
    for p in v.T4_PROCEEDINGS:
        for r in v.T4_RESULTS:
            assert v.cell_measure("gb2019", "t4", p, r) == (f"proc.{p}.{r}", "all")
    for _, measure in LEGACY_READER_ROWS:
        for proceeding in ("proc.reconsideration", "proc.litigation_all", "proc.complaint"):
            key = measure.format(proc=proceeding)
            if key in ms:
                assert v.cell_measure("legacy_fj", "legacy", key, "cumulative")[0] == f"{key}.cumulative"
                break
        else:
            pytest.fail(f"legacy reader row {measure} has no measure")


def test_legacy_labels_name_the_measures_the_legacy_layout_prints():
    legacy = {c.measure_key for c in v.form_cells() if c.table == "legacy" and c.col_code == "year"}
    named = set()
    for label, measure in v.LEGACY_ROW_LABELS:
        assert label and measure, (label, measure)
        if measure.startswith("{proc}."):  # an outcome row: the proceeding is the last total above it
            named |= {k for k in legacy if k.startswith("proc.") and k.endswith(measure[len("{proc}"):])}
        else:
            named.add(measure)
    assert named == legacy
    labels = [label for label, _ in v.LEGACY_ROW_LABELS]
    assert len(labels) == len(set(labels))
    # a label that starts another's text must come after it, or the shorter one would win
    for i, label in enumerate(labels):
        assert not any(other.startswith(label) and other != label for other in labels[i + 1:]), label


def test_cell_measure_of_each_table():
    assert v.cell_measure("gb2019", "t2", "normdoc", "published_total") == ("pub.normdoc.published_cumulative", "all")
    assert v.cell_measure("gb2021", "t2", "normdoc", "published_total") == (None, "all")
    assert v.cell_measure("gb2019", "t3", "out.other.fee_unpaid", "org_research") == ("app.out.other.fee_unpaid", "org_research")
    assert v.cell_measure("legacy_cn2014", "legacy", "app.fee_amount", "year") == ("app.fee_amount", "all")
    assert v.cell_measure("gb2019", "t9", "x", "y") == (None, "all")
MEASURE_LITERAL = re.compile(r"'(?:app|pub|proc|resp|cap)\.[a-z_.]+'")


def test_no_measure_code_is_written_by_hand_in_sql_or_suites():
    """The SQL and the GE suites take their measure lists from the data (dim_measure, seeds)."""
    sources = [*ROOT.joinpath("dbt_project", "models").rglob("*.sql"), ROOT / "expectations" / "suites.py"]
    found = {p.relative_to(ROOT).as_posix(): MEASURE_LITERAL.findall(p.read_text(encoding="utf-8")) for p in sources}
    assert not {p: f for p, f in found.items() if f}
