#!/usr/bin/env python3
"""Write the hand-checked actions gold (actions.csv, ranges.csv) with the csv module.

Edit the rows here, then run `python3 gold/actions/build.py && python3 gold/actions/check.py`.

Notes conventions read by check.py:
  * `aka "..."`  another name of the action written on one of its lines (a line that holds
    neither the ref nor the first words of the title is accepted when it holds the first
    words of an aka);
  * `ocr-damaged l.N`  line N is a real appearance whose ref and title OCR destroyed; the
    checker accepts it with a warning.
"""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

F0 = "000_4abbc878dd54ddbd.txt"
F1 = "001_799a4874d703235c.txt"
F2 = "002_6d0f682446c84194.txt"
F3 = "003_03964095504adcba.txt"
F4 = "004_33b71f1498aef849.txt"

S, C, INI, P = "socle", "cofinancee", "initiative", "fapi"
ASE, MAR, PS = "ASE_SORTIES", "MARAUDES", "PREVENTION_SPECIALISEE"
PA, RP, RSA, GA = "PREMIER_ACCUEIL", "REFERENT_PARCOURS", "RSA_ORIENTATION", "GARANTIE_ACTIVITE"
FTS, MOB = "FORMATION_TS", "MOBILITE"

# (source_file, department_code, action_ref, title, section, measure_code,
#  first_line, other_lines, notes)
ROWS = [
    # ---------------------------------------------------------------- 000 Bas-Rhin convention
    (
        F0,
        "67",
        "1-1",
        "Prévenir les sorties sèches de l'ASE",
        S,
        ASE,
        205,
        [254],
        "Annexe A row (long description) l.205; synthèse row l.254 gives the short name.",
    ),
    (
        F0,
        "67",
        "2-1",
        "Premier accueil social inconditionnel et humain de proximité",
        S,
        PA,
        207,
        [255],
        "Annexe A row l.207; synthèse l.255.",
    ),
    (
        F0,
        "67",
        "2-2",
        "Référent de parcours",
        S,
        RP,
        208,
        [256],
        "Annexe A row l.208 (description continues on l.210); synthèse l.256.",
    ),
    (
        F0,
        "67",
        "3-1",
        "Nouveau modèle du SPI",
        S,
        RSA,
        212,
        [257],
        "Annexe A row l.212 ('Nouveau modèle du SPI Dispositif « d'orientation professionnelle » "
        "Appui au processus d'orientation'); synthèse l.257. Orientation of new RSA entrants in 1 "
        "month -> RSA_ORIENTATION.",
    ),
    (
        F0,
        "67",
        "3-2",
        "Appel d'offres garantie d'activité",
        S,
        GA,
        213,
        [258],
        "Annexe A row l.213; synthèse l.258.",
    ),
    (
        F0,
        "67",
        "4-1",
        "Renforcer les outils d'accompagnement du parcours des personnes",
        C,
        "",
        220,
        [263, 290, 292],
        "Annexe B 'Actions cofinancées' l.220; synthèse l.263; FICHE 4-1 l.290 with title l.292 "
        "aka \"RENFORCER L'ACCOMPAGNEMENT DU PARCOURS DES PERSONNES LE « PIED A L'ETRIER » - "
        'CDVolontaires 67". Bénévolat of BRSA: own initiative, no socle measure.',
    ),
    (
        F0,
        "67",
        "4-2",
        "Plateforme de mise en relation de l'offre et de la demande d'emploi « Job Connexion »",
        C,
        "",
        221,
        [264, 343, 345],
        "Annexe B l.221; synthèse l.264 (trailing '.' dropped); FICHE 4-2 l.343, title l.345 "
        "aka \"PLATE-FORME DE MISE EN RELATION DE L'OFFRE ET DE LA DEMANDE D'EMPLOI\". Borderline "
        "GARANTIE_ACTIVITE (BRSA/entreprises matching) but a cofinanced own initiative: left empty.",
    ),
    (
        F0,
        "67",
        "4-3",
        "Parentalité",
        C,
        "",
        222,
        [265],
        "Annexe B l.222; synthèse l.265. Borderline PETITE_ENFANCE (family support), not the "
        "petite-enfance measure: left empty.",
    ),
    (
        F0,
        "67",
        "5-1",
        "Coordination des acteurs - Contrats locaux de santé médico-sociaux",
        INI,
        "",
        227,
        [267],
        "Annexe B 'Actions du Département' l.227 (no dash there); synthèse l.267.",
    ),
    (
        F0,
        "67",
        "5-2",
        "Renforcer l'attractivité et la reconnaissance des métiers sociaux et médico-sociaux",
        INI,
        "",
        228,
        [268],
        "l.228; synthèse l.268. Borderline FORMATION_TS (mentions 'faire évoluer la formation "
        "initiale'); it is about recruitment/attractiveness of the professions: left empty.",
    ),
    (
        F0,
        "67",
        "5-3",
        "Démarche d'inclusion numérique pour éviter les ruptures",
        INI,
        "",
        230,
        [269],
        "l.230; synthèse l.269.",
    ),
    (
        F0,
        "67",
        "5-4",
        "Favoriser l'inclusion des plus fragiles et l'accès aux besoins fondamentaux (logement, "
        "nourriture, santé)",
        INI,
        "",
        231,
        [270],
        "l.231 (jardins solidaires, logement d'abord, bilans de santé, Tous parrain, Vitamine "
        "Culture); synthèse l.270.",
    ),
    (
        F0,
        "67",
        "5-5",
        "rapprocher les besoins de formation des compétences détenues par les BRSA",
        INI,
        "",
        232,
        [271],
        "Written 'Action 5-5:' l.232 and 'Action 5-5 rapprocher' l.271 (lower-case as written). "
        "Training of BRSA, not of social workers: not FORMATION_TS.",
    ),
    (
        F0,
        "67",
        "5-6",
        "Renforcer le suivi du parcours des personnes",
        INI,
        "",
        233,
        [272],
        "l.233 ('..., au travers de trois outils'); synthèse l.272 (trailing ',' dropped). "
        "Borderline RSA_ORIENTATION (SI/suivi of parcours): left empty.",
    ),
    (
        F0,
        "67",
        "5-7",
        "La préparation préalable à la prise de poste et au retour à l'emploi",
        INI,
        "",
        235,
        [273],
        "l.235; synthèse l.273.",
    ),
    (
        F0,
        "67",
        "5-8",
        "Construire avec les jeunes sortant de l'ASE leur projet d'autonomie",
        INI,
        ASE,
        236,
        [274],
        "BORDERLINE: an initiative 'en complément des actions figurant dans l'annexe A' (l.236), "
        "3 M€ CD only. Section initiative (Annexe B 'Actions du Département'), measure ASE_SORTIES "
        "because its content (jeunes majeurs sortant de l'ASE) is exactly that socle measure.",
    ),
    (
        F0,
        "67",
        "6-1",
        "Mise en place d'une équipe spécialisée pour les « ménages à droits incomplets »",
        INI,
        "",
        241,
        [276],
        "Annexe B 'Implication du Département dans la stratégie et la mise en œuvre' l.241; "
        "synthèse l.276 (l.277 is its second cell line, no text).",
    ),
    (
        F0,
        "67",
        "6-2",
        "Création d'une équipe mobile santé précarité",
        INI,
        "",
        242,
        [278],
        "l.242; synthèse l.278.",
    ),
    (
        F0,
        "67",
        "6-3",
        "Insertion par l'Activité Economique : garantir une perspective d'emploi pour les "
        "personnes les plus fragiles par un soutien aux SIAE",
        INI,
        "",
        244,
        [279],
        "l.244 (underlined in <u>); synthèse l.279. Borderline GARANTIE_ACTIVITE (IAE): left "
        "empty, it is 'Implication du Département'.",
    ),
    # ---------------------------------------------------------------- 001 TOC, Bas-Rhin part
    (
        F1,
        "67",
        "1.1",
        "Prévenir toute « sortie sèche » pour les jeunes sortants de l'aide sociale à l'enfance "
        "(ASE)",
        S,
        ASE,
        98,
        [],
        "Measure-level TOC entry; ref OCR'd as 'L.1.' (title check). Body heading l.204.",
    ),
    (
        F1,
        "67",
        "1.1.1",
        "Ancrer le projet d'insertion dans le projet pour l'enfant (PPE)",
        S,
        ASE,
        99,
        [],
        "Body heading l.206 (convention 000 Action 1-1).",
    ),
    (
        F1,
        "67",
        "1.1.2",
        "Développer le logement accompagné pour les jeunes sortants de l'ASE",
        S,
        ASE,
        100,
        [],
        "Body heading l.287.",
    ),
    (
        F1,
        "67",
        "FAPI 3.S",
        "Le développement du logement accompagné pour des publics cibles non pris en charge dans "
        "le cadre du Plan Départemental d'Action pour le Logement et l'Hébergement des Personnes "
        "Défavorisées (jeunes majeurs étrangers)",
        P,
        ASE,
        101,
        [],
        "TOC text OCR-scrambled ('pris e' moved to cell 1, 'ergement'); title from body heading "
        "l.409. Listed under 1.1.2: ASE_SORTIES by placement (jeunes majeurs).",
    ),
    (
        F1,
        "67",
        "FAPI 4.S",
        "L'accompagnement des jeunes majeurs sortant de l'Aide Sociale à l'Enfance pour l'accès "
        "au logement",
        P,
        ASE,
        102,
        [],
        "TOC 'Enfai l'accès' OCR; body heading l.523.",
    ),
    (
        F1,
        "67",
        "1.1.3",
        "Donner les clés de l'autonomie aux jeunes accueillis à l'ASE",
        S,
        ASE,
        103,
        [],
        "Body heading l.612.",
    ),
    (
        F1,
        "67",
        "FAPI 5.E",
        "La formation et la mise en emploi des publics ciblés prioritaires (les jeunes, dont les "
        "jeunes bénéficiaires du RSA, dont les réfugiés)",
        P,
        ASE,
        104,
        [144],
        "SAME REF LISTED TWICE in the TOC: l.104 under 1.1.3 (body l.705) and l.144 under 3.4 "
        'aka "La maitrise de la langue française pour accéder à des métiers en tension (GERMA)" '
        "(body l.4936). The FAPI annex l.7398 shows one 5.E action funding Contact et Promotion "
        "and GERMA, so one row. Measure ASE_SORTIES by its first placement (borderline: "
        "young people incl. BRSA and refugees).",
    ),
    (
        F1,
        "67",
        "FAPI 7.E",
        "La lutte contre le décrochage scolaire : offrir davantage de chances (action Booster par "
        "Unis-cité)",
        P,
        ASE,
        105,
        [],
        "TOC reads '(action par Unis-cité)'; body heading l.828 and FAPI annex l.7400 have "
        "'Booster'. Under 1.1.3: ASE_SORTIES by placement (borderline).",
    ),
    (
        F1,
        "67",
        "1.2",
        "Renforcer les compétences des travailleurs sociaux",
        S,
        "",
        107,
        [],
        "Axis-level TOC entry (ref OCR'd 'L.2.'), groups 1.2.1-1.2.3: spans PREMIER_ACCUEIL, "
        "REFERENT_PARCOURS, FORMATION_TS, so measure left empty. Body l.996.",
    ),
    (
        F1,
        "67",
        "1.2.1",
        "Refonder et revaloriser le travail social au service de toutes les familles – Premier "
        "accueil social inconditionnel de proximité",
        S,
        PA,
        108,
        [],
        "TOC OCR split 'accue'/'eil'; body heading l.998.",
    ),
    (
        F1,
        "67",
        "1.2.2",
        "Refonder et revaloriser le travail social au service de toutes les familles – Référent "
        "de parcours",
        S,
        RP,
        109,
        [],
        "TOC OCR 'Référenteurs 40 t de' (page 40); body heading l.1168.",
    ),
    (
        F1,
        "67",
        "1.2.3",
        "La formation des travailleurs sociaux",
        S,
        FTS,
        110,
        [],
        "Body heading l.1273.",
    ),
    (
        F1,
        "67",
        "1.3",
        "Insertion des allocataires du revenu de solidarité active",
        S,
        "",
        112,
        [],
        "Axis-level TOC entry (ref OCR'd 'L.3.'): spans RSA_ORIENTATION and GARANTIE_ACTIVITE, "
        "measure left empty. Body l.1389.",
    ),
    (
        F1,
        "67",
        "1.3.1",
        "Insertion des allocataires du revenu de solidarité active – Orientation et parcours des "
        "allocataires du revenu de solidarité active",
        S,
        RSA,
        113,
        [],
        "Ref lost in the TOC line (title check); body heading l.1391.",
    ),
    (
        F1,
        "67",
        "1.3.2",
        "Insertion des allocataires du revenu de solidarité active – Garantie d'activité",
        S,
        GA,
        114,
        [],
        "Body heading l.2037.",
    ),
    (
        F1,
        "67",
        "FAPI 9.E",
        "La préparation ultime à l'accès à l'emploi, par l'acquisition des bases des savoirs-être "
        "nécessaires pour réussir son recrutement",
        P,
        GA,
        115,
        [],
        "TOC 'rs-être' OCR; body l.2407. Under 1.3.2: GARANTIE_ACTIVITE by placement.",
    ),
    (
        F1,
        "67",
        "FAPI 10.P",
        "Le BAFA, une première et nécessaire action qualifiante (AROEVEN)",
        P,
        GA,
        116,
        [],
        "Body l.2952 (its indicator rows say 'Action 10.E', l.3011). Under 1.3.2 (borderline).",
    ),
    (
        F1,
        "67",
        "FAPI 11.P",
        "Le renforcement de l'accès à la formation et à l'employabilité des salariés en structure "
        "d'insertion par l'activité économique, en partenariat avec l'Union Régionale (URSIAE)",
        P,
        GA,
        117,
        [],
        "TOC OCR-scrambled; body l.3054. Under 1.3.2.",
    ),
    (
        F1,
        "67",
        "FAPI 14.0",
        "Pluches solidaires : un support dans les cuisines des restaurants scolaires des collèges "
        "pour des travaux d'épluchage par des Bénéficiaires du RSA",
        P,
        GA,
        118,
        [],
        "Ref written '14.0' everywhere (TOC, body l.3197, annex l.7419; probably 14.O). Under "
        "1.3.2.",
    ),
    (
        F1,
        "67",
        "2.1",
        "Renforcer les outils d'accompagnement du parcours des personnes",
        C,
        "",
        128,
        [],
        "Under '2. Mesures à l'initiative du Département' whose synthesis is 'actions cofinancées' "
        "(l.133) = convention Action 4-1. Body l.3360.",
    ),
    (
        F1,
        "67",
        "FAPI 8.E",
        "Le pied à l'étrier à travers la participation à des ateliers d'engagement citoyen",
        P,
        "",
        129,
        [],
        "TOC entry runs onto l.130 ('yenyen 112', OCR of 'citoyen'); body l.3621. Under 2.1.",
    ),
    (
        F1,
        "67",
        "2.2",
        "Plateforme de mise en relation de l'offre et de la demande d'emploi « Job connexion »",
        C,
        "",
        131,
        [],
        "= convention Action 4-2. Body l.3743.",
    ),
    (F1, "67", "2.3", "Parentalité", C, "", 132, [], "= convention Action 4-3. Body l.3949."),
    (
        F1,
        "67",
        "3.1",
        "Coordination des acteurs – CLSMS",
        INI,
        "",
        135,
        [],
        "Under '3. Actions d'inclusion sociale' = convention Action 5-1. Body l.4055.",
    ),
    (
        F1,
        "67",
        "3.2",
        "Démarche d'inclusion numérique pour éviter les ruptures – l'écrivain public numérique",
        INI,
        "",
        136,
        [],
        "= convention Action 5-3. Body l.4128.",
    ),
    (
        F1,
        "67",
        "FAPI 1.S",
        "Accompagnement à l'autonomie numérique",
        P,
        "",
        137,
        [],
        "Body l.4360. Under 3.2.",
    ),
    (
        F1,
        "67",
        "3.3",
        "Favoriser l'inclusion des plus fragiles et l'accès aux besoins fondamentaux (logement, "
        "nourriture, santé)",
        INI,
        "",
        138,
        [],
        "TOC entry runs onto l.139 ('nourrit ture, santé) 138'). = convention Action 5-4. Body "
        "l.4463.",
    ),
    (
        F1,
        "67",
        "3.3.1",
        "Un acteur, un toit",
        INI,
        "",
        140,
        [],
        "ocr-damaged l.140: the TOC line reads '3.3. ,' (ref digit and title lost); title from "
        "body heading l.4465.",
    ),
    (
        F1,
        "67",
        "3.3.2",
        "Jardins solidaires",
        INI,
        "",
        141,
        [],
        "TOC line holds the ref only (title lost); title from body heading l.4599.",
    ),
    (
        F1,
        "67",
        "3.3.3",
        "Bilans de santé territorialisés",
        INI,
        "",
        142,
        [],
        "TOC '3.3.3 3. Bilans'; body l.4713.",
    ),
    (
        F1,
        "67",
        "3.4",
        "Renforcer l'attractivité et la reconnaissance des métiers sociaux et médico-sociaux",
        INI,
        "",
        143,
        [],
        "= convention Action 5-2. Body l.4772 ('médicosociaux').",
    ),
    (
        F1,
        "67",
        "FAPI 6.E",
        "La maitrise de la langue française (plateforme départementale GIP-FCIP)",
        P,
        "",
        145,
        [],
        "Body l.5059. Under 3.4.",
    ),
    (
        F1,
        "67",
        "3.5",
        "Renforcer le suivi du parcours des personnes",
        INI,
        "",
        146,
        [],
        "= convention Action 5-6. Body l.5173.",
    ),
    (
        F1,
        "67",
        "3.6",
        "Mise en place d'une équipe spécialisée pour les « ménages à droits incomplets »",
        INI,
        "",
        147,
        [],
        "= convention Action 6-1. Body l.5316.",
    ),
    (
        F1,
        "67",
        "3.7",
        "Création d'une équipe mobile santé précarité",
        INI,
        "",
        148,
        [],
        "= convention Action 6-2. Body l.5414.",
    ),
    (F1, "67", "FAPI 2.S", "Le dispositif LOGIPSY", P, "", 149, [], "Body l.5524. Under 3.7."),
    # ---------------------------------------------------------------- 001 TOC, Haut-Rhin part
    (
        F1,
        "68",
        "1.1",
        "Prévenir toute « sortie sèche » pour les jeunes sortants de l'aide sociale à l'enfance "
        "(ASE)",
        S,
        ASE,
        153,
        [],
        "Measure-level TOC entry ('(ASI 182 E)' OCR). Body l.5688.",
    ),
    (
        F1,
        "68",
        "1.1.1",
        "Pour une structuration des dispositifs de préparation à l'autonomie",
        S,
        ASE,
        154,
        [],
        "TOC '1.1. 1.' split by a TAB (title check). Body l.5689.",
    ),
    (
        F1,
        "68",
        "1.2",
        "Les PAEJ comme lieu d'ancrage pour les jeunes de l'ASE",
        S,
        ASE,
        155,
        [],
        "Haut-Rhin numbering: action 2 of the ASE measure is '1.2' (not an axis). Body l.5788.",
    ),
    (
        F1,
        "68",
        "1.3",
        "Poursuite des actions et innovation en matière de logement des jeunes",
        S,
        ASE,
        156,
        [],
        "Body l.5862.",
    ),
    (
        F1,
        "68",
        "2.1",
        "Refonder et revaloriser le travail social au service de toutes les familles – Premier "
        "accueil social inconditionnel de proximité",
        S,
        PA,
        166,
        [],
        "TOC OCR 'social i' / 'accuei'. Body l.5971. Synthesis l.6246 calls it 'Vers un "
        "renforcement du maillage territorial'.",
    ),
    (
        F1,
        "68",
        "3.1",
        "Refonder et revaloriser le travail social au service de toutes les familles – Pour la "
        "mise en œuvre des référents de parcours",
        S,
        RP,
        167,
        [],
        "Body l.6105.",
    ),
    (
        F1,
        "68",
        "4.1",
        "Pour la stabilisation de la bonne performance en matière de suivi de parcours et "
        "d'insertion des BrSa",
        S,
        RSA,
        169,
        [],
        "Plateformes rSa (accueil, instruction, orientation) -> RSA_ORIENTATION. Body l.6256.",
    ),
    (
        F1,
        "68",
        "5.1",
        "Vers un renforcement de l'accompagnement des BrSa par la création de nouvelles actions",
        S,
        GA,
        170,
        [],
        "Garantie d'activité items and accompagnement global (l.6364). Body l.6351.",
    ),
    (
        F1,
        "68",
        "5.2",
        "La mobilité au service de l'emploi",
        C,
        MOB,
        171,
        [],
        "Listed in the TOC under the BRSA socle axis, but the budget annex (l.7362) files 5.2-5.6 "
        "as 'Actions cofinancées' and the socle synthesis (l.6972-6974) holds only 4.1 and 5.1: "
        "section cofinancee. Measure MOBILITE (ADIM mobility aid). Body l.6462.",
    ),
    (
        F1,
        "68",
        "5.3",
        "Conseillers relais entreprises",
        C,
        "",
        172,
        [],
        "Cofinancée (annex l.7363). BRSA-employer matching, borderline GARANTIE_ACTIVITE: left "
        "empty. Body l.6572.",
    ),
    (F1, "68", "5.4", "Action de parrainage", C, "", 173, [], "Cofinancée (l.7364). Body l.6679."),
    (
        F1,
        "68",
        "5.5",
        "Ambassadeurs du bénévolat",
        C,
        "",
        174,
        [],
        "Cofinancée (l.7365). Body l.6771.",
    ),
    (
        F1,
        "68",
        "5.6",
        "Job d'été",
        C,
        "",
        175,
        [],
        "Cofinancée (l.7366). Body l.6874 OCR 'lob d'été'.",
    ),
    (
        F1,
        "68",
        "1",
        "Accompagnement à l'autonomie des jeunes majeurs",
        INI,
        ASE,
        178,
        [],
        "Written 'Action 1' under '6 Mesures à l'initiative du département'; the synthesis "
        "l.7216 numbers it 6.1. Borderline like 000 Action 5-8: own initiative on jeunes "
        "majeurs ASE -> ASE_SORTIES. Body l.6982.",
    ),
    (
        F1,
        "68",
        "2",
        "Hébergement renforcé des jeunes majeurs",
        INI,
        ASE,
        179,
        [],
        "'Action 2'; synthesis 6.2 (l.7217). Borderline as Action 1 -> ASE_SORTIES. Body l.7055.",
    ),
    (
        F1,
        "68",
        "3",
        "Aide exceptionnelle aux épiceries sociales et restaurants sociaux",
        INI,
        "",
        180,
        [],
        "'Action 3'; synthesis 6.3 (l.7218). Body l.7127.",
    ),
    # ---------------------------------------------------------------- 002 convention 2022
    (
        F2,
        "71",
        "1.1",
        "Maraudes mixtes État/CD pour les enfants à la rue",
        S,
        MAR,
        231,
        [],
        "Annexe A 2022 measure row; all its indicator cells are empty (not contracted by 71).",
    ),
    (
        F2,
        "71",
        "1.2",
        "Prévention spécialisée",
        S,
        PS,
        235,
        [],
        "Annexe A 2022 measure row; indicator cells empty (not contracted by 71).",
    ),
    (
        F2,
        "71",
        "2.1",
        "Premier accueil social inconditionnel de proximité",
        S,
        PA,
        250,
        [386, 390, 1647, 1715],
        "Annexe A 2022 l.250; its fiche (Annexe A, l.386 heading, l.390 intitulé). The annexed "
        "2019-2021 convention heads its two premier-accueil fiches (2.1.1, 2.1.2) with the same "
        "measure heading '2.1 Premier accueil social inconditionnel de proximité' (l.1647, "
        "l.1715): same (document, département, ref), so listed here.",
    ),
    (
        F2,
        "71",
        "2.2",
        "Référent de parcours",
        S,
        RP,
        256,
        [438, 442, 1823, 2185],
        "Annexe A 2022 l.256; 2022 fiche l.438/442 "
        'aka "Démarche de référent de parcours". The annexed 2019-2021 convention uses the same '
        'ref 2.2 (Annexe A l.2185, fiche l.1823 written "Fiche-action 2-1") aka "Expérimentation '
        'départementale de la démarche de référent de parcours": one row per (document, '
        "département, ref).",
    ),
    (
        F2,
        "71",
        "3.1",
        "Orienter et accompagner les allocataires du RSA",
        S,
        RSA,
        259,
        [],
        "Annexe A 2022 measure row. Its fiche is listed as its own (unnumbered) row.",
    ),
    (
        F2,
        "71",
        "3.2",
        "Garantie d'activité",
        S,
        GA,
        265,
        [],
        "Annexe A 2022 measure row. Its four fiches (Axe 3) are listed as unnumbered rows.",
    ),
    (
        F2,
        "71",
        "4.1",
        "Exécution du plan de formation",
        S,
        FTS,
        273,
        [769, 773],
        "Annexe A 2022 l.273 under '4. Formation des travailleurs sociaux'; its fiche l.769/773 "
        'aka "Formation des travailleurs sociaux".',
    ),
    (
        F2,
        "71",
        "5.1",
        "Mobilités à des fins d'insertion professionnelle",
        S,
        MOB,
        290,
        [],
        "Annexe A 2022 l.290 (theme heading l.289 has the same words, ref 5.).",
    ),
    (
        F2,
        "71",
        "",
        "Processus numérique d'orientation et d'accompagnement des bénéficiaires du RSA",
        S,
        RSA,
        481,
        [485],
        "Annexe A 2022 fiche; heading l.481 "
        "aka \"Processif numérique d'orientation et d'accompagnement des bénéficiaires du RSA / "
        "Outils d'accompagnement des bénéficiaires du RSA\" (OCR), intitulé l.485. Serves 3.1.",
    ),
    (
        F2,
        "71",
        "",
        "Densifier l'offre d'accompagnement des bénéficiaires du RSA",
        S,
        GA,
        551,
        [555],
        "Annexe A 2022 fiche, Axe 3; intitulé l.555 "
        "aka \"Densifier l'offre : Plateforme parrainage, remobilisation par le tissu associatif, "
        "clauses d'insertion et animer l'ensemble des dispositifs\".",
    ),
    (
        F2,
        "71",
        "",
        "Dispositif territorial d'accompagnement des femmes en difficulté d'insertion en milieu "
        "rural : DTA « Territoire de femmes »",
        S,
        GA,
        625,
        [629],
        "Annexe A 2022 fiche, Axe 3 (intitulé l.629-630).",
    ),
    (
        F2,
        "71",
        "",
        "Développer l'apprentissage reconnu comme mode d'insertion professionnelle",
        S,
        GA,
        677,
        [681],
        "Annexe A 2022 fiche, Axe 3.",
    ),
    (
        F2,
        "71",
        "",
        "Passerelle Dynamique d'Insertion – Sauvegarde 71",
        S,
        GA,
        716,
        [720],
        "Fiche headed '## Fiche action' without 'Annexe A' (l.714), thème Axe 3 - Garantie "
        "d'activité: socle.",
    ),
    (
        F2,
        "71",
        "",
        "Van71 – Tiers lieu numérique itinérant",
        INI,
        "",
        327,
        [817, 819],
        "Annexe B 2022 l.327; fiche l.817/819. Not in the Annexe 10 financial table.",
    ),
    (
        F2,
        "71",
        "",
        "Réseau d'inclusion numérique",
        INI,
        "",
        328,
        [372, 900, 902],
        "Annexe B 2022 l.328; Annexe 10 l.372; fiche l.900 "
        '(aka "Poursuite du déploiement du réseau d\'inclusion numérique"), intitulé l.902 '
        'aka "Déploiement de la stratégie d\'inclusion numérique sur le territoire départemental". '
        "Continues 2019 optional 'Action 1' (own row).",
    ),
    (
        F2,
        "71",
        "",
        "Ateliers L'Art pour Raccrocher",
        INI,
        "",
        329,
        [373, 994, 996],
        "Annexe B l.329; Annexe 10 l.373; fiche l.994, intitulé l.996 "
        'aka "Ateliers artistiques de remobilisation « L\'Art pour Raccrocher »".',
    ),
    (
        F2,
        "71",
        "",
        "Equipe mobile public invisible en milieu rural Le Pont",
        INI,
        "",
        330,
        [374, 1081, 1083],
        "Annexe B l.330; Annexe 10 l.374 "
        'aka "Equipe mobile en milieu rural Le Pont"; fiche l.1081/1083.',
    ),
    (
        F2,
        "71",
        "",
        "Croix Rouge sur Roues",
        INI,
        "",
        331,
        [375, 1138, 1140],
        "Annexe B l.331; Annexe 10 l.375; fiche l.1138/1140.",
    ),
    (
        F2,
        "71",
        "",
        "Actions QPV",
        INI,
        "",
        332,
        [376, 1186],
        "Annexe B l.332; Annexe 10 l.376; fiche l.1186 holds two sub-actions (not separate "
        "rows): 'Remobiliser les jeunes adultes en marge de l'emploi sur le QPV Chanaye' "
        "(l.1188/1192) and 'Lutte contre la fracture numérique' Ville du Creusot (l.1190/1229).",
    ),
    (
        F2,
        "71",
        "",
        "Banque alimentaire",
        INI,
        "",
        377,
        [],
        "Only in the Annexe 10 financial table (initiatives locales), no Annexe B row, no fiche.",
    ),
    # ------------------------------------- 002 annexed convention 2019-2021 (refs of its Annexe A)
    (
        F2,
        "71",
        "1.1.1",
        "Développer et accompagner l'autonomie des jeunes pour anticiper les sorties de l'ASE",
        S,
        ASE,
        1496,
        [2182],
        "2019-2021 convention: fiche l.1496 written 'Fiche-action 1.1'; Annexe A l.2182 numbers "
        "it 1.1.1 (the ref kept here, because fiche refs repeat across axes).",
    ),
    (
        F2,
        "71",
        "1.1.2",
        "Développement d'une démarche de soutien des jeunes sortants de l'ASE par des pairs",
        S,
        ASE,
        1591,
        [2182],
        "2019-2021: fiche 'Fiche-action 1.2' l.1591; Annexe A 1.1.2 l.2182.",
    ),
    (
        F2,
        "71",
        "2.1.1",
        "Création des outils de maillage et de coordination des lieux de premier accueil social "
        "inconditionnel de proximité : cartographie et charte multi-partenaire",
        S,
        PA,
        1649,
        [2184],
        "2019-2021: fiche 'Fiche-action1-1' l.1649 ('charte multi-partenariale'); Annexe A 2.1.1 "
        "l.2184.",
    ),
    (
        F2,
        "71",
        "2.1.2",
        "Création d'un portail d'accès aux ressources numériques comme outil support des accueils "
        "sociaux de 1er niveau",
        S,
        PA,
        1717,
        [2184],
        "2019-2021: fiche 'Fiche-action 1-2' l.1717 ('1<sup>er</sup>'); Annexe A 2.1.2 l.2184.",
    ),
    (
        F2,
        "71",
        "3-1.1",
        "Création d'un process numérique pour une identification plus rapide, dès l'entrée ou le "
        "retour dans le RSA, et ainsi un accompagnement plus réactif",
        S,
        RSA,
        1897,
        [2190],
        "2019-2021: fiche 'Fiche-action1-1' (Axe 3) l.1897; Annexe A writes '3-1.1' l.2190 "
        "(= 3.1.1; its indicators are numbered 3.1.1.1 etc.).",
    ),
    (
        F2,
        "71",
        "3.1.2",
        "Mise en place d'outils communs à l'ensemble des partenaires en charge de l'accompagnement "
        "des BRSA",
        S,
        RSA,
        1953,
        [2195],
        "2019-2021: fiche 'Fiche-action1-2' l.1953; Annexe A 3.1.2 l.2195.",
    ),
    (
        F2,
        "71",
        "3.2.1",
        "Densifier l'offre d'accompagnement avec de nouveaux contenus (plateforme parrainage, "
        "clauses d'insertion, employabilité dans les territoires les plus éloignés...)",
        S,
        GA,
        2010,
        [2196],
        "2019-2021: fiche 'Fiche-action 2-1' (Axe 3) l.2010; Annexe A 3.2.1 l.2196.",
    ),
    (
        F2,
        "71",
        "3.2.2",
        "Déployer des circuits courts entre BRSA et entreprises (PME-TPE) : médiation active au "
        "cœur de la démarche",
        S,
        GA,
        2094,
        [2197],
        "2019-2021: fiche 'Fiche-action 2-2' l.2094; Annexe A '3.2.2 :' l.2197.",
    ),
    (
        F2,
        "71",
        "1",
        "déploiement d'une démarche de création de réseaux d'inclusion numérique à l'échelle "
        "départementale",
        INI,
        "",
        2203,
        [2277],
        "2019-2021 'CONTRACTUALISATION OPTIONNELLE' 'Action 1' l.2203; Annexe B l.2277 "
        "aka \"Création d'un réseau d'inclusion numérique\". Avenant n°1 (l.2907) calls this axis "
        "'Axe 4 socle optionnel'; section initiative per Annexe B. Linked to engagement 2.1 "
        "(l.2220): borderline PREMIER_ACCUEIL, left empty.",
    ),
    # ---------------------------------------------------------------- 003 Lot-et-Garonne avenant 2
    (
        F3,
        "47",
        "1.1",
        "Dispositif de préparation et d'accompagnement à l'autonomie des jeunes majeurs (PAAJM)",
        S,
        ASE,
        72,
        [91, 118, 143, 174, 176, 1119, 1121, 1123, 2094],
        "Intro 'Titre des volets État' row l.118 "
        'aka "Prévention des sorties sèches de l\'ASE" (volet = this single action). '
        "Stray '»' of the source dropped. TOC l.72, annex TOC l.91, synthèse l.143 (no ref), "
        "chapter heading l.174/176, annex fiche l.1119/1121/1123, Annexe 3 l.2094 "
        '(aka "Préparation et accompagnement à l\'autonomie des jeunes majeurs (PAAJM)").',
    ),
    (
        F3,
        "47",
        "2.1",
        "Premier accueil social inconditionnel de proximité",
        S,
        PA,
        74,
        [92, 119, 144, 240, 242, 1184, 1186, 2095],
        'Intro volet État row l.119 aka "Premier accueil social".',
    ),
    (
        F3,
        "47",
        "2.2",
        "Référent de parcours",
        S,
        RP,
        75,
        [93, 120, 145, 317, 319, 1259, 1260, 2096],
        "Intro volet État row l.120. Chapter fiche l.319 is MISNUMBERED 'Fiche action 3.1 Le référent de parcours' (it is "
        "2.2; accepted by title). Annexe 3 l.2096 'Réfèrent parcours'.",
    ),
    (
        F3,
        "47",
        "3.1",
        "L'orientation",
        S,
        RSA,
        77,
        [94, 146, 373, 1303, 1305, 2097],
        'TOC/heading name; aka "Insertion et parcours des allocataires du rSa : L\'orientation" '
        '(synthèse l.146), aka "Insertion et parcours des allocataires : L\'orientation des BrSa" '
        "(annex TOC l.94, fiche l.1305). Fiche ref written 'N°3-1' (l.1303).",
    ),
    (
        F3,
        "47",
        "4.1",
        "Accompagnement global",
        S,
        GA,
        79,
        [95, 147, 451, 1379, 1381, 1383, 2098],
        "Under theme '4 Garantie d'activité'. Fiche ref 'N°4-1' (l.1381).",
    ),
    (
        F3,
        "47",
        "4.2",
        "Accompagnement départemental pour les BrSa demandeurs d'emploi",
        S,
        GA,
        80,
        [96, 148, 513, 1443, 1445, 1447, 2099],
        "Fiche ref 'N°4-2' (l.1445); fiche title l.1447 "
        'aka "Offre d\'accompagnement Départementale pour les BrSa orientés « professionnel »".',
    ),
    (
        F3,
        "47",
        "4.3",
        "Accompagnement départemental pour les BrSa créateurs et travailleurs indépendants",
        S,
        GA,
        81,
        [98, 149, 711, 1510, 1512, 1514, 2100],
        "Annex TOC/fiche: aka \"l'accompagnement départemental : Accompagnement et suivi des "
        "créateurs d'activité et travailleurs indépendants bénéficiaires du rSa\"; fiche title "
        'l.1514 aka "ACCOMPAGNEMENT ET SUIVI DES CREATEURS D\'ACTIVITE ET TRAVAILLEURS".',
    ),
    (
        F3,
        "47",
        "4.4",
        "Cumul du rSa avec une activité du secteur agricole ou de l'agro-alimentaire",
        S,
        GA,
        82,
        [99, 150, 780, 1603, 1605, 1607, 2101],
        "Under theme 4 Garantie d'activité (experiment allowing RSA + seasonal work).",
    ),
    (
        F3,
        "47",
        "4.5",
        "Partage des informations via les systèmes d'informatisation",
        S,
        GA,
        83,
        [100, 151, 826, 1646, 1648, 2102],
        "Under theme 4 Garantie d'activité in TOC and synthèse; borderline RSA_ORIENTATION (the "
        "intro l.128 files it in the 'accompagnement orientation' volet). l.962/1766 cite it "
        "wrongly as 'action socle 4.4' (not listed). Synthèse l.151 "
        "aka \"Partage d'informations via les systèmes d'informatisation\".",
    ),
    (
        F3,
        "47",
        "5",
        "Formation des travailleurs sociaux",
        S,
        FTS,
        84,
        [101, 122, 152, 864, 1692, 1694, 2103],
        'Intro volet État row l.122 aka "Formation travail social". '
        "Ref '5' everywhere except Annexe 3 l.2103 '5.1' aka \"Formation travailleurs sociaux\".",
    ),
    (
        F3,
        "47",
        "6.1",
        "Optimisation de la plateforme Job 47",
        INI,
        "",
        86,
        [102, 154, 920, 1739, 1741, 2107],
        'TOC l.86 and heading l.920 aka "Optimisation et développement de la plateforme Job 47". '
        "Crédits d'initiatives locales (CIL). BRSA job platform: borderline GARANTIE_ACTIVITE, "
        "left empty (own initiative).",
    ),
    (
        F3,
        "47",
        "6.2",
        "Mesures d'accompagnement Social, Santé/social",
        INI,
        "",
        87,
        [103, 155, 972, 1809, 1811, 2108],
        "CIL.",
    ),
    (
        F3,
        "47",
        "6.3",
        "Mesures de prévention des expulsions",
        INI,
        "",
        88,
        [104, 156, 1039, 1902, 1904, 2109],
        "CIL, although its fiche is headed 'Socle - Fiche action N°6.3' (l.1902). Annexe 3 "
        "l.2109 adds 'locatives'.",
    ),
    (
        F3,
        "47",
        "6.4",
        "Actions de préventions à l'entrée dans le rSa auprès des jeunes de l'ASE",
        INI,
        "",
        89,
        [105, 157, 1081, 1979, 1981, 1983, 2110],
        "Synthèse l.157 aka \"Actions de prévention à l'entrée dans le rSa auprès des jeunes de "
        "l'ASE\". CIL. Borderline ASE_SORTIES: it targets BRSA parents of children placed at "
        "the ASE (projet unique famille), not the exit of young adults: left empty.",
    ),
    # ---------------------------------------------------------------- 004 lone fiche
    (
        F4,
        "",
        "6",
        "Proposer un accompagnement global renforcé prenant en compte les volets emploi et social "
        "adapté et gradué (intégré ou articulé) selon les besoins des bénéficiaires du RSA",
        S,
        GA,
        3,
        [7],
        "'FICHE ACTION N°6 - ENGAGEMENTS SOCLE' l.3; title = 'Intitulé action' l.7; thème "
        "'Garantie d'activité' l.6. Département never named. 'fiche action n°7' (l.13) is only "
        "cited, not an action of this document.",
    ),
]

