#!/usr/bin/env python3
"""Build the hand-checked gold CSVs for the five sample documents.

Every row below was read by hand in data/raw/*.txt (line numbers = `sed -n 'Np'`).
Run from anywhere:  python3 gold/build_gold.py  then  python3 gold/check_gold.py
"""
import csv
from pathlib import Path

GOLD = Path(__file__).resolve().parent

F0 = "000_4abbc878dd54ddbd.txt"
F1 = "001_799a4874d703235c.txt"
F2 = "002_6d0f682446c84194.txt"
F3 = "003_03964095504adcba.txt"
F4 = "004_33b71f1498aef849.txt"

# ---------------------------------------------------------------- documents
DOCUMENTS = [
    (F0, "convention", "67", 2019, 2021,
     "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2019-2021", 5,
     "Convention État / Département du Bas-Rhin (l.9, l.13). Period: title says 2019-2021 and "
     "ARTICLE 4 (l.151) 'pour une durée de 3 ans (2019-2021)'. Unsigned/undated copy: 'Fait à "
     "Strasbourg, le' (l.165) is blank."),
    (F1, "rapport_execution", "67;68", 2020, 2020,
     "Rapport d'exécution de la convention d'appui à la lutte contre la pauvreté et d'accès à "
     "l'emploi", 7,
     "Joint report of the Bas-Rhin and Haut-Rhin (l.11-12, l.20). Cover says '1er trimestre 2021' "
     "(l.9) = date of the report; content reports on year 2020 ('2020 est une année particulière' "
     "l.58, 'Budget exécuté au 31/12/2020' throughout, annex tables headed '2020' l.7329/l.7357). "
     "Parts per département in document_parts.csv."),
    (F2, "deliberation", "71", 2022, 2022,
     "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI - ANNEE 2022", 13,
     "Délibération N° 203 (l.11) of the Saône-et-Loire council, Réunion du 29 septembre 2022, "
     "title on l.13-14 (two lines joined). Embeds the CALPAE 'ANNEE 2022' (l.86), its annexes and "
     "fiches; also annexes the earlier convention 2019-2021 (l.1260-), avenant n°1 (l.2844), two "
     "'avenant n°3' (l.3003, l.3080) and avenant n°5 (l.3144) as supporting documents. The act "
     "itself is about year 2022 ('ANNEE 2022', 'au titre de l'année 2022' l.55/l.154) -> 2022-2022; "
     "embedded older acts cover 2019-2021."),
    (F3, "recueil_actes", "47", 2020, 2020,
     "Recueil des actes administratifs", 5,
     "Recueil of the Lot-et-Garonne council session of 25 September 2020 (l.13-15) with two "
     "deliberations: 1009 Covid bonus (out of scope, l.31-43) and 1010 CALPAE approving avenant n°2 "
     "(l.45-56), whose annexes are the avenant's 2020 document and fiches (l.58-2018), the avenant "
     "text (l.2023-2086) and the 'Année 2020' financial table (l.2088-2111). Period 2020: the "
     "avenant n°2 covers year 2020 (l.2057 'Au titre de l'année 2020', l.2090 'Année 2020'). NB: "
     "cover lines 7 and 9 say '2017' / 'Volume 1' which contradicts the 2020 session (template or "
     "OCR artefact); not used."),
    (F4, "fiche_action", "", 2019, 2022,
     "FICHE ACTION N°6 - ENGAGEMENTS SOCLE", 3,
     "Lone fiche action (Garantie d'activité); no département named anywhere (only 'Département' "
     "generically) -> department_codes empty (to be given by manifest). Period: subtitle says "
     "'STRATEGIE PAUVRETE 2019-2021' (l.4) but the content explicitly spans 2019-2022: 'Budget "
     "détaillé 2019 – 2022' (l.13), 'pour toute la période 2020-2022' (l.9), 'les années 2019 à "
     "2022' (l.24) -> 2019-2022 (borderline: 2019-2021 if one follows the subtitle)."),
]

