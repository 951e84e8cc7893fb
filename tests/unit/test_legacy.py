"""Pre-2019 statistics tables: rows mapped to measure keys, space-separated and glued cells.
Table snippets are verbatim from the bundled reports; expected values are the labels'."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.legacy import extract_legacy_table
from extract.model import EMPTY, NA, NUMERIC, TEXT, ZERO, Header
from extract.narrative import extract_narrative
from extract.normalise import normalise
from extract.vocabulary import LEGACY_ROW_MEASURES
from tests.conftest import load_labels


def cells_of(text: str, form_version: str | None = None):
    # The pipeline passes the report's own sentences: they can fix a glued row's split.
    header = Header(template="legacy_table", form_version=form_version)
    return extract_legacy_table(text, header, [], extract_narrative(text, header, []))


def grid(text: str, form_version: str | None = None) -> dict[tuple[str, str], object]:
    return {(c.row_code, c.col_code): c for c in cells_of(text, form_version)}


def assert_slices(text: str, cells) -> None:
    for c in cells:
        assert text[c.start:c.end] == c.raw_text


# 2011 平潭县: glued, split uniquely by year <= cumulative and 网站 + 公报 = 主动公开 (per column)
GLUED_2011 = ("附件1:平潭县人民政府2011年政府信息公开情况统计表 指标名称计量单位2011年度历年累计主动公开信息数条4251516"
              "其中:1.网站公开条41815092.政府公报公开条77受理依申请公开信息总数条00其中:1.当面申请数条002.传真申请数条00"
              "3.电子邮件申请数条004.网上申请数条005.信函申请数条006.其它形式申请数条00对申请的答复数条00"
              "其中:1.同意公开答复数条002.同意部分公开答复数条003.否决公开答复数条00行政复议数条00行政诉讼数条00行政申诉数条00")

# 2015 平潭: glued; 主动公开 and 网站公开 admit the same four splits, the narrative fixes 2949
GLUED_2015_TABLE = ("七、平潭综合实验区政府信息公开情况统计表 指标名称计量单位2015年度历年累计主动公开文件数条294981916"
                    "其中:1、政府网站公开数条2949819162、政府公报公开数条00受理依申请公开信息总数条01其中:1、当面申请数条00"
                    "2、网上申请数条003、信函、传真申请数条01对申请的答复总数条01其中:1、同意公开答复数条01"
                    "2、同意部分公开答复数条003、不予公开答复数条004、其他类型答复数条00政府信息公开收费减免金额元00"
                    "接受行政诉讼、举报数件00行政复议数件00行政诉讼数件00")
NARRATIVE_2015 = "(一)主动公开政府信息的数量区管委会办公室、区直各部门对政府信息进行了梳理和编目,2015年主动公开政府信息2949条。"


def test_glued_rows_split_by_the_table_sums():
    g = grid(GLUED_2011)
    assert (g["pub.info_items.total", "year"].value, g["pub.info_items.total", "cumulative"].value) == (425, 1516)
    assert (g["pub.info_items.by_channel.website", "year"].value,
            g["pub.info_items.by_channel.website", "cumulative"].value) == (418, 1509)
    assert g["pub.info_items.by_channel.gazette", "year"].value == 7
    assert g["proc.reconsideration.total", "year"].semantic == ZERO
    assert g["proc.litigation_all.total", "year"].value == 0
    assert g["proc.appeal.total", "year"].value == 0
    assert_slices(GLUED_2011, g.values())


def test_next_rows_ordinal_is_not_part_of_the_cells():
    g = grid(GLUED_2011)
    website = g["pub.info_items.by_channel.website", "cumulative"]
    assert website.raw_text == "1509"  # `41815092.政府公报公开`: the 2 numbers the next row


def test_glued_row_left_ambiguous_without_the_narrative():
    g = grid(GLUED_2015_TABLE)
    total = g["pub.info_items.total", "year"]
    assert total.value is None and total.semantic == TEXT and total.raw_text == "294981916"
    assert [2949, 81916] in total.candidates
    assert all(year <= cumulative for year, cumulative in total.candidates)
    # rows whose split is unique are read
    assert g["app.new_received", "cumulative"].value == 1


def test_narrative_fixes_the_glued_row():
    text = NARRATIVE_2015 + GLUED_2015_TABLE
    g = grid(text)
    assert (g["pub.info_items.total", "year"].value, g["pub.info_items.total", "cumulative"].value) == (2949, 81916)
    assert g["pub.info_items.by_channel.website", "year"].value == 2949
    assert g["app.fee_amount", "year"].unit == "元"
    assert_slices(text, g.values())


def test_space_separated_cells_and_units():
    # 2014 平潭
    text = ("六、平潭综合实验区政府信息公开情况统计表 指标名称 计量单位 2014年度 历年累计 主动公开文件数 条 2543 78967 "
            "其中:1、政府网站公开数 条 2543 78967 2、政府公报公开数 条 0 0 受理依申请公开信息总数 条 1 1 "
            "其中:1、当面申请数 条 0 0 2、网上申请数 条 0 0 3、信函、传真申请数 条 1 1 对申请的答复总数 条 1 1 "
            "其中:1、同意公开答复数 条 1 1 2、同意部分公开答复数 条 0 0 3、不予公开答复数 条 0 0 4、其他类型答复数 条 0 0 "
            "政府信息公开收费减免金额 元 0 0 接受行政诉讼、举报数 件 0 0 行政复议数 件 0 0 行政诉讼数 件 0 0 附件下载")
    cells = cells_of(text)
    g = {(c.row_code, c.col_code): c for c in cells}
    assert g["pub.info_items.total", "year"].value == 2543
    assert g["pub.info_items.total", "cumulative"].value == 78967
    assert g["app.new_received", "year"].value == 1
    assert g["app.new_received.by_channel.letter_fax", "year"].value == 1
    assert g["app.out.disclosed", "year"].value == 1
    assert g["proc.complaint.total", "year"].value == 0
    assert g["proc.litigation_all.total", "year"].unit == "件"
    assert {c.form_version for c in cells} == {"legacy_fj"}
    assert_slices(text, cells)


def test_one_printed_cell_under_two_columns():
    # 2013 平潭 zone: `2、政府公报公开 条 0` (one cell blank); 网站 = 主动 puts the 0 in the year column
    text = ("平潭综合实验区政府信息公开情况统计表 指标名称 计量单位 2013年度 历年累计 主动公开信息数 条 72804 76424 "
            "其中:1、网站公开 条 72804 76424 2、政府公报公开 条 0 受理依申请公开信息总数 条 0 0 附件下载")
    g = grid(text)
    assert g["pub.info_items.by_channel.gazette", "year"].value == 0
    assert g["pub.info_items.by_channel.gazette", "cumulative"].semantic == EMPTY
    assert g["pub.info_items.by_channel.gazette", "cumulative"].value is None


# 临河镇 2018 (seeds/003): the 2014 national table, one 统计数 column
CN2014 = ("灵武市临河镇 2018 年度政府信息公开情况 统计表\n\n统 计 指 标\t单 位\t统 计 数\n"
          "一、主动公开情况\t——\t1815\n"
          "(一)主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)\t条\t0\n"
          "其中:主动公开规范性文件数\t条\t0\n制发规范性文件总数\t件\t0\n"
          "(二)通过不同渠道和方式公开政府信息的情况\t——\t\n1. 政府公报公开政府信息数\t条\t0\n"
          "2. 政府网站公开政府信息数\t条\t34\n3. 政务微博公开政府信息数\t条\t30\n"
          "三、依申请公开情况\t——\t\n(一)收到申请数\t件\t0\n1. 当面申请数\t件\t0\n"
          "(三)申请答复数\t件\t0\n1. 属于已主动公开范围数\t件\t0\n\n2. 同意公开答复数\t件\t0\n"
          "危及国家安全、公共安全、经济安全和社会 稳定\t件\t0\n"
          "四、行政复议数量\t件\t0\n(一)维持具体行政行为数\t件\t0\n(二)被依法纠错数\t件\t0\n"
          "五、行政诉讼数量\t件\t0\n(一)维持具体行政行为或者驳回原告诉讼请求数\t件\t0\n(二)被依法纠错数\t件\t0\n"
          "七、依申请公开信息收取的费用\t万元\t0\n"
          "(三)从事政府信息公开工作人员数\t人\t3\n1. 专职人员数(不包括政府公报及政府网站工作人员 数)\t人\t1\n"
          "(三)接受培训人员数\t人次\t4")


def test_spaced_table_with_blank_cells_is_not_glued():
    # single values, but spaced: not split as glued digits; with no sum to place them, no value
    text = ("指标名称 计量单位 2016年度 历年累计 主动公开文件数 条 3460 其中:1、政府网站公开数 条 3460 "
            "2、政府公报公开数 条 0 受理依申请公开信息总数 条 12 行政复议数 件 0 0")
    g = grid(text)
    assert g["pub.info_items.total", "year"].value is None
    assert g["pub.info_items.total", "year"].candidates is None
    assert g["app.new_received", "year"].value is None
    assert g["app.new_received", "year"].semantic == TEXT
    assert g["proc.reconsideration.total", "year"].value == 0


def test_national_2014_table():
    cells = cells_of(CN2014, "legacy_cn2014")
    g = {(c.row_code, c.col_code): c for c in cells}
    assert {c.col_code for c in cells} == {"year"}
    assert g["pub.info_items.total", "year"].value == 0          # not the 1815 of the group row, not the 1 of the note
    assert g["pub.normdoc.issued", "year"].value == 0
    assert g["pub.info_items.by_channel.website", "year"].value == 34
    assert g["app.new_received", "year"].value == 0
    assert g["app.out.disclosed", "year"].value == 0
    assert g["app.out.withheld.security_stability", "year"].value == 0
    assert g["proc.reconsideration.total", "year"].value == 0
    assert g["proc.reconsideration.corrected", "year"].value == 0
    assert g["proc.litigation_all.upheld", "year"].value == 0      # outcome rows follow their proceeding
    assert g["proc.litigation_all.corrected", "year"].value == 0
    assert g["app.fee_amount", "year"].unit == "万元"
    assert g["cap.staff_full_time", "year"].value == 1
    assert g["cap.trainees", "year"].value == 4 and g["cap.trainees", "year"].unit == "人次"
    assert {c.form_version for c in cells} == {"legacy_cn2014"}
    assert_slices(CN2014, cells)


@pytest.mark.parametrize("cell_text, semantic", [("", EMPTY), ("/", NA), ("—", NA)])
def test_blank_or_slash_is_never_zero(cell_text, semantic):
    text = f"统计指标\t单位\t统计数\n四、行政复议数量\t件\t{cell_text}\n五、行政诉讼数量\t件\t2\n"
    g = grid(text)
    assert g["proc.reconsideration.total", "year"].value is None
    assert g["proc.reconsideration.total", "year"].semantic == semantic
    assert g["proc.litigation_all.total", "year"].value == 2


def test_row_cut_off_by_the_end_of_the_text_is_empty():
    text = "指标名称 计量单位 2012年度 历年累计 主动公开信息数 条 739 4359 行政复议数 件"
    g = grid(text)
    assert g["proc.reconsideration.total", "year"].semantic == EMPTY
    assert g["proc.reconsideration.total", "year"].value is None


def test_every_row_maps_to_a_listed_legacy_measure():
    from extract.legacy import _ROWS

    for _, measure in _ROWS:
        for proceeding in ("proc.reconsideration", "proc.litigation_all", "proc.complaint"):
            assert measure.format(proc=proceeding) in LEGACY_ROW_MEASURES


def test_glued_row_that_cannot_be_split_keeps_no_value():
    text = "指标名称计量单位2015年度历年累计主动公开文件数条294981916行政复议数件10行政诉讼数件00"
    g = grid(text)
    assert g["proc.reconsideration.total", "year"].value is None      # 1|0 breaks year <= cumulative
    assert g["proc.reconsideration.total", "year"].semantic == TEXT
    assert g["proc.litigation_all.total", "year"].value == 0


def test_no_table_no_cells():
    assert cells_of("2015年主动公开政府信息2949条。行政复议数0件。") == []


@pytest.mark.parametrize(
    "label", [lab for lab in load_labels() if lab.get("legacy_table")], ids=lambda lab: lab["id"])
def test_every_printed_year_cell_of_the_labelled_tables(label):
    """The labels' `legacy_table` gives each row's printed year value (keyed by its label)."""
    from extract.legacy import _MEASURE_OF_GROUP, _ROW_LABEL

    text, _, _ = normalise(label["path"].read_text(encoding="utf-8"))
    cells = cells_of(text)
    year = {}
    for c in cells:
        if c.col_code == "year":
            year.setdefault(c.row_code, c)
    for row_label, expected in label["legacy_table"].items():
        m = _ROW_LABEL.search(row_label)
        assert m, row_label
        cell = year[_MEASURE_OF_GROUP[m.lastgroup].format(proc="proc.reconsideration")]
        assert cell.value == expected, row_label
    assert_slices(text, cells)


_TABLE_WORDS = st.sampled_from([
    "指标名称", "计量单位", "2015年度", "历年累计", "统计指标", "单位", "统计数", "主动公开信息数", "网站公开",
    "政府公报公开", "受理依申请公开信息总数", "当面申请数", "对申请的答复总数", "同意公开答复数", "行政复议数",
    "行政诉讼数", "条", "件", "万元", " ", "\t", "\n", "其中:", "1.", "2、", "/", "——", "(一)", " | ", "|", "-",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TABLE_WORDS, st.integers(0, 10**9).map(str), st.text(max_size=3)), max_size=40))
def test_arbitrary_tables_never_crash_nor_yield_negative_counts(parts):
    text = "".join(parts)
    cells = cells_of(text)
    for c in cells:
        assert c.value is None or c.value >= 0
        assert c.value is None or c.semantic in (NUMERIC, ZERO)
        assert text[c.start:c.end] == c.raw_text
        for candidate in c.candidates or []:
            assert all(v >= 0 for v in candidate)
