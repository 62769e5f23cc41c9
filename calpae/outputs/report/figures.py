"""The cells that show a figure, written in Python rather than as Jinja
macros: a page prints them by the thousand (three a row of findings, four
per funder and year), and a macro call costs Jinja a context and a frame of
its own (30 000 cells: 0.28 s as macros, 0.19 s as these functions). Each
cell prints what the macro printed, byte for byte: every value as a template
prints it (``printed``: document text made visible), HTML-escaped, the cell
itself markup the page keeps as it is. The templates call them by name
(``environment`` makes them its globals)."""

from __future__ import annotations

import markupsafe
from markupsafe import Markup

from calpae.outputs.cells import visible
from calpae.outputs.report.views import Shown


def printed(value: object) -> object:
    """A template's value as printed: text from documents made ``visible``
    (markup the report built itself is left as it is)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def text(value: object) -> Markup:
    """``value`` as ``{{ value }}`` prints it in a template (markup: the
    cells below put it in their f-strings as it is)."""
    return markupsafe.escape(printed(value))


def figure(shown: Shown, root: str) -> Markup:
    """A figure: a link to its evidence (``root`` leads from the page to the
    report's folder) when it has one, its note as its title."""
    title = f' title="{text(shown.note)}"' if shown.note else ""
    if shown.href:
        href = f"{text(root)}{text(shown.href)}"
        return Markup(f'<a class="fig" href="{href}"{title}>{text(shown.text)}</a>')
    return Markup(f'<span class="fig"{title}>{text(shown.text)}</span>')


def num_td(shown: Shown, root: str) -> Markup:
    """A table's cell holding a figure, sorted by its value."""
    return Markup(f'<td class="num" data-sort="{text(shown.sort)}">{figure(shown, root)}</td>')


def light_td(shown: Shown, root: str) -> Markup:
    """A figure's cell in a long table: a bare text when it has no evidence
    nor note, a bare dash when empty."""
    if shown.href or shown.note:
        return num_td(shown, root)
    if shown.text == "—":
        return Markup('<td class="num">—</td>')
    return Markup(f'<td class="num" data-sort="{text(shown.sort)}">{text(shown.text)}</td>')


CELLS = {"figure": figure, "num_td": num_td, "light_td": light_td}
"""The cells by the names the templates call them."""
