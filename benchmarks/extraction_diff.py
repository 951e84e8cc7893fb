"""Behaviour preservation of extraction: every header field, section, cell and fact of a set of
inputs, written to a snapshot, and two snapshots compared (a refactoring of the parsers must
show zero differences).

    python benchmarks/extraction_diff.py snapshot OUT.jsonl.gz [--variants 10000] [--fuzz 3000]
    python benchmarks/extraction_diff.py compare BEFORE.jsonl.gz AFTER.jsonl.gz

The inputs: every file under warehouse/inbox, tests/fixtures/flattened, tests/fixtures/pingtan_html
and ../shared/corpus (read as a build reads them: text, HTML, PDF by their structure), Word
documents made from the web pages, the synthetic variants of `extraction_benchmark.py` and the
mutated reports of `fuzz.py` (same seeds, so both snapshots see the same inputs).
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FOLDERS = [ROOT / "warehouse" / "inbox", ROOT / "tests" / "fixtures" / "flattened",
           ROOT / "tests" / "fixtures" / "pingtan_html", ROOT.parent / "shared" / "corpus"]


def corpus_files() -> list[Path]:
    return [p for folder in FOLDERS for p in sorted(folder.rglob("*")) if p.is_file()]


def record(ex) -> dict:
    """Everything extraction returns, as plain JSON values (the clean text by its hash)."""
    out = dataclasses.asdict(ex)
    out["clean_text"] = hashlib.sha256(ex.clean_text.encode("utf-8")).hexdigest()
    return out


def inputs(n_variants: int, n_fuzz: int):
    """(name, format, text, content) of every input, in a fixed order."""
    from extraction_benchmark import _docx_inputs, inbox_inputs, inbox_texts, variants

    from extract.intake import read_input

    for path in corpus_files():
        intake = read_input(path.read_bytes())
        if intake.status == "ok":
            name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.relative_to(ROOT.parent)
            yield str(name), intake.format, intake.text, intake.content
    for i, item in enumerate(_docx_inputs(inbox_inputs())):
        yield f"docx#{i}", item.format, item.text, item.content
    for i, text in enumerate(variants(inbox_texts(), n_variants, 7)):
        yield f"variant#{i}", "text", text, None
    if n_fuzz:
        from fuzz import draw_inputs, real_reports

        from extract.decode import decode_report
        for name, data in draw_inputs(n_fuzz, 1, real_reports()):
            if len(data) > 300_000:
                continue  # repeated reports: slow before the fix, and nothing a short one lacks
            decoded = decode_report(data)
            if decoded.status == "ok":
                yield f"fuzz:{name}", "text", decoded.text, None


def snapshot(out: Path, n_variants: int, n_fuzz: int) -> None:
    from extract.report import extract_source

    started, count = time.perf_counter(), 0
    with gzip.open(out, "wt", encoding="utf-8") as f:
        for name, fmt, text, content in inputs(n_variants, n_fuzz):
            try:
                rec = record(extract_source(fmt, text, content))
            except Exception as e:  # a failure is behaviour too
                rec = {"error": f"{type(e).__name__}: {e}"}
            f.write(json.dumps({"input": name, **rec}, ensure_ascii=False, default=str, sort_keys=True) + "\n")
            count += 1
    print(f"{count} inputs extracted in {time.perf_counter() - started:.0f}s -> {out}")


def _load(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _diff(a, b, where: str, out: list[str]) -> None:
    if type(a) is not type(b) or (not isinstance(a, dict | list) and a != b):
        out.append(f"{where}: {a!r} -> {b!r}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            _diff(a.get(k), b.get(k), f"{where}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items -> {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, f"{where}[{i}]", out)


def compare(before: Path, after: Path) -> int:
    a, b = _load(before), _load(after)
    if [r["input"] for r in a] != [r["input"] for r in b]:
        print("the two snapshots were taken over different inputs")
        return 2
    differing = 0
    for x, y in zip(a, b, strict=True):
        out: list[str] = []
        _diff(x, y, "", out)
        if out:
            differing += 1
            if differing <= 20:
                print(f"{x['input']}:\n  " + "\n  ".join(out[:10]))
    n_cells = sum(len(r.get("cells", [])) for r in a)
    n_facts = sum(len(r.get("facts", [])) for r in a)
    print(f"{len(a)} inputs ({n_cells:,} cells, {n_facts:,} facts): {differing} with a difference")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("out", type=Path)
    s.add_argument("--variants", type=int, default=10_000)
    s.add_argument("--fuzz", type=int, default=3000)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.out, args.variants, args.fuzz)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
