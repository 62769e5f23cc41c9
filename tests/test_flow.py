"""The Prefect flow runs the same ingest as the CLI, under Prefect's test
harness: one run loop, honest final states, the summary as an artifact."""

import duckdb
import pytest
from click.testing import CliRunner
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.testing.utilities import prefect_test_harness

from calpae.ingest.run import ingest
from calpae.interfaces.flow import (
    ingest_flow,
    main,
    retry_on_io_error,
    run_flow,
    summary_markdown,
)
from calpae.settings import Settings


@pytest.fixture(scope="module")
def harness():
    with prefect_test_harness():
        yield


def rows(db_path, sql):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_flow_loads_the_corpus_and_a_rerun_changes_nothing(harness, raw_copy, db_path):
    summary = ingest_flow([str(raw_copy)], str(db_path))
    assert summary.counts["new"] == 5
    assert rows(db_path, "SELECT count(*) FROM documents WHERE status = 'ok'") == [(5,)]
    again = ingest_flow([str(raw_copy)], str(db_path))
    assert again.counts["unchanged"] == 5


def test_the_flow_and_the_cli_build_the_same_warehouse(harness, raw_copy, tmp_path):
    by_flow, by_cli = tmp_path / "flow.duckdb", tmp_path / "cli.duckdb"
    ingest_flow([str(raw_copy)], str(by_flow))
    ingest([raw_copy], by_cli, workers=2)
    sql = (
        "SELECT d.source_file, a.source_line, a.year, a.funder, a.nature, a.amount_eur "
        "FROM amounts a JOIN documents d USING (document_id) ORDER BY ALL"
    )
    assert rows(by_flow, sql) == rows(by_cli, sql)


def test_a_run_with_a_failed_document_ends_failed_after_loading_the_rest(
    harness, raw_copy, db_path
):
    (raw_copy / "broken.pdf").write_bytes(b"%PDF-1.7 this is no PDF at all")
    state = ingest_flow([str(raw_copy)], str(db_path), return_state=True)
    assert state.is_failed()
    assert "broken.pdf" in state.message
    summary = state.result(raise_on_failure=False)
    assert summary.counts["new"] == 5 and summary.counts["failed"] == 1
    assert rows(db_path, "SELECT count(*) FROM documents WHERE status = 'ok'") == [(5,)]

    # the run's artifact, read back from the server, lists each failure
    with get_client(sync_client=True) as client:
        (artifact,) = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["calpae-ingest-summary"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]),
            )
        )
    assert "| broken.pdf | failed | 2 | truncated or corrupt PDF" in artifact.data
    assert artifact.data == summary_markdown(summary)
    command = CliRunner().invoke(main, [str(raw_copy), "--db", str(db_path)])
    assert command.exit_code == 1  # the command says so too


def test_without_dask_the_flow_reads_in_ingests_processes_not_in_tasks(harness, raw_copy, db_path):
    state = ingest_flow([str(raw_copy)], str(db_path), return_state=True)
    assert state.is_completed() and state.result().counts["new"] == 5
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
            )
        )
    assert [task.name for task in tasks] == ["report"]  # no task per document


def test_the_flow_follows_the_folder_like_the_cli(harness, raw_copy, db_path):
    ingest_flow([str(raw_copy)], str(db_path))
    (raw_copy / "004_33b71f1498aef849.txt").rename(raw_copy / "fiche.txt")
    summary = ingest_flow([str(raw_copy)], str(db_path))
    assert "MOVED: 004_33b71f1498aef849.txt -> fiche.txt" in summary.lines()


@pytest.mark.slow
def test_a_two_worker_dask_cluster_builds_the_same_warehouse_as_a_serial_run(
    harness, raw_copy, tmp_path
):
    on_dask, serial = tmp_path / "dask.duckdb", tmp_path / "serial.duckdb"
    state = run_flow([str(raw_copy)], str(on_dask), dask="local")
    assert state.is_completed() and state.result().counts["new"] == 5
    ingest([raw_copy], serial, workers=1)
    for sql in (
        "SELECT d.source_file, a.source_line, a.year, a.funder, a.nature, a.amount_eur "
        "FROM amounts a JOIN documents d USING (document_id) ORDER BY ALL",
        "SELECT d.source_file, i.source_line, i.year, i.value_raw "
        "FROM indicator_values i JOIN documents d USING (document_id) ORDER BY ALL",
        "SELECT d.source_file, t.source_line, t.kind, t.date "
        "FROM document_dates t JOIN documents d USING (document_id) ORDER BY ALL",
    ):
        assert rows(on_dask, sql) == rows(serial, sql)


class FakeState:
    def __init__(self, error):
        self.error = error

    def result(self):
        raise self.error


def test_only_io_errors_are_retried():
    assert retry_on_io_error(None, None, FakeState(OSError("NFS hiccup")))
    assert not retry_on_io_error(None, None, FakeState(ValueError("bad table")))


def test_the_flow_lets_go_of_each_documents_facts_once_loaded(harness, tmp_path):
    import gc
    import weakref
    from datetime import datetime

    from prefect import flow

    from calpae.interfaces.flow import with_tasks
    from tests.test_reliability import sources_of_small_documents

    sources = sources_of_small_documents(tmp_path / "raw", 6)

    @flow
    def read_all() -> list[bool]:
        refs, freed = [], []
        for facts in with_tasks(sources, datetime(2026, 1, 1), Settings(workers=2)):
            refs.append(weakref.ref(facts))
            del facts
            gc.collect()
            freed.append(sum(r() is not None for r in refs[:-1]))
        return freed

    # held at each step, besides the latest: at most one a worker thread has
    # not yet let go of (all of the earlier ones when the futures were kept)
    held = read_all()
    assert len(held) == 6 and max(held) <= 1


def test_the_flow_builds_the_report_and_links_it(harness, raw_copy, db_path, tmp_path):
    state = run_flow([str(raw_copy)], str(db_path), report=str(tmp_path / "out"))
    assert state.is_completed()
    index = tmp_path / "out" / "index.html"
    assert index.is_file()
    with get_client(sync_client=True) as client:
        (link,) = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["calpae-report"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]),
            )
        )
    assert index.as_uri() in link.data
