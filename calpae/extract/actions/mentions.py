"""The actions of a document: their ref, a clean title and their section.

Where an action is named:

- a **ref with its keyword**, anywhere (a table's first cells, a heading, a
  paragraph line that starts with it): ``Action 1-1``, ``Fiche 4-2``,
  ``FICHE ACTION N°6``, ``Fiche-action 1.1``, ``Ex-action FAPI 9.E`` (also as
  OCR left it: ``tion FAPI 3.S``);
- a **numbered entry of a table of contents** (a table whose rows end with a
  page number): ``1.1.1. Ancrer le projet …  9``, also as OCR cut it
  (``1.1. | 1. Pour …``, ``1.2.1. accue | Premier accueil …``); a contents
  group without entries of its own ("5 Formation des travailleurs sociaux"
  between 4.5 and 6.1) is an action too;
- a **numbered paragraph of a table's first cell** (``<p><b>1.1.1
  Développer …</b></p> <p><b>1.1.2 …</b></p>``, ``<b>2.2. Référent de
  parcours</b>``).

A fiche numbered within its axis ("AXE 3", then "Fiche-action 1-2") takes the
ref the document lists for it elsewhere (3.1.2).

The title is the text after the ref, cut before its description (a colon,
the end of a sentence or of the cell's first line) and cleaned of HTML,
dot leaders and page numbers; when nothing but a section follows the ref
("FICHE 4-1" alone, "FICHE ACTION N°6 - ENGAGEMENTS SOCLE") the title is the
next heading or the fiche's "Intitulé action" row. One action per ref
("3-1.1" and "3.1.1" are one): its mentions (annex row, synthesis row, fiche)
merge, keeping the first title unless another mention gives the same words
without the description.

The section comes from the last section cue read before the action (a
heading, a table row, a line that is not a sentence): Annexe A or "socle" →
socle; "cofinancées" → cofinancee; Annexe B, "initiative", "Actions du
Département" → initiative; an ex-FAPI ref → fapi.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from calpae.extract.lexicon import cues
from calpae.extract.metadata.departments import single_department
from calpae.extract.text import fold
from calpae.schemas.ir import Block, Row

KEYWORD_REF = re.compile(
    r"(?:^|(?<=\s)|(?<=^\*\*))"
    r"(?:(?P<fapi>(?:ex-?\s*)?(?:ac)?tion\s+fapi\s+(?P<fapi_ref>\d+\s*\.\s*[a-z0-9]))"
    r"|fiche[- ]?action\s*(?:n\s*°|no|n)?\s*(?P<fiche_action>\d+(?:\s*[.-]\s*\d+)*)"
    r"|fiche\s*(?:n\s*°|no)?\s*(?P<fiche>\d+(?:[.-]\d+)+)"
    r"|action\s*(?:n\s*°|no)?\s*(?P<action>\d+(?:[.-]\d+)*)(?=\s*[:.–-]|\s+[A-ZÀ-Ýa-zà-ÿ]))"
    r"\s*[:.–-]?\s*",
    re.IGNORECASE,
)
BARE_REF = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s*$")
TOC_REF = re.compile(r"^\s*(?P<ref>\d+(?:\.\d+)+)\.?\s*")
PAGE_NUMBER = re.compile(r"[\s.…]*\d{1,3}\s*$")
SECTION_CUES = cues("action_section")
TITLE_MAX = 160
TITLE_MATCH = 90
MIN_TITLE = 4
OCR_ONE = re.compile(r"^[LlI](?=\.\d)")  # "L.1." is OCR's "1.1."
INTITULE = re.compile(r"^intitule(?: de l'action| action)?\s*:?$")
SECTION_PREFIX = re.compile(  # a short label before a fiche's ref: "Socle - ", "CTI : "
    r"^(?!fiche)[^\W\d_][\w'’]*(?:\s+[\w'’]+){0,3}\s*[-–:]\s*"
    r"(?=fiche[- ]?action|fiche\s*(?:n\s*°|no)?\s*\d|action\s*(?:n\s*°|no)?\s*\d)",
    re.I,
)
NUMBERED_LINE = ("<numbered line>",)  # kept when the document lists its ref elsewhere
GROUP = ("<contents group>",)  # marks a contents group heading until its entries are known
PART_END = re.compile(
    r"^[#*\s]*(?:annexes?\b|synthese\b|tableau (?:financier|recapitulatif)|recapitulatif\b)"
)
PART_END_WORDS = 15
AXIS = re.compile(r"^[#*\s]*axe\s*(\d{1,2})\b")
NUMBERED = re.compile(r"^(?P<ref>\d{1,2}(?:\s*[.-]\s*\d{1,2})+)(?!\d)\.?\s*:?\s*(?=[A-Za-zÀ-ÿ])")
PARAGRAPH_BREAK = re.compile(r"</?p>|<br\s*/?>|\n|(?<=>)\s{2,}|\s{2,}(?=<)", re.IGNORECASE)
"""What parts the paragraphs of a cell: tags, line breaks, and wide gaps
beside a tag ("</b>  <b>3-1.1 : …"); a wide gap within words is a wrapped
line's end ("Renforcer  l'accompagnement", a PDF's trailing space)."""
TAG = re.compile(r"<[^>]+>")
SECTION_ONLY = re.compile(r"^(?:engagements? )?(?:du )?(?:socle|initiatives?|cofinance(?:e|es)?)$")


