"""spaCy's French model as ``extract.nlp`` loads it (language-neutral class,
only the components asked for, the tokenizer's ``token_match`` compiled in
part, as needed) gives what the full pipeline gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calpae.extract import nlp

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
NAMES = [
    "André Accary",
    "Julien Charles",
    "Sophie Borderie",
    "Béatrice Lagarde",
    "Conseil Départemental",
    "Jean-Luc Marx",
    "Marie D'Artagnan",
    "Anne-Marie L’Hôte",  # noqa: RUF001 - the typographic apostrophe is the point
]


def corpus_lines(per_document: int) -> list[str]:
    lines = []
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines += [line for line in text.splitlines() if line.strip()][:per_document]
    return lines


@pytest.fixture(scope="module")
def full():  # noqa: ANN201 - the whole pipeline, as spaCy loads it
    spacy = pytest.importorskip("spacy")
    return spacy.load(nlp.MODEL, disable=["parser"])


def test_load_keeps_only_the_components_asked_for_and_their_upstream() -> None:
    assert nlp.load(("ner",)).pipe_names == ["ner"]
    assert nlp.load(["ner"]) is nlp.load(("ner",))  # once per process
    assert nlp.load(("parser",)).pipe_names == ["tok2vec", "parser"]
    with pytest.raises(ValueError, match="no component"):
        nlp.load(("nothing",))


def test_entities_and_tokens_are_the_full_pipelines(full) -> None:  # noqa: ANN001
    light = nlp.load(("ner",))
    for text in NAMES + corpus_lines(60):
        expected, got = full(text), light(text)
        assert [t.text for t in got] == [t.text for t in expected], text
        assert [(e.text, e.label_, e.start_char) for e in got.ents] == [
            (e.text, e.label_, e.start_char) for e in expected.ents
        ], text


def test_token_match_answers_as_the_whole_pattern() -> None:
    import srsly

    rules = srsly.msgpack_loads((nlp.model_path() / "tokenizer").read_bytes())
    whole = re.compile(rules["token_match"]).match
    lazy = nlp.LazyMatch(rules["token_match"])
    assert lazy._alternatives is not None  # the model's pattern is read by parts
    words = set(rules["exceptions"]) | {"saut-de-ski", "pet-en-l'air", "entr'abat", "Anti-Dupont"}
    for line in corpus_lines(400):
        words |= {w.strip(".,;:()") for w in line.split() if not nlp.MATCH_NEEDS.isdisjoint(w)}
    assert sum(bool(whole(w)) for w in words) > 10
    assert [w for w in words if bool(whole(w)) != bool(lazy.match(w))] == []


def test_lazy_match_falls_back_to_the_whole_pattern() -> None:
    lazy = nlp.LazyMatch(r"^a-b$|^c'd$")
    assert lazy._alternatives is None
    assert lazy.match("a-b") and lazy.match("c'd") and not lazy.match("ab")


@pytest.fixture(scope="module")
def parser_as_spacy_loads_it():  # noqa: ANN201 - the French class with the parser alone
    spacy = pytest.importorskip("spacy")
    unused = ["morphologizer", "senter", "attribute_ruler", "lemmatizer", "ner"]
    return spacy.load(nlp.MODEL, exclude=unused)


ATTRIBUTION = [
    "Ces actions sont financées par l'État à hauteur de 300 000 €.",
    "Le Département et l'État investissent 2 M€ pour l'insertion des jeunes.",
    "Le Conseil départemental reçoit 150 000 € de l'État au titre de la convention.",
]


def test_the_parser_parses_as_the_french_model(parser_as_spacy_loads_it) -> None:  # noqa: ANN001
    """What the attribution's dependency rule reads (``extract.syntax``): the
    same heads and labels as the French model's parser, tok2vec included."""
    light = nlp.load(("parser",))
    parsed = 0
    for text in ATTRIBUTION + corpus_lines(60):
        expected, got = parser_as_spacy_loads_it(text), light(text)
        assert [(t.text, t.dep_, t.head.i) for t in got] == [
            (t.text, t.dep_, t.head.i) for t in expected
        ], text
        parsed += any(t.dep_ == "nsubj" for t in got)
    assert parsed > 20
    agent = light(ATTRIBUTION[0])
    assert [t.text for t in agent if t.dep_ == "obl:agent"] == ["État"]


def test_lemmas_are_the_french_lemmatizers(full) -> None:  # noqa: ANN001
    light = nlp.load(("parser", "lemmatizer"))
    pipes = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"]
    assert light.pipe_names == pipes
    for text in ATTRIBUTION + corpus_lines(30):
        assert [t.lemma_ for t in light(text)] == [t.lemma_ for t in full(text)], text