# ---------------------------------------------------------------- parts
PARTS = [
    (F1, 7, 86, "67;68", "true",
     "Cover (title, '1er trimestre 2021', both départements) and joint introduction."),
    (F1, 94, 186, "67;68", "true",
     "Table des matières (joint, OCR-damaged). NOT the parts themselves: it lists 'Rapport "
     "d'exécution du Bas-Rhin 8' (l.96) and '... du Haut-Rhin 181' (l.151)."),
    (F1, 194, 5670, "67", "true",
     "Bas-Rhin part: heading 'Rapport d'exécution du Bas-Rhin' (l.194) up to the last line of its "
     "'Synthèse financière des actions d'inclusion sociale' table (l.5670); includes the Ex-action "
     "FAPI sections."),
    (F1, 5678, 7219, "68", "true",
     "Haut-Rhin part: heading 'Rapport d'exécution du Haut-Rhin' (l.5678) up to the last line of "
     "'Synthèse financière de l'axe portant sur les initiatives départementales' (l.7219)."),
    (F1, 7227, 7325, "67;68", "true",
     "Joint CONCLUSION (l.7227) discussing both départements, plus the 'ANNEXES BUDGETAIRES' "
     "heading (l.7325)."),
    (F1, 7327, 7347, "67", "true",
     "Annex 'Synthèse financière globale du volet de contractualisation Etat/ Bas-Rhin'."),
    (F1, 7355, 7376, "68", "true",
     "Annex 'Synthèse financière globale du volet de contractualisation Etat/ Haut-Rhin'."),
    (F1, 7384, 7420, "67", "true",
     "Annex 'Synthèse financière des anciennes actions FAPI (concerne uniquement le rapport du "
     "Bas-Rhin)' to end of file."),
    (F3, 3, 29, "47", "true",
     "Recueil cover, session heading 'REUNION DU CONSEIL DEPARTEMENTAL DU 25 SEPTEMBRE 2020', "
     "sommaire (l.25 = Covid act 1009, l.26 = CALPAE act 1010) and commission heading shared by "
     "both acts."),
    (F3, 31, 43, "47", "false",
     "Deliberation 1009 'ATTRIBUTION D'UNE PRIME COVID ...' (Covid bonus for SAAD/ESMS staff) with "
     "its own transmission/affichage block (l.41-43): unrelated to CALPAE."),
    (F3, 45, 2119, "47", "true",
     "Deliberation 1010 'STRATEGIE DE LUTTE CONTRE LA PAUVRETE ...' (l.45-56, transmission block "
     "l.54-56), ANNEXE1 avenant n°2 document and fiches (l.58-2017), ANNEXE 2 avenant n°2 text "
     "(l.2019-2086), Annexe 3 tableau financier 'Année 2020' (l.2088-2111), 'Imprimé en octobre "
     "2020' and 'Certifié conforme' (l.2113-2119)."),
]

