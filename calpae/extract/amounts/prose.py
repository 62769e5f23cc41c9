"""Amounts written in sentences (paragraph lines, and text cells of tables).

A line is split into sentences, a sentence into clauses: the text between
the amount before and the amount after each one. Each amount is attributed
from its clause and its sentence by ``extract.attribution`` (who pays, which
year or span, what kind of money, whether it is this programme's money); a
sentence stating the whole convention's money makes its amounts totals of
the whole (``scope`` convention).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from calpae.extract.amounts.money import FoundAmount, Money, find_money
from calpae.extract.amounts.terms import states_whole
from calpae.extract.attribution import Clause, Context, attribute_clause
from calpae.extract.text import fold_chars
from calpae.schemas.ir import TextSpan

SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"(-])|\n|(?i:</?p>|<br\s*/?>|</?li>|<ul[^>]*>)|[▪↳•]"
)
"""A full stop, "!" or "?" before a capital, a line break, a paragraph or list
item: not a semicolon ("l'État apporte 548 000 € ; le Département, 1,6 M€")."""
LABEL_MAX = 120


def prose_amounts(
    span: TextSpan,
    default_nature: str,
    default_year: int | None,
    default_funder: str | None = None,
) -> list[FoundAmount]:
    """Every amount of a line or text cell, each attributed by its clause
    (``extract.attribution``)."""
    raw = span.raw
    folded = fold_chars(raw)
    found: list[FoundAmount] = []
    every_money = find_money(raw)  # once, and found per sentence by bisection: linear
    starts = [money.start for money in every_money]
    context = Context(default_nature, default_year, default_funder)
    previous_funder: str | None = None
    previous_scope: tuple[str, str] | None = None
    for sentence_start, sentence_end in sentences(raw):
        sentence = folded[sentence_start:sentence_end]
        first, last = bisect_left(starts, sentence_start), bisect_left(starts, sentence_end)
        moneys = every_money[first:last]
        if not moneys:
            continue
        whole = states_whole(sentence)
        label = " ".join(raw[sentence_start:sentence_end].split())[:LABEL_MAX]
        for i, money in enumerate(moneys):
            clause_start = moneys[i - 1].end if i else sentence_start
            clause_end = moneys[i + 1].start if i + 1 < len(moneys) else sentence_end
            opens, closes = range_roles(moneys, i)
            clause = Clause(
                before=folded[clause_start : money.start],
                after=folded[money.end : clause_end],
                sentence=sentence,
                raw_before=raw[clause_start : money.start],
                raw_after=raw[money.end : clause_end],
                raw_sentence=raw[sentence_start:sentence_end],
                figure_at=money.start - sentence_start,
                range_start=opens,
                range_end=closes,
                previous_funder=previous_funder,
                same_sentence=i > 0,
                previous_scope=previous_scope,
            )
            decided = attribute_clause(clause, context)
            if decided.named_funder:
                previous_funder = decided.funder
            previous_scope = decided.scope_reason()
            found.append(
                FoundAmount.read(
                    money,
                    span,
                    funder=decided.funder,
                    nature=decided.nature,
                    year=decided.year,
                    label=label,
                    source="prose",
                    funder_ambiguous=not decided.named_funder and decided.funder != "total",
                    is_total=whole,
                    scope="convention" if whole else decided.scope,
                    year_start=decided.year_start,
                    year_end=decided.year_end,
                    reasons=decided.reason_tuples(),
                )
            )
    return found


def range_roles(moneys: list[Money], i: int) -> tuple[bool, bool]:
    """Whether the ``i``-th figure opens a range ("de 78 à 178 millions
    d'euros": the first figure is read with the whole range as its text) or
    closes one (it stands inside the figure before it)."""
    money = moneys[i]
    opens = bool(RANGE_WORD.search(money.text))
    closes = i > 0 and moneys[i - 1].end > money.start
    return opens, closes


RANGE_WORD = re.compile(r"\d\s+(?:à|a|et)\s+\d")


def sentences(raw: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(raw):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(raw)))
    return [(a, b) for a, b in bounds if b > a]
