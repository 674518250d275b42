"""A large KI for the print tests: more Stellen, Schwerpunkte, Tätigkeiten and Kommunen than fit
a page in any table, long titles and names, a cap exceeded, a vacant Stelle, shares around the
minimum; entries January to June, drawn from a seeded random generator."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from kibericht.konfig import KIConfig, load_config
from kibericht.pruefen.kopfzeile import ENTRY_COLUMNS

ARTEN = ["Lehrkraft", "Fachkraft", "Fachkraft", "Verwaltung", "Assistenz", "Fachkraft", "Lehrkraft"]
HANDLUNGSFELDER = ["Bildung", "Querschnitt", "KIM"]
TAETIGKEITEN = ["Beratung", "Veranstaltung", "Fortbildung", "Netzwerktreffen", "Gremienarbeit",
                "Konzeptentwicklung", "Projektarbeit", "Öffentlichkeitsarbeit", "Verwaltung", "Sonstiges",
                "Elternarbeit", "Sprachförderung", "Übergangsmanagement Schule-Beruf", "Dolmetschdienste",
                "Qualifizierung Ehrenamt", "Interkulturelle Öffnung der Verwaltung", "Fallkonferenz",
                "Sozialraumbegehung", "Antidiskriminierungsberatung", "Dokumentation und Statistik",
                "Presse", "Hospitation", "Supervision", "Arbeitskreis Migration"]
KOMMUNEN = [f"Gemeinde {name}" for name in (
    "Alfter", "Bad Honnef", "Bornheim", "Eitorf", "Hennef (Sieg)", "Königswinter", "Lohmar", "Meckenheim",
    "Much", "Neunkirchen-Seelscheid", "Niederkassel", "Rheinbach", "Ruppichteroth", "Sankt Augustin",
    "Siegburg", "Swisttal", "Troisdorf", "Wachtberg", "Windeck", "Bergisch Gladbach", "Overath",
    "Rösrath", "Wesseling", "Brühl", "Erftstadt", "Hürth")]


def ki_toml(stellen: int = 14, schwerpunkte: int = 9) -> str:
    teile = [f'''[ki]
name = "Kommunales Integrationszentrum des Rhein-Sieg-Kreises & der kreisangehörigen Städte (Beispiel)"
kommunen = {KOMMUNEN!r}
taetigkeiten = {TAETIGKEITEN!r}

[regeln]
schwerpunkt_mindestanteil = 0.5

[[programme]]
name = "KI"
hoechstbetrag = 120000

[[programme]]
name = "KIM-Koordination"
hoechstbetrag = 400000
'''.replace("'", '"')]
    for i in range(stellen):
        art = ARTEN[i % len(ARTEN)]
        foerderung = "Land" if art == "Lehrkraft" else ("KIM-Koordination" if i % 5 == 2 else "KI")
        block = [f'[[stellen]]\nid = "S{i + 1:02d}"',
                 f'bezeichnung = "{art} im Team {["Bildung", "Integration", "Koordination"][i % 3]} '
                 f'(Stellenplan Nr. {100 + i})"', f'art = "{art}"', "umfang = 1.0", "wochenstunden = 39.0",
                 f'foerderung = "{foerderung}"']
        if foerderung != "Land":
            block.append("pauschale = 57000")
        if i == 3:  # vacant from April
            block.append("besetzt = [ { von = 2025-01-01, bis = 2025-03-31 } ]")
        teile.append("\n".join(block) + "\n")
    for k in range(schwerpunkte):
        feld = HANDLUNGSFELDER[k % 3]
        teile.append(f'''[[schwerpunkte]]
id = "SP{k + 1}"
titel = "Schwerpunkt {k + 1}: Teilhabe neu zugewanderter Menschen im Handlungsfeld {feld} nachhaltig \
verbessern"
handlungsfeld = "{feld}"
zieldimension = "{["I", "II", "III"][k % 3]}"
von = 2025
bis = 2026

[[schwerpunkte.meilensteine]]
jahr = 2025
text = "Mindestens vier Netzwerktreffen mit den Schulen, Trägern und Kommunen des Kreises zu \
Schwerpunkt {k + 1}"
taetigkeit = "Netzwerktreffen"
mindestens = 4
hoechstens = 8
''')
    return "\n".join(teile)


def grosses_ki(ordner: Path, stellen: int = 14, schwerpunkte: int = 9, zeilen: int = 1800,
               seed: int = 18) -> tuple[KIConfig, pd.DataFrame]:
    """The configuration and the entries (January to June 2025) of the large KI."""
    ordner.mkdir(parents=True, exist_ok=True)
    (ordner / "ki.toml").write_text(ki_toml(stellen, schwerpunkte), encoding="utf-8")
    config = load_config(ordner / "ki.toml")
    rng = random.Random(seed)
    ids = [s.id for s in config.stellen]
    rows = []
    for i in range(zeilen):
        monat = 1 + i * 6 // zeilen
        sid = rng.choice([s for s in ids if s != "S04"] if monat > 3 else ids)
        sp = rng.choice(config.schwerpunkte) if rng.random() < 0.48 + 0.01 * monat else None
        rows.append({
            "datum": pd.Timestamp(2025, monat, rng.randint(1, 28)), "stelle": sid, "mitarbeiter": None,
            "handlungsfeld": sp.handlungsfeld if sp else rng.choice([*HANDLUNGSFELDER, "Übergreifend"]),
            "schwerpunkt": sp.id if sp else None, "taetigkeit": rng.choice(config.taetigkeiten),
            "kommune": rng.choice([*config.kommunen, None]),
            "stunden": rng.choice([0.5, 1.0, 1.5, 2.25, 4.0]),
            "teilnehmende": float(rng.choice([0, 3, 12, 40])), "beschreibung": "Termin",
            "_datei": "nachweise/gross.xlsx", "_blatt": "2025", "_zeile": i + 2})
    frame = pd.DataFrame(rows, columns=ENTRY_COLUMNS)
    frame["datum"] = frame["datum"].astype("datetime64[ns]")
    return config, frame