@dataclass(frozen=True)
class ActionMention:
    ref: str | None
    title: str
    section: str
    page: int
    line: int
    department_code: str | None = None
    """Set when a joint table of contents says whose part the entry is in."""
    group: tuple[str, ...] = ()
    """In a table of contents, the titles the entry is filed under: its group
    ("4 Garantie d'activité" over "4.2 …") and, for an ex-FAPI entry, the
    numbered entry above it."""
    opens_part: bool = False
    """A heading or line that opens the action's own part (a fiche): what
    follows, up to the next such line, is about this action."""
    closes_part: bool = False
    """A heading that ends the fiche above ("ANNEXES BUDGETAIRES", "Synthèse
    financière …"): not an action; what follows belongs to no fiche."""
    axis: int | None = None
    """For a fiche numbered within its axis ("AXE 2" then "Fiche-action 1-1"),
    the axis number: ``place_in_axes`` turns its ref into the document's."""


def find_actions(blocks: list[Block], parties: tuple[str, ...] = ()) -> list[ActionMention]:
    """Every mention of an action, in reading order. In a joint document
    (several ``parties``), a table-of-contents line naming one of them
    ("Rapport d'exécution du Bas-Rhin  8") gives the entries below it their
    département."""
    reader = MentionReader(parties)
    for block in blocks:
        if block.kind == "table":
            reader.read_table(block)
        else:
            for line in block.lines:
                reader.read_line(block, line.text.strip("* "), line.number)
    return place_in_axes(childless_groups(listed_lines(reader.mentions)))


