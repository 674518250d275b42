"""Random KIs for the disclosure-control tests: a ki.toml of 1 to 12 Stellen and entries shaped
like `load_entries(...).entries`, with Schwerpunkte worked by one, two or many Stellen."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd

from kibericht.konfig import KIConfig, load_config
from kibericht.pruefen.kopfzeile import ENTRY_COLUMNS

ARTEN = ["Lehrkraft", "Fachkraft", "Verwaltung", "Assistenz"]
SCHWERPUNKTE = [("SP1", "Bildung", "I"), ("SP2", "Querschnitt", "II"), ("SP3", "KIM", "II"),
                ("SP4", "Querschnitt", "III")]


def ki_toml(stellen: list[tuple[str, str]], schwerpunkte: list[tuple[str, str, str]],
            kommunen: list[str], taetigkeiten: list[str]) -> str:
    teile = ['[ki]\nname = "KI Zufall"', f"kommunen = {kommunen!r}".replace("'", '"'),
             f"taetigkeiten = {taetigkeiten!r}".replace("'", '"'),
             "[regeln]\nschwerpunkt_mindestanteil = 0.5"]
    for sid, art in stellen:
        teile.append(f'[[stellen]]\nid = "{sid}"\nbezeichnung = "Stelle {sid}"\nart = "{art}"\n'
                     'umfang = 1.0\nwochenstunden = 39.0\nfoerderung = "Eigenmittel"')
    for sp, hf, zd in schwerpunkte:
        teile.append(f'[[schwerpunkte]]\nid = "{sp}"\ntitel = "Schwerpunkt {sp}"\nhandlungsfeld = "{hf}"\n'
                     f'zieldimension = "{zd}"\nvon = 2025\nbis = 2026')
    return "\n\n".join(teile) + "\n"


GROSS_KOMMUNEN = ["Aachen", "Alsdorf", "Baesweiler", "Eschweiler", "Herzogenrath", "Monschau", "Roetgen",
                  "Simmerath", "Stolberg", "Würselen"]
GROSS_TAETIGKEITEN = ["Beratung", "Veranstaltung", "Fortbildung", "Netzwerktreffen", "Gremienarbeit",
                      "Konzeptentwicklung", "Projektarbeit", "Öffentlichkeitsarbeit", "Verwaltung",
                      "Sonstiges"]


def zufalls_ki(tmp_path: Path, seed: int, stellen: int | None = None, monate: int | None = None,
               je_monat: tuple[int, int] = (2, 6), gross: bool = False,
               ) -> tuple[KIConfig, pd.DataFrame, int]:
    """(config, entries, last month): `stellen` Stellen (1 to 12), each Schwerpunkt worked by a
    random number of them (one, two or many), `je_monat` (from, to) entries per Stelle on some
    days of each month 1..`monate`. `gross`: the Tätigkeiten and Kommunen of a real Kreis (ten
    each) instead of three and two."""
    rng = random.Random(seed)
    n = stellen or rng.randint(1, 12)
    letzter = monate or rng.choice([6, 12])
    ids = [(f"S{i + 1}", rng.choice(ARTEN)) for i in range(n)]
    sps = SCHWERPUNKTE[: rng.randint(2, 4)] if not gross else SCHWERPUNKTE
    kommunen = ["Alfter", "Bornheim"] if not gross else GROSS_KOMMUNEN
    taetigkeiten = ["Beratung", "Netzwerktreffen", "Verwaltung"] if not gross else GROSS_TAETIGKEITEN
    path = tmp_path / f"ki_{seed}.toml"
    path.write_text(ki_toml(ids, sps, kommunen, taetigkeiten), encoding="utf-8")
    config = load_config(path)
    # who works which Schwerpunkt: one Stelle, two, or many
    wer = {}
    for sp, _, _ in sps:
        k = min(n, rng.choice([1, 2, max(3, n)]))
        wer[sp] = rng.sample([s for s, _ in ids], k)
    rows = []
    for m in range(1, letzter + 1):
        for sid, _ in ids:
            for _ in range(rng.randint(*je_monat)):
                sp_choice = rng.choice([None, *[sp for sp, _, _ in sps if sid in wer[sp]]])
                hf = next((h for s, h, _ in sps if s == sp_choice), None) or \
                    rng.choice(["Bildung", "Übergreifend"])
                taet = rng.choice(taetigkeiten)
                rows.append({
                    "datum": pd.Timestamp(dt.date(2025, m, rng.randint(1, 28))), "stelle": sid,
                    "mitarbeiter": "X", "handlungsfeld": hf, "schwerpunkt": sp_choice,
                    "taetigkeit": taet, "kommune": rng.choice([*kommunen, "kreisweit", None]),
                    "stunden": rng.randint(1, 24) * 0.25,
                    "teilnehmende": float(rng.randint(1, 30)) if taet == "Netzwerktreffen" else None,
                    "beschreibung": "", "_datei": "x.xlsx", "_blatt": "A", "_zeile": len(rows) + 2})
    frame = pd.DataFrame(rows, columns=ENTRY_COLUMNS)
    frame["stunden"] = frame["stunden"].astype(float)
    frame["teilnehmende"] = frame["teilnehmende"].astype(float)
    return config, frame, letzter
