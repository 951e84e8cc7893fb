"""Tables 2, 3 and 4 of the 2019 and 2021 national forms (domain.md §2.1, §2.2, §2.6).

How a table is read:

1. Labels are found on a *key* of the text: letters, digits and CJK only, so full/half-width
   brackets, quotes, pipes, spaces and line breaks (wrapped or vertical labels, spaced
   glyphs) never matter. PDF page marks ('- 5 -', '第 5 页 共 9 页') are blanked out first.
   Rows are matched in the form's order, each within a short window after the previous one;
   a label may have one glyph dropped or misread, or be cut by its own cells.
2. A row's data is the text between its label and the next label. It is cut into cells by
   pipes, by lines or by spaces; a blank pipe cell is EMPTY, '/' is NA, never 0.
3. Rows whose numbers are glued together (`640020470`) are split every admissible way and
   the splits are filtered with the form's own arithmetic: row sums and the per-column
   identities of table 3, block sums of table 4. A row that stays ambiguous keeps
   value None, semantic TEXT and every admissible split in `candidates`. Digits are split
   only when the text is seen to run cells together, and every reading that may be true is
   among the candidates: where a blank cell left one space (a web page copied as text) or
   nothing at all, the readings with blanks in those places too.
4. Text copied out of a PDF does not keep a row's cells beside its label: they sit by the
   middle line of a wrapped label, on a line before it, or (pdftotext's reading order) in
   blocks of rows printed column by column. There table 3 is read as one stream of numbers
   laid on the form's rows, when the count and all the table's sums agree; table 4's header
   printed column by column is found by its glyphs. A number is never given on a guess: a
   cell that no reading makes certain is NULL.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import combinations

from extract.model import EMPTY, NUMERIC, TEXT, ZERO, Cell
from extract.numbers import parse_cell, to_wan
from extract.vocabulary import APPLICANT_COLUMNS, T4_PROCEEDINGS, T4_RESULTS

# --------------------------------------------------------------------------------------------
# The label key: the text without punctuation and whitespace, with a map back to offsets.

_KEY_RUN = re.compile(r"[^\W_]+")


class _Key:
    """`key` keeps letters, digits and CJK of `text[base:end]`; `offset(k)` maps a key index
    back (the key's end to `end`)."""

    def __init__(self, text: str, base: int = 0, end: int | None = None):
        parts: list[str] = []
        self._key_starts: list[int] = []
        self._text_starts: list[int] = []
        self.text_end = len(text) if end is None else end
        k = 0
        for m in _KEY_RUN.finditer(text, base, self.text_end):
            run = m.group()
            parts.append(run)
            self._key_starts.append(k)
            self._text_starts.append(m.start())
            k += len(run)
        self.key = "".join(parts)

    def offset(self, k: int) -> int:
        """Text offset of key character k."""
        if k >= len(self.key):
            return self.text_end
        i = bisect_right(self._key_starts, k) - 1
        return self._text_starts[i] + (k - self._key_starts[i])

    def end_offset(self, k_end: int) -> int:
        """Text offset just after the key span ending (exclusive) at k_end."""
        return self.offset(k_end - 1) + 1


# --------------------------------------------------------------------------------------------
# Row specifications, in printed order.


@dataclass(frozen=True)
class _Spec:
    code: str | None          # row code; None for a caption or a group label
    pattern: re.Pattern
    ordinal: int | None = None  # printed leaf number ('2.'), stripped from the previous row's data
    optional: bool = False    # searched only before the next required row
    subtable: str | None = None  # table 2: '一', '五', '六', '八', '九'
    caption: bool = False     # a '第二十条第（X）项' caption: the next text is a column header


def _spec(code, pattern, ordinal=None, optional=False, subtable=None, caption=False):
    return _Spec(code, re.compile(pattern), ordinal, optional, subtable, caption)


_T2_SEQUENCE = (
    _spec(None, r"第二十一?条第?一项", optional=True, subtable="一", caption=True),
    _spec("rule", r"规章", subtable="一"),
    _spec("normdoc", r"(?:行政)?规范性文件", subtable="一"),
    _spec("other_docs", r"其他主动公开(?:的)?文件", optional=True, subtable="一"),
    _spec(None, r"第二十一?条第?五项", optional=True, subtable="五", caption=True),
    _spec("license", r"行政许可", subtable="五"),
    _spec("other_service", r"其他对外管理服务事项", optional=True, subtable="五"),
    _spec("inspection", r"行政检查", optional=True, subtable="五"),
    _spec("confirmation", r"行政确认", optional=True, subtable="五"),
    _spec(None, r"第二十一?条第?六项", optional=True, subtable="六", caption=True),
    _spec("penalty", r"行政处罚", subtable="六"),
    _spec("coercion", r"行政强制", subtable="六"),
    _spec(None, r"第二十一?条第?八项", optional=True, subtable="八", caption=True),
    _spec("admin_fee", r"行政事业性收费", subtable="八"),
    _spec(None, r"第二十一?条第?九项", optional=True, subtable="九", caption=True),
    _spec("procurement", r"政府集中采购", optional=True, subtable="九"),
)

# One sequence for both forms: （六） is a single row in 2019 and a group of three leaves in
# 2021, and stale/hybrid layouts mix the two, so the leaves are optional.
_T3_SEQUENCE = (
    _spec("new_received", r"本年新收(?:政府信息公开)?申请(?:数量?)?"),
    _spec("carried_in", r"上年(?:结转|转结)(?:政府信息公开)?申请(?:数量?)?"),
    _spec(None, r"本年度?办理结果", optional=True),
    _spec("out.disclosed", r"予以公开"),
    _spec("out.partial", r"部分公开"),
    _spec("out.withheld._total", r"不予公开", optional=True),
    _spec("out.withheld.state_secret", r"属于国家秘密", 1),
    _spec("out.withheld.law_prohibited", r"其他法律行政法?规?禁?止公开", 2),
    _spec("out.withheld.security_stability", r"危及三安全一稳定", 3),
    _spec("out.withheld.third_party", r"保护第三方合法权益", 4),
    _spec("out.withheld.internal_affairs", r"属于三类内部事务信息", 5),
    _spec("out.withheld.process_info", r"属于四类过程性信息", 6),
    _spec("out.withheld.enforcement_file", r"属于行政执法案卷", 7),
    _spec("out.withheld.admin_query", r"属于行政查询事项", 8),
    _spec("out.unavailable._total", r"无法提供", optional=True),
    _spec("out.unavailable.not_held", r"本机关不掌握(?:相关)?(?:的)?政府信息", 1),
    _spec("out.unavailable.needs_creation", r"没有现成信息需要另行制作", 2),
    _spec("out.unavailable.unclear", r"补正后申请内容仍不明确", 3),
    _spec("out.not_processed._total", r"不予处理", optional=True),
    _spec("out.not_processed.petition", r"信访举报投诉类申请", 1),
    _spec("out.not_processed.duplicate", r"重复申请", 2),
    _spec("out.not_processed.publication", r"要求提供公开出版物", 3),
    _spec("out.not_processed.mass_repeat", r"(?:申请人)?无正当理由大量反复申请", 4),
    _spec("out.not_processed.confirm_reissue", r"要求行政机关确认或重新出具已获取信息", 5),
    _spec("out.other._total", r"其他处理"),
    _spec("out.other.no_correction",
          r"(?:申请人)?无正当理由逾期不补正(?:行政机关不再处理其政府信息公开申请)?", 1, optional=True),
    _spec("out.other.fee_unpaid",
          r"(?:申请人)?逾期未按收费通知要求缴纳费用(?:行政机关不再处理其政府信息公开申请)?", 2,
          optional=True),
    _spec("out.other.other", r"其他", 3, optional=True),
    _spec("total_processed", r"总计|合计"),
    _spec("carried_out", r"结转下一?年度?继续办理"),
)

_T2_SUBROWS = ("inspection", "confirmation")
_T3_LEAVES_2021_OTHER = ("out.other.no_correction", "out.other.fee_unpaid", "out.other.other")
_T3_LEAF_GROUPS = {
    "out.withheld._total": tuple(s.code for s in _T3_SEQUENCE if s.code and s.code.startswith("out.withheld.") and not s.code.endswith("_total")),
    "out.unavailable._total": tuple(s.code for s in _T3_SEQUENCE if s.code and s.code.startswith("out.unavailable.") and not s.code.endswith("_total")),
    "out.not_processed._total": tuple(s.code for s in _T3_SEQUENCE if s.code and s.code.startswith("out.not_processed.") and not s.code.endswith("_total")),
}
_T3_GROUP_ROWS = ("out.withheld._total", "out.unavailable._total", "out.not_processed._total")

# Windows (in key characters) within which the next row label must appear.
_REQUIRED_WINDOW = 260
_OPTIONAL_WINDOW = 80
_LOOKAHEAD_ROWS = 3  # rows after an optional label that bound where it is searched

# --------------------------------------------------------------------------------------------
# Column headers.

# table 2: header words -> column code (longest alternatives first)
_T2_HEADER_WORDS = {  # column code -> its header words (longest alternatives first)
    "new_made": r"本年新制作(?:数量?)?", "new_published": r"本年新公开(?:数量?)?",
    "published_total": r"对外公开总(?:数量?)?", "issued": r"本年制发(?:件数)?",
    "repealed": r"本年废止(?:件数)?", "in_force": r"现行有效(?:件数)?",
    "items_prev": r"上一?年项目数量?", "items_change": r"本年增减?(?:数量?)?",
    "decisions": r"(?:本年)?处理决定数量?", "fee_amount": r"本年收费金额",
    "projects": r"采购项目数量?", "amount_wan": r"采购总金额", "bare_new": r"本年新",
}
_T2_HEADER = re.compile("|".join(f"(?P<{code}>{words})" for code, words in _T2_HEADER_WORDS.items()))
_T2_DEFAULT_COLUMNS = {
    "gb2019": {"一": ("new_made", "new_published", "published_total"),
               "五": ("items_prev", "items_change", "decisions"),
               "六": ("items_prev", "items_change", "decisions"),
               "八": ("items_prev", "items_change"),
               "九": ("projects", "amount_wan")},
    "gb2021": {"一": ("issued", "repealed", "in_force"),
               "五": ("decisions",), "六": ("decisions",), "八": ("amount_wan",),
               "九": ("projects", "amount_wan")},
}
_ONLY_2019 = {"new_made", "new_published", "published_total", "items_prev", "items_change", "projects"}
_ONLY_2021 = {"issued", "repealed", "in_force"}
_SIGNED_COLUMNS = {"items_change"}

# 总计 and the applicant words: 总计 first means a total-first layout (several words, so one
# losing a glyph does not flip the reading)
_T3_HEADER = re.compile(r"总计|自然人|法人或其他组织|商业企业|科研机构|社会公益组织|法律服务机构")
_T4_HEADER_WORDS = re.compile(
    r"行政法?复议|行政诉讼|未经复议直接起诉|复议后起诉|结果维持|结果纠正|其他结果|尚未审结|总计|情况")
_T4_RESULT_WORDS = {"结果维持": "upheld", "结果纠正": "corrected", "其他结果": "other",
                    "尚未审结": "pending", "总计": "total"}

# --------------------------------------------------------------------------------------------
# Cell tokens.

_NUMBER = r"[+\-−－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元|条|件|次|个|人次|人|篇|%)?"
_CELL_TOKEN = re.compile(rf"{_NUMBER}|[/／\\×—–\-]+|无")
# numbers glued together, signs included ('2648-18538', '13575394432.52元'): the language of
# (sign? digits (. digits)?)+ written without nested quantifiers, so a long run of digits is
# matched in linear time (every digit run is maximal; a decimal part of one digit may not be
# followed by another '.', since '1.2.3' has no reading as glued numbers)
_SIGN = "+\\-−－"
_GLUED_TOKEN = re.compile(rf"[{_SIGN}]?\d+(?:[{_SIGN}]\d+|\.\d\d+|\.\d(?![\d.]))*(?:万元|元)?")
_MAX_PIECE_CHARS = 16  # the longest number a glued cell holds ('75394432.52元' has 12 characters)
_NUMBER_PREFIX = re.compile(_NUMBER)
_NUMBERED_PREFIX = (
    re.compile(r"[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*$"),
    re.compile(r"[一二三四五六七八九十]{1,3}\s*[、.．]\s*$"),
)
_PAGE_DASHES = {"-", "—", "–", "--", "——"}
_MAX_SPLIT_STEPS = 200_000  # bound on the glued-split search per row
_INTEGER = re.compile(r"0|[1-9]\d*")
_TOKEN = re.compile(r"\S+")
# a parenthetical continuing a label: never the next label's '(四)', and never its numbers (a
# PDF may print a wrapped label's cells between its lines: '(区分处理的,只计这一情 5 0 … 形,…)');
# matched where a label ends (the look-behind keeps a search from retrying runs of spaces)
_LABEL_TAIL = re.compile(r"(?<![\s”\"’'」』》])(?:[”\"’'」』》]*\s*[(（](?!\s*[一二三四五六七八九十\d]{1,3}\s*[)）])"
                         r"[^()（）\d|]{0,60}(?:[)）]|(?=\s*\d))|\s*[”\"’'」』》]+)")
# a leaf's printed number before its label: '2.' / '2、' / '(2)'
# (a glyph or three of the label may sit between: '2.请人逾期未按…' with '申' lost)
# (on one line: in '89 92\n、 2.其他…' the '、' under 92 is a glyph of the vertical group label)
_ORDINAL_PREFIX = {n: re.compile(rf"(?:{n}[ \t]*[.、．]|[(（]\s*{n}\s*[)）])\s*[^\W\d_]{{0,3}}\s*$") for n in range(1, 10)}


@dataclass
class _Piece:
    start: int
    end: int
    value: float | None
    semantic: str
    unit: str | None = None


@dataclass
class _Row:
    table: str
    code: str
    columns: tuple[str, ...]    # column codes in printed order
    form_version: str
    span: tuple[int, int]       # the row's data in the text
    pieces: list[_Piece] | None = None          # cells in printed order, when known
    candidates: list[list[_Piece]] | None = None  # glued row: every admissible split
    unit_hint: str | None = None
    note: str | None = None
    value_lists: list[list[float | None]] | None = None  # the solver's cache of candidate values
    blanks_are_cells: bool = False  # its blanks were printed as blank cells (zeros in the sums)


# --------------------------------------------------------------------------------------------
# Public entry point.


def extract_form_tables(text: str, form_version: str | None) -> list[Cell]:
    """Every row × column of tables 2, 3 and 4 of a gb2019/gb2021 report as Cells."""
    if form_version not in ("gb2019", "gb2021") or not text:
        return []
    try:
        return _read_tables(text, form_version)
    except Exception:
        return []         # is better than a guess (the fuzz tests keep this path unused)


def _read_tables(original: str, form_version: str) -> list[Cell]:
    base = _tables_base(original)
    if base is None:
        return []
    text = _mask_page_marks(original, base)  # same offsets, so cells still point into `original`
    text = _mask_repeated_headers(text, base)
    key = _Key(text, base, _sections_after_tables(text, base))
    k = key.key
    t3_start = _find_t3_start(k)
    t4_from = t3_start if t3_start is not None else 0
    t4_header = _find_t4_header(k, t4_from) or _find_stacked_t4_header(k, t4_from)
    t4_start = t4_header.start if t4_header else None
    t2_start = _find_t2_start(k)
    checked_rows: list[_Row] = []  # tables 3 and 4: rows whose arithmetic can be checked
    t3_end = None
    t3_header = _find_t3_header(k, t2_start or 0, r"勾稽关系|申请人情况")
    t3_from = t3_start if t3_start is not None else t3_header
    tables_end = _find_after(k, r"存在的?主要问题", t4_start if t4_start is not None else t3_from or 0)
    flat = _Flattening(text, key.offset(t3_from) if t3_from is not None else base,
                       key.offset(tables_end), key.offset(t4_start) if t4_start is not None else len(text))
    if t3_from is not None:
        t3_end = t4_start if t4_start is not None and t4_start > t3_from else _find_after(k, r"行政法?复议|存在的?主要问题", t3_from)
        # the rows' numbers may come before their labels: the stream starts at the header
        stream_from = t3_header if t3_header is not None and t3_header <= t3_from else t3_from
        t3_rows, flat = _read_t3(text, key, form_version, t3_start, t3_end, stream_from, flat)
        checked_rows += t3_rows
    if t4_header is not None:
        row = _read_t4(text, key, form_version, t4_header, flat)
        if row is None and not t4_header.stacked and (stacked := _find_stacked_t4_header(k, t4_from)):
            row = _read_t4(text, key, form_version, stacked, flat)  # words only partly whole
        if row:
            checked_rows.append(row)
    else:  # one small table per proceeding, each with its own header
        checked_rows += _read_t4_blocks(text, key, form_version, t3_end if t3_end is not None else 0, flat)
    t2_rows: list[_Row] = []
    if t2_start is not None:
        t2_end = next((x for x in (_find_t3_header(k, t2_start), t3_start, t4_start) if x is not None), len(k))
        # Table 2 has no sums to check a split against, so a short row is read as glued only
        # when tables 3/4 of the same report prove the flattening glues cells together;
        # otherwise it more likely lost its blank cells.
        glued_layout = any(r.candidates for r in checked_rows)
        t2_rows = _read_t2(text, key, form_version, t2_start, t2_end, glued_layout)
    return [cell for row in t2_rows + checked_rows for cell in _row_cells(original, row)]


# --------------------------------------------------------------------------------------------
# Locating the tables.


_TABLE_WORDS = ("第二十条", "第二十一条", "本年新制作", "本年制发", "勾稽", "申请人情况", "本年新收", "结果维持")
_LAST_TABLE_WORDS = ("尚未审结", "复议后起诉", "结果维持", "审结")


def _sections_after_tables(text: str, base: int) -> int | None:
    """Where section 五 begins after the last table (what follows is never read as a table)."""
    last = max(text.rfind(w) for w in _LAST_TABLE_WORDS)
    at = text.find("存在的主要问题", max(base, last))
    return at if at >= 0 else None


def _tables_base(text: str) -> int | None:
    """Offset of the first table word: the narrative before it is never read as a table."""
    found = [i for i in (text.find(w) for w in _TABLE_WORDS) if i >= 0]
    return max(0, min(found) - 80) if found else None


# Page footers/headers of a PDF ('- 5 -', '第 5 页 共 9 页') land between rows, inside a row's
# numbers or inside a label. A dashed page number alone on its line, or inline beside text that
# is not a cell, is a page mark; inline between two cells it could be '-', 5, '-' and is kept.
_PAGE_OF = r"第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页"
_DASHED_PAGE = r"[-—–]{1,2}[ \t]*\d{1,4}[ \t]*[-—–]{1,2}"
_PAGE_MARK = re.compile(  # the lookahead lets the scan skip to candidate characters
    rf"(?=[第共 \t\-—–])(?:{_PAGE_OF}|(?m:^[ \t]*{_DASHED_PAGE}[ \t]*$)|(?<=\s){_DASHED_PAGE}(?=\s))")


_MASK = "\u2000"  # what a page mark is blanked with: white space, but never a blank cell's space


def _mask_page_marks(text: str, base: int) -> str:
    """`text` with page marks after `base` blanked out; a mark on its own line takes its line
    breaks with it, so a row broken by a page does not look like one cell per line."""
    spans = []
    for m in _PAGE_MARK.finditer(text, base):
        s, e = m.span()
        if _alone_on_line(text, s, e):
            s, e = s - (text[s - 1:s] == "\n"), e + (text[e:e + 1] == "\n")
        elif text[s] in "-—–" and _between_cells(text, s, e):
            continue  # maybe cells '-', 5, '-': _drop_inline_page_number decides by the count
        spans.append((s, e))
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = _MASK * (e - s)
    return "".join(chars)


# A markdown table's header line is the line above its '|---|---|' separator. Inside table 3 a
# converted document may start a small table per row group, each with its own header
# ('| 类别 | 数据1 | … | 总计 |'): those headers name columns, never rows, and are blanked out
# (their 总计 is not row （七）总计, and a row label repeated in them is not the row).
# (spaces around an optional pipe written so that they cannot be split two ways: quadratic)
_MD_SEPARATOR = re.compile(r"(?m)^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*+(?:\|[ \t]*:?-{3,}:?[ \t]*+)+(?:\|[ \t]*)?$")
# the rest of a line when it holds nothing but pipes and spaces (matched where a label ends)
_FILLER_TO_LINE_END = re.compile(r"(?<![|\s])[|\s]*?\n")


def _mask_repeated_headers(text: str, base: int) -> str:
    start = text.find("本年新收", base)
    if start < 0 or "---" not in text[start:]:
        return text
    end = text.find("行政复议", start)
    end = len(text) if end < 0 else end
    spans = []
    for m in _MD_SEPARATOR.finditer(text, start, end):
        header_start = text.rfind("\n", 0, max(0, m.start() - 1)) + 1
        if header_start > start and "|" in text[header_start:m.start()]:
            spans.append((header_start, m.end()))
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = [c if c == "\n" else " " for c in chars[s:e]]
    return "".join(chars)


def _alone_on_line(text: str, s: int, e: int) -> bool:
    line_start, line_end = text.rfind("\n", 0, s) + 1, text.find("\n", e)
    return not text[line_start:s].strip() and not text[e:line_end if line_end >= 0 else len(text)].strip()


def _between_cells(text: str, s: int, e: int) -> bool:
    before = text[max(0, s - 40):s].split()
    after = text[e:e + 40].split()
    return bool(before and after) and all(
        _CELL_TOKEN.fullmatch(t) or _GLUED_TOKEN.fullmatch(t) for t in (before[-1], after[0]))


def _find_after(k: str, pattern: str, start: int) -> int:
    m = re.compile(pattern).search(k, start)
    return m.start() if m else len(k)


def _find_t2_start(k: str) -> int | None:
    m = re.search(r"第二十一?条第?[一五六八九]项|本年新制作数量|本年制发件数", k)
    return m.start() if m else None


def _find_t3_header(k: str, start: int, words: str = r"勾稽关系|申请人情况|收到和处理政府信息公开申请情况") -> int | None:
    m = re.compile(words).search(k, start)
    return m.start() if m else None


def _find_t3_start(k: str) -> int | None:
    """Row 一 of table 3: '本年新收…申请' followed shortly by row 二 (after the table's
    header when there is one, so a sentence in the narrative is not taken for the table)."""
    header = re.search(r"勾稽关系|申请人情况", k)
    first_row, second_row = _T3_SEQUENCE[0], _T3_SEQUENCE[1]
    for start in ([header.end()] if header else []) + [0]:
        while span := _find_label(first_row, k, start, len(k)):
            if _find_label(second_row, k, span[1], span[1] + 200):
                return span[0]
            start = span[1]
    return None


@dataclass
class _T4Header:
    start: int                  # key offsets of the header words
    end: int
    results: tuple[str, ...]    # result columns in printed order (总计 may come first)
    stacked: bool = False       # printed column by column: the order is the form's, see _read_t4


def _find_t4_header(k: str, start: int) -> _T4Header | None:
    """Table 4's header: an unbroken run of its words (行政复议 … 总计) holding three 总计."""
    for anchor in re.compile(r"行政法?复议").finditer(k, start):
        end, seen = anchor.start(), []
        for m in _T4_HEADER_WORDS.finditer(k, anchor.start()):
            if m.start() - end > 4 or re.search(r"\d", k[end:m.start()]):
                break
            end = m.end()
            seen.append(_T4_RESULT_WORDS.get(m.group()))  # None: a proceeding word
        if seen.count("total") >= 3:
            return _T4Header(anchor.start(), end, _t4_result_order(seen))
    return None


# Table 4's header printed column by column (PDF text): each cell's words stacked over two or
# three lines ('结果 结果 其他 尚未 / 总 计 / 维持 纠正 结果 审结 …'), so no word is whole. What
# stays is the glyphs: from 行政复议 to the first number, only header glyphs, and every result
# word's glyphs once per proceeding (维持 纠正 审结 总计, three times each).
_T4_GLYPHS = frozenset("行政法复议诉讼未经直接起后结果维持纠正其他尚审总计情况")
_T4_RESULT_GLYPHS = "维持纠正审总计"
_T4_HEADER_SPAN = 200   # key characters: the header is about 90 glyphs
_T4_FOREIGN_GLYPHS = 4  # a misread glyph or two, a unit note
_T4_DATA_RUN = re.compile(rf"[\d{''.join(sorted(_T4_GLYPHS))}]*")
_NOT_T4_GLYPH = re.compile(rf"[^\W_{''.join(sorted(_T4_GLYPHS))}]")
_DIGITS = re.compile(r"\d+")


def _find_stacked_t4_header(k: str, start: int) -> _T4Header | None:
    for anchor in re.compile(r"行政法?复议").finditer(k, start):
        first_number = _DIGIT.search(k, anchor.start(), anchor.start() + _T4_HEADER_SPAN)
        if first_number is None:
            continue
        glyphs = k[anchor.start():first_number.start()]
        if sum(g not in _T4_GLYPHS for g in glyphs) > _T4_FOREIGN_GLYPHS:
            continue
        # a tall header cell (a proceeding's 总计) may come out among the numbers
        data = _T4_DATA_RUN.match(k, first_number.start(), first_number.start() + _T4_HEADER_SPAN)
        glyphs += _DIGITS.sub("", data.group())
        if all(glyphs.count(g) >= len(T4_PROCEEDINGS) for g in _T4_RESULT_GLYPHS):
            return _T4Header(anchor.start(), first_number.start(), T4_RESULTS, stacked=True)
    return None


def _t4_result_order(words: list[str | None]) -> tuple[str, ...]:
    """Result columns in the order of the first block of the header (总计 may come first); the
    form's order when that block is not the five results (a word lost a glyph)."""
    first_block = []
    for word in words:
        if word is None and first_block or len(first_block) == len(T4_RESULTS):
            break
        if word is not None:
            first_block.append(word)
    return tuple(first_block) if sorted(first_block) == sorted(T4_RESULTS) else T4_RESULTS


# --------------------------------------------------------------------------------------------
# Matching labels in order.


@dataclass
class _Match:
    spec: _Spec
    k_start: int
    k_end: int


def _match_sequence(k: str, sequence: tuple[_Spec, ...], start: int, end: int) -> list[_Match]:
    """Labels of `sequence` found in order between key offsets start and end."""
    found: list[_Match] = []
    cursor = start
    for i, spec in enumerate(sequence):
        limit = min(end, cursor + (_OPTIONAL_WINDOW if spec.optional else _REQUIRED_WINDOW))
        if spec.optional:
            # never past a row that follows it (a group label printed in the middle of its
            # leaves, beside a later one, is not searched past the earlier leaves' labels);
            # the first of them found bounds it
            for nxt in [s for s in sequence[i + 1:] if not s.optional][:_LOOKAHEAD_ROWS]:
                next_span = _find_label(nxt, k, cursor, min(end, cursor + _REQUIRED_WINDOW))
                if next_span:
                    limit = min(limit, next_span[0])
                    break
        if not found and not spec.optional:
            limit = min(end, cursor + 40)  # the first row sits right at the table's start
        span = _find_label(spec, k, cursor, limit)
        if span:
            span = _last_repetition(spec, k, span, end)
            found.append(_Match(spec, *span))
            cursor = span[1]
    return found


_REPEAT_GAP = 40  # key characters (a label's parenthetical) between a heading and its row's label


def _last_repetition(spec: _Spec, k: str, span: tuple[int, int], end: int) -> tuple[int, int]:
    """A label printed as a heading and again on its row ('### 二、上年结转…' then
    '| 上年结转… | 36 | …'): the row is the last repetition, with no number in between."""
    if spec.caption:
        return span
    while True:
        again = spec.pattern.search(k, span[1], min(end, span[1] + _REPEAT_GAP + span[1] - span[0]))
        if again is None or again.end() == again.start() or _DIGIT.search(k, span[1], again.start()):
            return span
        span = _find_label(spec, k, again.start(), end) or again.span()


_DIGIT = re.compile(r"\d")


def _find_label(spec: _Spec, k: str, start: int, end: int) -> tuple[int, int] | None:
    """Key span of a row label: as printed, with a glyph dropped or misread, or wrapped around
    its own cells (PDF text prints a long label's cells between its lines)."""
    m = spec.pattern.search(k, start, end) or _fuzzy_search(spec, k, start, end)
    cut = None if spec.caption else _cut_label_pattern(spec.pattern.pattern)
    if m is None:
        m = cut.search(k, start, end) if cut else None
        return m.span() if m else None
    longer = cut.match(k, m.start(), end) if cut else None  # '…不补正行政机关不再处理其政' + cells
    return m.start(), max(m.end(), longer.end() if longer else 0)


_FUZZY_MIN_LENGTH = 6  # shorter labels are too alike to tolerate a missing or misread glyph…
_SHORT_LABEL = 4       # …unless the row's cells follow ('行政罚 1282')


def _fuzzy_search(spec: _Spec, k: str, start: int, end: int) -> re.Match | None:
    """A label printed with one glyph dropped or misread (PDF/OCR: '属于行政执法案券')."""
    if spec.caption:
        return None
    # optional group labels ('无法提供') are short and often absent: blurred, they would match
    # a fragment further on
    fuzzy = _fuzzy_pattern(spec.pattern.pattern, _FUZZY_MIN_LENGTH if spec.optional else _SHORT_LABEL)
    if fuzzy is None:
        return None
    pattern, halves = fuzzy
    window = k[start:end]
    return pattern.search(k, start, end) if any(h in window for h in halves) else None


@cache
def _fuzzy_pattern(pattern: str, min_length: int = _FUZZY_MIN_LENGTH, cells_follow: bool = True):
    """(regex, halves): every wording the label's pattern admits, each with any one glyph
    optional or replaced by another letter (never a digit: the row's cells follow the label);
    and the halves of the wordings, one of which a one-glyph slip leaves intact (a cheap test
    before the regex). None when no wording is long enough."""
    wordings = [w for w in _wordings(pattern) if len(w) >= min_length]
    if not wordings:
        return None
    variants = []
    for w in wordings:
        # a short label blurred could be part of another ('予公开' in '不予公开'): unless its
        # row's cells follow, it is not taken
        then = r"(?=\d)" if cells_follow and len(w) < _FUZZY_MIN_LENGTH else ""
        variants += [re.escape(w[:i]) + r"[^\W\d_]?" + re.escape(w[i + 1:]) + then for i in range(len(w))]
    halves = {h for w in wordings for h in (w[:len(w) // 2], w[len(w) // 2 + 1:])}
    return re.compile("|".join(variants)), tuple(halves)


@cache
def _cut_label_pattern(pattern: str) -> re.Pattern | None:
    """A wording cut by the row's cells: its first half or more (at least six glyphs, as many
    as are there), then a digit."""
    variants = []
    for w in _wordings(pattern):
        shortest = max(_FUZZY_MIN_LENGTH, (len(w) + 1) // 2)
        if len(w) > shortest:
            variants.append(re.escape(w[:shortest]) + "".join(f"(?:{re.escape(g)}" for g in w[shortest:])
                            + ")?" * (len(w) - shortest) + r"(?=\d)")
    return re.compile("|".join(variants)) if variants else None


_PATTERN_PART = re.compile(r"\(\?:([^()]*)\)(\?)?|([^()?|\[\]\\])(\?)?|(.)")


def _wordings(pattern: str) -> list[str]:
    """The literal wordings of a label pattern made of glyphs, 'X?' and '(?:A|B)?' only;
    none for anything else (a top-level '总计|合计' has no single wording to blur)."""
    out = [""]
    for group, group_optional, glyph, glyph_optional, other in _PATTERN_PART.findall(pattern):
        if other:
            return []
        options = [w for alt in group.split("|") for w in _wordings(alt)] if group else [glyph]
        options += [""] if group_optional or glyph_optional else []
        out = [w + o for w in out for o in options]
    return out


def _label_end(text: str, key: _Key, match: _Match) -> int:
    """Text offset after a label, past a parenthetical that continues it (部分公开（区分…）)."""
    pos = key.end_offset(match.k_end)
    m = _LABEL_TAIL.match(text, pos)
    return m.end() if m else pos


def _label_start(text: str, key: _Key, match: _Match) -> int:
    """Text offset where a label's printed number ('2.', '（三）', '四、') begins."""
    pos = key.offset(match.k_start)
    window_start = max(0, pos - 40)  # wide enough for a blanked page mark between '2.' and the label
    for _ in range(2):
        before = text[window_start:pos]
        cut = None
        if match.spec.ordinal is not None:
            cut = _ORDINAL_PREFIX[match.spec.ordinal].search(before)
        if cut is None:
            cut = next((m for p in _NUMBERED_PREFIX if (m := p.search(before))), None)
        if cut is None:
            break
        pos = window_start + cut.start()
    return pos


# --------------------------------------------------------------------------------------------
# Cutting a row's data into cells.


@dataclass
class _Tokens:
    pieces: list[_Piece] = field(default_factory=list)  # in printed order
    mode: str = "inline"     # 'pipe', 'line' or 'inline'
    stop: str = "label"      # why the row ended: 'label', 'text' or 'eof'
    numeric: bool = True     # every piece is a plain number (a glued row can be split)


def _tokenise(text: str, start: int, end: int) -> _Tokens:
    if "|" in text[start:end]:
        return _tokenise_pipes(text, start, end)
    out = _Tokens()
    prev_end = start
    for m in _TOKEN.finditer(text, start, end):
        token = m.group()
        full = _CELL_TOKEN.fullmatch(token) or _GLUED_TOKEN.fullmatch(token)
        if (full or _NUMBER_PREFIX.match(token)) and out.pieces and "\n" in text[prev_end:m.start()]:
            out.mode = "line"  # cells on lines of their own: never glued
        if not full:
            head = _GLUED_TOKEN.match(token)
            if head and token[head.end()] == "." and m.end() >= len(text):
                out.stop = "eof"  # '9116.' at the end: the decimals are cut off
                break
            # digits before '.'/'、' are a decimal cut by a line break ('4166.' + '241619') or
            # the next label's number glued on ('80000082.请人…' when '申' was lost): not a cell
            if head and token[head.end()] not in ".、":
                out.pieces.append(_piece(text, m.start(), m.start() + head.end()))
            out.stop = "text"
            break
        if m.end() >= len(text):
            out.stop = "eof"  # the last token may be cut mid-number
            break
        out.pieces.append(_piece(text, m.start(), m.end()))
        prev_end = m.end()
    else:
        out.stop = "eof" if end >= len(text) else "label"
    out.numeric = all(_GLUED_TOKEN.fullmatch(text[p.start:p.end]) for p in out.pieces)
    return out


def _tokenise_pipes(text: str, start: int, end: int) -> _Tokens:
    out = _Tokens(mode="pipe")
    bars = [i for i in range(start, end) if text[i] == "|"]
    bounds = [start, *[b + 1 for b in bars]]
    segments = [(s, e) for s, e in zip(bounds, [*bars, end], strict=True)]
    for i, (s, e) in enumerate(segments):
        raw = text[s:e]
        content = raw.strip()
        is_head, is_tail = i == 0, i == len(segments) - 1
        if not content:
            if is_head or is_tail or ("\n" in raw and not out.pieces):
                continue  # the label's own cell end, or a filler line
            out.pieces.append(_Piece(s, e, None, EMPTY))
            continue
        if is_tail and e >= len(text) and not raw[-1].isspace():
            out.stop = "eof"
            break
        if not _CELL_TOKEN.fullmatch(content):
            out.stop = "text"
            break
        lead = len(raw) - len(raw.lstrip())
        out.pieces.append(_piece(text, s + lead, s + lead + len(content)))
    else:
        out.stop = "eof" if end >= len(text) else "label"
    out.numeric = all(p.semantic in (NUMERIC, ZERO) for p in out.pieces)
    return out


def _piece(text: str, start: int, end: int) -> _Piece:
    raw = text[start:end]
    if raw.isascii() and raw.isdigit():  # most cells, and every glued piece: skip the parser
        value = float(raw)
        return _Piece(start, end, value, ZERO if value == 0 else NUMERIC)
    value, semantic, unit = parse_cell(raw)
    return _Piece(start, end, value, semantic, unit)


# --------------------------------------------------------------------------------------------
# Glued numbers.


_PIECE = re.compile(r"[+\-]?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?")


@lru_cache(maxsize=4096)
def _piece_options(chunk: str) -> tuple[tuple[tuple[int, float, bool], ...], ...]:
    """For each start position: the (end, value, signed) pieces that may start there.

    No leading zeros (a lone 0 is fine), no cut inside a decimal, a unit only at the end.
    """
    options: list[list[tuple[int, float, bool]]] = [[] for _ in chunk]
    for pos in range(len(chunk)):
        if pos and not (chunk[pos].isdigit() or chunk[pos] in "+-") or pos and chunk[pos - 1] in "+-.":
            continue
        for end in range(pos + 1, min(len(chunk), pos + _MAX_PIECE_CHARS) + 1):
            if end < len(chunk) and (not (chunk[end].isdigit() or chunk[end] in "+-") or chunk[end - 1] in "+-."):
                continue
            s = chunk[pos:end]
            if _PIECE.fullmatch(s):
                options[pos].append((end, float(s.rstrip("万元")), s[0] in "+-"))
    return tuple(tuple(o) for o in options)


def glued_splits(chunks: list[str], ncols: int, signed: set[int] | frozenset = frozenset(),
                 accept=None, block: tuple[int, object] | None = None, total_at: int | None = None,
                 max_steps: int = _MAX_SPLIT_STEPS) -> list[list[tuple[int, int, int]]] | None:
    """Every way to cut `chunks` (space-separated runs of glued digits) into `ncols` numbers.

    A split is a list of (chunk index, start, end). A sign may only open a column listed in
    `signed`. `accept(values)` filters complete splits. `total_at` names the column that must
    equal the sum of the others (table 3's 总计); `block = (size, total_at)` applies that rule
    to each run of `size` numbers instead (table 4's three proceedings). Returns None when the
    search exceeds its bound.
    """
    if sum(map(len, chunks)) > ncols * _MAX_PIECE_CHARS:
        return []  # more digits than the row's cells can hold: not a glued row
    if total_at is not None:
        row_sum = _row_sum_check(total_at)
        if total_at in (0, ncols - 1) and not signed and block is None:
            splits = _row_sum_splits(chunks, ncols, total_at, max_steps)
            if splits is None or accept is None:
                return splits
            return [sp for sp in splits if accept(_split_values(chunks, sp))]
        accept = row_sum if accept is None else (lambda v, a=accept: row_sum(v) and a(v))
    chunks = [c.replace("−", "-").replace("－", "-") for c in chunks]
    check = _block_check(*block) if block is not None else None
    if sum(map(len, chunks)) == ncols and all(c.isdigit() for c in chunks):
        # one digit per column: the only split ('0000000')
        split = [(ci, i, i + 1) for ci, c in enumerate(chunks) for i in range(len(c))]
        values = [float(c[i]) for c in chunks for i in range(len(c))]
        ok = (accept is None or accept(values)) and (
            check is None or all(check(values[:b + block[0]]) for b in range(0, ncols, block[0])))
        return [split] if ok else []
    options = [_piece_options(c) for c in chunks]
    if block is not None and ncols % block[0] == 0:
        size, block_total = block
        if len(chunks) == 1 and chunks[0].isdigit() and block_total == size - 1:
            splits = _block_sum_splits(chunks[0], ncols // size, size, max_steps)
        else:
            splits = _block_splits(chunks, options, ncols, signed, (size, check), max_steps)
        if splits is None or accept is None:
            return splits
        return [sp for sp in splits if accept(_split_values(chunks, sp))]
    results: list[list[tuple[int, int, int]]] = []
    path: list[tuple[int, int, int]] = []
    values: list[float] = []
    steps = 0
    # (chunk, position, numbers left) from which no split can be completed, whatever the values
    dead: set[tuple[int, int, int]] = set()

    def walk(ci: int, pos: int) -> bool:
        """Extend the split; False when no complete split exists from here (values aside)."""
        nonlocal steps
        steps += 1
        if steps > max_steps:
            raise _TooMany
        left = ncols - len(path)
        if ci == len(chunks):
            if left == 0 and (accept is None or accept(values)):
                results.append(list(path))
            return left == 0
        state = (ci, pos, left)
        if left < len(chunks) - ci or state in dead:
            return False
        alive = False
        for end, value, has_sign in options[ci][pos]:
            if has_sign and len(path) not in signed:
                continue
            path.append((ci, pos, end))
            values.append(value)
            if block is None or len(values) % block[0] or check(values):
                nxt = (ci + 1, 0) if end == len(chunks[ci]) else (ci, end)
                alive = walk(*nxt) or alive
            else:
                alive = True  # pruned by value: says nothing about the shape
            path.pop()
            values.pop()
        if not alive:
            dead.add(state)
        return alive

    try:
        walk(0, 0)
    except _TooMany:
        return None
    return results


class _TooMany(Exception):
    """The glued-split search went past its bound."""


def _split_values(chunks: list[str], split) -> list[float]:
    return [float(chunks[ci][s:e].rstrip("万元")) for ci, s, e in split]


def _block_check(size: int, total_at: int):
    """Check of the block of `size` numbers just completed: its `total_at` one is the sum."""
    def block_sums(values: list[float]) -> bool:
        block = values[-size:]
        return abs(sum(block) - 2 * block[total_at]) < 1e-9
    return block_sums


def _block_sum_splits(chunk: str, nblocks: int, size: int, max_steps: int):
    """Table 4 glued into one run of digits, each block ending with its total: choose each
    block's end and its total first, then split the rest of the block under that sum."""
    memo: dict[tuple[int, int], list[list[tuple[int, int, int]]]] = {}

    def from_position(start: int, block: int):
        if (start, block) in memo:
            return memo[(start, block)]
        if block == nblocks:
            return [[]] if start == len(chunk) else []
        found = []
        last_end = len(chunk) - (nblocks - block - 1) * size
        for end in range(start + size, last_end + 1):
            for digits in range(1, end - start - size + 2):
                total = chunk[end - digits:end]
                others = end - digits - start  # every other number is at most as long as the total
                if not _INTEGER.fullmatch(total) or not size - 1 <= others <= (size - 1) * digits:
                    continue
                parts = _splits_summing_to([chunk[start:end - digits]], size - 1, int(total), max_steps)
                if parts is None:
                    raise _TooMany
                if not parts:
                    continue
                rest = from_position(end, block + 1)
                for part in parts:
                    block_cuts = [(0, start + s, start + e) for _, s, e in part] + [(0, end - digits, end)]
                    found.extend(block_cuts + r for r in rest)
        memo[(start, block)] = found
        return found

    try:
        return from_position(0, 0)
    except _TooMany:
        return None


def _row_sum_check(total_at: int):
    def row_sum(values: list[float]) -> bool:
        return abs(sum(values) - 2 * values[total_at]) < 1e-9
    return row_sum


def _row_sum_splits(chunks: list[str], ncols: int, total_at: int, max_steps: int):
    """Splits whose first or last number (总计) is the sum of the others. The total is chosen
    first, so the other numbers are enumerated under a known sum and pruned early."""
    last = total_at == ncols - 1
    edge = len(chunks) - 1 if last else 0
    chunk = chunks[edge]
    results = []
    budget = [max_steps]  # one bound for all the totals tried, not one each
    for cut in range(len(chunk)):
        total_piece = chunk[cut:] if last else chunk[:cut + 1]
        if not _INTEGER.fullmatch(total_piece):
            continue
        if last:
            rest = chunks[:-1] + ([chunk[:cut]] if cut else [])
            total_cut = (edge, cut, len(chunk))
        else:
            rest = ([chunk[cut + 1:]] if cut + 1 < len(chunk) else []) + chunks[1:]
            total_cut = (0, 0, cut + 1)
        splits = _splits_summing_to(rest, ncols - 1, int(total_piece), budget)
        if splits is None:
            return None
        for split in splits:
            if last:  # the rest keeps the original chunk indexes and offsets
                results.append(split + [total_cut])
            else:     # shift back: the first rest chunk is the remainder of chunk 0
                shift = 0 if cut + 1 < len(chunk) else 1
                back = [(ci + shift, s + (cut + 1 if ci + shift == 0 else 0), e + (cut + 1 if ci + shift == 0 else 0))
                        for ci, s, e in split]
                results.append([total_cut] + back)
    return results


def _splits_summing_to(chunks: list[str], npieces: int, target: int, budget: list[int] | int):
    """Splits of unsigned glued digits into `npieces` numbers adding up to `target`; `budget`
    bounds the search (a one-item list is a bound shared with other searches)."""
    if not chunks:
        return [[]] if npieces == 0 and target == 0 else []
    budget = budget if isinstance(budget, list) else [budget]
    options = [_piece_options(c) for c in chunks]
    results: list[list[tuple[int, int, int]]] = []
    path: list[tuple[int, int, int]] = []
    dead: set[tuple[int, int, int]] = set()  # no split of any sum can be completed from here

    def walk(ci: int, pos: int, remaining: float) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany
        left = npieces - len(path)
        if ci == len(chunks):
            if left == 0 and remaining == 0:
                results.append(list(path))
            return left == 0
        state = (ci, pos, left)
        if left < len(chunks) - ci or state in dead:
            return False
        alive = False
        for end, value, has_sign in options[ci][pos]:
            if value > remaining:
                alive = True  # longer pieces are larger still: pruned by value, not by shape
                break
            if has_sign:
                continue
            path.append((ci, pos, end))
            nxt = (ci + 1, 0) if end == len(chunks[ci]) else (ci, end)
            alive = walk(*nxt, remaining - value) or alive
            path.pop()
        if not alive:
            dead.add(state)
        return alive

    try:
        walk(0, 0, target)
    except _TooMany:
        return None
    return results


def _block_splits(chunks, options, ncols, signed, block, max_steps):
    """Splits made of independent blocks (table 4's three proceedings): the splits after a
    block boundary do not depend on the values before it, so they are computed once."""
    size, check = block
    memo: dict[tuple[int, int, int], list[tuple]] = {}
    steps = 0
    chars_from = [sum(len(c) for c in chunks[i:]) for i in range(len(chunks) + 1)]

    def after_boundary(ci: int, pos: int, placed: int) -> list[tuple]:
        if (ci, pos, placed) in memo:
            return memo[(ci, pos, placed)]
        if placed == ncols:
            return [()] if ci == len(chunks) else []
        found: list[tuple] = []

        def one_block(ci: int, pos: int, pieces: list, values: list) -> None:
            nonlocal steps
            steps += 1
            if steps > max_steps:
                raise _TooMany
            if len(pieces) == size:
                if check(values):
                    found.extend(tuple(pieces) + rest for rest in after_boundary(ci, pos, placed + size))
                return
            left = ncols - placed - len(pieces)
            if ci == len(chunks) or chars_from[ci] - pos < left or len(chunks) - ci > left:
                return
            for end, value, has_sign in options[ci][pos]:
                if has_sign and placed + len(pieces) not in signed:
                    continue
                nxt = (ci + 1, 0) if end == len(chunks[ci]) else (ci, end)
                one_block(*nxt, pieces + [(ci, pos, end)], values + [value])

        one_block(ci, pos, [], [])
        memo[(ci, pos, placed)] = found
        return found

    try:
        return [list(s) for s in after_boundary(0, 0, 0)]
    except _TooMany:
        return None


@lru_cache(maxsize=4096)
def _cached_splits(chunks: tuple[str, ...], ncols: int, signed: frozenset, block, total_at):
    """glued_splits of a row, each cut with its parsed cell; the same runs ('0000000') recur
    in every glued table."""
    splits = glued_splits(list(chunks), ncols, signed, block=block, total_at=total_at)
    if splits is None:
        return None
    return tuple(tuple((ci, s, e, _piece(chunks[ci], s, e)) for ci, s, e in split) for split in splits)


def _split_row(text: str, row: _Row, tokens: _Tokens, block=None, total_at=None) -> list[list[_Piece]] | None:
    """Glued candidates of a row as pieces (offsets into the text)."""
    chunks = tuple(text[p.start:p.end] for p in tokens.pieces)
    signed = frozenset(i for i, c in enumerate(row.columns) if c in _SIGNED_COLUMNS)
    splits = _cached_splits(chunks, len(row.columns), signed, block, total_at)
    if splits is None:
        return None
    made: dict[tuple[int, int], _Piece] = {}  # one piece object per cut, shared by the splits

    def piece(ci: int, s: int, e: int, parsed: _Piece) -> _Piece:
        start = tokens.pieces[ci].start
        if (start + s, start + e) not in made:
            made[(start + s, start + e)] = _Piece(start + s, start + e, parsed.value, parsed.semantic, parsed.unit)
        return made[(start + s, start + e)]

    return [[piece(*cut) for cut in split] for split in splits]


# --------------------------------------------------------------------------------------------
# Reading each table.


def _read_rows(text: str, key: _Key, matches: list[_Match], end_k: int):
    """(match, data start, data end) per label: a row's data runs up to the next label."""
    end_text = key.offset(end_k)
    for i, m in enumerate(matches):
        start = _label_end(text, key, m)
        stop = _label_start(text, key, matches[i + 1]) if i + 1 < len(matches) else end_text
        yield m, start, max(start, stop)


def _fill_row(text: str, row: _Row, tokens: _Tokens, total_at=None, allow_empty=True,
              block=None, flat: _Flattening | None = None) -> _Row | None:
    """Assign a row's tokens to its columns; None when the row shows nothing to record.

    `total_at` (the 总计 column) / `block` are the row's arithmetic, used to filter glued splits;
    `flat` says how the text was seen to flatten the table (cells run together, blanks as spaces).
    """
    flat = flat or _GLUED
    n = len(row.columns)
    _drop_inline_page_number(text, tokens, n)
    pieces = tokens.pieces
    if tokens.mode == "pipe" and len(pieces) < n and all(p.semantic == EMPTY for p in pieces) \
            and tokens.stop != "eof":
        return None  # a label spanning sub-rows, not a row of blanks
    if not pieces:
        if tokens.stop != "label" or not allow_empty:
            return None
        row.pieces = [_Piece(row.span[0], row.span[0], None, EMPTY) for _ in range(n)]
        row.note = "no cell text"
        row.blanks_are_cells = _blank_marks(text, *row.span) == n and flat.blank_marks
        return row
    if tokens.mode == "pipe" and len(pieces) > n:
        pieces = tokens.pieces = _drop_label_filler(text, row, pieces, n)
    if len(pieces) > n and tokens.mode != "pipe" and not _spill_is_whole_rows(pieces, n, total_at, block):
        # more numbers than cells: the next rows' cells printed before their labels. Unless
        # they come in whole rows and this row's own sums hold, which are this row's is unknown
        row.note = "more numbers than cells before the next label: columns unknown"
        return row
    if len(pieces) >= n:
        row.pieces = pieces[:n]
        return row
    if tokens.mode == "pipe" and tokens.stop == "eof":
        row.pieces = pieces  # explicit cells up to the cut; the missing ones are not 0
        row.note = "row cut off"
        return row
    if tokens.stop == "eof":
        # cut before the row ends: without cell separators the surviving numbers may be glued
        # cells or cells whose blank neighbours were dropped, so their columns are unknown
        return None
    # fewer cells than columns (a ragged pipe row, dropped blanks, or glued numbers)
    marked = _NOT_MARKED
    if tokens.mode == "inline" and flat.blank_marks:
        marked = _blank_marked_splits(text, row, tokens, total_at, block)
    row.span = (pieces[0].start, pieces[-1].end)
    if marked is _NOT_MARKED and tokens.mode == "inline" and flat.blanks_vanish and tokens.numeric:
        marked = _vanished_blank_splits(text, row, tokens, total_at, block)
    if tokens.mode == "inline" and tokens.numeric and (flat.glued or marked is not _NOT_MARKED):
        return _fill_glued_row(text, row, tokens, total_at, block, marked, flat.glued)
    if tokens.mode == "inline" and tokens.numeric and _must_be_glued(text, tokens):
        # '规章000', '行政事业性收费00': no printed number has a leading zero, so the digits are
        # cells run together, not one cell with its blank neighbours dropped; read only when
        # the form's column count leaves one reading
        candidates = _split_row(text, row, tokens)
        if candidates and len(candidates) == 1:
            row.candidates = candidates
            return row
    row.note = "cells dropped in the flattening: columns unknown"
    return row


_LEADING_ZERO = re.compile(r"[+\-−－]?0\d")


class _Flattening:
    """How the text was seen to flatten the tables, which decides how a short row is read.
    Each is looked at (once) only when a row is short of cells.

    `glued`: cells are split out of a run of digits only when the text shows cells run together:
    a number printed with a leading zero ('0000000', '023'), or a row's digits glued to the
    labels on both sides. Otherwise a row with too few numbers lost its blank cells, and which
    columns they held is unknown ('0 0 0 0 0 11' is not 0 0 0 0 0 1 1).
    `blank_marks`: a row's cells are glued to its label ('国家秘密14      '): a web page copied as
    text, where each blank cell left one space (see _blank_marked_splits).
    `blanks_vanish`: cells run together with no blank-cell space in table 3, and a row holds
    fewer digits than cells (seen by the table-3 reader) or no row of zeros is printed whole
    ('…秘密00000002.…' is one): blank cells may have left nothing, so in any run of digits any
    column may have been blank, and the readings with blanks join the glued ones (see
    _vanished_blank_splits).
    """

    def __init__(self, text: str = "", start: int = 0, end: int = 0, t3_end: int = 0, *,
                 glued: bool | None = None, short_row: bool = False):
        self._text, self._start, self._end, self._t3_end = text, start, end, t3_end
        self._glued, self._short_row = glued, short_row

    def _search(self, pattern: re.Pattern, end: int) -> bool:
        return pattern.search(self._text, self._start, end) is not None

    @cached_property
    def glued(self) -> bool:
        return self._glued if self._glued is not None else self._search(_RUN_TOGETHER, self._end)

    @cached_property
    def blank_marks(self) -> bool:
        return self._search(_LABEL_GLUED_TO_CELL, self._end)

    @cached_property
    def marks_seen(self) -> bool:
        return self.blank_marks and self._search(_BLANK_MARK_SEEN, self._t3_end)

    @cached_property
    def blanks_vanish(self) -> bool:
        return self.blank_marks and not self.marks_seen and (
            self._short_row or not self._search(_ZERO_ROW_PRINTED, self._t3_end))

    def with_short_row(self) -> _Flattening:
        return _Flattening(self._text, self._start, self._end, self._t3_end, glued=self._glued, short_row=True)


_GLUED = _Flattening(glued=True)
_RUN_TOGETHER = re.compile(r"(?<![\d.])0\d|[^\W\d_]\d{4,}[^\W\d_]")
_LABEL_GLUED_TO_CELL = re.compile(r"[^\W\d_]\d")
_ZERO_ROW_PRINTED = re.compile(rf"[^\W\d_]0{{{len(APPLICANT_COLUMNS)}}}(?:[2-9][.、．]|(?!\d))")
_BLANK_MARK_SEEN = re.compile(r"\d[ \t\u00a0\u3000]")


def _must_be_glued(text: str, tokens: _Tokens) -> bool:
    """Some token cannot be one printed number: digits after a leading zero."""
    return any(_LEADING_ZERO.match(text, p.start, p.end) for p in tokens.pieces)


def _drop_label_filler(text: str, row: _Row, pieces: list[_Piece], n: int) -> list[_Piece]:
    """'| (六)其他处理 |  | 0 | … |': a label printed across two columns (a group and a leaf
    column) leaves a blank cell before the numbers. When the row's own line has more cells
    than the form has columns, its leading blanks are that filler, not data."""
    line_end = text.find("\n", row.span[0])
    on_line = [p for p in pieces if line_end < 0 or p.start < line_end]
    lead = next((i for i, p in enumerate(on_line) if p.semantic != EMPTY), None)
    if lead is None:
        return pieces  # a row of blanks: nothing tells which blank is filler
    drop = min(len(on_line) - n, lead)
    return pieces[drop:] if drop > 0 else pieces


def _drop_inline_page_number(text: str, tokens: _Tokens, n: int) -> None:
    """'0 0 0 - 5 - 0 0 0 0': a page footer flattened into a row. Read as cells it would be
    '-', 5, '-'; it is taken for a page number only when the row then has its n cells (or is a
    glued run of digits, which never holds dashes)."""
    pieces = tokens.pieces
    if tokens.mode == "pipe" or len(pieces) < 3:
        return
    for i in range(len(pieces) - 2):
        dash, number, dash2 = (text[p.start:p.end] for p in pieces[i:i + 3])
        if dash in _PAGE_DASHES and dash2 in _PAGE_DASHES and number.isdigit() and len(number) <= 3:
            rest = pieces[:i] + pieces[i + 3:]
            numeric = all(_GLUED_TOKEN.fullmatch(text[p.start:p.end]) for p in rest)
            if len(rest) == n or len(rest) < n and numeric:
                tokens.pieces, tokens.numeric = rest, numeric
            return


def _spill_is_whole_rows(pieces: list[_Piece], n: int, total_at, block) -> bool:
    values = [p.value for p in pieces[:n]]
    return len(pieces) % n == 0 and (None in values or _sums_hold_with_blanks(values, total_at, block))


def _fill_glued_row(text: str, row: _Row, tokens: _Tokens, total_at, block, marked=None, glued=True) -> _Row:
    """The row's admissible readings as candidates. Every hypothesis that may be true must be
    there whole, or the table's identities could choose a wrong reading: when one has too many
    readings to list, the row is left unread."""
    marked = _NOT_MARKED if marked is None else marked
    candidates = _split_row(text, row, tokens, block, total_at) if glued else []
    if candidates is None or marked is _TOO_MANY_MARKED:
        row.note = "glued cells: too many splits to enumerate"
        return row
    if marked:
        # blank cells left a space each: those readings join the glued ones, and the table's
        # identities choose (a blank-mark reading whose sums fail leaves the glued ones alone)
        row.candidates = candidates + marked
        row.blanks_are_cells = True
        row.note = "cells run together, a blank cell left as a space"
        return row
    if candidates:
        row.candidates = candidates
    elif (total_at, block) != (None, None):
        row.note = "glued cells: no split satisfies the table's sums"  # a lost cell, or the source's error
    else:
        row.note = "cells dropped in the flattening: columns unknown"
    return row


# A web page copied as text (a browser copy, `text_content()`) runs a row's cells together with
# no separator, but a blank cell holding '&nbsp;' leaves one space: '82135  21859' is the cells
# 821 35 _ _ 2 1 859. On a row without line breaks whose spaces and digits can make exactly the
# row's cells that way, every such reading is a candidate (the row's sums filter them).
_BLANK_MARK = frozenset(" \t\u00a0\u3000")
_BLANK_MARK_RUN = re.compile("[ \t\u00a0\u3000]")
_MAX_MARKED_STEPS = 5_000   # splits with no sum to prune them: beyond this, the row stays unread
_MAX_MARKED_READINGS = 64   # more readings than the table's identities can choose among
_CELL_RUN = re.compile("[\\d \t\u00a0\u3000]*")


def _blank_marks(text: str, start: int, end: int) -> int | None:
    """Blank marks (spaces) of a run of digits and spaces with no line break; None otherwise."""
    run = text[start:end]
    if "\n" in run or _CELL_RUN.fullmatch(run) is None:
        return None
    return sum(c in _BLANK_MARK for c in run)


_NOT_MARKED: list = []       # the row is not made of digits and blank marks
_TOO_MANY_MARKED: list = []  # it is, with more readings than can be listed


def _blank_marked_splits(text: str, row: _Row, tokens: _Tokens, total_at, block) -> list[list[_Piece]]:
    """The row's readings with each blank mark a blank cell; _NOT_MARKED / _TOO_MANY_MARKED."""
    s, e = row.span
    end = _CELL_RUN.match(text, s, e).end()
    if _BLANK_MARK_RUN.search(text, s, end) is None:
        return _NOT_MARKED
    n = len(row.columns)
    marks = _blank_marks(text, s, end)
    chunks = [p for p in tokens.pieces if p.start < end]
    if not marks or len(chunks) != len(tokens.pieces) or not all(text[p.start:p.end].isdigit() for p in chunks):
        return _NOT_MARKED
    numbers = n - marks
    if not len(chunks) <= numbers <= sum(p.end - p.start for p in chunks):
        return _NOT_MARKED
    digits = tuple(text[p.start:p.end] for p in chunks)
    if block is None and total_at == n - 1 and text[end - 1] not in _BLANK_MARK:
        splits = _cached_marked_splits(digits, numbers, numbers - 1)  # the last number is 总计
    elif block is None and total_at == 0 and text[s] not in _BLANK_MARK:
        splits = _cached_marked_splits(digits, numbers, 0)
    else:
        splits = _cached_marked_splits(digits, numbers, None)
    if splits is None or len(splits) > _MAX_MARKED_READINGS:
        return _TOO_MANY_MARKED
    blanks = [_Piece(i, i + 1, None, EMPTY) for i in range(s, end) if text[i] in _BLANK_MARK]
    out = []
    for split in splits:
        cut = [_piece(text, chunks[ci].start + a, chunks[ci].start + b) for ci, a, b in split]
        cells = sorted(cut + blanks, key=lambda p: p.start)
        if _sums_hold_with_blanks([p.value for p in cells], total_at, block):
            out.append(cells)
    return out


def _vanished_blank_splits(text: str, row: _Row, tokens: _Tokens, total_at, block) -> list[list[_Piece]]:
    """The row's readings when its blank cells left nothing: its digits make k numbers, in any
    k of its columns (k up to the column count), the others blank; the row's sums filter them.
    _TOO_MANY_MARKED beyond a few dozen: then the row is not read."""
    digits = tuple(text[p.start:p.end] for p in tokens.pieces)
    if not all(d.isdigit() for d in digits):
        return _NOT_MARKED
    readings = _vanished_readings(digits, len(row.columns), total_at, block)
    if readings is None:
        return _TOO_MANY_MARKED
    out, made = [], {}  # one piece per cut, shared by the readings

    def piece(ci: int, a: int, b: int) -> _Piece:
        start = tokens.pieces[ci].start
        if (start + a, start + b) not in made:
            made[(start + a, start + b)] = _piece(text, start + a, start + b)
        return made[(start + a, start + b)]

    for split, columns in readings:
        cut = [piece(*c) for c in split]
        cells = [_Piece(cut[0].start, cut[0].start, None, EMPTY)] * len(row.columns)
        for j, piece in zip(columns, cut, strict=True):
            cells[j] = piece
        out.append(cells)
    return out


@lru_cache(maxsize=4096)
def _vanished_readings(digits: tuple[str, ...], n: int, total_at, block):
    """(split, columns it fills) of every reading whose sums hold; None when too many."""
    out, steps = [], 0
    for k in range(len(digits), min(n, sum(map(len, digits))) + 1):
        splits = glued_splits(list(digits), k, max_steps=_MAX_MARKED_STEPS)
        if splits is None:
            return None
        for split in splits:
            values = _split_values(list(digits), split)
            for columns in combinations(range(n), k):
                steps += 1
                if steps > _MAX_MARKED_STEPS:
                    return None
                placed: list[float | None] = [None] * n
                for j, v in zip(columns, values, strict=True):
                    placed[j] = v
                if _sums_hold_with_blanks(placed, total_at, block):
                    out.append((tuple(split), columns))
                    if len(out) > _MAX_MARKED_READINGS:
                        return None
    return tuple(out)


@lru_cache(maxsize=4096)
def _cached_marked_splits(digits: tuple[str, ...], numbers: int, total_at: int | None):
    """glued_splits of a blank-marked row's digits (the same runs recur, like '0000000')."""
    return glued_splits(list(digits), numbers, total_at=total_at, max_steps=_MAX_MARKED_STEPS)


def _sums_hold_with_blanks(values: list[float | None], total_at, block) -> bool:
    """The row's sums, a blank counting 0; a blank total is not assessable."""
    size, at = (block if block is not None else (len(values), total_at))
    if at is None:
        return True
    for i in range(0, len(values), size):
        part = values[i:i + size]
        if part[at] is not None and abs(sum(v or 0 for v in part) - 2 * part[at]) > 1e-9:
            return False
    return True


def _t2_columns(k: str, header_start: int, header_end: int, subtable: str, form_version: str):
    """(column codes, form whose codes they are, unit) of a table-2 sub-table, read from its
    header; the form's default columns when the header is missing."""
    found: list[str] = []
    saw_fee_amount = False
    for m in _T2_HEADER.finditer(k, header_start, header_end):
        name = m.lastgroup
        if name == "bare_new":  # header cut to '本年新 | 本年新': 新制作 comes first
            name = "new_published" if "new_made" in found else "new_made"
        if name == "fee_amount":
            name, saw_fee_amount = "amount_wan", True
        if name not in found:
            found.append(name)
    columns = tuple(found) or _T2_DEFAULT_COLUMNS[form_version][subtable]
    if _ONLY_2019 & set(columns):
        layout = "gb2019"
    elif _ONLY_2021 & set(columns) or saw_fee_amount:
        layout = "gb2021"
    else:
        layout = form_version  # hybrids: a 2019 table inside a 2021 report keeps 2019 codes
    if _header_lost_words(k, header_start, header_end, columns, _T2_DEFAULT_COLUMNS[layout][subtable]):
        columns = _T2_DEFAULT_COLUMNS[layout][subtable]
    # 2021 （八） states its unit in the header (万元); 2019 （九） writes it in each cell
    unit = "万元" if layout == "gb2021" and subtable == "八" else None
    return columns, layout, unit


def _header_lost_words(k: str, start: int, end: int, found: tuple, default: tuple) -> bool:
    """The header names some of the form's columns, in order, and every other one is there
    with a glyph dropped or misread, or wrapped onto the header's next row: reading `found`
    alone would shift the cells left."""
    missing = [c for c in default if c not in found]
    if not missing or len(found) + len(missing) != len(default) or \
            [c for c in default if c in found] != list(found):
        return False
    return all(((fuzzy := _fuzzy_pattern(_T2_HEADER_WORDS[c], 5, cells_follow=False)) and fuzzy[0].search(k, start, end))
               or _wrapped_pattern(_T2_HEADER_WORDS[c]).search(k, start, end) for c in missing)


_WRAP_GAP = 40  # glyphs between the two parts of a wrapped header word: the rest of its header row


@cache
def _wrapped_pattern(pattern: str) -> re.Pattern:
    """A header word printed on two rows of a narrow column (上一年项 | … | 目数量): one of its
    wordings cut in two, each part at least two glyphs, the second part after the first."""
    cuts = [re.escape(w[:i]) + f"(?:(?!{re.escape(w[:i])}).){{0,{_WRAP_GAP}}}?" + re.escape(w[i:])
            for w in sorted(set(_wordings(pattern)), key=len, reverse=True) for i in range(2, len(w) - 1)]
    return re.compile("|".join(cuts) or r"(?!)", re.S)


def _read_t2(text: str, key: _Key, form_version: str, start: int, end: int,
             glued_layout: bool = True) -> list[_Row]:
    k = key.key
    matches = _match_sequence(k, _T2_SEQUENCE, start, end)
    rows, unread = [], []
    columns, layout, unit = (), form_version, None
    previous_end, subtable = start, None
    for i, (m, s, e) in enumerate(_read_rows(text, key, matches, end)):
        spec = m.spec
        next_start = matches[i + 1].k_start if i + 1 < len(matches) else end
        if spec.caption or spec.subtable != subtable:
            # the column header runs from the caption (or the previous row) to the next label
            header = (m.k_end, next_start) if spec.caption else (previous_end, m.k_start)
            columns, layout, unit = _t2_columns(k, *header, spec.subtable, form_version)
            subtable = spec.subtable
        previous_end = m.k_end
        if spec.code is None:
            continue
        row = _Row("t2", spec.code, columns, layout, (s, e), unit_hint=unit)
        # a label whose sub-rows follow (其他对外管理服务事项 → 行政检查, 行政确认) spans them
        spans_subrows = i + 1 < len(matches) and matches[i + 1].spec.code in _T2_SUBROWS
        filled = _fill_row(text, row, _tokenise(text, s, e), allow_empty=not spans_subrows,
                           flat=_Flattening(glued=glued_layout))
        if filled:
            rows.append(filled)
        else:
            unread.append(row)
    return rows + _read_single_cells(text, key, matches, rows, unread, end)


_T2_CELL = re.compile(r"(?<!\S)\d+(?:\.\d+)?(?:万元|元)?(?!\S)")


def _read_single_cells(text, key, matches, rows, unread, k_end) -> list[_Row]:
    """A sub-table of one cell (2021 （五） and （八）) takes the one number printed under its
    caption, wherever its label stands (PDF text in reading order prints the number before the
    label, or the label before the header). Returns the rows it reads that were not read."""
    if not any(len(r.columns) == 1 and not (r.pieces and r.pieces[0].value is not None) for r in rows + unread):
        return []
    captions = [m for m in matches if m.spec.caption]
    read = []
    for caption, nxt in zip(captions, [*captions[1:], None], strict=True):
        members = [r for r in rows + unread if _T2_SUBTABLE.get(r.code) == caption.spec.subtable]
        if len(members) != 1 or len(members[0].columns) != 1:
            continue
        row = members[0]
        if row.pieces and row.pieces[0].value is not None or row.candidates:
            continue
        start = key.end_offset(caption.k_end)
        end = key.offset(nxt.k_start) if nxt else key.offset(k_end)
        numbers = list(_T2_CELL.finditer(text, start, end))
        if len(numbers) == 1:
            row.pieces = [_piece(text, *numbers[0].span())]
            row.note = "the one cell of its sub-table, printed away from its label"
            read += [row] if any(row is u for u in unread) else []
    return read


_T2_SUBTABLE = {s.code: s.subtable for s in _T2_SEQUENCE if s.code}


def _t3_columns(k: str, start: int) -> tuple[str, ...]:
    """Applicant columns in printed order; some tables print 总计 first."""
    header = re.compile(r"勾稽关系|申请人情况").search(k, max(0, start - 400), start)
    region_start = header.start() if header else max(0, start - 120)
    words = [m.group() for m in _T3_HEADER.finditer(k, region_start, start)]
    if words and words[0] == "总计":
        return ("all",) + APPLICANT_COLUMNS[:-1]
    return APPLICANT_COLUMNS


def _read_t3(text: str, key: _Key, form_version: str, start: int | None, end: int, stream_from: int,
             flat: _Flattening) -> tuple[list[_Row], _Flattening]:
    """Table 3 row by row (each label, then its cells); or, when the text prints cells away from
    their labels (PDF text), as one stream of numbers laid on the form's rows. Also returns
    the flattening as its rows show it (blank cells that left nothing)."""
    # the header ends where the first row's label or (printed before it) its first cell begins
    first_cell = _first_digit(key.key, stream_from, end)
    columns = _t3_columns(key.key, first_cell if start is None else min(start, first_cell))
    rows = _read_t3_stream(text, key, form_version, columns, stream_from, end)
    if rows is None and start is not None:
        matches = _match_sequence(key.key, _T3_SEQUENCE, start, end)
        if not _in_reading_order(text, key, matches, stream_from, end, len(columns)):
            rows, flat = _read_t3_rows(text, key, form_version, columns, matches, end, flat)
    rows = [r for r in rows or [] if not _blank_group_label(r, rows)]  # （六） once its leaves are known
    _solve_t3(rows, columns)
    return rows, flat


def _read_t3_rows(text, key, form_version, columns, matches, end, flat):
    total_at = columns.index("all")
    segments = [(m, s, e, _tokenise(text, s, e)) for m, s, e in _read_rows(text, key, matches, end)
                if m.spec.code is not None]  # a group label (三、本年度办理结果) carries no numbers
    if _row_shorter_than_its_cells(segments, len(columns)):
        flat = flat.with_short_row()
    rows: list[_Row] = []
    for m, s, e, tokens in segments:
        row = _Row("t3", m.spec.code, columns, form_version, (s, e))
        filled = _fill_row(text, row, tokens, total_at, flat=flat)
        if filled and not _blank_group_label(filled, rows_so_far=rows):
            rows.append(filled)
    return rows, flat


def _row_shorter_than_its_cells(segments, n: int) -> bool:
    """Some data row holds fewer digits between its label and the next than it has cells: in
    a text that runs cells together, its blank cells left nothing. (Group labels hold no
    cells; （六） is one when its leaves are printed.)"""
    leaves_2021 = any(m.spec.code in _T3_LEAVES_2021_OTHER for m, *_ in segments)
    for m, _s, _e, tokens in segments:
        if m.spec.code in _T3_GROUP_ROWS or m.spec.code == "out.other._total" and leaves_2021:
            continue
        if tokens.stop == "label" and sum(p.end - p.start for p in tokens.pieces) < n:
            return True
    return False


def _in_reading_order(text: str, key: _Key, matches: list[_Match], k_start: int, k_end: int, n: int) -> bool:
    """PDF text in reading order (pdftotext): every cell a paragraph of its own, or a line of a
    paragraph holding one column of several rows, while the labels stand in blocks elsewhere.
    A label is not followed by its row's cells there, so the table is read only as a stream.
    (A page whose cells are paragraphs after their labels is not: no column of rows, and no
    label followed by more cells than a row has.)"""
    start, end = key.offset(k_start), key.offset(k_end)
    if _PARAGRAPH_BREAK.search(text, start, end) is None or text.find("|", start, end) >= 0:
        return False  # no paragraphs, or cells placed by pipes
    cells = list(_STREAM_CELL.finditer(text, start, end))
    if len(cells) < 2:
        return False
    if sum(_alone_on_line(text, m.start(), m.end()) for m in cells) < 0.8 * len(cells):
        return False
    gaps = [text[a.end():b.start()] for a, b in zip(cells, cells[1:], strict=False)]
    # 'line': the next cell on the next line; 'paragraph': after a blank line, nothing else between
    kinds = ["line" if _one_line_break(g, 0, len(g)) else "paragraph" if not g.strip() else "text" for g in gaps]
    if any(a == "line" and b == "paragraph" or a == "paragraph" and b == "line" for a, b in zip(kinds, kinds[1:], strict=False)):
        return True  # columns of several rows, one after the other
    if kinds.count("paragraph") < 0.3 * len(gaps):
        return False
    bounds = [key.offset(m.k_start) for m in matches] + [end]
    return any(sum(a <= c.start() < b for c in cells) > n for a, b in zip(bounds, bounds[1:], strict=False))


def _first_digit(k: str, start: int, end: int) -> int:
    m = _DIGIT.search(k, start, end)
    return m.start() if m else end


# --------------------------------------------------------------------------------------------
# Table 3 as a stream of numbers.
#
# PDF text prints each row's cells where they sit vertically: beside the middle line of a
# wrapped label, on a line of their own before or after it, and a copy in reading order
# (pdftotext) even prints a block of rows column by column, far from the labels. What the
# flattening keeps is the order of the rows: the k-th seven numbers are the k-th printed row.
# So the cells are taken as one stream and laid on the rows of the form, when
#   - the labels of the form's rows are there (in any order) and no pipe places the cells,
#   - the stream holds exactly seven numbers for every row the form prints (a subtotal row is
#     printed when its group label heads its leaves with cells between; else the count and
#     the sums tell),
#   - every row's 总计 is the sum of its six applicant columns, every subtotal the sum of its
#     leaves, and the table's column identities (一+二 = 七+四, leaves = 总计) hold.
# Anything else (a blank cell lost, a stray number, a source that breaks its own sums) fails
# the count or the sums, and the row-by-row reading stands.

_STREAM_CELL = re.compile(r"(?<!\S)(?:\d+|[/／—–]|-{1,2})(?!\S)")
def _one_line_break(text: str, start: int, end: int) -> bool:
    """text[start:end] is white space holding exactly one line break."""
    gap = text[start:end]
    return gap.count("\n") == 1 and gap.isspace()


@dataclass
class _StreamReading:
    codes: tuple[str, ...]
    pieces: list[list[_Piece]]   # per row, in the printed column order
    column_major: bool


def _read_t3_stream(text, key, form_version, columns, k_start, k_end) -> list[_Row] | None:
    n = len(columns)
    t_start, t_end = key.offset(k_start), key.offset(k_end)
    if "|" in text[t_start:t_end]:
        return None  # cells between pipes are placed by the pipes, blank ones included
    found = list(_STREAM_CELL.finditer(text, t_start, t_end))
    if not found or len(found) % n:
        return None
    cells = [_piece(text, m.start(), m.end()) for m in found]
    accepted: list[_StreamReading] = []
    # （六） is one row (2019, stale copies) or three leaves (2021): the leaves' labels tell,
    # and when they are not found whole, the count and the sums do
    for leaves_2021 in (True,) if _has_2021_other_leaves(key.key, k_start, k_end) else (False, True):
        required, optional = _t3_stream_rows(leaves_2021)
        extra = len(cells) // n - len(required)
        if not 0 <= extra <= len(optional) or not _labels_present(key.key, required, k_start, k_end):
            continue
        printed = _printed_subtotals(text, key, optional, cells, n, k_start, k_end)
        for chosen in combinations(optional, extra):
            if not printed <= set(chosen):
                continue
            codes = tuple(c for c in _T3_PRINTED_ORDER if c in required or c in chosen)
            for column_major in (False, True):
                pieces = _lay_stream(text, cells, len(codes), n, column_major)
                if pieces is not None and _stream_reading_holds(reading := _StreamReading(codes, pieces, column_major),
                                                                columns, chosen):
                    accepted.append(reading)
                    break  # the row-major reading stands; no need to try blocks
    if not accepted or any(_stream_values(r) != _stream_values(accepted[0]) for r in accepted[1:]):
        return None  # no reading, or several that disagree: keep the row-by-row reading
    reading = accepted[0]
    rows = []
    for code, pieces in zip(reading.codes, reading.pieces, strict=True):
        row = _Row("t3", code, columns, form_version, (pieces[0].start, pieces[-1].end), pieces=pieces)
        row.note = ("PDF text in reading order: rows printed column by column, laid on the form's rows"
                    if reading.column_major else None)
        rows.append(row)
    return rows


_T3_PRINTED_ORDER = tuple(dict.fromkeys(s.code for s in _T3_SEQUENCE if s.code))


def _t3_stream_rows(leaves_2021: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(rows every complete table prints, optional subtotal rows) of the form."""
    optional = _T3_GROUP_ROWS + (("out.other._total",) if leaves_2021 else ())
    required = tuple(c for c in _T3_PRINTED_ORDER if c not in optional and (
        leaves_2021 or c not in _T3_LEAVES_2021_OTHER))
    return required, optional


def _has_2021_other_leaves(k: str, start: int, end: int) -> bool:
    return any(_find_label(spec, k, start, end) for spec in _T3_SEQUENCE
               if spec.code in _T3_LEAVES_2021_OTHER[:2])


def _printed_subtotals(text, key, optional, cells, n, k_start, k_end) -> set[str]:
    """Subtotal rows seen printed: the group label above its first leaf with a row of cells
    between them. (The official form's group label is a tall merged cell beside its leaves,
    printed among them; a subtotal not seen is left to the count and the sums.)"""
    specs = {s.code: s for s in _T3_SEQUENCE if s.code}
    printed = set()
    for code in optional:
        first_leaf = next(s for s in _T3_SEQUENCE if s.code and s.code != code and s.code.startswith(code[:-6]))
        group, leaf = _find_label(specs[code], key.key, k_start, k_end), _find_label(first_leaf, key.key, k_start, k_end)
        if group and leaf and group[1] <= leaf[0]:
            after = _label_end(text, key, _Match(specs[code], *group))
            before = _label_start(text, key, _Match(first_leaf, *leaf))
            if sum(after <= c.start and c.end <= before for c in cells) >= n:
                printed.add(code)
    return printed


def _labels_present(k: str, codes: tuple[str, ...], start: int, end: int) -> bool:
    """Most of the form's row labels are in the region, in any order (a reading-order copy
    scatters them; PDF text cuts some with cells or with a group label's glyphs): it is
    table 3. (That it is whole, the count and the sums tell.)"""
    specs = {s.code: s for s in _T3_SEQUENCE if s.code}
    found = sum(1 for c in codes if _find_label(specs[c], k, start, end))
    return 2 * found >= len(codes)


def _lay_stream(text: str, cells: list[_Piece], nrows: int, n: int, column_major: bool):
    """The stream cut into rows of n: in order, or (reading-order PDF text, one number a line)
    as blocks of k rows printed column by column: n runs of k numbers, runs parted by blank lines."""
    if not column_major:
        return [cells[i:i + n] for i in range(0, len(cells), n)]
    runs: list[list[_Piece]] = []
    for i, piece in enumerate(cells):
        if not _alone_on_line(text, piece.start, piece.end):
            return None
        if i and _one_line_break(text, cells[i - 1].end, piece.start):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    rows: list[list[_Piece]] = []
    i = 0
    while i < len(runs):
        k = len(runs[i])
        block = runs[i:i + n]
        if len(block) < n or any(len(r) != k for r in block):
            return None
        rows += [[run[j] for run in block] for j in range(k)]
        i += n
    return rows if len(rows) == nrows and any(len(r) > 1 for r in runs) else None


def _stream_values(reading: _StreamReading) -> list[tuple]:
    return [(code, tuple(p.value for p in pieces)) for code, pieces in zip(reading.codes, reading.pieces, strict=True)]


def _stream_reading_holds(reading: _StreamReading, columns, subtotals) -> bool:
    """Every row's 总计 is the sum of its applicant columns, every printed subtotal the sum of
    its leaves, and the table's column identities hold: a reading one row off breaks them
    (unless the rows it moves are equal, when it gives the same cells)."""
    total_at = columns.index("all")
    by_code = {c: [p.value for p in pieces] for c, pieces in zip(reading.codes, reading.pieces, strict=True)}
    for values in by_code.values():  # every row: 总计 = the six applicant columns
        if None not in values and abs(sum(values) - 2 * values[total_at]) > 1e-9:
            return False
    for group in subtotals:  # a printed subtotal is the sum of its leaves
        leaves = _T3_LEAF_GROUPS.get(group) or _T3_LEAVES_2021_OTHER
        if not _column_sums_hold(by_code, leaves, (group,), len(columns)):
            return False
    return all(_column_sums_hold(by_code, lhs, rhs, len(columns)) for lhs, rhs in _t3_equations(set(by_code)))


def _column_sums_hold(by_code, lhs, rhs, ncols) -> bool:
    for j in range(ncols):
        left = [by_code[c][j] for c in lhs if c in by_code]
        right = [by_code[c][j] for c in rhs if c in by_code]
        if None in left or None in right:
            continue  # a '/' cell: not assessable
        if abs(sum(left) - sum(right)) > 1e-9:
            return False
    return True


def _blank_group_label(row: _Row, rows_so_far: list[_Row]) -> bool:
    """A group label without numbers (（三）不予公开, or （六）其他处理 above its three leaves):
    the official layout has no subtotal there, so it yields no cells rather than EMPTY ones."""
    blank = not row.candidates and all(p.semantic == EMPTY for p in (row.pieces or []))
    if row.code in _T3_GROUP_ROWS:
        return blank
    if row.code == "out.other._total":
        return blank and any(r.code in _T3_LEAVES_2021_OTHER for r in rows_so_far)
    return False


def _read_t4(text: str, key: _Key, form_version: str, header: _T4Header, flat: _Flattening) -> _Row | None:
    if header.stacked:
        return _read_stacked_t4(text, key, form_version, header, flat)
    columns = tuple(f"{p}.{r}" for p in T4_PROCEEDINGS for r in header.results)
    s = key.end_offset(header.end)
    rest_of_line = _FILLER_TO_LINE_END.match(text, s)
    if rest_of_line and "|" in rest_of_line.group():
        s = rest_of_line.end()  # the header line's trailing filler cells are not data
    e = _t4_data_end(text, key, header.end)
    row = _Row("t4", "", columns, form_version, (s, e))
    # each proceeding: 维持 + 纠正 + 其他 + 尚未审结 = 总计
    block = (len(T4_RESULTS), header.results.index("total"))
    return _fill_row(text, row, _tokenise(text, s, e), allow_empty=False, block=block, flat=flat)


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def _read_stacked_t4(text: str, key: _Key, form_version: str, header: _T4Header, flat: _Flattening) -> _Row | None:
    """The cells after a header printed column by column. On one run (a line of 15 numbers) they
    are in printed order. When header words come between them, or each stands in a paragraph of
    its own (a PDF copied in reading order), the text's order may not be the printed one: they
    are read only when every proceeding's total is then the sum of its results."""
    s = key.end_offset(header.end)
    tokens, in_order = _Tokens(), True
    for m in _TOKEN.finditer(text, s):
        token = m.group()
        if _CELL_TOKEN.fullmatch(token) and token != "无":
            if tokens.pieces and _PARAGRAPH_BREAK.search(text, tokens.pieces[-1].end, m.start()):
                in_order = False
            tokens.pieces.append(_piece(text, m.start(), m.end()))
        elif _NOT_T4_GLYPH.search(token) is None:
            in_order = False  # a header word among the cells
        else:
            break
    n = len(T4_PROCEEDINGS) * len(T4_RESULTS)
    if len(tokens.pieces) != n:
        if not in_order or not tokens.pieces:
            return None
        row = _Row("t4", "", _t4_columns(T4_RESULTS), form_version, (tokens.pieces[0].start, tokens.pieces[-1].end))
        return _fill_row(text, row, tokens, allow_empty=False, block=(len(T4_RESULTS), T4_RESULTS.index("total")),
                         flat=flat)
    values = [p.value for p in tokens.pieces]
    total_last, total_first = T4_RESULTS, ("total",) + T4_RESULTS[:-1]
    if _t4_sums_hold(values, total_last):
        results = total_last
    elif not in_order:
        return None
    elif _t4_sums_hold(values, total_first) and any(values):
        results = total_first  # the header's order is not readable, the arithmetic is
    else:
        results = total_last   # the source breaks its own sums: the cells as printed
    row = _Row("t4", "", _t4_columns(results), form_version, (tokens.pieces[0].start, tokens.pieces[-1].end))
    row.pieces = tokens.pieces
    if not in_order:
        row.note = "table 4 cells out of printed order: read in text order, which every block sum confirms"
    return row


def _t4_columns(results: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{p}.{r}" for p in T4_PROCEEDINGS for r in results)


def _t4_sums_hold(values: list[float | None], results: tuple[str, ...]) -> bool:
    size, at = len(results), results.index("total")
    blocks = [values[i:i + size] for i in range(0, len(values), size)]
    return all(None not in b and abs(sum(b) - 2 * b[at]) < 1e-9 for b in blocks)


_T4_BLOCK_WORDS = {"reconsideration": re.compile(r"行政法?复议"),
                   "litigation_direct": re.compile(r"(?:未经复议)?直接起诉"),
                   "litigation_after_recon": re.compile(r"复议后起诉")}
_T4_RESULTS_RUN = re.compile(r"(?:结果维持|结果纠正|其他结果|尚未审结|总计){5}")


def _read_t4_blocks(text: str, key: _Key, form_version: str, k_from: int, flat: _Flattening) -> list[_Row]:
    """Table 4 printed as three small tables (行政复议 / 未经复议直接起诉 / 复议后起诉), each a
    caption, its five result words and its five cells. A block whose caption or header is not
    found yields nothing."""
    k = key.key
    rows, cursor = [], k_from
    for proceeding, caption in _T4_BLOCK_WORDS.items():
        header = next((h for m in caption.finditer(k, cursor, cursor + 400)
                       if (h := _T4_RESULTS_RUN.search(k, m.end(), m.end() + 60)) and h.start() <= m.end() + 12),
                      None)
        if header is None:
            continue
        results = tuple(_T4_RESULT_WORDS[w.group()] for w in re.finditer("|".join(_T4_RESULT_WORDS), header.group()))
        if sorted(results) != sorted(T4_RESULTS):
            continue
        s = key.end_offset(header.end())
        rest_of_line = _FILLER_TO_LINE_END.match(text, s)
        if rest_of_line:  # the header line's closing pipe, then a markdown '|---|' line
            s = rest_of_line.end()
            separator = _MD_SEPARATOR.match(text, s)
            s = separator.end() if separator else s
        e = _t4_data_end(text, key, header.end())
        row = _Row("t4", "", tuple(f"{proceeding}.{r}" for r in results), form_version, (s, e))
        filled = _fill_row(text, row, _tokenise(text, s, e), allow_empty=False,
                           block=(len(T4_RESULTS), results.index("total")), flat=flat)
        if filled:
            rows.append(filled)
        cursor = header.end()
    return rows


_NOT_DIGIT = re.compile(r"[^\d]")


def _t4_data_end(text: str, key: _Key, k_from: int) -> int:
    """Where table 4's numbers end: the first letter after them, except a grid cell that holds
    only 无 (a blank cell's mark, like '/' or '—', which the key does not keep)."""
    for m in _NOT_DIGIT.finditer(key.key, k_from):
        at = key.offset(m.start())
        if not (m.group() == "无" and text[at - 2:at] == "| " and text[at + 1:at + 3] == " |"):
            return at
    return key.text_end


# --------------------------------------------------------------------------------------------
# Table 3: solving glued rows jointly with the form's column identities.


def _t3_equations(present: set[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(lhs rows, rhs rows) identities that hold per applicant column."""
    eqs = [(("new_received", "carried_in"), ("total_processed", "carried_out"))]
    leaves = ["out.disclosed", "out.partial"]
    for group, members in _T3_LEAF_GROUPS.items():
        leaves += members
        if group in present:
            eqs.append((members, (group,)))
    if present & set(_T3_LEAVES_2021_OTHER):
        leaves += _T3_LEAVES_2021_OTHER
        if "out.other._total" in present:
            eqs.append((_T3_LEAVES_2021_OTHER, ("out.other._total",)))
    else:
        leaves.append("out.other._total")
    eqs.append((tuple(leaves), ("total_processed",)))
    return eqs


def _solve_t3(rows: list[_Row], columns: tuple[str, ...]) -> None:
    by_code = {r.code: r for r in rows}
    ambiguous = [r for r in rows if r.candidates and len(r.candidates) > 1]
    if not ambiguous or len(ambiguous) > 8:
        return
    equations = []
    for lhs, rhs in _t3_equations(set(by_code)):
        involved = lhs + rhs
        if not all(c in by_code and _row_known(by_code[c], len(columns)) for c in involved):
            continue  # a blank or missing row: the identity cannot be assessed
        for j in range(len(columns)):
            equations.append((lhs, rhs, j))
    equations = [eq for eq in equations if _satisfiable([eq], by_code)]
    if not equations:
        return
    survivors = _joint_survivors(ambiguous, equations, by_code)
    if survivors is None:
        return  # no joint solution: the source violates its own identities; keep row sums only
    for row in ambiguous:
        row.candidates = [c for i, c in enumerate(row.candidates) if i in survivors[id(row)]]
        row.value_lists = None
        if len(row.candidates) == 1:
            row.note = "glued row: split fixed by the table's column identities"


def _row_known(row: _Row, n: int) -> bool:
    if row.candidates:
        return True
    return bool(row.pieces) and len(row.pieces) == n and None not in _values(row, {})


def _values(row: _Row, choice: dict[int, int]) -> list[float]:
    if row.value_lists is None:  # computed once: the solver asks for them many times
        splits = row.candidates or [row.pieces]
        if row.blanks_are_cells:
            row.value_lists = [[_sum_value(p) for p in split] for split in splits]
        else:
            row.value_lists = [[p.value for p in split] for split in splits]
    return row.value_lists[choice.get(id(row), 0) if row.candidates else 0]


def _sum_value(p: _Piece) -> float | None:
    """A cell's value in the table's sums, in a row whose blanks were printed: a blank counts 0."""
    return 0.0 if p.value is None and p.semantic == EMPTY else p.value


def _eq_holds(eq, by_code, choice) -> bool:
    lhs, rhs, j = eq
    left = sum(_values(by_code[c], choice)[j] for c in lhs)
    right = sum(_values(by_code[c], choice)[j] for c in rhs)
    return abs(left - right) < 1e-9


def _satisfiable(eqs, by_code) -> bool:
    rows = {id(by_code[c]): by_code[c] for lhs, rhs, _ in eqs for c in lhs + rhs
            if by_code[c].candidates and len(by_code[c].candidates) > 1}
    return _joint_survivors(list(rows.values()), eqs, by_code) is not None


def _joint_survivors(ambiguous: list[_Row], equations, by_code, max_nodes: int = 100_000):
    """Candidate indexes per ambiguous row that appear in some assignment satisfying all
    equations; None when no assignment does (or the search is too large)."""
    survivors = {id(r): set() for r in ambiguous}
    ids = [id(r) for r in ambiguous]
    # an equation is checked as soon as every ambiguous row it involves is assigned
    last_needed = []
    for eq in equations:
        lhs, rhs, _ = eq
        involved = [ids.index(id(by_code[c])) for c in lhs + rhs if id(by_code[c]) in ids]
        last_needed.append(max(involved) if involved else -1)
    nodes = 0
    found = False
    choice: dict[int, int] = {}

    def ok_at(level: int) -> bool:
        return all(_eq_holds(eq, by_code, choice) for eq, ln in zip(equations, last_needed, strict=True) if ln == level)

    if not ok_at(-1):
        return None

    def walk(level: int) -> bool:
        nonlocal nodes, found
        if level == len(ambiguous):
            found = True
            for r in ambiguous:
                survivors[id(r)].add(choice[id(r)])
            return True
        row = ambiguous[level]
        for idx in range(len(row.candidates)):
            nodes += 1
            if nodes > max_nodes:
                return False
            choice[id(row)] = idx
            if ok_at(level) and not walk(level + 1):
                return False
        choice.pop(id(row), None)
        return True

    if not walk(0) or not found:
        return None
    return survivors


# --------------------------------------------------------------------------------------------
# Rows to Cells.


def _row_cells(text: str, row: _Row) -> list[Cell]:
    table, code = row.table, row.code
    cells = []
    all_splits = None  # an ambiguous row's candidate values, computed once for all its cells
    if row.candidates and len(row.candidates) > 1:
        all_splits = [[_candidate_value(row, i, p) for i, p in enumerate(c)] for c in row.candidates]
    for j, col in enumerate(row.columns):
        codes = col.split(".", 1) if table == "t4" else (code, col)
        if row.candidates:
            cell = _ambiguous_cell(text, row, j, all_splits, codes)
        elif row.pieces is not None:
            if j >= len(row.pieces):
                break  # cut off
            cell = _cell_from_piece(text, row, j, row.pieces[j], codes)
        else:
            s, e = row.span
            cell = Cell(row.form_version, table, *codes, None, TEXT, text[s:e], s, e)
        if cell.note is None:
            cell.note = row.note
        cells.append(cell)
    return cells


def _cell_from_piece(text: str, row: _Row, j: int, p: _Piece, codes) -> Cell:
    value, semantic, unit = p.value, p.semantic, p.unit or row.unit_hint
    column = row.columns[j]
    if unit is None and column != "amount_wan" and (value is None or value >= 0 and value.is_integer()):
        return Cell(row.form_version, row.table, *codes, value, semantic, text[p.start:p.end], p.start, p.end)
    note = None
    if column == "amount_wan" and value is not None and row.unit_hint is None:
        if unit in ("元", "万元"):
            value = to_wan(value, unit)
        elif value != 0:
            value, semantic, note = None, TEXT, "amount without a unit"
    if value is not None and (value < 0 or unit or value % 1) and row.columns[j] != "amount_wan" \
            and not _plausible_count(row.columns[j], value, unit):
        value, semantic, note = None, TEXT, "not a count: signed, fractional or an amount"
    return Cell(row.form_version, row.table, *codes, value, semantic, text[p.start:p.end],
                p.start, p.end, unit=unit, note=note)


def _plausible_count(column: str, value: float, unit: str | None) -> bool:
    """Counts are whole, never amounts, and negative only in 本年增/减: anything else was read
    into the wrong column (a header word lost, a label missed)."""
    return value.is_integer() and unit not in ("元", "万元") and (value >= 0 or column in _SIGNED_COLUMNS)


def _ambiguous_cell(text: str, row: _Row, j: int, all_splits, codes) -> Cell:
    first = row.candidates[0][j]
    if len(row.candidates) == 1 or all((c[j].start, c[j].end) == (first.start, first.end)
                                       for c in row.candidates):
        cell = _cell_from_piece(text, row, j, first, codes)
        if len(row.candidates) > 1:
            cell.note = "glued row: this cell is the same in every admissible split"
        else:
            cell.note = row.note or "glued row: unique admissible split"
        return cell
    s, e = min(c[0].start for c in row.candidates), max(c[-1].end for c in row.candidates)
    return Cell(row.form_version, row.table, *codes, None, TEXT, text[s:e], s, e,
                candidates=all_splits,  # the row's, shared by its cells
                candidate_values=sorted({c[j] for c in all_splits if c[j] is not None}),
                note=f"glued row: {len(all_splits)} admissible splits in column order "
                     f"{','.join(row.columns)}")


def _candidate_value(row: _Row, j: int, p: _Piece) -> float | None:
    if row.columns[j] == "amount_wan" and row.unit_hint is None and p.unit in ("元", "万元"):
        return to_wan(p.value, p.unit)
    return p.value
