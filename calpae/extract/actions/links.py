"""Which national measure an action serves, and which action each amount and
indicator value belongs to.

- **measure**: the action's own title first, its last part first, then the
  titles it is filed under; an action whose title names no measure serves its
  parent's ("3.1.2" under "3.1").
- **link**: a fact's own label names its action (by ref, or in a table by
  title or by the measure one action serves), else the action part it stands
  in (a fiche runs from its heading to the next).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from calpae.extract.actions.measures import MeasureMatch, match_measure
from calpae.extract.actions.mentions import ActionMention, label_ref, named_action, normal_ref
from calpae.extract.findings import Action, ActionKey, Amount, Indicator

MEASURED_SECTIONS = ("socle", "fapi", "other")  # a département's own initiatives serve none


def action_measures(actions: list[ActionMention]) -> list[MeasureMatch | None]:
    """The national measure each action serves (None for a département's own
    initiative), its parent's when its title names none."""
    matches = [measure_of(a) if a.section in MEASURED_SECTIONS else None for a in actions]
    return parent_measures(actions, matches)


def measure_of(action: ActionMention) -> MeasureMatch:
    """The action's own title first, its last part first ("Insertion des
    allocataires … – Garantie d'activité" is the garantie); then the titles it
    is filed under."""
    for text in (action.title, *action.group):
        for candidate in (re.split(r"\s[–—-]\s", text)[-1], text):
            if candidate and (match := match_measure(candidate)).code:
                return match
    return match_measure(action.title)


def parent_measures(
    actions: list[ActionMention], matches: list[MeasureMatch | None]
) -> list[MeasureMatch | None]:
    """An action whose title names no measure serves its parent's: "3.1.2 Mise
    en place d'outils communs" under "3.1 Orienter et accompagner les
    allocataires du RSA" (the confidence is the parent's)."""
    by_ref = {normal_ref(a.ref): m for a, m in zip(actions, matches, strict=True) if a.ref}
    inherited = []
    for action, match in zip(actions, matches, strict=True):
        if match is not None and not match.code and action.ref and "." in normal_ref(action.ref):
            parent = by_ref.get(normal_ref(action.ref).rsplit(".", 1)[0])
            if parent is not None and parent.code:
                match = MeasureMatch(parent.code, parent.confidence, "parent")
        inherited.append(match)
    return inherited


LINK_CONFIDENCE = 0.95  # a measure named by a variant or its stems, to link a row by

Starts = list[tuple[tuple[int, int], ActionKey | None]]


def link_to_actions(
    amounts: list[Amount],
    indicators: list[Indicator],
    actions: list[Action],
    parts: dict[str | None, list[ActionMention]],
) -> tuple[list[Amount], list[Indicator]]:
    """Point amounts and indicator values to their action, in their département:

    - by the ref their row label or sentence opens with ("Action 1-1 …",
      "1.1.2 Développer …");
    - a table row, by the action title its label names ("Premier accueil
      social" in a synthesis table), else by the national measure it names
      when one action of the document serves it ("Prévention des sorties
      sèches de l'ASE" for "1.1 Dispositif … des jeunes majeurs");
    - else by the action part they stand in: a fiche runs from its heading
      ("FICHE 4-1") to the next one or to an annex or synthesis heading
      (``parts``: each département's mentions).
      A table's rows follow its part only when none of them names an action
      (a fiche's budget table, not a synthesis table after the last fiche).
    """
    names = ActionNames.of(actions)
    named = {id(amount): names.of_amount(amount) for amount in amounts}
    listing = {  # tables that name actions row by row: their other rows follow no part
        (a.department_code, a.table_page, a.table_line)
        for a in amounts
        if named[id(a)] and a.table_line is not None
    }
    starts = {code: names.part_starts(code, mentions) for code, mentions in parts.items()}
    linked_amounts = []
    for amount in amounts:
        key = named[id(amount)]
        if key is None and (amount.department_code, amount.table_page, amount.table_line) not in (
            listing
        ):
            key = part_at(starts.get(amount.department_code, []), amount.page, amount.source_line)
        linked_amounts.append(replace(amount, action=key) if key else amount)
    linked_indicators = []
    for value in indicators:
        key = names.by_ref(value.department_code, value.indicator_label) or part_at(
            starts.get(value.department_code, []), value.page, value.source_line
        )
        linked_indicators.append(replace(value, action=key) if key else value)
    return linked_amounts, linked_indicators


@dataclass
class ActionNames:
    """The ways a fact's label can name an action of the document: its ref,
    its title, or the national measure it alone serves."""

    refs: dict[tuple[str | None, str], ActionKey]
    titles: dict[str | None, list[tuple[ActionKey, str]]]
    measured: dict[tuple[str | None, str], ActionKey]
    seen: dict[tuple[str | None, str], ActionKey | None]
    """Table labels already named: the cells of a row share theirs."""

    @classmethod
    def of(cls, actions: list[Action]) -> ActionNames:
        refs = {
            (a.department_code, normal_ref(a.action_ref)): a.key for a in actions if a.action_ref
        }
        titles: dict[str | None, list[tuple[ActionKey, str]]] = {}
        by_measure: dict[tuple[str | None, str], list[ActionKey]] = {}
        for action in actions:
            titles.setdefault(action.department_code, []).append((action.key, action.title))
            if action.measure_code:
                by_measure.setdefault((action.department_code, action.measure_code), []).append(
                    action.key
                )
        measured = {key: keys[0] for key, keys in by_measure.items() if len(keys) == 1}
        return cls(refs, titles, measured, {})

    def by_ref(self, department_code: str | None, label: str) -> ActionKey | None:
        """The action whose ref the label opens with."""
        if ref := label_ref(label):
            return self.refs.get((department_code, normal_ref(ref)))
        return None

    def of_amount(self, amount: Amount) -> ActionKey | None:
        """The action an amount's own label names: by ref, or (a table row) by
        title or measure, once per table label."""
        label = amount.label or ""
        if amount.table_line is None:
            return self.by_ref(amount.department_code, label)
        key = (amount.department_code, label)
        if key not in self.seen:
            self.seen[key] = self.by_ref(amount.department_code, label) or self.by_title(
                amount.department_code, label
            )
        return self.seen[key]

    def by_title(self, department_code: str | None, label: str) -> ActionKey | None:
        if not label:
            return None
        titles = self.titles.get(department_code, [])
        return named_action(label, titles) or self.measured.get(
            (department_code, measure_named(label))
        )

    def part_starts(self, code: str | None, mentions: list[ActionMention]) -> Starts:
        """Where each action part (a fiche) opens, and the action it is about;
        where a part closes (None)."""
        starts = [
            ((m.page, m.line), self.refs.get((code, normal_ref(m.ref))) if m.ref else None)
            for m in mentions
            if (m.opens_part and m.ref) or m.closes_part
        ]
        return sorted(starts, key=lambda start: start[0])


def measure_named(label: str) -> str | None:
    """The measure a label names outright (a variant, not a near spelling)."""
    for text in (re.split(r"\s[–—-]\s", label)[-1], label):
        if (match := match_measure(text)).code and match.confidence >= LINK_CONFIDENCE:
            return match.code
    return None


def part_at(starts: Starts, page: int, line: int) -> ActionKey | None:
    """The action whose part holds a fact: the last part opened before it."""
    position = (page, line)
    current = None
    for start, key in starts:
        if start > position:
            break
        current = key
    return current
