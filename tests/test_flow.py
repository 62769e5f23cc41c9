"""The Prefect flow runs the same pipeline, under Prefect's test harness."""

import duckdb
import pytest
from prefect.testing.utilities import prefect_test_harness

from calpae.flows.ingest_flow import ingest_flow, retry_on_io_error


@pytest.fixture(scope="module")
def harness():
    with prefect_test_harness():
        yield


def test_flow_loads_the_corpus_and_a_rerun_changes_nothing(harness, raw_copy, db_path):
    summary = ingest_flow([str(raw_copy)], str(db_path))
    assert summary.counts["new"] == 5
    con = duckdb.connect(str(db_path), read_only=True)
    (n,) = con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()
    con.close()
    assert n == 5
    again = ingest_flow([str(raw_copy)], str(db_path))
    assert again.counts["unchanged"] == 5


class FakeState:
    def __init__(self, error):
        self.error = error

    def result(self):
        raise self.error


def test_only_io_errors_are_retried():
    assert retry_on_io_error(None, None, FakeState(OSError("NFS hiccup")))
    assert not retry_on_io_error(None, None, FakeState(ValueError("bad table")))
