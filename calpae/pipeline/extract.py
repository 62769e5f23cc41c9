"""From a read ``Document`` to the ``Facts`` of every warehouse relation.

This is the one place that calls the extractors; each extractor is a pure
function of IR blocks. Later capabilities (amounts, actions, indicators) add
their rows here.
"""

from __future__ import annotations

from datetime import datetime

from calpae.extractors.departments import departments_named
from calpae.extractors.doc_type import guess_doc_type, period_of
from calpae.pipeline.registry import SourceFile, document_id_of, fingerprint
from calpae.schemas.ir import Document
from calpae.schemas.records import DataQualityRow, DocumentDepartment, DocumentRow, Facts
from calpae.schemas.reference import department_name


def extract_facts(
    document: Document, source: SourceFile, size: int, ingested_at: datetime
) -> Facts:
    manifest = source.manifest
    document_id = document_id_of(document.sha256)
    guess = guess_doc_type(document.blocks)
    period_start, period_end = period_of(guess.title)
    facts = Facts(
        document=DocumentRow(
            document_id=document_id,
            source_file=source.source_file,
            sha256=document.sha256,
            doc_type=(manifest and manifest.doc_type) or guess.doc_type,
            title=guess.title,
            period_start=period_start,
            period_end=period_end,
            pages=len(document.pages),
            status=document.status,
            ingested_at=ingested_at,
            source_format=document.source_format,
            status_reason=document.error,
            bytes=size,
            fingerprint=fingerprint(document.sha256, manifest),
            manifest_entry=str(manifest) if manifest else None,
        )
    )
    if document.status != "ok":
        facts.rows.append(
            DataQualityRow(
                document_id=document_id,
                check_name=f"document_{document.status}",
                severity="error",
                message=f"{source.source_file}: {document.error}",
                page=None,
                source_line=None,
            )
        )
        return facts

    if manifest and manifest.department_code:
        code = manifest.department_code
        facts.rows.append(DocumentDepartment(document_id, code, department_name(code)))
        return facts
    text = "\n".join(block.text for block in document.blocks)
    for department, _count in departments_named(text):
        facts.rows.append(DocumentDepartment(document_id, department.code, department.name))
    return facts
