"""Sentence variants the way township reports phrase them across provinces and years.

Each text is a real corpus sentence edited (verb, order, numerals, scope words) or a phrasing
common in these reports; the expected value follows from the sentence itself. NULL (no fact) is
expected whenever the sentence does not state the year's overall value.
"""
from __future__ import annotations

import pytest

from extract.model import ZERO, Header
from extract.narrative import extract_narrative
from extract.normalise import normalise


def facts_of(text: str):
    return extract_narrative(normalise(text)[0], Header(), [])


def values(text: str, measure: str) -> list[float]:
    return [f.value for f in facts_of(text) if f.measure_key == measure]


def headline(text: str) -> float | None:
    found = [f.value for f in facts_of(text) if f.measure_key == "pub.info_items.total" and f.rank == 0]
    assert len(found) <= 1
    return found[0] if found else None


# --- headline totals ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("2020年,我镇全年共主动公开政府信息214条。", 214),
    ("全年共主动公开政府信息214条,其中机构职能类信息12条。", 214),
    ("2019年,我乡累计发布各类信息59条。", 59),
    ("2021年度,我街道通过政府网站公开信息46条,其中工作动态30条,通知公告16条。", 46),
    ("2018年公开政务信息260余条。", 260),
    ("全年主动公开政府信息一百二十条。", 120),
    ("本年度共主动公开政府信息二百一十四条,其中工作动态类一百条。", 214),
    ("2022年,我镇主动公开政府信息数量为85条。", 85),
    ("今年以来,我镇共主动公开各类政府信息156条。", 156),
    ("2023年,本镇主动公开政府信息共计1,234条。", 1234),
    ("2016年全镇主动公开政府信息达到380条。", 380),
    ("2017年,我苏木主动公开政府信息近300条。", 300),
    ("2015年主动公开政府信息78件。", 78),
    ("一年来,共发布政务信息40条。", 40),
    ("2024年,我镇通过县政府门户网站主动公开政府信息95条。", 95),
    ("2020年,我镇主动公开的政府信息共有120条。", 120),
    ("全年主动公开政府信息总数为88条。", 88),
    ("2020年,我镇政府信息主动公开数量为64条。", 64),
    ("2020年我镇通过各种渠道公开政府信息73条。", 73),
    ("2019年,主动公开政府信息45篇。", 45),
    ("全年主动公开政府信息 214 条。", 214),
    ("二〇二〇年,我乡主动公开政府信息一百二十条。", 120),
    ("截至12月20日,我苏木主动公开政府信息数224条。", 224),   # the statistics period's end, not 截至目前
    ("全年通过政府网站、公开栏等渠道主动公开政府信息320条,其中政府网站公开210条,公开栏公开110条。", 320),
    ("2020年主动公开政府信息120条,比2019年的100条增加20条。", 120),
    ("全年共主动公开了120条政府信息。", 120),
    ("主动公开政府信息:120条。", 120),
    ("2020年,我镇主动公开政府信息120条,其中规范性文件2件。", 120),
    ("2020年,我镇共发布政务信息500条,其中主动公开政府信息120条。", 120),
    ("2020年,我镇主动公开政府信息二十余条。", 20),
    ("2020年,我镇主动公开政府信息两百条。", 200),
    ("2020年,我镇主动公开政府信息一百零五条。", 105),
    ("2020年,我镇主动公开政府信息百余条。", 100),
    ("全年主动公开政府信息1.2万条。", 12000),
    ("全年主动公开政府信息3万余条。", 30000),
    ("2020年1月至12月,我镇主动公开政府信息120条。", 120),
    ("2020年,我镇主动公开政府信息120条,落实季度通报制度。", 120),
    ("2020年,我镇通过政府网站公开政府信息120条,通过政务公开栏公开信息36条。", 120),
    ("全年通过政府网站、政务新媒体、公开栏等渠道公开政府信息320条。", 320),
])
def test_headline_total(text, expected):
    assert headline(text) == expected


