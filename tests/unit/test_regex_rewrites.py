"""The patterns rewritten to run in linear time behave exactly as the ones they replaced.

Each old pattern is kept here verbatim (with the code that used it) and compared with its
replacement the way the extractor uses it (match at a line start, search over a window, …),
on random strings drawn from the pattern's own alphabet: its words, digits, white space, line
breaks and punctuation. The old patterns are quadratic or worse, so the strings stay short.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import formats, header, html_reader, legacy, narrative, numbers, pdf_reader, sections, tables

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPACE = [" ", "\t", "\n", "\u3000", "  "]


def texts(*tokens: str, max_size: int = 24):
    """Strings made of the given pieces (words of the pattern, characters, white space)."""
    pieces = sorted({t for group in tokens for t in (group if isinstance(group, list | tuple) else [group])})
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


def near(old: re.Pattern, *tokens, max_size: int = 24):
    """Strings of the pieces, and strings the old pattern matches (drawn by hypothesis from the
    pattern itself: any white space, any digit) with pieces around them."""
    noise = st.one_of(st.just(""), texts(*tokens, max_size=3))
    matched = st.tuples(noise, st.from_regex(old, fullmatch=True), noise).map("".join)
    return st.one_of(texts(*tokens, max_size=max_size), matched)


def outcome(m: re.Match | None, *groups):
    """What a match decides: its span and groups (None when there is none)."""
    if m is None:
        return None
    return m.span(), m.groups(), {g: m.span(g) for g in groups}


def positions(text: str, allowed=lambda before: True):
    """Offsets of text where the extractor matches, told by the character before them."""
    return [i for i in range(len(text) + 1) if allowed(text[i - 1: i])]


# --- sections ---------------------------------------------------------------------------------
OLD_HEAD_LINE = re.compile(r"[ \t]*(?:" + sections._AR_ORD + r")?(?P<title>" + sections._YEAR + "(?:"
                           + sections._ALL + r"))[ \t]*(?=\n|$|[:(]|[ \t]\S)")
OLD_NOT_HEADING_AFTER = re.compile(r"[ \t]*(?:数量|数|件|条|次|、|和|及|与|等|,|的|工作)")
HEADING_WORDS = ["总体情况", "概 述", "统计表", "情况表", "附件", "1", "2", "12", "、", ".", ":", "(", "一", "2019", "年",
                 "年度", "主动公开政府信息情况", "依申请公开", "行政复议", "行政诉讼", "情况", "存在", "的", "主要问题", "改进",
                 "其他需要报告的事项", "下一步工作计划", "数量", "件", "工作", "x", "。", "|", ",", *SPACE]


@EXAMPLES
@given(near(OLD_HEAD_LINE, HEADING_WORDS))
def test_heading_line_at_line_starts(text):
    for pos in positions(text, lambda before: before in ("", "\n")):
        assert outcome(sections._HEAD_LINE.match(text, pos), "title") == outcome(OLD_HEAD_LINE.match(text, pos), "title")


@EXAMPLES
@given(near(OLD_NOT_HEADING_AFTER, HEADING_WORDS))
def test_not_heading_after_a_title(text):
    for pos in positions(text, lambda before: before not in (" ", "\t")):
        assert outcome(sections._NOT_HEADING_AFTER.match(text, pos)) == outcome(OLD_NOT_HEADING_AFTER.match(text, pos))


# --- header -----------------------------------------------------------------------------------
OLD_SIG_BEFORE_OK = re.compile(r"(?:^|[\n。!;)\]]|(?:政府|办公室|管委会|委员会|办事处|镇|乡|街道|苏木|局|中心|处|科|室))\s*\(?\s*$")
OLD_SIG_AFTER_OK = re.compile(r"^\s*\)?\s*(?:$|\n|附件|附表|[^\s。,;:、]{0,30}?(?:统计表|情况表)|\S{0,40}\.(?:pdf|docx?|xlsx?|wps))")
SIGNATURE_WORDS = ["政府", "人民政府", "办公室", "委员会", "镇", "乡", "街道", "苏木", "局", "中心", "处", "科", "室", "府",
                   "(", ")", "。", "!", ";", "]", "附件", "附表", "统计表", "情况表", "x.pdf", "a.docx", ".wps", "年",
                   "2019", "x", ",", *SPACE]


@EXAMPLES
@given(near(OLD_SIG_BEFORE_OK, SIGNATURE_WORDS))
def test_signature_boundary_before_a_date(text):
    for hi in range(len(text) + 1):
        for lo in {0, max(0, hi - 3), max(0, hi - 8)}:
            old = OLD_SIG_BEFORE_OK.search(text, lo, hi) is not None
            assert header._after_signing_boundary(text, lo, hi) == old


@EXAMPLES
@given(near(OLD_SIG_AFTER_OK, SIGNATURE_WORDS))
def test_signature_end_after_a_date(text):
    assert outcome(header._SIG_AFTER_OK.match(text)) == outcome(OLD_SIG_AFTER_OK.match(text))


OLD_FOLLOW_BONUS = re.compile(r"(?:人民政府|政府|办事处|党委|党工委|\s*\d{4}\s*年|机关)")
OLD_YEAR_START = re.compile(r"\s*(?:19|20)\d\d\s*年")
OLD_BARE_NUMBER_LINE = re.compile(r"[ \t]*\d{1,3}[ \t]*")
OLD_PAGE_NUMBER_LINE = re.compile(
    r"[ \t]*(?:[-—–]+[ \t]*\d{1,4}[ \t]*[-—–]+|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|共[ \t]*\d{1,4}[ \t]*页|\d{1,4}[ \t]*/[ \t]*\d{1,4}|[Pp]age[ \t]*\d{1,4}(?:[ \t]*of[ \t]*\d{1,4})?)[ \t]*")
SLICE_PATTERNS = (
    (header._FOLLOW_BONUS, OLD_FOLLOW_BONUS, "match", ["人民政府", "政府", "办事处", "党委", "党工委", "机关", "2019", "1", "年"]),
    (header._YEAR_START, OLD_YEAR_START, "match", ["2019", "19", "20", "1", "年", "x"]),
    (header._BARE_NUMBER_LINE, OLD_BARE_NUMBER_LINE, "fullmatch", ["1", "12", "123", "x"]),
    (header._PAGE_NUMBER_LINE, OLD_PAGE_NUMBER_LINE, "fullmatch", ["-", "—", "–", "1", "12", "第", "页", "共", ",", "/",
                                                                  "Page", "page", "of", "x"]),
)


@pytest.mark.parametrize("which", range(len(SLICE_PATTERNS)))
@EXAMPLES
@given(data=st.data())
def test_patterns_matched_on_a_slice(which, data):
    new, old, method, words = SLICE_PATTERNS[which]
    text = data.draw(near(old, words, " ", "\t", "  ", "\n", max_size=8))
    assert outcome(getattr(new, method)(text)) == outcome(getattr(old, method)(text)), old.pattern


OLD_META_KEY = re.compile(r"(成文|发文|印发|发布|公开|更新|生成)?\s*$")


@EXAMPLES
@given(near(OLD_META_KEY, ["成文", "发文", "印发", "发布", "公开", "更新", "生成", "成", "文", "布", "x", "日期", ":", *SPACE]),
       st.integers(0, 40))
def test_metadata_key_before_a_date(text, pos):
    pos = min(pos, len(text))
    km = OLD_META_KEY.search(text, max(0, pos - 6), pos)
    assert header._meta_key_before(text, pos) == (km.group(1) if km and km.group(1) else "")


OLD_META_TITLE = re.compile(r"(?:^|\n|\|)\s*(?:标\s*题|名\s*称|文\s*件\s*名\s*称)\s*[:|]\s*\|?\s*([^\n|]{6,80})")


@EXAMPLES
@given(near(OLD_META_TITLE, ["标题", "标 题", "名称", "文件名称", "文 件", "名", "称", ":", "|", "||", "报告", "2019年度报告",
                             "abcdef", "x", "公开", *SPACE], max_size=30))
def test_metadata_title(text):
    m = OLD_META_TITLE.search(text)
    assert header._meta_title(text) == ((m.group(1), m.start(1)) if m else None)


def test_metadata_title_value_of_eighty_characters():
    text = "标题:  |  " + "政府信息公开年度报告" * 10 + "\n"
    m = OLD_META_TITLE.search(text)
    assert header._meta_title(text) == (m.group(1), m.start(1))


OLD_PUBLISHER_VALUE = re.compile(f"[ \t]*[:|][ \t|]*([{header.C}]{{2,30}})")
OLD_TOWN_NAME = re.compile(r"(?P<core>.+?)(?:街道|苏木|镇|乡)")
OLD_COUNTY_FOLLOW = re.compile(
    f"(?:人民政府|政府|委|党委|人大|政协|纪委|政务|门户|网站|政府网|官网|财政|地税|国税|地方税务|"
    f"[{header.C}]{{0,4}}?(?:局|委员会|办公室|办事处|中心)|[{header.C}]{{2,4}}?(?:镇|乡|街道|苏木)(?:人民政府|政府|党委|办事处|\\d)"
    f"|\\s*(?:19|20)\\d\\d\\s*年)")
NAME_WORDS = ["发布机构", "来源", ":", "|", "参内乡", "镇", "乡", "街道", "苏木", "街", "道", "城关", "人民政府", "政府", "局",
              "2019", "年", "委员会", "x", "1", *SPACE]


@EXAMPLES
@given(st.one_of(near(OLD_PUBLISHER_VALUE, NAME_WORDS), near(OLD_COUNTY_FOLLOW, NAME_WORDS)))
def test_names_after_a_key_or_a_county(text):
    for pos in positions(text, lambda before: before not in (" ", "\t", "|")):
        assert outcome(header._PUBLISHER_VALUE.match(text, pos)) == outcome(OLD_PUBLISHER_VALUE.match(text, pos))
    for pos in positions(text, lambda before: not before.isspace()):
        assert outcome(header._COUNTY_FOLLOW.match(text, pos)) == outcome(OLD_COUNTY_FOLLOW.match(text, pos))


@EXAMPLES
@given(near(OLD_TOWN_NAME, NAME_WORDS, max_size=8))
def test_township_core(text):
    m = OLD_TOWN_NAME.fullmatch(text)
    assert header._town_core(text) == (m.group("core") if m else None)


# --- legacy tables ------------------------------------------------------------------------------
OLD_LABEL_NOTE = re.compile(r"\s*[(（][^()（）]{0,60}[)）]")
OLD_UNIT = re.compile(r"\s*(?P<unit>万元|人次|条|件|次|个|人|篇|元|项|份)")
OLD_PIPE = re.compile(r"[ \t]*[|｜]")
OLD_TOKEN = re.compile(r"\s*(?P<tok>\d+(?:\.\d+)?|/|／|—+|-+)")
OLD_TRAILING_ORDINAL = re.compile(r"(?P<digits>\d+)\s*[.、．]\s*$")
OLD_TRAILING_MARKS = re.compile(r"(?:其中\s*[:：]?\s*)?(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+\s*、)?\s*$")
LEGACY_WORDS = ["(", ")", "（", "）", "计1条", "万元", "人次", "条", "件", "人", "元", "项", "|", "｜", "1", "12", "0", ".",
                "/", "／", "—", "-", "、", "．", "其中", ":", "：", "一", "二", "十", "x", "数", *SPACE]


@EXAMPLES
@given(st.one_of(*(near(p, LEGACY_WORDS) for p in (OLD_LABEL_NOTE, OLD_UNIT, OLD_PIPE, OLD_TOKEN))))
def test_legacy_cells_after_a_label(text):
    for pos in positions(text, lambda before: not before.isspace()):
        for end in (len(text), max(pos, len(text) - 3)):
            for old, new in ((OLD_LABEL_NOTE, legacy._LABEL_NOTE), (OLD_UNIT, legacy._UNIT), (OLD_TOKEN, legacy._TOKEN)):
                assert outcome(new.match(text, pos, end)) == outcome(old.match(text, pos, end)), old.pattern
            assert outcome(legacy._PIPE.match(text, pos, end)) == outcome(OLD_PIPE.match(text, pos, end))


@settings(max_examples=250, deadline=None)
@given(st.one_of(*(near(p, "其中", ":", "：", "(", "（", ")", "）", "一", "十", "、", "1", "12", ".", "．", "x", *SPACE, max_size=10)
                   for p in (OLD_TRAILING_MARKS, OLD_TRAILING_ORDINAL))))
def test_legacy_marks_closing_a_row(text):
    assert outcome(legacy._TRAILING_ORDINAL.search(text), "digits") == outcome(OLD_TRAILING_ORDINAL.search(text), "digits")
    assert legacy._trailing_marks_start(text) == OLD_TRAILING_MARKS.search(text).start()


# --- narrative ----------------------------------------------------------------------------------
OLD_COUNT = re.compile(
    rf"(?P<num>[\d{narrative._CN_NUM}]+(?:(?<=\d),\d{{3}})*(?:\.\d+)?万?)\s*(?P<approx>余|多)?\s*(?P<unit>[条件份起宗个例篇次])")
COUNT_WORDS = ["1", "0", "12", "234", "1,234", ",", ".", "5", "万", "一", "十", "百", "两", "〇", "余", "多", "条", "件", "份",
               "次", "x", "公开", *SPACE]


@EXAMPLES
@given(near(OLD_COUNT, COUNT_WORDS, max_size=30), st.integers(0, 60))
def test_counts(text, limit):
    limit = min(limit, len(text))
    old = [outcome(m, "num") for m in OLD_COUNT.finditer(text, 0, limit)]
    assert [outcome(m, "num") for m in narrative._COUNT.finditer(text, 0, limit)] == old


def test_counts_after_thousands_groups():
    for text in ("1,234,567条", "12,34条", "1,2345条", "1,234,2345条", "一1,234条", "1,234,", "1,234件,567条",
                 "1,234,567", "1,234 567条", "1,234,567.5万余条"):
        old = [outcome(m, "num") for m in OLD_COUNT.finditer(text)]
        assert [outcome(m, "num") for m in narrative._COUNT.finditer(text)] == old, text


OLD_PUB_VERB_ONLY_AFTER_YEAR = re.compile(
    rf"\s*(?:我[镇乡区县]|我街道|本单位|全[镇乡区县]|全街道)?(?:共计|共|累计)(?:[\u4e00-\u9fff]{{1,4}}?)?(?P<verb>{narrative._VERBS})(?:了)?\s*")
OLD_YEAR_LEAD = re.compile(r"\s*(?:(?P<year>(?:19|20)\d\d)\s*年度?|全年|本年度?|今年|年内)\s*")
OLD_ENUMERATED_ITEM = re.compile(r"\s*(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|\d{1,2}\s*[、.](?!\d)|\(\s*[一二三四五六七八九十\d]{1,2}\s*\))")
OLD_TOTAL_SUBJECT = re.compile(r"\s*(?:(?:政府|政务)?信息)?公开(?:的)?(?:数量|总数|总量)|\s*(?:(?:政府|政务)?信息)(?:总数|总量)")
OLD_WAN_AMOUNT = re.compile(r"\d+(?:\.\d+)?万")
CLAUSE_WORDS = ["我镇", "全县", "本单位", "共计", "共", "累计", "审发", "主动公开", "发布", "公开", "了", "2019", "年", "年度",
                "全年", "本年", "今年", "年内", "一", "是", "其", "三", "2", "、", ".", "(", ")", "政府", "信息", "的", "数量",
                "总数", "5", "万", "x", *SPACE]


@EXAMPLES
@given(st.data())
def test_clause_patterns(data):
    for old, new, method in ((OLD_PUB_VERB_ONLY_AFTER_YEAR, narrative._PUB_VERB_ONLY_AFTER_YEAR, "fullmatch"),
                             (OLD_YEAR_LEAD, narrative._YEAR_LEAD, "fullmatch"),
                             (OLD_ENUMERATED_ITEM, narrative._ENUMERATED_ITEM, "match"),
                             (OLD_TOTAL_SUBJECT, narrative._TOTAL_SUBJECT, "match"),
                             (OLD_WAN_AMOUNT, narrative._WAN_AMOUNT, "fullmatch")):
        text = data.draw(near(old, CLAUSE_WORDS, max_size=12))
        assert outcome(getattr(new, method)(text)) == outcome(getattr(old, method)(text)), old.pattern


OLD_PARAGRAPH_YEAR = re.compile(r"\s*(?:(?:19|20)\d\d\s*年度?|全年|本年度?|今年)[,，]")


@EXAMPLES
@given(near(OLD_PARAGRAPH_YEAR, "2019", "年", "年度", "全年", "本年", "今年", ",", "，", "x", "公开", *SPACE, max_size=12))
def test_paragraph_opening_with_its_year(text):
    for pos in range(len(text) + 1):
        line_start = text.rfind("\n", 0, pos) + 1
        assert narrative._paragraph_opens_with_year(text, pos) == (
            OLD_PARAGRAPH_YEAR.match(text, line_start, pos) is not None)


# --- cells, page numbers, metadata lines, markup -------------------------------------------------
OLD_CELL = re.compile(r"^\s*([+\-−－]?)\s*(\d+(?:\.\d+)?)\s*(万元|元|条|件|次|个|人次|人|篇|%)?\s*$")
OLD_PDF_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,/，]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[-—–]?\s*[ivxIVX]{1,5}\s*[-—–]?)\s*$")
OLD_META_LINE = re.compile(
    r"^\s*(?:标\s*题|文章标题|发布(?:日期|时间)|成文日期|公开日期|发文日期|更新(?:日期|时间)|"
    r"(?:信息)?来\s*源|发布(?:机构|单位|部门)|发文(?:机关|单位)|时\s*间|日\s*期)\s*[:：]", re.M)
OLD_LEADING_NUMBER = re.compile(r"\s*(\d{1,3})")
LINE_PATTERNS = (
    (numbers._CELL, OLD_CELL, ["+", "-", "−", "－", "1", "12", ".5", ".", "万元", "元", "人次", "人", "条", "%", "x"]),
    (pdf_reader._PAGE_NUMBER, OLD_PDF_PAGE_NUMBER, ["-", "—", "–", "1", "12", "第", "页", "共", ",", "/", "，", "iv", "X",
                                                    "x"]),
    (html_reader._META_LINE, OLD_META_LINE, ["标题", "标 题", "来源", "信息来源", "发布日期", "时 间", ":", "：", "x", "\n"]),
    (html_reader._LEADING_NUMBER, OLD_LEADING_NUMBER, ["1", "12", "x", "\n"]),
)


@pytest.mark.parametrize("which", range(len(LINE_PATTERNS)))
@EXAMPLES
@given(data=st.data())
def test_line_patterns(which, data):
    new, old, words = LINE_PATTERNS[which]
    text = data.draw(near(old, words, " ", "\t", "  ", max_size=5))
    assert outcome(new.match(text)) == outcome(old.match(text)), old.pattern


OLD_MARKUP_START = re.compile(
    rb"\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|span|section|article|center|font|h[1-6])[\s>/]",
    re.I | re.S)
MARKUP_WORDS = ["<!--", "-->", "--", "-", "<", ">", "<!---->", "<html>", "<HTML ", "<p/", "<pre>", "<?xml v='1'?>",
                "<!DOCTYPE html>", "<div", "x", "\r", *SPACE]


@EXAMPLES
@given(texts(MARKUP_WORDS, max_size=14))
def test_markup_start(text):
    head = text.encode("utf-8")
    assert formats._starts_with_markup(head) == bool(OLD_MARKUP_START.match(head))


def test_markup_start_with_long_comments():
    for sizes in ((1500, 1500), (2000,), (2001,), (1999, 10, 2001), (2001, 5)):
        head = b"".join(b"<!--" + b"c" * n + b"-->\n" for n in sizes) + b"<html>"
        assert formats._starts_with_markup(head) == bool(OLD_MARKUP_START.match(head)), sizes
    for head in (b"<!--" + b"c" * 1000 + b"--> junk <!--" + b"c" * 1500 + b"--><html>", b"<!---><html>",
                 b"<!----><html>", b"<!--><!-- --><p>", b"<!-- --> <!----> \n<div>",
                 b"<!--" + b"c" * 1999 + b"--><!---><html>"):
        assert formats._starts_with_markup(head) == bool(OLD_MARKUP_START.match(head)), head


# --- form tables ----------------------------------------------------------------------------------
OLD_LABEL_TAIL = re.compile(r"[”\"’'」』》]*\s*[(（](?!\s*[一二三四五六七八九十\d]{1,3}\s*[)）])"
                            r"[^()（）\d|]{0,60}(?:[)）]|(?=\s*\d))|\s*[”\"’'」』》]+")
OLD_MD_SEPARATOR = re.compile(r"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
OLD_FILLER = re.compile(r"[|\s]*?\n")
OLD_ONE_LINE_BREAK = re.compile(r"[^\S\n]*\n[^\S\n]*")


@settings(max_examples=250, deadline=None)
@given(st.one_of(*(near(p, "”", "\"", "'", "》", "(", ")", "（", "）", "四", "12", "区分处理的", "|", "x", *SPACE, max_size=10)
                   for p in (OLD_LABEL_TAIL, OLD_FILLER))))
def test_label_tail_and_line_filler(text):
    for pos in positions(text, lambda before: before == "" or re.fullmatch(r"[^\W_]", before) is not None):
        assert outcome(tables._LABEL_TAIL.match(text, pos)) == outcome(OLD_LABEL_TAIL.match(text, pos))
        assert outcome(tables._FILLER_TO_LINE_END.match(text, pos)) == outcome(OLD_FILLER.match(text, pos))


@settings(max_examples=250, deadline=None)
@given(st.one_of(*(near(p, "|", "---", "-", ":", "x", " ", "\t", "\n", max_size=12)
                   for p in (OLD_MD_SEPARATOR, OLD_ONE_LINE_BREAK))))
def test_markdown_separator_and_line_breaks(text):
    for pos in range(len(text) + 1):
        assert outcome(tables._MD_SEPARATOR.match(text, pos)) == outcome(OLD_MD_SEPARATOR.match(text, pos))
        assert tables._one_line_break(text, pos, len(text)) == bool(OLD_ONE_LINE_BREAK.fullmatch(text, pos))
    old = [m.span() for m in OLD_MD_SEPARATOR.finditer(text, 1, len(text))]
    assert [m.span() for m in tables._MD_SEPARATOR.finditer(text, 1, len(text))] == old
