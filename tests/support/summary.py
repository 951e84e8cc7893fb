"""The 16 fields of `marts.report_summary` computed from one extraction in-process, and a scorer
that compares them with labels the way `../shared/tools/score_extraction.py` does.

This mirrors the precedence of `int_report_measures.sql` and `report_summary.sql` (a valued
table cell wins, else the narrative headline the table does not contradict; the published total
prefers the narrative) so that thousands of variants can be scored without building a
warehouse.  `tests/integration/test_pipeline.py` checks that it agrees with the warehouse.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from extract.model import NUMERIC, ZERO, ReportExtraction
from extract.vocabulary import cell_measure

FIELDS = (
    "unit_name", "unit_type", "county", "report_year", "template", "publish_date",
    "published_total", "normative_docs_issued", "normative_docs_in_force",
    "licensing_decisions", "punishment_decisions", "applications_new",
    "applications_carried_over", "applications_granted", "reconsideration_total",
    "litigation_total",
)
HEADER_FIELDS = FIELDS[:6]
TEMPLATE_CODES = {"legacy_narrative": "narrative", "legacy_stat_table": "legacy_table",
                  "gazette_2019": "form_2019", "gazette_2021": "form_2021"}


def _picks(ex: ReportExtraction) -> tuple[dict[str, float], dict[str, float]]:
    """(table value, narrative value) per measure, all-applicants column only."""
    table: dict[str, float] = {}
    for cell in sorted(enumerate(ex.cells), key=lambda ic: (ic[1].start is None, ic[1].start or 0, ic[0])):
        c = cell[1]
        key, applicant = cell_measure(c.form_version, c.table, c.row_code, c.col_code)
        if key and applicant == "all" and c.semantic in (NUMERIC, ZERO) and c.value is not None:
            table.setdefault(key, c.value)
    narrative: dict[str, float] = {}
    facts = [f for f in ex.facts if f.applicant_type == "all" and not f.contradicts_table]
    for f in sorted(facts, key=lambda f: (f.rank, f.start)):
        narrative.setdefault(f.measure_key, f.value)
    return table, narrative


def summary(ex: ReportExtraction) -> dict:
    """The report_summary row of one extraction (NULL as None, dates as YYYY-MM-DD)."""
    h = ex.header
    table, narrative = _picks(ex)

    def chosen(key: str) -> int | None:
        if key == "pub.info_items.total" and key in narrative:
            value = narrative[key]
        else:
            value = table.get(key, narrative.get(key))
        return None if value is None else int(value)

    def first(*values):
        return next((int(v) for v in values if v is not None), None)

    direct, after = table.get("proc.litigation_direct.total"), table.get("proc.litigation_after_recon.total")
    litigation = (int(direct + after) if direct is not None and after is not None
                  else first(table.get("proc.litigation_all.total"), narrative.get("proc.litigation_all.total")))
    return {
        "unit_name": h.unit_name, "unit_type": h.unit_type, "county": h.county,
        "report_year": h.report_year, "template": h.template,
        "publish_date": h.publish_date.isoformat() if isinstance(h.publish_date, dt.date) else None,
        "published_total": chosen("pub.info_items.total"),
        "normative_docs_issued": chosen("pub.normdoc.issued"),
        "normative_docs_in_force": first(
            table.get("pub.normdoc.in_force"), table.get("pub.normdoc.published_cumulative"),
            narrative.get("pub.normdoc.in_force"), narrative.get("pub.normdoc.published_cumulative")),
        "licensing_decisions": chosen("pub.license.decisions"),
        "punishment_decisions": chosen("pub.penalty.decisions"),
        "applications_new": chosen("app.new_received"),
        "applications_carried_over": chosen("app.carried_in"),
        "applications_granted": chosen("app.out.disclosed"),
        "reconsideration_total": chosen("proc.reconsideration.total"),
        "litigation_total": litigation,
    }


def _norm(field: str, value):
    if value is None:
        return None
    if field == "template":
        return TEMPLATE_CODES.get(value, value)
    if field in ("unit_name", "unit_type", "county", "publish_date"):
        return str(value).strip()
    return int(value)


def outcome(field: str, label: dict, got) -> str:
    """correct / wrong / missed / invented / null_ok, as the shared scorer counts them."""
    want = _norm(field, label.get(field))
    got = _norm(field, got)
    if want is None:
        return "null_ok" if got is None else "invented"
    if got is None:
        return "missed"
    if got == want or (field == "county" and got in label.get("county_alternatives", [])):
        return "correct"
    return "wrong"


class Score:
    """Counts per field over many (label, prediction) pairs."""

    def __init__(self, fields=FIELDS):
        self.fields = tuple(fields)
        self.counts: dict[str, dict[str, int]] = {f: defaultdict(int) for f in self.fields}
        self.errors: list[tuple[str, str, str, object, object]] = []

    def add(self, label: dict, row: dict) -> None:
        skip = set(label.get("ambiguous", []))
        for field in self.fields:
            if field in skip or field not in label:
                continue
            kind = outcome(field, label, row.get(field))
            self.counts[field][kind] += 1
            if kind in ("wrong", "missed", "invented"):
                self.errors.append((label["id"], field, kind, label.get(field), row.get(field)))

    def total(self, kind: str) -> int:
        return sum(c[kind] for c in self.counts.values())

    @property
    def stated(self) -> int:
        return self.total("correct") + self.total("wrong") + self.total("missed")

    @property
    def accuracy(self) -> float:
        return self.total("correct") / self.stated if self.stated else 0.0

    @property
    def invented_rate(self) -> float:
        nulls = self.total("invented") + self.total("null_ok")
        return self.total("invented") / nulls if nulls else 0.0

    def table(self) -> str:
        lines = [f"{'field':28} {'correct':>8} {'wrong':>6} {'missed':>7} {'invented':>9} {'null_ok':>8}"]
        for f in self.fields:
            c = self.counts[f]
            lines.append(f"{f:28} {c['correct']:8} {c['wrong']:6} {c['missed']:7} {c['invented']:9} {c['null_ok']:8}")
        lines.append(f"accuracy {self.accuracy:.3f} ({self.total('correct')}/{self.stated})  "
                     f"invented {self.invented_rate:.3f} ({self.total('invented')}/"
                     f"{self.total('invented') + self.total('null_ok')})")
        return "\n".join(lines)
