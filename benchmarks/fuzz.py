"""`make fuzz`: mutated real reports through what a build does to one file, in the guarded pool.

    python benchmarks/fuzz.py [--inputs 3000] [--seed 1] [--timeout 5]

Hypothesis draws the mutations (byte flips, cuts, repeats, glued digits, flattened lines, spam,
image markers, other years, other encodings, NUL bytes, ...) over every real report of the
bundled inbox and ../shared/corpus. Each input is decoded, checked for several reports, and
extracted under the per-report guard; what the guard accepts is validated with the staging GE
suites (the blocking checks of a build). Prints inputs tried, reports/s, the slowest report,
outcomes by reason code, and the inputs that would stop a build (target: none). Inputs worth a
look (slowest, build stoppers) are written to warehouse/fuzz/.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = [ROOT / "warehouse" / "inbox", ROOT.parent / "shared" / "corpus"]
SPAM = ["澳门金沙娱乐城 真人百家乐 开户送彩金 www.js888.com", "体育投注 足球投注 官网注册送38元",
        "当前位置: 首页 > 政务公开 > 政府信息公开年报", "扫一扫在手机打开当前页 打印本页 关闭窗口"]


def real_reports() -> list[bytes]:
    out = []
    for root in CORPUS:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".txt", ".md") and path.is_file() and path.name not in ("README.md", "SCHEMA.md"):
                out.append(path.read_bytes())
    return out


# --- mutations: each takes the bytes and a seeded Random --------------------------------------------

def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def flip_bytes(data, rng):
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def cut(data, rng):
    a = rng.randrange(len(data) + 1)
    return data[:a] + data[min(len(data), a + rng.randint(1, 4000)):]


def truncate(data, rng):
    return data[: rng.randrange(len(data) + 1)]


def repeat(data, rng):
    return data * rng.randint(2, 12)


def duplicate_range(data, rng):
    a = rng.randrange(len(data) + 1)
    piece = data[a:a + rng.randint(1, 3000)]
    return data[:a] + piece * rng.randint(2, 6) + data[a:]


def glue_digits(data, rng):
    t = _text(data)
    a = rng.randrange(len(t) + 1)
    return (t[:a] + "".join(rng.choice("0123456789") for _ in range(rng.randint(10, 400)))
            + rng.choice(["", "x", "件", " ", "|", "万元"]) + t[a:]).encode()


def flatten(data, rng):
    return _text(data).replace("\n", rng.choice(["", " ", " | "])).encode()


def one_long_line(data, rng):
    return (_text(data).replace("\n", " ") * rng.randint(2, 20)).encode()


def spam(data, rng):
    lines = _text(data).split("\n")
    for _ in range(rng.randint(1, 12)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(SPAM))
    return "\n".join(lines).encode()


def image_marker(data, rng):
    t = _text(data)
    a = rng.randrange(len(t) + 1)
    junk = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 8)))
                    for _ in range(rng.randint(0, 30)))
    return (t[:a] + f"[image: {rng.randint(1, 999)}.jpg]" + rng.choice(["\n", " "]) + junk + t[a:]).encode()


def other_year(data, rng):
    year = str(rng.choice([1990, 2000, 2006, 2007, 2008, 2015, 2030, 2099, 9999]))
    return _text(data).replace(str(rng.choice(range(2008, 2026))), year).encode()


def reencode(data, rng):
    codec = rng.choice(["gb18030", "utf-16", "utf-16-le", "big5", "utf-8-sig"])
    return _text(data).encode(codec, errors="replace")


def nul_bytes(data, rng):
    b = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        b.insert(rng.randrange(len(b) + 1), 0)
    return bytes(b)


def random_unicode(data, rng):
    t = _text(data)
    a = rng.randrange(len(t) + 1)
    return (t[:a] + "".join(chr(rng.randint(0x20, 0x2FFFF)) for _ in range(rng.randint(1, 200))) + t[a:]).encode(
        "utf-8", errors="replace")


def splice(data, rng, other=b""):
    return data[: rng.randrange(len(data) + 1)] + other


MUTATIONS = [flip_bytes, cut, truncate, repeat, duplicate_range, glue_digits, flatten, one_long_line, spam,
             image_marker, other_year, reencode, nul_bytes, random_unicode]


def draw_inputs(n: int, seed: int, reports: list[bytes]) -> list[tuple[str, bytes]]:
    """n mutated inputs; hypothesis draws which report and which mutations with which seeds."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    plans = []

    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.integers(0, len(reports) - 1),
           st.lists(st.tuples(st.integers(0, len(MUTATIONS) - 1), st.integers(0, 2**32)), min_size=1, max_size=4))
    def collect(index, steps):
        plans.append((index, steps))

    collect()
    rng = random.Random(seed)
    rng.shuffle(plans)
    inputs = []
    for index, steps in plans[:n]:
        data, names = reports[index], [f"report#{index}"]
        for m, s in steps:
            data = MUTATIONS[m](data, random.Random(s ^ seed))
            names.append(MUTATIONS[m].__name__)
        inputs.append(("+".join(names), data))
    return inputs


