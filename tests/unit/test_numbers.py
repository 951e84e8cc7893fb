"""Table cells as printed and isolated Chinese numerals."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.model import EMPTY, NA, NUMERIC, TEXT, ZERO
from extract.numbers import chinese_to_int, parse_cell, to_wan


@pytest.mark.parametrize("raw, expected", [
    ("", (None, EMPTY, None)),
    ("   ", (None, EMPTY, None)),
    ("/", (None, NA, None)),
    ("／", (None, NA, None)),
    ("——", (None, NA, None)),
    ("0", (0.0, ZERO, None)),
    ("23", (23.0, NUMERIC, None)),
    ("+1036", (1036.0, NUMERIC, None)),        # 本年增/减 is signed
    ("-185", (-185.0, NUMERIC, None)),
    ("251000元", (251000.0, NUMERIC, "元")),    # 采购总金额 with its unit in the cell
    ("160.5964万元", (160.5964, NUMERIC, "万元")),
    ("1,234", (1234.0, NUMERIC, None)),
    ("4 人次", (4.0, NUMERIC, "人次")),
    ("见附件", (None, TEXT, None)),
])
def test_parse_cell(raw, expected):
    assert parse_cell(raw) == expected


def test_blank_is_never_zero():
    assert parse_cell("")[0] is None and parse_cell("/")[0] is None


@pytest.mark.parametrize("text, expected", [
    ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("〇", 0), ("零", 0),
])
def test_chinese_numerals(text, expected):
    assert chinese_to_int(text) == expected


@pytest.mark.parametrize("text", ["一起", "第三", "", "12", "十二件"])
def test_words_holding_a_numeral_are_not_numerals(text):
    assert chinese_to_int(text) is None


def test_to_wan():
    assert to_wan(251000, "元") == 25.1
    assert to_wan(160.5964, "万元") == 160.5964
    assert to_wan(3, None) == 3


@given(st.text(max_size=12))
def test_parse_cell_never_crashes_and_keeps_blank_apart_from_zero(raw):
    value, semantic, _ = parse_cell(raw)
    assert (value is None) == (semantic in (EMPTY, NA, TEXT))
    if semantic == ZERO:
        assert value == 0


@given(st.text(alphabet="零〇○一二两三四五六七八九十百千万起第件", max_size=6))
def test_chinese_to_int_never_crashes_nor_goes_negative(text):
    value = chinese_to_int(text)
    assert value is None or value >= 0
