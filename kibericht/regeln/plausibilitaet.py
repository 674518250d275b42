"""Plausibility rules: warnings and hints a controller expects, never errors.

Each rule takes the valid entries (`Plausibilitaetsdaten.eintraege`) and returns warnings. Example: three
entries of 4 h for FK1 on one day give one `tageshoechstzahl` warning (12 h > max_stunden_pro_tag
= 10). A duplicate is a row equal to another in every field that says what was done
(`doppelter-eintrag`); a row that shares date, Stelle, Tätigkeit, hours and description with
another but differs in Kommune, Schwerpunkt, Handlungsfeld or Teilnehmende is most likely a
second activity and only a hint (`aehnlicher-eintrag`). With `[regeln] stundentakt = 0.25`,
0,0625 h is a hint (`stundentakt`); without it, no such hint.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import Any

import pandas as pd

from kibericht.befunde import Code, Finding, befund
from kibericht.regeln.kalender import feiertage
from kibericht.regeln.kontext import Plausibilitaetsdaten
from kibericht.zahlen import de_kurz, de_zahl, exakt, stunden_exakt

# every field that says what was done: rows equal in all of them are one entry typed twice
DUPLICATE_KEY = ["datum", "stelle", "handlungsfeld", "schwerpunkt", "taetigkeit", "kommune", "stunden",
                 "teilnehmende", "beschreibung"]
# rows equal in these but not in all of the above are most likely two activities: a hint
SIMILAR_KEY = ["datum", "stelle", "taetigkeit", "stunden", "beschreibung"]
_FELDNAMEN = {"handlungsfeld": "Handlungsfeld", "schwerpunkt": "Schwerpunkt", "kommune": "Kommune",
              "teilnehmende": "Teilnehmende"}
_TAKT_NAMEN = {Fraction(1, 4): "der Viertelstunde", Fraction(1, 2): "der halben Stunde",
               Fraction(1): "der vollen Stunde"}


def _rows(frame: pd.DataFrame) -> list[dict[Hashable, Any]]:
    """Rows as dicts (itertuples would rename the `_datei`/`_blatt`/`_zeile` columns)."""
    return frame.to_dict("records")


def _warn(row: Mapping[Hashable, Any], code: Code, column: str | None, value: object,
          message: str) -> Finding:
    return befund(code, row["_datei"], row["_blatt"], int(row["_zeile"]), column,
                  None if value is None else str(value), message)


def _valid(k: Plausibilitaetsdaten) -> pd.DataFrame | None:
    return None if k.eintraege.empty else k.eintraege


def check_hours_per_day(k: Plausibilitaetsdaten) -> list[Finding]:
    entries = _valid(k)
    if entries is None:
        return []
    limit = k.config.regeln.max_stunden_pro_tag
    daily = entries.groupby(["stelle", "datum"], sort=False)["stunden"].transform("sum")
    over = entries[daily > limit + 1e-9]
    findings = []
    for (stelle, datum), group in over.groupby(["stelle", "datum"], sort=True):
        total = group["stunden"].sum()
        rows = _rows(group)
        places = ", ".join(f"{r['_blatt']}:{r['_zeile']}" for r in rows)
        findings.append(_warn(rows[0], Code.TAGESHOECHSTZAHL, "Stunden", de_kurz(total),
                              f"Für die Stelle {stelle} sind am {datum:%d.%m.%Y} {de_kurz(total)} Stunden "
                              f"eingetragen, mehr als {de_kurz(limit)} (Arbeitszeitgesetz). Einträge: "
                              f"{places}."))
    return findings


def check_weekends_and_holidays(k: Plausibilitaetsdaten) -> list[Finding]:
    entries = _valid(k)
    if entries is None:
        return []
    findings = []
    weekday = entries["datum"].dt.day_of_week
    for row in _rows(entries[weekday >= 5]):
        datum = row["datum"]
        day = "Samstag" if datum.weekday() == 5 else "Sonntag"
        findings.append(_warn(row, Code.WOCHENENDE, "Datum", f"{datum:%d.%m.%Y}",
                              f"Der {datum:%d.%m.%Y} ist ein {day}. Prüfen Sie das Datum."))
    years = entries["datum"].dt.year.dropna().unique()
    holidays = {pd.Timestamp(d): name for y in years for d, name in feiertage(int(y)).items()}
    for row in _rows(entries[entries["datum"].isin(list(holidays)) & (weekday < 5)]):
        datum = row["datum"]
        findings.append(_warn(row, Code.FEIERTAG, "Datum", f"{datum:%d.%m.%Y}",
                              f"Der {datum:%d.%m.%Y} ist ein Feiertag in NRW ({holidays[datum]}). "
                              "Prüfen Sie das Datum."))
    return findings


def check_duplicates(k: Plausibilitaetsdaten) -> list[Finding]:
    """`doppelter-eintrag` at each row equal to an earlier one in every field of DUPLICATE_KEY;
    `aehnlicher-eintrag` at each row that shares SIMILAR_KEY with an earlier row but differs
    in another field."""
    entries = _valid(k)
    if entries is None:
        return []
    findings = []
    similar = entries.duplicated(subset=SIMILAR_KEY, keep=False)
    for _, group in entries[similar].groupby(SIMILAR_KEY, sort=False, dropna=False):
        rows = _rows(group)
        for i, row in enumerate(rows[1:], start=1):
            same = next((r for r in rows[:i] if _gleich(r, row)), None)
            if same is not None:
                findings.append(_warn(row, Code.DOPPELTER_EINTRAG, None, None,
                                      f"Derselbe Eintrag (alle Felder gleich: Datum, Stelle, Handlungsfeld, "
                                      f"Schwerpunkt, Tätigkeit, Kommune, Stunden, Teilnehmende, "
                                      f"Beschreibung) steht schon in {_ort(same)}. Löschen Sie ihn, wenn er "
                                      "doppelt erfasst wurde."))
                continue
            first = rows[0]
            anders = ", ".join(f"{name} {_zeige(first[feld])} / {_zeige(row[feld])}"
                               for feld, name in _FELDNAMEN.items()
                               if not _gleich_feld(first[feld], row[feld]))
            findings.append(_warn(row, Code.AEHNLICHER_EINTRAG, None, None,
                                  f"Ähnlicher Eintrag wie in {_ort(first)} (gleiches Datum, gleiche Stelle, "
                                  f"Tätigkeit, Stunden und Beschreibung), aber anders: {anders}. Das ist in "
                                  "Ordnung, wenn es zwei Tätigkeiten waren; sonst korrigieren Sie einen "
                                  "der beiden."))
    return findings


def _ort(row: Mapping[Hashable, Any]) -> str:
    return f"{row['_datei']}:{row['_blatt']}:{row['_zeile']}"


def _gleich_feld(a: Any, b: Any) -> bool:
    """Equal values; two empty cells are equal."""
    return bool((pd.isna(a) and pd.isna(b)) if (pd.isna(a) or pd.isna(b)) else a == b)


def _gleich(a: Mapping[Hashable, Any], b: Mapping[Hashable, Any]) -> bool:
    return all(_gleich_feld(a[feld], b[feld]) for feld in DUPLICATE_KEY)


def _zeige(value: Any) -> str:
    if pd.isna(value):
        return "(leer)"
    return de_kurz(value) if isinstance(value, float) else f"„{value}“"


def check_stundentakt(k: Plausibilitaetsdaten) -> list[Finding]:
    """With `[regeln] stundentakt` (e.g. 0.25), a hint at each entry whose hours are not a
    multiple of it: 0,0625 h is not on the quarter hour. Without the key, nothing."""
    entries = _valid(k)
    takt = k.config.regeln.stundentakt
    if entries is None or takt is None:
        return []
    schritt = exakt(takt)
    # a log has few distinct hour values: each is checked once, exactly
    neben = {h: stunden_exakt(h) % schritt != 0 for h in entries["stunden"].unique()}
    name = _TAKT_NAMEN.get(schritt, f"einem Vielfachen von {de_kurz(takt)} Std.")
    findings = []
    for row in _rows(entries[entries["stunden"].map(neben).astype(bool)]):
        stunden = de_zahl(row["stunden"], 4).rstrip("0").rstrip(",")
        findings.append(_warn(row, Code.STUNDENTAKT, "Stunden", stunden,
                              f"{stunden} Std. liegt nicht auf {name} ([regeln] stundentakt = "
                              f"{takt:g}). Prüfen Sie die Stunden."))
    return findings


def check_outside_besetzung(k: Plausibilitaetsdaten) -> list[Finding]:
    entries = _valid(k)
    if entries is None:
        return []
    findings = []
    for stelle in k.config.stellen:
        if stelle.besetzt is None:
            continue
        rows = entries[entries["stelle"] == stelle.id]
        if rows.empty:
            continue
        # a log has a few hundred distinct days: each is checked once
        days = rows["datum"].unique()
        filled = {day: stelle.besetzt_am(day.date()) > 0 for day in days}
        inside = rows["datum"].map(filled).astype(bool)
        for row in _rows(rows[~inside]):
            datum = row["datum"]
            findings.append(_warn(row, Code.AUSSERHALB_BESETZUNG, "Datum", f"{datum:%d.%m.%Y}",
                                  f"Die Stelle {stelle.id} ist am {datum:%d.%m.%Y} laut Stellenplan "
                                  "nicht besetzt. Prüfen Sie Datum und Stelle oder die Besetzungszeiten "
                                  "in ki.toml."))
    return findings
