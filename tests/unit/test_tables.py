"""Tables 2, 3 and 4 of the national forms, on snippets shaped like the real flattenings
(excerpts b018–b025, c018–c025, pingtan), and the glued-number solver on domain.md's strings."""
from __future__ import annotations

import time

from extract.model import EMPTY, NA, TEXT, ZERO
from extract.tables import extract_form_tables, glued_splits


def cells_of(text, form="gb2019"):
    cells = extract_form_tables(text, form)
    for c in cells:  # offsets always point at the cell's own text
        assert text[c.start:c.end] == c.raw_text
        if c.semantic in (EMPTY, NA, TEXT):
            assert c.value is None
    return {(c.table, c.row_code, c.col_code): c for c in cells}


def value(cells, table, row, col):
    return cells[(table, row, col)].value


# --- table 2 -------------------------------------------------------------------------------

PIPES_ONE_CELL_PER_LINE = """二、主动公开政府信息情况
第二十条第(一)项 |
|||||
信息内容 |
本年新 |
本年新 |
对外公开总数量 |
||
规章 |
0 |
0 |
0 |
||
规范性文件 |
1 |
1 |
1 |
||
第二十条第(五)项 |
|||||
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 |
||
行政许可 |
0 |
0 |
0 |
||
其他对外管理服务事项 |
行政检查 |
0 |
0 |
0 |
|
行政确认 |
0 |
2 |
3 |
||
第二十条第(六)项 |
|||||
信息内容 |
上一年项目数量 |
本年增/减 |
"""


def test_pipes_truncated_header_and_sub_rows():
    """b022: '本年新 | 本年新' header, 行政检查/行政确认 sub-rows with a sub-label cell."""
    cells = cells_of(PIPES_ONE_CELL_PER_LINE)
    assert value(cells, "t2", "normdoc", "new_made") == 1
    assert value(cells, "t2", "normdoc", "published_total") == 1
    assert cells[("t2", "rule", "new_made")].semantic == ZERO
    assert value(cells, "t2", "license", "decisions") == 0
    assert value(cells, "t2", "confirmation", "decisions") == 3
    assert value(cells, "t2", "confirmation", "items_change") == 2
    assert not any(row == "other_service" for _, row, _ in cells)  # a spanning label, not a row
    assert not any(row == "penalty" for _, row, _ in cells)        # cut at the (六) header


LINES_CUT = """二、主动公开政府信息情况

第二十条第(一)项

信息内容

本年新制作数量

本年新公开数量

对外公开总数量

规章

0

0

0

规范性文件

4

0

12

第二十条第(五)项

信息内容

上"""


def test_one_cell_per_line_cut_after_the_header():
    """b020: cells on lines of their own; the text stops at '上', so no licensing cells."""
    cells = cells_of(LINES_CUT)
    assert [value(cells, "t2", "normdoc", c) for c in ("new_made", "new_published", "published_total")] == [4, 0, 12]
    assert not any(row == "license" for _, row, _ in cells)


BLANKS_AND_SLASHES = """第二十条第(一)项 | ||||
信息内容 | 本年新 | 本年新 | 对外公开总数量 | |
规章 | 1 | 1 | 1 | |
规范性文件 | 22 | 22 | 22 | |
第二十条第(五)项 | ||||
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 | |
行政许可 | ||||
其他对外管理服务事项 | / | / | / | |
第二十条第(六)项 | ||||
信息内容 | 上一年项目数量 | 本年增\\减 | 处理决定数量 | |
行政处罚 | 40 | +19 | 1036 | |
行政强制 | 5 | -2 | 0 | |
第二十条第(九)项 | ||||
信息内容 | 采购项目数量 | 采购总金额 | |
政府集中采购 | 3 | 251000元 |
三、收到和处理政府信息公开申请情况
"""


def test_blank_is_empty_and_slash_is_na_never_zero():
    cells = cells_of(BLANKS_AND_SLASHES)
    assert value(cells, "t2", "normdoc", "new_made") == 22  # c024
    lic = cells[("t2", "license", "decisions")]
    assert lic.semantic == EMPTY and lic.value is None
    other = cells[("t2", "other_service", "decisions")]
    assert other.semantic == NA and other.value is None


def test_signed_changes_and_procurement_amount_in_wan():
    cells = cells_of(BLANKS_AND_SLASHES)
    assert value(cells, "t2", "penalty", "items_change") == 19
    assert value(cells, "t2", "coercion", "items_change") == -2
    assert value(cells, "t2", "penalty", "decisions") == 1036
    amount = cells[("t2", "procurement", "amount_wan")]
    assert amount.value == 25.1 and amount.unit == "元" and amount.raw_text == "251000元"


