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
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from calpae.readers.document import sha256_of_file
from calpae.schemas.enums import DocType
from calpae.schemas.reference import departments

if TYPE_CHECKING:  # a worker process reads documents and never opens the warehouse
    import duckdb

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")
MANIFEST_NAME = "manifest.csv"


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
    root: str | None = None
    """The folder it was found in (absolute), or the named file's folder."""


@dataclass(frozen=True)
class Loaded:
    sha256: str
    document_id: str
    fingerprint: str | None
    status: str = "ok"
    root: str | None = None
    withdrawn: bool = False


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
            if doc_type is not None and doc_type not in set(DocType):
                raise ValueError(f"{path}:{line_number}: unknown doc_type {doc_type!r}")
            entries[row["file"].strip()] = ManifestEntry(code, doc_type)
    return entries


@dataclass(frozen=True)
class Skipped:
    """A file of an ingested folder that the run does not read, and why."""

    root: str
    path: str
    reason: str


@dataclass
class Discovery:
    sources: list[SourceFile]
    skipped: list[Skipped]
    folders: list[str]
    """The folders scanned whole (absolute): their registry follows them."""


def discover(paths: list[Path]) -> list[SourceFile]:
    """Supported files under the given files and folders, in a stable order."""
    return discover_all(paths).sources


def discover_all(paths: list[Path]) -> Discovery:
    """The files to read under the given files and folders, in a stable order,
    and every file of those folders that is skipped, with the reason: a type
    no reader takes, a link that is broken or leads out of the folder, a
    hidden file, a sub-folder that cannot be read."""
    found = Discovery([], [], [])
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            found.folders.append(str(root))
            manifest = read_manifest(path)
            files, skipped = scan_folder(path, root)
            found.skipped += skipped
            for file in files:
                key = file.relative_to(path).as_posix()
                found.sources.append(SourceFile(file, key, manifest.get(key), str(root)))
        elif path.exists():
            manifest = read_manifest(path.parent)
            root = str(path.parent.resolve())
            reason = named_file_refused(path)
            if reason:
                found.skipped.append(Skipped(root, path.name, reason))
            else:
                found.sources.append(SourceFile(path, path.name, manifest.get(path.name), root))
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def named_file_refused(path: Path) -> str | None:
    """Why a file named on the command line is not read (a link out of its
    folder, as in a scanned folder; not a regular file), or None."""
    if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
        return f"link to a file outside the folder ({path.resolve()})"
    if not path.is_file():
        return "not a regular file"
    return None


class NothingToRead(Exception):
    """A folder given to ingest holds no document it can read."""


def empty_folders(paths: list[Path], discovery: Discovery) -> list[Path]:
    """The folders among ``paths`` in which no document was found: a missing
    mount or a wrong path, never a reason to withdraw what was loaded."""
    roots = {s.root for s in discovery.sources}
    return [p for p in paths if p.is_dir() and str(p.resolve()) not in roots]


def scan_folder(folder: Path, root: Path) -> tuple[list[Path], list[Skipped]]:
    files: list[Path] = []
    skipped: list[Skipped] = []

    def skip(path: Path | str, reason: str) -> None:
        relative = Path(os.path.relpath(path, folder)).as_posix()
        skipped.append(Skipped(str(root), relative, reason))

    def unreadable(error: OSError) -> None:
        skip(error.filename or str(folder), f"cannot read the folder: {error.strerror or error}")

    for directory, subfolders, names in os.walk(folder, onerror=unreadable):
        subfolders.sort()
        for name in sorted(names):
            file = Path(directory) / name
            reason = skip_reason(file, root)
            if reason is None:
                files.append(file)
            elif reason:
                skip(file, reason)
    return files, skipped


def skip_reason(file: Path, root: Path) -> str | None:
    """Why a file of the folder is not read ('' for the folder's manifest, not
    worth a line), or None to read it."""
    if file.name == MANIFEST_NAME and file.parent.resolve() == root:
        return ""
    if file.name.startswith("."):
        return "hidden file"
    if file.is_symlink():
        if not file.exists():
            return "broken link"
        if not file.resolve().is_relative_to(root):
            return f"link to a file outside the folder ({file.resolve()})"
    if not file.is_file():
        return "not a regular file"
    if file.suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        return f"unsupported file type {file.suffix or '(none)'} (read: {supported})"
    return None


FACT_SOURCES = (
    "readers/",
    "extract/",
    "schemas/",
    "ingest/",
    "warehouse/records.py",
    "warehouse/registry.py",
    "warehouse/rows.py",
    "warehouse/sql/migrations/",
)
"""What extracted facts depend on: reading, extracting, the run that calls
them, and the records they become. The rest (the SQL models are views,
recomputed on every connect; the report, the exports, the CLI and the flows
read the facts; the loader stores them, and a change to stored rows is a
migration) can change in a new release without re-extracting anything."""


def fact_sources(root: Path) -> list[Path]:
    """Every source, SQL and reference file of the package that facts depend on."""
    return [
        path
        for path in sorted(root.rglob("*"))
        if path.suffix in (".py", ".sql", ".csv", ".toml")
        and "__pycache__" not in path.parts
        and path.relative_to(root).as_posix().startswith(FACT_SOURCES)
    ]


