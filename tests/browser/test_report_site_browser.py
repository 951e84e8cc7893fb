"""The data-quality site in a real browser: charts drawn, overview → county → report, sorting
and filtering without a server. Screenshots: tests/artifacts/screenshots/."""
from __future__ import annotations

import duckdb


def test_overview_county_report_navigation(browser, cli_build, screenshots):
    site = cli_build["site"]
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site / "index.html").as_uri())

    # charts are drawn: SVG with bars that have a size
    for chart in ("#chart-years", "#chart-findings", "#chart-coverage"):
        box = page.locator(chart).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, chart
        assert page.locator(f"{chart} rect.bar").count() > 0, chart
    page.screenshot(path=str(screenshots / "overview.png"), full_page=True)

    # each file that was not read is listed once, with its reason
    quarantined = page.locator("#quarantined tbody tr")
    assert quarantined.count() == 2
    assert "duplicate" in page.locator("#quarantined").inner_text()

    # the county list filters in the browser
    counties = page.locator("#counties tbody tr:visible")
    total = counties.count()
    page.fill("input[data-table=counties]", "鄂温克")
    assert page.locator("#counties tbody tr:visible").count() == 1 < total
    page.click("#counties tbody tr:visible a")

    # the county page: a townships × years grid coloured by status, and trend charts
    page.wait_for_selector("table.grid")
    assert "鄂温克族自治旗" in page.locator("h1").inner_text()
    statuses = {page.locator("table.grid td").nth(i).get_attribute("class")
                for i in range(page.locator("table.grid td").count())}
    assert {"st-late", "st-missing"} <= statuses, statuses
    assert page.locator(".multiples svg path").count() >= 1
    page.screenshot(path=str(screenshots / "county.png"), full_page=True)

    # → the late report: its finding, with the publish date highlighted in the text
    page.click("table.grid td.st-late a")
    page.wait_for_selector("#findings")
    finding = page.locator("article.finding", has_text="T1")
    assert finding.count() == 1
    assert finding.locator("mark").count() >= 1
    page.screenshot(path=str(screenshots / "report_late.png"), full_page=True)
    assert not errors, errors


def test_report_page_shows_evidence_of_a_contradiction(browser, cli_build, screenshots):
    """A sum that does not add up: expected and actual, and every cell it read, marked in the text."""
    con = duckdb.connect(str(cli_build["warehouse"]), read_only=True)
    try:
        report_id, expected, actual = con.execute(
            "select report_id, expected, actual from marts.quality_findings where check_code = 'C2' "
            "and outcome = 'FAIL' and applicant_type = 'all'").fetchone()
        cells = con.execute("select count(*) from staging.table_cells where report_id = ? and table_code = 't3' "
                            "and col_code = 'all' and (row_code like 'out.%' or row_code = 'total_processed')",
                            [report_id]).fetchone()[0]
    finally:
        con.close()
    page = browser.new_page()
    page.goto((cli_build["site"] / "reports" / f"{report_id}.html").as_uri())
    finding = page.locator("article.finding", has_text="C2 · app.total_processed").filter(
        has_not_text="column natural_person").first
    text = finding.inner_text()
    assert f"expected {expected}" in text.replace("\n", " ") and f"actual {actual}" in text.replace("\n", " ")
    assert finding.locator("table.evidence tbody tr").count() == cells
    assert finding.locator("mark").count() == cells
    # the extracted numbers, by table, and NOT_ASSESSABLE grouped (never one row per check)
    assert page.locator("table.cells").count() >= 2
    finding.screenshot(path=str(screenshots / "report_evidence.png"))
    page.screenshot(path=str(screenshots / "report.png"), full_page=True)


def test_all_reports_sort_filter_and_page(browser, cli_build):
    page = browser.new_page()
    page.goto((cli_build["site"] / "reports.html").as_uri())
    rows = page.locator("#all-reports tbody tr")
    assert rows.count() == 6
    page.click("#all-reports th:has-text('year')")
    years = [int(t) for t in page.locator("#all-reports tbody tr td:nth-child(4)").all_inner_texts()]
    assert years == sorted(years)
    page.click("#all-reports th:has-text('year')")
    years = [int(t) for t in page.locator("#all-reports tbody tr td:nth-child(4)").all_inner_texts()]
    assert years == sorted(years, reverse=True)
    page.fill(".datatable input.filter", "late")
    assert page.locator("#all-reports tbody tr").count() == 1
    page.click("#all-reports tbody tr a >> nth=0")
    page.wait_for_selector("#findings")