FORM_2021_T2 = """第二十一条第(五)项 | |
信息内容 | 本年处理决定数量 |
行政许可 | / |
第二十条第(六)项 | |
信息内容 | 本年处理决定数量 |
行政处罚 | 12 |
行政强制 | 0 |
第二十条第(八)项 | |
信息内容 | 本年收费金额(单位:万元) |
行政事业性收费 | 3.5 |
"""


def test_2021_single_columns_fee_unit_and_caption_typo():
    cells = cells_of(FORM_2021_T2, "gb2021")
    assert cells[("t2", "license", "decisions")].semantic == NA
    assert value(cells, "t2", "penalty", "decisions") == 12
    fee = cells[("t2", "admin_fee", "amount_wan")]
    assert fee.value == 3.5 and fee.unit == "万元"


def test_row_cut_by_the_end_of_the_text_has_no_invented_cells():
    text = "第二十条第(一)项 | | | |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n行政规范性文件 | 3 | 4"
    cells = cells_of(text, "gb2021")
    assert value(cells, "t2", "normdoc", "issued") == 3
    assert ("t2", "normdoc", "repealed") not in cells  # '4' may be the start of '40'
    assert ("t2", "normdoc", "in_force") not in cells


GLUED_T3 = T3_HEADER_GLUED = ("三、收到和处理政府信息公开申请情况(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
                              "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
                              "一、本年新收政府信息公开申请数量230 000023二、上年结转政府信息公开申请数量0000000三、")


def test_glued_table2_rows_stay_null_with_every_split():
    """pingtan 2019: 规范性文件898989 has 10 splits and no constraint picks one."""
    text = "第二十条第(一)项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件898989第二十条第(五)项" + GLUED_T3
    cells = cells_of(text)
    assert value(cells, "t3", "new_received", "all") == 23
    assert value(cells, "t2", "rule", "new_made") == 0  # '000' splits one way only
    for col in ("new_made", "new_published", "published_total"):
        cell = cells[("t2", "normdoc", col)]
        assert cell.value is None and cell.semantic == TEXT
        assert [89, 89, 89] in cell.candidates and len(cell.candidates) == 10


def test_short_table2_row_is_not_read_as_glued_without_evidence():
    """Without glued rows in tables 3/4, '规范性文件 125' more likely lost two blank cells."""
    text = "第二十条第(一)项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章 0 0 0 规范性文件 125 第二十条第(五)项"
    cells = cells_of(text)
    assert value(cells, "t2", "rule", "published_total") == 0
    normdoc = [cells[("t2", "normdoc", c)] for c in ("new_made", "new_published", "published_total")]
    assert all(c.value is None and c.semantic == TEXT and not c.candidates for c in normdoc)


def test_dropped_empty_cells_leave_the_column_unknown():
    """b023: empty cells dropped in the flattening, so '2' may be any of the three columns."""
    text = "第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n规章\n0\n规范性文件\n2\n第二十条第(五)项\n"
    cells = cells_of(text)
    assert all(cells[("t2", "normdoc", c)].value is None for c in ("new_made", "new_published", "published_total"))


# --- table 3 -------------------------------------------------------------------------------

T3_HEADER = ("三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况\n"
             "自然人 | 法人或其他组织 | 总计\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他\n")

