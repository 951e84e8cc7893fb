"""Property tests: whatever text arrives, the whole extractor neither crashes nor yields a negative
count, and every offset points inside the clean text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.report import extract_report
from tests.conftest import INBOX

SIGNED_COLUMNS = {"items_change"}  # 本年增/减 is the one signed quantity
LABEL_WORDS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理",
    "行政复议", "行政诉讼", "结果维持", "总计", "第二十条第（一）项", "本年制发件数", "本年新制作数量",
    "规章", "规范性文件", "行政许可", "行政处罚", "主动公开政府信息", "条", "件", "|", "\n", " ", "/",
    "未收到", "申请", "统计指标", "指标名称", "历年累计", "2019年", "二〇二一年三月一日", "-", "+19", "余",
    "镇人民政府", "街道办事处", "县", "发布时间：", "０１２", "\u200b", "\u00a0",
]
REAL_SNIPPETS = sorted(p.read_text(encoding="utf-8")[:1500] for p in INBOX.rglob("*.txt"))[:12]

report_like = st.lists(
    st.one_of(st.sampled_from(LABEL_WORDS), st.integers(-5, 10**9).map(str), st.text(max_size=12)),
    max_size=120).map("".join)
mangled_real = st.tuples(st.sampled_from(REAL_SNIPPETS), st.integers(0, 1500), st.text(max_size=30)).map(
    lambda t: t[0][: t[1]] + t[2] + t[0][t[1]:])


def assert_sane(text: str) -> None:
    ex = extract_report(text)
    n = len(ex.clean_text)
    for cell in ex.cells:
        assert 0 <= cell.start <= cell.end <= n
        if cell.value is not None and cell.col_code not in SIGNED_COLUMNS:
            assert cell.value >= 0, cell
        for candidate in cell.candidates or []:
            assert all(v >= 0 for v in candidate)
    for fact in ex.facts:
        assert 0 <= fact.start <= fact.end <= n
        assert fact.value >= 0, fact
    for section in ex.sections:
        assert 0 <= section.start <= section.end <= n
    year = ex.header.report_year
    assert year is None or 1990 <= year <= 2100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text(text):
    assert_sane(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like)
def test_report_like_text(text):
    assert_sane(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled_real)
def test_real_reports_with_junk_inserted(text):
    assert_sane(text)
