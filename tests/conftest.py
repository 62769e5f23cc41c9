import shutil
from pathlib import Path

import pytest

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(autouse=True)
def outputs_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes a report or an export into the checkout's data/."""
    monkeypatch.setenv("CALPAE_REPORT", str(tmp_path / "report"))
    monkeypatch.setenv("CALPAE_EXPORT", str(tmp_path / "export"))


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of the sample corpus, free to modify."""
    folder = tmp_path / "raw"
    shutil.copytree(RAW, folder)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A warehouse in a folder of its own (a run does not create the folder of
    a warehouse given to it: only the default data/curated/)."""
    (tmp_path / "curated").mkdir()
    return tmp_path / "curated" / "calpae.duckdb"


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once for the session (read it, never write)."""
    from calpae.ingest.run import ingest

    folder = tmp_path_factory.mktemp("sample")
    shutil.copytree(RAW, folder / "raw")
    db = folder / "calpae.duckdb"
    ingest([folder / "raw"], db, workers=1)
    return db
