"""`make benchmark-scale N=100000`: `ogi build` on a synthetic collection of N report files, beside
the physical floor for the same files measured in the same run. Prints figures; asserts nothing.

    python benchmarks/scale.py --files 10000 [--dir warehouse/bench] [--seed 7] [--keep]

1. Generate N files from the bundled reports in nested province/county/year folders, each with
   distinct content (numbers renumbered, a contact line of its own, some in GB18030 or UTF-16,
   a few bad files as real folders have), or reuse the collection of an earlier run.
2. The floor: read + decode + hash every file, Polars frames, DuckDB inserts; no extraction.
   Then extraction alone on 600 of the files, in one process and in two at once: what this
   machine's cores give to extraction, which the build's extraction rate is read against.
3. `ogi build` (a fresh warehouse): wall time, per-stage times, files/s, peak RSS (the build's
   own process, and the sum over its process tree: workers and dbt), peak PSS of the tree (shared
   pages counted once) with its split by process at that moment, ratio to the floor.
4. A second `ogi build` with nothing changed, and a third after adding one new file.
5. The fixed start-up cost these two are held to: the bundled reports built into a warehouse of
   their own, then one new file added and built (the same kind of file as in 4); each is printed
   beside its target (start-up + 5 s).
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INBOX = ROOT / "warehouse" / "inbox"
PROVINCES = ["福建省", "江苏省", "浙江省", "河南省", "四川省", "湖南省", "广东省", "山东省", "云南省", "甘肃省"]
_NUMBER = re.compile(r"(?<![\d年])\d{1,4}(?![\d年月日])")


def sources() -> list[tuple[str, str]]:
    """(text, unit name) of every bundled report (the unit name from its hand-made label)."""
    from extract.decode import decode_report
    from tests.conftest import load_labels

    out = []
    for label in load_labels():
        decoded = decode_report(label["path"].read_bytes())
        if decoded.status == "ok" and label.get("unit_name") and label["unit_name"] in decoded.text:
            out.append((decoded.text, label["unit_name"]))
    return out


def township_names() -> list[str]:
    from extract.divisions import load_divisions

    return sorted({t.name for t in load_divisions().townships})


def variant(text: str, unit: str, new_unit: str, rng: random.Random, serial: int) -> str:
    """A distinct, realistic report of another unit: its name everywhere, about a fifth of its
    counts changed, a contact line of its own."""
    text = text.replace(unit, new_unit)
    text = _NUMBER.sub(lambda m: str(max(0, int(m.group()) + rng.randint(-3, 9))) if rng.random() < 0.2
                       else m.group(), text)
    lines = text.split("\n")
    lines.insert(min(len(lines), rng.randint(1, 4)), f"联系电话: 0{rng.randint(100, 999)}-{serial:08d}")
    return "\n".join(lines)


def generate(folder: Path, n: int, seed: int) -> None:
    """N files below folder/province/county/year/ (0.5 % bad files, 7 % GB18030, 2 % UTF-16); about
    ten reports per unit, as a unit publishes one a year."""
    marker = folder.with_name(folder.name + ".complete")
    if marker.exists() and marker.read_text() == f"{n} {seed} 2":
        return
    shutil.rmtree(folder, ignore_errors=True)
    rng, texts, names = random.Random(seed), sources(), township_names()
    started = time.perf_counter()
    for i in range(n):
        province = PROVINCES[i % len(PROVINCES)]
        county = f"县{(i // 7) % 400:03d}"
        year = 2010 + i % 15
        path = folder / province / county / str(year) / f"report_{i:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        if roll < 0.005:
            path.write_bytes(rng.choice([b"", os.urandom(2048), b"\x89PNG\r\n\x1a\n" + os.urandom(512)]))
            continue
        source, unit = rng.choice(texts)
        text = variant(source, unit, names[(i // 10) % len(names)], rng, i)
        if roll < 0.075:
            path.write_bytes(text.replace("\xa0", " ").encode("gb18030", errors="replace"))
        elif roll < 0.095:
            path.write_bytes(text.encode("utf-16"))
        else:
            path.write_bytes(text.encode("utf-8"))
    marker.write_text(f"{n} {seed} 2")
    print(f"generated {n:,} files in {time.perf_counter() - started:.1f}s below {folder}")


def floor(folder: Path, db: Path) -> float:
    """Read + decode + hash + Polars + DuckDB insert, batch by batch: what any build must pay."""
    import duckdb
    import polars as pl

    from extract.decode import content_hash, decode_report

    db.unlink(missing_ok=True)
    os.sync()  # as before each build (ogi_build)
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute("create table files (path varchar, size bigint, hash varchar, encoding varchar, text varchar)")
    batch = []

    def flush():
        frame = pl.DataFrame(batch, schema=["path", "size", "hash", "encoding", "text"], orient="row")  # noqa: F841
        con.execute("insert into files select * from frame")
        batch.clear()

    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                data = handle.read()
            decoded = decode_report(data)
            batch.append((path, len(data), content_hash(data), decoded.encoding, decoded.text))
            if len(batch) >= 5000:
                flush()
    if batch:
        flush()
    con.close()
    elapsed = time.perf_counter() - started
    db.unlink(missing_ok=True)
    return elapsed


def _tree_rss_kib(pid: int) -> tuple[int, int, int, dict[str, int]]:
    """(RSS of pid, RSS summed over pid and its descendants, PSS summed over them, PSS by kind of
    process) in KiB, from /proc. Workers fork from one fork server and share its pages: RSS counts
    a shared page once per process, PSS divides it among them (what the tree really holds)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError, ValueError):
            continue
    total = pss_total = 0
    todo, kinds = [pid], {}
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        pss = _pss_kib(p)
        pss_total += pss
        kind = "build" if p == pid else _kind(p)
        kinds[kind] = kinds.get(kind, 0) + pss
        todo += children.get(p, [])
    return rss.get(pid, 0), total, pss_total, kinds


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _kind(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmd = handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"
    if "forkserver" in cmd or "multiprocessing" in cmd:
        return "workers"
    if "dbt" in cmd:
        return "dbt"
    return cmd.split(" ")[0].rsplit("/", 1)[-1] or "?"


CEILING_SAMPLE = 600  # files extraction alone is timed on


def extraction_ceiling(folder: Path, reports: int = CEILING_SAMPLE) -> tuple[float, float]:
    """Reports/s of extraction alone (no pool, no DuckDB), on `reports` files spread over the
    collection: in one process, and in two processes at once. The second is what this machine's
    two cores give to extraction (shared or busy cores give less than twice the first): the
    build's extraction rate is read against it."""
    import multiprocessing

    paths = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    sample = paths[:: max(1, len(paths) // reports)][:reports]
    context = multiprocessing.get_context("spawn")  # a clean process: no threads of DuckDB or Polars
    rates = []
    for processes in (1, 2):
        start, results = context.Barrier(processes), context.Queue()
        workers = [context.Process(target=_extract_timed, args=(sample, start, results)) for _ in range(processes)]
        for worker in workers:
            worker.start()
        timed = [results.get(timeout=900) for _ in workers]  # a process that died raises, not hangs
        for worker in workers:
            worker.join()
        rates.append(sum(n for n, _ in timed) / max(seconds for _, seconds in timed))
    return rates[0], rates[1]


def _extract_timed(paths: list[str], start, results) -> None:
    """Extract the readable files of `paths` (read and warmed up before the clock starts);
    put (reports, seconds)."""
    from extract.guard import extract_chunk, warm_up
    from extract.intake import read_input

    warm_up()
    items = []
    for i, path in enumerate(paths):
        with open(path, "rb") as handle:
            intake = read_input(handle.read())
        if intake.status == "ok":
            items.append((str(i), path, intake.text, intake.format, intake.content))
    start.wait()
    started = time.perf_counter()
    for i in range(0, len(items), 16):  # the pool's chunk size
        extract_chunk(items[i:i + 16])
    results.put((len(items), time.perf_counter() - started))


def ogi_build(folder: Path, db: Path) -> dict:
    """Run `ogi build`, sampling memory; returns wall time, peak RSS and the printed stage times."""
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "GX_ANALYTICS_ENABLED": "False"}
    # every run starts with the previous one's files on disk: a fresh build leaves gigabytes to
    # write back, which the kernel would otherwise do during the next run (builds in use are
    # hours apart)
    os.sync()
    started = time.perf_counter()
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "ogi"), "build", "--input", str(folder),
                             "--warehouse", str(db)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    peaks = [0, 0, 0, {}]

    def sample():
        while proc.poll() is None:
            own, tree, pss, kinds = _tree_rss_kib(proc.pid)
            peaks[0], peaks[1] = max(peaks[0], own), max(peaks[1], tree)
            if pss > peaks[2]:
                peaks[2], peaks[3] = pss, kinds
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    stages = {}
    for line in out.splitlines():
        if line.startswith("stages: "):
            for part in line[len("stages: "):].split(", "):
                name, _, seconds = part.rpartition(" ")
                stages[name] = float(seconds.rstrip("s"))
    return {"code": proc.returncode, "wall": wall, "rss_own_mib": peaks[0] / 1024, "rss_tree_mib": peaks[1] / 1024,
            "pss_tree_mib": peaks[2] / 1024, "pss_at_peak": {k: v / 1024 for k, v in peaks[3].items()},
            "stages": stages, "out": out}


def report(label: str, run: dict, files: int, floor_s: float | None = None) -> None:
    extra = f", {run['wall'] / floor_s:.1f}x the floor" if floor_s else ""
    print(f"\n{label}: exit {run['code']}, {run['wall']:.1f}s wall, {files / run['wall']:,.0f} files/s{extra}; "
          f"peak RSS {run['rss_own_mib']:,.0f} MiB (build process), {run['rss_tree_mib']:,.0f} MiB (summed over the "
          f"process tree: workers, dbt); peak PSS of the tree {run['pss_tree_mib']:,.0f} MiB ("
          + ", ".join(f"{k} {v:,.0f}" for k, v in sorted(run["pss_at_peak"].items(), key=lambda kv: -kv[1])) + ")")
    stages = run["stages"]
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {name:<55} {seconds:8.1f}s")
    if stages.get("staging_tables"):
        print(f"  extraction rate (staging stage, all its reports): {files / stages['staging_tables']:,.0f} reports/s")
    if run["code"] != 0:
        print(run["out"][-3000:])
    for line in run["out"].splitlines():
        if line.startswith(("input:", "extraction:", "nothing changed", "quarantined:", "reports:")):
            print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=ROOT / "warehouse" / "bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the warehouse of the last run")
    args = parser.parse_args()

    folder, work = args.dir / f"inbox_{args.files}", args.dir / f"run_{args.files}"
    generate(folder, args.files, args.seed)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "ogi.duckdb"
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared: figures are under load); "
          f"Python {platform.python_version()} ({os.path.realpath(sys.executable)})")
    floor_s = floor(folder, work / "floor.duckdb")
    print(f"floor (read + decode + hash + Polars + DuckDB insert, one process): {floor_s:.1f}s = "
          f"{args.files / floor_s:,.0f} files/s")

    one, two = extraction_ceiling(folder)
    print(f"extraction alone (no pool, no DuckDB; {CEILING_SAMPLE} of the files): one process {one:,.0f} reports/s, "
          f"two processes at once {two:,.0f} reports/s ({two / one:.2f}x)")

    first = ogi_build(folder, db)
    report(f"ogi build, {args.files:,} files, fresh warehouse", first, args.files, floor_s)
    print(f"  warehouse file: {db.stat().st_size / 2**20:,.0f} MiB" if db.exists() else "  no warehouse")
    second = ogi_build(folder, db)
    report("second build, nothing changed", second, args.files)
    extra = add_one_new_file(folder, args.seed)
    try:
        third = ogi_build(folder, db)
        report("third build, one new file", third, 1)
    finally:
        shutil.rmtree(extra.parent)

    # the start-up: the bundled reports in a folder and warehouse of their own, then one new file
    small = work / "startup_inbox"
    shutil.copytree(INBOX, small)
    ogi_build(small, work / "startup" / "ogi.duckdb")
    add_one_new_file(small, args.seed)
    start = ogi_build(small, work / "startup" / "ogi.duckdb")
    limit = start["wall"] + 5
    print(f"\nfixed start-up (the bundled reports built, then one new file): exit {start['code']}, "
          f"{start['wall']:.1f}s wall; target for the reruns above: start-up + 5 s = {limit:.1f}s")
    for label, run in (("nothing changed", second), ("one new file", third)):
        print(f"  {label} at {args.files:,} files: {run['wall']:.1f}s ({'met' if run['wall'] <= limit else 'not met'})")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def add_one_new_file(folder: Path, seed: int) -> Path:
    """A new report of its own (a new unit, its own counts and contact line) in `folder`/new/."""
    extra = folder / "new" / "one_more_report.txt"
    extra.parent.mkdir(exist_ok=True)
    text, unit = sources()[0]
    extra.write_text(variant(text, unit, "新设镇", random.Random(seed + 1), 9_999_999), encoding="utf-8")
    return extra


if __name__ == "__main__":
    main()
