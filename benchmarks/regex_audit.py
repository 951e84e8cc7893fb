"""`make regex-audit`: find patterns in extract/ whose time grows faster than the input.

    python benchmarks/regex_audit.py [--modules extract.ingest extract.decode ...] [--timeout 2] [--quick]

Every pattern of extract/ is found: compiled patterns held at module level (also inside lists,
tuples, dicts and small objects), patterns written inside functions (`re.search(r"...", s)`,
`re.match(f"[{C}]...", s)`: the argument evaluated in the module's namespace), and patterns
built at run time (label variants, escaped names: recorded while the bundled inbox is extracted).
Each is pumped: a short string repeated n times (generic ones, and strings each repeated part
of the pattern matches), then a suffix that makes the match fail late, with search and
fullmatch. Exponential backtracking shows between n = 12 and 28; polynomial between n = 1,000
and 8,000. Each probe runs in the guarded pool, so a pattern that never ends is stopped at the
time bound (and listed). Prints the patterns that are super-linear,
with the input that shows it, and exits with 1; prints nothing else but a count when all is
linear.

`--quick` runs the few-seconds screen that `tests/unit/test_regex_linear.py` runs in `make test`
(`quick_check`: every probe at one or two sizes, only suspects measured at several).
"""
from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import itertools
import pkgutil
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from re import _constants, _parser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUMPS = ["1", "12", "1 ", "1.", "1|", "1,", "政", "政府", "公开 ", " ", "\n", "a", "ab", "a.", "-", "(", "(一)",
         "一", "年", "1年", "&", "&a", "<p", "|", "、", "一、", "\t1", "0 ", "万元"]
SUFFIXES = ["", "x", "!", "\x00", "年度报告", "\n"]
SMALL = (12, 16, 20, 24, 28)
LARGE = (1000, 2000, 4000, 8000)
_RE_FUNCTIONS = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "finditer": 2, "findall": 2,
                 "split": 3, "sub": 4, "subn": 4}  # the position of each function's flags argument


def patterns_of(module_name: str) -> list[tuple[str, re.Pattern]]:
    """Compiled patterns held at module level (also inside containers and small objects)."""
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


def inline_patterns_of(module_name: str) -> list[tuple[str, re.Pattern]]:
    """Patterns written as arguments of re.<function>(...) anywhere in the module, whose
    pattern (and flags) can be evaluated from the module's globals (literals, f-strings of
    module constants); the others are built at run time (see `runtime_patterns`)."""
    module = importlib.import_module(module_name)
    found = []
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCTIONS and node.args):
            continue
        flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
        if flag_node is None and len(node.args) > _RE_FUNCTIONS[node.func.attr]:
            flag_node = node.args[_RE_FUNCTIONS[node.func.attr]]
        try:
            source = eval(compile(ast.Expression(node.args[0]), module_name, "eval"), vars(module))
            flags = eval(compile(ast.Expression(flag_node), module_name, "eval"), vars(module)) if flag_node else 0
        except Exception:  # a local variable: built at run time
            continue
        if isinstance(source, str | bytes):
            found.append((f"{module_name}:{node.lineno}", re.compile(source, flags)))
    return found


def runtime_patterns(run) -> list[tuple[str, re.Pattern]]:
    """Patterns compiled by code of extract/ while `run()` runs (label variants, escaped names)."""
    found: dict[tuple, str] = {}
    original = re._compile

    def recording(pattern, flags):
        compiled = original(pattern, flags)
        if isinstance(pattern, str | bytes):
            frame = sys._getframe(1)
            while frame is not None and frame.f_globals.get("__name__") in ("re", "functools"):
                frame = frame.f_back
            module = frame.f_globals.get("__name__", "") if frame is not None else ""
            if module.startswith("extract.") and (pattern, compiled.flags) not in found:
                found[(pattern, compiled.flags)] = f"{module}:{frame.f_lineno} (built at run time)"
        return compiled

    re._compile = recording
    try:
        run()
    finally:
        re._compile = original
    return [(name, re.compile(p, f)) for (p, f), name in found.items()]


def extract_modules() -> list[str]:
    import extract

    return [f"extract.{m.name}" for m in pkgutil.iter_modules(extract.__path__)]


def extract_inbox() -> None:
    """Extract every report of the bundled inbox (text and web pages; PDF are slow and hold no
    pattern their readers do not hold at module level)."""
    from extract.intake import read_input
    from extract.report import extract_source

    for path in sorted((ROOT / "warehouse" / "inbox").rglob("*")):
        if path.is_file():
            intake = read_input(path.read_bytes())
            if intake.status == "ok" and intake.format in ("text", "html"):
                extract_source(intake.format, intake.text, intake.content)