T3_2019_ROWS = [
    ("一、本年新收政府信息公开申请数量", "3 1 0 0 0 0 4"),
    ("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"),
    ("三、本年度办理结果", ""),
    ("(一)予以公开", "2 1 0 0 0 0 3"),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "0 0 0 0 0 0 0"),
    ("(三)不予公开", "1 0 0 0 0 0 1"),
    ("1.属于国家秘密", "0 0 0 0 0 0 0"), ("2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("3.危及“三安全一稳定”", "0 0 0 0 0 0 0"), ("4.保护第三方合法权益", "1 0 0 0 0 0 1"),
    ("5.属于三类内部事务信息", "0 0 0 0 0 0 0"), ("6.属于四类过程性信息", "0 0 0 0 0 0 0"),
    ("7.属于行政执法案卷", "0 0 0 0 0 0 0"), ("8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("(四)无法提供", ""),
    ("1.本机关不掌握相关政府信息", "0 0 0 0 0 0 0"), ("2.没有现成信息需要另行制作", "0 0 0 0 0 0 0"),
    ("3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("(五)不予处理", ""),
    ("1.信访举报投诉类申请", "0 0 0 0 0 0 0"), ("2.重复申请", "0 0 0 0 0 0 0"),
    ("3.要求提供公开出版物", "0 0 0 0 0 0 0"), ("4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
    ("(六)其他处理", "/ / / / / / /"),
    ("(七)总计", "3 1 0 0 0 0 4"),
    ("四、结转下年度继续办理", "0 0 0 0 0 0 0"),
]


def t3_text(rows, header=T3_HEADER, sep="\n"):
    return header + sep.join(f"{label} {data}".rstrip() for label, data in rows) + "\n四、政府信息公开行政复议、行政诉讼情况\n"


def test_t3_space_separated_rows_with_an_optional_subtotal():
    cells = cells_of(t3_text(T3_2019_ROWS))
    assert value(cells, "t3", "new_received", "all") == 4
    assert value(cells, "t3", "new_received", "org_commercial") == 1
    assert value(cells, "t3", "out.withheld._total", "all") == 1       # optional subtotal row
    assert value(cells, "t3", "out.withheld.third_party", "natural_person") == 1
    assert cells[("t3", "out.other._total", "all")].semantic == NA     # 2019: one （六） row
    assert value(cells, "t3", "carried_out", "all") == 0
    assert not any(row is None for _, row, _ in cells)
    assert not any(row == "out.unavailable._total" for _, row, _ in cells)  # no numbers, no cells


def test_t3_total_printed_first():
    header = T3_HEADER.replace("自然人 | 法人或其他组织 | 总计", "总计 | 自然人 | 法人或其他组织")
    cells = cells_of(t3_text([("一、本年新收政府信息公开申请数量", "5 3 2 0 0 0 0"),
                              ("二、上年转结政府信息公开申请数量", "1 1 0 0 0 0 0")], header))
    assert value(cells, "t3", "new_received", "all") == 5
    assert value(cells, "t3", "new_received", "natural_person") == 3
    assert value(cells, "t3", "new_received", "org_commercial") == 2
    assert value(cells, "t3", "carried_in", "all") == 1  # '上年转结' typo


def test_t3_hybrid_single_other_row_inside_a_2021_layout():
    """洪泽 2023: a single （六）其他处理 row inside an otherwise 2021 report."""
    cells = cells_of(t3_text(T3_2019_ROWS), "gb2021")
    assert ("t3", "out.other._total", "all") in cells
    assert not any(row.startswith("out.other.") and row != "out.other._total" for _, row, _ in cells)


def test_t3_2021_other_leaves_and_pipe_blanks():
    rows = [(label, " | ".join(data.split()) + " |" if data else "|") for label, data in T3_2019_ROWS
            if not label.startswith("(六)")]
    at = [label for label, _ in rows].index("(七)总计")
    rows[at:at] = [("(六)其他处理", "|"),
                   ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
                   ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
                   ("3.其他", " | | | | | | |")]
    cells = cells_of(t3_text([(f"{label} |", data) for label, data in rows]), "gb2021")
    assert value(cells, "t3", "out.other.fee_unpaid", "all") == 0
    assert cells[("t3", "out.other.other", "natural_person")].semantic == EMPTY
    assert ("t3", "out.other._total", "all") not in cells  # a group label without numbers
    assert value(cells, "t3", "total_processed", "all") == 4


PINGTAN_2021_T3 = (
    "三、收到和处理政府信息公开申请情况(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况自然人法人或其他组织总计 "
    "商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000"
    "三、本年度办理结果(一)予以公开270020130(二)部分公开(区分处理的,只计这一情形,不计其他情形)500000 5(三)不予公开1.属于国家秘密0000000"
    "2.其他法律行政法规禁止公开00000003.危及\"三安全一稳定\"00000004.保护第三方合法权益00000005.属于三类内部事务信息1000001"
    "6.属于四类过程性信息00000007.属于行政执法案卷60000068.属于行政查询事项1000001(四)无法提供1.本机关不掌握相关政府信息220000325"
    "2.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000(五)不予处理1.信访举报投诉类申请00000002.重复申请0000000"
    "3.要求提供公开出版物00000004.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000(六)其他处理"
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000"
    "3.其他1000001(七)总计630020469四、结转下年度继续办理1000001 四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正"
    "其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计10203120001200000"
    "五、存在的主要问题及改进情况"
)


def test_glued_table3_resolved_by_the_column_identities():
    """（一）270020130 and （四）1 220000325 have two row-sum-valid splits each; only one makes
    every applicant column of （七）总计 equal the sum of the handling rows."""
    cells = cells_of(PINGTAN_2021_T3, "gb2021")
    assert [value(cells, "t3", "new_received", c) for c in
            ("natural_person", "org_commercial", "org_research", "org_public_welfare",
             "org_legal_service", "org_other", "all")] == [64, 0, 0, 2, 0, 4, 70]
    assert value(cells, "t3", "out.disclosed", "natural_person") == 27
    assert value(cells, "t3", "out.disclosed", "org_public_welfare") == 2
    assert value(cells, "t3", "out.unavailable.not_held", "natural_person") == 22
    assert value(cells, "t3", "out.unavailable.not_held", "org_commercial") == 0
    assert value(cells, "t3", "out.partial", "all") == 5   # '500000 5': a glued run and a lone cell
    assert value(cells, "t3", "total_processed", "all") == 69
    assert value(cells, "t3", "out.withheld.enforcement_file", "all") == 6  # '60000068.': '8.' is the next label
    t4 = [value(cells, "t4", p, r) for p in ("reconsideration", "litigation_direct", "litigation_after_recon")
          for r in ("upheld", "corrected", "other", "pending", "total")]
    assert t4 == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]


def test_ambiguous_table3_row_without_column_help_keeps_candidates():
    """Without the other rows, 220000325 stays ambiguous: NULL, both splits, shared cells set."""
    text = T3_HEADER + "一、本年新收政府信息公开申请数量220000325二、上年结转政府信息公开申请数量0000000三、"
    cells = cells_of(text, "gb2021")
    natural = cells[("t3", "new_received", "natural_person")]
    assert natural.value is None and natural.semantic == TEXT
    assert sorted(natural.candidates) == [[2, 20, 0, 0, 0, 3, 25], [22, 0, 0, 0, 0, 3, 25]]
    assert value(cells, "t3", "new_received", "all") == 25     # the same in every split
    assert value(cells, "t3", "new_received", "org_other") == 3


# --- table 4 -------------------------------------------------------------------------------


def test_t4_pipes_with_a_blank_cell():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 |\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | "
            "未经复议直接起诉 | 复议后起诉 |\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
            "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |\n五、存在的主要问题及改进情况\n")
    cells = cells_of(text)
    assert value(cells, "t4", "reconsideration", "total") == 1
    assert cells[("t4", "litigation_after_recon", "total")].semantic == EMPTY


# --- the glued solver ------------------------------------------------------------------------


def _values(chunks, split):
    return [float(chunks[ci][s:e]) for ci, s, e in split]


def test_domain_t4_string_has_a_unique_split():
    chunks = ["10203120001200000"]
    splits = glued_splits(chunks, 15, block=(5, 4))
    assert [_values(chunks, s) for s in splits] == [[1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]]
    chunks = ["10203", "1200012", "00000"]  # several runs: the general search agrees
    splits = glued_splits(chunks, 15, block=(5, 4))
    assert [_values(chunks, s) for s in splits] == [[1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]]


def test_domain_t3_strings():
    def row_sum(v):
        return sum(v[:6]) == v[6]
    for digits, expected in (("640020470", [64, 0, 0, 2, 0, 4, 70]), ("630020469", [63, 0, 0, 2, 0, 4, 69])):
        assert [_values([digits], s) for s in glued_splits([digits], 7, accept=row_sum)] == [expected]
    two = [_values(["220000325"], s) for s in glued_splits(["220000325"], 7, accept=row_sum)]
    assert sorted(two) == [[2, 20, 0, 0, 0, 3, 25], [22, 0, 0, 0, 0, 3, 25]]


def test_table2_strings_are_ambiguous():
    assert len(glued_splits(["898989"], 3)) == 10
    assert len(glued_splits(["3960181"], 3)) == 11


def test_signs_only_open_signed_columns_and_leading_zeros_are_refused():
    splits = glued_splits(["2648-18538"], 3, signed={1})
    values = sorted(_values(["2648-18538"], s) for s in splits)
    assert [2648, -185, 38] in values and all(v[0] == 2648 and v[1] < 0 for v in values)
    assert glued_splits(["2648-18538"], 3) == []
    assert glued_splits(["0012"], 2) == []  # '00' or '012' would need a leading zero


def test_enumeration_is_bounded():
    t0 = time.perf_counter()
    assert glued_splits(["7" * 80], 15) is None
    assert time.perf_counter() - t0 < 2


def test_narrative_sentences_are_not_read_as_tables():
    """Sentences that use the tables' words before the tables: the tables are still found."""
    narrative = ("本年新收政府信息公开申请3件,上年结转政府信息公开申请0件。被申请行政复议1件,结果维持1件。\n")
    t4 = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
          "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
          "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n")
    text = narrative + t3_text(T3_2019_ROWS).replace("\n四、政府信息公开行政复议、行政诉讼情况\n", "\n") + t4
    cells = cells_of(text)
    assert value(cells, "t3", "new_received", "all") == 4
    assert cells[("t3", "new_received", "all")].start > len(narrative)
    assert value(cells, "t4", "reconsideration", "upheld") == 1
    assert value(cells, "t4", "litigation_direct", "total") == 0


