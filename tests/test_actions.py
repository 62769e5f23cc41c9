"""Actions: ref forms, clean titles, one action per ref, sections, the
national measure mapping and its threshold."""

import pytest
from text_factory import facts_of

from calpae.extract.actions.measures import THRESHOLD, match_measure
from calpae.extract.actions.mentions import clean_title, find_actions, merge_mentions, named_action
from calpae.extract.document import department_actions
from calpae.readers.text import read_text_export
from calpae.warehouse.database import connect
from calpae.warehouse.load import replace_document


def mentions_of(text: str, parties: tuple[str, ...] = ()):
    blocks = [b for page in read_text_export(text) for b in page.blocks]
    return find_actions(blocks, parties)


@pytest.mark.parametrize(
    ("line", "ref", "title"),
    [
        (
            "Action 1-1 Prévenir les sorties sèches de l'ASE",
            "1-1",
            "Prévenir les sorties sèches de l'ASE",
        ),
        (
            "Action 5-5: rapprocher les besoins de formation",
            "5-5",
            "rapprocher les besoins de formation",
        ),
        ("Fiche 4-2 Plateforme Job Connexion", "4-2", "Plateforme Job Connexion"),
        (
            "Fiche action N°1.1 : Développer l'autonomie des jeunes",
            "1.1",
            "Développer l'autonomie des jeunes",
        ),
        # a section label of any words before the fiche's ref
        ("CTI - Fiche action N°6.2 : Bilans de santé", "6.2", "Bilans de santé"),
        ("Axe prioritaire - Fiche action N°6.3 : Mobilité", "6.3", "Mobilité"),
        ("Engagement socle : Action 2 Référent de parcours", "2", "Référent de parcours"),
        (
            "### **Fiche-action 2-1 : Expérimentation du référent**",
            "2-1",
            "Expérimentation du référent",
        ),
        (
            "Ex-action FAPI 9.E La préparation ultime à l'emploi",
            "FAPI 9.E",
            "La préparation ultime à l'emploi",
        ),
        ("tion FAPI 3.S: Le logement accompagné", "FAPI 3.S", "Le logement accompagné"),
    ],
)
def test_each_ref_form(line, ref, title):
    (mention,) = mentions_of(line + "\n")
    assert (mention.ref, mention.title) == (ref, title)


def test_a_fiche_heading_alone_takes_the_next_line_or_its_intitule_row():
    (alone,) = mentions_of("FICHE 4-1\n\nRENFORCER L'ACCOMPAGNEMENT DU PARCOURS\n")
    assert (alone.ref, alone.title) == ("4-1", "RENFORCER L'ACCOMPAGNEMENT DU PARCOURS")
    (fiche,) = mentions_of(
        "FICHE ACTION N°6 - ENGAGEMENTS SOCLE\nSTRATEGIE PAUVRETE 2019-2021\n\n"
        "Thème de la contractualisation\tGarantie d'activité\n"
        "Intitulé action\tProposer un accompagnement global renforcé\n"
    )
    assert (fiche.ref, fiche.title, fiche.section) == (
        "6",
        "Proposer un accompagnement global renforcé",
        "socle",
    )


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            "Référent de parcours : Le référent de parcours est un professionnel",
            "Référent de parcours",
        ),
        (
            "<p>Démarche d'inclusion numérique</p> <p>Cette action vise à…</p>",
            "Démarche d'inclusion numérique",
        ),
        (
            "Renforcer le suivi du parcours des personnes,",
            "Renforcer le suivi du parcours des personnes",
        ),
        ("Parentalité. Dans le cadre d'une politique volontariste", "Parentalité"),
    ],
)
def test_title_cleaning(raw, title):
    from calpae.readers.plain_text import to_plain

    assert clean_title(to_plain(raw)) == title


