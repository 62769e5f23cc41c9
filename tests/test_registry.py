"""Registry: unchanged files cost nothing, changed files replace their previous
version atomically, unreadable files are recorded and do not stop the batch."""

from pathlib import Path

import duckdb
import pytest
from pdf_factory import write_image_only_pdf, write_story_pdf

from calpae.ingest.run import ingest
from calpae.warehouse import load
from calpae.warehouse.schema import FACT_TABLES


def dump(db_path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {
            table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("documents", *FACT_TABLES)
        }
    finally:
        con.close()


def test_first_run_loads_every_document(raw_copy, db_path):
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["new"] == 5
    rows = dump(db_path)
    assert len(rows["documents"]) == 5
    assert {r[1] for r in rows["documents"]} == {p.name for p in raw_copy.iterdir()}
    assert summary.facts_loaded["documents"] == 5


def test_rerun_on_unchanged_files_does_no_work_and_changes_no_row(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    before = dump(db_path)

    given = []

    def process(todo, ingested_at, settings):  # who reads the documents: none to read
        given.extend(todo)
        return iter(())

    summary = ingest([raw_copy], db_path, workers=1, process=process)
    assert given == []  # no unchanged file read again
    assert summary.counts["unchanged"] == 5 and summary.facts_loaded == {}
    assert dump(db_path) == before


def test_a_changed_file_replaces_every_fact_of_its_previous_version(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    before = dump(db_path)
    target = raw_copy / "000_4abbc878dd54ddbd.txt"
    old_id = next(r[0] for r in before["documents"] if r[1] == target.name)
    target.write_text(
        "CONVENTION D'APPUI 2022\n\n"
        "Entre l'État et le Département de la Gironde, pour la lutte contre la pauvreté "
        "et l'accès à l'emploi, il est convenu de poursuivre en 2022 les actions de la "
        "convention signée par le Département de la Gironde.\n",
        encoding="utf-8",
    )

    # the new version loses most of the convention's facts: held for review
    # unless accepted (test_faults); accepted, it replaces every fact
    summary = ingest([raw_copy], db_path, workers=1, accept=True)
    assert summary.counts == {"new": 0, "updated": 1, "unchanged": 4, "failed": 0, "needs_ocr": 0}
    after = dump(db_path)
    for table, rows in after.items():
        assert all(old_id not in row for row in rows), table
    replaced = next(r for r in after["documents"] if r[1] == target.name)
    assert replaced[0] != old_id and replaced[4] == "CONVENTION D'APPUI 2022"
    departments = [r for r in after["document_departments"] if r[0] == replaced[0]]
    assert [(r[1], r[2]) for r in departments] == [("33", "Gironde")]
    untouched = [r for r in before["documents"] if r[1] != target.name]
    assert [r for r in after["documents"] if r[1] != target.name] == untouched


def test_a_crash_while_loading_leaves_the_previous_version_whole(raw_copy, db_path, monkeypatch):
    ingest([raw_copy], db_path, workers=1)
    before = dump(db_path)
    (raw_copy / "003_03964095504adcba.txt").write_text("Convention modifiée\n", encoding="utf-8")
    real_insert = load._insert

    def insert_then_crash(con, rows):
        real_insert(con, rows)
        raise OSError("disk full")

    monkeypatch.setattr(load, "_insert", insert_then_crash)
    with pytest.raises(OSError, match="disk full"):  # accepted: a new version a line long
        ingest([raw_copy], db_path, workers=1, accept=True)
    assert dump(db_path) == before


def test_unreadable_files_are_recorded_and_the_batch_goes_on(raw_copy, db_path):
    (raw_copy / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (raw_copy / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["new"] == 5 and summary.counts["failed"] == 2
    assert summary.has_failures
    rows = {r[1]: r for r in dump(db_path)["documents"]}
    assert rows["empty.txt"][8] == "failed" and "empty" in rows["empty.txt"][11]
    assert rows["binary.txt"][8] == "failed" and "binary" in rows["binary.txt"][11]
    failed_ids = {rows["empty.txt"][0], rows["binary.txt"][0]}
    quality = [q for q in dump(db_path)["extraction_checks"] if q[0] in failed_ids]
    assert sorted(q[1] for q in quality) == ["document_failed", "document_failed"]
    assert any(line.startswith("FAILED: binary.txt") for line in summary.lines())


def test_parallel_workers_load_the_same_rows_as_a_single_process(tmp_path, raw_copy):
    ingest([raw_copy], tmp_path / "serial.duckdb", workers=1)
    ingest([raw_copy], tmp_path / "parallel.duckdb", workers=2)
    serial, parallel = dump(tmp_path / "serial.duckdb"), dump(tmp_path / "parallel.duckdb")
    strip_time = [tuple(v for i, v in enumerate(r) if i != 9) for r in serial["documents"]]
    assert strip_time == [
        tuple(v for i, v in enumerate(r) if i != 9) for r in parallel["documents"]
    ]
    assert serial["document_departments"] == parallel["document_departments"]


def departments_of(db_path: Path, source_file: str) -> list[str]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT dd.department_code FROM document_departments dd "
            "JOIN documents d USING (document_id) WHERE d.source_file = ?",
            [source_file],
        ).fetchall()
    finally:
        con.close()
    return [code for (code,) in rows]


def test_a_manifest_names_the_department_and_its_change_reprocesses_only_that_file(
    raw_copy, db_path
):
    lone = "004_33b71f1498aef849.txt"
    ingest([raw_copy], db_path, workers=1)
    assert departments_of(db_path, lone) == []

    (raw_copy / "manifest.csv").write_text(f"file,department_code,doc_type\n{lone},9,\n")
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["updated"] == 1 and summary.counts["unchanged"] == 4
    assert departments_of(db_path, lone) == ["09"]


def test_a_bad_manifest_is_refused_with_its_line(raw_copy, db_path):
    (raw_copy / "manifest.csv").write_text("file,department_code,doc_type\nx.txt,99,\n")
    with pytest.raises(ValueError, match=r"manifest.csv:2: unknown department_code '99'"):
        ingest([raw_copy], db_path, workers=1)


def test_a_new_release_of_the_extractors_reprocesses_every_document(raw_copy, db_path):
    ingest([raw_copy], db_path, workers=1)
    # the documents as an earlier release loaded them (a fingerprint of other code:
    # documents are read in worker processes, which a monkeypatch here would not reach)
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE documents SET fingerprint = 'an earlier release'")
    con.close()
    summary = ingest([raw_copy], db_path, workers=1)
    assert summary.counts["updated"] == 5
    assert ingest([raw_copy], db_path, workers=1).counts["unchanged"] == 5


def test_pdfs_scans_and_broken_files_get_their_status_in_a_parallel_batch(raw_copy, db_path):
    write_story_pdf(
        raw_copy / "table.pdf",
        [
            ("heading", "Synthèse financière du Département du Gers"),
            ("paragraph", "Convention d'appui à la lutte contre la pauvreté, année 2020."),
            ("table", [["Action", "Part Etat", "Part CD"], ["Action 1-1", "155 000", ""]]),
        ],
    )
    write_image_only_pdf(raw_copy / "scan.pdf")
    good = (raw_copy / "table.pdf").read_bytes()
    (raw_copy / "cut.pdf").write_bytes(good[: len(good) // 2])

    summary = ingest([raw_copy], db_path, workers=2)

    assert summary.counts == {"new": 6, "updated": 0, "unchanged": 0, "failed": 1, "needs_ocr": 1}
    rows = {r[1]: r for r in dump(db_path)["documents"]}
    assert (rows["table.pdf"][8], rows["table.pdf"][10]) == ("ok", "pdf")
    assert rows["scan.pdf"][8] == "needs_ocr" and "no text layer" in rows["scan.pdf"][11]
    assert rows["cut.pdf"][8] == "failed" and "truncated" in rows["cut.pdf"][11]
    lines = summary.lines()
    assert any(line.startswith("NEEDS_OCR: scan.pdf: no text layer") for line in lines)
    assert any(line.startswith("FAILED: cut.pdf") for line in lines)


def test_only_what_facts_depend_on_makes_a_new_release(tmp_path):
    """A new report, CLI, flow or view re-extracts nothing; a new extractor,
    reader, vocabulary or table does."""
    from calpae.warehouse.registry import fact_sources

    files = [
        "extract/amounts/find.py",
        "readers/pdf/document.py",
        "interfaces/cli.py",
        "warehouse/database.py",
        "warehouse/load.py",
        "warehouse/models.py",
        "warehouse/schema.py",
        "outputs/report/render.py",
        "interfaces/nightly.py",
        "outputs/export.py",
        "settings.py",
        "schemas/reference/lexicon.toml",
        "schemas/reference/departements.csv",
        "warehouse/columns.csv",
        "warehouse/sql/migrations/001_core.sql",
        "warehouse/sql/schema.sql",
        "warehouse/sql/marts/action_funding.sql",
        "warehouse/sql/intermediate/int_action_figures.sql",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in fact_sources(tmp_path)] == [
        "extract/amounts/find.py",
        "readers/pdf/document.py",
        "schemas/reference/departements.csv",
        "schemas/reference/lexicon.toml",
        "warehouse/sql/migrations/001_core.sql",
    ]