def test_ragged_pipe_row_leaves_columns_unknown():
    """A local three-column table 3 (自然人 | 法人或其他组织 | 总计): its cells cannot be placed
    on the form's seven columns, so none gets a value."""
    header = T3_HEADER.replace("商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他\n", "")
    cells = cells_of(t3_text([("一、本年新收政府信息公开申请数量 |", "2 | 1 | 3 |"),
                              ("二、上年结转政府信息公开申请数量 |", "0 | 0 | 0 |")], header))
    assert cells and all(c.value is None and c.semantic == TEXT for c in cells.values())


def test_row_sum_with_the_total_first_or_last_and_several_runs():
    assert [_values(["5320000"], s) for s in glued_splits(["5320000"], 7, total_at=0)] == [[5, 3, 2, 0, 0, 0, 0]]
    chunks = ["53", "20000"]
    assert [_values(chunks, s) for s in glued_splits(chunks, 7, total_at=0)] == [[5, 3, 2, 0, 0, 0, 0]]
    chunks = ["230", "000023"]  # pingtan 2019 row 一
    assert [_values(chunks, s) for s in glued_splits(chunks, 7, total_at=6)] == [[23, 0, 0, 0, 0, 0, 23]]
    chunks = ["220000325"]
    assert sorted(_values(chunks, s) for s in glued_splits(chunks, 7, total_at=6)) == \
        [[2, 20, 0, 0, 0, 3, 25], [22, 0, 0, 0, 0, 3, 25]]


