"""Packed pages: a page's content (its ``main``) stored gzip-compressed in
the page itself and unpacked by the browser as it opens (``assets/report.js``,
with the browser's own ``DecompressionStream``; no network, no server).

The listings that grow with the documents (a document's evidence, a
département's sums, the findings of a check) are nine tenths repeated markup
and French text, which gzip shrinks about eightfold: packed, a report of
1 000 documents fits in tens of megabytes rather than a hundred and more.
The page's frame (its title, menu and footer) stays plain HTML; ``unpack``
gives back the page as written, for tools and tests.
"""

from __future__ import annotations

import base64
import gzip
import re

MAIN = re.compile(r"<main>(.*)</main>", re.S)
PACKED = re.compile(
    r'<main data-packed="gzip-base64">.*?</main>\s*'
    r'<script type="application/octet-stream" id="packed">([A-Za-z0-9+/=]*)</script>',
    re.S,
)
NOSCRIPT = (
    '<noscript><p class="note">Cette page est compressée : elle s\'affiche avec JavaScript '
    "(ou reconstruire le rapport avec <code>calpae report --no-pack</code>).</p></noscript>"
)


def pack(page: str) -> str:
    """``page`` with its ``main`` content compressed into a data element
    that ``assets/report.js`` puts back. The same page always packs to the
    same bytes (no time in the gzip header)."""
    found = MAIN.search(page)
    if found is None:
        raise ValueError("a page to pack has no <main>")
    data = gzip.compress(found.group(1).encode("utf-8"), compresslevel=9, mtime=0)
    encoded = base64.b64encode(data).decode("ascii")
    packed = (
        f'<main data-packed="gzip-base64">{NOSCRIPT}</main>\n'
        f'<script type="application/octet-stream" id="packed">{encoded}</script>'
    )
    return page[: found.start()] + packed + page[found.end() :]


def unpack(page: str) -> str:
    """A page as it was before ``pack`` (a plain page is returned as it is)."""
    found = PACKED.search(page)
    if found is None:
        return page
    content = gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8")
    return page[: found.start()] + f"<main>{content}</main>" + page[found.end() :]


def is_packed(page: str) -> bool:
    return PACKED.search(page) is not None
