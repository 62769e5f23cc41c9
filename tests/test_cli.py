"""The calpae command line, run as a user would (through click's runner)."""

import csv
import io
import shutil

import pytest
from click.testing import CliRunner

from calpae.pipeline.cli import main


def test_ingest_then_query_then_status(raw_copy, db_path):
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(raw_copy), "--db", str(db_path), "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "documents: 5 (5 new, 0 updated, 0 unchanged, 0 failed, 0 needs_ocr)" in first.output

    second = runner.invoke(main, ["ingest", str(raw_copy), "--db", str(db_path)])
    assert "documents: 5 (0 new, 0 updated, 5 unchanged" in second.output

    answer = runner.invoke(
        main,
        [
            "sql",
            "--db",
            str(db_path),
            "--csv",
            "select doc_type, count(*) as n from documents group by 1 order by 1",
        ],
    )
    rows = list(csv.reader(io.StringIO(answer.output)))
    assert rows[0] == ["doc_type", "n"]
    assert sum(int(n) for _, n in rows[1:]) == 5

    status = runner.invoke(main, ["status", "--db", str(db_path)])
    assert "rows documents" in status.output and "rows amounts" in status.output


def test_sql_is_read_only(raw_copy, db_path):
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(raw_copy), "--db", str(db_path), "--workers", "1"])
    result = runner.invoke(main, ["sql", "--db", str(db_path), "delete from documents"])
    assert result.exit_code != 0 and "read-only" in result.output
    count = runner.invoke(
        main, ["sql", "--db", str(db_path), "--csv", "select count(*) from documents"]
    )
    assert count.output.splitlines()[1] == "5"


def test_ingest_exits_non_zero_when_a_document_failed(raw_copy, db_path):
    (raw_copy / "broken.txt").write_bytes(b"\x00\x00")
    result = CliRunner().invoke(main, ["ingest", str(raw_copy), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "FAILED: broken.txt" in result.output
    assert "5 new" in result.output


def test_db_from_environment(raw_copy, tmp_path, monkeypatch):
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("CALPAE_DB", str(target))
    result = CliRunner().invoke(main, ["ingest", str(raw_copy / "004_33b71f1498aef849.txt")])
    assert result.exit_code == 0 and target.exists()


def test_sql_without_a_warehouse_says_so(tmp_path):
    result = CliRunner().invoke(main, ["sql", "--db", str(tmp_path / "none.duckdb"), "select 1"])
    assert result.exit_code != 0
    assert "calpae ingest" in str(result.exception) + result.output


READ_ONLY_BREACHES = [
    "COPY (SELECT 'x') TO '{db}'",  # overwrite the warehouse
    "COPY (SELECT 1) TO '{tmp}/out.csv'",
    "ATTACH '{tmp}/other.duckdb' (READ_WRITE)",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/root/*')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "CREATE TABLE x AS SELECT 1",
    "DELETE FROM amounts",
    "EXPORT DATABASE '{tmp}/export'",
]


@pytest.mark.parametrize("statement", READ_ONLY_BREACHES)
def test_the_sql_command_reads_the_warehouse_and_nothing_else(
    sample_warehouse, tmp_path, statement
):
    runner = CliRunner()
    db_path = tmp_path / "calpae.duckdb"
    shutil.copyfile(sample_warehouse, db_path)
    before = db_path.read_bytes()
    tmp = tmp_path
    result = runner.invoke(
        main, ["sql", statement.format(db=db_path, tmp=tmp), "--db", str(db_path)]
    )
    assert result.exit_code != 0
    assert db_path.read_bytes() == before
    assert not (tmp / "out.csv").exists() and not (tmp / "export").exists()
    after = runner.invoke(main, ["sql", "SELECT count(*) FROM amounts", "--db", str(db_path)])
    assert after.exit_code == 0