# ---------------------------------------------------------------- dates
# (file, line, kind, iso_date, year_inferred, evidence, notes)
VISA = "Vu visa"
DATES = [
    # ---- 000 convention Bas-Rhin
    (F0, 15, "deliberation", "2018-12-13", "true", "en date du 13 décembre",
     "Vu visa: délibérations n° CD2018/059 et CD2018/148 (two deliberations, one stated date); "
     "year 2018 taken from the deliberation numbers CD2018/..."),
    # ---- 001 rapport d'exécution
    (F1, 1283, "instruction", "2020-02-12", "false", "L'avenant du 12 février 2020",
     "Cited in narrative (Bas-Rhin part, action 1.2.3): the text calls it 'avenant' but the title "
     "'relatif à la poursuite de la mise en œuvre territoriale de la stratégie nationale' is that "
     "of the national instruction DGCS/SD1B/DIPLP/DGEFP/SDPAE/2020/28 of 12 Feb 2020."),
    # ---- 002 deliberation Saône-et-Loire: deliberation header
    (F2, 7, "deliberation", "2022-09-29", "false", "Réunion du 29 septembre 2022",
     "Session of the deliberation N° 203."),
    (F2, 9, "convocation", "2022-09-16", "false", "Date de convocation : 16 septembre 2022", ""),
    (F2, 31, "instruction", "2022-01-19", "false", "Vu l'instruction ministérielle du 19 janvier 2022",
     "Deliberation visa (instruction 2022/19)."),
    (F2, 35, "deliberation", "2019-06-21", "false", "Vu la délibération du 21 juin 2019",
     "Earlier deliberation approving the CALPAE 2019-2021."),
    (F2, 37, "deliberation", "2019-12-20", "false", "Vu la délibération du 20 décembre 2019",
     "Earlier deliberation approving avenant n°1."),
    (F2, 39, "deliberation", "2020-07-10", "false", "Vu la délibération du 10 juillet 2020",
     "Earlier deliberation approving avenant n°2."),
    (F2, 41, "deliberation", "2020-09-17", "false", "Vu la délibération du 17 septembre 2020",
     "Earlier deliberation approving avenant n°3."),
    (F2, 43, "deliberation", "2020-12-18", "false", "Vu la délibération du 18 décembre 2020",
     "Earlier deliberation approving avenant n°4."),
    (F2, 45, "deliberation", "2021-09-30", "false", "Vu la délibération du 30 septembre 2021",
     "Earlier deliberation approving avenant n°5 (2021)."),
    (F2, 47, "deliberation", "2022-06-23", "false", "Vu la délibération du 23 juin 2022",
     "Earlier deliberation adopting the annual execution report 2021-2022."),
    (F2, 76, "transmission", "2022-09-29", "false", "Transmission en Préfecture le **29 SEP. 2022**",
     "Abbreviated month 'SEP.' in bold."),
    (F2, 78, "publication", "2022-09-29", "false", "Publié ou Notifié le **29 SEP. 2022**",
     "'Affiché le' (l.80) is blank -> no row."),
    # ---- 002 convention ANNEE 2022
    (F2, 96, "instruction", "2021-12-30", "false", "la loi n° 2021-1900 du 30 décembre 2021",
     "Convention 2022 visa (loi de finances pour 2022)."),
    (F2, 98, "instruction", "2019-02-04", "false", "l'instruction n° DGCS/SD1/2019/24 du 4 février 2019",
     "Convention 2022 visa."),
    (F2, 100, "instruction", "2019-09-25", "false",
     "l'instruction n° DGCS/SD1B/2019/196 du 25 septembre 2019", "Convention 2022 visa."),
    (F2, 102, "instruction", "2020-02-12", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/DGEFP/SD PAE/2020/28 du 12 février 2020", "Convention 2022 visa."),
    (F2, 104, "instruction", "2020-10-20", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/2020/181 du 20 octobre 2020", "Convention 2022 visa."),
    (F2, 106, "instruction", "2021-03-19", "false",
     "l'instruction N° DIPLP/DGCS/SD1B/DGEFP/SDPAE/DPE/2021/23 du 19 mars 2021", "Convention 2022 visa."),
    (F2, 108, "instruction", "2022-01-19", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/DGEFP/2022/19 du 19 janvier 2022", "Convention 2022 visa."),
    (F2, 110, "signature", "2019-06-28", "false", "signée le 28 juin 2019",
     "Convention 2022 visa: signature of the previous convention 2019-2021."),
    (F2, 110, "signature", "2019-12-23", "false", "son avenant signé le 23 décembre 2019",
     "Convention 2022 visa: signature of avenant n°1 (same line as previous row)."),
    (F2, 114, "signature", "2020-09-29", "false", "signés respectivement les 29 septembre 2020",
     "Convention 2022 visa: signature of the 2020/2021 avenants (1st of 3 dates on the line)."),
    (F2, 114, "signature", "2021-02-01", "false", "1<sup>er</sup> février 2021",
     "Convention 2022 visa: 2nd of 3 avenant signature dates on the line ('1er' with HTML sup)."),
    (F2, 114, "signature", "2021-11-15", "false", "15 novembre 2021",
     "Convention 2022 visa: 3rd of 3 avenant signature dates on the line (differs from the "
     "'Fait à Mâcon, le 30 SEP. 2021' of the annexed avenant n°5, l.3198; recorded as written)."),
    (F2, 116, "deliberation", "2022-09-29", "false", "en date du 29 septembre 2022",
     "Convention 2022 visa: Séance Plénière authorising signature (same session as l.7). "
     "'Fait à Mâcon, le' (l.215) is blank -> no row."),
    (F2, 763, "instruction", "2020-08-05", "false", "décret du 5 aout 2020",
     "Cited outside visas (indicator label in a fiche action); decree on the obligation de formation."),
    # ---- 002 annexed convention 2019-2021
    (F2, 1280, "instruction", "2018-12-28", "false", "la loi n° 2018-1317 du 28 décembre 2018",
     "Annexed convention 2019-2021 visa (loi de finances pour 2019)."),
    (F2, 1282, "deliberation", "2019-06-21", "false", "en date du 21 juin 2019",
     "Annexed convention 2019-2021 visa: deliberation authorising signature."),
    (F2, 1416, "instruction", "2019-02-04", "false",
     "l'instruction ministérielle N° DGCS/SD1/2019/24 du 4 février 2019",
     "Annexed convention 2019-2021, article 2.4 body (not a visa)."),
    (F2, 1479, "signature", "2019-06-28", "false", "Fait à Mâcon, le **28 JUIN 2019**",
     "Signature of the annexed convention 2019-2021."),
    (F2, 2645, "instruction", "2016-03-14", "false", "la loi du 14 mars 2016",
     "Cited outside visas (annexe 1 diagnostic of the 2019-2021 convention): loi relative à la "
     "protection de l'enfant."),
    # ---- 002 annexed avenant n°1
    (F2, 2858, "instruction", "2018-12-28", "false", "la loi n° 2018-1317 du 28 décembre 2018",
     "Avenant n°1 visa."),
    (F2, 2860, "instruction", "2019-02-04", "false", "l'instruction n° DGCS/SD1/2019/24 du 04 février 2019",
     "Avenant n°1 visa."),
    (F2, 2862, "instruction", "2019-09-25", "false",
     "l'instruction n° DGCS/SD1B/2019/196 du 25 septembre 2019", "Avenant n°1 visa."),
    (F2, 2864, "signature", "2019-06-28", "false", "signée le 28 juin 2019",
     "Avenant n°1 visa: signature of the convention."),
    (F2, 2866, "deliberation", "2019-12-20", "false", "en date du 20 décembre 2019",
     "Avenant n°1 visa: Séance Plénière authorising signature."),
    (F2, 2894, "signature", "2019-06-28", "false", "La convention initiale signée le 28 juin 2019",
     "Avenant n°1 article 1 body: signature of the initial convention."),
    (F2, 2973, "signature", "2019-12-23", "false", "Fait à Mâcon, le 23 décembre 2019",
     "Signature of avenant n°1."),
    # ---- 002 annexed avenant N°3 (signed 29 SEP 2020)
    (F2, 3013, "instruction", "2018-12-28", "false", "la loi n° 2018-1317 du 28 décembre 2018",
     "Avenant N°3 (l.3003) visa."),
    (F2, 3015, "instruction", "2019-12-28", "false", "la loi n°2019-1479 du 28 décembre 2019",
     "Avenant N°3 (l.3003) visa (loi de finances pour 2020)."),
    (F2, 3017, "instruction", "2019-02-04", "false", "l'instruction n° DGCS/SD1/2019/24 du 04 février 2019",
     "Avenant N°3 (l.3003) visa."),
    (F2, 3019, "instruction", "2019-09-25", "false",
     "l'instruction n° DGCS/SD1B/2019/196 du 25 septembre 2019", "Avenant N°3 (l.3003) visa."),
    (F2, 3021, "instruction", "2020-02-12", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/DGEFP/SDPAE/2020/28 du 12 février 2020", "Avenant N°3 (l.3003) visa."),
    (F2, 3023, "signature", "2019-06-21", "false", "signée le 21 juin 2019",
     "Avenant N°3 (l.3003) visa: convention said 'signée le 21 juin 2019' (elsewhere 28 juin 2019; "
     "21 juin 2019 is the deliberation date) - recorded as written."),
    (F2, 3025, "deliberation", "2020-09-17", "false", "en date du 17 septembre 2020",
     "Avenant N°3 (l.3003) visa: Séance Plénière authorising signature."),
    (F2, 3041, "signature", "2019-06-28", "false", "la convention du 28 juin 2019",
     "Avenant N°3 (l.3003) article 1: convention referred to by its (signature) date."),
    (F2, 3065, "signature", "2020-09-29", "false", "Fait à Mâcon, le 29 SEP. 2020",
     "Signature of avenant N°3 (l.3003)."),
    # ---- 002 annexed avenant n° 3 (second, signed 01 FEV 2021)
    (F2, 3092, "instruction", "2019-12-28", "false", "la loi n° 2019-1479 du 28 décembre 2019",
     "Second 'avenant n° 3' (l.3080) visa."),
    (F2, 3094, "instruction", "2019-02-04", "false", "l'instruction n° DGCS/SD1/2019/24 du 04 février 2019",
     "Second 'avenant n° 3' (l.3080) visa."),
    (F2, 3096, "instruction", "2019-09-25", "false",
     "l'instruction n° DGCS/SD1B/2019/196 du 25 septembre 2019", "Second 'avenant n° 3' (l.3080) visa."),
    (F2, 3098, "instruction", "2020-02-12", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/DGEFP/SD PAE/2020/28 du 12 février 2020",
     "Second 'avenant n° 3' (l.3080) visa."),
    (F2, 3100, "instruction", "2020-10-20", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/2020/181 du 20 octobre 2020", "Second 'avenant n° 3' (l.3080) visa."),
    (F2, 3102, "signature", "2019-06-21", "false", "signée le 21 juin 2019",
     "Second 'avenant n° 3' (l.3080) visa: convention 'signée le 21 juin 2019' as written."),
    (F2, 3104, "signature", "2020-09-29", "false", "signée le 29 septembre 2020",
     "Second 'avenant n° 3' (l.3080) visa: signature of the previous 2020 avenant."),
    (F2, 3106, "deliberation", "2020-12-18", "false", "en date du 18 décembre 2020",
     "Second 'avenant n° 3' (l.3080) visa: Séance Plénière authorising signature."),
    (F2, 3112, "signature", "2019-06-21", "false", "la convention du 21 juin 2019",
     "Second 'avenant n° 3' (l.3080) article 1: convention referred to by date, as written."),
    (F2, 3124, "signature", "2021-02-01", "false", "Fait à Mâcon, le **01 FEV. 2021**",
     "Signature of the second 'avenant n° 3' (l.3080)."),
    # ---- 002 annexed avenant N° 5
    (F2, 3156, "instruction", "2020-12-29", "false", "la loi n° 2020-1721 du 29 décembre 2020",
     "Avenant N°5 visa (loi de finances pour 2021)."),
    (F2, 3158, "instruction", "2019-02-04", "false", "l'instruction n° DGCS/SD1/2019/24 du 04 février 2019",
     "Avenant N°5 visa."),
    (F2, 3160, "instruction", "2019-09-25", "false",
     "l'instruction n° DGCS/SD1B/2019/196 du 25 septembre 2019", "Avenant N°5 visa."),
    (F2, 3162, "instruction", "2020-02-12", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/DGEFP/SD PAE/2020/28 du 12 février 2020", "Avenant N°5 visa."),
    (F2, 3164, "instruction", "2020-10-20", "false",
     "l'instruction n° DGCS/SD1B/DIPLP/2020/181 du 20 octobre 2020", "Avenant N°5 visa."),
    (F2, 3166, "instruction", "2021-03-19", "false",
     "l'instruction N°DIPLP/DGCS/SD1B/DGEFP/SDPAE/DPE/2021/23 du 19 mars 2021", "Avenant N°5 visa."),
    (F2, 3168, "signature", "2019-06-28", "false", "signée le 28 juin 2019",
     "Avenant N°5 visa: signature of the convention."),
    (F2, 3170, "deliberation", "2021-09-30", "false", "en date du 30 septembre 2021",
     "Avenant N°5 visa: Séance Plénière authorising signature."),
    (F2, 3176, "signature", "2019-06-28", "false", "la convention du 28 juin 2019",
     "Avenant N°5 article 1: convention referred to by its (signature) date."),
    (F2, 3198, "signature", "2021-09-30", "false", "Fait à Mâcon, le 30 SEP. 2021",
     "Signature of avenant N°5."),
    # ---- 003 recueil Lot-et-Garonne
    (F3, 14, "deliberation", "2020-09-25", "false", "DU 25 SEPTEMBRE 2020",
     "'REUNION DU CONSEIL DEPARTEMENTAL DU 25 SEPTEMBRE 2020' (heading split over l.13-14); "
     "session of both acts of the recueil."),
    (F3, 15, "deliberation", "2020-09-25", "false", "SEANCE DU 25 SEPTEMBRE 2020", "Same session."),
    # l.42-43 (transmission/affichage of act 1009, the Covid bonus) are dates of an
    # out-of-scope act: the warehouse records that act as a segment, not its facts.
    (F3, 55, "transmission", "2020-09-30", "false", "Transmis le 30 Septembre 2020",
     "Act 1010 (CALPAE deliberation approving avenant n°2)."),
    (F3, 56, "affichage", "2020-09-30", "false",
     "Affiché à l'Hôtel du Département le 30 Septembre 2020",
     "Act 1010 (CALPAE deliberation approving avenant n°2)."),
    (F3, 109, "signature", "2019-06-28", "false", "en date du 28 juin 2019",
     "Introduction of the avenant document (narrative): the Département 'a contractualisé ... avec "
     "l'Etat en date du 28 juin 2019' = signature of the initial convention."),
    (F3, 224, "instruction", "2020-08-06", "false", "décret du 06 /08 /2020",
     "Cited outside visas (fiche 1.1 text, OCR spacing kept)."),
    (F3, 1146, "instruction", "2020-08-06", "false", "décret du 06 /08 /2020",
     "Cited outside visas (annexed Fiche 1.1, repeated text)."),
    (F3, 2037, "instruction", "2018-12-28", "false", "la loi n°2018-1317 du 28 décembre 2018",
     "Avenant n°2 visa."),
    (F3, 2039, "instruction", "2019-02-04", "false", "l'instruction n°DGCS/SD1/2019/24 du 04 février 2019",
     "Avenant n°2 visa."),
    (F3, 2041, "instruction", "2019-09-25", "false",
     "l'instruction n°DGCS/SD1B/2019/196 du 25 septembre 2019", "Avenant n°2 visa."),
    (F3, 2043, "instruction", "2020-02-12", "false",
     "l'instruction n°DGCS/SD1B/DIPLP/DGEFP/SDPAE/2020/28 du 12 février 2020", "Avenant n°2 visa."),
    (F3, 2045, "signature", "2019-06-28", "false", "signée le 28 juin 2019",
     "Avenant n°2 visa: signature of the convention."),
    (F3, 2047, "signature", "2019-12-04", "false", "l'avenant N°1 du 04 décembre 2019",
     "Avenant n°2 visa: avenant n°1 referred to by its date (= its signature date)."),
    (F3, 2047, "signature", "2019-06-28", "false", "signée le 28 juin 2019",
     "Avenant n°2 visa: convention signature, 2nd date on the same line."),
    (F3, 2049, "deliberation", "2020-09-25", "false", "en date du 25 septembre 2020",
     "Avenant n°2 visa: Séance Plénière authorising signature. 'Fait à Agen, le' (l.2075) is blank "
     "-> no row."),
    (F3, 2055, "signature", "2019-06-28", "false", "la convention du 28 juin 2019",
     "Avenant n°2 article 1: convention referred to by its (signature) date."),
]

# ---------------------------------------------------------------- people
PEOPLE = [
    (F0, 9, "Jean-Luc MARX", "prefet"),
    (F0, 13, "Frédéric BIERRY", "president_cd"),
    (F0, 173, "Frédéric BIERRY", "president_cd"),
    (F0, 181, "Jean-Luc MARX", "prefet"),
    (F0, 188, "Christelle DUBOS", "signataire"),
    (F0, 196, "Olivier NOBLECOURT", "signataire"),
    (F2, 19, "André Accary", "president_cd"),
    (F2, 27, "Deschamps Amelle", "secretaire_seance"),
    (F2, 70, "André ACCARY", "president_cd"),
    (F2, 90, "Julien Charles", "prefet"),
    (F2, 94, "André Accary", "president_cd"),
    (F2, 219, "André Accary", "president_cd"),
    (F2, 223, "Julien Charles", "prefet"),
    (F2, 1271, "Jérôme GUTTON", "prefet"),
    (F2, 1276, "André ACCARY", "president_cd"),
    (F2, 1486, "André ACCARY", "president_cd"),
    (F2, 2852, "Jérôme GUTTON", "prefet"),
    (F2, 2856, "André ACCARY", "president_cd"),
    (F2, 2980, "André ACCARY", "president_cd"),
    (F2, 2986, "Jérôme GUTTON", "prefet"),
    (F2, 3007, "Julien CHARLES", "prefet"),
    (F2, 3011, "André ACCARY", "president_cd"),
    (F2, 3070, "André ACCARY", "president_cd"),
    (F2, 3074, "Julien CHARLES", "prefet"),
    (F2, 3086, "Julien CHARLES", "prefet"),
    (F2, 3090, "André ACCARY", "president_cd"),
    (F2, 3131, "André ACCARY", "president_cd"),
    (F2, 3138, "Julien CHARLES", "prefet"),
    (F2, 3150, "Julien Charles", "prefet"),
    (F2, 3154, "André Accary", "president_cd"),
    (F2, 3205, "André ACCARY", "president_cd"),
    (F2, 3211, "Julien CHARLES", "prefet"),
    # l.42: signatory of act 1009 (Covid bonus), an out-of-scope act: no convention fact.
    (F3, 55, "Sophie BORDERIE", "president_cd"),
    (F3, 2031, "Béatrice Lagarde", "prefet"),
    (F3, 2035, "Sophie Borderie", "president_cd"),
    (F3, 2082, "Sophie Borderie", "president_cd"),
    (F3, 2084, "Béatrice Lagarde", "prefet"),
    (F3, 2119, "Sophie BORDERIE", "president_cd"),
]


def write(name, header, rows):
    with open(GOLD / name, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
    print(f"{name}: {len(rows)} rows")


def main():
    write("documents.csv",
          ["source_file", "doc_type", "department_codes", "period_start", "period_end",
           "title", "title_line", "notes"], DOCUMENTS)
    write("document_parts.csv",
          ["source_file", "line_from", "line_to", "department_code", "in_scope", "notes"], PARTS)
    rows = sorted(DATES, key=lambda r: (r[0], r[1]))  # stable: keeps in-line order
    write("dates.csv",
          ["source_file", "source_line", "kind", "date", "year_inferred", "evidence", "notes"], rows)
    write("people.csv", ["source_file", "source_line", "name", "role"], PEOPLE)


if __name__ == "__main__":
    main()
