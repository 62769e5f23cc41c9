"""Faults and attacks of a hostile or unlucky night (issue 25), each with a real
file, a real process or a real server: the analysts' connection reaches no
path but the warehouse, within a time and a memory limit, and a long query
never stops an ingest; every document is read in a limited process; sizes come
from ``stat`` before any read; exports write text as text; a new version that
loses most of a document's facts is held for review; the messages say what
happened; the pipeline logs what it does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from calpae.interfaces.cli import main
from calpae.settings import Settings

FICHE = "004_33b71f1498aef849.txt"
ENDLESS = "SELECT sum(hash(i)) FROM range(10000000000000) t(i)"
CLI = [sys.executable, "-c", "from calpae.interfaces.cli import main; main()"]
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def wait_for(check, seconds: float, what: str):  # noqa: ANN001, ANN201
    """``check()`` once it is true, polling; bounded and generous (busy machines)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no {what} after {seconds:.0f} s")


@pytest.fixture
def warehouse(sample_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the sample warehouse, in a folder of its own."""
    folder = tmp_path / "w"
    folder.mkdir()
    shutil.copyfile(sample_warehouse, folder / "calpae.duckdb")
    return folder / "calpae.duckdb"


# --- the analysts' connection: the warehouse and nothing else -------------------

OWN_PATHS = [
    "COPY (SELECT 1) TO '{db}.wal'",
    "COPY (SELECT 1) TO '{db}.wal.recovery'",
    "COPY (SELECT 1) TO '{db}.wal.checkpoint'",
    "COPY (SELECT 1) TO '{db}.tmp/spill.csv'",
    "COPY (SELECT 1) TO '{folder}/beside.csv'",
    "SELECT octet_length(content) FROM read_blob('{db}')",
    "SELECT content FROM read_text('{db}.wal')",
    "SELECT * FROM glob('{folder}/*')",
    "SELECT * FROM sniff_csv('/etc/passwd')",
    "ATTACH '{db}' AS again (READ_ONLY)",
    "SET disabled_filesystems = ''",
    "RESET temp_directory",
    "SET memory_limit = '100GB'",
]


@pytest.mark.parametrize("statement", OWN_PATHS)
def test_the_analysts_connection_opens_no_path_not_even_the_warehouses_own(warehouse, statement):
    folder = warehouse.parent
    before = warehouse.read_bytes()
    sql = statement.format(db=warehouse, folder=folder)
    result = CliRunner().invoke(main, ["sql", sql, "--db", str(warehouse)])
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["calpae.duckdb"]  # nothing written
    assert warehouse.read_bytes() == before
    assert "Traceback" not in result.output


def test_an_analysts_query_has_a_memory_limit_and_spills_nothing(warehouse, monkeypatch):
    monkeypatch.setenv("CALPAE_QUERY_MEMORY", "64MB")
    result = CliRunner().invoke(
        main,
        ["sql", "SELECT count(*) FROM (SELECT * FROM range(50000000) ORDER BY random())"]
        + ["--db", str(warehouse)],
    )
    assert result.exit_code == 1 and "Out of Memory" in result.output
    assert sorted(p.name for p in warehouse.parent.iterdir()) == ["calpae.duckdb"]


def test_an_analysts_query_is_stopped_past_its_time_limit(warehouse, monkeypatch):
    monkeypatch.setenv("CALPAE_QUERY_TIMEOUT", "1")
    result = CliRunner().invoke(main, ["sql", ENDLESS, "--db", str(warehouse)])
    assert result.exit_code == 1
    assert "(CALPAE_QUERY_TIMEOUT) and was stopped" in result.output
    assert len(result.output.strip().splitlines()) == 1


def holds_the_lock(db: Path) -> bool:
    """Another process holds the warehouse (a writer cannot open it now)."""
    try:
        duckdb.connect(str(db)).close()
    except duckdb.IOException as error:
        return "lock" in str(error).lower()
    return False


@pytest.mark.slow
def test_a_long_analysts_query_never_stops_an_ingest(warehouse, raw_copy, tmp_path):
    """A real analyst's process runs an endless query while the nightly ingest
    starts: the query is stopped at its time limit, the ingest waits for the
    lock (its wait is longer than any query) and loads everything."""
    from calpae.ingest.run import ingest

    fiche = raw_copy / FICHE
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\nUne ligne ajoutée.\n")
    env = {**os.environ, "CALPAE_QUERY_TIMEOUT": "20", "CALPAE_LOCK_WAIT": "300"}
    log = tmp_path / "analyst.log"
    with log.open("w") as out:
        analyst = subprocess.Popen(
            [*CLI, "sql", ENDLESS, "--db", str(warehouse)], env=env, stdout=out, stderr=out
        )
    try:
        wait_for(lambda: holds_the_lock(warehouse), 300, "analyst holding the warehouse")
        summary = ingest([raw_copy], warehouse, settings=Settings(workers=1, lock_wait=300))
        assert analyst.wait(timeout=300) == 1
    finally:
        analyst.kill()
        analyst.wait()
    assert "(CALPAE_QUERY_TIMEOUT) and was stopped" in log.read_text()
    assert summary.counts["updated"] == 1 and not summary.has_failures
    assert rows(warehouse, "SELECT status FROM ingest_runs ORDER BY started_at DESC")[0] == (
        "completed",
    )


# --- every document read in a limited process; sizes from stat; hashing streams ---


def run_and_measure(command: list[str], env: dict | None = None) -> tuple[int, int, str]:
    """Run ``command``: its exit code, its peak resident memory in bytes (the
    largest of the process and the children it waited for), and its output."""
    import tempfile

    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return process.returncode, usage.ru_maxrss * 1024, out.read()


def hog_memory(source, ingested_at, settings):  # noqa: ANN001, ANN201 (runs in a worker)
    """A document whose reading needs more memory than a worker may use."""
    from calpae.ingest.work import process_file

    hog = bytearray(2 * 2**30)
    hog[-1] = 1
    return process_file(source, ingested_at, settings)


def test_a_single_document_is_read_in_a_limited_process(raw_copy):
    """The usual nightly case, one new document: it is read in a worker under
    the memory limit, not in the run's own process."""
    from datetime import datetime
    from functools import partial

    from calpae.ingest.pool import process_all
    from calpae.warehouse.registry import discover

    (source,) = discover([raw_copy / FICHE])
    settings = Settings(workers=1, max_worker_memory=1536 * 2**20)
    work = partial(hog_memory, settings=settings)
    (facts,) = process_all([source], datetime(2026, 1, 1), settings, work)
    assert facts.document.status == "failed" and "MemoryError" in facts.document.status_reason


def spin_past_the_alarm(source, ingested_at, settings):  # noqa: ANN001, ANN201 (in a worker)
    """A reader stuck in compiled code: the alarm cannot reach it (SIGALRM
    blocked), it spins for up to 10 minutes, then gives up (a marked outcome)."""
    import signal

    from calpae.ingest import work

    def spin(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            pass
        return work.failed_facts(source, ingested_at, "spun 10 minutes: nothing stopped it")

    work.read_and_extract = spin
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    return work.process_file(source, ingested_at, settings)


@pytest.mark.slow
def test_a_reader_the_alarm_cannot_stop_is_stopped_by_its_cpu_time(raw_copy):
    """The time limit's backstop: a worker spinning where the alarm cannot
    reach is ended by the kernel past its CPU time (RLIMIT_CPU, twice the
    limit and a grace), and its document fails alone."""
    from datetime import datetime
    from functools import partial

    from calpae.ingest.pool import process_all
    from calpae.warehouse.registry import discover

    (source,) = discover([raw_copy / FICHE])
    settings = Settings(workers=1, max_seconds=1)
    work = partial(spin_past_the_alarm, settings=settings)
    (facts,) = process_all([source], datetime(2026, 1, 1), settings, work)
    assert facts.document.status == "failed"
    assert "over its CPU time: CALPAE_MAX_SECONDS" in facts.document.status_reason


def test_a_huge_file_is_refused_by_its_size_before_any_read(raw_copy, tmp_path):
    """A 1.5 GiB file beside the fiche: refused from its size on disk (never
    read nor hashed whole), the fiche loaded, the run's memory small."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(raw_copy / FICHE, folder / FICHE)
    with (folder / "huge.txt").open("wb") as huge:  # sparse: no disk used
        huge.truncate(1536 * 2**20)
    db = tmp_path / "w.duckdb"
    code, peak, output = run_and_measure([*CLI, "ingest", str(folder), "--db", str(db)])
    assert code == 1, output
    assert "FAILED: huge.txt: 1,610,612,736 bytes: over the limit of" in output
    assert "1 new" in output and "Traceback" not in output
    assert peak < 1024 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert rows(db, "SELECT status FROM ingest_runs") == [("completed_with_failures",)]


def test_show_never_reads_a_source_replaced_by_a_huge_file_whole(tmp_path):
    """calpae show reads a fact's source file again: replaced since by a 1.5
    GiB file, it is hashed as it streams and found changed, never read whole."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RAW / FICHE, folder / FICHE)
    db = tmp_path / "w.duckdb"
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)]).exit_code == 0
    (action_id,) = rows(db, "SELECT action_id FROM actions LIMIT 1")[0]
    with (folder / FICHE).open("r+b") as source:  # sparse: no disk used
        source.truncate(1536 * 2**20)
    code, peak, output = run_and_measure([*CLI, "show", action_id, "--db", str(db)])
    assert code == 0, output
    assert "is gone or changed since it was loaded" in output
    assert peak < 1024 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_hashing_streams(tmp_path):
    import hashlib

    from calpae.readers.document import HASH_CHUNK, sha256_of_file

    path = tmp_path / "f.bin"
    data = os.urandom(3 * HASH_CHUNK + 17)
    path.write_bytes(data)
    assert sha256_of_file(path) == hashlib.sha256(data).hexdigest()