@cache
def code_fingerprint() -> str:
    """Hash of the package's files that facts depend on (``fact_sources``)."""
    digest = hashlib.sha256()
    root = Path(str(resources.files("calpae")))
    for path in fact_sources(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def document_id_of(sha256: str) -> str:
    """A document is its content: same bytes, same id, wherever the file lies."""
    return sha256[:16]


def fingerprint(sha256: str, manifest: ManifestEntry | None) -> str:
    key = f"{sha256}|{manifest or ''}|{code_fingerprint()}"
    return hashlib.sha256(key.encode()).hexdigest()


def loaded_documents(con: duckdb.DuckDBPyConnection) -> dict[str, Loaded]:
    """source_file → what is loaded for it."""
    rows = con.execute(
        "SELECT source_file, sha256, document_id, fingerprint, status, source_root, "
        "withdrawn_at IS NOT NULL FROM documents"
    ).fetchall()
    return {source_file: Loaded(*rest) for source_file, *rest in rows}


@dataclass
class Plan:
    unchanged: list[tuple[SourceFile, str]]  # with their document_id
    todo: list[SourceFile]
    copies: list[Skipped]
    """Files left out because their content is another file's (one document)."""


def plan(
    sources: list[SourceFile], loaded: dict[str, Loaded], max_bytes: int = 0
) -> tuple[list[tuple[SourceFile, str]], list[SourceFile]]:
    """``plan_batch`` without the copies: unchanged files and files to process."""
    batch = plan_batch(sources, loaded, max_bytes)
    return batch.unchanged, batch.todo


def content_of(path: Path, max_bytes: int = 0) -> str | None:
    """A file's SHA-256, hashed as it streams; None when it cannot be read or
    is over ``max_bytes`` by its size on disk (0: no limit), which is looked
    at before reading a byte."""
    try:
        if max_bytes and path.stat().st_size > max_bytes:
            return None
        return sha256_of_file(path)
    except OSError:
        return None


def plan_batch(sources: list[SourceFile], loaded: dict[str, Loaded], max_bytes: int = 0) -> Plan:
    """Split the files into unchanged ones (no work at all) and ones to process,
    hashing each file once, as it streams.

    A file whose content is already loaded under another name, or met earlier
    in the same batch, is unchanged too: the same document is not loaded twice
    (``Plan.copies`` names those files). A document that failed is tried
    again; a file that cannot be read now, or over ``max_bytes`` (by its size,
    not read), is processed, to fail on its own.
    """
    owner = {v.document_id: k for k, v in loaded.items()}  # a content's one name
    batch = Plan([], [], [])
    for source in sources:
        sha = content_of(source.path, max_bytes)
        if sha is None:
            batch.todo.append(source)
            continue
        document_id = document_id_of(sha)
        name = owner.setdefault(document_id, source.source_file)
        previous = loaded.get(source.source_file)
        same_version = (
            previous
            and previous.status != "failed"
            and previous.fingerprint == fingerprint(sha, source.manifest)
        )
        if name != source.source_file:
            batch.unchanged.append((source, document_id))
            batch.copies.append(
                Skipped(
                    source.root or "", source.source_file, f"same content as {name} (one document)"
                )
            )
        elif same_version:
            batch.unchanged.append((source, document_id))
        else:
            batch.todo.append(source)
    return batch


@dataclass
class FolderChanges:
    moved: list[tuple[str, str]]  # (old name, new name)
    withdrawn: list[str]
    returned: list[str]


def follow_folders(
    con: duckdb.DuckDBPyConnection,
    discovery: Discovery,
    loaded: dict[str, Loaded],
    now: object,
    max_bytes: int = 0,
) -> FolderChanges:
    """Keep the registry in step with the folders scanned whole: a loaded file
    that is gone is moved when its content is now under another name, else
    withdrawn (its facts stay, out of the marts); a withdrawn file that is
    back returns, under its name or another one (the same content: it is
    restored into the marts, not skipped as a copy of itself)."""
    changes = FolderChanges([], [], [])
    present = {(s.root, s.source_file) for s in discovery.sources}
    new_names: dict[str, SourceFile] | None = None
    for name, version in loaded.items():
        if version.root not in discovery.folders:
            continue
        if (version.root, name) in present:
            if version.withdrawn:
                con.execute(
                    "UPDATE documents SET withdrawn_at = NULL WHERE source_file = ? "
                    "AND source_root = ?",
                    [name, version.root],
                )
                changes.returned.append(name)
            continue
        if new_names is None:
            unknown = [s for s in discovery.sources if s.source_file not in loaded]
            hashed = ((content_of(s.path, max_bytes), s) for s in unknown)
            new_names = {document_id_of(sha): s for sha, s in hashed if sha is not None}
        moved_to = new_names.get(version.document_id)
        if moved_to is not None and moved_to.root == version.root:
            con.execute(
                "UPDATE documents SET source_file = ?, withdrawn_at = NULL WHERE document_id = ?",
                [moved_to.source_file, version.document_id],
            )
            if version.withdrawn:
                changes.returned.append(f"{moved_to.source_file} (was {name})")
            else:
                changes.moved.append((name, moved_to.source_file))
        elif not version.withdrawn:
            con.execute(
                "UPDATE documents SET withdrawn_at = ? WHERE source_file = ? AND source_root = ?",
                [now, name, version.root],
            )
            changes.withdrawn.append(name)
    return changes


def record_skipped(
    con: duckdb.DuckDBPyConnection, folders: list[str], skipped: list[Skipped], now: object
) -> None:
    """The skipped files of each folder scanned, recorded anew."""
    for folder in folders:
        con.execute("DELETE FROM skipped_files WHERE source_root = ?", [folder])
    for file in skipped:
        con.execute(
            "INSERT OR REPLACE INTO skipped_files VALUES (?, ?, ?, ?)",
            [file.root, file.path, file.reason, now],
        )
