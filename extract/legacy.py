"""Pre-2019 statistics tables (domain.md §2.3): the 2014 national 统计指标/单位/统计数 table,
Fujian's 指标名称/计量单位/YYYY年度/历年累计 variant and the older 定西/莆田 variants.

Rows are found by their labels (whitespace inside a label tolerated); a row's cells are the
numbers between its label (and unit) and the next label. Cells are space-separated or, in
some copies, glued (`主动公开文件数条294981916`). A glued row is split by enumerating every
split without leading zeros that keeps year <= cumulative, then pruned by the table's own sums
(网站 + 公报 = 主动公开, channels = 申请总数, reply types = 答复总数, per column) and by a number
the report's narrative states for that row. A row still ambiguous keeps value None with
`candidates`. A blank cell or '/' is EMPTY/NA, never 0.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extract.model import EMPTY, TEXT, Cell, Header, NarrativeFact, Section
from extract.numbers import parse_cell
from extract.vocabulary import LEGACY_ROW_LABELS

LEGACY_FORMS = ("legacy_cn2014", "legacy_fj", "legacy_other")

_HEADER = re.compile(r"统\s*计\s*指\s*标|指\s*标\s*名\s*称")
_TWO_COLUMNS = re.compile(r"历\s*年\s*累\s*计|本\s*年\s*累\s*计")
_CODE_COLUMN = re.compile(r"代\s*码")
_HEADER_SPAN = 120  # the column captions follow the header word within this many characters

# (label, measure key), from the vocabulary data (extract/data/vocabulary/legacy_row_labels.csv).
# Order matters only where one label starts another's text; the alternation is tried left to
# right at each position. '{proc}.<facet>' rows take the proceeding of the last total row.
_ROWS: tuple[tuple[str, str], ...] = LEGACY_ROW_LABELS
_MEASURE_OF_GROUP = {f"r{i}": measure for i, (_, measure) in enumerate(_ROWS)}


def _spaced(label: str) -> str:
    """A label that may carry spaces or line breaks between its characters."""
    return r"\s*".join(re.escape(ch) for ch in label)


# The leading lookahead lets most positions fail on one character-class test.
_ROW_LABEL = re.compile(
    "(?=[" + "".join(sorted({label[0] for label, _ in _ROWS})) + "])(?:"
    + "|".join(f"(?P<r{i}>{_spaced(label)})" for i, (label, _) in enumerate(_ROWS)) + ")"
)
# A parenthesised note after the label: (不同渠道和方式公开相同信息计1条) holds a digit.
_LABEL_NOTE = re.compile(r"\s*[(（][^()（）]{0,60}[)）]")
_UNIT = re.compile(r"\s*(?P<unit>万元|人次|条|件|次|个|人|篇|元|项|份)")
_PIPE = re.compile(r"[ \t]*[|｜]")
_PIPED_CELL = re.compile(r"[|｜](?P<cell>[^|｜\n]*)(?=[|｜]|\n|$)")
_UNIT_ONLY = re.compile(r"万元|人次|条|件|次|个|人|篇|元|项|份|——|—|-")
_TOKEN = re.compile(r"\s*(?P<tok>\d+(?:\.\d+)?|/|／|—+|-+)")
# What ends the previous row's cells: an ordinal of the next label, `其中:`.
_TRAILING_ORDINAL = re.compile(r"(?P<digits>\d+)\s*[.、．]\s*$")
_TRAILING_MARKS = re.compile(r"(?:其中\s*[:：]?\s*)?(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+\s*、)?\s*$")
_VALID_NUMBER = re.compile(r"0|[1-9]\d*")
_MAX_COMBINATIONS = 4096  # a sum check beyond this many split combinations is skipped (speed)

# Parent rows whose children add up to them, per column (legacy_fj and older variants).
_SUM_GROUPS = (
    ("pub.info_items.total", ("pub.info_items.by_channel.website", "pub.info_items.by_channel.gazette")),
    ("app.new_received", tuple(m for m in _MEASURE_OF_GROUP.values()
                               if m.startswith("app.new_received.by_channel."))),
    ("app.total_processed", ("app.out.disclosed", "app.out.partial", "app.out.withheld._total",
                             "app.out.other.other")),
)


@dataclass
class _Row:
    measure: str
    label_start: int
    cells_start: int            # offset where the cell area begins (after label, note, unit)
    cells_end: int              # offset where the next label (or its ordinal) begins
    unit: str | None = None
    tokens: list[tuple[str, int, int]] = field(default_factory=list)  # (text, start, end)
    candidates: list[tuple[float, ...]] | None = None  # glued: admissible (year, cumulative)
    touching: bool = False      # the first number touches the unit/label (no space between)
    piped: bool = False         # `| 条 | 425 | 1516 |`: cells delimited, blanks kept in place


def extract_legacy_table(text: str, header: Header, sections: list[Section],
                         facts: list[NarrativeFact] = ()) -> list[Cell]:
    """Cells of the report's legacy statistics table; [] when there is none.

    `facts` are the report's narrative facts: a number a sentence before the table states for a
    row fixes that row's glued split.
    """
    m = _find_table_header(text)
    if m is None:
        return []
    table_start = m.start()
    captions = text[table_start: table_start + _HEADER_SPAN]
    n_columns = 2 if _TWO_COLUMNS.search(captions) else 1
    has_code = bool(_CODE_COLUMN.search(captions))
    form_version = _form_version(header, n_columns)
    rows = _find_rows(text, m.end())
    if not rows:
        return []
    for row in rows:
        _read_tokens(text, row, n_columns + has_code)
    glued = n_columns == 2 and _is_glued(rows)
    if glued:
        for row in rows:
            _glued_candidates(row)
        _prune_by_narrative(rows, [f for f in facts if f.end <= table_start])
        _prune_by_sums(rows)
    return [cell for row in rows for cell in _cells(row, n_columns, glued, form_version, rows)]


# --- locating the table and its rows -----------------------------------------------------------
def _find_table_header(text: str) -> re.Match | None:
    """The table's caption row: 统计指标/指标名称 followed by a 单位 caption."""
    for m in _HEADER.finditer(text):
        if "单" in text[m.end(): m.end() + 20]:
            return m
    return None


