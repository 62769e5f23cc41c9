#!/usr/bin/env python3
"""Write tables.csv and cells.csv of the indicator-values gold from hand-written table specs.

Every reading decision is written below, table by table: which tab-cell index is which
column (year, target, half-year), the label of each row (wrapped lines joined), and the
per-cell exceptions (shifted rows, multi-line cells, values that need an override).
`value_raw` is copied from the source line (HTML tags removed), so it is exact by
construction; `value_num` follows the rule of check.parse_value unless a cell says otherwise.

The script fails if a row spec names an empty cell, or if a table holds a non-empty cell in
one of its value columns that is neither emitted nor explicitly ignored with a reason.

Usage: python gold/indicators/build_cells.py [--raw DIR]
"""

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from check import (  # noqa: E402
    CELL_COLUMNS,
    DEFAULT_RAW,
    TABLE_COLUMNS,
    fmt_num,
    parse_value,
    strip_html,
    unit_hint,
)

F001 = "001_799a4874d703235c.txt"
F002 = "002_6d0f682446c84194.txt"
F003 = "003_03964095504adcba.txt"


def col(header, year, target=False, half=False):
    return {"header": header, "year": year, "target": target, "half": half}


# ---------------------------------------------------------------------------------------
# 002 Saône-et-Loire (71): Annexe A national matrix (l.229-292) and four fiche tables
# ---------------------------------------------------------------------------------------
M18 = col("Situation au 31 déc. 2018", 2018)
M19 = col("Résultat atteint en 2019", 2019)
M20 = col("Résultat atteint en 2020 et situation au 31 déc. 2020 pour la mesure mobilité", 2020)
M21 = col("Résultat atteint en 2021 (1/01/21 au 31/12/21)", 2021)
MS1 = col("Résultat atteint au 1er semestre 2022 (1/01 au 30/05/22)", 2022, half=True)
MT = col("Résultat attendu en 2022 (objectif fixé)", 2022, target=True)

M9 = {3: M18, 4: M19, 5: M20, 6: M21, 7: MS1, 8: MT}  # 9-cell rows: header positions
M11 = {2: M18, 3: M19, 4: M20, 5: M21, 6: MS1, 10: MT}  # 11-cell rows l.255-265
M5 = {2: M20, 3: M21, 4: MS1}  # 5-cell rows l.278-292 (training / mobility)
SHIFT11 = (
    "11-cell row layout (l.239-265) has no comment column: the 2018..S1 2022 values sit in "
    "cells [2]-[6], one cell left of the header, and the 2022 objective in cell [10]; "
    "alignment confirmed by the fiche tables l.469-471, l.535-543, l.609-611"
)
LAYOUT5 = (
    "5-cell row layout (l.278-292): label in cell [0], comment in [1], then 2020, 2021, "
    "S1 2022 in cells [2]-[4] (confirmed by fiche table l.792-803 for 2021 and S1 2022)"
)
CNFPT = "parent: Nombres de personnes formées par des formations figurant sur le catalogue CNFPT, par thématique (l.273)"
SPECIF = "parent: Nombre de personnes formées par des formations faisant l'objet d'un financement spécifique, par thématique (l.282)"
STRAY = "cell [2] (comment column) holds a stray copy of the 2018 value, not listed"

