"""PDF parity: the share of the facts found in a document's text export that
its PDF, made by each producer, reproduces.

    .venv/bin/python -m bench.parity                       # every producer, the corpus
    .venv/bin/python -m bench.parity --producer chromium 000_4abbc878dd54ddbd.txt

Facts are compared as multisets, per relation, on what they mean, never on
where they stand (a PDF has its own pages and lines):

- amounts on (département, year, funder, nature, value);
- actions on (département, ref, title), the title in lower case with its
  apostrophes and dashes in one form (OCR reads "l’offre – CLSMS" as
  "l'offre - CLSMS": the same title);
- indicator values on (département, year, target, value);
- dates on (kind, date).

PDFs are rendered by ``tests/producers.py`` (cached); a producer that is not
installed, with nothing cached, is skipped and said so.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb

from calpae.ingest.run import ingest
from tests.producers import PRODUCERS, RAW, rendered

RELATIONS = {
    "amounts": "SELECT d.source_file, a.department_code, a.year, a.funder, a.nature, "
    "CAST(a.amount_eur AS VARCHAR) FROM amounts a JOIN documents d USING (document_id)",
    "actions": "SELECT d.source_file, a.department_code, a.action_ref, "
    "translate(lower(regexp_replace(a.title, '\\s+', ' ', 'g')), '’‘–—', '''''--') "
    "FROM actions a "
    "JOIN documents d USING (document_id)",
    "indicators": "SELECT d.source_file, v.department_code, v.year, v.is_target, v.value_num "
    "FROM indicator_values v JOIN documents d USING (document_id)",
    "dates": "SELECT d.source_file, t.kind, CAST(t.date AS VARCHAR) FROM document_dates t "
    "JOIN documents d USING (document_id)",
}


@dataclass
class Parity:
    producer: str
    documents: int
    pages: int
    seconds: float
    shares: dict[str, tuple[int, int]]  # relation → (reproduced, text-export facts)
    status: Counter
    missed: dict[str, Counter]  # text-export facts the PDF does not reproduce
    extra: dict[str, Counter]  # PDF facts the text export does not have


def facts(db: Path) -> dict[str, Counter]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = {}
        for relation, sql in RELATIONS.items():
            result[relation] = Counter(
                (Path(row[0]).stem, *row[1:]) for row in con.execute(sql).fetchall()
            )
        return result
    finally:
        con.close()


def ingest_folder(
    files: list[Path], workers: int
) -> tuple[dict[str, Counter], Counter, int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for file in files:
            shutil.copyfile(file, folder / file.name)
        db = Path(tmp) / "w.duckdb"
        start = time.perf_counter()
        ingest([folder], db, workers=workers)
        seconds = time.perf_counter() - start
        con = duckdb.connect(str(db), read_only=True)
        status = Counter(r[0] for r in con.execute("SELECT status FROM documents").fetchall())
        (pages,) = con.execute("SELECT coalesce(sum(pages), 0) FROM documents").fetchone()
        con.close()
        return facts(db), status, int(pages), seconds


def parity(producer: str, names: list[str], workers: int = 2) -> Parity | None:
    pdfs = []
    for name in names:
        pdf = rendered(producer, name, (RAW / name).read_text(encoding="utf-8"))
        if pdf is None:
            return None
        pdfs.append(pdf)
    text_facts, _, _, _ = ingest_folder([RAW / name for name in names], workers)
    pdf_facts, status, pages, seconds = ingest_folder(pdfs, workers)
    shares = {
        relation: (
            sum((text_facts[relation] & pdf_facts[relation]).values()),
            sum(text_facts[relation].values()),
        )
        for relation in RELATIONS
    }
    missed = {r: text_facts[r] - pdf_facts[r] for r in RELATIONS}
    extra = {r: pdf_facts[r] - text_facts[r] for r in RELATIONS}
    return Parity(producer, len(pdfs), pages, seconds, shares, status, missed, extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="files of data/raw (default: all)")
    parser.add_argument("--producer", choices=sorted(PRODUCERS), action="append")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="list N missed and extra facts")
    args = parser.parse_args()
    names = args.names or sorted(p.name for p in RAW.glob("*.txt"))
    print(
        f"{'producer':<12} {'docs':>4} {'pages':>5} {'pages/s':>7}  "
        + "  ".join(f"{r:>18}" for r in RELATIONS)
        + "  status"
    )
    for producer in args.producer or sorted(PRODUCERS):
        result = parity(producer, names, args.workers)
        if result is None:
            print(f"{producer:<12} not installed, nothing cached")
            continue
        cells = "  ".join(
            f"{(found / total if total else 1):>6.3f} ({found:>4}/{total:>4})"
            for found, total in result.shares.values()
        )
        rate = result.pages / result.seconds if result.seconds else 0
        print(
            f"{producer:<12} {result.documents:>4} {result.pages:>5} {rate:>7.1f}  {cells}  "
            f"{dict(result.status)}"
        )
        for relation in RELATIONS if args.show else ():
            for label, facts_ in (("missed", result.missed), ("extra", result.extra)):
                for fact in sorted(facts_[relation], key=repr)[: args.show]:
                    print(f"    {relation} {label}: {fact}")


if __name__ == "__main__":
    main()
