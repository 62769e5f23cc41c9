"""The PDF reader: text layer, words from character positions, layout,
rulings and tables, OCR of scans."""
