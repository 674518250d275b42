"""Plausibility rules: warnings a controller expects, never errors.

Each rule takes the valid entries (`Plausibilitaetsdaten.eintraege`) and returns warnings. Example: three
entries of 4 h for FK1 on one day give one `tageshoechstzahl` warning (12 h > max_stunden_pro_tag
= 10).
"""

from __future__ import annotations

import pandas as pd

from kibericht.befunde import Code, Finding, befund
from kibericht.regeln.kalender import feiertage
from kibericht.regeln.kontext import Plausibilitaetsdaten
from kibericht.zahlen import de_kurz

DUPLICATE_KEY = ["datum", "stelle", "taetigkeit", "stunden", "beschreibung"]


def _rows(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts (itertuples would rename the `_datei`/`_blatt`/`_zeile` columns)."""
    return frame.to_dict("records")


def _warn(row: dict, code: str, column: str | None, value, message: str) -> Finding:
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
    entries = _valid(k)
    if entries is None:
        return []
    dup = entries.duplicated(subset=DUPLICATE_KEY, keep=False)
    findings = []
    for _, group in entries[dup].groupby(DUPLICATE_KEY, sort=False, dropna=False):
        rows = _rows(group)
        first = rows[0]
        for row in rows[1:]:
            findings.append(_warn(row, Code.DOPPELTER_EINTRAG, None, None,
                                  f"Derselbe Eintrag (Datum, Stelle, Tätigkeit, Stunden, Beschreibung) "
                                  f"steht schon in {first['_datei']}:{first['_blatt']}:{first['_zeile']}. "
                                  "Löschen Sie ihn, wenn er doppelt erfasst wurde."))
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
