"""Section splitting.

National forms (form_2019 / form_2021) use the keys of the six sections of the format:

=====  =====================================================
s1     总体情况 (also 概述 / 总体概述 / 基本情况)
s2     主动公开政府信息情况
s3     收到和处理政府信息公开申请情况 (also 依申请公开…)
s4     政府信息公开行政复议、行政诉讼情况 (因…申请行政复议、提起行政诉讼的情况 …)
s5     存在的主要问题及改进情况
s6     其他需要报告的事项
=====  =====================================================

Legacy reports (narrative / legacy_table) use named keys:

===============  ==========================================================
overview         概述 / 总体情况 / 基本情况 / 引言
published        主动公开政府信息(的)情况 / 政府信息公开情况
response         回应解读 / 政策解读 / 回应社会关切
applications     依申请公开… / 收到和处理…申请
fees             收费及减免 / 收费情况
proceedings      行政复议、行政诉讼 / 复议、诉讼和申诉
problems         存在的(主要)问题 / 改进措施
plans            下一步工作 / 工作计划 / 工作思路 / 工作打算
other            其他需要报告的事项
table            …统计表 (the statistics table caption)
===============  ==========================================================

A heading is a known title at the start of a line (or, in a report flattened onto one line,
after a space or a sentence end), normally behind an ordinal ``一、``/``二.``/``1、`` (the
number is kept in ``Section.number``; renumbered or missing ordinals are tolerated).  Titles
that continue as a sentence (``四、行政复议数量 件``, a table row) are not headings.  Each key is
taken once, at its first heading; ``Section.end`` is the start of the next section or
``len(text)``.
"""
from __future__ import annotations

import itertools
import re

from extract.model import Section
from extract.numbers import chinese_to_int

_CN_ORD = r"(?P<num>[一二三四五六七八九十]{1,3})\s*[、.]\s*"
_AR_ORD = r"(?P<num>\d{1,2})\s*[、.](?!\d)\s*"
# (national key, legacy key, title regex); the first alternative matching at a position wins
_TITLES = [
    (None, "table", r"(?:附件\s*\d?\s*[:、]?\s*)?[^\n。,;|()]{0,30}?(?:统计表|情况表)"),
    ("s1", "overview", r"(?:政府信息公开(?:工作)?)?(?:总体情况|总体概述|总体公开工作概况|基本情况|工作概述|概\s*述|概况|引\s*言)"),
    ("s3", "applications", r"(?:行政机关)?收到和处理政府信息公开申请(?:的)?情况|(?:政府信息)?依申请公开[^\n。\d|]{0,24}?情况"),
    ("s2", "published", r"(?:行政机关)?(?:政府信息)?主动公开(?:政府信息|政务信息)?(?:的)?(?:工作)?情况|政府信息主动公开(?:工作)?情况"
                        r"|政府信息公开(?:工作)?情况|政务公开工作开展情况"),
    (None, "response", r"(?:政府信息)?回应解读(?:政府信息)?情况|(?:开展)?政策解读情况|回应社会关切情况"),
    (None, "fees", r"(?:政府信息公开|依申请(?:信息)?公开)?(?:的)?收费(?:及|和)减免(?:的)?情况|依申请(?:信息)?公开收费情况"
                   r"|政府信息公开(?:的)?收费(?:情况)?"),
    ("s4", "proceedings", r"[^\n。\d|]{0,24}?行政法?复议[、和及]?(?:提起)?行政诉讼[^\n。\d|]{0,10}?情况|复议、诉讼(?:和|及)申诉(?:的)?情况"
                          r"|(?:政府信息公开)?(?:行政)?复议、诉讼情况"),
    ("s5", "problems", r"[^\n。\d|]{0,16}?存在(?:的)?(?:主要)?问题(?:[及和与]|、)?(?:改进|整改|不足)?(?:情况|措施)?"
                       r"|(?:工作中的)?主要问题(?:和|及|与)改进(?:情况|措施)"),
    (None, "plans", r"(?:下一步|20\d\d年)(?:工作)?(?:计划|打算|思路|安排)|下步工作打算"),
    ("s6", "other", r"其他需要报告的事项"),
]
_ALL = "|".join(f"(?P<t{i}>{p})" for i, (_, _, p) in enumerate(_TITLES))
# numbered headings (一、…) may follow anything (one-line reports); unnumbered or 1./1、 headings
# must start a line.
_YEAR = r"(?:(?:19|20)\d\d\s*年度?)?"
_HEAD_CN = re.compile(_CN_ORD + r"(?P<title>" + _YEAR + "(?:" + _ALL + r"))")
# matched at line starts only: the look-behind makes a search fail at once inside a run of spaces
# (a search would otherwise retry the spaces at every position: quadratic)
_HEAD_LINE = re.compile(r"(?<![ \t])[ \t]*+(?:" + _AR_ORD + r")?(?P<title>" + _YEAR + "(?:" + _ALL + r"))[ \t]*(?=\n|$|[:(]|[ \t]\S)")
# every title ends with one of these words: lines without one in their first 48 characters are skipped
_TITLE_WORDS = ("情况", "概述", "概况", "概 述", "引言", "引 言", "事项", "问题", "计划", "打算", "思路", "安排", "统计表", "情况表")


