"""Document metadata on hand-made snippets: dates, départements, segments,
people, doc type, title and period, the State's announced support, bad input."""

from datetime import date
from decimal import Decimal

import pytest
from text_factory import facts_of

from calpae.extract.metadata.dates import find_dates, own_year
from calpae.extract.metadata.departments import (
    DepartmentFound,
    departments_of,
    find_mentions,
    parties,
)
from calpae.extract.metadata.doc_type import guess_doc_type
from calpae.extract.metadata.people import find_people
from calpae.readers.text import read_text_export
from calpae.schemas.ir import TextSpan
from calpae.warehouse.records import (
    AmountRow,
    DataQualityRow,
    DocumentDate,
    DocumentDepartment,
    DocumentPerson,
)
from calpae.warehouse.registry import ManifestEntry


def span(raw: str, line: int = 1) -> TextSpan:
    return TextSpan(raw, raw, 1, line, 0)


def dates_in(raw: str, default_year: int | None = None, lead: str = "") -> list[tuple]:
    return [(d.kind, d.date, d.year_inferred) for d in find_dates(span(raw), default_year, lead)]


def rows_of(facts, kind):
    return [row for row in facts.rows if isinstance(row, kind)]


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Transmission en Préfecture le **29 SEP. 2022**", [("transmission", date(2022, 9, 29))]),
        ("Réunion du 29 septembre 2022", [("deliberation", date(2022, 9, 29))]),
        ("Date de convocation : 16 septembre 2022", [("convocation", date(2022, 9, 16))]),
        ("Vu la délibération du 04/12/2019 approuvant", [("deliberation", date(2019, 12, 4))]),
        ("décret du 06 /08 /2020 relatif", [("instruction", date(2020, 8, 6))]),
        ("Transmis le 30 Septembre 2020 à la préfecture", [("transmission", date(2020, 9, 30))]),
        (
            "Affiché à l'Hôtel du Département le 30 Septembre 2020",
            [("affichage", date(2020, 9, 30))],
        ),
        ("Publié ou Notifié le 29 SEP. 2022", [("publication", date(2022, 9, 29))]),
        (
            "signés respectivement les 29 septembre 2020, 1<sup>er</sup> février 2021 et "
            "15 novembre 2021, joints en annexe",
            [
                ("signature", date(2020, 9, 29)),
                ("signature", date(2021, 2, 1)),
                ("signature", date(2021, 11, 15)),
            ],
        ),
        (
            "l'instruction n° DGCS/SD1/2019/24 du 4 février 2019",
            [("instruction", date(2019, 2, 4))],
        ),
        # public pages: an update stamp, a session named with an adjective
        ("Mise à jour le 12 mars 2021", [("publication", date(2021, 3, 12))]),
        ("Mis à jour le 03/05/2021", [("publication", date(2021, 5, 3))]),
        ("Séance publique du 7  octobre 2021", [("deliberation", date(2021, 10, 7))]),
        (
            "lors de la session budgétaire du 14 décembre 2020",
            [("deliberation", date(2020, 12, 14))],
        ),
    ],
)
def test_each_written_form_gives_its_kind_and_iso_date(raw, expected):
    assert [(kind, day) for kind, day, _ in dates_in(raw)] == expected


def test_a_date_without_year_takes_it_from_the_line_and_is_flagged():
    raw = "Vu les délibérations n° CD2018/059 et CD2018/148 en date du 13 décembre autorisant"
    assert dates_in(raw, default_year=2019) == [("deliberation", date(2018, 12, 13), True)]
    assert dates_in("Vu la délibération du 13 décembre", default_year=2019) == [
        ("deliberation", date(2019, 12, 13), True)
    ]
    assert dates_in("Vu la délibération du 13 décembre", default_year=None) == []


def test_a_blank_slot_gives_no_date_and_uncued_dates_are_other():
    assert dates_in("Fait à Strasbourg, le") == []
    assert dates_in("la stratégie annoncée le 13 septembre 2018 par le Président") == [
        ("other", date(2018, 9, 13), False)
    ]
    assert dates_in("doivent délibérer au plus tard le 31 mars 2021 sur ce rapport") == [
        ("other", date(2021, 3, 31), False)
    ]
    assert dates_in("Au 31/12/18, 426 jeunes accompagnés") == [("other", date(2018, 12, 31), False)]
    # the cue "publiée" belongs to the partial date before, not to the full one
    assert dates_in("offre publiée mi-novembre 2020 pour une prise de poste le 08/02/2021") == [
        ("other", date(2021, 2, 8), False)
    ]


