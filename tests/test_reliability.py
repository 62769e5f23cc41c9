"""Faults a nightly run meets (issue 13): a file that cannot be read or that
vanishes during the run fails alone; a failed new version never destroys
the loaded one, and is retried on the next run."""

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from calpae.ingest.run import ingest
from calpae.settings import Settings

FICHE = "004_33b71f1498aef849.txt"


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def unreadable_fiche(source, ingested_at, settings):  # runs in a worker process
    """Reading the fiche raises a permission error (root reads any file:
    permissions cannot be set up with chmod in CI), in the worker that reads it."""
    from calpae.ingest.work import process_file

    if source.source_file == FICHE:
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == FICHE:
                raise PermissionError(13, "Permission denied")
            return real(self)

        Path.read_bytes = read_bytes
    return process_file(source, ingested_at, settings)


def test_an_unreadable_file_fails_alone(raw_copy, db_path):
    from functools import partial

    from calpae.ingest.pool import process_all

    settings = Settings(workers=1)
    work = partial(unreadable_fiche, settings=settings)
    summary = ingest(
        [raw_copy], db_path, process=partial(process_all, work=work), settings=settings
    )
    assert_fails_alone(summary, db_path, "cannot read the file: Permission denied")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_deleted_during_the_run_fails_alone(raw_copy, db_path, monkeypatch, workers):
    """The file is deleted after the run planned it, before a worker reads it."""
    from calpae.ingest import run

    real_plan = run.plan_batch

    def plan_then_delete(*args):
        planned = real_plan(*args)
        (raw_copy / FICHE).unlink(missing_ok=True)
        return planned

    monkeypatch.setattr(run, "plan_batch", plan_then_delete)
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

    (raw_copy / FICHE).write_text(
        (Path("data/raw") / FICHE).read_text(encoding="utf-8") + "\nUne ligne de plus.\n",
        encoding="utf-8",
    )
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


@pytest.mark.parametrize(
    ("encode", "replaced"),
    [
        (lambda text: text.encode("utf-16"), 0),  # with a byte-order mark
        (lambda text: text.encode("utf-16-le"), 0),  # without one
        (lambda text: text.encode("utf-16-be"), 0),
        (lambda text: text.encode("cp1252", errors="replace"), 0),
        (lambda text: text.encode("utf-8").replace("é".encode(), b"\xe9", 2), 2),  # two bad bytes
    ],
    ids=["utf-16-bom", "utf-16-le", "utf-16-be", "windows-1252", "utf-8-two-bad-bytes"],
)
def test_text_exports_in_other_encodings_are_read(tmp_path, encode, replaced):
    from calpae.ingest.work import process_file
    from calpae.readers.document import read_document
    from calpae.warehouse.registry import SourceFile

    text = (Path("data/raw") / FICHE).read_text(encoding="utf-8")
    path = tmp_path / FICHE
    path.write_bytes(encode(text))
    document = read_document(path)
    assert document.status == "ok" and document.replaced_bytes == replaced
    assert "accompagnement global renforcé" in "\n".join(b.text for b in document.blocks)
    from datetime import datetime

    facts = process_file(SourceFile(path, FICHE, None), datetime(2026, 1, 1))
    checks = [r for r in facts.rows if getattr(r, "check_name", "") == "text_bytes_replaced"]
    assert len(checks) == (1 if replaced else 0)
    assert len([r for r in facts.rows if r.table == "amounts"]) >= 4


def hold_the_warehouse(db: str, seconds: float, ready) -> None:  # in another process
    con = duckdb.connect(db)
    ready.set()
    import time

    time.sleep(seconds)
    con.close()


def held_copy(warehouse: Path, tmp_path: Path, seconds: float):
    """A copy of the warehouse that another process holds for ``seconds``."""
    import multiprocessing
    import shutil

    db = tmp_path / "busy.duckdb"
    shutil.copyfile(warehouse, db)
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    holder = context.Process(target=hold_the_warehouse, args=(str(db), seconds, ready))
    holder.start()
    assert ready.wait(30)
    return db, holder


def test_a_busy_warehouse_is_one_line_and_its_own_exit_code(
    sample_warehouse, tmp_path, monkeypatch
):

    from click.testing import CliRunner

    from calpae.interfaces.cli import EXIT_LOCKED, main

    db, holder = held_copy(sample_warehouse, tmp_path, seconds=20)
    try:
        monkeypatch.setenv("CALPAE_LOCK_WAIT", "1")
        runner = CliRunner()
        for command in (["sql", "SELECT 1"], ["status"], ["ingest", "data/raw"]):
            result = runner.invoke(main, [*command, "--db", str(db)])
            assert result.exit_code == EXIT_LOCKED, (command, result.output)
            assert "in use by another process" in result.output
            lines = [line for line in result.output.splitlines() if line.strip()]
            assert "Traceback" not in result.output and len(lines) == 1
    finally:
        holder.terminate()
        holder.join()