def _line_starts(text: str):
    """Offsets of lines whose head could hold a heading (cheap pre-filter)."""
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        head = text[pos:min(end, pos + 48)]
        if any(w in head for w in _TITLE_WORDS):
            yield pos
        pos = end + 1
# an attached statistics table announced as 附件 anywhere (one-line reports)
_ATTACHED_TABLE = re.compile(r"附件\s*\d?\s*[:、]?\s*[^\n。,;|()]{0,30}?(?:统计表|情况表)")
# matched where a title ends (never after a space)
_NOT_HEADING_AFTER = re.compile(r"(?<![ \t])[ \t]*+(?:数量|数|件|条|次|、|和|及|与|等|,|的|工作)")


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(s: str | None) -> int | None:
    """The printed ordinal: '3', '三', '十二', '二十一'."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return _DIGITS.get(s) if len(s) == 1 else chinese_to_int(s)
    tens, _, units = s.partition("十")
    t = _DIGITS.get(tens, -1) if tens else 1
    u = _DIGITS.get(units, -1) if units else 0
    return 10 * t + u if t >= 0 and u >= 0 else chinese_to_int(s)


def _key_of(m: re.Match, national: bool) -> str:
    idx = next(i for i in range(len(_TITLES)) if m.group(f"t{i}") is not None)
    key, lkey, _ = _TITLES[idx]
    return (key or lkey) if national else lkey


def split_sections(text: str, template: str) -> list[Section]:
    national = template in ("form_2019", "form_2021")
    found: dict[str, Section] = {}

    def add(m: re.Match, num: str | None) -> None:
        if _NOT_HEADING_AFTER.match(text, m.end("title")):
            return
        k = _key_of(m, national)
        if k in found:
            return
        start = m.start("num") if num else m.start("title")
        found[k] = Section(key=k, number=_number(num), heading=text[start:m.end("title")].strip(),
                           start=start, end=len(text))

    for m in _HEAD_CN.finditer(text):
        add(m, m.group("num"))
    numbered = bool(found)
    for pos in _line_starts(text):
        m = _HEAD_LINE.match(text, pos)
        if not m:
            continue
        num = m.group("num")
        if num and numbered:
            continue  # 1./1、 are sub-items when the report has 一、二、… headings
        add(m, num)
    if not national and "table" not in found:
        m = _ATTACHED_TABLE.search(text, max((sec.start for sec in found.values()), default=0))
        if m:
            found["table"] = Section(key="table", number=None, heading=m.group(0).strip(), start=m.start(),
                                     end=len(text))
    order = sorted(found.values(), key=lambda s: s.start)
    for a, b in itertools.pairwise(order):
        a.end = b.start
    if order:
        order[-1].end = len(text)
    return order
