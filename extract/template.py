"""Template and form version from the labels present (stub)."""
from __future__ import annotations


def detect_template(text: str) -> tuple[str, str | None]:
    """(template, form_version)."""
    if "本年制发件数" in text or "本年处理决定数量" in text:
        return "form_2021", "gb2021"
    if "本年新制作数量" in text or "上一年项目数量" in text:
        return "form_2019", "gb2019"
    if "统计指标" in text or "指标名称" in text:
        return "legacy_table", "legacy_other"
    return "narrative", None