def test_a_load_waits_for_a_reader_to_let_go(sample_warehouse, tmp_path, monkeypatch):
    """The nightly load waits (bounded) while an analyst holds the file."""
    import time

    from calpae.warehouse.database import open_database

    db, holder = held_copy(sample_warehouse, tmp_path, seconds=2)
    started = time.monotonic()
    con = open_database(db, wait=30)
    waited = time.monotonic() - started
    con.close()
    holder.join()
    assert waited > 0.5


def test_a_very_long_line_keeps_every_amount():
    """One 400 000-character line (money scanning is linear: bench.long_line)."""
    from tests.text_factory import facts_of

    text = (
        "# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ 2020\n\n"
        "Le Département du Gers et l'État conviennent. "
        + "Le Département finance 1 000 € pour l'action en 2020. "
        * 7_500
    )
    amounts = [row for row in facts_of(text).rows if row.table == "amounts"]
    assert len(amounts) == 7_500 and {a.amount_eur for a in amounts} == {Decimal("1000.00")}
    assert {(a.funder, a.year) for a in amounts} == {("departement", 2020)}


def crash_on_the_fiche(source, ingested_at):  # runs in a worker process
    import os

    from calpae.ingest.work import process_file

    once = os.environ.get("CALPAE_TEST_CRASH_ONCE")
    if source.source_file == FICHE and (once is None or not Path(once).exists()):
        if once:
            Path(once).touch()
        os._exit(9)  # the worker dies, as when the kernel kills it
    return process_file(source, ingested_at)


@pytest.mark.parametrize("again", [True, False], ids=["dies-every-time", "dies-once"])
def test_a_dying_worker_fails_only_its_document(raw_copy, tmp_path, monkeypatch, again):
    from datetime import datetime

    from calpae.ingest.pool import process_all
    from calpae.warehouse.registry import discover

    if not again:
        monkeypatch.setenv("CALPAE_TEST_CRASH_ONCE", str(tmp_path / "crashed"))
    sources = discover([raw_copy])
    settings = Settings(workers=2)
    facts = list(process_all(sources, datetime(2026, 1, 1), settings, crash_on_the_fiche))
    status = {f.document.source_file: f.document.status for f in facts}
    assert len(facts) == 5 and set(status) == {s.source_file for s in sources}
    others = {name: state for name, state in status.items() if name != FICHE}
    assert set(others.values()) == {"ok"}
    if again:
        assert status[FICHE] == "failed"
        (fiche,) = [f for f in facts if f.document.source_file == FICHE]
        assert "worker process died" in fiche.document.status_reason
    else:
        assert status[FICHE] == "ok"  # tried again alone, and read


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("CALPAE_MAX_BYTES", "100000", "over the limit of 100,000 (CALPAE_MAX_BYTES)"),
        ("CALPAE_MAX_PAGES", "30", "over the limit of 30 (CALPAE_MAX_PAGES)"),
    ],
)
def test_a_document_over_a_limit_fails_alone_with_its_reason(
    raw_copy, db_path, monkeypatch, variable, value, reason
):
    """001 (7 400 lines, 190 pages, seconds of work) breaks each limit; the
    lone fiche does not."""
    from calpae.settings import load_settings

    settings = load_settings(environ={variable: value})
    summary = ingest([raw_copy], db_path, workers=1, settings=settings)
    failed = {o.source_file: o.reason for o in summary.outcomes if o.outcome == "failed"}
    assert "001_799a4874d703235c.txt" in failed and reason in failed["001_799a4874d703235c.txt"]
    assert "004_33b71f1498aef849.txt" not in failed  # the lone fiche


def stuck_on_the_report(source, ingested_at, settings):  # runs in a worker process
    """Reading 001 never ends (a reader stuck on a hostile file); the others
    are read as usual."""
    import time

    from calpae.ingest import work

    real = work.read_and_extract
    if source.source_file == "001_799a4874d703235c.txt":
        work.read_and_extract = lambda *args, **kwargs: time.sleep(3600)
    try:
        return work.process_file(source, ingested_at, settings)
    finally:
        work.read_and_extract = real


