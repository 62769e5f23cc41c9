"""Why a document could not be read. Readers raise these; ``ingest`` records
them as the document's status (``needs_ocr`` or ``failed``) with the reason."""


class UnreadableDocument(Exception):
    """The file cannot be read at all: encrypted, truncated, not a PDF, not text."""


class NeedsOCR(Exception):
    """The file opens but has no text layer (a scan): OCR would be needed."""
