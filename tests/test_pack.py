"""Packed report pages: their content compressed in the page, given back whole."""

from __future__ import annotations

import pytest

from calpae.outputs.report.pack import is_packed, pack, unpack

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><title>Preuves · 2A</title></head>
<body>
<header class="top"><nav data-root="../">menu</nav></header>
<main>
<h1>Rapport d'exécution 2021 — Corse-du-Sud</h1>
<section class="evidence" id="amt_1"><pre>État : <mark>1 503 000 €</mark> « été »</pre></section>
</main>
<footer>Généré le 07/12/2026</footer>
<script src="../assets/report.js"></script>
</body></html>
"""


def test_a_packed_page_keeps_its_frame_and_gives_back_its_content():
    packed = pack(PAGE)
    assert is_packed(packed) and not is_packed(PAGE)
    assert "1 503 000" not in packed  # the content is compressed ...
    assert '<nav data-root="../">menu</nav>' in packed  # ... the frame is not
    assert packed.endswith(
        "<footer>Généré le 07/12/2026</footer>\n"
        '<script src="../assets/report.js"></script>\n</body></html>\n'
    )
    assert unpack(packed) == PAGE


def test_packing_is_repeatable_and_shrinks_long_listings():
    rows = "".join(
        f'<tr><td class="num">{n}</td><td>Action {n % 7}</td></tr>\n' for n in range(3000)
    )
    page = PAGE.replace("</main>", f"<table>{rows}</table></main>")
    assert pack(page) == pack(page)  # no time in the gzip header: same bytes
    assert len(pack(page)) < len(page) / 4
    assert unpack(pack(page)) == page


def test_a_plain_page_is_left_as_it_is_and_a_page_without_main_is_refused():
    assert unpack(PAGE) == PAGE
    with pytest.raises(ValueError):
        pack("<html><body><p>nothing to pack</p></body></html>")
