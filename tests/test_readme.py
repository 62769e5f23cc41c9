"""The README's examples run as written: every fenced block right after an
``<!-- example -->`` line, in a copy of the project's folders (the sample
corpus in ``data/raw``, the project's ``.venv``), from that folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = re.compile(r"<!-- example -->\n```(\w+)\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    return EXAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data" / "raw", home / "data" / "raw")
    (home / ".venv").symlink_to(Path(sys.executable).parents[1])
    return home


def run_example(language: str, code: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALPAE_")}
    env["CALPAE_HOME"] = str(home)
    command = (
        ["bash", "-euo", "pipefail", "-c", code]
        if language == "bash"
        else [sys.executable, "-c", code]
    )
    return subprocess.run(command, cwd=home, env=env, capture_output=True, text=True, timeout=600)


def test_the_readme_has_examples():
    assert {language for language, _ in examples()} == {"bash", "python"}


@pytest.mark.parametrize(("language", "code"), examples(), ids=lambda v: str(v)[:30])
def test_a_readme_example_runs_as_written(project, language, code):
    result = run_example(language, code, project)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr


SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.DOTALL)


def sql_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        statement.strip()
        for block in SQL_BLOCK.findall(text)
        for statement in block.split(";")
        if statement.strip()
        and not all(line.strip().startswith("--") for line in statement.strip().splitlines())
    ]


def test_the_readme_has_sql_examples():
    assert len(sql_examples()) >= 6


@pytest.mark.parametrize("statement", sql_examples(), ids=lambda s: " ".join(s.split())[:40])
def test_a_readme_query_runs_on_the_analysts_connection(sample_warehouse, statement):
    from calpae.warehouse.database import connect

    con = connect(sample_warehouse, read_only=True)
    try:
        con.execute(statement).fetchall()
    finally:
        con.close()
