"""Facts of a hand-made text export, extracted as the pipeline does."""

from datetime import datetime

from calpae.ingest.work import document_facts
from calpae.readers.document import sha256_of
from calpae.readers.text import read_text_export
from calpae.schemas.ir import Document
from calpae.warehouse.records import Facts
from calpae.warehouse.registry import ManifestEntry, SourceFile


def facts_of(text: str, name: str = "x.txt", manifest: ManifestEntry | None = None) -> Facts:
    data = text.encode()
    document = Document(name, sha256_of(data), "text", read_text_export(text))
    source = SourceFile(path=None, source_file=name, manifest=manifest)  # type: ignore[arg-type]
    return document_facts(document, source, len(data), datetime(2026, 1, 1))