def _form_version(header: Header, n_columns: int) -> str:
    """The header's legacy variant; when it has none, the one the column layout suggests."""
    if header.form_version in LEGACY_FORMS:
        return header.form_version
    return "legacy_fj" if n_columns == 2 else "legacy_cn2014"


def _find_rows(text: str, start: int) -> list[_Row]:
    rows: list[_Row] = []
    proceeding = "proc.reconsideration"
    for m in _ROW_LABEL.finditer(text, start):
        measure = _MEASURE_OF_GROUP[m.lastgroup]
        if measure.endswith(".total") and measure.startswith("proc."):
            proceeding = measure[: -len(".total")]
        measure = measure.format(proc=proceeding)
        if rows:
            rows[-1].cells_end = m.start()
        cells_start = m.end()
        note = _LABEL_NOTE.match(text, cells_start)
        if note:
            cells_start = note.end()
        rows.append(_Row(measure=measure, label_start=m.start(), cells_start=cells_start,
                         cells_end=len(text)))
    return rows


def _read_tokens(text: str, row: _Row, max_tokens: int) -> None:
    """The unit and the number tokens at the start of the row's cell area."""
    area_end = _strip_next_ordinal(text, row)
    pos = row.cells_start
    if _PIPE.match(text, pos, area_end):
        _read_piped_cells(text, row, area_end, max_tokens)
        return
    unit = _UNIT.match(text, pos, area_end)
    if unit:
        row.unit = unit.group("unit")
        pos = unit.end()
    after_unit = pos
    while len(row.tokens) < max_tokens:
        m = _TOKEN.match(text, pos, area_end)
        if not m:
            break
        row.tokens.append((m.group("tok"), m.start("tok"), m.end("tok")))
        pos = m.end()
    row.touching = bool(row.tokens) and row.tokens[0][1] == after_unit
    if max_tokens == 3 and len(row.tokens) >= 2 and len(row.tokens[0][0]) == 2:
        row.tokens.pop(0)  # 定西-style 代码 column (01..35)


