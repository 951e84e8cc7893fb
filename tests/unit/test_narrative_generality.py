"""Phrasings found by the written evaluation set's dev half, each as a family of variants (so a
rule that only fits the one sentence fails), with near misses that must not match.

The sentences are written for these tests; the expected value follows from the sentence, None
when it states no such value."""
from __future__ import annotations

import pytest

from tests.support.summary import summary
from tests.unit.test_narrative_phrasings import headline, values


def summary_of(body: str, year: int = 2020) -> dict:
    from extract.report import extract_report
    return summary(extract_report(f"红星镇{year}年政府信息公开工作年度报告\n{body}"))


# --- a label answered by 无 -----------------------------------------------------------------------
@pytest.mark.parametrize("text, apps, recon, lit", [
    ("本年度，我镇政府信息公开申请：无。\n政府信息公开行政复议、行政诉讼：无。", 0, 0, 0),
    ("依申请公开：无。", 0, None, None),
    ("（三）政府信息公开申请情况：无。", 0, None, None),
    ("因政府信息公开被申请行政复议：无；被提起行政诉讼：无。", None, 0, 0),
    ("政府信息公开申请：3件。", 3, None, None),            # a count, not a denial
    ("行政复议：无法统计。", None, None, None),             # 无法 is no denial
])
def test_label_answered_none(text, apps, recon, lit):
    s = summary_of(text)
    assert (s["applications_new"], s["reconsideration_total"], s["litigation_total"]) == (apps, recon, lit)


# --- requests carried over from last year ---------------------------------------------------------
@pytest.mark.parametrize("text, new, carried", [
    ("本年度共收到政府信息公开申请2件，无上年结转申请。", 2, 0),
    ("全年收到政府信息公开申请1件，没有上一年度结转的申请。", 1, 0),
    ("本年度无上年结转申请。", None, 0),                    # says nothing about this year's requests
    ("本年度未收到政府信息公开申请，无结转至下年度的申请。", 0, None),
])
def test_carried_over_denied(text, new, carried):
    s = summary_of(text)
    assert (s["applications_new"], s["applications_carried_over"]) == (new, carried)


# --- the year's count under a running total --------------------------------------------------------
@pytest.mark.parametrize("text, total", [
    ("截至2016年底，街道累计公开政府信息1,035条，其中2016年新增公开128条。", 128),
    ("截至2016年底累计发布信息900条，其中本年度新发布信息88条。", 88),
    ("截至2016年底，网站累计公开政府信息1,035条，其中当年新增公开政府信息77条。", 77),
    ("截至2016年底，街道累计公开政府信息1,035条。", None),              # the running total only
    ("截至2016年底，累计公开政府信息1,035条，其中2015年新增公开128条。", None),  # another year's part
])
def test_year_increment_under_running_total(text, total):
    assert headline(text, 2016) == total


# --- information counted, then said to be published -----------------------------------------------
@pytest.mark.parametrize("text, total", [
    ("2021年，全年共编发政务信息156条，通过网站、微信公众号等渠道向社会公开。", 156),
    ("2021年，全年共整理政府信息64条，均在门户网站予以公开。", 64),
    ("2021年，全年共编发政务信息156条，其中被上级采用23条。", None),       # not said to be published
    ("2021年，全年共报送政务信息56条，被市政府采用12条，在网站公开发布。", None),  # published is later, not its clause
])
def test_counted_then_published(text, total):
    assert headline(text, 2021) == total


# --- compound publishing verbs ---------------------------------------------------------------------
@pytest.mark.parametrize("text, total", [
    ("全年共审发推送71条。", 71),
    ("全年共编辑发布88条。", 88),
    ("全年共采编发布66条。", 66),
    ("全年共依申请公开3条。", None),
    ("全年共不予公开3条。", None),
])
def test_compound_publishing_verbs(text, total):
    assert headline("2020年，" + text, 2020) == total


def test_new_received_unchanged_by_carried_denial():
    assert values("本年度无上年结转申请。", "app.new_received") == []