@pytest.mark.parametrize("text", [
    "截至目前,我镇累计主动公开政府信息2345条。",
    "历年累计主动公开政府信息1200条。",
    "自2008年以来,累计主动公开政府信息1234条。",
    "2012年以来共主动公开政府信息560条。",
    "通过微信公众号发布信息96条。",
    "2021年,通过镇微信公众号发布信息96条。",
    "2020年,在市级以上媒体发布信息20篇。",                  # secondary channels only
    "2020年,通过政务公开栏公开信息36条。",
    "2020年,我镇在县电视台发布信息15条。",
    "2020年,我镇在学习强国平台发布信息12条。",
    "2020年,我镇通过电子显示屏发布信息50条。",
    "2020年,我镇通过微信、微博等新媒体平台发布信息200条。",
    "2020年,我镇共印发公文85件。",
    "2019年,我镇转载上级政府信息32条。",
    "2022年,我镇共转发上级文件120件。",
    "2018年比去年增加主动公开政府信息30条。",
    "2019年主动公开政府信息较上年减少12条。",
    "全年累计发布各类信息",  # cut before the number
    "截止到目前,共主动公开政府信息900条。",
    "截至2020年底,我镇政府网站累计发布信息3000条。",
    "2021年,共发布政策解读稿件12篇。",
    "2020年,我镇主动公开政府信息数十条。",     # vague quantities are not counts
    "2020年,我镇主动公开政府信息几百条。",
    "2020年,我镇主动公开政府信息上百条。",
    "2020年,我镇主动公开政府信息3.5条。",      # not a count
    # several years, or a part of one
    "2016年至2020年,累计主动公开政府信息3000条。",
    "十三五期间,我镇共主动公开政府信息5000条。",
    "近三年来,我镇主动公开政府信息600条。",
    "2020年上半年,我镇主动公开政府信息60条。",
    "2020年一季度,我镇主动公开政府信息30条。",
])
def test_not_the_year_total(text):
    assert headline(text) is None


def test_mixed_total_gives_way_to_its_active_part():
    # 152 counts both kinds; the 主动公开 part is the year's published total
    text = "全年累计公开政府信息152条,其中主动公开150条,依申请公开2条。"
    assert headline(text) == 150


def test_cut_mid_number_sentence_gives_no_total():
    assert headline("2020年,我镇主动公开政府信息21") is None


# --- applications -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("2020年,我镇共受理政府信息公开申请3件。", 3),
    ("2020年,我镇共收到政府信息公开申请5件,均已按时答复。", 5),
    ("全年共收到依申请公开政府信息2件。", 2),
    ("2021年,我乡依申请公开政府信息1件。", 1),
    ("本年度共受理依申请公开0件。", 0),
    ("2022年,我街道收到政府信息公开申请二件。", 2),
    ("全年共接到政府信息公开申请7件,已全部办结。", 7),
    ("2019年收到信息公开申请0件。", 0),
    ("2020年,我镇依申请公开政府信息为0。", 0),
    ("本年度收到政府信息公开申请数为0。", 0),
    ("2020年度,我镇共接收政府信息公开申请一件。", 1),
    ("2020年,我镇共收到政府信息公开申请2件,同比增加1件。", 2),
    ("2020年,我镇共受理政府信息公开申请3件,其中当面申请2件,网上申请1件。", 3),
    ("本年度我镇受理依申请公开事项0件。", 0),
    ("全年依申请公开政府信息0条,不予公开0条。", 0),
    ("2020年,我镇政府信息公开申请数量为0,行政复议和行政诉讼数量为0。", 0),
    ("全年无依申请公开、无行政复议、无行政诉讼。", 0),
    ("2020年,我镇新收政府信息公开申请3件,办结3件。", 3),
    ("全年新收到依申请公开申请2件。", 2),
    ("2020年,共收到并办理政府信息公开申请3件。", 3),
    ("未收到政府信息公开申请,也未发生行政复议和行政诉讼。", 0),
    ("(三)依申请公开情况:无。", 0),
    ("三、收到和处理政府信息公开申请情况\n本年度无。", 0),
    ("(二)依申请公开和不予公开情况\n无此类情况。", 0),
])
def test_applications_received(text, expected):
    assert values(text, "app.new_received") == [expected]


