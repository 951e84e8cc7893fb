"""Metamorphic name run: labelled real reports with their township and county replaced by other
real pairs of the division list (see tests/support/metamorphic.py); prints the failure rate per
class of names, per style of writing, and per kind of failure.

    python benchmarks/metamorphic_names.py [--draws 5000] [--seed 11] [--show 0] [--json FILE]

A draw fails when unit_name, unit_type or county does not follow the substitution (county:
the new county's full or short name, or None when the style removed it from the text).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.divisions import load_divisions  # noqa: E402
from extract.header import read_header  # noqa: E402
from extract.intake import read_input  # noqa: E402
from extract.normalise import normalise  # noqa: E402
from tests.conftest import load_labels  # noqa: E402
from tests.support.metamorphic import NameClasses, draws, seeds_from_labels  # noqa: E402


def failure_kinds(draw, header) -> list[str]:
    kinds = []
    if header.unit_name != draw.township:
        if header.unit_name is None:
            kinds.append("unit missed")
        elif header.unit_name.endswith(draw.township) or draw.township.endswith(header.unit_name):
            kinds.append("unit cut or glued")
        else:
            kinds.append("unit another name")
    elif header.unit_type != draw.unit_type:
        kinds.append("unit type")
    if draw.county is None:
        if header.county is not None:
            kinds.append("county invented")
    elif header.county != draw.county and header.county not in draw.county_spellings:
        kinds.append("county missed" if header.county is None else "county wrong")
    return kinds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--draws", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--show", type=int, default=0, help="print this many failures per class")
    ap.add_argument("--json", help="write every failure to this file")
    args = ap.parse_args()

    seeds = seeds_from_labels(load_labels(), lambda label: read_input(label["path"].read_bytes()).text)
    corpus = "\n".join(s.text for s in seeds)
    classes = NameClasses(load_divisions(), corpus).classes()
    total, failed, kinds = Counter(), Counter(), Counter()
    failures = []
    started = time.perf_counter()
    n = 0
    for draw in draws(seeds, args.draws, seed=args.seed, corpus_text=corpus, classes=classes):
        n += 1
        header = read_header(normalise(draw.text)[0])
        found = failure_kinds(draw, header)
        for key in (f"class {draw.name_class}", f"style {draw.style}"):
            total[key] += 1
            failed[key] += bool(found)
        kinds.update(found)
        if found:
            failures.append({"seed": draw.seed_id, "class": draw.name_class, "style": draw.style,
                             "township": draw.township, "county": draw.county, "kinds": found,
                             "got": [header.unit_name, header.unit_type, header.county]})
    elapsed = time.perf_counter() - started

    print(f"{n} draws over {len(seeds)} labelled reports in {elapsed:.1f}s "
          f"({n / elapsed:,.0f} headers/s, one core)")
    print(f"{'':34} {'failed':>7} {'draws':>6} {'rate':>7}")
    for key in sorted(total):
        print(f"{key:34} {failed[key]:7} {total[key]:6} {failed[key] / total[key]:7.1%}")
    print("kinds of failure:", ", ".join(f"{k} {v}" for k, v in kinds.most_common()) or "none")
    print(f"draws failed: {len(failures)}/{n} = {len(failures) / max(n, 1):.2%}")
    if args.show:
        shown = Counter()
        for f in failures:
            if shown[f["class"]] < args.show:
                shown[f["class"]] += 1
                print("FAIL", f["class"], f["style"], f["seed"], f["township"], f["county"], "->", *f["got"])
    if args.json:
        Path(args.json).write_text(json.dumps(failures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
