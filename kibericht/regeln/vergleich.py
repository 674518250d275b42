"""The report period in context: the previous month, the same month a year earlier, the year to date.

A monthly report compares its month with what the input holds about other months. Each
comparison is the plain count and sum over the valid entries of a date range; a range without a
single entry has no figures (None, JSON `null`), never zeros. March 2025 of the sample: 297
entries and 889,25 h; February 2025: 283 entries; March 2024 is not in the input (None); January
to March 2025: 875 entries.

An annual report compares the months it covers with the same months of the previous year.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kibericht.periode import MONATSNAMEN, Periode
from kibericht.regeln.termine import teilnehmende
from kibericht.zahlen import anteil_wert, stunden_wert


@dataclass(frozen=True)
class Kennzahlen:
    """Count, hours, Schwerpunkt hours and Teilnehmende (each Termin once) of the valid entries of a
    date range."""

    label: str  # "2025-02", "2025-01 bis 2025-03"
    titel: str  # "Februar 2025", "Januar bis März 2025"
    eintraege: int
    stunden: float
    stunden_schwerpunkte: float
    teilnehmende: int

    @property
    def anteil(self) -> float | None:
        return self.stunden_schwerpunkte / self.stunden if self.stunden else None

    def to_json(self) -> dict[str, Any]:
        return {"zeitraum": self.label, "eintraege": self.eintraege, "stunden": stunden_wert(self.stunden),
                "stunden_schwerpunkte": stunden_wert(self.stunden_schwerpunkte),
                "schwerpunktanteil": anteil_wert(self.anteil), "teilnehmende": self.teilnehmende}


def monatsbereich_titel(jahr: int, erster: int, letzter: int) -> str:
    """„März 2025“ for one month, „Januar bis Juni 2025“ for several."""
    if erster == letzter:
        return f"{MONATSNAMEN[erster - 1]} {jahr}"
    return f"{MONATSNAMEN[erster - 1]} bis {MONATSNAMEN[letzter - 1]} {jahr}"


def kennzahlen(entries: pd.DataFrame, start: dt.date, ende: dt.date, label: str,
               titel: str) -> Kennzahlen | None:
    """The figures of the entries dated `start` … `ende` (inclusive); None without any entry."""
    if entries.empty:
        return None
    dates = entries["datum"]
    rows = entries[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(ende))]
    if rows.empty:
        return None
    return Kennzahlen(
        label=label, titel=titel, eintraege=len(rows),
        # fsum: the correctly rounded sum, independent of the order of the rows
        stunden=math.fsum(rows["stunden"]),
        stunden_schwerpunkte=math.fsum(rows.loc[rows["schwerpunkt"].notna(), "stunden"]),
        teilnehmende=teilnehmende(rows),  # each Termin once (see `termine`)
    )


@dataclass(frozen=True)
class Bereich:
    """A date range a report compares with."""

    label: str
    titel: str
    start: dt.date
    ende: dt.date


def _monat(jahr: int, monat: int) -> Bereich:
    p = Periode.parse_monat(f"{jahr}-{monat:02d}")
    return Bereich(p.label, p.titel, p.start, p.ende)


def _monate(jahr: int, letzter: int) -> Bereich:
    ende = Periode.parse_monat(f"{jahr}-{letzter:02d}").ende
    label = f"{jahr}-01" if letzter == 1 else f"{jahr}-01 bis {jahr}-{letzter:02d}"
    titel = f"Jahr {jahr}" if letzter == 12 else monatsbereich_titel(jahr, 1, letzter)
    return Bereich(label, titel, dt.date(jahr, 1, 1), ende)


def vergleichsbereiche(periode: Periode, letzter: int) -> dict[str, Bereich]:
    """The ranges of a monthly report (`vormonat`, `vorjahresmonat`, `bis_jetzt`) or of an annual
    report covering January to `letzter` (`bis_jetzt`, `vorjahr`), and the period (`zeitraum`)."""
    jahr = periode.jahr
    if periode.art == "monat":
        monat = periode.start.month
        vor_jahr, vor_monat = (jahr - 1, 12) if monat == 1 else (jahr, monat - 1)
        return {"zeitraum": _monat(jahr, monat), "vormonat": _monat(vor_jahr, vor_monat),
                "vorjahresmonat": _monat(jahr - 1, monat), "bis_jetzt": _monate(jahr, monat)}
    letzter = max(letzter, 1)
    return {"zeitraum": _monate(jahr, letzter), "bis_jetzt": _monate(jahr, letzter),
            "vorjahr": _monate(jahr - 1, letzter)}


@dataclass(frozen=True)
class Vergleich:
    """The period and what it is compared with (None: the input holds no entry for it)."""

    art: str  # "monat" | "jahr"
    zeitraum: Kennzahlen | None
    vormonat: Kennzahlen | None = None
    vorjahresmonat: Kennzahlen | None = None
    bis_jetzt: Kennzahlen | None = None  # January to the end of the period
    vorjahr: Kennzahlen | None = None  # annual report: the same months of the previous year

    def spalten(self) -> list[tuple[str, Kennzahlen | None]]:
        """(field name, figures) of the columns a report shows, the period first; their
        headings are `ausgabe.texte.vergleich_ueberschriften`."""
        if self.art != "monat":
            return [("zeitraum", self.zeitraum), ("vorjahr", self.vorjahr)]
        return [("zeitraum", self.zeitraum), ("vormonat", self.vormonat),
                ("vorjahresmonat", self.vorjahresmonat), ("bis_jetzt", self.bis_jetzt)]


def vergleiche(entries: pd.DataFrame, periode: Periode, letzter: int) -> Vergleich:
    """The comparisons of a monthly report (`periode.art == "monat"`) or of an annual report
    covering January to `letzter` (the last month with entries)."""
    werte = {name: kennzahlen(entries, b.start, b.ende, b.label, b.titel)
             for name, b in vergleichsbereiche(periode, letzter).items()}
    return Vergleich("monat" if periode.art == "monat" else "jahr", **werte)
