"""Numbers stated in sentences. Snippets are verbatim from the bundled reports; expected values
are the labels' values for the report each snippet comes from."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.model import NUMERIC, ZERO, Header
from extract.narrative import extract_narrative
from extract.normalise import normalise
from tests.conftest import load_labels


def facts_of(text: str):
    return extract_narrative(text, Header(), [])


def values(text: str, measure: str, rank: int | None = None) -> list[float]:
    return [f.value for f in facts_of(text) if f.measure_key == measure and (rank is None or f.rank == rank)]


def headline(text: str) -> float | None:
    found = values(text, "pub.info_items.total", rank=0)
    assert len(found) <= 1
    return found[0] if found else None


# --- published total ---------------------------------------------------------------------------
def test_headline_offsets_point_at_the_number():
    text = "二、主动公开政府信息情况(一)主动公开政府信息的数量2016年全区主动公开政府信息3460条。其中,区管委会及区直各部门主动公开政府信息1822条,占53%。"
    fact = next(f for f in facts_of(text) if f.measure_key == "pub.info_items.total" and f.rank == 0)
    assert fact.value == 3460 and text[fact.start:fact.end] == "3460"
    assert "3460条" in fact.snippet and fact.semantic == NUMERIC


def test_total_of_a_parent_count_is_the_published_part():
    # c018: 130 documents made, 18 of them actively published
    text = "本年度,我街道共制发政府信息130件,其中主动公开18件,不予公开112件(不予公开理由主要是属于过程性信息或保护第三方合法权益)。"
    assert headline(text) == 18


def test_parts_listed_under_qizhong_are_not_the_headline():
    # 2019 Pingtan: the total, then categories in parentheses including 其他应主动公开政府信息856条
    text = ("(一)基本情况今年,我区政府信息公开单位共公布政府信息2599条,(其中机构职能类信息25条,"
            "政策、规范性文件类信息68条,其他应主动公开政府信息856条)对于主动公开的政府信息,主要通过政府门户网站发布公开。")
    assert headline(text) == 2599


def test_stronger_wording_wins_over_an_earlier_website_count():
    # 2012 Pingtan zone: 3636 via the portal in 重点领域, the year's total 1913 in section 三
    text = ("二、重点领域政府信息公开情况 今年以来,通过“中国平潭网”门户网站公开政府信息3636条,其中涉及财政预算决算信息9条。"
            "三、主动公开政府信息情况 (一)主动公开政府信息的数量 2012年主动公开政府信息1913条。")
    assert headline(text) == 1913


def test_channels_that_exceed_the_total_are_not_the_total():
    # c025 (cut mid-list): headline 382, channels listed after it
    text = ("全年主动公开政务信息382条,包括政府网站35条,新华社、新甘肃、今日定西、每日头条等媒体上发布信息80条,"
            "“临洮县新添镇”微信公众号2443条,其中乡村振兴228条、民政社保45条、党建58条、纪检监察22条、妇联32条、劳务38条、农")
    assert headline(text) == 382


def test_total_stated_after_the_publication_clause():
    # c020: the verb closes one clause, the count (共计108条) the next; channels follow
    text = ("在本年度中,吾合沙鲁乡按照《条例》的要求,积极主动地公开了各类政府信息,具体包括调整领导干部分工、"
            "残疾人补助领取等方面的内容共计108条,通过微信公众号发布各类信息96条,在微信视频号、抖音号发布视频203条,"
            "利用公示栏公示乡村信息170条,方便了公众的查询和了解。")
    assert headline(text) == 108
    assert values(text, "pub.info_items.total") == [108]


def test_channel_counts_alone_give_no_total():
    # b024: only per-channel counts, label null
    text = "通过区政府门户网站公开镇财政信息,1条;通过微信公众号发布政务动态68余条。"
    assert headline(text) is None


def test_secondary_channel_in_weak_wording_is_a_channel_fact():
    text = "2025年,吾合沙鲁乡通过微信公众号发布各类信息96条。"
    assert headline(text) is None
    assert values(text, "pub.info_items.by_channel.wechat") == [96]


def test_channel_of_each_list_item():
    text = "我街道2019年通过网站主动公开信息210条、通过微信公众号发布信息160条。"
    assert headline(text) == 210
    assert values(text, "pub.info_items.by_channel.wechat") == [160]
    assert values(text, "pub.info_items.total") == [210]


def test_approximate_total():
    # 2025 Pingtan: 7700余条 counts as 7700
    text = "2025年,通过实验区政府门户网站累计主动公开政府信息7700余条,公开科技创新、营商环境等重点领域信息2000余条。"
    fact = next(f for f in facts_of(text) if f.measure_key == "pub.info_items.total" and f.rank == 0)
    assert fact.value == 7700 and fact.is_approximate


def test_cumulative_over_years_is_not_the_year_total():
    # a019: 11 this year, 234 历年累计
    text = "(一)主动公开政府信息的数量:本街道2015年共主动公开政府信息11条,历年累计234条,其中全文电子化率达100%。"
    assert values(text, "pub.info_items.total") == [11]


@pytest.mark.parametrize("text", [
    "自2008年以来,累计主动公开政府信息1234条。",
    "截至目前,我镇政府信息公开网站共发布信息3000余条。",
    "2018年比去年增加主动公开政府信息30条。",
])
def test_cumulative_or_change_is_not_the_year_total(text):
    assert headline(text) is None


def test_total_of_both_kinds_is_not_applications():
    text = "2018年主动公开和依申请公开政府信息共计56条。"
    assert values(text, "app.new_received") == []


def test_part_of_the_work_without_year_scope_is_not_a_total():
    text = "四是强化基层政务公开,持续做好稳岗就业、生态环境等重点民生领域的信息公开,公开信息1654条。"
    assert headline(text) is None


def test_documents_issued_are_not_items_published():
    # c022: 发文96件 classifies documents; the total is 18
    text = ("2021年,我镇共发文96件,其中主动公开文件0件,不公开文件96件,依申请公开0件,全年未发生因政务公开申请行政复议、提起行政诉讼的情况。"
            "另外,我镇共在政务信息公开平台主动公开政府信息达18条,其中机构设置1条。")
    assert headline(text) == 18
    assert values(text, "app.new_received") == []


def test_documents_count_as_items_only_when_their_information_categories_add_up():
    # a025: 155 documents whose 信息 categories sum to 155
    text = ("全年共印发公文155件,其中,机构设置类信息33条,占21.3%;政策法规类信息9条,占5.8%;规划计划类信息5条,占3.2%;"
            "业务类信息106条,占68.4%;其他类信息2条,占1.3%。")
    assert headline(text) == 155
    assert headline(text.replace("106条", "107条")) is None
    assert headline("2017年,发布政府公文236份,并依规定标明公开属性。") is None


def test_category_breakdown_keeps_its_snippet():
    text = "2014年度共主动公开政府信息2190条,其中全文电子化达100%。在主动公开的信息中,政务(工作)动态类的信息14条,占0.6%;业务工作及其他类信息2170条,占99.1%。"
    assert headline(text) == 2190
    cats = [f for f in facts_of(text) if f.measure_key == "pub.info_items.by_category"]
    assert [f.value for f in cats] == [14, 2170]
    assert all("类" in f.snippet for f in cats)


# --- applications ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("2023年收到政府信息公开申请12件。", 12),                                      # c023
    ("全年在荷塘区政府门户网站公开信息77条,收到1份政府信息公开申请。", 1),          # b019
    ("2019年依申请公开共受理2件,为挂号信依申请公开,按时办结,完成率100%,", 2),      # b022
    ("2025年,我苏木依申请公开政府信息共4件,其中,予以公开2件,不掌握信息2件。", 4),  # c019
    ("2023年我街道共收到政府信息依申请公开件0件。", 0),                              # c018
    ("收到申请公开政府信息的要求0条。", 0),                                          # c021
])
def test_applications_received(text, expected):
    assert values(text, "app.new_received") == [expected]


def test_no_reply_at_all_means_nothing_granted():
    # 2013 tax bureau
    text = "(二)申请处理情况 因未发生政府信息公开申请,故不存在政府信息答复处理情况。"
    assert values(text, "app.out.disclosed") == [0]
    assert values(text, "app.new_received") == [0]
    assert values("对申请人未按时答复的情况予以通报。", "app.out.disclosed") == []


def test_granted_applications():
    text = "2025年,我苏木依申请公开政府信息共4件,其中,予以公开2件,不掌握信息2件。"
    assert values(text, "app.out.disclosed") == [2]
    combined = "办结依申请公开81件,其中:予以公开及部分公开42件,占51.85%;"
    assert values(combined, "app.out.disclosed") == []


@pytest.mark.parametrize("text", [
    "2013年,我镇政府未收到信息公开的申请,也无不予公开信息的情况发生。",       # a021
    "2020年度我街道未收到申请人提出的依申请公开。",                            # b020
    "2018年,我乡无依申请公开政府信息和不予公开政府信息的情况。",              # a022
    "2017年度我苏木没有接到群众主动要求公开政府信息的申请。",                  # 002
])
def test_no_application_received_is_zero(text):
    facts = [f for f in facts_of(text) if f.measure_key == "app.new_received"]
    assert [(f.value, f.semantic) for f in facts] == [(0, ZERO)]
    assert text[facts[0].start:facts[0].end].startswith(("未", "无", "没有"))


@pytest.mark.parametrize("text", [
    "处理市政府网网上投诉件36只。",                                                # complaints
    "目前,区县已入驻审批服务部门和单位13个,开设窗口26个,共受理申请121510件。",     # permit windows
    "4.无正当理由大量反复申请 0 0 0",                                             # a table label
    "回复群众提问8条。",
])
def test_other_requests_are_not_applications(text):
    assert values(text, "app.new_received") == []


@pytest.mark.parametrize("text", [
    "今年我局共受理审批事项117件,办结171件,办结率100%。",                         # 2013 tax bureau: permits
    "截至目前共收到15564件咨询投诉件,已办结15042件。",                              # complaints
    "网与区行政服务中心共同累计收件9898件,累计办结9542件。",                        # service centre
    "未对公众依申请公开政府信息收取任何费用;",                                        # fees, not requests
])
def test_other_cases_handled_are_not_application_facts(text):
    assert [f for f in facts_of(text) if f.measure_key.startswith("app.")] == []


def test_requests_completed_and_carried_over():
    text = "2025年,全区共收到政府信息公开申请154件,共办结148件,结转至2026年6件。"
    assert values(text, "app.new_received") == [154]
    assert values(text, "app.completed") == [148]
    assert values(text, "app.carried_out") == [6]
    assert values("办结依申请公开81件,其中:予以公开及部分公开42件,占51.85%;", "app.new_received") == []


def test_reconsideration_application_is_not_a_disclosure_application():
    # 2013 Pingtan zone
    text = "三、政府信息依申请公开工作情况 2013年全区未收到有关政府信息公开的申请,收到1份有关政府信息公开行政复议申请已及时处理。"
    assert values(text, "app.new_received") == [0]
    assert values(text, "proc.reconsideration.total") == [1]


# --- reconsideration and litigation -------------------------------------------------------------
def test_one_sentence_denies_both_proceedings():
    text = "本年度我镇没有发生因政府信息公开引发的举报、投诉、行政复议和行政诉讼事件。"
    assert values(text, "proc.reconsideration.total") == [0]
    assert values(text, "proc.litigation_all.total") == [0]


def test_requests_and_proceedings_denied_in_one_list():
    text = "2016年,我镇未收到政府信息公开申请和行政复议、行政诉讼。"
    assert values(text, "app.new_received") == [0]
    assert values(text, "proc.reconsideration.total") == [0]
    assert values(text, "proc.litigation_all.total") == [0]


@pytest.mark.parametrize("text", [
    "2018年,我乡无因政府信息公开申请行政复议和提起行政诉讼的情况。",                 # a022
    "2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生。",          # a021
])
def test_request_for_a_proceeding_is_not_an_information_request(text):
    assert values(text, "app.new_received") == []
    assert values(text, "proc.reconsideration.total") == [0]
    assert values(text, "proc.litigation_all.total") == [0]


def test_denying_one_proceeding_says_nothing_of_the_other():
    # c021: only litigation is mentioned
    text = "2023年,我街道全年未收到依申请公开事项,无行政诉讼。"
    assert values(text, "proc.litigation_all.total") == [0]
    assert values(text, "proc.reconsideration.total") == []
    assert values(text, "app.new_received") == [0]


def test_sentence_cut_off_says_nothing():
    text = "2023年,我镇主动公开政府信息68条。全年未发生因政府信息公开申"
    assert values(text, "proc.reconsideration.total") == []
    assert values(text, "proc.litigation_all.total") == []
    assert values(text, "app.new_received") == []
    assert headline(text) == 68


def test_count_in_an_unfinished_clause_is_not_read():
    text = "全年主动公开政府信息38"
    assert facts_of(text) == []


def test_numeric_proceedings():
    text = "2023年收到政府信息公开申请12件。政府信息公开行政复议6件,行政诉讼4件。"
    assert values(text, "proc.reconsideration.total") == [6]
    assert values(text, "proc.litigation_all.total") == [4]
    text = "2022年,全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件,均已结案。"
    assert values(text, "proc.reconsideration.total") == [2]
    assert values(text, "proc.litigation_all.total") == [1]


def test_both_proceedings_in_one_count():
    text = "本年度行政复议和行政诉讼案件均为0件。"
    assert values(text, "proc.reconsideration.total") == [0]
    assert values(text, "proc.litigation_all.total") == [0]


def test_chinese_numeral_lawsuit():
    # 002: 有一起…行政诉讼案件 gives 1
    text = "五、复议、诉讼和申诉情况\n我苏木2017年度有一起斯仁巴拉吉尔行政诉讼案件。"
    facts = [f for f in facts_of(text) if f.measure_key == "proc.litigation_all.total"]
    assert [f.value for f in facts] == [1] and text[facts[0].start:facts[0].end] == "一"


def test_table_captions_are_not_negative_statements():
    text = "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n0 0 0 0 0\n"
    assert facts_of(text) == []


def test_denied_outcome_is_not_a_denied_proceeding():
    text = "全年未发生行政复议和行政诉讼案件被纠错的情况。"
    assert values(text, "proc.reconsideration.total") == []
    assert values(text, "proc.litigation_all.total") == []


# --- normative documents -------------------------------------------------------------------------
def test_normative_documents_issued_and_in_force():
    # 2022 Pingtan
    text = "设立规范性文件库,集中公开现行有效行政规范性文件698件,动态更新本年度制发的规范性文件88件。"
    assert values(text, "pub.normdoc.in_force") == [698]
    assert values(text, "pub.normdoc.issued") == [88]
    assert values("经清理,已宣布废止规范性文件5件,拟适时修改3件。", "pub.normdoc.issued") == []


# --- punctuation width -------------------------------------------------------------------------
def test_full_and_half_width_punctuation_read_alike():
    half = "2022年,全区收到政府信息公开申请75件,涉及自然人72件、商业企业3件(均已答复)。"
    full = half.replace(",", "，").replace("(", "（").replace(")", "）")
    assert values(half, "app.new_received") == values(full, "app.new_received") == [75]


# --- the labelled reports ------------------------------------------------------------------------
_NARRATIVE_CHECKED = {
    "published_total": "pub.info_items.total",
    "reconsideration_total": "proc.reconsideration.total",
    "litigation_total": "proc.litigation_all.total",
}


@pytest.mark.parametrize("label", load_labels(), ids=lambda lab: lab["id"])
def test_narrative_never_contradicts_or_invents_against_labels(label):
    """Where a label is null the narrative states nothing; where the narrative states a
    headline value it is the labelled one (a miss is allowed, a wrong value is not)."""
    text, _, _ = normalise(label["path"].read_text(encoding="utf-8"))
    facts = [f for f in facts_of(text) if f.rank == 0]
    for field, measure in _NARRATIVE_CHECKED.items():
        if field in (label.get("ambiguous") or []):
            continue
        got = [f.value for f in facts if f.measure_key == measure]
        if got:
            assert label[field] == got[0], (field, got)


# --- robustness ---------------------------------------------------------------------------------
_WORDS = st.sampled_from([
    "主动公开", "政府信息", "信息", "公开", "申请", "依申请公开", "未收到", "未发生", "无", "没有", "行政复议",
    "行政诉讼", "、", ",", "，", "。", ";", ":", "\n", "其中", "共", "条", "件", "起", "余", "近", "一", "两",
    "十二", "2019年", "历年累计", "规范性文件", "制发", "现行有效", "予以公开", "结转", "网站", "微信", "(", ")",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.integers(0, 99999).map(str), st.text(max_size=3)), max_size=40))
def test_arbitrary_text_never_crashes_nor_yields_negative_counts(parts):
    text = "".join(parts)
    for f in facts_of(text):
        assert f.value >= 0
        assert 0 <= f.start <= f.end <= len(text)
        assert f.semantic in (NUMERIC, ZERO)