# --- one chunk in a worker --------------------------------------------------------------------------

def fuzz_chunk(items: list[tuple[str, bytes]]) -> list[dict]:
    """What a build does to each input: the size limit, decoding, the several-reports check and
    the guarded extraction; accepted inputs come back with their staging frames."""
    from extract.decode import decode_report
    from extract.guard import extract_chunk
    from extract.ingest import DEFAULT_MAX_FILE_BYTES, not_one_report, report_id_of

    results = []
    for name, data in items:
        started = time.perf_counter()
        code, frames = "TOO_LARGE", None
        if len(data) <= DEFAULT_MAX_FILE_BYTES:
            decoded = decode_report(data)
            code = decoded.reason_code
            if decoded.status == "ok":
                problem = not_one_report(decoded.text)
                code = problem[0] if problem else None
                if code is None:
                    frames, failures = extract_chunk([(report_id_of(decoded.text), name, decoded.text)])
                    code = failures[0].code if failures else "ok"
        results.append({"name": name, "seconds": time.perf_counter() - started, "code": code,
                        "frames": frames if code == "ok" else None, "stops": None})
    return results


def stops(accepted: list[dict]) -> str | None:
    """Why the staging suites (a build's blocking checks) fail on these inputs' rows, or None."""
    import polars as pl

    from expectations.run import validate
    from expectations.suites import SUITES

    for table in ("reports", "table_cells", "narrative_facts"):
        frames = [r["frames"][table] for r in accepted if r["frames"][table] is not None]
        if not frames:
            continue
        frame = pl.concat(frames, how="vertical_relaxed")
        if table == "reports":
            frame = frame.drop("clean_text")
        if table == "table_cells":
            frame = frame.with_columns(is_signed=pl.col("col_code").eq("items_change").fill_null(False))
        validation = validate(frame, SUITES[f"staging.{table}"]())
        if not validation.success:
            return "; ".join(f"staging.{table}: {o.expectation}({o.column})" for o in validation.failed)
    return None


def find_stoppers(accepted: list[dict]) -> None:
    """Validate a batch at once; when it fails, halve it until each guilty input is found."""
    why = stops(accepted)
    if why is None:
        return
    if len(accepted) == 1:
        accepted[0]["stops"] = why
        return
    half = len(accepted) // 2
    find_stoppers(accepted[:half])
    find_stoppers(accepted[half:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5.0, help="per-report time bound (s)")
    args = parser.parse_args()

    from orchestration.workers import GuardedPool

    reports = real_reports()
    inputs = draw_inputs(args.inputs, args.seed, reports)
    print(f"{len(inputs):,} inputs from {len(reports)} real reports, {len(MUTATIONS)} kinds of mutation")
    out_dir = ROOT / "warehouse" / "fuzz"
    out_dir.mkdir(parents=True, exist_ok=True)
    by_name = dict(inputs)
    results: list[dict] = []
    started = time.perf_counter()
    batch: list[dict] = []
    with GuardedPool(timeout_s=args.timeout, preload=["extract.guard"]) as pool:
        def on_failure(item, failure):
            return [{"name": item[0], "seconds": args.timeout, "code": failure.code, "frames": None, "stops": None}]

        for _, chunk_results in pool.map_chunks(fuzz_chunk, inputs, chunk_size=16, single_failure=on_failure):
            results += chunk_results
            batch += [r for r in chunk_results if r["frames"]]
            if len(batch) >= 2000:
                find_stoppers(batch)
                for r in batch:
                    r["frames"] = None
                batch = []
    find_stoppers(batch) if batch else None
    wall = time.perf_counter() - started
    codes = Counter(r["code"] for r in results)
    slowest = max(results, key=lambda r: r["seconds"])
    stoppers = [r for r in results if r["stops"]]
    print(f"inputs tried: {len(results):,} in {wall:.1f}s = {len(results) / wall:,.0f} reports/s "
          f"({pool.workers} workers; decoding, extraction and the staging suites included)")
    print(f"slowest report: {slowest['seconds']:.2f}s ({slowest['code']}) {slowest['name']}")
    over = sorted((r for r in results if r["seconds"] >= 1.0), key=lambda r: -r["seconds"])
    print(f"reports over 1 s: {len(over)}" + "".join(f"\n  {r['seconds']:.2f}s {r['code']} {r['name']}" for r in over[:10]))
    print("outcomes: " + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    print(f"builds a single input could stop: {len(stoppers)}")
    for r in stoppers[:20]:
        print(f"  {r['name']}: {r['stops']}")
    for i, r in enumerate([slowest, *stoppers[:20]]):
        (out_dir / f"{'slowest' if i == 0 else f'stops_{i}'}.bin").write_bytes(by_name[r["name"]])


if __name__ == "__main__":
    main()