def test_dotted_and_dashed_dates_ranges_of_days_recurring_and_struck_dates():
    assert [day for _, day, _ in dates_in("Réalisé au 31-12- 2021 ; arrêté au 15.02.21")] == [
        date(2021, 12, 31),
        date(2021, 2, 15),
    ]
    assert dates_in("§ 2.3.1, 1.2.13 ; Tél. 04.67.76.67.67") == []
    # a day and month stand as a date only in a range, whose year they share
    assert dates_in("Résultats 2019 (du 1er /10/ au 31/12) ; ratio 3/12") == [
        ("other", date(2019, 10, 1), True),
        ("other", date(2019, 12, 31), True),
    ]
    assert [day for _, day, _ in dates_in("ateliers du 02/03 au 17/06/2021")] == [
        date(2021, 3, 2),
        date(2021, 6, 17),
    ]
    assert dates_in("adressée au plus tard le 30 novembre de chaque année", 2020) == []
    # the sentence goes on in the next line of its paragraph (a PDF's line)
    line = span("doit être adressée au plus tard le 30 novembre")
    assert find_dates(line, 2020, follow="de chaque année") == []
    assert dates_in("~~délibérer avant le 31 mars 2020~~ et le 30/06/2021") == [
        ("other", date(2021, 6, 30), False)
    ]


def test_a_date_opening_one_of_the_first_lines_is_the_documents_stamp():
    stamp = "18/06/2019 | Dans le 64, Etat et Département font combat commun."
    assert dates_in(stamp) == [("publication", date(2019, 6, 18), False)]
    assert [d.kind for d in find_dates(span(stamp, line=40), None)] == ["other"]
    assert dates_in("Jeudi 4 juillet 2019 – La Creuse et l'État s'engagent") == [
        ("publication", date(2019, 7, 4), False)
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mercredi 26 juin 2019, le préfet a signé", date(2019, 6, 26)),
        ("a été signée ce vendredi 05 juillet 2019 à Montpellier", date(2019, 7, 5)),
        ("Le 3 juillet, M. Bruno Faure a signé un avenant pour l'année 2020.", date(2020, 7, 3)),
    ],
)
def test_weekday_prefixed_dates_and_a_year_later_in_the_sentence(raw, expected):
    assert [day for _, day, _ in dates_in(raw)] == [expected]


def test_a_stated_weekday_picks_the_year_near_the_documents_own():
    # 17 June is a Monday in 2019, a Sunday in 2018 and a Wednesday in 2020
    assert dates_in("ont signé ce lundi 17 juin un plan", default_year=2020) == [
        ("signature", date(2019, 6, 17), True)
    ]
    # a year from an earlier sentence is not this date's year
    raw = "Un taux de 12,1% (chiffre INSEE 2015). Ils ont signé ce lundi 17 juin un plan."
    assert dates_in(raw, default_year=2019) == [("signature", date(2019, 6, 17), True)]
    # no year near the document's own fits the weekday: no year is invented
    assert dates_in("ce mardi 17 juin, la Drôme a signé", default_year=2019) == []


def test_a_cue_on_the_line_before_in_the_same_heading_counts():
    found = dates_in("DU 25 SEPTEMBRE 2020", lead="**REUNION DU CONSEIL DEPARTEMENTAL")
    assert found == [("deliberation", date(2020, 9, 25), False)]


# --- départements --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("le Département du Bas-Rhin", "67", "party"),
        ("Conseil départemental de Lot-et-Garonne", "47", "party"),
        ("le Département de Saône et Loire", "71", "party"),
        ("l'équipe emploi du CD67", "67", "cd_code"),
        ("Etat/ Haut-Rhin", "68", "name"),
        ("les familles lot-et-garonnaises", "47", "demonym"),
        ("chaque bas-rhinois", "67", "demonym"),
        ("Préfète de la Gironde", "33", "party"),
        ("le plan se décline en Gironde", "33", "place"),
        ("les départements de l'Ain et de la Savoie", "73", "party"),
        ("le plan se décline dans le Gard", "30", "place"),
        ("un jeune girondin sur dix", "33", "demonym"),
        ("la convention signée à Nîmes ce lundi", "30", "prefecture"),
        ("réunis à Mont-de-Marsan", "40", "prefecture"),
    ],
)
def test_each_spelling_names_its_department(text, code, kind):
    assert (code, kind) in {(m.code, m.kind) for m in find_mentions(text)}


