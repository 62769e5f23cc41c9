"""The lexicon (schemas/reference/lexicon.toml): every cue matches its own
examples, and where a vocabulary classifies (funder, nature, date kind,
document type), each example is classified as its cue says, whatever cues
come before it."""

from __future__ import annotations

import re

import pytest

from calpae.extract.actions.mentions import section_of
from calpae.extract.amounts.terms import funder_of, nature_of
from calpae.extract.metadata.dates import nearest_cue
from calpae.extract.metadata.doc_type import first_cue
from calpae.extract.text import fold
from calpae.schemas.reference import lexicon

EVERY_EXAMPLE = [
    (name, cue.label, cue.pattern, example)
    for name, vocabulary in lexicon().items()
    for cue in vocabulary
    for example in cue.examples
]
CLASSIFIERS = {
    "action_section": lambda text: section_of(text, "none"),
    "funder": funder_of,
    "nature": nature_of,
    "date_kind": lambda text: nearest_cue(text)[0],
    "doc_type": lambda text: (first_cue(text) or (0, None))[1],
}


def test_every_vocabulary_has_cues_with_examples():
    assert set(CLASSIFIERS) <= set(lexicon())
    for name, vocabulary in lexicon().items():
        assert vocabulary, name
        assert all(cue.examples for cue in vocabulary), name


@pytest.mark.parametrize(("vocabulary", "label", "pattern", "example"), EVERY_EXAMPLE)
def test_every_cue_matches_its_examples(vocabulary, label, pattern, example):
    assert re.search(pattern, fold(example)), (vocabulary, label, example)


@pytest.mark.parametrize(
    ("vocabulary", "label", "pattern", "example"),
    [
        (name, cue.label, cue.pattern, example)
        for name, vocabulary in lexicon().items()
        for cue in vocabulary
        for example in cue.not_examples
    ],
)
def test_no_cue_matches_what_it_must_not(vocabulary, label, pattern, example):
    assert not re.search(pattern, fold(example)), (vocabulary, label, example)


@pytest.mark.parametrize(
    ("vocabulary", "label", "example"),
    [(name, label, example) for name, label, _, example in EVERY_EXAMPLE if name in CLASSIFIERS],
)
def test_each_example_is_classified_as_its_cue_says(vocabulary, label, example):
    assert CLASSIFIERS[vocabulary](example) == label, (vocabulary, example)