def _read_piped_cells(text: str, row: _Row, area_end: int, max_tokens: int) -> None:
    """Cells between pipes: a blank cell stays blank in its own column."""
    row.piped = True
    segments = [(m.start("cell"), m.end("cell")) for m in _PIPED_CELL.finditer(text, row.cells_start, area_end)]
    segments = [_stripped(text, a, b) for a, b in segments]
    while segments and segments[-1][0] == segments[-1][1]:
        segments.pop()  # the filler after the row's closing pipe
    if segments and _UNIT_ONLY.fullmatch(text, *segments[0]):
        unit = text[segments[0][0]: segments[0][1]]
        row.unit = None if unit.startswith(("—", "-")) else unit
        segments = segments[1:]
    if max_tokens == 3 and len(segments) >= 3:
        segments = segments[1:]  # 代码 column
    row.tokens = [(text[a:b], a, b) for a, b in segments[: max_tokens]]


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _strip_next_ordinal(text: str, row: _Row) -> int:
    """End of the row's cells, before the next label's `其中:`, `(一)` or `2.` ordinal.

    In glued copies the next ordinal touches the cells (`条41815092.政府公报公开`): the ordinal
    is taken as the shortest tail of the digit run that is >= 1 (ordinals rarely pass 9).
    """
    area = text[row.cells_start: row.cells_end]
    m = _TRAILING_ORDINAL.search(area)
    if m:
        digits = m.group("digits")
        cut = _ordinal_length(digits)
        return row.cells_start + m.start("digits") + len(digits) - cut
    m = _TRAILING_MARKS.search(area)
    return row.cells_start + (m.start() if m else len(area))


def _ordinal_length(digits: str) -> int:
    for length in (1, 2):
        tail = digits[-length:]
        if len(tail) == length and tail[0] != "0" and int(tail) >= 1:
            return length
    return len(digits)


# --- glued rows ----------------------------------------------------------------------------------
def _is_glued(rows: list[_Row]) -> bool:
    """Most rows hold a single token, touching its unit, where two columns are printed (a
    spaced table with blank cumulative cells also has single tokens, but spaced)."""
    with_tokens = [r for r in rows if r.tokens]
    glued = [r for r in with_tokens if len(r.tokens) == 1 and r.touching]
    return bool(with_tokens) and len(glued) > len(with_tokens) / 2


def _glued_candidates(row: _Row) -> None:
    if len(row.tokens) != 1:
        return
    digits = row.tokens[0][0]
    if len(digits) < 2:
        return  # one digit cannot be two cells: one cell printed, the other blank
    row.candidates = [pair for pair in _splits(digits) if pair[0] <= pair[1]]


def _splits(digits: str) -> list[tuple[float, float]]:
    """Every (year, cumulative) reading of a glued digit run, without leading zeros."""
    out = []
    for i in range(1, len(digits)):
        left, right = digits[:i], digits[i:]
        if _VALID_NUMBER.fullmatch(left) and _VALID_NUMBER.fullmatch(right):
            out.append((float(left), float(right)))
    return out


def _prune_by_narrative(rows: list[_Row], facts: list[NarrativeFact]) -> None:
    """Keep the split whose year value the report states in a sentence (2015年主动公开政府信息2949条)."""
    stated: dict[str, set[float]] = {}
    for fact in facts:
        stated.setdefault(fact.measure_key, set()).add(fact.value)
    for row in rows:
        if row.candidates and len(row.candidates) > 1 and row.measure in stated:
            kept = [c for c in row.candidates if c[0] in stated[row.measure]]
            if kept:
                row.candidates = kept


def _prune_by_sums(rows: list[_Row]) -> None:
    """Keep the splits under which every parent equals the sum of its children, per column."""
    by_measure: dict[str, _Row] = {}
    for row in rows:
        by_measure.setdefault(row.measure, row)
    for parent_key, child_keys in _SUM_GROUPS:
        group = [by_measure.get(parent_key)] + [by_measure[k] for k in child_keys if k in by_measure]
        if group[0] is None or len(group) < 2:
            continue
        options = [_options(r) for r in group]
        if any(not o for o in options) or _product_size(options) > _MAX_COMBINATIONS:
            continue
        consistent = [combo for combo in itertools.product(*options) if _adds_up(combo)]
        if not consistent:
            continue  # the source table itself does not add up: leave the rows as they were
        for i, row in enumerate(group):
            if row.candidates is not None:
                row.candidates = sorted({combo[i] for combo in consistent})


def _options(row: _Row) -> list[tuple[float, ...]]:
    if row.candidates is not None:
        return row.candidates
    if len(row.tokens) == 2 and all(t[0].replace(".", "", 1).isdigit() for t in row.tokens):
        return [(float(row.tokens[0][0]), float(row.tokens[1][0]))]
    return []