T002_MATRIX = {
    "file": F002,
    "dept": "71",
    "lines": (229, 292),
    "label_col": 1,
    "cols": M9,
    "notes": "Annexe A – Tableau des engagements du socle (national indicator matrix); header l.229; three row layouts (9, 11 and 5 cells), see README",
    "rows": {
        250: {"notes": STRAY, "nonvalue": {2: STRAY}},
        251: {"notes": STRAY, "nonvalue": {2: STRAY}},
        252: {"notes": STRAY + "; fiche l.431 gives 46 145 for 2020", "nonvalue": {2: STRAY}},
        253: {
            "label": "Nombre de personnes reçues au sein des autres structures de premier accueil social inconditionnel",
            "notes": STRAY + "; label continues on l.255 after a page break",
            "nonvalue": {2: STRAY},
        },
        256: {
            "cols": M11,
            "notes": SHIFT11
            + "; cells [7] and [8] (144, 144) are unattributed duplicates, not listed",
            "nonvalue": {7: "dup", 8: "dup"},
            "cell": {10: {"notes": "text objective, no number"}},
        },
        257: {
            "cols": M11,
            "notes": SHIFT11
            + "; cells [7] and [8] (120, 120) are unattributed duplicates, not listed",
            "nonvalue": {7: "dup", 8: "dup"},
            "cell": {10: {"notes": "text objective, no number"}},
        },
        259: {"cols": M11, "notes": SHIFT11 + "; fiche l.536 gives 3 558 for 2018"},
        260: {"cols": M11, "notes": SHIFT11},
        261: {"cols": M11, "notes": SHIFT11},
        262: {"cols": M11, "notes": SHIFT11},
        263: {
            "cols": M11,
            "notes": SHIFT11 + "; label says 'contacts', fiche l.542 says 'contrats'",
        },
        264: {"cols": M11, "notes": SHIFT11},
        265: {"cols": M11, "notes": SHIFT11, "cell": {10: {"notes": "text objective, no number"}}},
        267: {
            "notes": "cell [2] 'Stock' is the comment column",
            "cell": {8: {"notes": "text objective, no number"}},
        },
        274: {"notes": CNFPT + "; fiche l.794 agrees for 2021 and S1 2022"},
        275: {"notes": CNFPT + "; fiche l.795 gives 5 (not 4) for 2021"},
        276: {"notes": CNFPT + "; fiche l.796 gives 53 (not 56) for 2021"},
        278: {
            "cols": M5,
            "label": "Allez vers",
            "notes": CNFPT
            + "; "
            + LAYOUT5
            + "; the label 'Allez vers' stands alone on l.279 (split row), cell [1] is a comment; fiche l.797 'Aller vers 20 14' confirms",
        },
        280: {"cols": M5, "label_col": 0, "notes": CNFPT + "; " + LAYOUT5},
        281: {
            "cols": M5,
            "label_col": 0,
            "notes": CNFPT + "; " + LAYOUT5 + "; cell [1] is a comment",
        },
        283: {
            "cols": M5,
            "label_col": 0,
            "notes": SPECIF + "; " + LAYOUT5 + "; fiche l.801 agrees for 2021 and S1 2022",
        },
        284: {"cols": M5, "label_col": 0, "notes": SPECIF + "; " + LAYOUT5},
        285: {"cols": M5, "label_col": 0, "notes": SPECIF + "; " + LAYOUT5},
        286: {"cols": M5, "label_col": 0, "notes": SPECIF + "; " + LAYOUT5},
        287: {"cols": M5, "label_col": 0, "notes": SPECIF + "; " + LAYOUT5},
        288: {"cols": M5, "label_col": 0, "notes": SPECIF + "; " + LAYOUT5},
        291: {
            "cols": M5,
            "label_col": 0,
            "notes": "measure 5.1 mobilité; "
            + LAYOUT5
            + "; the only value sits in cell [4] = S1 2022 column by position (the 2020 header mentions mobility, but the value is not in the 2020 cell)",
        },
        292: {
            "cols": M5,
            "label_col": 0,
            "notes": "measure 5.1 mobilité; "
            + LAYOUT5
            + "; the only value sits in cell [4] = S1 2022 column by position",
        },
    },
}

F18, F19, F20, F21 = (col(str(y), y) for y in (2018, 2019, 2020, 2021))
FS1 = col("2022 (du 01/01/2022 au 31/05/2022)", 2022, half=True)
FT = col("Résultat attendu en 2022 (objectif fixé)", 2022, target=True)
FICHE = {1: F18, 2: F19, 3: F20, 4: F21, 5: FS1}
FICHE_T = {**FICHE, 6: FT}

T002_FICHE_PASI = {
    "file": F002,
    "dept": "71",
    "lines": (428, 432),
    "label_col": 0,
    "cols": FICHE,
    "notes": "fiche action Premier accueil social inconditionnel de proximité: Objectifs et progression",
    "rows": {431: {"notes": "matrix l.252 gives 46165 for 2020"}},
}
T002_FICHE_REF = {
    "file": F002,
    "dept": "71",
    "lines": (469, 471),
    "label_col": 0,
    "cols": FICHE_T,
    "notes": "fiche action Démarche de référent de parcours: Objectifs et progression",
    "rows": {
        470: {"cell": {6: {"notes": "text objective, no number"}}},
        471: {"cell": {6: {"notes": "text objective, no number"}}},
    },
}
T002_FICHE_ORIENT = {
    "file": F002,
    "dept": "71",
    "lines": (535, 543),
    "label_col": 0,
    "cols": FICHE_T,
    "notes": "fiche action Process numérique d'orientation et d'accompagnement des BRSA: Objectifs et progression",
    "rows": {536: {"notes": "matrix l.259 gives 3588 for 2018"}},
}
G22 = col("2022", 2022, half=True)
T002_FICHE_GA = {
    "file": F002,
    "dept": "71",
    "lines": (609, 615),
    "label_col": 0,
    "cols": {1: F18, 2: F19, 3: F20, 4: F21, 5: G22, 6: FT},
    "notes": "fiche action Densifier l'offre (garantie d'activité): Objectifs et progression",
    "row_notes": "the '2022' column holds the 1er semestre 2022 values (same figures as the matrix column 'Résultat atteint au 1er semestre 2022', l.265-271), so is_half_year=true",
    "rows": {
        610: {"cell": {6: {"notes": "text objective, no number"}}},
        611: {"cell": {6: {"notes": "text objective, no number"}}},
    },
}