def test_contents_lines_lose_their_page_number_and_get_their_department():
    text = (
        "Rapport d'exécution du Bas-Rhin\t8\n"
        "1.1.1.\tAncrer le projet d'insertion dans le projet pour l'enfant (PPE)\t9\n"
        "1.1.2.\tDévelopper le logement accompagné\t12\n"
        "Rapport d'exécution du Haut-Rhin\t181\n"
        "1.1.1.\tAccompagner les jeunes majeurs\t182\n"
    )
    found = [(m.ref, m.title, m.department_code) for m in mentions_of(text, ("67", "68"))]
    assert found == [
        ("1.1.1", "Ancrer le projet d'insertion dans le projet pour l'enfant (PPE)", "67"),
        ("1.1.2", "Développer le logement accompagné", "67"),
        ("1.1.1", "Accompagner les jeunes majeurs", "68"),
    ]


def test_contents_lines_cut_by_ocr_keep_their_ref_and_title():
    text = (
        "1.\tMes\tsures socle\t182\n"
        "\t1.1.\t1. Pour une structuration des dispositifs\t182\n"
        "\t1.2.1. accue\tPremier accueil social inconditionnel\t\n"
        "\t3.3.2\t\t\n"
        "5 <u>Formation des travailleurs sociaux</u>\t36\n"
        "6\tMesures à l'initiative du département\t221\n"
        "\tAction\t1 : Accompagnement à l'autonomie des jeunes majeurs\t221\n"
    )
    found = [(m.ref, m.title) for m in mentions_of(text)]
    assert found == [
        ("1.1.1", "Pour une structuration des dispositifs"),  # "1.1." | "1. Pour …"
        ("1.2.1", "Premier accueil social inconditionnel"),  # "accue" is a cut word
        ("3.3.2", ""),  # a ref alone is not a page number
        ("5", "Formation des travailleurs sociaux"),  # a group without entries
        ("1", "Accompagnement à l'autonomie des jeunes majeurs"),
    ]


def test_a_cell_wrapped_by_its_producer_is_one_paragraph_and_tagged_items_are_several():
    """A PDF cell's wrapped lines are joined by a space where the producer put a
    trailing space too ("Renforcer  l'accompagnement"): one title. Items
    parted by a wide gap beside their tags are several."""
    text = (
        "Nom de l'action\tPart Etat\n"
        "2.1 Renforcer  l'accompagnement des  bénéficiaires du RSA\t240 000 €\n"
        "<b>3-1.1 : Création d'un process numérique</b>  <b>3-1.2 : Outils communs</b>"
        "\t10 000 €\n"
        "4.2 Lever les freins  périphériques à l'emploi  des jeunes\t5 000 €\n"
    )
    found = [(m.ref, m.title) for m in mentions_of(text)]
    assert found == [
        ("2.1", "Renforcer l'accompagnement des bénéficiaires du RSA"),
        ("3-1.1", "Création d'un process numérique"),
        ("3-1.2", "Outils communs"),
        ("4.2", "Lever les freins périphériques à l'emploi des jeunes"),
    ]


def test_numbered_paragraphs_of_a_cell_and_fiches_numbered_within_their_axis():
    text = (
        "Mesures\tIndicateurs\n"
        "<b>1.1</b> <b>Maraudes mixtes État/CD</b>\tNombre de contacts\n"
        "<b>2.2. Référent de parcours</b>\tNombre de personnes\n"
        "<p><b>1. Enfants</b></p> <p><b>1.1.1 Développer l'autonomie</b></p> "
        "<p><b>1.1.2 Soutien par des pairs</b></p>\t<p>2.2.1. Maillage</p>\n"
        "\n"
        "## **AXE 1 : Prévention des sorties sèches**\n"
        "\n"
        "### **Fiche-action 1.2 : Soutien par des pairs**\n"
        "\n"
        "## **AXE 2 : Travail social**\n"
        "\n"
        "### **Fiche-action 2-1 : Expérimentation du référent de parcours**\n"
        "\n"
        "### **Fiche-action 3-1 : Autre chose**\n"
    )
    found = [(m.ref, m.title) for m in mentions_of(text)]
    assert found == [
        ("1.1", "Maraudes mixtes État/CD"),
        ("2.2", "Référent de parcours"),
        ("1.1.1", "Développer l'autonomie"),
        ("1.1.2", "Soutien par des pairs"),
        ("1.1.2", "Soutien par des pairs"),  # fiche 1.2 of axis 1
        ("2.2", "Expérimentation du référent de parcours"),  # no 2.2.1 listed: 2.2
        ("3-1", "Autre chose"),  # nothing listed: as written
    ]