def test_a_document_over_its_time_limit_fails_alone_with_its_reason(raw_copy, db_path):
    """The alarm of the document's wall time rings in its worker (20 s: time
    enough for a busy machine to read the fiche)."""
    from functools import partial

    from calpae.ingest.pool import process_all

    for name in (
        "000_4abbc878dd54ddbd.txt",
        "002_6d0f682446c84194.txt",
        "003_03964095504adcba.txt",
    ):
        (raw_copy / name).unlink()
    settings = Settings(workers=2, max_seconds=20)
    work = partial(stuck_on_the_report, settings=settings)
    summary = ingest(
        [raw_copy], db_path, process=partial(process_all, work=work), settings=settings
    )
    failed = {o.source_file: o.reason for o in summary.outcomes if o.outcome == "failed"}
    assert failed == {"001_799a4874d703235c.txt": "took over 20 s (CALPAE_MAX_SECONDS): stopped"}
    assert summary.counts["new"] == 1


# --- the registry follows the folder (#5) ---


def test_a_renamed_file_is_moved_not_copied(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    before = rows(db_path, "SELECT count(*) FROM amounts")
    (raw_copy / FICHE).rename(raw_copy / "fiche-renamed.txt")
    summary = ingest([raw_copy], db_path, workers=1)
    assert f"MOVED: {FICHE} -> fiche-renamed.txt" in summary.lines()
    assert summary.counts["new"] == 0 and summary.counts["updated"] == 0
    assert rows(db_path, "SELECT count(*) FROM documents WHERE withdrawn_at IS NULL") == [(5,)]
    assert rows(db_path, "SELECT count(*) FROM amounts") == before
    assert rows(db_path, f"SELECT count(*) FROM documents WHERE source_file = '{FICHE}'") == [(0,)]


def test_a_renamed_and_edited_file_withdraws_the_old_version(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    text = (raw_copy / FICHE).read_text(encoding="utf-8")
    (raw_copy / FICHE).unlink()
    (raw_copy / "fiche-v2.txt").write_text(text + "\nUne ligne ajoutée.\n", encoding="utf-8")
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["new"] == 1
    assert any(line.startswith(f"WITHDRAWN: {FICHE}") for line in summary.lines())
    live = rows(db_path, "SELECT source_file FROM documents WHERE withdrawn_at IS NULL")
    assert ("fiche-v2.txt",) in live and (FICHE,) not in live
    # the withdrawn version's facts stay, for history, out of the marts
    assert rows(db_path, "SELECT count(*) FROM documents") == [(6,)]
    in_marts = rows(db_path, "SELECT count(DISTINCT document_id) FROM stg_documents")
    assert in_marts == [(5,)]


def test_a_deleted_file_is_withdrawn_and_returns_when_it_is_back(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    saved = (raw_copy / FICHE).read_bytes()
    (raw_copy / FICHE).unlink()
    summary = ingest([raw_copy], db_path, workers=1)
    assert any(line.startswith(f"WITHDRAWN: {FICHE}") for line in summary.lines())
    assert rows(
        db_path,
        f"SELECT status, withdrawn_at IS NOT NULL FROM documents WHERE source_file = '{FICHE}'",
    ) == [("ok", True)]
    (raw_copy / FICHE).write_bytes(saved)
    summary = ingest([raw_copy], db_path, workers=1)
    assert f"RETURNED: {FICHE}" in summary.lines()
    assert rows(db_path, f"SELECT withdrawn_at FROM documents WHERE source_file = '{FICHE}'") == [
        (None,)
    ]


def test_a_file_named_alone_withdraws_nothing(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    ingest([raw_copy / FICHE], db_path, workers=1)
    assert rows(db_path, "SELECT count(*) FROM documents WHERE withdrawn_at IS NOT NULL") == [(0,)]


def test_two_files_of_the_same_content_are_one_document_with_both_paths(raw_copy, db_path):
    (raw_copy / "copy-of-the-fiche.txt").write_bytes((raw_copy / FICHE).read_bytes())
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["new"] == 5 and len(summary.outcomes) == 5
    assert rows(db_path, "SELECT count(*) FROM documents") == [(5,)]
    (copy,) = rows(db_path, "SELECT path, reason FROM skipped_files")
    assert copy[0] in (FICHE, "copy-of-the-fiche.txt") and "same content as" in copy[1]


def test_every_skipped_file_has_a_line_and_a_row(raw_copy, db_path, tmp_path):
    (raw_copy / "notes.docx").write_bytes(b"PK\x03\x04")
    (raw_copy / ".DS_Store").write_bytes(b"\x00")
    outside = tmp_path / "secret.txt"
    outside.write_text("Convention d'appui … 10 000 €", encoding="utf-8")
    (raw_copy / "link-out.txt").symlink_to(outside)
    (raw_copy / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["new"] == 5
    skipped = dict(rows(db_path, "SELECT path, reason FROM skipped_files"))
    assert skipped["notes.docx"].startswith("unsupported file type .docx")
    assert skipped[".DS_Store"] == "hidden file"
    assert skipped["link-out.txt"].startswith("link to a file outside the folder")
    assert skipped["broken.txt"] == "broken link"
    lines = summary.lines()
    assert all(any(line.startswith(f"SKIPPED: {path}:") for line in lines) for path in skipped)


def hog_on_the_fiche(source, ingested_at):  # runs in a worker process
    from calpae.ingest.work import process_file

    if source.source_file == FICHE:
        hog = bytearray(2 * 2**30)  # more than the worker may use
        hog[-1] = 1
    return process_file(source, ingested_at)


def test_a_worker_may_use_no_more_memory_than_its_limit(raw_copy, monkeypatch):
    from datetime import datetime

    from calpae.ingest.pool import process_all
    from calpae.warehouse.registry import discover

    settings = Settings(workers=2, max_worker_memory=1536 * 2**20)
    sources = discover([raw_copy])
    facts = list(process_all(sources, datetime(2026, 1, 1), settings, hog_on_the_fiche))
    status = {f.document.source_file: f.document for f in facts}
    assert status[FICHE].status == "failed" and "MemoryError" in status[FICHE].status_reason
    assert {d.status for name, d in status.items() if name != FICHE} == {"ok"}


def test_a_load_that_fails_on_disk_leaves_the_previous_version_and_the_batch_goes_on(
    raw_copy, db_path, monkeypatch
):
    """A full disk (or any I/O error) in the middle of one document's load: that
    load rolls back, its previous version stays whole, the others load."""
    from calpae.warehouse import load

    ingest([raw_copy], db_path, workers=1)
    before = rows(db_path, "SELECT count(*) FROM amounts")
    for file in raw_copy.glob("*.txt"):
        file.write_text(file.read_text(encoding="utf-8") + "\nLigne ajoutée.\n", encoding="utf-8")
    real_insert = load._insert

    def insert(con, records):
        if any(getattr(r, "source_file", "") == FICHE for r in records):
            real_insert(con, records)  # the document row goes in, then the disk is full
            raise duckdb.IOException("No space left on device")
        real_insert(con, records)

    monkeypatch.setattr(load, "_insert", insert)
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["updated"] == 4 and summary.counts["failed"] == 1
    (failed,) = [o for o in summary.outcomes if o.outcome == "failed"]
    assert failed.source_file == FICHE and "No space left on device" in failed.reason
    assert rows(db_path, "SELECT count(*) FROM amounts") == before  # each version whole
    (fiche,) = rows(db_path, f"SELECT sha256 FROM documents WHERE source_file = '{FICHE}'")
    assert fiche[0] != sha_of((raw_copy / FICHE).read_bytes())  # still the previous version
    monkeypatch.setattr(load, "_insert", real_insert)
    summary = ingest([raw_copy], db_path, workers=1)  # tried again: it loads
    assert summary.counts["updated"] == 1 and not summary.has_failures


def sha_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_a_run_killed_midway_leaves_a_trace_the_next_run_reports(raw_copy, db_path):
    import signal
    import subprocess
    import sys
    import time

    calpae = Path(sys.executable).parent / "calpae"
    run = subprocess.Popen(
        [str(calpae), "ingest", str(raw_copy), "--db", str(db_path), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it once it has started loading
        if db_path.exists() and rows_or_none(db_path, "SELECT count(*) FROM ingest_runs"):
            break
        time.sleep(0.2)
    import os

    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert rows(db_path, "SELECT status FROM ingest_runs") == [("running",)]
    summary = ingest([raw_copy], db_path, workers=1)
    assert any(line.startswith("INTERRUPTED: 1 earlier run") for line in summary.lines())
    assert sorted(rows(db_path, "SELECT status FROM ingest_runs")) == [
        ("completed",),
        ("interrupted",),
    ]


def rows_or_none(db: Path, sql: str):
    try:
        return rows(db, sql)[0][0]
    except duckdb.Error:
        return None


def sources_of_small_documents(folder: Path, count: int) -> list:
    from calpae.warehouse.registry import discover_all

    folder.mkdir()
    for n in range(count):
        (folder / f"fiche{n}.txt").write_text(
            f"FICHE ACTION N°{n}\nPart État 2020 : {n + 1} 000 €\n", encoding="utf-8"
        )
    return discover_all([folder]).sources


def test_the_run_lets_go_of_each_documents_facts_once_loaded(tmp_path):
    """A run of 1 000 documents must not hold every document's facts until it
    ends: once yielded (and loaded), a document's facts can be freed."""
    import gc
    import weakref
    from datetime import datetime

    from calpae.ingest.pool import process_all

    sources = sources_of_small_documents(tmp_path / "raw", 6)
    refs = []
    for facts in process_all(sources, datetime(2026, 1, 1), Settings(workers=2)):
        refs.append(weakref.ref(facts))
        del facts
        gc.collect()
        assert [r() is None for r in refs[:-1]] == [True] * (len(refs) - 1)
    assert len(refs) == 6


NO_WORKER_SCRIPT = """
import sys
if __name__ != "__main__":  # a spawned worker re-imports this script: it dies here
    sys.exit(3)
from datetime import datetime
from pathlib import Path
from calpae.ingest.pool import process_all
from calpae.settings import Settings
from calpae.warehouse.registry import discover

sources = discover([Path(sys.argv[1])])
for facts in process_all(sources, datetime(2026, 1, 1), Settings(workers=2)):
    print(facts.document.status, "|", facts.document.status_reason)
"""


def test_workers_that_die_as_they_start_fail_the_documents_once(raw_copy, tmp_path):
    """Worker processes that die before reading anything (here: the program's
    main module, which each spawned worker re-imports, exits) fail every
    document with the reason, once, instead of starting pool after pool."""
    import subprocess
    import sys

    script = tmp_path / "starts_no_worker.py"
    script.write_text(NO_WORKER_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(raw_copy)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert len(lines) == len(list(raw_copy.iterdir())), done.stdout
    assert all(line.startswith("failed | no worker process could start") for line in lines)
    assert done.stderr.count("a worker process died") == 0


class Scripted:
    """Facts handed on one by one, saying ``ready`` as scripted; before
    handing on each one after the first, it notes whether another process
    can open the warehouse (``openable``)."""

    def __init__(self, facts: list, ready: list[bool], db: Path) -> None:
        self.facts, self.answers, self.db = list(facts), list(ready), db
        self.openable: list[bool] = []
        self.handed = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.handed == len(self.facts):
            raise StopIteration
        if self.handed:
            self.openable.append(opens_in_another_process(self.db))
        self.handed += 1
        return self.facts[self.handed - 1]

    def ready(self) -> bool:
        return self.answers[self.handed - 1]


def opens_in_another_process(db: Path) -> bool:
    """Whether another process can open the warehouse (DuckDB locks the
    file of a writing process against any other)."""
    import subprocess
    import sys

    probe = f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).close()"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300
    )
    if done.returncode and "lock" not in done.stderr.lower():
        raise AssertionError(done.stderr)
    return done.returncode == 0


def test_the_warehouse_is_let_go_whenever_the_run_waits_for_its_readers(raw_copy, db_path):
    """The run keeps the warehouse open from a load to the next while the
    next document is at hand (its readers say it is ``ready``), and closes it
    whenever it has to wait for them: another process (an analyst's query,
    the report) can then open it. Every document is loaded either way."""
    from datetime import datetime

    from calpae.ingest.pool import process_all

    ready = [True, True, False, True, False]
    scripted: list[Scripted] = []

    def process(todo, ingested_at: datetime, settings: Settings) -> Scripted:
        facts = sorted(
            process_all(todo, ingested_at, settings), key=lambda f: f.document.source_file
        )
        scripted.append(Scripted(facts, ready, db_path))
        return scripted[0]

    summary = ingest([raw_copy], db_path, process=process, settings=Settings(workers=2))
    assert summary.counts["new"] == 5
    assert scripted[0].openable == [False, False, True, False]  # after each of the first 4 loads
    assert rows(db_path, "SELECT count(*) FROM documents") == [(5,)]


def test_the_readers_say_when_their_next_document_is_at_hand(tmp_path):
    """``process_all`` says ``ready`` once a document it has not handed on
    yet has been read, and not after its last."""
    import time
    from datetime import datetime

    from calpae.ingest.pool import process_all

    sources = sources_of_small_documents(tmp_path / "raw", 3)
    completing = process_all(sources, datetime(2026, 1, 1), Settings(workers=2))
    handed = [next(completing)]
    deadline = time.monotonic() + 300  # a busy machine reads the others in a second or so
    while not completing.ready() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert completing.ready()
    handed += list(completing)
    assert len(handed) == 3 and not completing.ready()