def every_pattern(modules: Iterable[str] | None = None, at_run_time: bool = True) -> list[tuple[str, re.Pattern]]:
    """Every distinct pattern of extract/ (by source and flags), named where it is written."""
    modules = list(modules or extract_modules())
    found = [p for m in modules for p in patterns_of(m) + inline_patterns_of(m)]
    if at_run_time:
        found += runtime_patterns(extract_inbox)
    unique: dict[tuple, tuple[str, re.Pattern]] = {}
    for name, pattern in found:
        unique.setdefault((pattern.pattern, pattern.flags), (name, pattern))
    return list(unique.values())


# --- the quick screen (make test) -----------------------------------------------------------------

def _seconds(fn, text, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - started)
    return best


def _text(pattern: re.Pattern, pump: str, n: int, suffix: str):
    text = pump * n + suffix
    return text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text


def _growing(fn, pattern, pump, suffix, sizes, stop_at: float, repeat: int) -> list[float]:
    """Times over growing sizes, stopping once a time passes stop_at (a runaway pattern)."""
    times = []
    for n in sizes:
        times.append(_seconds(fn, _text(pattern, pump, n, suffix), repeat))
        if times[-1] > stop_at:
            break
    return times


def _last_growths(times: list[float]) -> list[tuple[float, float]]:
    """The last two (before, after) pairs of consecutive times."""
    return list(itertools.pairwise(times))[-2:]


def _shown(pump: str, suffix: str, mode: str, sizes, times) -> str:
    return f"{pump!r} * n + {suffix!r} ({mode}): " + ", ".join(
        f"n={n}: {t * 1000:.1f} ms" for n, t in zip(sizes, times, strict=False))


def _suspect(large: float, small: float) -> bool:
    """Slow enough to measure at n = 2,000, and three times what n = 250 predicts linearly."""
    return large > 0.001 and large > 24 * small


_REPEATS = {_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT}


def _subpatterns(av):
    for x in av if isinstance(av, list | tuple) else (av,):
        if isinstance(x, _parser.SubPattern):
            yield x
        elif isinstance(x, list | tuple):
            yield from (y for y in x if isinstance(y, _parser.SubPattern))


def _holds(sub, ops) -> bool:
    return any(op in ops or any(_holds(s, ops) for s in _subpatterns(av)) for op, av in sub)


def _nested(sub) -> bool:
    """A repeat whose body holds a repeat or an alternation: the only shape that backtracks
    exponentially (the body can match the same text in several ways)."""
    for op, av in sub:
        if op in _REPEATS and av[1] > 1 and _holds(av[2], _REPEATS | {_constants.BRANCH}):
            return True
        if any(_nested(s) for s in _subpatterns(av)):
            return True
    return False


_CATEGORY_SAMPLE = {_constants.CATEGORY_DIGIT: "0", _constants.CATEGORY_SPACE: " ", _constants.CATEGORY_WORD: "a",
                    _constants.CATEGORY_NOT_DIGIT: "a", _constants.CATEGORY_NOT_SPACE: "a",
                    _constants.CATEGORY_NOT_WORD: " ", _constants.CATEGORY_LINEBREAK: "\n",
                    _constants.CATEGORY_NOT_LINEBREAK: "a"}


def _sample(sub) -> str:
    """A short string the subpattern matches (or nearly: look-arounds and negated sets are
    approximated), used as a pump made of the pattern's own pieces."""
    out = []
    for op, av in sub:
        if op == _constants.LITERAL:
            out.append(chr(av))
        elif op == _constants.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op == _constants.ANY:
            out.append("a")
        elif op == _constants.IN:
            first = av[0]
            if first[0] == _constants.NEGATE:
                out.append("a" if (_constants.LITERAL, ord("a")) not in av else "#")
            elif first[0] == _constants.LITERAL:
                out.append(chr(first[1]))
            elif first[0] == _constants.RANGE:
                out.append(chr(first[1][0]))
            elif first[0] == _constants.CATEGORY:
                out.append(_CATEGORY_SAMPLE.get(first[1], "a"))
        elif op in _REPEATS:
            out.append(_sample(av[2]) * min(av[1], max(av[0], 1)))
        elif op == _constants.SUBPATTERN:
            out.append(_sample(av[-1]))
        elif op == _constants.BRANCH:
            out.append(_sample(av[1][0]))
        elif op == _constants.ATOMIC_GROUP:
            out.append(_sample(av))
    return "".join(out)


def _repeated_bodies(sub):
    for op, av in sub:
        if op in _REPEATS and av[1] > 1:
            yield av[2]
        for s in _subpatterns(av):
            yield from _repeated_bodies(s)


