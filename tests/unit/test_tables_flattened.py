"""Tables 3 and 4 read from text copied out of PDFs and web pages.

- The real flattenings in tests/fixtures/flattened/ (pdfplumber plain and layout, pdftotext in
  reading order and -layout, a browser-style copy of a saved page) of the complete reports give
  every labelled cell they can, and never a wrong or invented one.
- The same layouts made up from the form with random numbers (which obey the form's
  identities), random wrap points, label alignments, page breaks, subtotal rows, 2019 and 2021
  rows: the rows come out exactly; with a blank cell lost or a stray number added, no cell is
  wrong. The layout model is the one PDF text extraction applies (items sorted into lines by
  their height, each line by x); pdftotext's reading order prints blocks of rows column by
  column; a browser copy runs a row's cells together and leaves one space per blank cell.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from extract.report import extract_report
from extract.tables import extract_form_tables
from extract.vocabulary import APPLICANT_COLUMNS, T3_ROWS_2019, T3_ROWS_2021, T4_PROCEEDINGS, T4_RESULTS
from tests.conftest import LABELS
from tests.unit.test_structured_documents import labelled_cells

FLATTENED = Path(__file__).resolve().parents[1] / "fixtures" / "flattened"
LABELLED = {lab["id"]: lab for lab in map(json.loads, (LABELS / "full.jsonl").read_text(encoding="utf-8").splitlines())}

# share of the labelled table-3/4 cells each real flattening must give (the rest NULL, never wrong)
EXPECTED_SHARE = {"plumber": 1.0, "plumber_layout": 1.0, "pdftotext_layout": 1.0, "pdftotext": 0.94, "browser": 1.0}


def _cells(text: str) -> dict[tuple, float | None]:
    return {(c.table, c.row_code, c.col_code): c.value for c in extract_report(text).cells}


@pytest.mark.parametrize("flattening", sorted(EXPECTED_SHARE))
def test_real_flattenings_give_the_labelled_cells_and_no_wrong_one(flattening):
    given = scored = 0
    for path in sorted((FLATTENED / flattening).glob("*.txt")):
        expected = labelled_cells(LABELLED[path.stem])
        got = _cells(path.read_text(encoding="utf-8"))
        for key, want in expected.items():
            value = got.get(key)
            if want is None:
                assert value is None, f"{path.stem} {key}: invented {value}"
            elif value is not None:
                assert abs(value - want) < 1e-6, f"{path.stem} {key}: {value}, printed {want}"
            if want is not None and key[0] in ("t3", "t4"):
                scored += 1
                given += value is not None
        unlabelled = {k: v for k, v in got.items() if k not in expected and v is not None}
        assert not unlabelled, f"{path.stem}: numbers for cells that are not printed: {unlabelled}"
    assert given >= EXPECTED_SHARE[flattening] * scored, f"{given}/{scored}"


PDF_FLATTENINGS = ("plumber", "plumber_layout", "pdftotext", "pdftotext_layout")


@pytest.mark.parametrize("flattening", PDF_FLATTENINGS)
def test_real_flattenings_read_the_same_with_the_page_break_elsewhere_and_labels_rewrapped(flattening):
    """The page footer moved to other lines of tables 3 and 4, a label line wrapped at another
    glyph: the same cells."""
    rng = random.Random(flattening)
    for path in sorted((FLATTENED / flattening).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        tables = {k: v for k, v in _cells(text).items() if k[0] in ("t3", "t4")}
        start, end = text.index("申请人情况"), text.index("存在的主要问题")
        lines = text[start:end].split("\n")
        bare = [line for line in lines if not re.fullmatch(r"\s*[-—]\s*\d+\s*[-—]\s*", line)]
        # a page ends between lines; in reading order, between paragraphs (a block never spans pages)
        breaks = [i for i in range(1, len(bare)) if flattening != "pdftotext" or not bare[i - 1].strip()]
        for _ in range(4):
            moved = list(bare)
            at = rng.choice(breaks)
            moved[at:at] = [rng.choice(("- 9 -", "-9-", "              - 9 -"))] + [""] * (flattening == "pdftotext")
            labels = [i for i, line in enumerate(moved) if re.search(r"[\u4e00-\u9fff]{6}", line)]
            i = rng.choice(labels)
            glyphs = [m.start() for m in re.finditer(r"[\u4e00-\u9fff]", moved[i])]
            cut = rng.choice(glyphs[2:-2])
            moved[i] = moved[i][:cut] + "\n" + moved[i][cut:]
            variant = text[:start] + "\n".join(moved) + text[end:]
            got = {k: v for k, v in _cells(variant).items() if k[0] in ("t3", "t4")}
            assert got == tables, f"{path.stem}: {moved[i]!r}"


# --------------------------------------------------------------------------------------------
# The form with random numbers.

GROUP_LABELS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                "other": "（六）其他处理"}
T3_HEAD = ("三、收到和处理政府信息公开申请情况\n申请人情况\n（本列数据的勾稽关系为：第一项加第二项之和，等\n"
           "于第三项加第四项之和）\n法人或其他组织\n自然人 社会 法律 总计\n商业 科研\n公益 服务 其他\n企业 机构\n组织 机构\n")
T4_HEAD = "四、政府信息公开行政复议、行政诉讼情况\n"
T4_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
END = "五、存在的主要问题及改进情况\n下一步，我们将继续做好政务公开工作。\n"


@dataclass
class Form:
    rows: list[tuple[str, str, list[int]]]   # (code, printed label, the seven cells)
    t4: list[int]                            # fifteen cells
    groups: dict[str, tuple[int, int]]       # group -> (first, last) row index of its leaves

    def expected(self) -> dict[tuple, float]:
        out = {("t3", code, col): float(v) for code, _, values in self.rows
               for col, v in zip(APPLICANT_COLUMNS, values, strict=True)}
        out.update({("t4", p, r): float(self.t4[i * 5 + j])
                    for i, p in enumerate(T4_PROCEEDINGS) for j, r in enumerate(T4_RESULTS)})
        return out


def make_form(rng: random.Random, *, leaves_2021: bool, subtotals: tuple[str, ...] = (),
              t4_sums_hold: bool = True) -> Form:
    printed = T3_ROWS_2021 if leaves_2021 else T3_ROWS_2019
    leaf_codes = [c for c in printed if c.startswith("out.")]
    cells = {c: [rng.choice((0, 0, rng.randint(1, 9), rng.randint(10, 400))) for _ in range(6)] for c in leaf_codes}
    done = [sum(cells[c][j] for c in leaf_codes) for j in range(6)]
    carried_out = [rng.randint(0, 20) for _ in range(6)]
    carried_in = [rng.randint(0, d + o) for d, o in zip(done, carried_out, strict=True)]
    cells.update(total_processed=done, carried_out=carried_out, carried_in=carried_in,
                 new_received=[d + o - i for d, o, i in zip(done, carried_out, carried_in, strict=True)])
    rows, groups = [], {}
    for code, label in printed.items():
        group = code.split(".")[1] if code.count(".") == 2 and not code.endswith("._total") else None
        if group and group not in groups:
            first = len(rows)
            if group in subtotals:  # a local template's subtotal row, before its leaves
                members = [c for c in leaf_codes if c.startswith(f"out.{group}.")]
                rows.append((f"out.{group}._total", GROUP_LABELS[group],
                             [sum(cells[c][j] for c in members) for j in range(6)]))
            groups[group] = (first, first)
        rows.append((code, label, cells[code]))
        if group:
            groups[group] = (groups[group][0], len(rows) - 1)
    rows = [(code, label, values + [sum(values)]) for code, label, values in rows]
    t4 = []
    for _ in T4_PROCEEDINGS:
        results = [rng.choice((0, rng.randint(1, 60))) for _ in range(4)]
        t4 += results + [sum(results) + (0 if t4_sums_hold else rng.randint(1, 5))]
    return Form(rows, t4, groups)


# --------------------------------------------------------------------------------------------
# PDF text by lines: items sorted by their height on the page, a line per height, x order.

@dataclass
class Item:
    top: float
    x: float
    text: str


def wrap(label: str, width: int) -> list[str]:
    return [label[i:i + width] for i in range(0, len(label), width)]


def pdf_lines(form: Form, rng: random.Random, *, spaced: bool, page_break: int | None) -> str:
    """The table as PDF text extraction gives it: each row as tall as its wrapped label, its
    cells at the row's middle; group labels centred on their rows, the vertical 三、本年度办理结果
    spread over them; a page footer between two rows."""
    items, top = [], 0.0
    width, top_aligned = rng.randint(9, 18), rng.random() < 0.3
    centres = []
    for i, (_, label, values) in enumerate(form.rows):
        lines = wrap(label, width if i > 1 else 40)
        height = len(lines) + rng.choice((0, 0, 0.5, 1))
        if page_break == i:
            items.append(Item(top + 0.5, 30, "- 3 -"))
            top += 4  # the next page
        centre = top + height / 2
        centres.append(centre)
        first = top + (height - len(lines)) / 2 if not top_aligned else top + 0.1
        items += [Item(first + j + 0.5 - (0 if top_aligned else 0), 2, line) for j, line in enumerate(lines)]
        items += [Item(centre, 10 + j, str(v)) for j, v in enumerate(values)]
        top += height
    for group, (a, b) in form.groups.items():
        lines = wrap(GROUP_LABELS[group], rng.randint(3, 7))
        middle = (centres[a] + centres[b]) / 2
        items += [Item(middle - (len(lines) - 1) / 2 + j, 1, line) for j, line in enumerate(lines)]
    outcome = [i for i, (code, _, _) in enumerate(form.rows) if code.startswith("out.") or code == "total_processed"]
    glyphs = "三、本年度办理结果"
    span_top, span_bottom = centres[outcome[0]], centres[outcome[-1]]
    items += [Item(span_top + (span_bottom - span_top) * g / (len(glyphs) - 1), 0, glyph) for g, glyph in enumerate(glyphs)]
    return _lines(items, spaced, rng)


def t4_pdf_lines(form: Form, rng: random.Random, *, spaced: bool) -> str:
    """Table 4's header printed column by column: each result's words stacked in its cell."""
    items = [Item(0, 0, "行政复议"), Item(0, 12, "行政诉讼"), Item(1, 6, "未经复议直接起诉"), Item(1, 12, "复议后起诉")]
    for p in range(3):
        for r, word in enumerate(T4_WORDS):
            x = p * 5 + r
            if word == "总计":
                parts = ["总 计"] if rng.random() < 0.5 else ["总", "计"]
            else:
                parts = [word[:2], word[2:]] if rng.random() < 0.8 else [word]
            first = 3 + (2 - len(parts)) / 2 + rng.choice((0, 0.5)) * (p > 0)
            items += [Item(first + j, x, part) for j, part in enumerate(parts)]
    items += [Item(6, j, str(v)) for j, v in enumerate(form.t4)]
    return T4_HEAD + _lines(items, spaced, rng)


def _lines(items: list[Item], spaced: bool, rng: random.Random, tolerance: float = 0.3) -> str:
    """Items within `tolerance` of the previous one share its line (pdfplumber's clustering)."""
    items.sort(key=lambda it: (it.top, it.x))
    lines: list[list[Item]] = []
    for item in items:
        if lines and item.top - lines[-1][-1].top <= tolerance:
            lines[-1].append(item)
        else:
            lines.append([item])
    gap = (lambda: " " * rng.randint(2, 9)) if spaced else (lambda: " ")
    return "".join(gap().join(it.text for it in sorted(line, key=lambda it: it.x)) + "\n" for line in lines)


def pdf_text(form: Form, rng: random.Random, *, spaced: bool = False, page_break: int | None = None) -> str:
    return T3_HEAD + pdf_lines(form, rng, spaced=spaced, page_break=page_break) + t4_pdf_lines(form, rng, spaced=spaced) + END


# --------------------------------------------------------------------------------------------
# PDF text in reading order (pdftotext): every cell a paragraph; vertically adjacent cells of a
# column make one paragraph, so a block of rows comes out column by column; labels elsewhere.

def reading_order_text(form: Form, rng: random.Random, *, t4_in_order: bool = True) -> str:
    parts, labels = [T3_HEAD], [label for _, label, _ in form.rows]
    i = 0
    while i < len(form.rows):
        size = rng.choice((1, 1, 2, 3, 5, 9))
        block = [values for _, _, values in form.rows[i:i + size]]
        parts += ["\n".join(str(row[j]) for row in block) for j in range(7)]
        if rng.random() < 0.4:  # some labels printed between the blocks, in no order
            rng.shuffle(labels)
            parts.append("\n".join(labels[:3]))
            labels = labels[3:]
        i += size
    parts.append("\n".join(labels))
    parts.append(T4_HEAD.strip())
    parts += ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"] + [f"{w[:2]}\n{w[2:]}" for w in T4_WORDS[:4]] * 3
    parts += ["总 计"] * 2
    numbers = [str(v) for v in form.t4]
    if t4_in_order:  # the third tall 总计 cell comes out among the numbers
        numbers.insert(rng.randint(1, len(numbers) - 1), "总计")
    else:
        rng.shuffle(numbers)
        numbers.append("总计")
    parts += numbers
    return "\n\n".join(parts) + "\n\n" + END


# --------------------------------------------------------------------------------------------
# A web page copied as text: a row's cells run together, a blank cell left as one space.

def browser_text(form: Form, rng: random.Random, blank_share: float) -> tuple[str, dict[tuple, float | None]]:
    expected = {}
    blank_totals = rng.random() < 0.3  # some pages leave the 总计 column blank

    def cell(key, v, is_total=False):
        blank = v == 0 and rng.random() < blank_share or is_total and blank_totals and key[0] == "t3"
        expected[key] = None if blank else float(v)
        return "\u00a0" if blank else str(v)

    out = ["三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
           "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"]
    for code, label, values in form.rows:
        out.append(label + "".join(cell(("t3", code, col), v, col == "all")
                                   for col, v in zip(APPLICANT_COLUMNS, values, strict=True)))
    out.append("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼" + "".join(T4_WORDS) + "未经复议直接起诉复议后起诉"
               + "".join(T4_WORDS) * 2)
    out += [cell(("t4", p, r), form.t4[i * 5 + j]) for i, p in enumerate(T4_PROCEEDINGS) for j, r in enumerate(T4_RESULTS)]
    return "".join(out) + END.replace("\n", ""), expected


# --------------------------------------------------------------------------------------------


def _no_wrong_cell(got: dict, expected: dict) -> None:
    for key, want in expected.items():
        value = got.get(key)
        assert value is None or want is not None and abs(value - want) < 1e-6, f"{key}: {value}, printed {want}"


def _read(text: str, form_version: str) -> dict[tuple, float | None]:
    return {(c.table, c.row_code, c.col_code): c.value for c in extract_form_tables(text, form_version)}


VARIANTS = [(seed, leaves, subtotals) for seed in range(12) for leaves, subtotals in
            ((False, ()), (True, ()), (True, ("withheld",)), (False, ("unavailable", "not_processed")), (True, ("other",)))]


@pytest.mark.parametrize(("seed", "leaves_2021", "subtotals"), VARIANTS)
def test_pdf_text_lines_give_every_cell(seed, leaves_2021, subtotals):
    rng = random.Random(seed)
    form = make_form(rng, leaves_2021=leaves_2021, subtotals=subtotals)
    page_break = rng.choice((None, rng.randrange(2, len(form.rows))))
    for spaced in (False, True):
        assert _read(pdf_text(form, rng, spaced=spaced, page_break=page_break), "gb2021") == form.expected()


@pytest.mark.parametrize(("seed", "leaves_2021", "subtotals"), VARIANTS[::2])
def test_pdf_text_in_reading_order_gives_every_cell(seed, leaves_2021, subtotals):
    rng = random.Random(seed)
    form = make_form(rng, leaves_2021=leaves_2021, subtotals=subtotals)
    assert _read(reading_order_text(form, rng), "gb2021") == form.expected()


@pytest.mark.parametrize("seed", range(10))
def test_table_four_out_of_order_or_breaking_its_sums_is_not_read_from_reading_order(seed):
    rng = random.Random(seed)
    shuffled = make_form(rng, leaves_2021=True)
    broken = make_form(rng, leaves_2021=True, t4_sums_hold=False)
    for form, in_order in ((shuffled, False), (broken, True)):
        got = _read(reading_order_text(form, rng, t4_in_order=in_order), "gb2021")
        t4 = {k: v for k, v in got.items() if k[0] == "t4"}
        assert all(v is None for v in t4.values()), t4
    # printed on one line after a header, a table that breaks its sums is read as printed
    assert _read(pdf_text(broken, rng), "gb2021") == broken.expected()


@pytest.mark.parametrize("seed", range(16))
def test_pdf_text_with_a_lost_cell_or_a_stray_number_gives_no_wrong_cell(seed):
    rng = random.Random(seed)
    form = make_form(rng, leaves_2021=bool(seed % 2))
    text = pdf_text(form, rng, spaced=bool(seed % 3 == 0))
    start, end = text.index("一、本年新收"), text.index("四、政府信息公开行政复议")
    numbers = [i for i in range(start, end) if text[i].isdigit() and text[i - 1] in " \n" and text[i + 1] in " \n"]
    at = rng.choice(numbers)
    expected = form.expected()
    lost = text[:at] + text[at + 1:]  # a one-digit cell printed blank
    _no_wrong_cell(_read(lost, "gb2021"), expected)
    stray = text[:at] + f"{rng.randint(2, 9)}\n" + text[at:]  # a page number of its own
    _no_wrong_cell(_read(stray, "gb2021"), expected)


@pytest.mark.parametrize("seed", range(24))
def test_browser_copy_gives_only_cells_the_form_makes_certain(seed):
    rng = random.Random(seed)
    form = make_form(rng, leaves_2021=bool(seed % 2))
    text, expected = browser_text(form, rng, blank_share=rng.choice((0.3, 0.8, 1.0)))
    got = _read(text, "gb2021" if seed % 2 else "gb2019")
    _no_wrong_cell(got, expected)
    # a blank cell is never a number
    assert all(got.get(k) is None for k, v in expected.items() if v is None)
    # a page whose blank cells are empty ('<td></td>') leaves no trace of them at all: a run
    # of digits may then hold any number of blank columns, and nearly nothing is certain
    vanished = _read(text.replace("\u00a0", ""), "gb2021" if seed % 2 else "gb2019")
    _no_wrong_cell(vanished, expected)


def test_a_one_cell_sub_table_takes_its_number_wherever_the_label_stands():
    """pdftotext's reading order: the number before its label, or the label before the header."""
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n现行有效件数\n\n"
            "规章\n\n0\n\n0\n\n0\n\n行政规范性文件\n\n3\n\n0\n\n8\n\n"
            "第二十条第（五）项\n信息内容\n行政许可\n\n-2-\n\n本年处理决定数量\n9487\n\n"
            "第二十条第（六）项\n\n信息内容\n\n本年处理决定数量\n\n行政处罚\n\n2776\n\n行政强制\n\n84\n"
            "第二十条第（八）项\n信息内容\n\n本年收费金额（单位：万元）\n7730.28\n\n行政事业性收费\n\n"
            "三、收到和处理政府信息公开申请情况\n")
    got = _read(text, "gb2021")
    assert got[("t2", "license", "decisions")] == 9487
    assert got[("t2", "admin_fee", "amount_wan")] == 7730.28
    assert (got[("t2", "penalty", "decisions")], got[("t2", "coercion", "decisions")]) == (2776, 84)
    # two numbers under a one-cell caption: which one is the cell is unknown
    two = text.replace("9487", "9487\n\n12")
    assert _read(two, "gb2021").get(("t2", "license", "decisions")) is None


def test_browser_copy_reads_a_row_of_blanks_and_single_cells():
    rng = random.Random(3)
    form = make_form(rng, leaves_2021=False)
    text, expected = browser_text(form, rng, blank_share=1.0)
    got = _read(text, "gb2019")
    read = [k for k, v in expected.items() if v is not None and got.get(k) is not None]
    assert len(read) >= 0.5 * sum(v is not None for v in expected.values())
