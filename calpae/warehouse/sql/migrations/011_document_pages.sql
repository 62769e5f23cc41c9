-- 011_document_pages: how each page was read: from a text export, a PDF's text
-- layer, or by OCR (with Tesseract's mean word confidence, 0-100).
CREATE TABLE document_pages (
    document_id     VARCHAR NOT NULL,
    page            INTEGER NOT NULL,
    read_by         VARCHAR NOT NULL,   -- text, text_layer, ocr
    ocr_confidence  DOUBLE,             -- NULL unless read by OCR
    PRIMARY KEY (document_id, page),
    CHECK (read_by IN ('text', 'text_layer', 'ocr'))
);
