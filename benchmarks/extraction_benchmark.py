"""Extraction speed and memory, printed (not asserted): over the bundled inbox, and over N
synthetic variants of it made by the mutations real reports suffer on the way to the web.

    python benchmarks/extraction_benchmark.py [--variants 10000] [--seed 7]

One process, one core: extraction is pure Python (no Dagster, no DuckDB, no dbt in the loop).
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.intake import read_input  # noqa: E402
from extract.report import extract_report, extract_source  # noqa: E402

INBOX = ROOT / "warehouse" / "inbox"
_DIGITS = re.compile(r"\d+")


def inbox_inputs():
    """Every readable file of the inbox as ingested (format, decoded text or bytes)."""
    return [intake for path in sorted(INBOX.rglob("*")) if path.is_file()
            and (intake := read_input(path.read_bytes())).status == "ok"]


def inbox_texts() -> list[str]:
    return [intake.text for intake in inbox_inputs() if intake.format == "text"]


def per_format(repeat: int) -> None:
    """Reports/s for each format, reading included (HTML parsing, PDF layout, DOCX XML)."""
    from extract.formats import DOCX

    inputs = inbox_inputs()
    docx = _docx_inputs(inputs)
    for fmt in ("text", "html", "pdf", DOCX):
        items = docx if fmt == DOCX else [i for i in inputs if i.format == fmt]
        if not items:
            print(f"format {fmt}: no file in the inbox")
            continue
        runs = max(1, repeat // (10 if fmt in ("pdf", DOCX) else 1))
        started = time.perf_counter()
        for _ in range(runs):
            for item in items:
                extract_source(item.format, item.text, item.content)
        elapsed = time.perf_counter() - started
        n = runs * len(items)
        print(f"format {fmt}: {n} reports in {elapsed:.2f}s = {n / elapsed:,.1f} reports/s (one core)")


def _docx_inputs(inputs):
    """Word documents written with python-docx from the inbox's web pages (tables as Word tables)."""
    import io

    import docx

    from extract.document import Paragraph
    from extract.intake import Intake
    from extract.report import read_document

    out = []
    for page in (i for i in inputs if i.format == "html"):
        doc, word = read_document("html", page.text), docx.Document()
        for block in doc.blocks:
            if isinstance(block, Paragraph):
                word.add_paragraph(block.text)
                continue
            table = word.add_table(rows=block.n_rows, cols=block.n_cols)
            for c in block.cells:
                table.cell(c.row, c.col).text = c.text
        buffer = io.BytesIO()
        word.save(buffer)
        out.append(Intake("docx", None, buffer.getvalue(), None, "ok", None))
    return out


def _flatten_lines(text: str, rng: random.Random) -> str:
    return text.replace("\n", rng.choice(["", " ", " | "]))


def _renumber(text: str, rng: random.Random) -> str:
    return _DIGITS.sub(lambda m: str(rng.randint(0, 10 ** min(len(m.group()), 4))) if rng.random() < 0.3 else m.group(), text)


def _cut(text: str, rng: random.Random) -> str:
    return text[: max(200, int(len(text) * rng.uniform(0.3, 1.0)))]


def _full_width(text: str, rng: random.Random) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789()|:,"})


def _noise(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(
            ["\u200b\u00a0", "当前位置: 首页 > 政务公开", "打印本页 关闭窗口", "■ ■ ■"]))
    return "\n".join(lines)


MUTATIONS = (_flatten_lines, _renumber, _cut, _full_width, _noise)


def variants(texts: list[str], n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        text = rng.choice(texts)
        for mutate in rng.sample(MUTATIONS, rng.randint(1, 3)):
            text = mutate(text, rng)
        yield text


def timed(texts, label: str) -> None:
    count = chars = 0
    started = time.perf_counter()
    for text in texts:
        extract_report(text)
        count += 1
        chars += len(text)
    elapsed = time.perf_counter() - started
    print(f"{label}: {count} reports, {chars / 1e6:.1f} M chars in {elapsed:.2f}s = "
          f"{count / elapsed:,.0f} reports/s ({chars / elapsed / 1e6:.2f} M chars/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the inbox (it is small)")
    args = parser.parse_args()

    texts = inbox_texts()
    extract_report(texts[0])  # warm-up: imports, compiled patterns, converters
    timed((t for _ in range(args.repeat) for t in texts), f"inbox x{args.repeat}")
    timed(variants(texts, args.variants, args.seed), f"synthetic variants (N={args.variants})")
    per_format(args.repeat)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
