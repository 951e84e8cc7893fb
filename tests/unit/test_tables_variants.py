"""Metamorphic tests of the table reader: the REAL table texts of the bundled corpus, mangled
the way PDF/HTML conversion mangles them (domain.md §2.6), must extract to the same cells as
the original, or, where the mangling truly destroys information, to NULL, never to a
different number.

Each mangler takes the clean text and returns it changed only inside the tables; cells are
compared as (table, row_code, col_code) -> (value, semantic).
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extract.decode import decode_report
from extract.normalise import normalise
from extract.tables import extract_form_tables

INBOX = Path(__file__).resolve().parents[2] / "warehouse" / "inbox"
SOURCES = {  # name -> (file, form version): every corpus report whose tables carry cells
    **{f"pingtan{y}": (f"pingtan/{y}_pingtan_zone.txt", "gb2019" if y < 2021 else "gb2021")
       for y in range(2019, 2026)},
    **{n: (f"excerpts/{n}.txt", "gb2019") for n in ("b018", "b019", "b020", "b022", "b023", "b024", "c024")},
    "c018": ("excerpts/c018.txt", "gb2021"),
}


def clean_text(name: str) -> str:
    return normalise(decode_report((INBOX / SOURCES[name][0]).read_bytes()).text)[0]


def read_cells(text: str, form: str) -> dict:
    return {(c.table, c.row_code, c.col_code): (c.value, c.semantic)
            for c in extract_form_tables(normalise(text)[0], form)}


# --------------------------------------------------------------------------------------------
# Manglers. Labels are found with any whitespace/pipes between their glyphs, so the same
# mangler works on pipe tables, one-cell-per-line tables and glued one-line tables.

FOOTERS = ("\n- 5 -\n", "\n第 5 页 共 9 页\n", "\n— 12 —\n")


def _label_re(label: str) -> re.Pattern:
    return re.compile(r"[\s|]*".join(map(re.escape, label)))


def _tables_start(text: str) -> int:
    return text.find("第二十条") if "第二十条" in text else max(0, text.find("本年新收"))


def _find(text: str, label: str) -> re.Match | None:
    return _label_re(label).search(text, _tables_start(text))


def _replace_label(text: str, label: str, make) -> str:
    """Replace the first printed `label` in the tables by make(label)."""
    m = _find(text, label)
    return text if m is None else text[:m.start()] + make(label) + text[m.end():]


def insert_before(text: str, labels: tuple[str, ...], insert: str) -> str:
    for label in labels:
        if (m := _find(text, label)) is not None:
            text = text[:m.start()] + insert + text[m.start():]
    return text


BETWEEN_ROWS = ("规范性文件", "行政处罚", "上年结转", "(四)无法提供", "3.危及", "(七)总计", "2.重复申请")


def footer_between_rows(text: str) -> str:
    for i, label in enumerate(BETWEEN_ROWS):
        text = insert_before(text, (label,), FOOTERS[i % len(FOOTERS)])
    return text


def inline_footer_between_rows(text: str) -> str:
    return insert_before(text, BETWEEN_ROWS, " - 5 - ")


def inline_footer_inside_rows(text: str, form: str) -> str:
    return footer_inside_rows(text, form, footers=(" - 5 - ",))


def footer_inside_rows(text: str, form: str, footers=FOOTERS) -> str:
    """A page break inside a row: a footer between two of its cells, in the first row of each
    table with three cells read for sure (so the break falls where a cell really ends)."""
    cells = [c for c in extract_form_tables(text, form)
             if c.value is not None and (c.note is None or "unique" in c.note)]
    cuts, seen = [], set()
    for c in cells:
        row = [d.end for d in cells if (d.table, d.row_code) == (c.table, c.row_code)]
        if c.table not in seen and len(row) >= 3:
            cuts.append(sorted(row)[len(row) // 2 - 1])
            seen.add(c.table)
    for i, at in enumerate(sorted(cuts, reverse=True)):
        text = text[:at] + footers[i % len(footers)] + text[at:]
    return text


WRAPPED = {"只计这一情形": 5, "本机关不掌握相关政府信息": 6, "其他对外管理服务事项": 4,
           "要求行政机关确认或重新出具已获取信息": 11, "结转下年度继续办理": 5, "本年新收政府信息公开申请数量": 8}


def wrap_labels(text: str) -> str:
    for label, at in WRAPPED.items():
        text = _replace_label(text, label, lambda s, at=at: s[:at] + "\n" + s[at:])
    return text


# label -> where a PDF wraps it; the row's cells come out between the label's two lines
WRAPPED_AROUND_CELLS = {
    ("out.partial", "部分公开(区分处理的,只计这一情形,不计其他情形)"): 17,
    ("out.other.no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"): 24,
    ("out.not_processed.confirm_reissue", "要求行政机关确认或重新出具已获取信息"): 12,
    ("out.unavailable.needs_creation", "没有现成信息需要另行制作"): 8,
    ("new_received", "本年新收政府信息公开申请数量"): 8,
    ("other_service", "其他对外管理服务事项"): 6,
}


def wrap_labels_around_cells(text: str, form: str) -> str:
    """'(二)部分公开(区分处理的,只计这一情 5 0 0 0 0 0 5 形,不计其他情形)': PDF text of a row
    whose label wraps onto a second line below its cells (pipe tables are left alone)."""
    cells = extract_form_tables(text, form)
    for (row, label), at in sorted(WRAPPED_AROUND_CELLS.items(), key=lambda x: -x[1]):
        spans = [(c.start, c.end) for c in cells if c.row_code == row and c.end > c.start]
        m = _find(text, label)
        if not spans or m is None:
            continue
        cut = _label_re(label[:at]).match(text, m.start()).end()
        data_end = max(e for _, e in spans)
        if "|" in text[m.end():data_end] or min(s for s, _ in spans) < m.end():
            continue
        text = (text[:cut] + " " + text[m.end():data_end].strip() + "\n" + text[cut:m.end()]
                + text[data_end:])
        cells = extract_form_tables(text, form)
    return text


VERTICAL = ("三、本年度办理结果", "(四)无法提供", "(三)不予公开", "(五)不予处理", "申请人情况", "信息内容")


def vertical_group_labels(text: str) -> str:
    for label in VERTICAL:
        text = _replace_label(text, label, lambda s: "\n" + "\n".join(s) + "\n")
    return text


def footer_inside_labels(text: str) -> str:
    for i, (label, at) in enumerate(WRAPPED.items()):
        text = _replace_label(text, label, lambda s, at=at, i=i: s[:at] + FOOTERS[i % len(FOOTERS)] + s[at:])
    return text


def vertical_label_beside_rows(text: str) -> str:
    """A merged cell printed vertically beside the rows it spans ('三、本年度办理结果' in the
    left column): PDF text puts one of its glyphs before each row."""
    rows = ("(一)予以公开", "(二)部分公开", "(三)不予公开", "1.属于国家秘密", "2.其他法律", "3.危及",
            "4.保护第三方", "5.属于三类", "6.属于四类")
    m = _find(text, "三、本年度办理结果")
    if m is None:
        return text
    text = text[:m.start()] + text[m.end():]
    for glyph, label in zip("三、本年度办理结果", rows, strict=False):
        text = insert_before(text, (label,), f"\n{glyph}\n")
    return text


def group_label_split_by_footer(text: str) -> str:
    """淮安 2024: '(四)无 1.本机关不掌握… - 5 - 法提供 2.…'."""
    m, leaf2 = _find(text, "(四)无法提供"), _find(text, "2.没有现成信息")
    if m is None or leaf2 is None:
        return text
    return (text[:m.start()] + "(四)无 " + text[m.end():leaf2.start()] + "\n- 5 -\n法提供 "
            + text[leaf2.start():])


SPACED = ("社会公益组织", "商业企业", "法律服务机构", "本年新制作数量", "本年制发件数", "结果维持",
          "尚未审结", "处理决定数量", "未经复议直接起诉")


def spaced_header_glyphs(text: str) -> str:
    for label in SPACED:
        text = _replace_label(text, label, lambda s: " ".join(s[:-2]) + s[-2:])
    return text


def glued_headers(text: str) -> str:
    """Header cells run together: '总计商业企业', '本年新制作数量本年新公开数量'."""
    for first, second in (("总计", "商业企业"), ("本年新制作数量", "本年新公开数量"), ("其他结果", "尚未审结"),
                          ("本年制发件数", "本年废止件数"), ("自然人", "法人或其他组织")):
        m = re.compile(re.escape(first) + r"[\s|]*" + re.escape(second)).search(text, _tables_start(text))
        if m:
            text = text[:m.start()] + first + second + text[m.end():]
    return text


DROPPED = {"本机关不掌握相关政府信息": "掌", "要求行政机关确认或重新出具已获取信息": "新",
           "没有现成信息需要另行制作": "另", "其他对外管理服务事项": "务", "属于三类内部事务信息": "内",
           "结转下年度继续办理": "继", "保护第三方合法权益": "法",
           "本年制发件数": "发", "处理决定数量": "决", "对外公开总数量": "外", "采购总金额": "采",
           "行政许可": "许", "予以公开": "以"}


def dropped_glyphs(text: str) -> str:
    for label, glyph in DROPPED.items():
        text = _replace_label(text, label, lambda s, g=glyph: s.replace(g, "", 1))
    return text


OCR = {"属于行政执法案卷": ("卷", "券"), "本机关不掌握相关政府信息": ("握", "据"),
       "信访举报投诉类申请": ("诉", "沂"), "行政事业性收费": ("业", "亚")}


def ocr_confusions(text: str) -> str:
    for label, (right, wrong) in OCR.items():
        text = _replace_label(text, label, lambda s, r=right, w=wrong: s.replace(r, w, 1))
    return text


MANGLERS = {
    "footer between rows": footer_between_rows,
    "inline footer between rows": inline_footer_between_rows,
    "wrapped labels": wrap_labels,
    "vertical group labels": vertical_group_labels,
    "group label split by a footer": group_label_split_by_footer,
    "footer inside labels": footer_inside_labels,
    "vertical label beside rows": vertical_label_beside_rows,
    "spaced header glyphs": spaced_header_glyphs,
    "glued headers": glued_headers,
    "dropped glyphs": dropped_glyphs,
    "ocr confusions": ocr_confusions,
}


def _compare(original: dict, variant: dict) -> tuple[list[str], list[str]]:
    """(wrong, lost): cells whose number or semantic changed, and cells that turned NULL.
    A blank cell (EMPTY, value NULL) that disappears loses nothing."""
    wrong, lost = [], []
    for key in sorted(set(original) | set(variant), key=str):
        (was, was_sem), (now, now_sem) = original.get(key, (None, None)), variant.get(key, (None, None))
        if now is not None and (now, now_sem) != (was, was_sem):
            wrong.append(f"{key}: {was} {was_sem} -> {now} {now_sem}")
        elif now is None and was is not None:
            lost.append(f"{key}: {was} -> NULL")
        elif now_sem is not None and was_sem is not None and now_sem != was_sem:
            wrong.append(f"{key}: {was_sem} -> {now_sem}")
    return wrong, lost


def assert_same_cells(text: str, mangled: str, form: str) -> None:
    original = read_cells(text, form)
    assert original, "no table cells to compare"
    wrong, lost = _compare(original, read_cells(mangled, form))
    assert wrong == [], "a mangled table read a different value"
    assert lost == [], "a mangled table lost values"


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize("mangler", sorted(MANGLERS))
def test_mangled_tables_read_the_same(name, mangler):
    text, form = clean_text(name), SOURCES[name][1]
    assert_same_cells(text, MANGLERS[mangler](text), form)


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize("mangler", [footer_inside_rows, inline_footer_inside_rows,
                                     wrap_labels_around_cells], ids=lambda f: f.__name__)
def test_mangled_rows_read_the_same(name, mangler):
    text, form = clean_text(name), SOURCES[name][1]
    assert_same_cells(text, mangler(text, form), form)


def test_every_mangler_changes_some_source():
    """Guard against a mangler that silently finds nothing to mangle."""
    for mangler, fn in MANGLERS.items():
        assert any(fn(clean_text(n)) != clean_text(n) for n in SOURCES), mangler


# --------------------------------------------------------------------------------------------
# 洪泽 2023 table 4: totals missing from the print; read as printed, never "fixed".

HONGZE_T4 = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 "
             "未经复议直接起诉 复议后起诉\n结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 "
             "尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n{row}\n五、存在的主要问题及改进情况\n")
HONGZE_ROW = "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0"


@pytest.mark.parametrize("row", [HONGZE_ROW, HONGZE_ROW.replace("0 0 5", "0\n- 5 -\n0 5"),
                                 HONGZE_ROW.replace("0 0 5", "0 - 5 - 0 5"),
                                 HONGZE_ROW.replace("0 0 5", "0\n第 5 页 共 9 页\n0 5")])
def test_hongze_table4_read_as_printed(row):
    cells = read_cells(HONGZE_T4.format(row=row), "gb2021")
    printed = [float(v) for v in HONGZE_ROW.split()]
    got = [cells[("t4", p, r)][0] for p in ("reconsideration", "litigation_direct", "litigation_after_recon")
           for r in ("upheld", "corrected", "other", "pending", "total")]
    assert got == printed


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_all_manglings_at_once(name):
    """A real PDF suffers several of these together."""
    text, form = clean_text(name), SOURCES[name][1]
    mangled = wrap_labels_around_cells(footer_inside_rows(text, form), form)
    for mangler in (dropped_glyphs, ocr_confusions, spaced_header_glyphs, glued_headers, wrap_labels,
                    footer_between_rows, vertical_group_labels, group_label_split_by_footer):
        mangled = mangler(mangled)
    assert_same_cells(text, mangled, form)


def test_random_page_marks_breaks_and_lost_glyphs_never_change_a_number():
    """Seeded random damage anywhere in the tables (never inside a number): cells may turn
    NULL, never into another number."""
    rng = random.Random(20)
    for _ in range(300):
        name = rng.choice(sorted(SOURCES))
        text, form = clean_text(name), SOURCES[name][1]
        start = _tables_start(text)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(start, min(len(text), start + 4000))
            if re.match(r"[\d.+\-]", text[at - 1:at]) and re.match(r"[\d.]", text[at:at + 1]):
                continue  # a page never breaks inside a number
            damage = rng.choice(["\n- 5 -\n", "\n第 5 页 共 9 页\n", " - 7 - ", "\n", " ", ""])
            lost_glyph = damage == "" and "\u4e00" <= text[at] <= "\u9fff"
            text = text[:at] + damage + text[at + lost_glyph:]
        wrong, _ = _compare(read_cells(clean_text(name), form), read_cells(text, form))
        assert wrong == [], name
