"""Unit and county boundaries checked against the division list (NBS 2023), the way reports of
many sites write them. The phrasings are written for these tests (names taken from the list);
the expected values follow from the text, and a county the text does not name stays None."""
from __future__ import annotations

import pytest

from extract.header import read_header
from extract.normalise import normalise


def header_of(text: str):
    return read_header(normalise(text)[0])


BODY = "\n一、总体情况\n2021年,我镇持续推进政务公开工作。\n"


# --- where the county ends and the unit begins ------------------------------------------------
@pytest.mark.parametrize("text, unit, county", [
    # a county ending in 州区: the pattern alone would cut after 州 (`区党寨镇`)
    ("甘州区党寨镇人民政府2021年政府信息公开工作年度报告" + BODY, "党寨镇", "甘州区"),
    ("张掖市甘州区党寨镇2021年度政府信息公开工作报告" + BODY, "党寨镇", "甘州区"),
    # the county's government written between county and unit
    ("苏州市相城区人民政府太平街道办事处2021年政府信息公开工作年度报告" + BODY.replace("我镇", "我街道"),
     "太平街道", "相城区"),
    # a Beijing district: the municipality is not the county
    ("北京市东城区前门街道办事处2021年政府信息公开工作年度报告" + BODY.replace("我镇", "我街道"),
     "前门街道", "东城区"),
    # a unit whose name the list knows, though it holds characters of generic words (门, 直)
    ("前门街道2021年度政府信息公开工作年度报告\n地址:北京市东城区前门东大街", "前门街道", "东城区"),
    # one character before the suffix
    ("浦东新区唐镇人民政府2021年政府信息公开工作年度报告" + BODY, "唐镇", "浦东新区"),
    ("螅镇2021年政府信息公开工作年度报告\n本报告由佳县螅镇人民政府编制。" + BODY, "螅镇", "佳县"),
])
def test_unit_and_county_boundaries(text, unit, county):
    h = header_of(text)
    assert (h.unit_name, h.county) == (unit, county)


def test_unit_named_only_in_page_chrome():
    text = ("索引号: 11620702/2021-0042 | 发布机构: 甘州区党寨镇人民政府 | 发布日期: 2022-01-20\n"
            "根据《条例》要求,现将本机关2021年度政府信息公开工作情况报告如下。" + BODY)
    h = header_of(text)
    assert (h.unit_name, h.unit_type, h.county) == ("党寨镇", "镇", "甘州区")
    text = "信息来源:相城区太平街道 浏览次数:210\n现将2021年度政府信息公开工作报告如下:" + BODY
    assert header_of(text).unit_name == "太平街道"


# --- which county-level name is the county -----------------------------------------------------
def test_prefecture_named_with_its_government_is_not_the_county():
    # only the prefecture has a follower; the county is named bare, and the list says the town lies in it
    text = ("张家产镇2020年度政府信息公开工作年度报告\n一、概述\n2020年,张家产镇按照《威海市人民政府办公室关于"
            "做好政务公开工作的通知》要求开展工作。文登区以群众需求为导向,优化了政府网站栏目。")
    assert header_of(text).county == "文登区"


def test_prefecture_alone_is_no_county():
    text = "张家产镇2020年度政府信息公开工作年度报告\n按照《威海市人民政府办公室关于做好政务公开工作的通知》要求开展工作。"
    assert header_of(text).county is None


def test_the_level_repeated_before_its_government():
    text = "察尔森镇2021年政府信息公开工作年度报告\n本报告电子版可在科尔沁右翼前旗旗政府网站下载。" + BODY
    assert header_of(text).county == "科尔沁右翼前旗"


def test_short_form_of_the_county_becomes_the_fullest_spelling_in_the_text():
    text = ("宽甸镇2021年政府信息公开工作年度报告\n本报告可在宽甸县人民政府网站查阅。宽甸满族自治县人民政府办公室"
            "负责解释。" + BODY)
    assert header_of(text).county == "宽甸满族自治县"


def test_no_county_filled_in_from_the_list():
    # the list knows the town's county, but the text never names it
    text = "党寨镇2021年政府信息公开工作年度报告\n2021年,在区委、区政府的领导下,我镇认真落实《条例》。"
    assert header_of(text).county is None


# --- the report speaks as a township ------------------------------------------------------------
def test_publishing_office_in_the_title_is_not_the_unit():
    text = ("我乡根据要求编制了甘州区人民政府办公室2020年度政府信息公开工作年度报告。如有疑问,请联系甘州区"
            "安阳乡政府办公室。\n一、基本情况\n2020年度安阳乡政府信息公开工作取得成效。")
    h = header_of(text)
    assert (h.unit_name, h.unit_type, h.county) == ("安阳乡", "乡", "甘州区")