@dataclass
class MentionReader:
    """The mentions of a document's blocks, read in order, and what the
    blocks read so far set for the next: the section, a ref whose title comes
    later, the contents' département, group and parent, the axis."""

    parties: tuple[str, ...]
    mentions: list[ActionMention] = field(default_factory=list)
    section: str = "other"
    pending_ref: tuple[str, int, int] | None = None  # a ref whose title comes later
    title_row_only: bool = False  # the title is the fiche's "Intitulé action" row
    department: str | None = None  # of contents entries, across page breaks
    group: str = ""
    parent: str = ""
    axis: int | None = None  # the "AXE n" heading the fiches below are numbered in

    def read_table(self, block: Block) -> None:
        toc = is_table_of_contents(block)
        for row in block.rows:
            if toc:
                self.contents_row(row)
            if self.pending_ref and INTITULE.match(fold(row.texts[0])) and len(row.texts) > 1:
                ref, page, number = self.pending_ref
                title = clean_title(row.texts[1])
                self.mentions.append(
                    ActionMention(ref, title, self.section, page, number, opens_part=True)
                )
                self.pending_ref = None
                continue
            self.section = section_of(" ".join(row.texts), self.section)
            if mention := row_mention(row, self.section, toc):
                context = tuple(t for t in (self.parent, self.group) if t) if toc else ()
                self.mentions.append(
                    replace(mention, department_code=self.department, group=context)
                )
                if toc and mention.ref and not mention.ref.startswith("FAPI"):
                    self.parent = mention.title  # ex-FAPI entries are filed under it
            elif row.cells and not toc:
                self.mentions += numbered_paragraphs(row, self.section)

    def contents_row(self, row: Row) -> None:
        """A row of a table of contents: a département's part, or a group."""
        row_text = " ".join(row.texts)
        if len(self.parties) > 1 and (code := single_department(row_text)) in self.parties:
            self.department, self.group, self.parent = code, "", ""
        if heading := group_heading(row):
            number, self.group = heading
            self.parent = ""
            self.mentions.append(
                ActionMention(
                    number, self.group, self.section, row.page, row.line, self.department, GROUP
                )
            )

    def read_line(self, block: Block, text: str, number: int) -> None:
        if self.pending_ref and text and not self.title_row_only:
            ref, page, line = self.pending_ref
            self.mentions.append(
                ActionMention(ref, clean_title(text), self.section, page, line, opens_part=True)
            )
            self.pending_ref = None
            return
        if not text.endswith((".", ";")):  # a title or label, not a sentence
            self.section = section_of(text, self.section)
        if axis_heading := AXIS.match(fold(text)):
            self.axis = int(axis_heading.group(1))
        if PART_END.match(fold(text)) and len(text.split()) <= PART_END_WORDS:
            self.mentions.append(
                ActionMention(None, text, self.section, block.page, number, closes_part=True)
            )
            return
        text = SECTION_PREFIX.sub("", text)  # "Socle - Fiche action N°2.1"
        if found := KEYWORD_REF.match(text):
            self.keyword_line(block, text, number, found)
        elif (numbered := NUMBERED.match(text)) and len(text.split()) <= PART_END_WORDS:
            ref = re.sub(r"\s+", "", numbered.group("ref"))  # "4.1 Accompagnement global"
            title = clean_title(text[numbered.end() :])
            self.mentions.append(
                ActionMention(
                    ref,
                    title,
                    self.section,
                    block.page,
                    number,
                    opens_part=True,
                    group=NUMBERED_LINE,
                )
            )

    def keyword_line(self, block: Block, text: str, number: int, found: re.Match[str]) -> None:
        """A line opening with a keyword ref ("Action 1-1 …", "FICHE 4-1")."""
        ref = ref_of(found)
        title = clean_title(text[found.end() :])
        kind = "fapi" if found.group("fapi") else self.section
        within_axis = self.axis if (found.group("fiche_action") or found.group("fiche")) else None
        if title and not SECTION_ONLY.match(fold(title)):
            self.mentions.append(
                ActionMention(
                    ref, title, kind, block.page, number, opens_part=True, axis=within_axis
                )
            )
        else:  # "FICHE 4-1" alone, or "FICHE ACTION N°6 - ENGAGEMENTS SOCLE"
            self.pending_ref = (ref, block.page, number)
            self.title_row_only = bool(title)
            if title:
                self.section = section_of(title, self.section)


def listed_lines(mentions: list[ActionMention]) -> list[ActionMention]:
    """A short line opening with a number ("4.1 Accompagnement global") opens
    the part of the action the document lists elsewhere under that ref and
    title (its contents, an annex); other numbered lines (an article "2.1
    Situation socio-économique" beside "Action 2-1 Premier accueil") are no
    action."""
    listed: dict[str, list[str]] = {}
    for m in mentions:
        if m.ref and m.group != NUMBERED_LINE:
            listed.setdefault(normal_ref(m.ref), []).append(fold(m.title))

    def lists(line: ActionMention) -> bool:
        titles = listed.get(normal_ref(line.ref or ""), [])
        return any(fuzz.token_set_ratio(fold(line.title), t) >= TITLE_MATCH for t in titles)

    return [
        replace(m, group=()) if m.group == NUMBERED_LINE else m
        for m in mentions
        if m.group != NUMBERED_LINE or lists(m)
    ]


def numbered_paragraphs(row: Row, section: str) -> list[ActionMention]:
    """Actions a row's first cell lists by number, one per paragraph
    ("<p><b>1.1.1 Développer …</b></p> <p><b>1.1.2 Développement …</b></p>",
    "<b>2.2. Référent de parcours</b>"): a ref of two levels or more opening
    a paragraph, followed by a title."""
    mentions = []
    for paragraph in PARAGRAPH_BREAK.split(row.cells[0].raw):
        text = " ".join(TAG.sub(" ", paragraph).split())
        if not (numbered := NUMBERED.match(text)):
            continue
        title = clean_title(text[numbered.end() :])
        if len(title) >= MIN_TITLE:
            ref = re.sub(r"\s+", "", numbered.group("ref"))
            mentions.append(ActionMention(ref, title, section, row.page, row.line))
    return mentions


def normal_ref(ref: str) -> str:
    """A ref as compared: "3-1.1" is "3.1.1", "2.1." is "2.1"."""
    return ref.replace("-", ".").strip(".").upper()


