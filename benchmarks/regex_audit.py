"""`make regex-audit`: find patterns in extract/ whose time grows faster than the input.

    python benchmarks/regex_audit.py [--modules extract.ingest extract.decode ...] [--timeout 2]

Every compiled pattern held at module level (also inside lists, tuples, dicts and small objects)
is pumped: a short string repeated n times, then a suffix that makes the match fail late, with
search, match and fullmatch. Exponential backtracking shows between n = 12 and 28; polynomial
between n = 1,000 and 8,000. Each probe runs in the guarded pool, so a pattern that never ends
is stopped at the time bound (and listed). Prints the patterns that are super-linear, with the
input that shows it; prints nothing else but a count when all is linear.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUMPS = ["1", "12", "1 ", "1.", "1|", "1,", "政", "政府", "公开 ", " ", "\n", "a", "ab", "a.", "-", "(", "(一)",
         "一", "年", "1年", "&", "&a", "<p", "|", "、", "一、", "\t1", "0 ", "万元"]
SUFFIXES = ["", "x", "!", "\x00", "年度报告", "\n"]
SMALL = (12, 16, 20, 24, 28)
LARGE = (1000, 2000, 4000, 8000)


def patterns_of(module_name: str) -> list[tuple[str, re.Pattern]]:
    module = importlib.import_module(module_name)
    found, seen = [], set()

    def visit(name: str, value, depth: int):
        if id(value) in seen or depth > 3:
            return
        seen.add(id(value))
        if isinstance(value, re.Pattern):
            found.append((f"{module_name}.{name}", value))
        elif isinstance(value, dict):
            for k, v in value.items():
                visit(f"{name}[{k!r}]", v, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for i, v in enumerate(value):
                visit(f"{name}[{i}]", v, depth + 1)
        elif hasattr(value, "__dict__") and type(value).__module__ == module_name and not isinstance(value, type):
            for k, v in vars(value).items():
                visit(f"{name}.{k}", v, depth + 1)
        elif hasattr(value, "_fields"):  # namedtuples
            for k in value._fields:
                visit(f"{name}.{k}", getattr(value, k), depth + 1)

    for name, value in vars(module).items():
        if not name.startswith("__"):
            visit(name, value, 0)
    return found


def probe(items: list[tuple[str, str, int, str, str]]) -> list[tuple[float, ...]]:
    """Seconds per (pattern source, flags, mode, pump, suffix) over the sizes (worker side)."""
    out = []
    for source, flags, mode, pump, suffix in items:
        pattern = re.compile(source, flags)
        fn = getattr(pattern, mode.replace("_large", ""))
        times = []
        for n in (LARGE if mode.endswith("_large") else SMALL):
            text = pump * n + suffix
            if isinstance(source, bytes):
                text = text.encode("utf-8")
            best = float("inf")
            for _ in range(3):  # the least of three: the machine is shared
                started = time.perf_counter()
                fn(text)
                best = min(best, time.perf_counter() - started)
                if best > 0.2:
                    break
            times.append(best)
        out.append(tuple(times))
    return out


def super_linear(times: tuple[float, ...], sizes: tuple[int, ...]) -> bool:
    """Time grows faster than the input: more than 2.5x per doubling (or per +4 for small n), on
    times large enough to measure."""
    if times[-1] < 0.02:
        return False
    growths = [times[i] / max(times[i - 1], 1e-5) for i in (-1, -2)]
    if sizes is LARGE:  # linear doubles per doubling, quadratic quadruples
        return all(g > 2.8 for g in growths)
    return all(g > 3 for g in growths)  # exponential: several times per 4 more characters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", nargs="*", default=None, help="default: every module of extract/")
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args()
    import extract

    modules = args.modules or [f"extract.{m.name}" for m in pkgutil.iter_modules(extract.__path__)]
    from orchestration.workers import GuardedPool

    jobs, names = [], []
    for module in modules:
        for name, pattern in patterns_of(module):
            for pump in PUMPS:
                for suffix in SUFFIXES:
                    for mode in ("search", "fullmatch", "search_large"):
                        jobs.append((pattern.pattern, pattern.flags, mode, pump, suffix))
                        names.append(name)
    print(f"{len(set(names))} patterns in {len(modules)} modules, {len(jobs):,} probes")
    started = time.perf_counter()
    slow: dict[str, tuple] = {}
    with GuardedPool(timeout_s=args.timeout) as pool:
        index = 0

        def failed(item, failure):
            if failure.code != "TIMEOUT":
                raise RuntimeError(f"probe failed: {failure.reason}")
            return [("stuck",)]

        for chunk, result in pool.map_chunks(probe, jobs, chunk_size=64, single_failure=failed):
            for job, times in zip(chunk, result, strict=True):
                name = names[index]
                index += 1
                sizes = LARGE if job[2] == "search_large" else SMALL
                if times == ("stuck",) or super_linear(times, sizes):
                    if name not in slow or times == ("stuck",):
                        slow[name] = (job, times, sizes)
    print(f"probed in {time.perf_counter() - started:.0f}s; super-linear patterns: {len(slow)}")
    for name, (job, times, sizes) in sorted(slow.items()):
        source, _, mode, pump, suffix = job
        shown = "did not finish within the time bound" if times == ("stuck",) else ", ".join(
            f"n={n}: {t * 1000:.1f} ms" for n, t in zip(sizes, times, strict=True))
        print(f"\n{name}\n  pattern: {source[:160]}{'...' if len(source) > 160 else ''}\n"
              f"  input: {pump!r} * n + {suffix!r} ({mode.replace('_large', '')}): {shown}")


if __name__ == "__main__":
    main()