def test_one_action_per_ref_keeps_the_name_without_its_description():
    text = (
        "Annexe A – Tableau des engagements du socle\n\n"
        "\tMontant\n"
        "Action 3-1 Nouveau modèle du SPI Dispositif « d'orientation professionnelle »\t190 000\n\n"
        "Annexe B – Tableau des engagements à l'initiative du département\n\n"
        "\tMontant\n"
        "Action 5-3 Démarche d'inclusion numérique\t130 000\n\n"
        "SYNTHESE\n\n"
        "\tPart Etat\n"
        "Action 3-1 Nouveau modèle du SPI\t190 000\n"
    )
    merged = merge_mentions(mentions_of(text))
    assert [(a.ref, a.title, a.section, a.line, others) for a, others in merged] == [
        ("3-1", "Nouveau modèle du SPI", "socle", 4, [14]),
        ("5-3", "Démarche d'inclusion numérique", "initiative", 9, []),
    ]


def test_a_sentence_citing_a_ref_is_not_an_action():
    assert mentions_of("Comme prévu à l'action 1-1, le Département agit.\n") == []
    assert mentions_of("Texte\tVoir l'Action 2-1 pour le détail\n") == []


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Prévenir les sorties sèches de l'ASE", "ASE_SORTIES"),
        ("Dispositif d'accompagnement à l'autonomie des jeunes majeurs (PAAJM)", "ASE_SORTIES"),
        ("Maraudes mixtes État/CD pour les enfants à la rue", "MARAUDES"),
        ("Premier accueil social inconditionnel et humain de proximité", "PREMIER_ACCUEIL"),
        ("Refonder le travail social – Premier accueil social inconditionnel", "PREMIER_ACCUEIL"),
        ("Référent de parcours", "REFERENT_PARCOURS"),
        ("Nouveau modèle du SPI", "RSA_ORIENTATION"),
        ("Insertion des allocataires du RSA : l'orientation des BrSa", "RSA_ORIENTATION"),
        ("Appel d'offres garantie d'activité", "GARANTIE_ACTIVITE"),
        ("Accompagnement global", "GARANTIE_ACTIVITE"),
        ("Formation des travailleurs sociaux", "FORMATION_TS"),
        ("Plateforme de mobilité", "MOBILITE"),
        ("Mobilités à des fins d'insertion professionnelle", "MOBILITE"),
        ("Orienter et accompagner les allocataires du RSA", "RSA_ORIENTATION"),
        # one word ("orientation") does not outweigh the public the title names
        ("Orientation professionnelle des jeunes de l'ASE", "ASE_SORTIES"),
    ],
)
def test_titles_map_to_their_national_measure(title, code):
    match = match_measure(title)
    assert match.code == code and match.confidence >= THRESHOLD


def test_a_close_spelling_maps_with_less_confidence_and_nothing_below_the_threshold():
    typo = match_measure("Prévenir les sortie sèche de l'ASE")
    assert typo.code == "ASE_SORTIES" and typo.confidence == 1.0
    fuzzy = match_measure("Le referent de parcour pour chaque famille")
    assert fuzzy.code == "REFERENT_PARCOURS" and THRESHOLD <= fuzzy.confidence < 1.0
    nothing = match_measure("Jardins solidaires et épiceries sociales")
    assert nothing.code is None and nothing.confidence < THRESHOLD