def test_county_report_that_mentions_towns_keeps_its_own_name():
    text = "甘州区人民政府2020年政府信息公开工作年度报告\n2020年,全区各乡镇、党寨镇等单位认真落实。"
    h = header_of(text)
    assert (h.unit_name, h.unit_type) == ("甘州区", "other")


@pytest.mark.parametrize("text", [
    "佳荣里街2021年政府信息公开工作年度报告" + BODY.replace("我镇", "我街"),
    "2021年,北辰区佳荣里街认真落实《条例》,扎实推进政务公开。",
])
def test_tianjin_short_form_is_the_street_office_the_list_knows(text):
    h = header_of(text)
    assert (h.unit_name, h.unit_type) == ("佳荣里街道", "街道")


def test_a_street_that_is_no_street_office_stays_out():
    # 和平大街 is an address, not a 街道 of the list
    text = "红星镇2021年政府信息公开工作年度报告\n地址:红星镇和平大街8号。" + BODY
    assert header_of(text).unit_name == "红星镇"


# --- fragments of the sentence glued to a county name ---------------------------------------------
@pytest.mark.parametrize("text, county", [
    # a party committee in front: 中共 is not part of the county
    ("灵溪镇2019年政府信息公开工作年度报告\n根据《中共苍南县委办公室关于推进政务公开的通知》要求开展工作。" + BODY,
     "苍南县"),
    # a conjunction glued on after a parenthesis
    ("灵溪镇2019年政府信息公开工作年度报告\n信息通过本镇网站(略)和苍南县政府信息公开网站公布。" + BODY, "苍南县"),
    # a stop word (会同) that begins the county's own name
    ("发布时间:2022-01-20 信息来源:会同县高椅乡\n政府信息公开工作年度报告\n2021年,我乡认真落实《条例》。", "会同县"),
])
def test_county_fragments(text, county):
    assert header_of(text).county == county


def test_county_named_in_a_regulation_title_when_the_list_places_the_unit_there():
    # `苍南县政府信息公开规定`: no government follower, but the list puts 灵溪镇 in 苍南县
    text = "本年报根据《苍南县政府信息公开规定》要求,由灵溪镇人民政府编制。\n一、概述\n2019年,我镇认真落实。"
    assert header_of(text).county == "苍南县"


# --- the unit the page's metadata names ------------------------------------------------------------
def test_publisher_in_the_metadata_outweighs_a_copied_name_in_the_body():
    text = ("发布机构:宜山镇\n公文生成日期:2013-03-20\n根据《条例》规定,结合我镇实际编制本报告。如有疑问,请与宜山镇人民政府"
            "办公室联系。\n一、概述\n镇政府负责制定和完善钱库镇信息公开目录和指南。")
    assert header_of(text).unit_name == "宜山镇"


def test_publisher_metadata_that_is_no_township_is_ignored():
    text = "来源:县政府办公室\n红星镇2019年政府信息公开工作年度报告\n2019年,红星镇认真落实《条例》。"
    assert header_of(text).unit_name == "红星镇"


# --- publication date keyed in the page metadata ---------------------------------------------------
def test_a_keyed_publication_date_counts_however_late():
    text = "公开日期: 2016-05-04 09:12\n现公布红星镇2009年政府信息公开工作年度报告。\n2009年,红星镇认真落实《条例》。"
    assert str(header_of(text).publish_date) == "2016-05-04"
    # a bare date line that far from the report year is not its date
    text = "时间: 2016-05-04\n现公布红星镇2009年政府信息公开工作年度报告。\n2009年,红星镇认真落实《条例》。"
    assert header_of(text).publish_date is None


def test_a_street_address_is_not_a_short_form():
    # 佳荣里街道 is in the list, but `佳荣里街8号` is an address; the unit is the one the report names
    text = "2021年,红星镇认真落实《条例》。\n地址:佳荣里街8号"
    assert header_of(text).unit_name == "红星镇"


def test_a_common_township_name_vouches_for_no_county():
    # 城关镇 lies in dozens of counties: a county named in passing is not taken for it
    text = "城关镇2020年政府信息公开工作年度报告\n2020年,我镇组织干部赴临潭县学习政务公开经验。"
    assert header_of(text).county is None


def test_department_of_a_province_level_city_lies_in_no_county():
    text = ("北京市人民政府办公厅2020年政府信息公开工作年度报告\n一、总体情况\n2020年,市政府办公厅组织专家为市民"
            "通俗易懂地解读市政府工作报告。东城区、西城区同步开展宣传。")
    h = header_of(text)
    assert (h.unit_name, h.unit_type, h.county) == ("北京市人民政府办公厅", "other", None)


def test_a_markdown_heading_is_read_as_the_title():
    text = "# 宁陵县人民政府 2021 年 政府信息公开工作年度报告\n\n## 一、总体情况\n2021年,我县认真落实《条例》。"
    h = header_of(text)
    assert (h.unit_name, h.unit_type, h.county) == ("宁陵县", "other", None)