@pytest.mark.parametrize("text", [
    "2020年,我镇未收到政府信息公开申请。",
    "2020年,我镇没有收到政府信息公开申请。",
    "本年度无政府信息公开申请。",
    "2021年度我乡未收到公民、法人或其他组织提出的政府信息公开申请。",
    "全年未发生依申请公开政府信息的情况。",
    "2019年度本街道暂无依申请公开事项。",
    "本年度没有收到申请人提出的政府信息公开申请。",
])
def test_no_application_is_zero(text):
    facts = [f for f in facts_of(text) if f.measure_key == "app.new_received"]
    assert [(f.value, f.semantic) for f in facts] == [(0, ZERO)]


@pytest.mark.parametrize("text", [
    "2020年,我镇共受理信访件12件。",
    "全年接到群众咨询35件,均已答复。",
    "全年办理12345热线工单86件。",
    "2021年,我镇共受理群众投诉17件。",
    "2020年,便民服务中心共受理行政审批件1200件。",
    "全年受理行政审批申请352件,办结352件。",
    "2019年,共收到低保申请45份。",
    "2020年,我镇共作出行政处罚决定12件。",
    "全年接待群众来访咨询政府信息公开事宜20人次。",
    "2020年,我镇共收到市长热线转办件215件。",
    "2020年,全镇共收到群众来信来访36件,均已办结。",
    "全年共召开党委会议24次,研究政务公开工作3次。",
    "2020年共开展政务公开培训2次,参训120人次。",
    "上年结转政府信息公开申请数量为0。",
])
def test_look_alikes_are_not_applications(text):
    assert values(text, "app.new_received") == []
    assert values(text, "proc.reconsideration.total") == []


@pytest.mark.parametrize("text", [
    "2020年,共有3名申请人提出政府信息公开申请。",
    "全年共有2人申请政府信息公开。",
    "2020年我镇受理政府信息公开申请3人次。",
])
def test_applicant_count_is_not_the_application_count(text):
    # persons (名, 人, 人次) are who applied, not how many applications
    assert values(text, "app.new_received") == []


def test_fees_heading_answered_none_is_not_about_requests():
    assert [f for f in facts_of("(四)依申请公开收费情况:无。") if f.measure_key.startswith(("app.", "proc."))] == []


def test_partial_year_requests_are_not_the_year_count():
    assert values("2020年上半年,我镇收到政府信息公开申请2件。", "app.new_received") == []


def test_denied_proceedings_are_not_denied_requests():
    # 申请 here is the proceeding's, not an information request
    assert values("没有发生因依申请公开引起的行政复议和行政诉讼。", "app.new_received") == []


@pytest.mark.parametrize("text", [
    "2020年,我镇未收到政府信息公开申",
    "2020年,我镇收到政府信息公开申请3",
    "2020年,我镇政府信息公开申请数量为1",      # 1 or 10 or 12…: the number itself may be cut
])
def test_cut_application_sentences_say_nothing(text):
    assert values(text, "app.new_received") == []


def test_carried_in_is_not_carried_out():
    text = "2020年,本机关共新收政府信息公开申请0件,上年结转0件,结转下年度继续办理1件。"
    assert values(text, "app.new_received") == [0]
    assert values(text, "app.carried_in") == [0]
    assert values(text, "app.carried_out") == [1]


