"""extract_header(): unit, county, year, publish date, evidence — checked against the labels."""
from __future__ import annotations

import datetime as dt

import pytest

from extract.divisions import load_divisions
from extract.header import find_report_year, read_header
from extract.normalise import normalise
from tests.conftest import load_labels

LABELS = load_labels()
FIELDS = ("unit_name", "unit_type", "county", "report_year", "publish_date")


def _header(text: str):
    clean = normalise(text)[0]
    return clean, read_header(clean)


@pytest.fixture(scope="module")
def headers():
    return {lab["id"]: _header(lab["path"].read_text(encoding="utf-8")) for lab in LABELS}


def _value(h, field):
    v = getattr(h, field)
    return v.isoformat() if isinstance(v, dt.date) else v


@pytest.mark.parametrize("field", FIELDS)
def test_field_accuracy_against_labels(headers, field):
    scored = [lab for lab in LABELS if field not in (lab.get("ambiguous") or [])]
    wrong = [(lab["id"], lab[field], _value(headers[lab["id"]][1], field))
             for lab in scored if _value(headers[lab["id"]][1], field) != lab[field]]
    assert len(wrong) <= 0.05 * len(scored), wrong


def test_never_invents_a_county(headers):
    invented = [lab["id"] for lab in LABELS if lab["county"] is None and headers[lab["id"]][1].county]
    assert len(invented) <= 1, invented


def test_evidence_points_into_the_clean_text(headers):
    for lab in LABELS:
        clean, h = headers[lab["id"]]
        for field, ev in h.evidence.items():
            assert 0 <= ev.start <= ev.end <= len(clean), (lab["id"], field)
            assert ev.snippet
        for field in ("unit_name", "county", "report_year", "publish_date"):
            if getattr(h, field) is not None:
                assert field in h.evidence, (lab["id"], field)
        if h.unit_name:
            # the name as written: in full, or a short form that stands for it (白云街 -> 白云街道)
            ev = h.evidence["unit_name"]
            written = clean[ev.start:ev.end]
            assert written == h.unit_name or load_divisions().township_name(written) == h.unit_name
        if h.report_year:
            ev = h.evidence["report_year"]
            assert clean[ev.start:ev.end] == str(h.report_year)


def test_garbled_statistics_period():
    """'自201411日起至20141130日止' (separators lost) still gives the year (label a024)."""
    lab = next(lab for lab in LABELS if "201411日" in lab["path"].read_text(encoding="utf-8"))
    clean, h = _header(lab["path"].read_text(encoding="utf-8"))
    assert h.report_year == lab["report_year"]
    assert find_report_year("数据统计期限自201411日起至20141130日止。")[0] == 2014


def test_signature_in_chinese_numerals_beats_header_date():
    lab = next(lab for lab in LABELS if "二○一二年二月二十日" in lab["path"].read_text(encoding="utf-8"))
    _, h = _header(lab["path"].read_text(encoding="utf-8"))
    assert h.publish_date.isoformat() == lab["publish_date"]
    assert h.publish_date_source == "signature"


def test_date_with_lost_separator_and_metadata_priority():
    _, h = _header("尼尔基镇2020年政府信息公开年度报告\n统计期限为2020年1月1日至2020年12月31日。\n"
                   "尼尔基镇人民政府 20211月12日")
    assert h.publish_date == dt.date(2021, 1, 12)
    _, h = _header("更新日期:2021-03-01\n发布日期:2021-01-20\n城关镇2020年政府信息公开工作年度报告\n"
                   "统计期限自2020年1月1日起。")
    assert h.publish_date == dt.date(2021, 1, 20)
    assert h.publish_date_source == "发布日期"


def test_traditional_script_report():
    raw = ("下管鎮2015年政府信息公開工作年度報告\n根據《中華人民共和國政府信息公開條例》,現公布上虞區下管鎮"
           "2015年度政府信息公開年度報告。本報告中所列數據的統計期限自2015年1月1日起至2015年12月31日止。")
    _, h = _header(raw)
    assert (h.unit_name, h.unit_type, h.county, h.report_year) == ("下管镇", "镇", "上虞区", 2015)


def test_admin_prefix_and_fullest_county_form():
    _, h = _header("四川省眉山市仁寿县文林镇2021年政府信息公开工作年度报告\n一、总体情况")
    assert (h.unit_name, h.county, h.prefecture, h.province) == ("文林镇", "仁寿县", "眉山市", "四川省")
    _, h = _header("大雁镇2019年政府信息公开工作年度报告\n按照《鄂温克旗2019年政务公开工作要点》要求。"
                   "可在鄂温克族自治旗政府门户网站下载。")
    assert h.county == "鄂温克族自治旗"


def test_county_not_named():
    # only 旗政府 / a website without the county suffix: NULL, never a guess
    _, h = _header("2017年伊敏苏木政府\n\n信息公开工作年度报告\n根据旗政府文件要求,现将伊敏苏木2017年度工作呈报。")
    assert (h.unit_name, h.unit_type, h.county) == ("伊敏苏木", "苏木", None)
    _, h = _header("大东坝镇2021年报告。本报告全文在松阳政府网-乡镇信息公开栏公布。在县委县政府的领导下。")
    assert h.county is None


def test_street_office_and_county_level_units():
    _, h = _header("思明区嘉莲街道办事处\n2015年政府信息公开工作年度报告\n嘉莲街道2015年…")
    assert (h.unit_name, h.unit_type, h.county) == ("嘉莲街道", "街道", "思明区")
    _, h = _header("标题: 平潭综合实验区管委会2014年度政府信息公开工作年度报告\n平潭县人民政府")
    assert (h.unit_name, h.unit_type, h.county) == ("平潭综合实验区", "other", None)


def test_truncation_flag():
    _, h = _header("城关镇2019年政府信息公开工作年度报告\n一、总体情况\n2019年,我镇认真贯彻落实《条例》,不断")
    assert h.is_truncated
    _, h = _header("城关镇2019年政府信息公开工作年度报告\n一、总体情况\n工作顺利。\n城关镇人民政府\n2020年1月5日")
    assert not h.is_truncated


@pytest.mark.parametrize("ending", ["\n- 3 -", "\n第3页 共3页", "\n3/3", "\n\n5\n", "\nPage 2 of 2",
                                    "\n主办:城关镇人民政府 技术支持:某某科技 ICP备05001234号",
                                    "\n版权所有 城关镇人民政府\n- 7 -"])
def test_page_furniture_after_the_last_section_is_not_a_truncation(ending):
    done = "城关镇2019年政府信息公开工作年度报告\n一、总体情况\n工作顺利。\n六、其他需要报告的事项\n无。"
    assert not _header(done + ending)[1].is_truncated
    cut = "城关镇2019年政府信息公开工作年度报告\n一、总体情况\n2019年,我镇认真贯彻落实《条例》,不断"
    assert _header(cut + ending)[1].is_truncated


def test_a_number_after_a_table_row_is_a_cell_not_a_page_number():
    text = "城关镇2021年政府信息公开工作年度报告\n一、总体情况\n工作顺利。\n二、主动公开政府信息情况\n信息内容 | 本年制发件数 |\n规章 |\n0"
    assert _header(text)[1].is_truncated
