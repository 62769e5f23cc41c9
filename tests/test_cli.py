"""The calpae command line, run as a user would (through click's runner)."""

import csv
import io
import shutil

import pytest
from click.testing import CliRunner

from calpae.interfaces.cli import main
from tests.conftest import RAW


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


# --- a user's mistakes: one line, a non-zero exit, no traceback ----------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "/no/such/folder"], "no such file or folder: /no/such/folder"),
        (["sql", ""], "no SQL given"),
        (["sql", "select 1", "--db", "{tmp}/none.duckdb"], "no warehouse at"),
        (["status", "--db", "{tmp}/none.duckdb"], "run 'calpae ingest' first"),
        (["show", "amt_0", "--db", "{tmp}/none.duckdb"], "no warehouse at"),
        (["export", "--db", "{tmp}/none.duckdb", "--out", "{tmp}/x"], "no warehouse at"),
    ],
)
def test_a_mistake_is_one_line_and_exit_2(tmp_path, args, message):
    result = CliRunner().invoke(main, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # not a traceback
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_bad_query_is_one_line_and_exit_1(sample_warehouse):
    result = CliRunner().invoke(main, ["sql", "selec 1", "--db", str(sample_warehouse)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "syntax error" in result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("calpae, version ")


# --- sql: from a file or standard input, in four formats, columns whole --------


def test_sql_from_a_file_and_from_standard_input(sample_warehouse, tmp_path):
    query = tmp_path / "q.sql"
    query.write_text("SELECT count(*) AS n FROM documents\n", encoding="utf-8")
    db = ["--db", str(sample_warehouse)]
    by_file = CliRunner().invoke(main, ["sql", "-f", str(query), "--format", "csv", *db])
    by_stdin = CliRunner().invoke(
        main, ["sql", "-", "--format", "csv", *db], input=query.read_text()
    )
    assert by_file.output == by_stdin.output == "n\n5\n"


def test_sql_formats_keep_every_column_whole(sample_warehouse):
    import json

    db = ["--db", str(sample_warehouse)]
    sql = "SELECT amount_id, evidence, amount_eur, label FROM amounts ORDER BY length(label) DESC"
    longest = CliRunner().invoke(main, ["sql", sql, "--format", "json", *db])
    records = json.loads(longest.output)
    label = records[0]["label"]
    assert len(label) > 80
    for fmt in ("table", "csv", "markdown"):
        output = CliRunner().invoke(main, ["sql", sql, "--format", fmt, *db]).output
        assert label.replace("|", "\\|") in output if fmt == "markdown" else label in output
    table = CliRunner().invoke(main, ["sql", sql + " LIMIT 3", *db]).output.splitlines()
    assert table[0].split() == ["amount_id", "evidence", "amount_eur", "label"]
    assert set(table[1]) <= {"-", " "}


# --- paths from a config file, whatever the current folder ----------------------


def test_paths_from_a_config_file_in_a_parent_folder(raw_copy, tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "deep" / "down").mkdir(parents=True)
    (project / "store").mkdir()
    (project / "calpae.toml").write_text(
        f'db = "store/w.duckdb"\nraw = "{raw_copy}"\n', encoding="utf-8"
    )
    monkeypatch.delenv("CALPAE_DB", raising=False)
    monkeypatch.delenv("CALPAE_RAW", raising=False)
    monkeypatch.delenv("CALPAE_CONFIG", raising=False)
    monkeypatch.chdir(project / "deep" / "down")
    result = CliRunner().invoke(main, ["ingest", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert (project / "store" / "w.duckdb").exists()
    assert f"warehouse: {project / 'store' / 'w.duckdb'}" in result.output
    count = CliRunner().invoke(main, ["sql", "select count(*) from documents", "--format", "csv"])
    assert count.output == "count_star()\n5\n"


def test_a_bad_config_file_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "calpae.toml").write_text('database = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CALPAE_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 2
    assert "unknown setting 'database'" in result.output


# --- show: a fact and the source lines around it --------------------------------


def test_show_marks_the_amount_in_its_source_line(sample_warehouse):
    import duckdb

    con = duckdb.connect(str(sample_warehouse), read_only=True)
    amount_id, evidence, line = con.execute(
        "SELECT amount_id, evidence, source_line FROM amounts a JOIN documents d "
        "USING (document_id) WHERE d.source_file = '004_33b71f1498aef849.txt' "
        "ORDER BY source_line, char_start LIMIT 1"
    ).fetchone()
    con.close()
    result = CliRunner().invoke(main, ["show", amount_id, "--db", str(sample_warehouse)])
    assert result.exit_code == 0, result.output
    marked = [row for row in result.output.splitlines() if row.startswith(">")]
    assert len(marked) == 1 and marked[0].startswith(f"> {line:>5} | ")
    assert f"»{evidence}«" in marked[0]
    source = (RAW / "004_33b71f1498aef849.txt").read_text(encoding="utf-8").splitlines()
    unmarked = marked[0].split(" | ", 1)[1].replace(f"»{evidence}«", evidence, 1)
    assert unmarked == source[line - 1]


def test_show_says_when_the_source_file_is_gone(raw_copy, db_path):
    import duckdb

    CliRunner().invoke(main, ["ingest", str(raw_copy), "--db", str(db_path), "--workers", "1"])
    con = duckdb.connect(str(db_path), read_only=True)
    (action_id,) = con.execute("SELECT action_id FROM actions LIMIT 1").fetchone()
    con.close()
    for path in raw_copy.iterdir():
        path.unlink()
    result = CliRunner().invoke(main, ["show", action_id, "--db", str(db_path)])
    assert result.exit_code == 0
    assert "is gone or changed since it was loaded: the evidence alone is shown" in result.output


# --- export ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_export_writes_every_relation_whole(sample_warehouse, tmp_path, fmt):
    import duckdb

    from calpae.warehouse.schema import PUBLIC_RELATIONS

    out = tmp_path / fmt
    result = CliRunner().invoke(
        main, ["export", "--format", fmt, "--out", str(out), "--db", str(sample_warehouse)]
    )
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    reader = {"parquet": "read_parquet", "csv": "read_csv", "json": "read_json"}[fmt]
    for relation in PUBLIC_RELATIONS:
        path = out / f"{relation}.{fmt}"
        assert str(path) in result.output
        expected = con.execute(f"SELECT count(*) FROM {relation}").fetchone()
        if expected[0]:
            check = duckdb.connect()
            assert check.execute(f"SELECT count(*) FROM {reader}('{path}')").fetchone() == expected
    con.close()


def test_export_to_one_workbook_with_a_readme_sheet(sample_warehouse, tmp_path):
    import duckdb
    from openpyxl import load_workbook

    from calpae.warehouse.schema import PUBLIC_RELATIONS

    result = CliRunner().invoke(
        main, ["export", "--format", "xlsx", "--out", str(tmp_path), "--db", str(sample_warehouse)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "calpae.xlsx", read_only=True)
    assert book.sheetnames == ["README", *PUBLIC_RELATIONS]
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    for relation in PUBLIC_RELATIONS:
        (rows,) = con.execute(f"SELECT count(*) FROM {relation}").fetchone()
        assert book[relation].max_row == rows + 1  # the header
    described = [row for row in book["README"].iter_rows(min_row=4, values_only=True)]
    columns = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name IN ("
        + ", ".join(f"'{r}'" for r in PUBLIC_RELATIONS)
        + ")"
    ).fetchone()[0]
    con.close()
    assert len(described) == columns
    assert all(description for *_, description in described)
