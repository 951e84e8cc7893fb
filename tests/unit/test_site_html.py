"""The list of all reports is JSON written by DuckDB: it must read back as the rows themselves,
in their order, whatever the text holds, and never close the script element it sits in."""
import json

import duckdb
import polars as pl

from orchestration.report_site.html import json_script, rows_json

AWKWARD = ["龙田镇", 'say "no"', "back\\slash", "tab\there\nnewline", "\x01\x1f control", "</script><b>",
           "😀 beyond the BMP", "line\u2028separator", "", None]


def test_rows_json_reads_back_as_the_rows_in_their_order():
    frame = pl.DataFrame({"text": AWKWARD * 1_000, "year": list(range(len(AWKWARD) * 1_000)),
                          "count": [None, 3] * (len(AWKWARD) * 500)})
    with duckdb.connect() as con:
        text = rows_json(con, frame)
    assert json.loads(text) == [list(row) for row in frame.rows()]


def test_rows_json_of_no_rows_is_an_empty_list():
    with duckdb.connect() as con:
        assert rows_json(con, pl.DataFrame(schema={"text": pl.String})) == "[]"
        assert rows_json(con, pl.DataFrame()) == "[]"


def test_json_in_a_script_cannot_close_it():
    frame = pl.DataFrame({"text": ["</script><script>alert(1)</script>"]})
    with duckdb.connect() as con:
        script = json_script("rows", text=rows_json(con, frame))
    assert script.count("</script>") == 1 and script.endswith("</script>")
    inner = script[script.index(">") + 1:-len("</script>")]
    assert json.loads(inner) == [["</script><script>alert(1)</script>"]]
    assert json_script("rows", [["</b>"]]) == "<script type='application/json' id='rows'>[[\"<\\/b>\"]]</script>"
