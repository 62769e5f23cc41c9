"""Extraction: pure functions of the intermediate representation that return
findings (metadata, tables, amounts, actions, indicators), linked and scoped."""