def _product_size(options: list[list]) -> int:
    size = 1
    for o in options:
        size *= len(o)
    return size


def _adds_up(combo: tuple[tuple[float, ...], ...]) -> bool:
    parent, children = combo[0], combo[1:]
    return all(abs(parent[col] - sum(c[col] for c in children)) < 1e-9 for col in range(2))


# --- cells ---------------------------------------------------------------------------------------
def _cells(row: _Row, n_columns: int, glued: bool, form_version: str, rows: list[_Row]) -> list[Cell]:
    columns = ("year", "cumulative")[:n_columns]
    if glued and row.candidates is not None:
        return _glued_cells(row, form_version)
    tokens = row.tokens[:n_columns]
    if n_columns == 2 and len(tokens) == 1 and not row.piped:
        return _lone_token_cells(row, form_version, rows)
    cells = []
    for i, col in enumerate(columns):
        if i < len(tokens):
            raw, start, end = tokens[i]
            cells.append(_cell(form_version, row, col, raw, start, end))
        else:
            at = tokens[-1][2] if tokens else row.cells_start
            cells.append(Cell(form_version, "legacy", row.measure, col, None, EMPTY, "", at, at,
                              unit=row.unit))
    return cells


def _cell(form_version: str, row: _Row, col: str, raw: str, start: int, end: int,
          note: str | None = None) -> Cell:
    value, semantic, unit = parse_cell(raw)
    if value is not None and value < 0:
        value, semantic = None, TEXT  # a count is never negative: `-` read as a sign is a dash
    return Cell(form_version, "legacy", row.measure, col, value, semantic, raw, start, end,
                unit=unit or row.unit, note=note)


def _glued_cells(row: _Row, form_version: str) -> list[Cell]:
    raw, start, end = row.tokens[0]
    if row.candidates and len(row.candidates) == 1:
        year, cumulative = row.candidates[0]
        cut = start + len(_number_text(year))
        return [
            _cell(form_version, row, "year", raw[: cut - start], start, cut, note="glued split"),
            _cell(form_version, row, "cumulative", raw[cut - start:], cut, end, note="glued split"),
        ]
    note = "glued cells: ambiguous split" if row.candidates else "glued cells: no admissible split"
    candidates = [list(c) for c in row.candidates] or None
    # value None: the semantic is TEXT (for review) until a split is chosen
    return [Cell(form_version, "legacy", row.measure, col, None, TEXT, raw, start, end,
                 unit=row.unit, candidates=candidates, note=note,
                 candidate_values=sorted({c[i] for c in candidates}) if candidates else None)
            for i, col in enumerate(("year", "cumulative"))]


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _lone_token_cells(row: _Row, form_version: str, rows: list[_Row]) -> list[Cell]:
    """One printed value under two columns (the other cell blank): it goes in the column where
    the table's sums expect it (the year column when both do). Without such evidence its column
    is unknown, and neither cell gets a value."""
    raw, start, end = row.tokens[0]
    value, _, _ = parse_cell(raw)
    expected = _expected_by_sum(row, rows)
    if expected is None or value is None or value not in expected:
        note = "one cell printed, column unknown"
        return [Cell(form_version, "legacy", row.measure, col, None, TEXT, raw, start, end,
                     unit=row.unit, note=note) for col in ("year", "cumulative")]
    column = "year" if expected[0] == value else "cumulative"
    other = "cumulative" if column == "year" else "year"
    return [
        _cell(form_version, row, column, raw, start, end, note="one cell printed"),
        Cell(form_version, "legacy", row.measure, other, None, EMPTY, "", end, end, unit=row.unit,
             note="one cell printed"),
    ]


def _expected_by_sum(row: _Row, rows: list[_Row]) -> tuple[float, float] | None:
    """(year, cumulative) this child row must hold for its group to add up, when the parent and
    every sibling are fully printed."""
    by_measure = {r.measure: r for r in reversed(rows)}
    for parent_key, child_keys in _SUM_GROUPS:
        if row.measure not in child_keys or parent_key not in by_measure:
            continue
        parent = _options(by_measure[parent_key])
        siblings = [_options(by_measure[k]) for k in child_keys if k in by_measure and k != row.measure]
        if len(parent) != 1 or any(len(s) != 1 for s in siblings):
            return None
        return tuple(parent[0][c] - sum(s[0][c] for s in siblings) for c in range(2))
    return None