def place_in_axes(mentions: list[ActionMention]) -> list[ActionMention]:
    """A fiche numbered within its axis takes the ref the document lists for
    it elsewhere: under "AXE 3", "Fiche-action 1-2" is "3.1.2" when an annex
    lists 3.1.2, else "3.1" when it lists that, else stays "1-2"."""
    listed = {normal_ref(m.ref) for m in mentions if m.ref and m.axis is None}
    placed = []
    for mention in mentions:
        if (
            mention.axis is not None
            and mention.ref
            and len(parts := normal_ref(mention.ref).split(".")) == 2
        ):
            for candidate in (
                f"{mention.axis}.{parts[0]}.{parts[1]}",
                f"{mention.axis}.{parts[0]}",
            ):
                if candidate in listed:
                    mention = replace(mention, ref=candidate)
                    break
        placed.append(mention)
    return placed


def row_mention(row: Row, section: str, toc: bool) -> ActionMention | None:
    texts = [t.replace("\n", " ").strip() for t in row.texts]
    last = max((i for i, t in enumerate(texts) if t), default=-1)
    if toc and last >= 0 and not BARE_REF.match(texts[last]):  # a page number in the cell
        texts[last] = (
            PAGE_NUMBER.sub("", texts[last]) if texts[last][:1].isdigit() or last else texts[last]
        )
    texts[:3] = [OCR_ONE.sub("1", t) for t in texts[:3]]
    filled = [i for i, t in enumerate(texts) if t]
    # (the index of the cell after which a title may follow, the text read)
    candidates = list(enumerate(texts[:3]))
    if len(filled) > 1:
        first, second = texts[filled[0]], texts[filled[1]]
        candidates.append((filled[1], f"{first} {second}"))  # "Action" | "1 : Accompagnement …"
        if first.endswith(".") and second[:1].isdigit():  # "1.1." | "1. Pour une …"
            candidates.insert(0, (filled[1], first + second))
    for i, text in candidates:
        if (found := KEYWORD_REF.search(text)) and opens_the_cell(text, found):
            title = clean_title(text[found.end() :]) or next_text(texts, i)
            kind = "fapi" if found.group("fapi") else section
            return ActionMention(ref_of(found), title, kind, row.page, row.line)
        if toc and (numbered := TOC_REF.match(text)):
            title = clean_title(text[numbered.end() :])
            if is_fragment(title):  # "L.1. F", "1.2.1. accue": OCR's cut, the title is next
                title = next_text(texts, i) or title
            return ActionMention(numbered.group("ref"), title, section, row.page, row.line)
    return None


def is_fragment(title: str) -> bool:
    """A piece of a word that OCR cut off the title next to it: short, or
    one or two words starting in lower case ("accue", "des Br")."""
    return len(title) < MIN_TITLE or (title[:1].islower() and len(title.split()) <= 2)


def opens_the_cell(text: str, found: re.Match[str]) -> bool:
    """A ref names the row's action when it opens its cell (after at most a
    number or an OCR fragment), not when a sentence cites it."""
    before = text[: found.start()]
    return (
        not before.strip()
        or before.strip(" .-*").isdigit()
        or fold(before).strip()
        in (
            "ex-ac",
            "ex-",
        )
    )


def group_heading(row: Row) -> tuple[str, str] | None:
    """A contents line numbered by one figure ("4 Garantie d'activité  20",
    "1. Mesures socle  9") heads the group of the entries below it: its
    number and title."""
    text = " ".join(t.strip() for t in row.texts if t.strip())
    if match := re.match(r"^\s*(?P<number>\d{1,2})\.?\s+(?P<title>[^\d].*)$", text):
        return match.group("number"), clean_title(PAGE_NUMBER.sub("", match.group("title")))
    return None


def childless_groups(mentions: list[ActionMention]) -> list[ActionMention]:
    """A contents group without entries of its own ("5 Formation des
    travailleurs sociaux" between 4.5 and 6.1: no 5.x, no "Action 1" right
    below) is an action; the others are only groups."""
    refs = {(m.department_code, normal_ref(m.ref)) for m in mentions if m.ref and m.group != GROUP}
    kept = []
    for i, mention in enumerate(mentions):
        if mention.group == GROUP:
            prefix = f"{mention.ref}."
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            if any(
                code == mention.department_code and ref.startswith(prefix) for code, ref in refs
            ):
                continue
            if (
                following
                and following.ref
                and following.group != GROUP
                and "." not in normal_ref(following.ref)
            ):
                continue  # "6 Mesures à l'initiative du département" over "Action 1", "Action 2"
            mention = replace(mention, group=())
        kept.append(mention)
    return kept