# --- text from documents is hostile: exports, show and the report ---------------

HOSTILE = (
    "# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ 2020 \u202e=1+1\n\n"
    "Le Département du Gers et l'État conviennent.\n\n"
    'FICHE ACTION N°1 : =HYPERLINK("http://evil.example","clic") \x1b]0;owned\x07\n\n'
    "Part État 2020 : 1 000 €\n"
)


@pytest.fixture(scope="module")
def hostile_warehouse(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples (a real one holds "= 248 places hors IML") and a document
    whose title and action carry a formula, ESC/OSC and a right-to-left override."""
    from calpae.ingest.run import ingest

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "raw").mkdir()
    (folder / "raw" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "calpae.duckdb"
    shutil.copyfile(sample_warehouse, db)
    summary = ingest([folder / "raw"], db, settings=Settings(workers=1))
    assert summary.counts["new"] == 1
    return db


def test_the_workbook_writes_text_as_text_and_survives_control_characters(
    hostile_warehouse, tmp_path
):
    from openpyxl import load_workbook

    result = CliRunner().invoke(
        main, ["export", "--format", "xlsx", "--out", str(tmp_path), "--db", str(hostile_warehouse)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "calpae.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert '=HYPERLINK("http://evil.example","clic") ]0;owned' in texts  # ESC, BEL removed
    assert "= 248 places hors IML" in texts


def test_a_workbook_cell_holds_no_more_than_a_workbook_can():
    from calpae.outputs.cells import CELL_LENGTH
    from calpae.outputs.export import excel_value

    cut = excel_value("=" + "x" * 40_000)
    assert len(cut) == CELL_LENGTH == 32_767 and cut.endswith("…") and cut.startswith("=x")
    assert excel_value("x" * CELL_LENGTH) == "x" * CELL_LENGTH


def test_the_flows_summary_artifact_keeps_its_table_whole():
    from calpae.ingest.run import FileOutcome, RunSummary
    from calpae.interfaces.flow import summary_markdown

    outcome = FileOutcome("a|b\x1b]0;x\x07.txt", "failed", "0123", {}, "bad | cell\nhere")
    markdown = summary_markdown(RunSummary([outcome], 1.0))
    assert "\x1b" not in markdown and "\x07" not in markdown
    assert "| a\\|b\\x1b]0;x\\x07.txt | failed | 0 | bad \\| cell here |" in markdown.splitlines()


def test_csv_exports_follow_the_owasp_rule(hostile_warehouse, tmp_path):
    import csv

    result = CliRunner().invoke(
        main, ["export", "--format", "csv", "--out", str(tmp_path), "--db", str(hostile_warehouse)]
    )
    assert result.exit_code == 0, result.output
    fields = [
        field
        for path in tmp_path.glob("*.csv")
        for row in csv.reader(path.open(encoding="utf-8", newline=""))
        for field in row
    ]
    risky = [f for f in fields if f.startswith(("=", "+", "@", "\t", "\r"))]
    assert risky == []
    assert not [f for f in fields if f.startswith("-") and not f[1:2].isdigit()]
    assert "'= 248 places hors IML" in fields
    assert not any("\x1b" in f or "\x07" in f for f in fields)
    assert any(f.startswith("-") and f[1:2].isdigit() for f in fields)  # numbers stay numbers


def test_show_and_the_report_show_control_and_bidi_characters_as_escapes(
    hostile_warehouse, tmp_path
):
    (action_id,) = rows(
        hostile_warehouse,
        "SELECT action_id FROM actions JOIN documents USING (document_id) "
        "WHERE source_file = 'hostile.txt'",
    )[0]
    shown = CliRunner().invoke(main, ["show", action_id, "--db", str(hostile_warehouse)])
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.output and "\x07" not in shown.output
    assert "\\x1b]0;owned\\x07" in shown.output

    report = CliRunner().invoke(
        main, ["report", "--out", str(tmp_path / "r"), "--db", str(hostile_warehouse)]
    )
    assert report.exit_code == 0, report.output
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "r").rglob("*.html")]
    assert not [p for p in pages if "\u202e" in p or "\x1b" in p]
    assert any("\\u202e=1+1" in p for p in pages)


def test_sql_prints_text_from_documents_safely(hostile_warehouse):
    sql = "SELECT source_file, a.title FROM actions a JOIN documents USING (document_id)"
    table = CliRunner().invoke(main, ["sql", sql, "--db", str(hostile_warehouse)])
    assert table.exit_code == 0, table.output
    assert "\x1b" not in table.output and "\x07" not in table.output
    assert "\\x1b]0;owned\\x07" in table.output
    as_csv = CliRunner().invoke(main, ["sql", sql, "--csv", "--db", str(hostile_warehouse)])
    assert as_csv.exit_code == 0, as_csv.output
    assert "hostile.txt,\"'=HYPERLINK(" in as_csv.output and "\x1b" not in as_csv.output
    numbers = CliRunner().invoke(
        main, ["sql", "SELECT -5 AS n, '-5' AS t", "--csv", "--db", str(hostile_warehouse)]
    )
    assert numbers.output.splitlines()[1] == "-5,'-5"  # a number stays a number


def test_a_file_name_with_escape_sequences_reaches_no_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fiche\x1b]0;owned\x07.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "bad\x1b]0;owned\x07.txt").write_bytes(b"\x00\x00")
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(main, ["-v", "ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "FAILED: bad\\x1b]0;owned\\x07.txt: binary content" in result.output
    assert "INFO calpae.ingest.run: new fiche\\x1b]0;owned\\x07.txt" in result.output
    status = CliRunner().invoke(main, ["status", "--db", str(db)])
    assert "\x1b" not in status.output and "bad\\x1b]0;owned" in status.output


def test_an_analysts_query_returns_a_bounded_number_of_rows(warehouse, monkeypatch):
    monkeypatch.setenv("CALPAE_QUERY_ROWS", "25000")
    many = CliRunner().invoke(
        main, ["sql", "SELECT * FROM range(25001)", "--format", "json", "--db", str(warehouse)]
    )
    assert many.exit_code == 1
    assert "returns over 25,000 rows (CALPAE_QUERY_ROWS)" in many.output
    assert len(many.output.strip().splitlines()) == 1
    enough = CliRunner().invoke(main, ["sql", "SELECT * FROM range(25000)", "--db", str(warehouse)])
    assert enough.exit_code == 0 and len(enough.output.splitlines()) == 25002


# --- quiet data loss: a new version that loses most facts; a returning document ---


def test_a_truncated_new_version_is_held_and_the_loaded_facts_stay(raw_copy, db_path):
    from calpae.ingest.run import ingest

    report = "001_799a4874d703235c.txt"
    for path in raw_copy.iterdir():
        if path.name != report:
            path.unlink()
    settings = Settings(workers=1)
    first = ingest([raw_copy], db_path, settings=settings)
    assert first.counts["new"] == 1, first.lines()
    facts = (
        "SELECT count(*) FROM amounts a JOIN documents d USING (document_id) WHERE source_file = "
    )
    before = rows(db_path, f"{facts}'{report}'")
    assert before[0][0] > 50
    full = (raw_copy / report).read_bytes()
    (raw_copy / report).write_bytes(full[:300])  # truncated by a bad copy

    summary = ingest([raw_copy], db_path, settings=settings)
    assert summary.counts["held"] == 1 and summary.counts["updated"] == 0, summary.lines()
    assert any(
        line.startswith(f"HELD: {report}: new version held for review") for line in summary.lines()
    )
    assert rows(db_path, f"{facts}'{report}'") == before  # the loaded facts stay, in the marts
    (check,) = rows(
        db_path,
        "SELECT severity, message FROM data_quality WHERE check_name = 'new_version_held'",
    )
    assert check[0] == "warning" and "--accept" in check[1]
    assert (
        "held for review"
        in rows(db_path, f"SELECT last_error FROM documents WHERE source_file = '{report}'")[0][0]
    )

    again = ingest([raw_copy], db_path, settings=settings)  # held again, once in data_quality
    assert again.counts["held"] == 1
    assert rows(
        db_path, "SELECT count(*) FROM data_quality WHERE check_name = 'new_version_held'"
    ) == [(1,)]

    result = CliRunner().invoke(
        main, ["ingest", str(raw_copy), "--db", str(db_path), "--workers", "1", "--accept"]
    )
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    assert rows(db_path, f"{facts}'{report}'")[0][0] < before[0][0]
    assert rows(
        db_path, "SELECT count(*) FROM data_quality WHERE check_name = 'new_version_held'"
    ) == [(0,)]


def test_a_withdrawn_document_back_under_a_new_name_returns_to_the_marts(raw_copy, db_path):
    from calpae.ingest.run import ingest

    for name in (
        "000_4abbc878dd54ddbd.txt",
        "001_799a4874d703235c.txt",
        "002_6d0f682446c84194.txt",
    ):
        (raw_copy / name).unlink()
    settings = Settings(workers=1)
    ingest([raw_copy], db_path, settings=settings)
    saved = (raw_copy / FICHE).read_bytes()
    (raw_copy / FICHE).unlink()
    ingest([raw_copy], db_path, settings=settings)  # withdrawn
    (raw_copy / "fiche-de-retour.txt").write_bytes(saved)
    summary = ingest([raw_copy], db_path, settings=settings)
    assert f"RETURNED: fiche-de-retour.txt (was {FICHE})" in summary.lines()
    assert not [line for line in summary.lines() if line.startswith("SKIPPED")]
    assert rows(
        db_path, "SELECT source_file, withdrawn_at FROM documents WHERE source_file LIKE 'fiche%'"
    ) == [("fiche-de-retour.txt", None)]
    in_marts = (
        "SELECT count(*) FROM stg_documents WHERE document_id IN "
        "(SELECT document_id FROM documents WHERE source_file = 'fiche-de-retour.txt')"
    )
    assert rows(db_path, in_marts) == [(1,)]


# --- what the messages say -----------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):  # noqa: ANN201
    """A real file system of 48 MiB (a tmpfs; root only: skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` but for about ``leave`` bytes."""
    free = shutil.disk_usage(disk).free - leave
    with (disk / "filler").open("wb") as filler:
        while free > 0:
            chunk = min(free, 2**20)
            filler.write(b"\0" * chunk)
            free -= chunk


def test_a_full_disk_says_so_and_the_loaded_version_notes_it(raw_copy, small_disk):
    from calpae.ingest.run import ingest

    report = "001_799a4874d703235c.txt"
    for name in (
        "000_4abbc878dd54ddbd.txt",
        "002_6d0f682446c84194.txt",
        "003_03964095504adcba.txt",
    ):
        (raw_copy / name).unlink()
    db = small_disk / "calpae.duckdb"
    settings = Settings(workers=1)
    assert ingest([raw_copy], db, settings=settings).counts["new"] == 2
    before = rows(db, "SELECT count(*) FROM amounts")
    path = raw_copy / report
    path.write_text(path.read_text(encoding="utf-8") + "\nUne ligne ajoutée.\n")
    fill(small_disk, leave=256 * 1024)

    summary = ingest([raw_copy], db, settings=settings)
    (failed,) = [o for o in summary.outcomes if o.outcome == "failed"]
    assert failed.source_file == report
    assert "the disk is full" in failed.reason and "no transaction is active" not in failed.reason
    (small_disk / "filler").unlink()
    assert rows(db, "SELECT count(*) FROM amounts") == before  # the loaded version, whole
    (last_error,) = rows(db, f"SELECT last_error FROM documents WHERE source_file = '{report}'")
    assert last_error[0] and "the disk is full" in last_error[0]


def test_a_disk_full_from_the_start_is_one_line(raw_copy, small_disk):
    db = small_disk / "calpae.duckdb"
    shutil.copyfile(raw_copy / FICHE, small_disk / "fiche.txt")
    assert (
        CliRunner()
        .invoke(main, ["ingest", str(small_disk / "fiche.txt"), "--db", str(db)])
        .exit_code
        == 0
    )
    fill(small_disk, leave=0)
    (raw_copy / FICHE).write_text("FICHE ACTION N°2\nPart État 2021 : 5 000 €\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(raw_copy / FICHE), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "the disk of the warehouse is full" in result.output
    assert "no transaction is active" not in result.output and "Traceback" not in result.output


def test_a_second_ingest_says_another_is_running_and_leaves_its_run_alone(raw_copy, db_path):
    """A real first ingest in another process; the second one stops at once,
    before reading, and never marks the first run interrupted."""
    from calpae.ingest.run import IngestRunning, ingest

    first = subprocess.Popen(
        [*CLI, "ingest", str(raw_copy), "--db", str(db_path), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: db_path.exists() and running_runs(db_path) == 1, 300, "first run running")
        with pytest.raises(IngestRunning, match=r"another ingest is running on .* \(pid \d+"):
            ingest([raw_copy], db_path, settings=Settings(workers=1))
        second = CliRunner().invoke(main, ["ingest", str(raw_copy), "--db", str(db_path)])
        assert second.exit_code == 75 and "another ingest is running" in second.output
        output, _ = first.communicate(timeout=600)
    finally:
        first.kill()
        first.wait()
    assert first.returncode == 0, output
    assert "INTERRUPTED" not in output
    assert rows(db_path, "SELECT status FROM ingest_runs") == [("completed",)]


def running_runs(db: Path) -> int | None:
    try:
        return rows(db, "SELECT count(*) FROM ingest_runs WHERE status = 'running'")[0][0]
    except duckdb.Error:  # the first run holds the file, or has not made the table yet
        return None


def test_a_warehouse_in_a_folder_that_does_not_exist_is_a_mistake(raw_copy, tmp_path, monkeypatch):
    db = tmp_path / "no" / "such" / "folder" / "w.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(raw_copy / FICHE), "--db", str(db)])
    assert result.exit_code == 2 and f"no folder {db.parent}" in result.output
    assert not (tmp_path / "no").exists()
    monkeypatch.setenv("CALPAE_HOME", str(tmp_path / "home"))  # the default folder is made
    monkeypatch.delenv("CALPAE_DB", raising=False)
    monkeypatch.delenv("CALPAE_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["ingest", str(raw_copy / FICHE)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "data" / "curated" / "calpae.duckdb").is_file()


def test_an_empty_folder_says_so_and_withdraws_nothing(raw_copy, db_path, tmp_path):
    assert CliRunner().invoke(main, ["ingest", str(raw_copy), "--db", str(db_path)]).exit_code == 0
    for path in raw_copy.iterdir():  # the share did not mount: an empty folder
        path.unlink()
    (raw_copy / "notes.docx").write_bytes(b"PK")
    result = CliRunner().invoke(main, ["ingest", str(raw_copy), "--db", str(db_path)])
    assert result.exit_code == 2
    assert f"no document to read in {raw_copy}" in result.output
    assert "nothing withdrawn" in result.output
    assert rows(db_path, "SELECT count(*) FROM documents WHERE withdrawn_at IS NULL") == [(5,)]


def test_zero_workers_is_refused(raw_copy, db_path, monkeypatch):
    result = CliRunner().invoke(main, ["ingest", str(raw_copy), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
    monkeypatch.setenv("CALPAE_WORKERS", "0")
    result = CliRunner().invoke(main, ["ingest", str(raw_copy), "--db", str(db_path)])
    assert result.exit_code == 2 and "workers must be at least 1" in result.output


def test_a_link_named_on_the_command_line_out_of_its_folder_is_refused(raw_copy, db_path, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Convention d'appui… Part État 2020 : 10 000 €\n", encoding="utf-8")
    (raw_copy / "link.txt").symlink_to(secret)
    result = CliRunner().invoke(main, ["ingest", str(raw_copy / "link.txt"), "--db", str(db_path)])
    assert f"SKIPPED: link.txt: link to a file outside the folder ({secret})" in result.output
    assert "documents: 0" in result.output
    assert not db_path.exists() or rows(db_path, "SELECT count(*) FROM documents") == [(0,)]


# --- the pipeline logs what it does ------------------------------------------------


def test_verbose_and_quiet_change_what_the_run_logs(raw_copy, db_path):
    (raw_copy / "broken.txt").write_bytes(b"\x00\x00")
    (raw_copy / "notes.docx").write_bytes(b"PK")
    for name in (
        "000_4abbc878dd54ddbd.txt",
        "001_799a4874d703235c.txt",
        "002_6d0f682446c84194.txt",
    ):
        (raw_copy / name).unlink()
    args = ["ingest", str(raw_copy), "--db", str(db_path), "--workers", "1"]
    verbose = CliRunner().invoke(main, ["-v", *args]).output
    assert "INFO calpae.ingest.run: run " in verbose and "3 to read" in verbose
    assert f"INFO calpae.ingest.run: new {FICHE}" in verbose
    assert "INFO calpae.ingest.run: skipped notes.docx: unsupported file type" in verbose
    assert "WARNING calpae.ingest.run: failed broken.txt: binary content" in verbose
    assert "INFO calpae.ingest.run: run " in verbose and " done in " in verbose

    (raw_copy / FICHE).write_text("FICHE ACTION N°3\nPart État 2020 : 3 000 €\n", encoding="utf-8")
    default = CliRunner().invoke(main, args).output
    assert "INFO" not in default and "WARNING calpae.ingest.run: failed broken.txt" in default
    quiet = CliRunner().invoke(main, ["-q", *args]).output
    assert "WARNING" not in quiet and "INFO" not in quiet
    assert "FAILED: broken.txt" in quiet  # the summary itself is not a log line


def test_a_stop_signal_is_kept_in_mind_and_the_handlers_given_back():
    """Within ``stop_signals``, ``SIGTERM`` raises the exit of a process it
    ended and is remembered; outside, the previous handler is back."""
    import signal

    from calpae.ingest.stop import stop_signals

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as stopped, stop_signals() as stops:
        os.kill(os.getpid(), signal.SIGTERM)  # handled as the call returns
    assert stopped.value.code == 128 + signal.SIGTERM
    assert stops.received == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


def test_ctrl_c_during_a_load_stops_the_run_and_fails_no_document(raw_copy, db_path, monkeypatch):
    """DuckDB takes a signal that arrives during one of its statements for
    that statement's error ("Query interrupted"): the run is stopped all the
    same (``KeyboardInterrupt``), and the document being loaded is not noted
    as failed (rolled back, it is read again by the next run; should DuckDB
    let its statement end, the run stops after that load)."""
    import signal
    import threading

    from calpae.ingest import run as run_module
    from calpae.ingest.run import ingest

    for path in raw_copy.iterdir():
        if path.name != "004_33b71f1498aef849.txt":
            path.unlink()
    real_load = run_module.load

    def interrupted_load(con, facts, loaded, accept):  # noqa: ANN001, ANN202
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()
        long = "SELECT count(*) FROM range(10000000000) t(x) WHERE x % 7 = 3"
        con.execute(long).fetchall()  # the signal comes meanwhile
        return real_load(con, facts, loaded, accept)

    monkeypatch.setattr(run_module, "load", interrupted_load)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # however pytest runs
    try:
        with pytest.raises(KeyboardInterrupt):
            ingest([raw_copy], db_path, workers=1)
    finally:
        signal.signal(signal.SIGINT, previous)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        failed = "SELECT count(*) FROM documents WHERE status = 'failed' OR last_error IS NOT NULL"
        assert con.execute(failed).fetchone() == (0,)
    finally:
        con.close()
