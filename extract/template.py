"""Template and form version from the labels present (domain.md "Form-version detection rule").

Order of evidence, strongest first:

1. Table labels of the national forms. 2021-only labels (本年制发件数, 本年废止件数, 现行有效件数,
   本年处理决定数量, 本年收费金额, the split （六）其他处理 rows) give ``form_2021``/``gb2021``;
   2019-only labels (本年新制作数量, 本年新公开数量, 对外公开总数量, 上一年项目数量, 政府集中采购,
   采购项目数量, 处理决定数量 without 本年) give ``form_2019``/``gb2019``.  Labels are matched with
   whitespace and pipes allowed between the characters (flattened, spaced or wrapped headers),
   and truncated headers such as ``本年新 | 本年新`` followed by 对外公开总数量 still count.
2. Pre-2019 statistics tables: 统计指标 with 单位/统计数 (or the row 主动公开政府信息数(不同渠道…))
   -> ``legacy_table``/``legacy_cn2014``; 指标名称 with 计量单位 and a ``YYYY年度``/历年累计 column
   -> ``legacy_fj``; any other 指标名称/计量单位 table -> ``legacy_other``.
3. No table labels but the structure of the national form: a report that cites
   国办公开办函〔2021〕30号 or 〔2019〕60号, or that is organised in the six national sections
   (the 2019+ wording 收到和处理政府信息公开申请情况, the table-3 labels without the tables, an
   outline that opens with the form's first section ``一、总体情况``, or an overview organised in
   the notice's items 政府信息管理 and 平台建设 as headings),
   is a national-form report whose tables were lost (images, cut-off): ``form_2021`` when it
   cites the 2021 notice or its report year is 2021 or later, ``form_2019`` when it cites the
   2019 notice or its year is 2019–2020.  A report of 2018 or earlier, or one that keeps the old
   free-text structure, is ``narrative``.
4. Otherwise ``narrative`` (form_version None).
"""
from __future__ import annotations

import re

_SEP = r"[\s|]*"


def _spaced(label: str) -> str:
    """A label whose characters may be separated by whitespace or table pipes."""
    return _SEP.join(re.escape(ch) for ch in label)


def _any(*labels: str) -> re.Pattern:
    return re.compile("|".join(_spaced(lab) for lab in labels))


