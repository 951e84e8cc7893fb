"""A real browser (Debian's chromium, driven by Playwright) and one real `ogi build` to look at.

The browser is never downloaded: Playwright starts /usr/bin/chromium (`make test` and `.ci/run`
install it when missing), headless, with no network of its own and a fresh profile.
Screenshots are kept in tests/artifacts/screenshots/ (git-ignored).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INBOX, ROOT

CHROMIUM = Path(os.environ.get("OGI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"

# Real reports of each shape, reports of one county in two years, and files that cannot be read.
SAMPLE = [
    "seeds/000_1dca4cfee90bd929.txt",       # narrative, 鄂温克族自治旗 2018
    "seeds/001_8951f3f5eaa0ca31.txt",       # 2019 form, same county 2019, published late
    "seeds/003_60f2b87b7f23535f.txt",       # legacy table
    "pingtan/2020_pingtan_zone.txt",        # 2019 form whose table 3 does not add up (C2), glued cells
    "pingtan/2021_pingtan_zone.txt",        # 2021 form
    "excerpts/c024.txt",                    # stale 2019 form on a 2023 report
]


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# Per module: Playwright's event loop must not outlive the browser tests (Dagster runs in this
# process too, in the integration tests that follow).
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def cli_build(tmp_path_factory):
    """`ogi build` (the CLI itself) on a small folder, recorded in a Dagster home of its own."""
    root = tmp_path_factory.mktemp("cli-build")
    input_dir = root / "input"
    for rel in SAMPLE:
        (input_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(INBOX / rel, input_dir / rel)
    (input_dir / "again").mkdir()
    shutil.copy(INBOX / SAMPLE[3], input_dir / "again" / "copy.txt")   # a duplicate
    (input_dir / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    home = root / "dagster_home"
    warehouse = root / "ogi.duckdb"
    done = subprocess.run([str(Path(sys.executable).with_name("ogi")), "build", "--input", str(input_dir),
                           "--warehouse", str(warehouse)], env={**os.environ, "DAGSTER_HOME": str(home)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return {"input": input_dir, "warehouse": warehouse, "dagster_home": home, "site": root / "reports" / "quality",
            "stdout": done.stdout, "stderr": done.stderr}
