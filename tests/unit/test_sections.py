"""split_sections(): the six national sections, legacy headings, one-line reports."""
from __future__ import annotations

import pytest

from extract.header import read_header
from extract.normalise import normalise
from extract.sections import split_sections
from tests.conftest import INBOX, load_labels

LABELS = load_labels()
NATIONAL = ["s1", "s2", "s3", "s4", "s5", "s6"]


def _sections(path):
    clean = normalise(path.read_text(encoding="utf-8"))[0]
    template = read_header(clean).template
    return clean, split_sections(clean, template)


@pytest.mark.parametrize("label", LABELS, ids=[lab["id"] for lab in LABELS])
def test_sections_tile_the_text(label):
    clean, secs = _sections(label["path"])
    keys = [s.key for s in secs]
    assert len(keys) == len(set(keys))
    for a, b in zip(secs, secs[1:], strict=False):
        assert a.start < b.start and a.end == b.start
    if secs:
        assert secs[-1].end == len(clean)
        for s in secs:
            assert clean[s.start:s.end].startswith(s.heading)


def test_complete_national_form_reports_have_all_six_sections_in_order():
    complete = [lab for lab in LABELS if lab["template"] in ("gazette_2019", "gazette_2021")
                and lab["id"][:2] in ("20", "00")]  # the complete (non-excerpt) national-form reports
    assert len(complete) >= 7
    for lab in complete:
        _, secs = _sections(lab["path"])
        assert [s.key for s in secs] == NATIONAL, lab["id"]
        assert [s.number for s in secs] == [1, 2, 3, 4, 5, 6], lab["id"]


def test_one_line_report():
    clean, secs = _sections(INBOX / "pingtan" / "2021_pingtan_zone.txt")
    body_start = clean.index("正文")
    assert "\n" not in clean[body_start + 30:]
    by_key = {s.key: s for s in secs}
    assert list(by_key) == NATIONAL
    assert "其他需要报告的事项" in by_key["s6"].heading
    assert "收到和处理政府信息公开申请" in by_key["s3"].heading
    # the 四、 of table 3 (结转下年度继续办理) is not section 4
    assert "行政复议" in by_key["s4"].heading


def test_table_rows_are_not_headings():
    text = ("一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理 0 0 0\n"
            "四、政府信息公开行政复议、行政诉讼情况\n表。\n五、存在的主要问题及改进情况\n…\n六、其他需要报告的事项\n无。")
    secs = split_sections(text, "form_2021")
    s4 = next(s for s in secs if s.key == "s4")
    assert s4.heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert [s.key for s in secs] == ["s1", "s3", "s4", "s5", "s6"]


def test_legacy_headings_use_named_keys():
    lab = next(lab for lab in LABELS if lab["id"].startswith("002_"))
    _, secs = _sections(lab["path"])
    keys = [s.key for s in secs]
    assert keys[:6] == ["overview", "published", "applications", "fees", "proceedings", "problems"]


def test_renumbered_and_unnumbered_headings():
    text = "引 言\n本年报…\n一、概述\n…\n三、主动公开政府信息情况\n…\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n…"
    secs = split_sections(text, "narrative")
    assert [(s.key, s.number) for s in secs] == [("overview", 1), ("published", 3), ("proceedings", 5)]
    secs = split_sections("总体情况\n正文…\n主动公开政府信息情况\n正文…\n其他需要报告的事项\n无。", "form_2019")
    assert [(s.key, s.number) for s in secs] == [("s1", None), ("s2", None), ("s6", None)]
