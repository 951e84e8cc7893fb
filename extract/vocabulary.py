"""The conformed vocabulary (domain.md §2.4): row and column codes of every form's tables and
the measure keys they map onto. One enumerated list, so every leaf is counted exactly once.
"""
from __future__ import annotations

# --- Table 3 (applications), gb2019 / gb2021 -------------------------------------------------
APPLICANT_COLUMNS = (
    "natural_person", "org_commercial", "org_research", "org_public_welfare",
    "org_legal_service", "org_other", "all",
)

# row_code -> label as printed (normalised labels are matched by the table reader)
T3_ROWS_2019 = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "out.disclosed": "（一）予以公开",
    "out.partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "out.withheld.state_secret": "1.属于国家秘密",
    "out.withheld.law_prohibited": "2.其他法律行政法规禁止公开",
    "out.withheld.security_stability": "3.危及“三安全一稳定”",
    "out.withheld.third_party": "4.保护第三方合法权益",
    "out.withheld.internal_affairs": "5.属于三类内部事务信息",
    "out.withheld.process_info": "6.属于四类过程性信息",
    "out.withheld.enforcement_file": "7.属于行政执法案卷",
    "out.withheld.admin_query": "8.属于行政查询事项",
    "out.unavailable.not_held": "1.本机关不掌握相关政府信息",
    "out.unavailable.needs_creation": "2.没有现成信息需要另行制作",
    "out.unavailable.unclear": "3.补正后申请内容仍不明确",
    "out.not_processed.petition": "1.信访举报投诉类申请",
    "out.not_processed.duplicate": "2.重复申请",
    "out.not_processed.publication": "3.要求提供公开出版物",
    "out.not_processed.mass_repeat": "4.无正当理由大量反复申请",
    "out.not_processed.confirm_reissue": "5.要求行政机关确认或重新出具已获取信息",
    "out.other._total": "（六）其他处理",
    "total_processed": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
