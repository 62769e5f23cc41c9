"""Kill the nightly ingest with SIGKILL, again and again, mid-run, and check
that no fact is lost: every document stays wholly its old version or wholly
its new one, and a last, uninterrupted run gives what a fresh ingest gives.

    .venv/bin/python -m bench.kill_loop [--kills 20] [--seed 7]

It prints, per kill, when it came and how many documents were old / new /
broken; then survived / lost. The corpus is ``data/raw``, and its new version
the same files with a line added to each.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
FACTS = ("amounts", "indicator_values", "actions", "document_dates")


def ingest(folder: Path, db: Path) -> subprocess.Popen:
    calpae = Path(sys.executable).parent / "calpae"
    command = [str(calpae), "ingest", str(folder), "--db", str(db), "--workers", "2"]
    environment = {**os.environ, "CALPAE_LOCK_WAIT": "5"}
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=environment,
    )


def counts(db: Path) -> dict[str, tuple[str, tuple[int, ...]]]:
    """source_file → (sha256, rows per fact relation) of the documents loaded."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = {}
        for source_file, document_id, sha in con.execute(
            "SELECT source_file, document_id, sha256 FROM documents"
        ).fetchall():
            rows = tuple(
                con.execute(
                    f"SELECT count(*) FROM {table} WHERE document_id = ?", [document_id]
                ).fetchone()[0]
                for table in FACTS
            )
            result[source_file] = (sha, rows)
        return result
    finally:
        con.close()


def dump(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(
                map(repr, con.execute(f"SELECT * EXCLUDE (document_id) FROM {table}").fetchall())
            )
            for table in FACTS
        }
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="calpae-kill-") as tmp:
        root = Path(tmp)
        old, new = root / "old", root / "new"
        shutil.copytree(RAW, old)
        shutil.copytree(RAW, new)
        for file in new.glob("*.txt"):
            file.write_text(
                file.read_text(encoding="utf-8") + "\nLigne ajoutée.\n", encoding="utf-8"
            )
        for version in (old, new):
            ingest(version, root / f"{version.name}.duckdb").wait()
        expected = {"old": counts(root / "old.duckdb"), "new": counts(root / "new.duckdb")}
        print(f"fresh ingest of each version: {len(expected['new'])} documents")

        folder, db = root / "in", root / "w.duckdb"
        survived = lost = 0
        for kill in range(1, args.kills + 1):
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(old, folder)
            ingest(folder, db).wait()  # the warehouse holds the old version
            for file in new.glob("*.txt"):  # the night's new files
                shutil.copyfile(file, folder / file.name)
            run = ingest(folder, db)
            delay = chance.uniform(0.5, 9.0)
            time.sleep(delay)
            finished = run.poll() is not None
            if not finished:
                os.killpg(run.pid, signal.SIGKILL)
            run.wait()
            state = counts(db)
            whole = {"old": 0, "new": 0, "broken": 0}
            for source_file, loaded in state.items():
                if loaded == expected["new"].get(source_file):
                    whole["new"] += 1
                elif loaded == expected["old"].get(source_file):
                    whole["old"] += 1
                else:
                    whole["broken"] += 1
            ok = whole["broken"] == 0 and len(state) == len(expected["new"])
            survived += ok
            lost += whole["broken"]
            print(
                f"kill {kill:>2} at {delay:4.1f} s{' (run had ended)' if finished else ''}: "
                f"{whole['old']} old, {whole['new']} new, {whole['broken']} broken"
            )
        ingest(folder, db).wait()
        converged = dump(db) == dump(root / "new.duckdb")
        print(
            f"survived {survived}/{args.kills}; documents lost or broken: {lost}; "
            f"a last run equals a fresh ingest: {converged}"
        )


if __name__ == "__main__":
    main()