def test_common_words_are_not_departments():
    assert find_mentions("un lot de fournitures, le nord du territoire, la somme de") == []
    # lower case: an address, a common noun ("à gap" is no préfecture)
    assert find_mentions("https://exemple.fr/le-plan-se-decline-en-gironde, un écart à gap") == []


def test_each_department_found_says_how_surely():
    text = (
        "Le Département du Gers et le Département du Gers signent. Une pensée pour le "
        "Département des Landes."
    )
    assert departments_of(text) == [DepartmentFound("32", "high")]
    once = "Le Département de l'Yonne signe avec l'État."
    assert departments_of(once) == [DepartmentFound("89", "medium")]
    article = "Signée à Nîmes, la convention irrigue le Gard : les Gardois et le Gard y gagnent."
    assert departments_of(article) == [DepartmentFound("30", "low")]


def test_a_department_row_carries_its_first_surest_mention_as_evidence():
    text = (
        "Lutte contre la pauvreté : la Creuse s'engage\n\n"
        "Signée à Guéret, la convention lie l'État et le Département de la Creuse.\n\n"
        "Le Département de la Creuse y consacre 200 000 €.\n"
    )
    (row,) = rows_of(facts_of(text), DocumentDepartment)
    assert (row.department_code, row.confidence) == ("23", "high")
    assert (row.evidence, row.source_line) == ("Creuse", 3)
    assert text.split("\n")[row.source_line - 1].count(row.evidence) == 1


def test_a_department_named_once_in_passing_is_not_a_party():
    text = "Le Département du Bas-Rhin et le Département du Bas-Rhin, comme le Département du Nord."
    assert parties(text) == ["67"]


def test_departments_enumerated_as_signatories_are_all_parties():
    text = (
        "L'État et les départements de l'Ain, de la Savoie et de la Haute-Savoie ont signé "
        "ce jour la convention. Le président du conseil départemental de la Savoie s'en félicite."
    )
    assert sorted(parties(text)) == ["01", "73", "74"]


def test_departments_enumerated_without_signing_are_not_parties():
    text = (
        "Le Département de la Drôme et le Département de la Drôme signent. Les départements de "
        "la Drôme et de l'Ardèche partagent un bassin de vie."
    )
    assert parties(text) == ["26"]


def test_an_article_naming_no_party_is_about_the_place_it_names_most():
    text = (
        "Le plan pauvreté se décline dans le Finistère. Sur France Bleu Finistère, la ministre "
        "a salué l'engagement du Finistère et de ses agents. Un mot pour le Morbihan."
    )
    assert parties(text) == ["29"]
    assert parties("Un mot pour le Morbihan, un autre pour le Finistère.") == []


# --- segments: joint documents and recueils -----------------------------------------

JOINT_REPORT = """Rapport d'exécution de la convention d'appui à la lutte contre la pauvreté

Le Département du Bas-Rhin et le Département du Haut-Rhin présentent leur rapport commun.
Le Département du Bas-Rhin et le Département du Haut-Rhin agissent ensemble pour l'insertion.

Rapport d'exécution du Bas-Rhin

Au titre de l'année 2020, le soutien financier de l'Etat s'élève à un montant de 100 000 €.

Rapport d'exécution du Haut-Rhin

Au titre de l'année 2020, le soutien financier de l'Etat s'élève à un montant de 200 000 €.

CONCLUSION

Au titre de l'année 2020, le soutien financier de l'Etat s'élève à un montant de 300 000 €.
"""


def test_a_joint_report_gives_each_part_its_department():
    facts = facts_of(JOINT_REPORT)
    amounts = {row.amount_eur: row.department_code for row in rows_of(facts, AmountRow)}
    assert amounts == {
        Decimal("100000.00"): "67",
        Decimal("200000.00"): "68",
        Decimal("300000.00"): None,
    }
    assert sorted(row.department_code for row in rows_of(facts, DocumentDepartment)) == [
        "67",
        "68",
    ]


def test_a_section_heading_in_capitals_inside_a_part_keeps_its_department():
    text = JOINT_REPORT.replace(
        "Rapport d'exécution du Haut-Rhin\n",
        "ACTIONS DU SOCLE\n\nLe Département a engagé 40 000 € pour la mobilité.\n\n"
        "Rapport d'exécution du Haut-Rhin\n",
    )
    facts = facts_of(text)
    amounts = {row.amount_eur: row.department_code for row in rows_of(facts, AmountRow)}
    assert amounts[Decimal("40000.00")] == "67"
    assert amounts[Decimal("300000.00")] is None  # "CONCLUSION" still ends the parts