_F2021 = _any("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
_F2021_OTHER = re.compile(r"申请人无正当理由逾期不补正|申请人逾期未按收费通知要求缴纳费用")
_F2019 = _any("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "采购总金额")
_F2019_WEAK = re.compile(r"本年新[\s|]+本年新|本年增/减")
_SHARED = _any("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "本列数据的勾稽关系")
_SHARED_T4 = re.compile(r"结果维持[\s|]*结果纠正|未经复议直接起诉|复议后起诉")
_LEG_CN = re.compile(_spaced("统计指标") + r"[\s\S]{0,40}?" + "(?:" + _spaced("统计数") + "|" + _spaced("单位") + ")"
                     + r"|主动公开政府信息数\s*\(不同渠道")
_LEG_FJ = re.compile(_spaced("指标名称") + r"[\s\S]{0,20}?" + _spaced("计量单位")
                     + r"[\s\S]{0,30}?(?:\d{4}\s*年度|历年累计|本年累计|本期实际)")
_LEG_OTHER = re.compile(_spaced("指标名称") + r"[\s\S]{0,20}?" + _spaced("计量单位") + "|" + _spaced("统计指标"))

_CITE_2021 = re.compile(r"国办公开办函\s*[〔\[(【]\s*2021\s*[〕\])】]\s*30\s*号")
_CITE_2019 = re.compile(r"国办公开办函\s*[〔\[(【]\s*2019\s*[〕\])】]\s*60\s*号")
# the 2019+ section wording (legacy reports say 依申请公开…)
_NATIONAL_STRUCTURE = re.compile(r"收到和处理政府信息公开申请")
# the national outline: its first section heading, at a line start or after a sentence (one-line
# texts); not a sub-heading `(一)总体情况`
_NATIONAL_OUTLINE = re.compile(r"(?:^|(?<=[\n\s。:]))一\s*[、.]\s*(?:政府信息公开(?:工作)?)?总体情况")
_NOTICE_2021_CONTENT = re.compile(r"政府信息管理[\s\S]{0,30}?平台建设[\s\S]{0,30}?监督保障")


def detect_template(text: str, report_year: int | None) -> tuple[str, str | None]:
    """(template, form_version); `report_year` decides the form of a report whose tables were lost."""
    has21 = bool(_F2021.search(text) or _F2021_OTHER.search(text))
    has19 = bool(_F2019.search(text) or _F2019_WEAK.search(text))
    if has21 and not has19:
        return "form_2021", "gb2021"
    if has19 and not has21:
        return "form_2019", "gb2019"
    if has21 and has19:
        # a hybrid: the 2021 column labels decide (stale 2019 rows inside a 2021 layout)
        strong21 = len(_F2021.findall(text))
        strong19 = len(_F2019.findall(text))
        return ("form_2021", "gb2021") if strong21 >= strong19 else ("form_2019", "gb2019")

    if _LEG_CN.search(text):
        return "legacy_table", "legacy_cn2014"
    if _LEG_FJ.search(text):
        return "legacy_table", "legacy_fj"
    if _LEG_OTHER.search(text):
        return "legacy_table", "legacy_other"

    # tables lost: the national structure or a cited notice says which form, with the year
    national = None
    year = report_year
    if _CITE_2021.search(text):
        national = "form_2021"
    elif (_NATIONAL_STRUCTURE.search(text) or _SHARED.search(text) or _SHARED_T4.search(text)
          or _CITE_2019.search(text) or _opens_with_national_outline(text) or _has_notice_items(text)):
        if _CITE_2019.search(text):
            national = "form_2021" if year and year >= 2021 else "form_2019"
        elif year is None:
            national = "form_2021" if _NOTICE_2021_CONTENT.search(text) else "form_2019"
        elif year >= 2021:
            national = "form_2021"
        elif year >= 2019:
            national = "form_2019"
    if national == "form_2021":
        return "form_2021", "gb2021"
    if national == "form_2019":
        return "form_2019", "gb2019"
    return "narrative", None


def _opens_with_national_outline(text: str) -> bool:
    """The first numbered section is the national form's `一、总体情况`."""
    m = _NATIONAL_OUTLINE.search(text)
    return m is not None and not _FIRST_OTHER_SECTION.search(text, 0, m.start())


# the 2021 notice's items of 总体情况 as headings: (三)政府信息管理, 4.政府信息公开平台建设
_ITEM_ORDINAL = r"(?:^|(?<=\n))[ \t]*(?:\(?[一二三四五六七八九十\d]{1,2}[)、.])[ \t]*"
_ITEM_MANAGEMENT = re.compile(_ITEM_ORDINAL + r"政府信息管理")
_ITEM_PLATFORM = re.compile(_ITEM_ORDINAL + r"(?:政府信息公开|政务公开)?平台建设")


def _has_notice_items(text: str) -> bool:
    """The overview is organised in the national notice's items (政府信息管理, 平台建设)."""
    return bool(_ITEM_MANAGEMENT.search(text) and _ITEM_PLATFORM.search(text))


# an earlier `一、` heading (a legacy outline's 一、概述) means 总体情况 is not the first section
_FIRST_OTHER_SECTION = re.compile(r"(?:^|(?<=[\n\s。:]))一\s*[、.]\s*[\u4e00-\u9fff]")


_EVIDENCE = {
    "form_2021": (_F2021, _F2021_OTHER, _CITE_2021, _NATIONAL_STRUCTURE, _NATIONAL_OUTLINE, _ITEM_MANAGEMENT),
    "form_2019": (_F2019, _F2019_WEAK, _CITE_2019, _NATIONAL_STRUCTURE, _SHARED, _NATIONAL_OUTLINE,
                  _ITEM_MANAGEMENT),
    "legacy_table": (_LEG_CN, _LEG_FJ, _LEG_OTHER),
}


def template_evidence(text: str, template: str) -> tuple[int, int] | None:
    """(start, end) of the first label that decided the template; None for narrative."""
    for rx in _EVIDENCE.get(template, ()):
        m = rx.search(text)
        if m:
            return m.start(), m.end()
    return None