# ---------------------------------------------------------------------------------------
# 001 joint execution report: Bas-Rhin (67) part
# ---------------------------------------------------------------------------------------
B18 = col("Situation du Département en 2018", 2018)
B19 = col("Résultat du Département en 2019", 2019)
B20 = col("Résultat du Département en 2020", 2020)
BS18 = col("Situation du Département en 2018 (du 1er /09/ au 31/12)", 2018)
BS18u = col("Situation du Département en 2018 (du 1 ^{er} /09/ au 31/12)", 2018)
BD19 = col("Résultat du Département en décembre 2019", 2019)
BD20 = col("Résultat du Département en décembre 2020", 2020)
SEPT = "2018 column covers 1/09-31/12/2018 (action start)"

T001_PPE = {
    "file": F001,
    "dept": "67",
    "lines": (252, 255),
    "label_col": 1,
    "cols": {2: B18, 3: B19, 4: B20},
    "notes": "Bas-Rhin 1.1.1 Ancrer le projet d'insertion dans le PPE: Indicateurs",
    "rows": {
        253: {
            "notes": "sentence cells: the number after the 'Au 31/12/…' date prefix is the value"
        },
        254: {"notes": "sentence cells leading with a number (réunion(s))"},
        255: {"unit": "percent", "notes": "share indicator ('Part des PPE'): 0 read as 0 %"},
    },
}
T001_DECROCHAGE = {
    "file": F001,
    "dept": "67",
    "lines": (893, 894),
    "label_col": 1,
    "cols": {2: BS18, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin ex-FAPI 7.E La lutte contre le décrochage scolaire: Indicateurs",
    "row_notes": SEPT,
}
C19 = col("Résultat du Département en 2019", 2019)
C20 = col("Résultat du Département en 2020", 2020)
NE_LABEL = "Demande de l'Etat : Nombre de nouveaux entrants"
T001_PLATEFORME = {
    "file": F001,
    "dept": "67",
    "lines": (1529, 1543),
    "label_col": 1,
    "cols": {2: C19, 3: C20},
    "notes": "Bas-Rhin 1.3.1 Plateforme, accueil et orientation des nouveaux entrants RSA: Indicateurs (page break l.1531-1537)",
    "rows": {
        1530: {"cell": {2: {"notes": "text: not available"}}},
        1538: {
            "label": NE_LABEL,
            "notes": "continuation of the row of l.1530 after a page break (its 2020 cell)",
            "cell": {
                3: {
                    "value_num": 1858,
                    "notes": "[override] the indicator is the number of new entrants (1 858); 8 175 is the number of 'inscrits'",
                }
            },
        },
        1539: {"cell": {2: {"notes": "text: not available"}}},
        1540: {"cell": {2: {"notes": "text: not available"}}},
        1541: {"cell": {2: {"notes": "text: not available"}}, "notes": "text in both years"},
        1542: {"cell": {2: {"notes": "text: not available"}}},
        1543: {"cell": {2: {"notes": "text: not available"}}, "notes": "text in both years"},
    },
}
G19 = col("Situation 2019 du Département", 2019)
G20 = col("Résultat du Département en 2020", 2020)
T001_GA = {
    "file": F001,
    "dept": "67",
    "lines": (2093, 2116),
    "label_col": 1,
    "cols": {2: G19, 3: G20},
    "notes": "Bas-Rhin 1.3.2 Garantie d'activité: Indicateurs; l.2113-2116 are OCR fragments of the 2019 cell of l.2105 (no separate cells)",
    "rows": {
        2094: {
            "cell": {
                2: {
                    "notes": "text without a leading number (per-UTAMS breakdown, 'Total = 803'): value_num empty by rule"
                },
                3: {
                    "notes": "text without a leading number ('Garantie d'activité 67 : 808', 'Total Accompagnement global : 829'): value_num empty by rule"
                },
            }
        },
        2104: {
            "cell": {
                2: {
                    "notes": "text without a leading number (per-UTAMS breakdown, 'Total = 466'): value_num empty by rule"
                }
            }
        },
        2105: {
            "cell": {
                2: {
                    "notes": "text without a leading number (per-UTAMS breakdown, continued by OCR fragments l.2113-2116): value_num empty by rule"
                }
            }
        },
    },
}
T001_ENTRAIDE = {
    "file": F001,
    "dept": "67",
    "lines": (2492, 2502),
    "label_col": 1,
    "cols": {2: BS18, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin ex-FAPI Action 9.E Entraide Emploi: Indicateurs (page break l.2494-2500)",
    "row_notes": SEPT,
}
T001_SELESTAT = {
    "file": F001,
    "dept": "67",
    "lines": (2699, 2701),
    "label_col": 1,
    "cols": {2: BS18u, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin ex-FAPI Action 9.E Mission locale de Sélestat: Indicateurs",
    "row_notes": SEPT,
}
T001_ENTRAIDE2 = {
    "file": F001,
    "dept": "67",
    "lines": (2797, 2800),
    "label_col": 1,
    "cols": {2: BS18u, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin ex-FAPI Action 9.E Entraide Emploi (second table): Indicateurs",
    "row_notes": SEPT,
}
T001_GRETA = {
    "file": F001,
    "dept": "67",
    "lines": (2912, 2916),
    "label_col": 1,
    "cols": {2: BS18, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin ex-FAPI Action 9.E GRETA: Indicateurs",
    "row_notes": SEPT,
    "rows": {
        2914: {"notes": "sub-row; parent: Nombre de personnes en formation (l.2913)"},
        2916: {
            "notes": "sub-row; parent: Nombre de personnes ayant repris une activité professionnelle (CDD de plus d'un an) (l.2915)"
        },
    },
}
T001_AROEVEN = {
    "file": F001,
    "dept": "67",
    "lines": (3010, 3013),
    "label_col": 1,
    "cols": {2: BS18u, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin ex-FAPI Action 10.E AROEVEN: Indicateurs",
    "row_notes": SEPT,
}
T001_SIAE = {
    "file": F001,
    "dept": "67",
    "lines": (3125, 3128),
    "label_col": 1,
    "cols": {2: BS18u, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin Fiche 11.P Renforcement de l'accès à la formation et l'employabilité des salariés en SIAE: Indicateurs",
    "row_notes": SEPT,
}
T001_PLUCHES = {
    "file": F001,
    "dept": "67",
    "lines": (3263, 3267),
    "label_col": 1,
    "cols": {2: BS18u, 3: BD19, 4: BD20},
    "notes": "Bas-Rhin Fiche 14.0 Pluches solidaires dans les collèges: Indicateurs; the shifted row l.3275 after the page break is left out (column meaning ambiguous)",
    "row_notes": SEPT,
    "rows": {3266: {"cell": {4: {"notes": "text: not yet available"}}}},
}
A18 = col("Situation 2018 du Département", 2018)
A19 = col("Résultat 2019 du Département", 2019)
A20 = col("Résultat du Départemen t au 31 déc. 2020", 2020)
T001_ATELIERS = {
    "file": F001,
    "dept": "67",
    "lines": (3522, 3540),
    "label_col": 1,
    "cols": {2: A18, 3: A19, 4: A20},
    "notes": "Bas-Rhin 2.1 Renforcer les outils d'accompagnement du parcours des personnes (rows 'Action 4.1': ateliers de l'engagement, Emploi pour tous, conseillers sociaux, suivi des BRSA sans référent): Indicateurs (page break l.3528-3534)",
    "rows": {
        3525: {
            "label_col": 0,
            "cols": {1: A18, 2: A19, 3: A20},
            "notes": "shifted row: label in cell [0] and values in cells [1]-[3], one cell left of the header; cell [4] is the justification",
        },
        3527: {
            "cell": {
                3: {
                    "notes": "text without a leading number ('Panel de 500 bénéficiaires …'): value_num empty by rule"
                },
                4: {
                    "notes": "long cell; continues after the page break on l.3535 ('dossier retraite/MDP H 38 personnes …'), which is not a separate cell"
                },
            }
        },
        3539: {
            "cell": {
                4: {
                    "notes": "cell continues on l.3540 ('1750 enregistrements de contrats d'engagement …'), same PDF cell, not listed separately"
                }
            }
        },
        3540: {"ignore": "continuation of the 2020 cell of l.3539"},
        3535: {"ignore": "continuation of the 2020 cell of l.3527"},
    },
}

# ---------------------------------------------------------------------------------------
# 001 joint execution report: Haut-Rhin (68) part
# ---------------------------------------------------------------------------------------
H_S18 = col("Situation au 31-12-2018", 2018)
H_O19 = col("Objectif fixé pour le 31-12-2019", 2019, target=True)
H_O20 = col("Objectif fixé pour le 31-12-2020", 2020, target=True)
H_R20 = col("Réalisé au 31-12-2020", 2020)

T001_JEUNES = {
    "file": F001,
    "dept": "68",
    "lines": (5940, 5947),
    "label_col": 0,
    "header": (5940, 5941),
    "cols": {
        1: col("Situation au 31-12- 2018", 2018),
        2: col("Situation au 31-12- 2019", 2019),
        3: col("Objectif fixé pour le 31-12- 2020", 2020, target=True),
        4: col("Réalisé au 31-12- 2020", 2020),
    },
    "notes": "Haut-Rhin 1.1-1.3 mesures socle sorties sèches de l'ASE: Indicateurs de suivi relatifs aux actions 1, 2, 3 (header on l.5940-5941)",
}
T001_PASI68 = {
    "file": F001,
    "dept": "68",
    "lines": (6044, 6058),
    "label_col": 0,
    "header": (6044, 6045, 6046),
    "cols": {
        1: col("Situation au 31-12-2018", 2018),
        2: col("Situation au 31-12- 2019", 2019),
        3: col("Objectif fixé pour le 31-12-2020", 2020, target=True),
        4: col("Réalisé au 31-12-2020", 2020),
    },
    "notes": "Haut-Rhin 2.1 Premier accueil social inconditionnel: Indicateurs (header on l.6044-6046; each label wraps over 2-3 lines, values on one of them)",
    "rows": {
        6048: {
            "label": "Taux de couverture de premier accueil social inconditionnel par département accessible à moins de 30 minutes en transport",
            "notes": "label on l.6047-6049",
        },
        6051: {
            "label": "Nb de structures ou lieux susceptibles de s'engager dans la démarche de premier accueil inconditionnel",
            "notes": "label on l.6050-6052",
        },
        6053: {
            "label": "Nb de structures ou lieux réellement engagés dans la démarche de premier accueil inconditionnel",
            "notes": "label on l.6053-6054; the row's cells spread over l.6053-6055",
            "cell": {
                2: {
                    "notes": "multi-line cell '4 (DSI Mulhouse)' (l.6053-6055); value_raw is its first fragment"
                },
                3: {
                    "value_num": 18,
                    "unit": "count",
                    "notes": "[override] multi-line objective cell '4 (2010) / 4 (2019) / + 14 (2020)' (l.6053-6055): 4 engaged in 2019 + 14 in 2020 = 18 by 31-12-2020; '(2010)' is garbled; value_raw is the first fragment",
                },
            },
        },
        6054: {
            "label": "Nb de structures ou lieux réellement engagés dans la démarche de premier accueil inconditionnel",
            "notes": "values of the row whose label starts on l.6053",
            "skip": {
                2: "fragment '(DSI' of the 2019 cell started l.6053",
                3: "fragment '4 (2019)' of the objective cell started l.6053",
            },
        },
        6055: {"ignore": "fragments 'Mulhouse)' and '+ 14 (2020)' of cells started l.6053"},
        6057: {
            "label": "Nb de personnes accueillies par les structures engagées dans la démarche de premier accueil inconditionnel",
            "notes": "label on l.6056-6058",
        },
    },
}
T001_ORIENT68 = {
    "file": F001,
    "dept": "68",
    "lines": (6322, 6329),
    "label_col": 0,
    "header": (6322, 6323),
    "cols": {
        1: col("Situation au 31-12-2018 31-12-2016", 2018),
        2: col("Objectifs fixés pour le 31-12- 2019", 2019, target=True),
        3: col("Objectif fixé pour le 31-12-2020", 2020, target=True),
        4: col("Réalisé au 31- 12-2020 12-2020", 2020),
    },
    "notes": "Haut-Rhin 4.1 Stabilisation de la bonne performance en matière de suivi de parcours et d'insertion des BrSa (orientation des nouveaux entrants): Indicateurs (header on l.6322-6323 with garbled repeats '31-12-2016', '12-2020')",
    "rows": {
        6324: {"cell": {2: {"notes": "'ND (nouvel indicateur)': not available"}}},
        6325: {
            "cell": {
                2: {"notes": "'ND (nouvel indicateur)': not available"},
                3: {"notes": "text: impossible to estimate"},
            }
        },
        6326: {"cell": {2: {"notes": "'ND (nouvel indicateur)': not available"}}},
        6327: {"cell": {2: {"notes": "'ND (nouvel indicateur)': not available"}}},
        6328: {
            "cell": {
                2: {"notes": "'ND (nouvel indicateur)': not available"},
                4: {"notes": "footnote star: figure impacted by the sanitary context (l.6331)"},
            }
        },
        6329: {
            "cell": {
                2: {"notes": "'ND (nouvel indicateur)': not available"},
                3: {"notes": "text: impossible to estimate"},
            }
        },
    },
}
T001_GA68 = {
    "file": F001,
    "dept": "68",
    "lines": (6423, 6435),
    "label_col": 0,
    "cols": {1: H_S18, 2: H_O19, 3: H_O20, 4: col("Réalisé au 31/12/2020", 2020)},
    "notes": "Haut-Rhin 5.1 Vers un renforcement de l'accompagnement des BrSa (garantie d'activité indicators): Indicateurs (page break l.6426-6432)",
    "rows": {
        6425: {
            "label": "Nb de bénéficiaires en cours d'accompagnement par la garantie d'activité (dont accompagnement global + dont garantie d'activité départementale)",
            "notes": "label continues on l.6433 after a page break",
        },
        6434: {
            "cell": {
                1: {"notes": "'E.C.' (en cours): no value"},
                4: {"notes": "text: not available"},
            }
        },
        6435: {
            "notes": "text 'Tendre vers 3 semaines' (aim for 3 weeks) in every column, also under Réalisé: no leading number, value_num empty by rule"
        },
    },
}
T001_MOBILITE68 = {
    "file": F001,
    "dept": "68",
    "lines": (6513, 6514),
    "label_col": 0,
    "cols": {1: H_S18, 2: H_O19, 3: H_O20, 4: H_R20},
    "notes": "Haut-Rhin 5.2 La mobilité au service de l'emploi: Indicateurs",
}
T001_CRE68 = {
    "file": F001,
    "dept": "68",
    "lines": (6624, 6627),
    "label_col": 0,
    "cols": {1: H_S18, 2: col("•", 2019, target=True), 3: H_O20, 4: H_R20},
    "notes": "Haut-Rhin 5.3 Conseillers relais entreprises (CRE): Indicateurs; header of cell [2] is a lone bullet '•', read as 'Objectif fixé pour le 31-12-2019' as in the sibling tables",
    "rows": {
        6625: {
            "cell": {
                1: {"notes": "'ND*' = non disponible (footnote l.6629)"},
                2: {
                    "notes": "header '•' = objective 31-12-2019 (see table notes); multi-line cell '100 (soit 50 par CRE)' (l.6625-6627), value_raw is its first fragment"
                },
                3: {
                    "notes": "multi-line cell '100 (soit 50 par CRE)' (l.6625-6627), value_raw is its first fragment"
                },
            }
        },
        6626: {"ignore": "fragments of the objective cells of l.6625"},
        6627: {"ignore": "fragments of the objective cells of l.6625"},
    },
}
T001_EMPLOI68 = {
    "file": F001,
    "dept": "68",
    "lines": (6729, 6733),
    "label_col": 0,
    "header": (6729, 6730, 6731),
    "cols": {
        3: col("Situation au 31-12-2018", 2018),
        4: col("• fixé pour le 31-12-2019", 2019, target=True),
        5: col("Réalisé au 31-12- 2019", 2019),
        6: col("• fixé pour le 31-12-2020", 2020, target=True),
        7: col("Réalisé au 31-12-2020", 2020),
    },
    "notes": "Haut-Rhin 5.4 Action de parrainage: Indicateurs; 8-cell layout, header on l.6729-6731 ('•' stands for 'Objectif'), label spread over cells [0]-[2] of l.6732-6733",
    "rows": {
        6732: {
            "label": "Taux de bénéficiaires du rSa ayant trouvé un emploi/formation on",
            "notes": "label pieced from cells [0]-[2] of l.6732-6733 (final 'on' as printed); '•' headers read as 'Objectif'",
            "cell": {3: {"notes": "'ND*' = non disponible (footnote l.6735)"}},
        },
    },
}
T001_EMPLOI68B = {
    "file": F001,
    "dept": "68",
    "lines": (6827, 6828),
    "label_col": 0,
    "cols": {
        1: col("Situation au 31/12/2018", 2018),
        2: col("Réalisé 2019", 2019),
        3: col("Réalisé 2020", 2020),
    },
    "notes": "Haut-Rhin 5.5 Ambassadeurs du bénévolat: Indicateurs (no objective set, l.6830)",
}
T001_JEUNES68 = {
    "file": F001,
    "dept": "68",
    "lines": (6926, 6928),
    "label_col": 0,
    "header": (6926, 6927),
    "cols": {
        1: col("Situation au", 2018),
        2: col("Objectif fixé pour le 31-12-2019", 2019, target=True),
        3: col("Objectif •", 2020, target=True),
        4: col("Réalisé au 31- 12-2020 11 1010", 2020),
    },
    "notes": "Haut-Rhin 5.6 Jobs d'été solidaires (printed 'lob d'été'): Indicateurs; header l.6926-6927 is damaged: 'Situation au' lost its date (31-12-2018), 'Objectif •' is the 31-12-2020 objective, '11 1010' under Réalisé is garbage, not a value",
}
T001_CJM68 = {
    "file": F001,
    "dept": "68",
    "lines": (7033, 7035),
    "label_col": 0,
    "cols": {
        1: col("Situation au 31-12- 2018", 2018),
        2: col("Objectif fixé pour le 31-12- 2019", 2019, target=True),
        3: col("Objectif fixé pour le 31- 12-2020", 2020, target=True),
        4: col("Réalisé au 31- 12-2020", 2020),
    },
    "notes": "Haut-Rhin 6 Action 1 Accompagnement à l'autonomie des jeunes majeurs (initiative): Indicateurs de suivi",
    "rows": {
        7034: {
            "label": "Nombre de Contrats jeunes majeurs supplémentaires",
            "notes": "label and every cell wrap onto l.7035",
            "cell": {
                1: {
                    "notes": "multi-line cell 'Non concerné' (l.7034-7035); value_raw is its first fragment"
                },
                2: {
                    "notes": "multi-line cell 'Non concerné' (l.7034-7035); value_raw is its first fragment"
                },
                3: {"notes": "multi-line cell '60 CJM supplémentaires' (l.7034-7035)"},
                4: {"notes": "multi-line cell '48 CJM supplémentaires' (l.7034-7035)"},
            },
        },
        7035: {"ignore": "second line of the cells of l.7034"},
    },
}
T001_PLACES68 = {
    "file": F001,
    "dept": "68",
    "lines": (7104, 7110),
    "label_col": 0,
    "header": (7104, 7105, 7106),
    "cols": {
        1: col("Situation au 31-12-2018", 2018),
        2: col("Objectif fixé pour le 31-12-2019", 2019, target=True),
        3: col("Objectif fixé pour le 31-12-2020", 2020, target=True),
        4: col("Réalisé au 31-12-2020", 2020),
    },
    "notes": "Haut-Rhin 6 Action 2 Hébergement renforcé des jeunes majeurs (initiative): Indicateurs de suivi (header on l.7104-7106)",
    "rows": {
        7107: {
            "label": "Nombre supplémentaire de places dédiées aux jeunes majeurs",
            "notes": "label and cells wrap over l.7107-7110",
            "cell": {
                1: {
                    "notes": "multi-line cell 'Non concerné' (l.7107-7108); value_raw is its first fragment"
                },
                2: {
                    "notes": "multi-line cell 'Non concerné' (l.7107-7108); value_raw is its first fragment"
                },
                3: {
                    "notes": "multi-line cell '24 places dédiées aux jeunes majeurs' (l.7107-7110)"
                },
                4: {
                    "notes": "multi-line cell '21 places dédiées aux jeunes majeurs' (l.7107-7110)"
                },
            },
        },
        7108: {"ignore": "second line of the cells of l.7107"},
        7109: {"ignore": "third line of the cells of l.7107"},
        7110: {"ignore": "fourth line of the cells of l.7107"},
    },
}
T001_EPICERIES68 = {
    "file": F001,
    "dept": "68",
    "lines": (7192, 7195),
    "label_col": 0,
    "header": (7192, 7193, 7194),
    "cols": {
        1: col("Situation au 31-12-2018", 2018),
        2: col("Objectif fixé pour le 31-12-2019", 2019, target=True),
        3: col("Objectif fixé pour le 31-12-2020", 2020, target=True),
        4: col("Réalisé au 31-12-2020", 2020),
    },
    "notes": "Haut-Rhin 6 Action 3 Aide exceptionnelle aux épiceries sociales et restaurants sociaux (initiative): Indicateurs de suivi (header on l.7192-7194)",
    "rows": {7195: {"cell": {3: {"notes": "lower bound '≥ 15': value_num 15"}}}},
}

# ---------------------------------------------------------------------------------------
# 003 Lot-et-Garonne (47): avenant n°2 (2020) fiches
# ---------------------------------------------------------------------------------------
T003_PAAJM = {
    "file": F003,
    "dept": "47",
    "lines": (1152, 1154),
    "label_col": 0,
    "cols": {
        1: col("2019", 2019, target=True),
        2: col("2020", 2020, target=True),
        3: col("2021", 2021, target=True),
    },
    "notes": "Fiche 1.1 PAAJM: projection of the young people reaching 17 / 18 (l.1150 'la projection … est maximum la suivante')",
    "row_notes": "forecast (projection, maximum), not a result: recorded as is_target=true",
}
T003_ORIENT = {
    "file": F003,
    "dept": "47",
    "lines": (1374, 1377),
    "label_col": 0,
    "cols": {
        1: col("2019", 2019, target=True),
        2: col("2020", 2020, target=True),
        3: col("2021", 2021, target=True),
    },
    "notes": "Fiche 3.1 Orientation: 'Indicateurs départementaux posés lors de la contractualisation' = objectives per year (l.1344)",
    "row_notes": "objectives fixed at contractualisation: is_target=true although the header only gives the year",
    "rows": {
        1375: {"unit": "other", "notes": "durations in months (mois): unit other"},
        1376: {"notes": "number of territories"},
        1377: {"notes": "text objectives, no number"},
    },
}
T003_EMPLOI = {
    "file": F003,
    "dept": "47",
    "lines": (1505, 1508),
    "label_col": 0,
    "cols": {
        1: col("Situation en 2018", 2018),
        2: col("2019", 2019, target=True),
        3: col("2020", 2020, target=True),
        4: col("2021", 2021, target=True),
    },
    "notes": "Fiche 4.2 Indicateurs du Département: Mise à l'emploi des BrSa, accompagnement et sécurisation des parcours",
    "row_notes": "2019-2021 columns hold progression objectives (+x %, -x €) set in the avenant: is_target=true; 2018 is the observed situation",
    "rows": {
        1506: {"notes": "2019-2021 are relative changes in % versus 2018"},
        1507: {
            "notes": "2019-2021 are relative changes in % versus 2018",
            "cell": {1: {"notes": "text: reliable data not available"}},
        },
        1508: {
            "notes": "2019-2021 are changes in euros of RSA spending versus 2018 (negative = reduction)"
        },
    },
}

TABLES = [
    T001_PPE,
    T001_DECROCHAGE,
    T001_PLATEFORME,
    T001_GA,
    T001_ENTRAIDE,
    T001_SELESTAT,
    T001_ENTRAIDE2,
    T001_GRETA,
    T001_AROEVEN,
    T001_SIAE,
    T001_PLUCHES,
    T001_ATELIERS,
    T001_JEUNES,
    T001_PASI68,
    T001_ORIENT68,
    T001_GA68,
    T001_MOBILITE68,
    T001_CRE68,
    T001_EMPLOI68,
    T001_EMPLOI68B,
    T001_JEUNES68,
    T001_CJM68,
    T001_PLACES68,
    T001_EPICERIES68,
    T002_MATRIX,
    T002_FICHE_PASI,
    T002_FICHE_REF,
    T002_FICHE_ORIENT,
    T002_FICHE_GA,
    T003_PAAJM,
    T003_ORIENT,
    T003_EMPLOI,
]


def infer_unit(raw, default):
    return unit_hint(raw) or default or "count"


def cell_row(t: dict, ln: int, label: str, c: dict, raw: str, spec: dict, k: int) -> list:
    """The cells.csv row of value cell [k] (text raw) read under column c of table t."""
    cspec = spec.get("cell", {}).get(k, {})
    num = cspec.get("value_num", parse_value(raw))
    unit = ""
    if num is not None:
        unit = cspec.get("unit") or infer_unit(raw, spec.get("unit"))
    notes = "; ".join(n for n in (t.get("row_notes"), spec.get("notes"), cspec.get("notes")) if n)
    return [
        t["file"],
        ln,
        t["dept"],
        label,
        c["year"],
        "true" if c["target"] else "false",
        "true" if c["half"] else "false",
        raw,
        fmt_num(num),
        unit,
        c["header"],
        notes,
    ]


def value_cells(
    t: dict, ln: int, parts: list[str], spec: dict, label: str, skip: dict
) -> tuple[list[list], list[str]]:
    """(cells.csv rows, problems) of the non-empty, non-skipped value columns of a line."""
    cells, problems = [], []
    for k, c in spec.get("cols", t["cols"]).items():
        if k >= len(parts) or not parts[k] or k in skip:
            continue
        if not label:
            problems.append(f"{t['file']}:{ln}: value cell [{k}] without a label")
        cells.append(cell_row(t, ln, label, c, parts[k], spec, k))
    return cells, problems


def cell_spec_problems(t: dict, ln: int, parts: list[str], spec: dict) -> list[str]:
    """Per-cell exceptions must name a non-empty cell of a value column."""
    cols = spec.get("cols", t["cols"])
    return [
        f"{t['file']}:{ln}: cell spec [{k}] names an empty/unknown cell"
        for k in spec.get("cell", {})
        if k not in cols or k >= len(parts) or not parts[k]
    ]


def stray_value_problems(
    t: dict, ln: int, parts: list[str], spec: dict, label_col: int, skip: dict
) -> list[str]:
    """Any other value-like cell right of the label must be explained in the spec."""
    cols = spec.get("cols", t["cols"])
    problems = []
    for k, p in enumerate(parts):
        if not p or k <= label_col or k in cols or k in skip:
            continue
        if parse_value(p) is not None or p.lower() in {"nc", "nd", "nd*", "/"}:
            problems.append(
                f"{t['file']}:{ln}: value-like cell [{k}] {p[:30]!r} outside value columns"
            )
    return problems


def line_cells(t: dict, ln: int, line: str) -> tuple[list[list], list[str]]:
    """(cells.csv rows, problems) of one line of table t, read with its row spec."""
    spec = t.get("rows", {}).get(ln, {})
    if ln in set(t.get("header", (t["lines"][0],))) or "\t" not in line or "ignore" in spec:
        return [], []
    parts = [strip_html(c).strip() for c in line.split("\t")]
    label_col = spec.get("label_col", t["label_col"])
    label = spec.get("label") or (parts[label_col] if label_col < len(parts) else "")
    skip = {**spec.get("skip", {}), **spec.get("nonvalue", {})}
    cells, problems = value_cells(t, ln, parts, spec, label, skip)
    problems += cell_spec_problems(t, ln, parts, spec)
    problems += stray_value_problems(t, ln, parts, spec, label_col, skip)
    return cells, problems


def build(raw_dir: Path) -> tuple[list[list], list[list], list[str]]:
    """(tables.csv rows, cells.csv rows, problems) of every table spec, in TABLES order."""
    texts: dict[str, list[str]] = {}
    cells_out, tables_out, problems = [], [], []
    for t in TABLES:
        name = t["file"]
        if name not in texts:
            texts[name] = (raw_dir / name).read_text(encoding="utf-8").split("\n")
        lines = texts[name]
        a, b = t["lines"]
        tables_out.append([name, a, b, t["dept"], t["notes"]])
        for ln in range(a, b + 1):
            cells, line_problems = line_cells(t, ln, lines[ln - 1])
            cells_out += cells
            problems += line_problems
    return tables_out, cells_out, problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    args = ap.parse_args(argv)
    tables_out, cells_out, problems = build(args.raw)
    for p in problems:
        print("PROBLEM", p)
    tables_out.sort(key=lambda r: (r[0], r[1]))
    cells_out.sort(key=lambda r: (r[0], r[1]))  # stable: keeps column order within a line
    with (HERE / "tables.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(TABLE_COLUMNS)
        w.writerows(tables_out)
    with (HERE / "cells.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CELL_COLUMNS)
        w.writerows(cells_out)
    print(f"{len(tables_out)} tables, {len(cells_out)} cells")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
