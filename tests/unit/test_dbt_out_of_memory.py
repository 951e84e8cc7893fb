"""A dbt run is completed one model at a time only when every error was DuckDB running out of its
memory bound, however DuckDB words it; any other error, or a failed test, fails the build."""
import pytest

from orchestration.dbt_assets import ran_out_of_memory

# messages of a dbt run under a 4 MB bound (DuckDB 2.0)
OUT_OF_MEMORY = [
    "Out of Memory Error: failed to pin block of size 256.0 KiB (3.7 MiB/3.8 MiB used)",
    "Out of Memory Error: failed to allocate data of size 2.0 MiB (2.4 MiB/3.8 MiB used)",
    "TransactionContext Error: Failed to commit: could not allocate block of size 1.9 KiB (4.7 MiB/3.8 MiB used)",
]


def results(*nodes):
    return {"results": [{"status": status, "message": message} for status, message in nodes]}


@pytest.mark.parametrize("message", OUT_OF_MEMORY)
def test_each_way_duckdb_says_it_ran_out_of_memory_is_recognised(message):
    assert ran_out_of_memory(results(("success", None), ("error", message)))


@pytest.mark.parametrize("other", [
    ("error", 'Constraint Error: Duplicate key "report_id: r1" violates primary key constraint'),
    ("error", "TransactionContext Error: Failed to commit: could not write the file"),
    ("fail", "Got 3 results, configured to fail if != 0"),
])
def test_any_other_error_or_a_failed_test_is_not_retried(other):
    assert not ran_out_of_memory(results(("error", OUT_OF_MEMORY[0]), other))
    assert not ran_out_of_memory(results(("success", None)))