def own_pumps(pattern: re.Pattern, limit: int = 6) -> list[str]:
    """Pumps made of the pattern's own pieces: a string each repeated part of it matches
    (`<!--a--> ` for a repeated comment, `,000` for repeated thousands groups)."""
    pumps = []
    for body in _repeated_bodies(_parser.parse(pattern.pattern, pattern.flags)):
        pump = _sample(body)
        if len(pump) > 1 and pump not in pumps and pump not in PUMPS:
            pumps.append(pump)
    return pumps[:limit]


def shape(pattern: re.Pattern) -> tuple[bool, bool]:
    """(unbounded, nested): whether a match can be any length (else each start of a search does
    bounded work, so a search is linear), and whether it can backtrack exponentially."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    return parsed.getwidth()[1] >= _constants.MAXREPEAT - 1, _nested(parsed)


def quick_check(pattern: re.Pattern) -> str | None:
    """None when the pattern is linear on every probe of the audit; else the probe and times
    that show it is not. Polynomial: search at n = 250 and 2,000 for every pump and suffix; a
    probe slower than 2 ms at n = 250, or slower than 1 ms and 24x the time of n = 250 at n =
    2,000, is measured again at 250 … 2,000 (least of three, stopped once a call takes 0.3 s) and
    is super-linear when each doubling costs more than 2.8x. Exponential: search and fullmatch at
    n = 8 … 24, stopped once a call takes 50 ms; super-linear when each 4 more characters cost 3x.
    Probes that cannot show anything are skipped: the polynomial ones on a pattern whose matches
    are of bounded length, the exponential ones on a pattern without a repeat around a repeat or
    an alternation (see `shape`)."""
    unbounded, nested = shape(pattern)
    for pump in PUMPS + own_pumps(pattern):
        for suffix in SUFFIXES:
            # exponential first: a pattern that is would not finish on the long inputs
            for mode in ("search", "fullmatch") if nested else ():
                fn = getattr(pattern, mode)
                sizes = (8, 12, 16, 20, 24)
                times = _growing(fn, pattern, pump, suffix, sizes, 0.05, 1)
                if times[-1] > 0.005 and all(b / max(a, 1e-6) > 3 for a, b in _last_growths(times)):
                    return _shown(pump, suffix, mode, sizes, times)
            if not unbounded:
                continue
            small = _seconds(pattern.search, _text(pattern, pump, 250, suffix), 3)
            if small > 0.002 or _suspect(_seconds(pattern.search, _text(pattern, pump, 2000, suffix)), small):
                sizes = (250, 500, 1000, 2000)
                times = _growing(pattern.search, pattern, pump, suffix, sizes, 0.3, 3)
                if len(times) >= 2 and all(b / max(a, 1e-5) > 2.8 for a, b in _last_growths(times)):
                    return _shown(pump, suffix, "search", sizes, times)
    return None


# --- the full audit (make regex-audit) --------------------------------------------------------------

def probe(items: list[tuple[str, str, int, str, str]]) -> list[tuple[float, ...]]:
    """Seconds per (pattern source, flags, mode, pump, suffix) over the sizes (worker side)."""
    out = []
    for source, flags, mode, pump, suffix in items:
        pattern = re.compile(source, flags)
        fn = getattr(pattern, mode.replace("_large", ""))
        times = []
        for n in (LARGE if mode.endswith("_large") else SMALL):
            text = _text(pattern, pump, n, suffix)
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


def quick(patterns: list[tuple[str, re.Pattern]]) -> int:
    started = time.perf_counter()
    slow = [(name, p, found) for name, p in patterns if (found := quick_check(p))]
    print(f"quick screen in {time.perf_counter() - started:.1f}s; super-linear patterns: {len(slow)}")
    for name, p, found in slow:
        print(f"\n{name}\n  pattern: {p.pattern[:160]!s}\n  input: {found}")
    return len(slow)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", nargs="*", default=None, help="default: every module of extract/")
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--quick", action="store_true", help="the few-seconds screen of make test")
    args = parser.parse_args()

    modules = args.modules or extract_modules()
    patterns = every_pattern(modules, at_run_time=args.modules is None)
    print(f"{len(patterns)} patterns in {len(modules)} modules", end="")
    if args.quick:
        print()
        sys.exit(1 if quick(patterns) else 0)
    from orchestration.workers import GuardedPool

    jobs, names = [], []
    for name, pattern in patterns:
        for pump in PUMPS + own_pumps(pattern):
            for suffix in SUFFIXES:
                for mode in ("search", "fullmatch", "search_large"):
                    jobs.append((pattern.pattern, pattern.flags, mode, pump, suffix))
                    names.append(name)
    print(f", {len(jobs):,} probes")
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
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