RANGES = [
    (F0, 198, 282, "Annexe A, Annexe B and 'SYNTHESE DES ACTIONS' tables (all 19 actions)."),
    (F0, 290, 384, "FICHE 4-1 and FICHE 4-2 (file ends inside fiche 4-2)."),
    (
        F1,
        94,
        186,
        "Table des matières only (Bas-Rhin entries l.96-150, Haut-Rhin l.151-181). The report "
        "body (l.194-7420) is NOT covered by this gold.",
    ),
    (
        F2,
        227,
        380,
        "Convention 2022: Annexe A socle table, Annexe B initiatives table, Annexe 10 financial "
        "table (initiatives part). Fiche templates l.296-321 and l.339-364 hold no action.",
    ),
    (F2, 382, 1256, "Convention 2022 fiches actions (Annexe A then Annexe B)."),
    (
        F2,
        1494,
        2284,
        "Annexed convention 2019-2021: fiches (l.1494-2178), Annexe A (l.2179-2197), optional "
        "'Action 1' (l.2201-2271) and Annexe B (l.2273-2279).",
    ),
    (
        F3,
        67,
        162,
        "Avenant n°2: table des matières (l.67-105), introduction 'Titre des volets État' "
        "table (l.117-124) and synthesis table (l.142-158).",
    ),
    (F3, 170, 2017, "Chapters I-II (action sections) and III annex fiches."),
    (F3, 2088, 2111, "Annexe 3 - Tableau financier récapitulatif."),
    (F4, 1, 49, "Whole lone fiche."),
]

HEADER = [
    "source_file",
    "department_code",
    "action_ref",
    "title",
    "section",
    "measure_code",
    "first_line",
    "other_lines",
    "notes",
]


def main():
    rows = sorted(ROWS, key=lambda r: (r[0], r[6]))
    with open(HERE / "actions.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        for f, dept, ref, title, section, measure, first, others, notes in rows:
            w.writerow(
                [
                    f,
                    dept,
                    ref,
                    title,
                    section,
                    measure,
                    first,
                    ";".join(str(n) for n in others),
                    notes,
                ]
            )
    with open(HERE / "ranges.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["source_file", "line_from", "line_to", "notes"])
        for r in RANGES:
            w.writerow(r)
    print(f"actions.csv: {len(rows)} rows; ranges.csv: {len(RANGES)} ranges")


if __name__ == "__main__":
    main()
