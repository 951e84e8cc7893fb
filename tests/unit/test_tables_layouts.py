"""Table layouts read once for every format: glued digits in linear time, rows of single digits run
together, per-group sub-tables, table 4 printed as three small tables, a label's filler cell."""
from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.tables import _GLUED_TOKEN, extract_form_tables

T3_HEAD = ("三、收到和处理政府信息公开申请情况\n"
           "| (本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n"
           "| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n")


def cells_of(text: str, form: str = "gb2021") -> dict[tuple, float | None]:
    return {(c.table, c.row_code, c.col_code): c.value for c in extract_form_tables(text, form)}


# the glued-number language as first written, with nested quantifiers (exponential on failure)
_NESTED = re.compile(r"(?:[+\-−－]?\d+(?:\.\d+)?)+(?:万元|元)?")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789+-.元x", min_size=1, max_size=12))
def test_linear_glued_token_accepts_the_same_strings(s):
    assert bool(_GLUED_TOKEN.fullmatch(s)) == bool(_NESTED.fullmatch(s))
    nested, linear = _NESTED.match(s), _GLUED_TOKEN.match(s)
    assert (nested is None) == (linear is None)
    if nested:  # a prefix may differ only where the shorter one stops before a '.'
        assert nested.end() == linear.end() or s[min(nested.end(), linear.end())] == "."


def test_ten_thousand_glued_digits_are_read_fast_and_give_no_number():
    digits = "7" * 10_000
    started = time.perf_counter()
    for text in (T3_HEAD + f"| 一、本年新收政府信息公开申请数量 {digits}\n| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
                 f"一、本年新收政府信息公开申请数量{digits}二、上年结转政府信息公开申请数量0000000",
                 f"四、行政复议、行政诉讼情况 行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 "
                 f"未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 "
                 f"尚未审结 总计 {digits}"):
        for value in cells_of(text).values():
            assert value is None or value < 10
        assert _GLUED_TOKEN.fullmatch(digits + "x") is None
    assert time.perf_counter() - started < 2.0


def test_single_digit_cells_run_together_are_read_when_the_columns_leave_one_reading():
    text = ("二、主动公开政府信息情况\n第二十条第(一)项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n"
            "规章000\n规范性文件 123\n第二十条第(八)项\n信息内容 上一年项目数量 本年增/减\n行政事业性收费00\n"
            "第二十条第(九)项\n信息内容 采购项目数量 采购总金额\n政府集中采购 0 0\n")
    cells = cells_of(text, "gb2019")
    assert [cells[("t2", "rule", c)] for c in ("new_made", "new_published", "published_total")] == [0, 0, 0]
    assert [cells[("t2", "admin_fee", c)] for c in ("items_prev", "items_change")] == [0, 0]
    # '123' is one printed number or three cells: which columns were blank is unknown
    assert [cells[("t2", "normdoc", c)] for c in ("new_made", "new_published", "published_total")] == [None] * 3


def test_per_group_sub_tables_with_their_own_headers():
    groups = []
    rows = [("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]), ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1])]
    for label, values in rows:
        short = label.split("、", 1)[1]
        groups.append(f"### {label}\n| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n"
                      f"|---|---|---|---|---|---|---|---|\n| {short} | " + " | ".join(map(str, values)) + " |\n")
    cells = cells_of("## 三、收到和处理政府信息公开申请情况\n\n" + "\n".join(groups) + "\n### (一) 予以公开\n")
    assert [cells[("t3", "new_received", c)] for c in ("natural_person", "org_commercial", "all")] == [5, 1, 6]
    assert cells[("t3", "carried_in", "all")] == 1


def test_table_four_printed_as_three_small_tables():
    blocks = [("行政复议", [27, 10, 9, 15, 61]), ("行政诉讼(未经复议直接起诉)", [3, 0, 0, 0, 3]),
              ("行政诉讼(复议后起诉)", [8, 0, 1, 1, 10])]
    text = "## 四、政府信息公开行政复议、行政诉讼情况\n" + "".join(
        f"### {caption}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| "
        + " | ".join(map(str, values)) + " |\n" for caption, values in blocks) + "## 五、存在的主要问题\n"
    cells = cells_of(T3_HEAD + "| 一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
                     "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" + text)
    assert [cells[("t4", "reconsideration", r)] for r in ("upheld", "total")] == [27, 61]
    assert cells[("t4", "litigation_direct", "total")] == 3
    assert [cells[("t4", "litigation_after_recon", r)] for r in ("other", "pending", "total")] == [1, 1, 10]


def test_a_label_printed_across_two_columns_leaves_a_filler_cell_not_data():
    text = T3_HEAD + ("| 一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n"
                      "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
                      "| (六)其他处理 |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
                      "| (七)总计 |  | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n")
    cells = cells_of(text, "gb2019")
    assert [cells[("t3", "out.other._total", c)] for c in ("natural_person", "all")] == [1, 1]
    assert [cells[("t3", "total_processed", c)] for c in ("natural_person", "org_commercial", "all")] == [4, 0, 4]