def test_random_glued_tables_never_get_a_wrong_value():
    """Consistent random tables 3 and 4 printed with every row glued (the pingtan flattening):
    each cell the solver sets equals the printed number; the others stay NULL."""
    import random

    from extract.vocabulary import APPLICANT_COLUMNS, T3_ROWS_2021, T4_PROCEEDINGS, T4_RESULTS
    rng = random.Random(7)
    header = PINGTAN_2021_T3[:PINGTAN_2021_T3.index("一、本年新收")]
    t4_header = PINGTAN_2021_T3[PINGTAN_2021_T3.index("四、政府信息公开行政复议"):PINGTAN_2021_T3.index("10203120001200000")]
    groups = {"out.withheld.state_secret": "(三)不予公开", "out.unavailable.not_held": "(四)无法提供",
              "out.not_processed.petition": "(五)不予处理", "out.other.no_correction": "(六)其他处理"}
    leaves = [c for c in T3_ROWS_2021 if c.startswith("out.")]
    set_cells = 0
    for _ in range(25):
        def rnd():
            return rng.choice([0, 0, 0, 0, 1, 2, 3, 5, 12, 20, 37, 100])
        rows = {c: [rnd() if rng.random() < 0.3 else 0 for _ in range(6)] for c in leaves}
        done = [sum(rows[c][j] for c in leaves) for j in range(6)]
        out = [min(done[j], rnd()) for j in range(6)]
        carried = [min(done[j] + out[j], rnd()) for j in range(6)]
        rows.update(total_processed=done, carried_out=out, carried_in=carried,
                    new_received=[done[j] + out[j] - carried[j] for j in range(6)])
        parts = [header]
        for code, label in T3_ROWS_2021.items():
            parts += [groups.get(code, ""), "三、本年度办理结果" if code == "out.disclosed" else ""]
            parts.append(label + "".join(str(v) for v in rows[code] + [sum(rows[code])]))
        t4 = []
        for _ in range(3):
            block = [rnd() for _ in range(4)]
            t4 += block + [sum(block)]
        parts.append(t4_header + "".join(map(str, t4)) + "五、存在的主要问题及改进情况")
        for c in extract_form_tables("".join(parts), "gb2021"):
            if c.value is None:
                continue
            set_cells += 1
            if c.table == "t3":
                printed = rows[c.row_code] + [sum(rows[c.row_code])]
                assert c.value == printed[APPLICANT_COLUMNS.index(c.col_code)]
            else:
                assert c.value == t4[T4_PROCEEDINGS.index(c.row_code) * 5 + T4_RESULTS.index(c.col_code)]
    assert set_cells > 25 * 170  # nearly every cell is recovered