def test_a_paragraph_of_a_joint_part_that_names_one_department_is_its():
    text = JOINT_REPORT.replace(
        "agissent ensemble pour l'insertion.\n",
        "agissent ensemble pour l'insertion.\n\n"
        "Le Département du Bas-Rhin s'est doté d'un Plan d'urgence d'une enveloppe de "
        "200 millions d'euros.\n\n"
        "Le Département du Haut-Rhin a consacré 150 000 € à l'insertion en 2020.\n",
    )
    amounts = {
        row.amount_eur: (row.department_code, row.nature)
        for row in rows_of(facts_of(text), AmountRow)
    }
    assert amounts[Decimal("200000000.00")] == ("67", "other")  # an emergency plan's money
    assert amounts[Decimal("150000.00")] == ("68", "execute")
    assert amounts[Decimal("300000.00")] == (None, "prevu")  # the conclusion names both


RECUEIL = """Recueil des actes administratifs

ATTRIBUTION D'UNE PRIME COVID AUX SALARIES DES SERVICES D'AIDE A DOMICILE

DECIDE :

- de cofinancer la prime Covid dans les services d'aide à domicile du Département de Lot-et-Garonne.

Transmission à la préfecture\tSignataire
Transmis le 30 Septembre 2020\tLa Présidente du Conseil Départemental Sophie BORDERIE

STRATEGIE DE LUTTE CONTRE LA PAUVRETE ET D'ACCES A L'EMPLOI 2019-2021

DECIDE :

- d'approuver l'avenant n°2 à la convention d'appui à la lutte contre la pauvreté,
entre l'Etat et le Département de Lot-et-Garonne.

Transmission à la préfecture\tSignataire
Transmis le 1 Octobre 2020\tLa Présidente du Conseil Départemental Sophie BORDERIE
"""


def test_a_recueil_keeps_only_the_acts_about_the_convention():
    facts = facts_of(RECUEIL)
    assert facts.document.doc_type == "recueil_actes"
    segments = [row for row in facts.rows if row.table == "document_segments"]
    assert [(s.in_scope, s.label[:24]) for s in segments] == [
        (True, "Recueil des actes admini"),
        (False, "ATTRIBUTION D'UNE PRIME "),
        (True, "STRATEGIE DE LUTTE CONTR"),
    ]
    assert [row.date for row in rows_of(facts, DocumentDate)] == [date(2020, 10, 1)]
    assert [(p.name, p.source_line) for p in rows_of(facts, DocumentPerson)] == [
        ("Sophie BORDERIE", 20)
    ]


# --- doc type, title, period, manifest, bad input -------------------------------------


def test_doc_type_title_and_period_of_a_report_dated_by_its_publication():
    text = (
        "Rapport d'exécution de la convention d'appui à la lutte contre la pauvreté\n\n"
        "- 1er trimestre 2021\n- Département du Gers\n\n"
        "Le Département du Gers rend compte de l'insertion des bénéficiaires du RSA en 2020.\n"
    )
    document = facts_of(text).document
    assert document.doc_type == "rapport_execution"
    assert (document.period_start, document.period_end) == (2020, 2020)
    assert document.title.startswith("Rapport d'exécution de la convention")


def test_a_date_without_its_year_takes_the_year_of_the_documents_own_date():
    text = (
        "Lutte contre la pauvreté : dix ans après le plan de 2013\n\n"
        "Publié le 18 juin 2019\n\n"
        "Le Département de l'Yonne et l'État ont signé la convention ce lundi 17 juin.\n"
    )
    dates = {(d.kind, d.date, d.year_inferred) for d in rows_of(facts_of(text), DocumentDate)}
    assert ("signature", date(2019, 6, 17), True) in dates
    assert ("publication", date(2019, 6, 18), False) in dates


def test_without_a_dated_own_event_the_year_named_most_often_is_the_documents():
    spans = [
        (span("Réunis en séminaire le 21 février, les présidents ont lancé la démarche."), "", ""),
        (span("En 2019, 135 M€ seront attribués ; en 2019 toujours, 50 départements."), "", ""),
        (span("Ce fonds pourra atteindre 210 M€ en 2022."), "", ""),
    ]
    assert own_year(spans) == 2019
    assert own_year([(span("Publié le 3 mars 2021 : bilan 2019 et 2019"), "", "")]) == 2021
    assert own_year([(span("Aucune année ici."), "", "")]) is None