def test_two_measures_each_named_by_one_word_are_left_for_review():
    match = match_measure("Mobilité et orientation")
    assert match.code is None and match.confidence == 0.8
    assert match_measure("La mobilité au service de l'emploi").code == "MOBILITE"


def test_a_sub_action_naming_no_measure_serves_its_parents():
    text = (
        "Mesures\tIndicateurs\n"
        "<b>3.1. Orienter et accompagner les allocataires du RSA</b>\tNombre\n"
        "<p><b>3.1.2 Mise en place d'outils communs</b></p>\tNombre\n"
        "<p><b>4.1 Jardins solidaires</b></p>\tNombre\n"
        "<p><b>4.1.1 Mise en place d'outils communs</b></p>\tNombre\n"
    )
    actions, _ = department_actions("71", mentions_of(text))
    found = {a.action_ref: a.measure_code for a in actions}
    assert found == {
        "3.1": "RSA_ORIENTATION",
        "3.1.2": "RSA_ORIENTATION",
        "4.1": None,
        "4.1.1": None,
    }


def test_a_row_label_names_an_action_by_its_title_and_a_tie_names_none():
    titles = [
        ("a", "Premier accueil social inconditionnel de proximité"),
        ("b", "Accompagnement global"),
        ("c", "Garantie d'activité"),
        ("d", "Parentalité"),
    ]
    assert named_action("Premier accueil social", titles) == "a"
    assert named_action("Garantie d'activité : l'accompagnement global", titles) == "b"
    assert named_action("Parentalité", titles) == "d"
    assert named_action("Formation au numérique", titles) is None
    assert named_action("Accueil", [("x", "Premier accueil"), ("y", "Accueil de jour")]) is None


CONVENTION = (
    "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2020\n\n"
    "Entre l'État et le Département du Gers, pour l'insertion et la lutte contre la pauvreté, "
    "le Département du Gers s'engage sur les actions suivantes.\n\n"
    "Annexe A – Tableau des engagements du socle\n\n"
    "\tPart Etat 2020\tPart CD 2020\n"
    "Action 1-1 Prévenir les sorties sèches de l'ASE\t100 000 €\t100 000 €\n"
    "Action 2-1 Référent de parcours\t50 000 €\t50 000 €\n"
)
REPORT = (
    "Rapport d'exécution de la convention d'appui à la lutte contre la pauvreté\n\n"
    "- 1er trimestre 2021\n\n"
    "Le Département du Gers rend compte des actions de la convention pour l'insertion en 2020, "
    "le Département du Gers ayant engagé les crédits.\n\n"
    "Synthèse financière de l'axe socle\n\n"
    "Nom de l'action\tDépenses\tPart Etat\tPart CD\n"
    "Action 1.1 Sorties sèches de l'ASE : jeunes majeurs\t160 000 €\t80 000 €\t80 000 €\n"
)


