"""detect_template(): national forms from their labels, legacy tables, lost tables, narrative."""
from __future__ import annotations

from extract.header import find_report_year
from extract.normalise import normalise
from extract.template import detect_template
from tests.conftest import load_labels

LABELS = load_labels()


def template_of(text: str):
    # the pipeline reads the report year first: a report whose tables were lost needs it
    return detect_template(text, find_report_year(text)[0])

CODE = {"legacy_narrative": "narrative", "legacy_stat_table": "legacy_table",
        "gazette_2019": "form_2019", "gazette_2021": "form_2021"}
VERSIONS = {"narrative": {None}, "legacy_table": {"legacy_cn2014", "legacy_fj", "legacy_other"},
            "form_2019": {"gb2019"}, "form_2021": {"gb2021"}}


def _detect(label):
    return template_of(normalise(label["path"].read_text(encoding="utf-8"))[0])


def test_template_matches_every_label():
    wrong = []
    for label in LABELS:
        template, version = _detect(label)
        assert version in VERSIONS[template]
        if template != CODE[label["template"]]:
            wrong.append((label["id"], label["template"], template))
    assert len(wrong) <= 1, wrong  # at most one miss over the whole labelled corpus


def test_legacy_variants():
    """Fujian's 指标名称/计量单位/年度/历年累计 vs the 2014 national 统计指标/单位/统计数 table."""
    seen = {}
    for label in LABELS:
        if CODE[label["template"]] == "legacy_table":
            seen[label["id"]] = _detect(label)[1]
    assert set(seen.values()) == {"legacy_fj", "legacy_cn2014"}
    text = "统 计 指 标\t单 位\t统 计 数\n一、主动公开情况\t——\t1815"
    assert template_of(text) == ("legacy_table", "legacy_cn2014")
    text = "指标名称 计量单位 2012年度 历年累计 主动公开信息数 条 739 4359"
    assert template_of(text) == ("legacy_table", "legacy_fj")


def test_form_labels_win_over_the_year():
    # a 2023 report on the stale 2019 form (truncated header cells '本年新 | 本年新')
    text = "2023年度报告\n信息内容 | 本年新 | 本年新 | 对外公开总数量 |\n规章 | 1 | 1 | 1 |"
    assert template_of(text) == ("form_2019", "gb2019")
    text = "统计期限自2019年1月1日起\n信息内容 本年制发件数 本年废止件数 现行有效件数"
    assert template_of(text) == ("form_2021", "gb2021")
    # spaced header glyphs
    assert template_of("信息内容 | 本年新 制作数量 | 上一年 项目数量")[0] == "form_2019"


def test_hybrid_2021_layout_with_stale_single_other_row():
    text = "本年制发件数 本年废止件数 现行有效件数\n本年处理决定数量\n(六)其他处理 0 0\n上一年项目数量"
    assert template_of(text) == ("form_2021", "gb2021")


def test_lost_tables_decided_by_structure_and_year():
    head = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分组成。"
    assert template_of(f"统计期限自2019年1月1日起。{head}")[0] == "form_2019"
    assert template_of(f"统计期限自2022年1月1日起。{head}")[0] == "form_2021"
    assert template_of("依据国办公开办函〔2021〕30号编制。统计期限自2023年1月1日起。")[0] == "form_2021"
    # a 2021 report that keeps the old free-text structure is narrative
    old = "报告包括概述,主动公开情况,依申请公开和不予公开情况。统计期限自2021年1月1日起。"
    assert template_of(old) == ("narrative", None)
    # the national wording in a pre-2019 report does not make it a national form
    assert template_of(f"统计期限自2017年1月1日起。{head}") == ("narrative", None)


def test_narrative_mentions_of_table_words_are_not_tables():
    text = "统计期限自2017年1月1日起。政府集中采购项目类信息7条,并附相关的说明和指标统计表。"
    assert template_of(text) == ("narrative", None)


def test_outline_of_the_national_form_when_the_tables_are_cut_off():
    """`一、总体情况` as the first section of a 2019+ report: a form report whose tables were cut."""
    body = "\n一、总体情况\n{y}年,我乡坚持以公开为常态,认真落实《条例》。\n(一)主动公开\n全年共公开信息30条。\n二、主动公开政府"
    assert template_of("统计期限为2020年1月1日至12月31日。" + body.format(y=2020)) == ("form_2019", "gb2019")
    assert template_of("统计期限为2023年1月1日至12月31日。" + body.format(y=2023)) == ("form_2021", "gb2021")
    # flattened onto one line
    assert template_of("现将2022年度报告如下。 一、总体情况 2022年,我街道扎实推进公开。")[0] == "form_2021"
    # the same outline before 2019 is a narrative report
    assert template_of("统计期限为2017年1月1日至12月31日。" + body.format(y=2017)) == ("narrative", None)
    # a sub-heading (一)总体情况, or 总体情况 after an earlier first section, is not the national outline
    assert template_of("统计期限为2021年1月1日至12月31日。\n一、概述\n(一)总体情况\n我镇认真落实。") == ("narrative", None)
    # table labels present decide over the outline: a stale 2019 form on a 2022 report
    stale = "统计期限为2022年1月1日至12月31日。" + body.format(y=2022) + "\n信息内容 | 本年新制作数量 | 本年新公开数量 |"
    assert template_of(stale) == ("form_2019", "gb2019")


def test_overview_organised_in_the_2021_notice_items():
    """政府信息管理 and 平台建设 as headings: the 2021 notice's content of 总体情况."""
    text = ("统计期限自2022年1月1日起至2022年12月31日止。\n一、工作概况\n1、主动公开\n全年公开信息40条。\n"
            "2、依申请公开\n无。\n3、政府信息管理\n加强审核。\n4、平台建设\n完善网站。")
    assert template_of(text) == ("form_2021", "gb2021")
    # only one of them, or as words in a sentence, says nothing about the form
    assert template_of("统计期限自2022年1月1日起。\n一、概况\n我镇加强政府信息管理和平台建设。") == ("narrative", None)
