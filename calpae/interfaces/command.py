"""The ``calpae`` console command's entry point, kept light on purpose.

Worker processes are started with "spawn": each re-imports the module the
program was started from, here the console script, which imports this
module. The command line itself (click, rich, DuckDB, the API and the
extractors behind it) is therefore imported when the command runs, not
once more in every worker that reads documents.
"""

from __future__ import annotations


def main() -> object:
    """Run the command line (``calpae.interfaces.cli.main``)."""
    from calpae.interfaces.cli import main as command_line

    return command_line()