# --- reconsideration and litigation -------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "2020年,我镇未发生因政府信息公开引起的行政复议、行政诉讼。",
    "本年度未发生因政府信息公开而引起的行政复议和行政诉讼案件。",
    "没有因政府信息公开被提起行政复议和行政诉讼的情况。",
    "2019年度,我乡无因政府信息公开申请提起的行政复议、行政诉讼。",
    "全年没有发生针对本单位政府信息公开事务的行政复议、行政诉讼。",
    "未发生涉及政府信息公开的行政复议及行政诉讼案件。",
    "没有因政府信息公开而被申请行政复议或提起行政诉讼的情况。",
    "因政府信息公开被申请行政复议和被提起行政诉讼的情况均未发生。",
    "2020年,被申请行政复议、被提起行政诉讼均为0件。",
    "因政府信息公开申请行政复议、提起行政诉讼的情况为零。",
    "本年度无行政复议、行政诉讼情况。",
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。",
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况 本年度无。",
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况\n本年度无此类情况。",
    "(五)因政府信息公开申请提起行政复议、行政诉讼情况:无。",
    "2020年共受理政府信息公开申请0件,行政复议0件,行政诉讼0件。",
    "全年无依申请公开、无行政复议、无行政诉讼。",
    "行政复议、行政诉讼各0件。",
    "行政复议:0件,行政诉讼:0件。",
    "2020年,我镇政府信息公开申请数量为0,行政复议和行政诉讼数量为0。",
])
def test_no_proceedings_is_zero_for_both(text):
    assert values(text, "proc.reconsideration.total") == [0]
    assert values(text, "proc.litigation_all.total") == [0]


@pytest.mark.parametrize("text, recon, lit", [
    ("2020年,我镇发生政府信息公开行政复议案件1起。", [1], []),
    ("2020年,被申请行政复议0件,提起行政诉讼0件。", [0], [0]),
    ("2021年,因政府信息公开被申请行政复议1件,被提起行政诉讼2件。", [1], [2]),
    ("全年涉及政府信息公开的行政复议案件2起,行政诉讼案件1起。", [2], [1]),
    ("行政复议和行政诉讼案件均为0件。", [0], [0]),
    ("2020年,我镇发生政府信息公开行政诉讼案件一起。", [], [1]),
    ("2020年,被申请行政复议1次,提起行政诉讼0次。", [1], [0]),
    ("没有发生因依申请公开引起的行政复议和行政诉讼。", [0], [0]),
    ("行政复议、行政诉讼案件数为3件。", [], []),   # 3 in all: the split is not stated
])
def test_proceedings_counts(text, recon, lit):
    assert values(text, "proc.reconsideration.total") == recon
    assert values(text, "proc.litigation_all.total") == lit


@pytest.mark.parametrize("text", [
    "2020年,我镇未发生因政府信息公开申",
    "本年度未发生因政府信息公开引起的行政复",
    "2020年,我镇未发生因政府信息公开引起的行政复议、行政诉",
    "四、因政府信息公开申请行政复议、提起行政诉讼的情况\n无",
    "因政府信息公开被申请行政复议和被提起行政诉讼的情况均未发",
])
def test_sentence_cut_mid_way_says_nothing(text):
    assert values(text, "proc.reconsideration.total") == []
    assert values(text, "proc.litigation_all.total") == []


@pytest.mark.parametrize("text", [
    "2020年,我镇行政处罚案件12起,行政复议维持原决定。",
    "全年办理信访案件15起。",
    "2020年,我镇共调解矛盾纠纷36起。",
    "2020年,我镇收到行政复议决定书1份。",
    "2020年,我镇被申请行政复议。其他事件均未发生。",   # the denial is about another sentence's subject
    "(四)依申请公开收费情况:无。",
])
def test_proceedings_look_alikes(text):
    assert values(text, "proc.reconsideration.total") == []
    assert values(text, "proc.litigation_all.total") == []


# --- normative documents ------------------------------------------------------------------------
@pytest.mark.parametrize("text, issued, in_force", [
    ("2022年,我镇制发行政规范性文件2件,现行有效规范性文件5件。", [2], [5]),
    ("本年度未制发规范性文件,现行有效规范性文件3件。", [], [3]),
    ("历年累计制发规范性文件30件。", [], []),
])
def test_normative_documents(text, issued, in_force):
    assert values(text, "pub.normdoc.issued") == issued
    assert values(text, "pub.normdoc.in_force") == in_force
