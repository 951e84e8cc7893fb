"""The Dagster UI shows what `ogi build` did: the run, the asset graph, a check's result.

dagster-webserver is started on a free port against the Dagster home the CLI build recorded
into (a throwaway one), in its own process group so that the whole group is stopped after."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(cli_build):
    port = _free_port()
    log = open(cli_build["dagster_home"] / "webserver.log", "w")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster-webserver")), "-h", "127.0.0.1", "-p", str(port),
         "-m", "orchestration.definitions"],
        cwd=ROOT, env={**os.environ, "DAGSTER_HOME": str(cli_build["dagster_home"])},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("dagster-webserver did not start: "
                            + (cli_build["dagster_home"] / "webserver.log").read_text()[-2000:])
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_asset_graph_and_a_check_result(browser, webserver, screenshots):
    page = browser.new_page()
    page.goto(f"{webserver}/asset-groups")
    for group in ("raw", "staging", "marts", "published"):
        page.get_by_text(group, exact=True).first.wait_for(timeout=60_000)
    assert page.locator("[role=dialog]").count() == 0  # no onboarding or community pop-up
    page.screenshot(path=str(screenshots / "dagster_asset_graph.png"))
    page.goto(f"{webserver}/locations/orchestration.definitions/asset-groups/marts")
    # the group holds some twenty marts: the graph opens on part of it, so any of them will do
    page.get_by_text(re.compile(r"^(report_summary|dim_|fct_|mart_)")).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # let the graph settle for the screenshot
    page.screenshot(path=str(screenshots / "dagster_marts_group.png"))

    # the CLI's run, with its materialization, shows on the asset
    page.goto(f"{webserver}/assets/marts/report_summary")
    page.get_by_text("Latest materialization", exact=False).first.wait_for(timeout=60_000)
    assert page.get_by_text("Never materialized").count() == 0

    # the Great Expectations suite of the marts ran as a check in that build and passed
    page.goto(f"{webserver}/assets/marts/report_summary?view=checks")
    page.get_by_text("ge_marts_report_summary").first.click(timeout=60_000)
    page.get_by_text("Evaluation result").first.wait_for(timeout=60_000)
    assert page.get_by_text("Passed").count() >= 1
    page.screenshot(path=str(screenshots / "dagster_check_result.png"))

    page.goto(f"{webserver}/runs")
    page.get_by_text("Success").first.wait_for(timeout=60_000)
    page.screenshot(path=str(screenshots / "dagster_runs.png"))