def test_the_timeline_lines_up_planned_and_spent_across_documents(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    for name, text in (("convention.txt", CONVENTION), ("rapport.txt", REPORT)):
        replace_document(con, facts_of(text, name))
    rows = con.execute(
        "SELECT doc_type, action_ref, year, funder, prevu_eur, execute_eur FROM action_timeline "
        "WHERE department_code = '32' AND action_key = 'ASE_SORTIES' AND funder = 'etat' "
        "ORDER BY doc_type"
    ).fetchall()
    con.close()
    assert [(d, r, y, f, p and int(p), e and int(e)) for d, r, y, f, p, e in rows] == [
        ("convention", "1-1", 2020, "etat", 100000, None),
        ("rapport_execution", "1.1", 2020, "etat", None, 80000),
    ]


def test_a_fiche_sentence_belongs_to_its_action_and_is_counted_once(tmp_path):
    text = CONVENTION + (
        "\n\n\nFICHE 1-1\n\nPRÉVENIR LES SORTIES SÈCHES\n\n"
        "Le Département accompagne les jeunes majeurs sortant de l'ASE.\n\n"
        "ENGAGEMENT FINANCIER\n\n100 000 € pour l'Etat en 2020.\n"
    )
    facts = facts_of(text, "c.txt")
    action = next(r for r in facts.rows if r.table == "actions" and r.action_ref == "1-1")
    fiche_amount = next(r for r in facts.rows if r.table == "amounts" and r.source_kind == "prose")
    assert (fiche_amount.action_id, fiche_amount.funder, fiche_amount.year) == (
        action.action_id,
        "etat",
        2020,
    )
    assert action.mentions == 2

    con = connect(tmp_path / "w.duckdb")
    replace_document(con, facts)
    (total,) = con.execute(
        "SELECT total_eur FROM funding_by_department_year "
        "WHERE funder = 'etat' AND year = 2020 AND nature = 'prevu'"
    ).fetchone()
    con.close()
    assert int(total) == 150000  # 100 000 (row and fiche, once) + 50 000


def test_each_action_counts_once_however_often_and_however_broken_down(tmp_path):
    text = CONVENTION + (
        "\n\n\nFICHE 1-1\n\nPRÉVENIR LES SORTIES SÈCHES\n\n"
        "Budget de l'action pour 2020 :\n\n"
        "Postes\tPart Etat 2020\n"
        "Diagnostic\t60 000 €\n"
        "Accompagnements\t40 000 €\n"
        "\n\n\nSynthèse financière\n\n"
        "Actions\tCrédits Etat pré-notifiés\tPart Etat 2020\n"
        "Prévenir les sorties sèches de l'ASE\t250 000 €\t100 000 €\n"
        "Référent de parcours\t\t50 000 €\n"
    )
    facts = facts_of(text, "c.txt")
    actions = {r.action_id: r.action_ref for r in facts.rows if r.table == "actions"}
    linked = sorted(
        (r.source_line, actions.get(r.action_id), int(r.amount_eur))
        for r in facts.rows
        if r.table == "amounts" and r.funder == "etat"
    )
    assert linked == [
        (8, "1-1", 100000),  # the annex row, by its ref
        (9, "2-1", 50000),
        (20, "1-1", 60000),  # the fiche's budget table, by the fiche it stands in
        (21, "1-1", 40000),
        (28, "1-1", 100000),  # the synthesis, by the title its row names
        (28, "1-1", 250000),
        (29, "2-1", 50000),
    ]
    con = connect(tmp_path / "w.duckdb")
    replace_document(con, facts)
    (total,) = con.execute(
        "SELECT total_eur FROM funding_by_department_year "
        "WHERE funder = 'etat' AND year = 2020 AND nature = 'prevu'"
    ).fetchone()
    con.close()
    # 1-1: 100 000 in the annex, its fiche's table (60 000 + 40 000) and the synthesis;
    # the pre-notified credits (250 000) are one place only. 2-1: 50 000.
    assert int(total) == 150000


def test_an_inflected_title_maps_through_its_stems():
    match = match_measure("Formations des travailleurs sociaux")
    assert (match.code, match.confidence) == ("FORMATION_TS", 0.95)


def test_stems_are_the_same_when_threads_ask_at_once():
    """The flow reads documents in threads: a shared stemmer garbled words
    (an IndexError in a run of the sample corpus)."""
    from concurrent.futures import ThreadPoolExecutor

    from calpae.extract.nlp import stems

    base = ["accompagnements", "insertions", "sorties sèches", "référents", "prévention"]
    texts = [f"{word} {n} {word}s renforcées{n}" for n in range(3000) for word in base]
    alone = [stems.__wrapped__(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(stems.__wrapped__, texts))
    assert together == alone
