"""Generate the example Tätigkeitsnachweise 2025 for sample_data/ki.toml.

Run from anywhere:  python sample_data/erzeugen.py

Writes
  sample_data/nachweise/*.xlsx         the activity logs in three layouts (A, B, C)
  tests/golden/sample_2025-03.json     expected figures for March 2025
  tests/golden/sample_2025.json        expected figures for the whole year 2025

Everything is deterministic: one random.Random(2025), no current time, fixed
workbook properties, so a re-run gives the same files. The golden figures are
computed from the in-memory entry list below, never by reading the workbooks back.

Deliberate plausibility warnings (and nothing else wrong):
  * one entry on a Saturday (L2, 27.09.2025, Interkulturelle Woche),
  * one exact duplicate row (FK1, 14.05.2025),
  * one day with more than 10 h (VW1, 18.12.2025, Jahresabschluss, 11.5 h),
  * one "Summe" row that is off by 0.5 h (L1, sheet "Jun 2025").
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "nachweise"
GOLDEN_DIR = HERE.parent / "tests" / "golden"

YEAR = 2025
FIXED_CREATED = dt.datetime(2025, 1, 2, 8, 0, 0)

KOMMUNEN = ["Aachen", "Alsdorf", "Baesweiler", "Eschweiler", "Herzogenrath",
            "Monschau", "Roetgen", "Simmerath", "Stolberg", "Würselen"]
# The city of Aachen has its own KI, so the StädteRegion's towns get most of the work.
KOMMUNEN_WEIGHTS = [1, 4, 3, 5, 4, 1, 1, 2, 4, 3]

SP_TITEL = {
    "SP1": "Verbesserung der Teilhabechancen von neu zugewanderten Kindern und Jugendlichen im Bildungssystem",
    "SP2": "Ehrenamt und Vereinsstrukturen werden durch den Auf-/Ausbau von Kooperationen und Netzwerken "
           "für die Arbeitsmarktintegration genutzt",
    "SP3": "Der Einstieg von (zugewanderten) Frauen mit internationaler Familiengeschichte in den Arbeitsmarkt "
           "wird gefördert",
    "SP4": "Entwicklung und Umsetzung eines Kompetenzzentrums „Integration und Arbeit“ (KIA)",
}

HF_LANG = {
    "Bildung": "Integration durch Bildung",
    "Querschnitt": "Integration als Querschnittsaufgabe",
    "KIM": "Kommunales Integrationsmanagement",
    "Übergreifend": "Übergreifend",
}

FEIERTAGE = {dt.date(YEAR, m, d) for m, d in [
    (1, 1), (4, 18), (4, 21), (5, 1), (5, 29), (6, 9), (6, 19), (10, 3), (11, 1), (12, 25), (12, 26)]}

MONATE_KURZ = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]


def d(day: int, month: int) -> dt.date:
    return dt.date(YEAR, month, day)


# --------------------------------------------------------------------------- Stellen
# daily: planned hours per working day (VZÄ x weekly hours / 5, rounded to quarter hours)
# person: list of (from, to, name, daily hours); no entry outside these periods.
STELLEN = {
    "L1": {"art": "Lehrkraft", "persons": [(d(1, 1), d(31, 12), "A. Yilmaz", 8.25)]},
    "L2": {"art": "Lehrkraft", "persons": [(d(1, 1), d(31, 12), "M. Becker", 8.25)]},
    "FK1": {"art": "Fachkraft", "persons": [(d(1, 1), d(31, 8), "S. Hoffmann", 7.75),
                                            (d(1, 9), d(31, 12), "S. Hoffmann", 5.75)]},
    "FK2": {"art": "Fachkraft", "persons": [(d(1, 1), d(15, 5), "J. Schäfer", 7.75),
                                            (d(1, 7), d(31, 12), "N. Demir", 7.75)]},
    "VW1": {"art": "Verwaltung", "persons": [(d(1, 1), d(31, 12), "R. Krämer", 8.25)]},
    "VA1": {"art": "Assistenz", "persons": [(d(1, 1), d(31, 12), "E. Nowak", 4.0)]},
}

URLAUB = {
    "L1": [(d(14, 4), d(17, 4)), (d(28, 7), d(15, 8)), (d(13, 10), d(17, 10)), (d(22, 12), d(31, 12))],
    "L2": [(d(22, 4), d(25, 4)), (d(4, 8), d(22, 8)), (d(20, 10), d(24, 10)), (d(22, 12), d(31, 12))],
    "FK1": [(d(2, 6), d(6, 6)), (d(11, 8), d(29, 8)), (d(27, 10), d(31, 10))],
    "FK2": [(d(3, 3), d(7, 3)), (d(22, 12), d(31, 12))],
    "VW1": [(d(26, 5), d(30, 5)), (d(14, 7), d(1, 8)), (d(22, 12), d(24, 12))],
    "VA1": [(d(7, 4), d(11, 4)), (d(18, 8), d(29, 8)), (d(29, 12), d(31, 12))],
}

# Probability that a regular entry carries a Schwerpunkt; August is the summer-holiday
# month with lots of catch-up work, so its share falls below 50 %.
P_SP = {"Lehrkraft": 0.80, "Fachkraft": 0.78, "Verwaltung": 0.08, "Assistenz": 0.12}
P_SP_AUGUST = {"Lehrkraft": 0.55, "Fachkraft": 0.55, "Verwaltung": 0.0, "Assistenz": 0.0}

# --------------------------------------------------------------------------- templates
# (handlungsfeld, schwerpunkt, taetigkeit, kommune mode, descriptions, teilnehmende range, weight)
# kommune mode: "ort" a town, "kreis" kreisweit, "mix" town or kreisweit, "leer" empty.
# The countable milestone combinations (SP1 Netzwerktreffen, SP2/SP3 Veranstaltung) never
# appear here: they are scheduled explicitly in EREIGNISSE.
T = tuple
TEMPLATES = {
    "Lehrkraft": {
        True: [
            T(("Bildung", "SP1", "Beratung", "ort", [
                "Beratung Seiteneinsteigerfamilie, Schulanmeldung",
                "Bildungserstberatung neu zugewanderte Familie (Ukrainisch)",
                "Beratung Seiteneinsteiger, Schulplatzvermittlung Sek I",
                "Elterngespräch Schulpflicht und Schullaufbahn",
                "Erstberatung mit Sprachmittlung (Arabisch)",
                "Beratung Seiteneinsteigerin, Übergang Berufskolleg",
                "Bildungserstberatung, Einschätzung Vorbildung Herkunftsland",
            ], (1, 4), 8)),
            T(("Bildung", "SP1", "Fortbildung", "mix", [
                "Fortbildung DaZ im Fachunterricht",
                "Fortbildung Sprachbildung für pädagogische Fachkräfte Kita",
                "Fortbildung Diversitätssensible Bildungseinrichtung",
                "Fortbildung Alphabetisierung Seiteneinsteiger Sek I",
            ], (8, 24), 2)),
            T(("Bildung", "SP1", "Konzeptentwicklung", "kreis", [
                "TaskCards: Informationen für pädagogische Fachkräfte einpflegen",
                "Konzept außerschulisches Deutschlernangebot mit Jugendhilfeträger",
                "Vorbereitung Netzwerktreffen DaZ-Lehrkräfte",
                "Erhebungsbogen Seiteneinsteigerberatung überarbeiten",
            ], None, 3)),
            T(("Bildung", "SP1", "Projektarbeit", "ort", [
                "Deutschlernangebot Jugendhilfeträger, Abstimmung Kursstart",
                "Begleitung Programm Diversitätssensible Bildungseinrichtung",
                "Hospitation Sprachfördergruppe, Rückmeldung an Träger",
            ], None, 3)),
            T(("Bildung", "SP1", "Veranstaltung", "ort", [
                "Elterninformationsabend Schulsystem in NRW (mit Sprachmittlung)",
            ], (12, 40), 1)),
        ],
        False: [
            T(("Bildung", None, "Gremienarbeit", "kreis", [
                "Arbeitskreis Schulaufsicht Seiteneinsteiger",
                "Sitzung Regionales Bildungsnetzwerk",
            ], None, 2)),
            T(("Bildung", None, "Beratung", "ort", [
                "Beratung Schule zum Herkunftssprachlichen Unterricht (HSU)",
                "Anfrage Schulleitung zu Schulplatzkapazitäten",
            ], None, 2)),
            T(("Übergreifend", None, "Verwaltung", "leer", [
                "Dokumentation Beratungsfälle, Statistik",
                "E-Mails, Terminabstimmung",
            ], None, 3)),
            T(("Übergreifend", None, "Gremienarbeit", "leer", [
                "Dienstbesprechung KI",
            ], None, 1)),
            T(("Übergreifend", None, "Sonstiges", "leer", [
                "Dienstreise, Fahrtzeit",
                "Einarbeitung neue Schulstatistik",
            ], None, 1)),
        ],
    },
    "Fachkraft": {
        True: [
            T(("Querschnitt", "SP2", "Netzwerktreffen", "ort", [
                "Runder Tisch Ehrenamt und Arbeitsmarkt",
                "Netzwerktreffen Helferkreise und Vereine",
                "Austausch Integrationsagentur und Vereine",
            ], (6, 20), 2)),
            T(("Querschnitt", "SP2", "Konzeptentwicklung", "kreis", [
                "Vorbereitung Infoveranstaltung Vereine Arbeitsmarkt",
                "Kurskonzept Solarhelfer mit low-tec",
                "Übersicht Arbeitsmarktprojekte für Vereine erstellen",
            ], None, 3)),
            T(("Querschnitt", "SP2", "Projektarbeit", "ort", [
                "Solarhelferkurs low-tec, Teilnehmendenakquise Unterkunft",
                "Laiensprachmittlerpool: Einsatzplanung Veranstaltung",
            ], None, 2)),
            T(("Querschnitt", "SP2", "Beratung", "ort", [
                "Beratung Verein zu Fördermöglichkeiten Arbeitsmarkt",
            ], (1, 3), 1)),
            T(("Querschnitt", "SP3", "Konzeptentwicklung", "kreis", [
                "Bedarfsermittlung Frauen mit internationaler Familiengeschichte",
                "Fragebogen Bedarfe Frauen, Auswertung",
                "Konzept Infoveranstaltung Frauen und Beruf",
            ], None, 2)),
            T(("Querschnitt", "SP3", "Netzwerktreffen", "ort", [
                "Austausch Migrantenorganisationen Frauen und Arbeit",
                "Abstimmung Gleichstellungsbeauftragte Tag der Berufe",
            ], (4, 12), 2)),
            T(("Querschnitt", "SP3", "Beratung", "ort", [
                "Beratung Migrantinnenorganisation zu Qualifizierungsangeboten",
            ], (1, 3), 1)),
            T(("KIM", "SP4", "Netzwerktreffen", "mix", [
                "Abstimmung Jobcenter KIA",
                "Abstimmung Agentur für Arbeit KIA",
            ], (3, 8), 2)),
            T(("KIM", "SP4", "Gremienarbeit", "kreis", [
                "Steuerungsgruppe KIA",
                "Lenkungskreis KIM, Bericht KIA",
            ], (6, 14), 1)),
            T(("KIM", "SP4", "Konzeptentwicklung", "kreis", [
                "Konzept Kompetenzzentrum Integration und Arbeit",
                "Prozessbeschreibung Fallübergabe Case Management – Jobcenter",
            ], None, 2)),
        ],
        False: [
            T(("Querschnitt", None, "Gremienarbeit", "ort", [
                "Sitzung Integrationsrat",
                "Sitzung Ausschuss für Soziales, Bericht KI",
            ], None, 2)),
            T(("Querschnitt", None, "Öffentlichkeitsarbeit", "kreis", [
                "Newsletter KI, Beiträge",
                "Planung Interkulturelle Woche",
                "Website KI aktualisieren",
            ], None, 2)),
            T(("Querschnitt", None, "Beratung", "ort", [
                "Anfrage Kommune zu Unterbringung und Integrationsangeboten",
            ], None, 1)),
            T(("Querschnitt", None, "Veranstaltung", "ort", [
                "Fachtag Antidiskriminierung, Moderation Workshop",
                "Lesung und Gespräch, Woche gegen Rassismus",
            ], (15, 60), 1)),
            T(("Übergreifend", None, "Verwaltung", "leer", [
                "Dokumentation, Ablage",
                "E-Mails, Terminabstimmung",
            ], None, 3)),
            T(("Übergreifend", None, "Gremienarbeit", "leer", [
                "Dienstbesprechung KI",
            ], None, 1)),
            T(("Übergreifend", None, "Sonstiges", "leer", [
                "Dienstreise, Fahrtzeit",
            ], None, 1)),
        ],
    },
    "Verwaltung": {
        True: [
            T(("Bildung", "SP1", "Verwaltung", "leer", [
                "Abrechnung Honorare Fortbildung DaZ",
            ], None, 1)),
            T(("Querschnitt", "SP2", "Verwaltung", "leer", [
                "Abrechnung Solarhelferkurs low-tec",
            ], None, 1)),
            T(("KIM", "SP4", "Verwaltung", "leer", [
                "Kooperationsvereinbarung Jobcenter KIA, Entwurf",
            ], None, 1)),
        ],
        False: [
            T(("Übergreifend", None, "Verwaltung", "leer", [
                "Posteingang, Rechnungsprüfung",
                "Haushaltsplanung Teilprodukt 946100",
                "Mittelabruf Landesförderung",
                "Personalangelegenheiten, Urlaubsplanung",
                "Beschaffung Büromaterial",
                "Verträge Honorarkräfte Sprachmittlung",
                "Verwendungsnachweis 2024",
                "Zahlungsanordnungen, Buchungen",
            ], None, 10)),
            T(("Übergreifend", None, "Gremienarbeit", "leer", [
                "Sitzungsvorlage Ausschuss vorbereiten",
                "Dienstbesprechung KI",
            ], None, 2)),
            T(("Übergreifend", None, "Sonstiges", "leer", [
                "Fortbildung Haushaltsrecht (intern)",
            ], None, 1)),
        ],
    },
    "Assistenz": {
        True: [
            T(("Bildung", "SP1", "Verwaltung", "leer", [
                "Anmeldungen Netzwerktreffen DaZ-Lehrkräfte",
                "Terminvergabe Seiteneinsteigerberatung",
            ], None, 2)),
            T(("Querschnitt", "SP3", "Verwaltung", "leer", [
                "Teilnehmendenliste Infoveranstaltung Frauen",
            ], None, 1)),
        ],
        False: [
            T(("Übergreifend", None, "Verwaltung", "leer", [
                "Posteingang, Terminverwaltung",
                "Telefondienst, Weiterleitung Anfragen",
                "Ablage, Aktenführung",
                "Raumbuchung Veranstaltungen",
                "Reisekostenabrechnungen vorbereiten",
            ], None, 8)),
            T(("Querschnitt", None, "Öffentlichkeitsarbeit", "kreis", [
                "Flyer Versand an Kommunen",
                "Pressespiegel KI",
            ], None, 2)),
        ],
    },
}

# --------------------------------------------------------------------------- scheduled events
# (date, stelle, handlungsfeld, schwerpunkt, taetigkeit, kommune, hours, teilnehmende, description)
EREIGNISSE = [
    # SP1 Netzwerktreffen: 5 in 2025 (milestone 4–6: reached)
    (d(12, 2), "L1", "Bildung", "SP1", "Netzwerktreffen", "Eschweiler", 3.0, 18,
     "Netzwerktreffen DaZ-Lehrkräfte Primarstufe"),
    (d(26, 3), "L2", "Bildung", "SP1", "Netzwerktreffen", "Alsdorf", 3.0, 22,
     "Netzwerktreffen DaZ-Lehrkräfte Sek I"),
    (d(4, 6), "L1", "Bildung", "SP1", "Netzwerktreffen", "Stolberg", 2.5, 15,
     "Netzwerktreffen DaZ-Lehrkräfte Primarstufe/Sek I"),
    (d(24, 9), "L2", "Bildung", "SP1", "Netzwerktreffen", "kreisweit", 3.0, 19,
     "Netzwerktreffen DaZ-Lehrkräfte Sek II und Berufskolleg"),
    (d(19, 11), "L1", "Bildung", "SP1", "Netzwerktreffen", "Herzogenrath", 3.0, 24,
     "Netzwerktreffen DaZ-Lehrkräfte Sek I"),
    # SP2 Veranstaltung: 3 in 2025 (milestone mindestens 3: reached)
    (d(10, 4), "FK1", "Querschnitt", "SP2", "Veranstaltung", "Eschweiler", 3.5, 34,
     "Infoveranstaltung Vereine Arbeitsmarkt Eschweiler (mit Laiensprachmittlerpool)"),
    (d(18, 9), "FK1", "Querschnitt", "SP2", "Veranstaltung", "Alsdorf", 3.0, 27,
     "Infoveranstaltung Vereine und Migrantenorganisationen: Wege in Arbeit"),
    (d(27, 11), "FK2", "Querschnitt", "SP2", "Veranstaltung", "Stolberg", 3.0, 31,
     "Infoveranstaltung Vereine Arbeitsmarkt Stolberg"),
    # SP3 Veranstaltung: only 1 in 2025 (milestone mindestens 2: behind)
    (d(16, 10), "FK2", "Querschnitt", "SP3", "Veranstaltung", "Würselen", 3.5, 26,
     "Infoveranstaltung Frauen und Beruf mit low-tec und Integrationsagentur"),
]

# Deliberate warning: an entry on a Saturday (Interkulturelle Woche).
SAMSTAG = (d(27, 9), "L2", "Bildung", "SP1", "Öffentlichkeitsarbeit", "Stolberg", 4.0, 60,
           "Infostand Bildungsberatung, Interkulturelle Woche Stolberg")

# Deliberate warning: VW1 works 11.5 h on one day (Jahresabschluss).
UEBERSTUNDEN_TAG = d(18, 12)
UEBERSTUNDEN = [
    ("Übergreifend", None, "Verwaltung", None, 4.0, None, "Jahresabschluss: Kassenabstimmung"),
    ("Übergreifend", None, "Verwaltung", None, 3.5, None, "Jahresabschluss: offene Posten, Rechnungsprüfung"),
    ("Übergreifend", None, "Verwaltung", None, 2.5, None, "Mittelabruf Landesförderung 4. Quartal"),
    ("Übergreifend", None, "Verwaltung", None, 1.5, None, "Posteingang, Rechnungsprüfung"),
]

# Deliberate warning: FK1 enters one row twice on this day.
DUPLIKAT_TAG = d(14, 5)

# Deliberate warning: the Summe row of this Layout A sheet is off by +0.5 h.
SUMME_FALSCH = ("L1", 6, 0.5)


# --------------------------------------------------------------------------- generation
def person_on(stelle: str, day: dt.date):
    for von, bis, name, daily in STELLEN[stelle]["persons"]:
        if von <= day <= bis:
            return name, daily
    return None


def on_vacation(stelle: str, day: dt.date) -> bool:
    return any(von <= day <= bis for von, bis in URLAUB[stelle])


def split_units(rng: random.Random, units: int, n: int) -> list[int]:
    """Split `units` quarter hours into n parts of at least 2 (0.5 h) each."""
    n = max(1, min(n, units // 2))
    parts = [2] * n
    weights = [rng.uniform(0.3, 1.0) for _ in range(n)]
    for _ in range(units - 2 * n):
        parts[rng.choices(range(n), weights=weights)[0]] += 1
    return parts


def pick_kommune(rng: random.Random, mode: str):
    if mode == "leer":
        return None
    if mode == "kreis":
        return "kreisweit"
    if mode == "mix" and rng.random() < 0.5:
        return "kreisweit"
    return rng.choices(KOMMUNEN, weights=KOMMUNEN_WEIGHTS)[0]


def entry(day, stelle, name, hf, sp, taet, kommune, hours, tn, text):
    return {"datum": day, "stelle": stelle, "name": name, "handlungsfeld": hf, "schwerpunkt": sp,
            "taetigkeit": taet, "kommune": kommune, "stunden": hours, "teilnehmende": tn,
            "beschreibung": text}


def generate() -> list[dict]:
    rng = random.Random(2025)
    events = defaultdict(list)
    for ev in EREIGNISSE:
        events[(ev[0], ev[1])].append(ev)
    entries: list[dict] = []
    day = dt.date(YEAR, 1, 1)
    while day.year == YEAR:
        for stelle, info in STELLEN.items():
            if day.weekday() >= 5 or day in FEIERTAGE:
                if (day, stelle) == (SAMSTAG[0], SAMSTAG[1]):
                    name, _ = person_on(stelle, day)
                    entries.append(entry(day, stelle, name, *SAMSTAG[2:]))
                continue
            p = person_on(stelle, day)
            if p is None or on_vacation(stelle, day):
                assert (day, stelle) not in events, (day, stelle)
                continue
            name, daily = p
            if stelle == "VW1" and day == UEBERSTUNDEN_TAG:
                for hf, sp, taet, kom, h, tn, text in UEBERSTUNDEN:
                    entries.append(entry(day, stelle, name, hf, sp, taet, kom, h, tn, text))
                continue
            art = info["art"]
            units = round((daily + rng.choice([-0.5, -0.25, 0, 0, 0, 0.25, 0.5])) * 4)
            day_entries = []
            for ev in events.get((day, stelle), []):
                day_entries.append(entry(day, stelle, name, *ev[2:]))
                units -= round(ev[6] * 4)
            n_max = 3 if art == "Assistenz" else 4
            n = rng.choices(range(1, n_max + 1), weights=[1, 3, 4, 2][:n_max])[0]
            if day_entries:
                n = max(1, n - 1)
            if stelle == "FK1" and day == DUPLIKAT_TAG:
                n = 4  # several short entries, so the copied one stays small
            used = {e["beschreibung"] for e in day_entries}
            p_sp = (P_SP_AUGUST if day.month == 8 else P_SP)[art]
            for part in split_units(rng, units, n):
                for _ in range(50):
                    bucket = TEMPLATES[art][rng.random() < p_sp]
                    hf, sp, taet, mode, texts, tn_range, _w = rng.choices(
                        bucket, weights=[t[6] for t in bucket])[0]
                    text = rng.choice(texts)
                    if text not in used:
                        break
                used.add(text)
                tn = rng.randint(*tn_range) if tn_range else None
                day_entries.append(entry(day, stelle, name, hf, sp, taet, pick_kommune(rng, mode),
                                         part / 4, tn, text))
            if stelle == "FK1" and day == DUPLIKAT_TAG:
                # the copy is typed right below the original
                i = min(range(len(day_entries)), key=lambda k: day_entries[k]["stunden"])
                day_entries.insert(i + 1, dict(day_entries[i]))
                assert sum(e["stunden"] for e in day_entries) <= 10
            entries.extend(day_entries)
        day += dt.timedelta(days=1)
    return entries


# --------------------------------------------------------------------------- golden figures
def figures(entries: list[dict]) -> dict:
    def add(dct, key, h):
        dct[key] = dct.get(key, 0.0) + h

    total = sp_total = 0.0
    by_sp, by_stelle, by_taet, by_kom = {}, {}, {}, {}
    for e in entries:
        h = e["stunden"]
        total += h
        if e["schwerpunkt"]:
            sp_total += h
            add(by_sp, e["schwerpunkt"], h)
        add(by_stelle, e["stelle"], h)
        add(by_taet, e["taetigkeit"], h)
        add(by_kom, e["kommune"] or "ohne", h)

    def r(dct):
        return {k: round(v, 2) for k, v in sorted(dct.items())}

    return {"eintraege": len(entries), "stunden": round(total, 2),
            "stunden_schwerpunkte": round(sp_total, 2), "nach_schwerpunkt": r(by_sp),
            "nach_stelle": r(by_stelle), "nach_taetigkeit": r(by_taet), "nach_kommune": r(by_kom)}


def write_golden(entries: list[dict]) -> tuple[dict, dict]:
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    march = figures([e for e in entries if e["datum"].month == 3])
    year = figures(entries)
    year["monate"] = {}
    for m in range(1, 13):
        f = figures([e for e in entries if e["datum"].month == m])
        year["monate"][f"{YEAR}-{m:02d}"] = {"stunden": f["stunden"],
                                             "stunden_schwerpunkte": f["stunden_schwerpunkte"]}
    year["meilensteine_ist"] = {
        sp: sum(1 for e in entries if e["schwerpunkt"] == sp and e["taetigkeit"] == taet)
        for sp, taet in [("SP1", "Netzwerktreffen"), ("SP2", "Veranstaltung"), ("SP3", "Veranstaltung")]}
    for path, data in [(GOLDEN_DIR / f"sample_{YEAR}-03.json", march), (GOLDEN_DIR / f"sample_{YEAR}.json", year)]:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return march, year


# --------------------------------------------------------------------------- workbooks
def new_workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "Tätigkeitsnachweis 2025", "author": "Kommunales Integrationszentrum",
                       "created": FIXED_CREATED})
    return wb


def fmt_de(hours: float) -> str:
    """1.5 -> '1,5', 0.75 -> '0,75', 2.0 -> '2'."""
    s = f"{hours:.2f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


KANON = ["Datum", "Stelle", "Mitarbeiter/in", "Handlungsfeld", "Schwerpunkt", "Tätigkeit",
         "Kommune", "Stunden", "Teilnehmende", "Beschreibung"]
WIDTHS = [12, 8, 16, 30, 30, 20, 14, 10, 13, 60]

# Where the deliberate warnings end up: filled in while writing, printed at the end.
FUNDSTELLEN: list[str] = []


def write_layout_a(stelle: str, entries: list[dict]) -> Path:
    """One workbook per person, an "Anleitung" sheet and one sheet per month with title rows."""
    name = entries[0]["name"]
    path = OUT_DIR / f"Taetigkeitsnachweis_2025_{stelle}_{name.split()[-1]}.xlsx"
    wb = new_workbook(path)
    bold = wb.add_format({"bold": True})
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    datef = wb.add_format({"num_format": "DD.MM.YYYY"})
    numf = wb.add_format({"num_format": "0.00"})
    sumf = wb.add_format({"bold": True, "num_format": "0.00", "top": 1})

    ws = wb.add_worksheet("Anleitung")
    ws.set_column(0, 0, 100)
    lines = [
        "Anleitung zum Tätigkeitsnachweis 2025",
        "",
        "Bitte tragen Sie jede Tätigkeit in einer eigenen Zeile im Blatt des jeweiligen Monats ein.",
        "Stunden bitte in Viertelstunden als Dezimalzahl angeben (z. B. 1,25 für 1 Stunde 15 Minuten).",
        "Tragen Sie einen Themenschwerpunkt (SP1 bis SP4) ein, wenn die Tätigkeit ihm dient; sonst leer lassen.",
        "Die Summenzeile am Monatsende bitte aktualisieren, bevor der Nachweis an die Leitung geht.",
        "Abgabe bis zum 5. Werktag des Folgemonats an die Verwaltung.",
    ]
    for i, line in enumerate(lines):
        ws.write_string(i, 0, line, title if i == 0 else None)

    for m in range(1, 13):
        month_entries = [e for e in entries if e["datum"].month == m]
        sheet = f"{MONATE_KURZ[m - 1]} {YEAR}"
        ws = wb.add_worksheet(sheet)
        for c, w in enumerate(WIDTHS):
            ws.set_column(c, c, w)
        ws.write_string(0, 0, f"Tätigkeitsnachweis {YEAR}", title)
        ws.write_string(1, 0, f"Kommunales Integrationszentrum – Stelle {stelle}", bold)
        header_row = 3
        for c, h in enumerate(KANON):
            ws.write_string(header_row, c, h, head)
        ws.freeze_panes(header_row + 1, 0)
        r = header_row + 1
        total = 0.0
        prev = None
        for e in month_entries:
            if stelle == "FK1" and e["datum"] == DUPLIKAT_TAG and prev is not None \
                    and all(e[k] == prev[k] for k in e):
                FUNDSTELLEN.append(f"Duplikat: {path.name}, Blatt '{sheet}', Zeilen {r} und {r + 1}")
            prev = e
            ws.write_datetime(r, 0, dt.datetime.combine(e["datum"], dt.time()), datef)
            ws.write_string(r, 1, e["stelle"])
            ws.write_string(r, 2, e["name"])
            ws.write_string(r, 3, e["handlungsfeld"])
            if e["schwerpunkt"]:
                ws.write_string(r, 4, e["schwerpunkt"])
            ws.write_string(r, 5, e["taetigkeit"])
            if e["kommune"]:
                ws.write_string(r, 6, e["kommune"])
            ws.write_number(r, 7, e["stunden"], numf)
            if e["teilnehmende"] is not None:
                ws.write_number(r, 8, e["teilnehmende"])
            ws.write_string(r, 9, e["beschreibung"])
            if e["datum"].weekday() >= 5:
                FUNDSTELLEN.append(f"Samstag: {path.name}, Blatt '{sheet}', Zeile {r + 1}")
            total += e["stunden"]
            r += 1
        summe = total
        if (stelle, m) == SUMME_FALSCH[:2]:
            summe += SUMME_FALSCH[2]
            FUNDSTELLEN.append(f"Summe falsch: {path.name}, Blatt '{sheet}', Zeile {r + 1} "
                               f"(Summe {summe:.2f}, Einträge {total:.2f})")
        ws.write_string(r, 0, "Summe", bold)
        ws.write_number(r, 7, summe, sumf)
    wb.close()
    return path


def write_layout_b(stelle: str, entries: list[dict]) -> Path:
    """One workbook, one year sheet "2025", header aliases, dates and hours as text."""
    path = OUT_DIR / f"TN_{stelle}_2025.xlsx"
    wb = new_workbook(path)
    head = wb.add_format({"bold": True, "bottom": 1})
    ws = wb.add_worksheet(str(YEAR))
    header = ["Datum", "Stelle", "Name", "Handlungsfeld", "Themenschwerpunkt", "Art der Tätigkeit",
              "Kommune", "Std.", "TN", "Beschreibung"]
    for c, w in enumerate([11, 7, 12, 34, 40, 20, 14, 6, 5, 60]):
        ws.set_column(c, c, w)
    for c, h in enumerate(header):
        ws.write_string(0, c, h, head)
    ws.autofilter(0, 0, len(entries), len(header) - 1)
    ws.freeze_panes(1, 0)
    n_sp = 0
    day_hours = defaultdict(float)
    for i, e in enumerate(entries):
        r = i + 1
        ws.write_string(r, 0, e["datum"].strftime("%d.%m.%Y"))
        ws.write_string(r, 1, e["stelle"])
        ws.write_string(r, 2, e["name"])
        ws.write_string(r, 3, HF_LANG[e["handlungsfeld"]])
        if e["schwerpunkt"]:
            # staff write the full title for every third Schwerpunkt entry, else the id
            n_sp += 1
            ws.write_string(r, 4, SP_TITEL[e["schwerpunkt"]] if n_sp % 3 == 0 else e["schwerpunkt"])
        else:
            ws.write_string(r, 4, "-")
        ws.write_string(r, 5, e["taetigkeit"])
        if e["kommune"]:
            ws.write_string(r, 6, e["kommune"])
        ws.write_string(r, 7, fmt_de(e["stunden"]))
        if e["teilnehmende"] is not None:
            ws.write_number(r, 8, e["teilnehmende"])
        ws.write_string(r, 9, e["beschreibung"])
        day_hours[e["datum"]] += e["stunden"]
        if e["datum"] == UEBERSTUNDEN_TAG and stelle == "VW1" and \
                (i + 1 == len(entries) or entries[i + 1]["datum"] != e["datum"]):
            first = r - len(UEBERSTUNDEN) + 2
            FUNDSTELLEN.append(f"Mehr als 10 h: {path.name}, Blatt '{YEAR}', Zeilen {first}–{r + 1} "
                               f"({day_hours[e['datum']]:.2f} h am {e['datum']:%d.%m.%Y})")
    wb.close()
    return path


def write_layout_c(stelle: str, entries: list[dict]) -> Path:
    """One workbook, one sheet per quarter, hours as Excel time cells, blank rows between weeks."""
    path = OUT_DIR / f"Nachweis_{stelle}_2025_Quartale.xlsx"
    wb = new_workbook(path)
    head = wb.add_format({"bold": True, "bg_color": "#E2EFDA", "border": 1})
    datef = wb.add_format({"num_format": "DD.MM.YYYY"})
    timef = wb.add_format({"num_format": "[h]:mm"})
    header = ["Datum", "Stelle", "Mitarbeiter/in", "Handlungsfeld", "Schwerpunkt", "Taetigkeit",
              "Kommune", "Dauer (hh:mm)", "Anzahl Teilnehmende", "Beschreibung"]
    for q in range(1, 5):
        ws = wb.add_worksheet(f"Q{q}")
        for c, w in enumerate([12, 7, 12, 14, 12, 20, 14, 14, 20, 50]):
            ws.set_column(c, c, w)
        for c, h in enumerate(header):
            ws.write_string(0, c, h, head)
        r = 1
        week = None
        for e in entries:
            if (e["datum"].month - 1) // 3 + 1 != q:
                continue
            wk = e["datum"].isocalendar()[1]
            if week is not None and wk != week:
                r += 1  # blank row between weeks
            week = wk
            ws.write_datetime(r, 0, dt.datetime.combine(e["datum"], dt.time()), datef)
            ws.write_string(r, 1, e["stelle"])
            ws.write_string(r, 2, e["name"])
            ws.write_string(r, 3, e["handlungsfeld"])
            if e["schwerpunkt"]:
                ws.write_string(r, 4, e["schwerpunkt"])
            ws.write_string(r, 5, e["taetigkeit"])
            if e["kommune"]:
                ws.write_string(r, 6, e["kommune"])
            minutes = round(e["stunden"] * 60)
            ws.write_datetime(r, 7, dt.time(minutes // 60, minutes % 60), timef)
            if e["teilnehmende"] is not None:
                ws.write_number(r, 8, e["teilnehmende"])
            ws.write_string(r, 9, e["beschreibung"])
            r += 1
    wb.close()
    return path


LAYOUT = {"L1": write_layout_a, "L2": write_layout_a, "FK1": write_layout_a,
          "FK2": write_layout_b, "VW1": write_layout_b, "VA1": write_layout_c}


def main() -> None:
    entries = generate()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for old in OUT_DIR.glob("*.xlsx"):
        old.unlink()
    for stelle, writer in LAYOUT.items():
        rows = [e for e in entries if e["stelle"] == stelle]
        path = writer(stelle, rows)
        print(f"{path.relative_to(HERE)}: {len(rows)} Einträge, {sum(e['stunden'] for e in rows):.2f} h")
    march, year = write_golden(entries)
    print(f"März {YEAR}: {march['eintraege']} Einträge, {march['stunden']:.2f} h, "
          f"davon Schwerpunkte {march['stunden_schwerpunkte']:.2f} h")
    print(f"Jahr {YEAR}: {year['eintraege']} Einträge, {year['stunden']:.2f} h, "
          f"davon Schwerpunkte {year['stunden_schwerpunkte']:.2f} h "
          f"({year['stunden_schwerpunkte'] / year['stunden']:.1%})")
    for monat, f in year["monate"].items():
        print(f"  {monat}: {f['stunden']:8.2f} h, Schwerpunktanteil {f['stunden_schwerpunkte'] / f['stunden']:.1%}")
    print("Meilensteine (Ist 2025):", year["meilensteine_ist"])
    print("Absichtliche Warnungen:")
    for f in FUNDSTELLEN:
        print("  " + f)


if __name__ == "__main__":
    main()
