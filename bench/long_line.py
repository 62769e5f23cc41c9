"""Money scanning on one very long line (issue 13: it was quadratic, a
400 000-character line took 112 s): prints characters, amounts found and
seconds per size; the time should grow like the size.

    .venv/bin/python -m bench.long_line
"""

from __future__ import annotations

import time
from datetime import datetime

from calpae.ingest.work import document_facts
from calpae.readers.document import sha256_of
from calpae.readers.text import read_text_export
from calpae.schemas.ir import Document
from calpae.warehouse.registry import SourceFile

HEAD = (
    "# CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ 2020\n\n"
    "Le Département du Gers et l'État conviennent de ce qui suit. "
)
SENTENCE = "Le Département finance 1 000 € pour l'action en 2020. "


def main() -> None:
    print(f"{'characters':>10} {'amounts':>8} {'seconds':>8}")
    for repeats in (2_000, 8_000, 32_000):
        text = HEAD + SENTENCE * repeats
        document = Document("long.txt", sha256_of(text.encode()), "text", read_text_export(text))
        started = time.perf_counter()
        facts = document_facts(
            document, SourceFile(None, "long.txt", None), len(text), datetime(2026, 1, 1)
        )  # type: ignore[arg-type]
        amounts = sum(1 for row in facts.rows if row.table == "amounts")
        print(f"{len(text):>10} {amounts:>8} {time.perf_counter() - started:>8.2f}")


if __name__ == "__main__":
    main()
