"""Indicators: the cells of indicator tables and their national codes."""
