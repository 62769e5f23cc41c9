"""The registry: which files there are, what the operator says of them, and
which need work.

A file needs (re)processing when its *fingerprint* differs from the one of its
loaded version. The fingerprint covers everything its facts depend on:

- the file's content (SHA-256);
- its manifest entry (département or doc type given by the operator);
- the extraction code itself (every source file of the ``calpae`` package), so
  that a new release re-extracts every document on the next nightly run.

Manifest: an optional ``manifest.csv`` at the root of an ingested folder, with
columns ``file,department_code,doc_type`` (``file`` is the path relative to the
folder; either of the other two may be empty)::

    file,department_code,doc_type
    004_33b71f1498aef849.txt,47,
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from calpae.schemas.reference import departments

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")
MANIFEST_NAME = "manifest.csv"
DOC_TYPES = (
    "convention",
    "avenant",
    "rapport_execution",
    "deliberation",
    "fiche_action",
    "recueil_actes",
    "other",
)


@dataclass(frozen=True)
class ManifestEntry:
    department_code: str | None = None
    doc_type: str | None = None

    def __str__(self) -> str:
        return f"department_code={self.department_code or ''};doc_type={self.doc_type or ''}"


@dataclass(frozen=True)
class SourceFile:
    path: Path
    source_file: str
    """The registry key: path relative to the folder it was found in, or the
    file name when the file was named directly."""
    manifest: ManifestEntry | None = None


@dataclass(frozen=True)
class Loaded:
    sha256: str
    document_id: str
    fingerprint: str | None
    status: str = "ok"


def read_manifest(folder: Path) -> dict[str, ManifestEntry]:
    """The manifest of a folder, checked: unknown codes or types are errors."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    codes = {d.code for d in departments()}
    entries: dict[str, ManifestEntry] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line_number, row in enumerate(csv.DictReader(handle), start=2):
            code = (row.get("department_code") or "").strip() or None
            doc_type = (row.get("doc_type") or "").strip() or None
            if code and code.isdigit() and len(code) == 1:
                code = f"0{code}"  # spreadsheets drop the leading zero of "01"…"09"
            if code is not None and code not in codes:
                raise ValueError(f"{path}:{line_number}: unknown department_code {code!r}")
            if doc_type is not None and doc_type not in DOC_TYPES:
                raise ValueError(f"{path}:{line_number}: unknown doc_type {doc_type!r}")
            entries[row["file"].strip()] = ManifestEntry(code, doc_type)
    return entries


def discover(paths: list[Path]) -> list[SourceFile]:
    """Supported files under the given files and folders, in a stable order."""
    found: list[SourceFile] = []
    for path in paths:
        if path.is_dir():
            manifest = read_manifest(path)
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in SUPPORTED_SUFFIXES:
                    key = file.relative_to(path).as_posix()
                    found.append(SourceFile(file, key, manifest.get(key)))
        elif path.exists():
            manifest = read_manifest(path.parent)
            found.append(SourceFile(path, path.name, manifest.get(path.name)))
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


@cache
def code_fingerprint() -> str:
    """Hash of every source, SQL and reference file of the calpae package."""
    digest = hashlib.sha256()
    root = resources.files("calpae")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.suffix in (".py", ".sql", ".csv") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(Path(str(root))).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_id_of(sha256: str) -> str:
    """A document is its content: same bytes, same id, wherever the file lies."""
    return sha256[:16]


def fingerprint(sha256: str, manifest: ManifestEntry | None) -> str:
    key = f"{sha256}|{manifest or ''}|{code_fingerprint()}"
    return hashlib.sha256(key.encode()).hexdigest()


def loaded_documents(con: duckdb.DuckDBPyConnection) -> dict[str, Loaded]:
    """source_file → what is loaded for it."""
    rows = con.execute(
        "SELECT source_file, sha256, document_id, fingerprint, status FROM documents"
    ).fetchall()
    return {source_file: Loaded(*rest) for source_file, *rest in rows}


def plan(
    sources: list[SourceFile], loaded: dict[str, Loaded]
) -> tuple[list[tuple[SourceFile, str]], list[SourceFile]]:
    """Split the files into unchanged ones (no work at all) and ones to process.

    A file whose content is already loaded under another name is unchanged too:
    the same document is not loaded twice. A document that failed is tried
    again; a file that cannot be read now is processed, to fail on its own.
    """
    other_names = {v.document_id: k for k, v in loaded.items()}
    unchanged: list[tuple[SourceFile, str]] = []  # with their document_id
    todo: list[SourceFile] = []
    for source in sources:
        try:
            sha = sha256_of(source.path.read_bytes())
        except OSError:
            todo.append(source)
            continue
        previous = loaded.get(source.source_file)
        same_version = (
            previous
            and previous.status != "failed"
            and previous.fingerprint == fingerprint(sha, source.manifest)
        )
        loaded_elsewhere = other_names.get(document_id_of(sha), source.source_file)
        if same_version or loaded_elsewhere != source.source_file:
            unchanged.append((source, document_id_of(sha)))
        else:
            todo.append(source)
    return unchanged, todo
