"""Text from documents made visible: every control and bidi character shown
as its escape, whatever the text around it."""

from __future__ import annotations

import sys

from calpae.outputs.cells import UNSAFE, visible


def test_visible_escapes_controls_and_bidi_marks_and_keeps_the_rest():
    text = "Part État\u00a01\u202f000 €\tN°2\n\u202egnp.exe\x1b]0;x\x07\r\u2066"
    assert visible(text) == (
        "Part État\u00a01\u202f000 €\tN°2\n\\u202egnp.exe\\x1b]0;x\\x07\\r\\u2066"
    )


def test_visible_is_the_same_search_for_every_character():
    """The shortcut for printable text changes nothing: each character of
    Unicode, between printable text, comes out as the search would give it."""
    for code in range(sys.maxunicode + 1):
        text = f"a{chr(code)}é"
        expected = UNSAFE.sub(lambda m: ascii(m.group())[1:-1], text)
        assert visible(text) == expected, hex(code)
