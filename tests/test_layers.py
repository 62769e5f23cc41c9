"""The package is built in layers, each importing only from itself and below:

    schemas, settings  →  readers  →  extract  →  warehouse  →  ingest | outputs  →  interfaces

(``calpae/__init__.py``, the Python API's front door, stands over the
interfaces). ``ingest`` and ``outputs`` stand side by side and import nothing
of each other. Every import counts, those inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "calpae"
LAYERS = {
    "schemas": 0,
    "settings": 0,
    "readers": 1,
    "extract": 2,
    "warehouse": 3,
    "ingest": 4,
    "outputs": 4,
    "interfaces": 5,
    "": 6,  # calpae/__init__.py: the API's front door, over everything
}


def room_of(module: str) -> str:
    """The top folder (or module) of ``calpae.<room>...``; '' for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of the package in a source file."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return [(line, module) for line, module in found if module.split(".")[0] == root.name]


def layer_violations(root: Path, layers: dict[str, int]) -> list[str]:
    """Every import that runs up a layer, or across to a sibling room."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        here = room_of(module_name(path, root))
        for line, module in imported_modules(path, root):
            there = room_of(module)
            if there == here:
                continue
            if layers[there] > layers[here] or (layers[there] == layers[here] and here != there):
                where = path.relative_to(root.parent)
                problems.append(f"{where}:{line}: {here or 'calpae'} imports {module}")
    return problems


def test_no_import_runs_up_a_layer():
    rooms = {room_of(module_name(p, PACKAGE)) for p in PACKAGE.rglob("*.py")}
    assert rooms <= set(LAYERS), f"rooms without a layer: {sorted(rooms - set(LAYERS))}"
    assert layer_violations(PACKAGE, LAYERS) == []


def test_the_check_sees_an_upward_import_even_inside_a_function(tmp_path):
    root = tmp_path / "calpae"
    for folder in ("readers", "extract", "outputs", "ingest"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "readers" / "text.py").write_text(
        "def read():\n    from calpae.extract import lexicon\n    return lexicon\n"
    )
    (root / "extract" / "ok.py").write_text("from ..readers import text\n")
    (root / "outputs" / "side.py").write_text("import calpae.ingest.run\n")
    problems = layer_violations(root, LAYERS)
    assert problems == [
        "calpae/outputs/side.py:1: outputs imports calpae.ingest.run",
        "calpae/readers/text.py:2: readers imports calpae.extract",
    ]


def imported_after(code: str) -> set[str]:
    """The top-level modules a fresh interpreter holds after running ``code``."""
    import subprocess
    import sys

    shown = "import sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}; {shown}"], check=True, capture_output=True, text=True
    )
    return set(done.stdout.split())


def test_a_worker_reading_documents_imports_no_warehouse_engine_nor_runner():
    """What a worker process imports to read documents (``ingest.work``)
    leaves out DuckDB, Arrow, Prefect and spaCy (spaCy comes only when a
    document asks for its model): each worker would pay for them."""
    loaded = imported_after("import calpae.ingest.work")
    assert "calpae" in loaded
    assert not loaded & {"duckdb", "pyarrow", "prefect", "spacy", "click"}


def test_the_api_s_names_are_the_functions_whatever_was_imported_first():
    """``calpae.ingest`` is the API's function (not the package of the same
    name), on first and later use, also after another API name was used."""
    code = (
        "import calpae; f = calpae.ingest; g = calpae.ingest; q = calpae.query; "
        "assert callable(f) and f is g is calpae.ingest, f; "
        "from calpae import Settings, status; assert callable(status)"
    )
    assert "duckdb" in imported_after(code)


def test_the_console_command_s_module_is_light_for_the_workers_that_re_import_it():
    """Workers are spawned: each re-imports the module the program started
    from. The ``calpae`` script's module must leave the command line's
    weight (click, rich, DuckDB, the extractors) to the command itself."""
    import tomllib

    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    entry = pyproject["project"]["scripts"]["calpae"]
    module, _, function = entry.partition(":")
    loaded = imported_after(f"from {module} import {function}")
    assert not loaded & {"duckdb", "pyarrow", "click", "rich", "spacy", "prefect"}, entry


def test_the_flow_s_command_reads_before_prefect_is_imported():
    """``python -m calpae.interfaces.flow`` imports the package, then its
    command: neither imports Prefect (seconds), which the flow run's thread
    imports while the documents are read. The run's process does not import
    the readers and extractors either: its workers do."""
    loaded = imported_after("import calpae.interfaces.flow.command")
    assert "prefect" not in loaded
    modules = "import sys, calpae.interfaces.flow.command; print(sorted(sys.modules))"
    assert "calpae.extract.document" not in printed_by(modules)
    names = "from calpae.interfaces.flow import ingest_flow, main, run_options, on_dask"
    assert "prefect" in imported_after(names)  # the flow's names, Prefect with them


def printed_by(code: str) -> str:
    """What a fresh interpreter running ``code`` prints."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout
