"""The PDF reader's output, dumped and compared: the judge of a change to the
reader that must not change what it reads.

    .venv/bin/python -m bench.pdf_ir dump DIR [PDF ...]    # default: every PDF under tests/fixtures
    .venv/bin/python -m bench.pdf_ir compare BEFORE AFTER

``dump`` writes, for each PDF, the whole IR ``read_pdf_document`` returns
(OCR confidences, or the error; every page's text, blocks, lines, rows,
cells, pieces and offsets) as one JSON file named after the PDF's path, and
the seconds each took. ``compare`` lists the files whose IR differs (with the
first differing page and block), and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_pdfs() -> list[Path]:
    return sorted(FIXTURES.rglob("*.pdf"))


def name_of(path: Path) -> str:
    try:
        relative = path.resolve().relative_to(ROOT)
    except ValueError:
        relative = Path(path.name)
    return str(relative).replace("/", "__") + ".json"


def ir_of(path: Path) -> dict:
    from calpae.readers.pdf import read_pdf_document

    try:
        ir = dataclasses.asdict(read_pdf_document(path.read_bytes()))
    except Exception as error:  # noqa: BLE001 - an unreadable file's reason is its output
        ir = {"error": f"{type(error).__name__}: {error}", "pages": []}
    return json.loads(json.dumps(ir, ensure_ascii=False))  # tuples as lists


def dump(folder: Path, pdfs: list[Path]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in pdfs:
        started = time.perf_counter()
        ir = ir_of(path)
        seconds = time.perf_counter() - started
        (folder / name_of(path)).write_text(json.dumps(ir, ensure_ascii=False, indent=0))
        print(f"{seconds:7.2f} s  {len(ir['pages']):4} pages  {path}")


def first_difference(before: dict, after: dict) -> str:
    for key in ("error", "ocr_confidence"):
        if before.get(key) != after.get(key):
            return f"{key}: {before.get(key)!r} != {after.get(key)!r}"
    if len(before["pages"]) != len(after["pages"]):
        return f"pages: {len(before['pages'])} != {len(after['pages'])}"
    for page_before, page_after in zip(before["pages"], after["pages"], strict=True):
        if page_before["text"] != page_after["text"]:
            return f"page {page_before['number']}: text differs"
        blocks = zip(page_before["blocks"], page_after["blocks"], strict=False)
        for index, (block_before, block_after) in enumerate(blocks):
            if block_before != block_after:
                return f"page {page_before['number']}, block {index} differs"
        if len(page_before["blocks"]) != len(page_after["blocks"]):
            return f"page {page_before['number']}: number of blocks differs"
    return "differs"


def compare(before: Path, after: Path) -> int:
    differing = 0
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    for name in names:
        if not (before / name).exists() or not (after / name).exists():
            print(f"MISSING {name}")
            differing += 1
            continue
        old = json.loads((before / name).read_text())
        new = json.loads((after / name).read_text())
        if old != new:
            differing += 1
            print(f"DIFFERS {name}: {first_difference(old, new)}")
    print(f"{len(names) - differing} of {len(names)} identical")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_parser = commands.add_parser("dump")
    dump_parser.add_argument("folder", type=Path)
    dump_parser.add_argument("pdfs", type=Path, nargs="*")
    compare_parser = commands.add_parser("compare")
    compare_parser.add_argument("before", type=Path)
    compare_parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.folder, args.pdfs or fixture_pdfs())
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
