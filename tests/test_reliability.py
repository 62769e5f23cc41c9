"""Faults a nightly run meets (issue 13): a file that cannot be read or that
vanishes during the run fails alone; a failed new version never destroys
the loaded one, and is retried on the next run."""

from pathlib import Path

import duckdb
import pytest

from calpae.pipeline.run import ingest

FICHE = "004_33b71f1498aef849.txt"


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def failing_read(monkeypatch, name: str, error: OSError) -> None:
    """Reading ``name`` raises ``error`` (root reads any file: permissions
    cannot be simulated by chmod in CI)."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == name:
            raise error
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_an_unreadable_file_fails_alone(raw_copy, db_path, monkeypatch):
    failing_read(monkeypatch, FICHE, PermissionError(13, "Permission denied"))
    summary = ingest([raw_copy], db_path, workers=1)
    assert_fails_alone(summary, db_path, "cannot read the file: Permission denied")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_deleted_during_the_run_fails_alone(raw_copy, db_path, monkeypatch, workers):
    """The file is deleted after the run planned it, before a worker reads it."""
    from calpae.pipeline import run

    real_plan = run.plan

    def plan_then_delete(sources, loaded):
        planned = real_plan(sources, loaded)
        (raw_copy / FICHE).unlink()
        return planned

    monkeypatch.setattr(run, "plan", plan_then_delete)
    summary = ingest([raw_copy], db_path, workers=workers)
    assert_fails_alone(summary, db_path, "file disappeared during the run")


def assert_fails_alone(summary, db_path: Path, reason: str) -> None:
    assert summary.counts["new"] == 4 and summary.counts["failed"] == 1
    (failed,) = [o for o in summary.outcomes if o.outcome == "failed"]
    assert failed.source_file == FICHE and failed.reason == reason
    assert rows(db_path, "SELECT status, status_reason FROM documents WHERE status <> 'ok'") == [
        ("failed", reason)
    ]


def test_a_failed_new_version_keeps_the_loaded_one_and_is_retried(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    before = rows(db_path, "SELECT count(*) FROM amounts")
    (raw_copy / FICHE).write_bytes(b"\x00\x01 not a text export \x00")

    for attempt in (1, 2):  # the failed version is retried on every run
        summary = ingest([raw_copy], db_path, workers=1)
        assert summary.counts["failed"] == 1 and summary.has_failures
        assert rows(db_path, "SELECT count(*) FROM amounts") == before
        (document,) = rows(
            db_path,
            f"SELECT status, last_error, failed_attempts FROM documents "
            f"WHERE source_file = '{FICHE}'",
        )
        assert document[0] == "ok" and "binary" in document[1] and document[2] == attempt

    (raw_copy / FICHE).write_text((Path("data/raw") / FICHE).read_text(encoding="utf-8")
                                  + "\nUne ligne de plus.\n", encoding="utf-8")
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["updated"] == 1 and not summary.has_failures
    assert rows(
        db_path, f"SELECT last_error, failed_attempts FROM documents WHERE source_file = '{FICHE}'"
    ) == [(None, 0)]


def test_a_document_that_failed_from_the_start_is_retried_and_counts_its_attempts(
    raw_copy, db_path
):
    (raw_copy / "broken.txt").write_bytes(b"\x00\x00")
    for attempt in (1, 2):
        summary = ingest([raw_copy], db_path, workers=1)
        assert [o.source_file for o in summary.outcomes if o.outcome == "failed"] == ["broken.txt"]
        sql = "SELECT status, failed_attempts FROM documents WHERE source_file = 'broken.txt'"
        assert rows(db_path, sql) == [("failed", attempt)]