T3_ROWS_2021 = {
    **{k: v for k, v in T3_ROWS_2019.items() if k not in ("out.other._total", "total_processed", "carried_out")},
    "out.other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "out.other.fee_unpaid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "out.other.other": "3.其他",
    "total_processed": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
# Optional subtotal rows some local templates add; they are not leaves.
T3_SUBTOTAL_ROWS = ("out.withheld._total", "out.unavailable._total", "out.not_processed._total")

# --- Table 4 (reconsideration and litigation) -----------------------------------------------
T4_PROCEEDINGS = ("reconsideration", "litigation_direct", "litigation_after_recon")
T4_RESULTS = ("upheld", "corrected", "other", "pending", "total")

# --- Table 2 (actively published), (row_code, col_code) -> measure key ------------------------
T2_MEASURES = {
    "gb2019": {
        ("rule", "new_made"): "pub.rule.issued",
        ("rule", "new_published"): "pub.rule.newly_published",
        ("rule", "published_total"): "pub.rule.published_cumulative",
        ("normdoc", "new_made"): "pub.normdoc.issued",
        ("normdoc", "new_published"): "pub.normdoc.newly_published",
        ("normdoc", "published_total"): "pub.normdoc.published_cumulative",
        ("license", "items_prev"): "pub.license.items_prev",
        ("license", "items_change"): "pub.license.items_change",
        ("license", "decisions"): "pub.license.decisions",
        ("other_service", "items_prev"): "pub.other_service.items_prev",
        ("other_service", "items_change"): "pub.other_service.items_change",
        ("other_service", "decisions"): "pub.other_service.decisions",
        ("penalty", "items_prev"): "pub.penalty.items_prev",
        ("penalty", "items_change"): "pub.penalty.items_change",
        ("penalty", "decisions"): "pub.penalty.decisions",
        ("coercion", "items_prev"): "pub.coercion.items_prev",
        ("coercion", "items_change"): "pub.coercion.items_change",
        ("coercion", "decisions"): "pub.coercion.decisions",
        ("admin_fee", "items_prev"): "pub.admin_fee.items_prev",
        ("admin_fee", "items_change"): "pub.admin_fee.items_change",
        ("procurement", "projects"): "pub.procurement.projects",
        ("procurement", "amount_wan"): "pub.procurement.amount_wan",
    },
    "gb2021": {
        ("rule", "issued"): "pub.rule.issued",
        ("rule", "repealed"): "pub.rule.repealed",
        ("rule", "in_force"): "pub.rule.in_force",
        ("normdoc", "issued"): "pub.normdoc.issued",
        ("normdoc", "repealed"): "pub.normdoc.repealed",
        ("normdoc", "in_force"): "pub.normdoc.in_force",
        ("license", "decisions"): "pub.license.decisions",
        ("penalty", "decisions"): "pub.penalty.decisions",
        ("coercion", "decisions"): "pub.coercion.decisions",
        ("admin_fee", "amount_wan"): "pub.admin_fee.amount_wan",
    },
}

# Extra table-2 rows some local templates print (row_code -> label). Their cells keep the
# column codes of the sub-table they sit in; measures below.
T2_EXTRA_ROWS = {
    "inspection": "行政检查",          # under （五）, beside 其他对外管理服务事项
    "confirmation": "行政确认",        # under （五）
    "other_docs": "其他主动公开文件",  # under （一）
}
for _row in ("inspection", "confirmation"):
    for _col in ("items_prev", "items_change", "decisions"):
        T2_MEASURES["gb2019"][(_row, _col)] = f"pub.{_row}.{_col}"
    T2_MEASURES["gb2021"][(_row, "decisions")] = f"pub.{_row}.decisions"
for _col in ("new_made", "new_published", "published_total"):
    T2_MEASURES["gb2019"][("other_docs", _col)] = {
        "new_made": "pub.other_docs.issued", "new_published": "pub.other_docs.newly_published",
        "published_total": "pub.other_docs.published_cumulative"}[_col]
for _col in ("issued", "repealed", "in_force"):
    T2_MEASURES["gb2021"][("other_docs", _col)] = f"pub.other_docs.{_col}"

# --- Legacy statistics tables: row_code is itself the measure key ----------------------------
# Column codes: 'year' (the report year's column / 统计数), 'cumulative' (历年累计/本年累计).
LEGACY_COLUMNS = ("year", "cumulative")
LEGACY_ROW_MEASURES = (
    "pub.info_items.total", "pub.normdoc.newly_published", "pub.normdoc.issued",
    "pub.info_items.by_channel.gazette", "pub.info_items.by_channel.website",
    "pub.info_items.by_channel.weibo", "pub.info_items.by_channel.wechat",
    "pub.info_items.by_channel.other",
    "app.new_received", "app.new_received.by_channel.in_person", "app.new_received.by_channel.fax",
    "app.new_received.by_channel.online", "app.new_received.by_channel.letter",
    "app.new_received.by_channel.email", "app.new_received.by_channel.other",
    "app.completed", "app.completed.on_time", "app.completed.extended",
    "app.total_processed", "app.out.already_public", "app.out.disclosed", "app.out.partial",
    "app.out.withheld._total", "app.out.other.other",
    "app.fee_amount",
    "proc.reconsideration.total", "proc.litigation_all.total", "proc.complaint.total",
    "proc.appeal.total",
    # added for the legacy readers (extract/legacy.py): rows the 2014 national table and the
    # Fujian/定西 variants print that the list above did not name
    "app.new_received.by_channel.letter_fax",  # Fujian prints 信函、传真 as one row
    "app.out.withheld.state_secret", "app.out.withheld.commercial_secret", "app.out.withheld.privacy",
    "app.out.withheld.security_stability", "app.out.withheld.law_prohibited",
    "app.out.legacy_not_gov_info", "app.out.legacy_not_own", "app.out.legacy_not_exist",
    "app.out.legacy_correction_notice", "app.out.legacy_other_route",
    "proc.reconsideration.upheld", "proc.reconsideration.corrected", "proc.reconsideration.other",
    "proc.litigation_all.upheld", "proc.litigation_all.corrected", "proc.litigation_all.other",
    "proc.complaint.upheld", "proc.complaint.corrected", "proc.complaint.other",
    "resp.hotspots", "resp.press_conf", "resp.press_conf_lead", "resp.online_interview",
    "resp.online_interview_lead", "resp.interpretations", "resp.weibo_wechat", "resp.other",
    "cap.dedicated_units", "cap.reading_points", "cap.staff_total", "cap.staff_full_time",
    "cap.staff_part_time", "cap.budget_wan", "cap.meetings", "cap.trainings", "cap.trainees",
)


def cell_measure(form_version: str, table: str, row_code: str, col_code: str) -> tuple[str | None, str]:
    """(measure_key, applicant_type) of a cell; measure_key None when the cell has no conformed meaning."""
    if table == "t2":
        return T2_MEASURES.get(form_version, {}).get((row_code, col_code)), "all"
    if table == "t3":
        return f"app.{row_code}", col_code
    if table == "t4":
        return f"proc.{row_code}.{col_code}", "all"
    if table == "legacy":
        return (row_code if col_code == "year" else f"{row_code}.cumulative"), "all"
    return None, "all"
