"""More ways sites phrase the year's headline count and the requests and proceedings.

The sentences are written for these tests (variants a new site would write, not copied from the
corpus); the expected value follows from the sentence, and None means it states no such value.
"""
from __future__ import annotations

import pytest

from extract.model import Header
from extract.narrative import extract_narrative
from extract.normalise import normalise
from extract.sections import split_sections


def facts_of(text: str, year: int | None = None, template: str = "narrative"):
    clean = normalise(text)[0]
    return extract_narrative(clean, Header(report_year=year), split_sections(clean, template))


def values(text: str, measure: str, year: int | None = None) -> list[float]:
    return [f.value for f in facts_of(text, year) if f.measure_key == measure]


def headline(text: str, year: int | None = None) -> float | None:
    found = [f.value for f in facts_of(text, year) if f.measure_key == "pub.info_items.total" and f.rank == 0]
    return found[0] if found else None


# --- class 3: the year's headline count ----------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # the object as subject, before its verb
    ("2021年,全乡政府信息公开共计320条,涉及机构职能、财政资金等内容。", 320),
    ("2022年,我街道政务信息发布数为88条。", 88),
    # a running total inside the year, with 累计
    ("2022年,我镇主动公开政府信息累计415条。", 415),
    ("自2020年1月1日至12月31日,共累计发布政府信息97条。", 97),
    # the number before the object, 主动公开 naming its kind
    ("2020年共整理、审核并发布36条主动公开政府信息。", 36),
    # the object left implicit, the year's total then broken down
    ("本年度共公开45条,其中工作动态30条,通知公告15条。", 45),
    ("2023年,共发布128条。", 128),
    # a dropped final character of the object (政府信 for 政府信息)
    ("全年在县政府网站共发布各类政府信120余条。", 120),
    # the paragraph opens with the year, the count comes sentences later
    ("2020年,我镇持续推进政务公开,群众满意度提升。通过门户网站公开各类信息57条,其中通知公告12条。", 57),
    # a website's 主动公开 count next to a public account that merely posts
    ("2021年,通过门户网站主动公开政府信息150条,通过公众号发布信息40条。", 150),
])
def test_headline_phrasings(text, expected):
    assert headline(text) == expected


@pytest.mark.parametrize("text", [
    # several channels counted alike, side by side, with no total
    "2021年,在区政府网站主动公开信息150条、政务微博主动公开信息90条、微信公众号主动公开信息60条。",
    # an enumerated part of the work in a paragraph dated by its opening
    "2020年,我镇持续推进政务公开。三是深化重点领域公开,公开信息88条。",
    # running totals that are not the year's
    "本单位到目前累计公开政府信息100条。",
    "迄今为止,全镇累计发布政府信息1024条。",
    # a verb with its number but an object that is something else
    "2023年,共发布通知公告28条。",
])
def test_no_headline(text):
    assert headline(text) is None


def test_a_clause_dated_to_another_year_is_not_the_years_count():
    text = "2015年主动公开政府信息60条。此外,2016年1月我镇通过网站公开政府信息12条。"
    assert headline(text, year=2015) == 60
    assert values(text, "pub.info_items.total", year=2015) == [60]
    # last year's figure quoted in this year's report
    assert headline("2015年,我镇主动公开政府信息60条。", year=2016) is None
    assert values("2018年共收到政府信息公开申请3件。", "app.new_received", year=2019) == []


# --- class 4: requests, reconsideration, litigation from sentences -------------------------------
@pytest.mark.parametrize("text, expected", [
    ("全年未发生依申请公开及处理政府信息的情况。", [0]),
    ("2021年依申请公开政府信息数量为零。", [0]),
    ("2021年依申请公开信息数为0。", [0]),
    ("本年度未接到申请公开政府信息的办理事项。", [0]),
    ("今年以来,共办理群众依申请公开信息合计12件,均按时答复。", [12]),
    # denies something about some requests, not that none came in
    ("本年度无申请逾期答复情况。", []),
])
def test_requests_from_sentences(text, expected):
    assert values(text, "app.new_received") == expected


def test_a_bare_request_counts_inside_the_section_on_requests():
    section = "三、依申请公开情况\n2020年共收到申请5件,均已按时办结。\n四、其他事项\n"
    assert values(section, "app.new_received") == [5]
    assert values("一、概述\n2020年共收到申请5件,均已按时办结。", "app.new_received") == []
    assert values("三、依申请公开情况\n2020年共收到低保申请5件。\n", "app.new_received") == []


def test_a_denial_closed_by_its_noun_at_the_cut_counts():
    cut = "2021年收到政府信息公开申请1件。\n本年度无因政府信息公开引起的行政复议、诉讼案件"
    assert values(cut, "proc.reconsideration.total") == [0]
    assert values(cut, "proc.litigation_all.total") == [0]
    unfinished = "2021年收到政府信息公开申请1件。\n本年度未发生因政府信息公开引起的行政复"
    assert values(unfinished, "proc.reconsideration.total") == []


def test_normative_documents_told_as_the_forms_three_columns():
    text = "2021年度规范性文件制发数量2件、废止数量1件、现行有效数量7件。"
    assert values(text, "pub.normdoc.issued") == [2]
    assert values(text, "pub.normdoc.in_force") == [7]
    assert values("本年度清理规范性文件,废止数量3件。", "pub.normdoc.issued") == []


@pytest.mark.parametrize("text, expected", [
    # a parenthesis between the object and the number
    ("2019年度我镇共主动公开政府信息(含公文平台发文)96条,网站公开信息数70条。", 96),
    # the sentence's subject is the quantity published
    ("公开数量主要为通过网站和公示栏公开的342条信息。", 342),
])
def test_headline_presented_as_the_quantity(text, expected):
    assert headline(text) == expected


@pytest.mark.parametrize("text, expected", [
    # posting verbs sites use, over all channels
    ("2017年,我乡通过各类媒体刊发政务信息96条。", 96),
    ("2022年全年共审核推送58条。", 58),
    # the items listed, then their count
    ("2018年,我镇主动公布了村务财务、低保名单、惠农补贴等73条内容。", 73),
    # a website total that holds the 主动公开 part
    ("2019年共发布政府信息81条,其中,主动公开76条,依申请公开5条。", 76),
    # a running total closing a paragraph dated to the year
    ("2021年,我镇扎实推进政务公开。截至2021年12月31日,我镇累计主动公开政府信息142条。", 142),
])
def test_headline_phrasings_sites_use(text, expected):
    assert headline(text, year=int(text[:4]) if text[:4].isdigit() else None) == expected


@pytest.mark.parametrize("text", [
    "截止20191231日,全镇累计主动公开政府信息86条。",        # a running total, the date glued
    "截至2021年12月31日,我镇累计主动公开政府信息142条。",    # no paragraph dated to the year
    "2021年,我镇在微信公众号推送信息30条。",                 # one secondary channel
])
def test_running_totals_and_channels_are_not_the_headline(text):
    assert headline(text, year=2021) is None


def test_lawsuits_denied_as_起诉():
    text = "2020年无因政府信息公开引起的行政复议和起诉案件。"
    assert values(text, "proc.reconsideration.total") == [0]
    assert values(text, "proc.litigation_all.total") == [0]
    # a request that led to a lawsuit is not a request denied
    assert values("未发生因政府信息公开申请而起诉的情况。", "app.new_received") == []