def test_a_quarter_named_in_a_sentence_does_not_date_a_report():
    text = (
        "Rapport d'exécution de la convention d'appui à la lutte contre la pauvreté\n\n"
        "Au 1er trimestre 2020, la crise sanitaire a suspendu les ateliers du Département "
        "de la Creuse, qui rend compte ici de l'année 2020.\n\n"
        "Année 2020\n"
    )
    document = facts_of(text).document
    assert (document.period_start, document.period_end) == (2020, 2020)


def test_a_deliberation_embedding_a_convention_is_a_deliberation_titled_by_its_subject():
    blocks = [
        b
        for page in read_text_export(
            "**Réunion du 29 septembre 2022**\n\n**Délibération N° 203**\n\n"
            "**CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ  \n"
            "ET D'ACCÈS À L'EMPLOI - ANNEE 2022**\n"
        )
        for b in page.blocks
    ]
    guess = guess_doc_type(blocks)
    assert guess.doc_type == "deliberation"
    assert (
        guess.title
        == "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI - ANNEE 2022"
    )


FICHE = (
    "FICHE ACTION N°6\n\nGarantie d'activité pour les bénéficiaires du RSA, en lien avec la "
    "stratégie de lutte contre la pauvreté et les partenaires de l'insertion.\n"
)


def test_the_manifest_overrides_doc_type_and_department():
    text = FICHE
    facts = facts_of(text, manifest=ManifestEntry(department_code="47", doc_type="avenant"))
    assert facts.document.doc_type == "avenant"
    assert [row.department_code for row in facts.rows if row.table == "document_departments"] == [
        "47"
    ]
    assert not [q for q in rows_of(facts, DataQualityRow) if q.check_name == "department_unknown"]


def test_a_document_naming_no_department_is_flagged():
    text = FICHE
    checks = [q.check_name for q in rows_of(facts_of(text), DataQualityRow)]
    assert checks == ["department_unknown"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "The State and the county agree on the following plan to reduce poverty. " * 5,
            "not a French document",
        ),
        (
            "Le marché de travaux de voirie de la route départementale est attribué à "
            "l'entreprise pour un montant de 155 000 € et les travaux dureront six mois. " * 2,
            "does not speak of the poverty convention",
        ),
        ("Convention pauvreté", "too little text"),
    ],
)
def test_bad_input_gets_type_other_a_warning_and_no_facts(text, reason):
    facts = facts_of(text)
    assert facts.document.doc_type == "other"
    assert [q.check_name for q in rows_of(facts, DataQualityRow)] == ["not_about_convention"]
    assert reason in rows_of(facts, DataQualityRow)[0].message


# --- people ------------------------------------------------------------------------


def test_people_and_roles_in_parties_labels_and_signature_blocks():
    text = (
        "L'État, représenté par Jean-Luc MARX, Préfet du Bas-Rhin, d'une part,\n\n"
        "**Secrétaire de séance** : Deschamps Amelle\n\n"
        "Le Président du\nConseil Départemental\ndu Bas-Rhin\n\nFrédéric BIERRY\n\n"
        "La Présidente du Conseil départemental\nde Lot-et-Garonne,\nLa Préfète de Lot-et-Garonne\n"
        "Sophie Borderie\nBéatrice Lagarde\n"
    )
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    assert [(p.name, p.role, p.line) for p in find_people(blocks)] == [
        ("Jean-Luc MARX", "prefet", 1),
        ("Deschamps Amelle", "secretaire_seance", 3),
        ("Frédéric BIERRY", "president_cd", 9),
        ("Sophie Borderie", "president_cd", 14),
        ("Béatrice Lagarde", "prefet", 15),
    ]


# --- the State's announced support and money spellings ------------------------------


def test_the_states_announced_support_is_a_planned_state_amount_for_its_year():
    text = (
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2019-2021\n\n"
        "Le Département du Bas-Rhin s'engage pour l'insertion des bénéficiaires du RSA.\n\n"
        "Au titre de l'année 2019, ce soutien s'élève à un montant prévisionnel de 1 125 000 €.\n"
    )
    (amount,) = rows_of(facts_of(text), AmountRow)
    assert (
        amount.funder,
        amount.nature,
        amount.year,
        amount.amount_eur,
        amount.department_code,
    ) == ("etat", "prevu", 2019, Decimal("1125000.00"), "67")
    assert text[amount.char_start : amount.char_end] == amount.evidence == "1 125 000 €"
    assert amount.source_line == 5


def test_number_words_are_one_list_with_every_word_up_to_twelve():
    from calpae.schemas.reference import number_words

    words = number_words()
    assert words["cinq"] == 5 and words["un"] == words["une"] == 1
    assert sorted(set(words.values())) == list(range(1, 13))
