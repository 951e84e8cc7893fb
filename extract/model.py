"""What extraction returns for one report: plain dataclasses, no framework.

Every number keeps its provenance: `start`/`end` are character offsets into the report's
*clean* text (the output of `normalise.normalise`, or the rendering of a document read by its
structure; stored as `staging.reports.clean_text`), and `raw_text` is the exact slice the
number was read from. A cell read from a structured document also keeps its page (PDF) and
its table/row/column position in the source (HTML, PDF, DOCX; 0-based).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# value_semantic codes (domain.md §2.4): a blank cell or "/" is never coerced to 0.
NUMERIC, ZERO, EMPTY, NA, TEXT = "NUMERIC", "ZERO", "EMPTY", "NA", "TEXT"

TEMPLATES = ("narrative", "legacy_table", "form_2019", "form_2021")
FORM_VERSIONS = ("legacy_cn2014", "legacy_fj", "legacy_other", "gb2019", "gb2021")
UNIT_TYPES = ("镇", "乡", "苏木", "街道", "other")


@dataclass
class Evidence:
    """Where a header value was read: offsets into the clean text and the snippet."""

    start: int
    end: int
    snippet: str


@dataclass
class Header:
    unit_name: str | None = None
    unit_type: str | None = None          # one of UNIT_TYPES
    county: str | None = None             # fullest form named in the text, simplified script
    prefecture: str | None = None
    province: str | None = None
    report_year: int | None = None
    template: str | None = None           # one of TEMPLATES
    form_version: str | None = None       # one of FORM_VERSIONS, None for narrative
    publish_date: dt.date | None = None
    publish_date_source: str | None = None  # 'signature', '发布时间', '发布日期', '成文日期', '日期', ...
    title: str | None = None
    is_truncated: bool = False            # text ends mid-sentence / mid-table
    evidence: dict[str, Evidence] = field(default_factory=dict)  # field name -> where it was read


@dataclass
class Section:
    key: str            # 's1'..'s6' for the national forms' six sections; legacy: 'overview', ...
    number: int | None  # the printed ordinal (一 = 1), None when the heading had none
    heading: str
    start: int          # offset of the heading
    end: int            # offset where the next section starts (or text end)


@dataclass
class Cell:
    """One cell of a statistics table (form tables 2/3/4, or a legacy table)."""

    form_version: str   # gb2019 / gb2021 / legacy_cn2014 / legacy_fj / legacy_other
    table: str          # 't2', 't3', 't4' or 'legacy'
    row_code: str       # see vocabulary.py
    col_code: str       # see vocabulary.py
    value: float | None  # None unless semantic is NUMERIC or ZERO
    semantic: str       # NUMERIC / ZERO / EMPTY / NA / TEXT
    raw_text: str
    start: int
    end: int
    unit: str | None = None            # '条', '件', '元', '万元', ...
    candidates: list[list[float]] | None = None  # glued row left ambiguous: every admissible split
    candidate_values: list[float] | None = None  # the values this cell takes across those splits
    note: str | None = None
    source_page: int | None = None     # 1-based page of a PDF
    source_table: int | None = None    # 0-based table, row and column of the source's grid
    source_row: int | None = None
    source_col: int | None = None


@dataclass
class NarrativeFact:
    """A number stated in a sentence, mapped onto the conformed vocabulary."""

    measure_key: str        # e.g. 'pub.info_items.total', 'app.new_received', 'proc.reconsideration.total'
    value: float
    start: int              # offsets of the number (or of the negative phrase) in the clean text
    end: int
    snippet: str            # the whole sentence or clause it came from
    applicant_type: str = "all"
    semantic: str = NUMERIC  # NUMERIC or ZERO
    unit: str | None = None
    is_approximate: bool = False  # '260余条'
    rank: int = 0           # among facts of one measure in a report, 0 = the headline one
    contradicts_table: bool = False  # no admissible reading of the report's own table allows it
    source_page: int | None = None   # 1-based page of a PDF


@dataclass
class ReportExtraction:
    clean_text: str
    header: Header
    sections: list[Section] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    facts: list[NarrativeFact] = field(default_factory=list)
    had_traditional: bool = False
    hygiene_notes: list[str] = field(default_factory=list)
    source_format: str = "text"        # text / html / pdf / docx
