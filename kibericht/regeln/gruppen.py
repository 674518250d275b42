"""Stellen grouped for the public report: no figure may point at one person.

With 5 to 10 Stellen per KI, hours per Stelle identify a person; publishing them needs the
Personalrat's consent (§ 72 LPVG NRW) and § 18 DSG NRW allows staff data only where required.
The public report (`bericht --oeffentlich`) therefore shows Stellen only grouped by their Art
(Lehrkraft, Fachkraft, Verwaltung, Assistenz), and never a group of fewer than `MINDESTGROESSE`
Stellen:

1. every Art with at least three Stellen is a group of its own;
2. the Stellen of the smaller Arten together form „weitere Stellen“;
3. should „weitere Stellen“ still hold only one or two Stellen, the smallest remaining Art joins
   it (until it has three or no Art is left);
4. when every Stelle ends up in that one group, it is called „alle Stellen“.

The sample (2 Lehrkräfte, 2 Fachkräfte, 1 Verwaltung, 1 Assistenz) has no Art with three Stellen:
one group „alle Stellen“ with all six. A KI with 4 Lehrkräfte, 3 Fachkräfte and 1 Verwaltung gets
„Lehrkraft“ (4), and „weitere Stellen“ = Verwaltung + the 3 Fachkräfte (the smallest Art left).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kibericht.konfig import KIConfig, Stelle
from kibericht.regeln.aggregation import Summary
from kibericht.regeln.besetzungsstand import Besetzungsstand, besetzungsstand
from kibericht.schema import load_schema

MINDESTGROESSE = 3
WEITERE = "weitere Stellen"
ALLE = "alle Stellen"


@dataclass(frozen=True)
class Stellengruppe:
    name: str
    stellen: tuple[Stelle, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stellen)


def stellengruppen(config: KIConfig) -> tuple[Stellengruppe, ...]:
    """The groups of the public report, in the order of the Stellenarten, „weitere“ last."""
    arten = [*load_schema().stellenarten, *sorted({s.art for s in config.stellen})]
    nach_art: dict[str, list[Stelle]] = {}
    for art in arten:
        eigene = [s for s in config.stellen if s.art == art]
        if eigene and art not in nach_art:
            nach_art[art] = eigene
    gross = {art: st for art, st in nach_art.items() if len(st) >= MINDESTGROESSE}
    weitere = [s for art, st in nach_art.items() if art not in gross for s in st]
    while 0 < len(weitere) < MINDESTGROESSE and gross:
        # the smallest Art (the last of equal size) joins, so the merged group is big enough
        art = min(reversed(list(gross)), key=lambda a: len(gross[a]))
        weitere += gross.pop(art)
    gruppen = [Stellengruppe(art, tuple(st)) for art, st in gross.items()]
    if weitere:
        ordnung = {s.id: i for i, s in enumerate(config.stellen)}
        weitere.sort(key=lambda s: ordnung[s.id])
        gruppen.append(Stellengruppe(ALLE if not gross else WEITERE, tuple(weitere)))
    return tuple(gruppen)


def je_gruppe(frame: pd.DataFrame, gruppen: tuple[Stellengruppe, ...]) -> pd.DataFrame:
    """Columns of a frame with one column per Stelle id (hours per Schwerpunkt × Stelle), summed
    per group: one column per group name."""
    return pd.DataFrame({g.name: frame.reindex(columns=list(g.ids)).fillna(0.0).sum(axis=1)
                         for g in gruppen}, index=frame.index)


def zeilen_je_gruppe(frame: pd.DataFrame, gruppen: tuple[Stellengruppe, ...]) -> pd.DataFrame:
    """Rows of a frame indexed by Stelle id (sums per Stelle), summed per group."""
    numeric = frame.select_dtypes("number")
    return pd.DataFrame([numeric.reindex(list(g.ids)).fillna(0).sum() for g in gruppen],
                        index=[g.name for g in gruppen])


@dataclass(frozen=True)
class Gruppenzahlen:
    """The figures of the public report per Stellen group; their totals are the KI's totals."""

    gruppen: tuple[Stellengruppe, ...]
    schwerpunkt_gruppe: pd.DataFrame  # hours, rows: Schwerpunkt (and „ohne“), columns: group
    nach_gruppe: pd.DataFrame  # per group: stellen, vza, eintraege, stunden, schwerpunkte, schwerpunktanteil
    besetzungsstand: tuple[Besetzungsstand, ...]  # per group, at the report's Stichtag and per month


def gruppenzahlen(summary: Summary, gruppen: tuple[Stellengruppe, ...], jahr: int,
                  monate: tuple[int, ...], stichtag: dt.date) -> Gruppenzahlen:
    """Hours, Schwerpunkt hours, entries and staffing of each group."""
    zeilen = zeilen_je_gruppe(summary.nach_stelle[["eintraege", "stunden", "schwerpunkte"]], gruppen)
    zeilen["eintraege"] = zeilen["eintraege"].astype(int)
    zeilen["schwerpunktanteil"] = [sp / h if h > 0 else None
                                   for h, sp in zip(zeilen["stunden"], zeilen["schwerpunkte"], strict=True)]
    besetzungen = tuple(besetzungsstand(g.name, g.stellen, jahr, monate, stichtag) for g in gruppen)
    zeilen.insert(0, "stellen", [len(g.stellen) for g in gruppen])
    zeilen.insert(1, "vza", [float(b.stellenplan) for b in besetzungen])
    return Gruppenzahlen(gruppen, je_gruppe(summary.schwerpunkt_stelle, gruppen), zeilen, besetzungen)
