"""Pages from the Jinja2 templates of ``calpae/outputs/report/templates``:
the environment every page is rendered in, and a page written to its file."""

from __future__ import annotations

from pathlib import Path

import jinja2

from calpae.outputs.report.figures import CELLS, printed
from calpae.outputs.report.pack import pack


def environment() -> jinja2.Environment:
    """The templates of ``calpae/outputs/report/templates``, HTML-escaped, every
    text printed with its control and bidi characters shown as escapes (a
    document's title cannot reverse or hide the text around it); compiled
    once per template version (``compiled_templates``). The cells that show a
    figure are Python functions (``figures``), called by name."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("calpae.outputs.report", "templates"),
        bytecode_cache=compiled_templates(),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=printed,
    )
    env.globals.update(CELLS)
    return env


def compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, in a folder of this user's under
    the system's temporary folder (Jinja's own choice: created private, its
    owner checked): compiling the report's templates is a fixed 0.15 s of
    every build, a fifth of a small report's. A template is compiled again
    when its source changes (the cache is keyed by its checksum) and for
    another Python. No cache (compiled each time) where that folder cannot
    be made."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def write_page(env: jinja2.Environment, template: str, path: Path, context: dict) -> Path:
    """A page from its template, packed when its context says so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page = env.get_template(template).render(**context)
    path.write_text(pack(page) if context.get("packed") else page, encoding="utf-8")
    return path
