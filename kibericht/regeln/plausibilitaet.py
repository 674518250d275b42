"""Plausibility rules: warnings a controller expects, never errors.

Each rule is a plain function `check_x(entries, config) -> list[Finding]` on the validated
entries, registered in `RULES`. Example: three entries of 4 h for FK1 on one day give one
`tageshoechstzahl` warning (12 h > max_stunden_pro_tag = 10).
"""

from __future__ import annotations

import pandas as pd

from kibericht.konfig.laden import KIConfig
from kibericht.befunde import WARNUNG, Finding
from kibericht.regeln.kalender import feiertage


def _de(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _rows(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts (itertuples would rename the `_datei`/`_blatt`/`_zeile` columns)."""
    return frame.to_dict("records")


def _warn(row: dict, code: str, column: str | None, value, message: str) -> Finding:
    return Finding(WARNUNG, code, row["_datei"], row["_blatt"], int(row["_zeile"]), column,
                   None if value is None else str(value), message)


def check_hours_per_day(entries: pd.DataFrame, config: KIConfig) -> list[Finding]:
    limit = config.regeln.max_stunden_pro_tag
    daily = entries.groupby(["stelle", "datum"], sort=False)["stunden"].transform("sum")
    over = entries[daily > limit + 1e-9]
    findings = []
    for (stelle, datum), group in over.groupby(["stelle", "datum"], sort=True):
        total = group["stunden"].sum()
        rows = _rows(group)
        first = rows[0]
        places = ", ".join(f"{r['_blatt']}:{r['_zeile']}" for r in rows)
        findings.append(_warn(first, "tageshoechstzahl", "Stunden", _de(total),
                              f"Für die Stelle {stelle} sind am {datum:%d.%m.%Y} {_de(total)} Stunden "
                              f"eingetragen, mehr als {_de(limit)} (Arbeitszeitgesetz). Einträge: "
                              f"{places}."))
    return findings


def check_weekends_and_holidays(entries: pd.DataFrame, config: KIConfig) -> list[Finding]:
    if entries.empty:
        return []
    findings = []
    weekday = entries["datum"].dt.day_of_week
    for row in _rows(entries[weekday >= 5]):
        datum = row["datum"]
        day = "Samstag" if datum.weekday() == 5 else "Sonntag"
        findings.append(_warn(row, "wochenende", "Datum", f"{datum:%d.%m.%Y}",
                              f"Der {datum:%d.%m.%Y} ist ein {day}. Prüfen Sie das Datum."))
    years = entries["datum"].dt.year.dropna().unique()
    holidays = {pd.Timestamp(d): name for y in years for d, name in feiertage(int(y)).items()}
    for row in _rows(entries[entries["datum"].isin(list(holidays)) & (weekday < 5)]):
        datum = row["datum"]
        findings.append(_warn(row, "feiertag", "Datum", f"{datum:%d.%m.%Y}",
                              f"Der {datum:%d.%m.%Y} ist ein Feiertag in NRW ({holidays[datum]}). "
                              "Prüfen Sie das Datum."))
    return findings


DUPLICATE_KEY = ["datum", "stelle", "taetigkeit", "stunden", "beschreibung"]


def check_duplicates(entries: pd.DataFrame, config: KIConfig) -> list[Finding]:
    if entries.empty:
        return []
    dup = entries.duplicated(subset=DUPLICATE_KEY, keep=False)
    findings = []
    for _, group in entries[dup].groupby(DUPLICATE_KEY, sort=False, dropna=False):
        rows = _rows(group)
        first = rows[0]
        for row in rows[1:]:
            findings.append(_warn(row, "doppelter-eintrag", None, None,
                                  f"Derselbe Eintrag (Datum, Stelle, Tätigkeit, Stunden, Beschreibung) "
                                  f"steht schon in {first['_datei']}:{first['_blatt']}:{first['_zeile']}. "
                                  "Löschen Sie ihn, wenn er doppelt erfasst wurde."))
    return findings


def check_outside_besetzung(entries: pd.DataFrame, config: KIConfig) -> list[Finding]:
    findings = []
    for stelle in config.stellen:
        if stelle.besetzt is None:
            continue
        rows = entries[entries["stelle"] == stelle.id]
        if rows.empty:
            continue
        inside = pd.Series(False, index=rows.index)
        for p in stelle.besetzt:
            end = pd.Timestamp(p.bis) if p.bis else pd.Timestamp.max
            inside |= (rows["datum"] >= pd.Timestamp(p.von)) & (rows["datum"] <= end)
        for row in _rows(rows[~inside]):
            datum = row["datum"]
            findings.append(_warn(row, "ausserhalb-besetzung", "Datum", f"{datum:%d.%m.%Y}",
                                  f"Die Stelle {stelle.id} ist am {datum:%d.%m.%Y} laut Stellenplan "
                                  "nicht besetzt. Prüfen Sie Datum und Stelle oder die Besetzungszeiten "
                                  "in ki.toml."))
    return findings


RULES = [check_hours_per_day, check_weekends_and_holidays, check_duplicates, check_outside_besetzung]


def check_plausibility(entries: pd.DataFrame, config: KIConfig) -> list[Finding]:
    if entries.empty:
        return []
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(entries, config))
    return findings
