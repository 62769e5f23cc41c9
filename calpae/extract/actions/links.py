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
from dataclasses import replace

from calpae.extract.actions.measures import MeasureMatch, match_measure
from calpae.extract.actions.mentions import ActionMention, label_ref, named_action, normal_ref
from calpae.warehouse.records import ActionRow, AmountRow, FactRow, IndicatorValueRow

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


def link_facts_to_actions(
    rows: list[FactRow], parts: dict[str | None, list[ActionMention]]
) -> list[FactRow]:
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
    actions = {
        (row.department_code, normal_ref(row.action_ref)): row.action_id
        for row in rows
        if isinstance(row, ActionRow) and row.action_ref
    }
    titles: dict[str | None, list[tuple[str, str]]] = {}
    by_measure: dict[tuple[str | None, str], list[str]] = {}
    for row in rows:
        if isinstance(row, ActionRow):
            titles.setdefault(row.department_code, []).append((row.action_id, row.title))
            if row.measure_code:
                by_measure.setdefault((row.department_code, row.measure_code), []).append(
                    row.action_id
                )
    measured = {key: ids[0] for key, ids in by_measure.items() if len(ids) == 1}

    def measure(label: str) -> str | None:
        """The measure a label names outright (a variant, not a near spelling)."""
        for text in (re.split(r"\s[–—-]\s", label)[-1], label):
            if (match := match_measure(text)).code and match.confidence >= LINK_CONFIDENCE:
                return match.code
        return None

    starts = {
        code: sorted(
            ((m.page, m.line), actions.get((code, normal_ref(m.ref))) if m.ref else None)
            for m in mentions
            if (m.opens_part and m.ref) or m.closes_part
        )
        for code, mentions in parts.items()
    }

    def named(row: AmountRow | IndicatorValueRow) -> str | None:
        """The action a fact's own label names: by ref, or (a table row) by title or measure."""
        if row.action_id:
            return row.action_id
        label = (row.label if isinstance(row, AmountRow) else row.indicator_label) or ""
        if (ref := label_ref(label)) and (
            found := actions.get((row.department_code, normal_ref(ref)))
        ):
            return found
        if isinstance(row, AmountRow) and row.table_line is not None and label:
            code = row.department_code
            return named_action(label, titles.get(code, [])) or measured.get((code, measure(label)))
        return None

    seen: dict[tuple[str | None, str], str | None] = {}

    def named_once(row: FactRow) -> str | None:
        """``named``, once per table label: the cells of a row share theirs."""
        if not isinstance(row, AmountRow | IndicatorValueRow):
            return None
        if not isinstance(row, AmountRow) or row.action_id or row.table_line is None:
            return named(row)
        key = (row.department_code, row.label or "")
        if key not in seen:
            seen[key] = named(row)
        return seen[key]

    by_name = [named_once(row) for row in rows]
    listing = {  # tables that name actions row by row: their other rows follow no part
        (row.department_code, row.table_page, row.table_line)
        for row, action_id in zip(rows, by_name, strict=True)
        if action_id and isinstance(row, AmountRow) and row.table_line is not None
    }
    linked: list[FactRow] = []
    for row, action_id in zip(rows, by_name, strict=True):
        if isinstance(row, AmountRow | IndicatorValueRow):
            in_listing = (
                isinstance(row, AmountRow)
                and (row.department_code, row.table_page, row.table_line) in listing
            )
            if action_id is None and not in_listing:
                action_id = part_at(starts.get(row.department_code, []), row)
            if action_id and action_id != row.action_id:
                row = replace(row, action_id=action_id)
        linked.append(row)
    return linked


def part_at(starts: list[tuple[tuple[int, int], str | None]], row: FactRow) -> str | None:
    """The action whose part holds the row: the last part opened before it."""
    position = (row.page, row.source_line)  # type: ignore[union-attr]
    current = None
    for start, action_id in starts:
        if start > position:
            break
        current = action_id
    return current
