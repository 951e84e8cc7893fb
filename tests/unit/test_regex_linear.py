"""No pattern in extract/ backtracks super-linearly on the regex audit's probes (the guard that
keeps one from coming back: `make regex-audit` is the long version)."""
from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import regex_audit


def test_every_pattern_of_extract_is_linear_on_the_audit_probes():
    # in a process of its own, with a time bound: a pattern that backtracks without end cannot
    # be interrupted inside the regex engine
    try:
        run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "regex_audit.py"), "--quick"],
                             capture_output=True, text=True, timeout=240, cwd=ROOT)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"the regex audit did not finish: a pattern backtracks without bound\n{e.stdout}") from e
    assert run.returncode == 0, run.stdout + run.stderr
    assert "super-linear patterns: 0" in run.stdout


def test_the_audit_finds_every_pattern_kind():
    names = {name.split(":")[0].split(".")[1] for name, _ in regex_audit.every_pattern()}
    found = regex_audit.every_pattern(["extract.tables"], at_run_time=False)
    assert {"header", "narrative", "tables", "legacy", "sections", "normalise", "formats"} <= names
    assert any(":" in name for name, _ in found)  # written inside a function: re.compile(r"...")


def test_the_screen_flags_quadratic_and_exponential_patterns():
    quadratic = re.compile(r"(成文|发文)?\s*$")  # white space retried at every position of a search
    glued_numbers = re.compile(r"[\d一]+(?:,\d{3})*\s*(?:余|多)?\s*[条件]")  # every digit of a run tried as a start
    comments = re.compile(rb"\A(?:<!--.{0,2000}?-->\s*)*<html>", re.S)  # ways to cut a stretch of comments
    for pattern in (quadratic, glued_numbers, comments):
        assert regex_audit.quick_check(pattern), pattern.pattern
    assert regex_audit.quick_check(re.compile(r"(?<!\s)\s*+(成文|发文)")) is None
