"""The table model: what a table holds, its header rows, its columns and rows."""