def next_text(texts: list[str], index: int) -> str:
    return next((clean_title(t) for t in texts[index + 1 :] if clean_title(t)), "")


def ref_of(found: re.Match[str]) -> str:
    if found.group("fapi"):
        return "FAPI " + re.sub(r"\s+", "", found.group("fapi_ref")).upper()
    ref = found.group("fiche_action") or found.group("fiche") or found.group("action")
    return re.sub(r"\s+", "", ref)


def clean_title(text: str) -> str:
    """The action's name: before its description, without page furniture."""
    text = text.split("\n")[0]
    text = re.split(r"\s:\s|:\s(?=[A-ZÀ-Ý])|(?<=[a-zà-ÿ)»])\.\s", text)[0]
    text = re.sub(r"^[\s.:–-]+|[\s,;:–-]+$", "", text)
    return " ".join(text.split())[:TITLE_MAX]


def section_of(text: str, current: str) -> str:
    folded = fold(text)
    if len(folded) > 120:  # a description, not a section heading
        return current
    for section, cue in SECTION_CUES:
        if re.search(cue, folded):
            return section
    return current


def is_table_of_contents(table: Block) -> bool:
    """Most rows end with a page number."""
    ends = [row.texts[-1].strip() if row.texts else "" for row in table.rows]
    numbered = sum(1 for end in ends if re.fullmatch(r"\d{1,3}|.*[a-zà-ÿ)]\.?\s?\d{1,3}", end))
    return len(table.rows) >= 3 and numbered >= len(table.rows) / 2


def is_name_of(short: str, long: str) -> bool:
    """``short`` is ``long`` without its description ("Nouveau modèle du SPI"
    of "Nouveau modèle du SPI Dispositif « d'orientation … »")."""
    short_folded, long_folded = fold(short), fold(long)
    return len(short_folded) < len(long_folded) and long_folded.startswith(short_folded)


def merge_mentions(mentions: list[ActionMention]) -> list[tuple[ActionMention, list[int]]]:
    """One action per ref, at its first mention; its title is the first
    mention's, unless another mention gives the same name without its
    description; unnumbered mentions stay as they are."""
    merged: dict[str, tuple[ActionMention, list[int]]] = {}
    for mention in mentions:
        if mention.closes_part:
            continue
        key = normal_ref(mention.ref) if mention.ref else f"#{mention.line}"
        if key not in merged:
            merged[key] = (mention, [])
            continue
        first, others = merged[key]
        others.append(mention.line)
        if mention.title and (not first.title or is_name_of(mention.title, first.title)):
            section = first.section if first.section != "other" else mention.section
            merged[key] = (
                ActionMention(first.ref, mention.title, section, first.page, first.line),
                others,
            )
    return list(merged.values())


def named_action(label: str, titles: list[tuple[str, str]]) -> str | None:
    """The action a table row's label names by its title ("Premier accueil
    social" for "2.1 Premier accueil social inconditionnel de proximité"):
    the one title whose words the label holds, or that holds the label's
    words (a score of 90 or more), closest first (to the label's last part
    first: "Garantie d'activité : l'accompagnement global" names
    "Accompagnement global"); a tie names none, and a one-word title only its
    exact name."""
    last_part = re.split(r"\s[:–—-]\s", fold(label))[-1]  # "Garantie d'activité : l'…"
    text, last_part = words_of(label), words_of(last_part)
    scored = []
    for key, title in titles:
        folded = words_of(title)
        if len(folded.split()) < 2 and folded != text.strip():
            continue
        score = fuzz.token_set_ratio(text, folded)
        if score >= TITLE_MATCH:
            closeness = (fuzz.token_set_ratio(last_part, folded), fuzz.ratio(text, folded))
            scored.append(((score, *closeness), key))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def words_of(text: str) -> str:
    """Folded words, apostrophes and punctuation apart ("l'accompagnement"
    holds "accompagnement")."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def label_ref(label: str) -> str | None:
    """The ref a table row label or a sentence opens with, if any."""
    text = label.strip("* ")
    if found := KEYWORD_REF.match(text):
        return ref_of(found)
    if numbered := TOC_REF.match(text):
        return numbered.group("ref")
    return None
