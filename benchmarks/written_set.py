"""Score the written evaluation set (tests/fixtures/written/, written not collected) per half.

    python benchmarks/written_set.py [--half dev|heldout|all] [--show-errors]

Errors are listed for the dev half only: the held-out half is a check scored at the end, never
a target to read while changing rules.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.intake import read_input  # noqa: E402
from extract.report import extract_report  # noqa: E402
from tests.support.summary import Score, summary  # noqa: E402

WRITTEN = ROOT / "tests" / "fixtures" / "written"


def load(half: str) -> list[dict]:
    labels = [json.loads(line) for line in (WRITTEN / "labels.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    return [label for label in labels if half == "all" or label["split"] == half]


def score(half: str) -> Score:
    result = Score()
    for label in load(half):
        text = read_input((WRITTEN / f"{label['id']}.txt").read_bytes()).text
        result.add(label, summary(extract_report(text)))
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", choices=("dev", "heldout", "all"), default=None)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    halves = [args.half] if args.half else ["dev", "heldout"]
    for half in halves:
        result = score(half)
        print(f"== {half} ({len(load(half))} texts)")
        print(result.table())
        if args.show_errors and half == "dev":
            for error in result.errors:
                print("ERROR", *error, sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
