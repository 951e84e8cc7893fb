"""Numbers as printed: table cells (with units, signs, blanks, '/') and Chinese numerals."""
from __future__ import annotations

import re

import cn2an

from extract.model import EMPTY, NA, NUMERIC, TEXT, ZERO

# (white space around an optional part written so that it cannot be split two ways: quadratic)
_CELL = re.compile(r"^\s*+([+\-−－]?)\s*+(\d+(?:\.\d+)?)\s*(?:(万元|元|条|件|次|个|人次|人|篇|%)\s*)?$")
_NA_MARKS = {"/", "／", "-", "—", "--", "——", "无", "\\", "×"}
CN_DIGITS = "零〇○一二两三四五六七八九十百千万"
_CN_NUMERAL = re.compile(f"[{CN_DIGITS}]+")


def parse_cell(raw: str) -> tuple[float | None, str, str | None]:
    """(value, semantic, unit) of one table cell's text.

    A blank cell is EMPTY and a dash or slash is NA: both have value None, never 0.
    """
    text = raw.strip().replace(",", "").replace("，", "")
    if not text:
        return None, EMPTY, None
    if text in _NA_MARKS:
        return None, NA, None
    m = _CELL.match(text)
    if not m:
        return None, TEXT, None
    sign, digits, unit = m.groups()
    value = float(digits)
    if sign in ("-", "−", "－"):
        value = -value
    return value, (ZERO if value == 0 else NUMERIC), unit


def chinese_to_int(text: str) -> int | None:
    """An isolated Chinese numeral ('十二', '两', '一百零五') as an int; None when it is not one.

    cn2an raises on words that merely contain a numeral (一起, 第三), so callers pass the
    numeral alone.
    """
    if not text or not _CN_NUMERAL.fullmatch(text):
        return None
    text = text.replace("两", "二").replace("〇", "零").replace("○", "零")
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() and value >= 0 else None


def to_wan(value: float, unit: str | None) -> float:
    """An amount in 万元 (the conformed unit for money)."""
    return value / 10000 if unit == "元" else value
