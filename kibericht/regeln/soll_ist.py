"""Soll/Ist hours per Stelle and month, and the warnings a finance clerk expects from them.

Soll = Σ over the NRW working days of the month of (besetzt umfang that day) × wochenstunden ÷ 5.
FK1 (1,0 VZÄ, 39 h) in January 2025 with 22 working days: 22 × 1,0 × 39 ÷ 5 = 171,60 h.
Lehrkräfte follow `regeln.soll_lehrkraefte`: "wochenstunden" like everyone else, "keine" = no
Soll (shown as not applicable). Ist = the documented hours of the Stelle in the month.

Two monthly checks (warnings):

- `keine-stunden`: a Stelle funded from a programme is besetzt on at least one working day of the
  month but has no documented hours;
- `stunden-unbesetzt`: hours are documented in a month in which the Stelle was vacant on every
  day (the entries themselves are flagged one by one as `ausserhalb-besetzung`).

Both point at the Stelle in the configuration file, because no cell of a log is at fault.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, cast

import pandas as pd

from kibericht.befunde import Code, Finding, befund
from kibericht.konfig import NICHT_PAUSCHAL, Besetzung, KIConfig, Stelle
from kibericht.periode import MONATSNAMEN
from kibericht.regeln.kalender import ist_arbeitstag
from kibericht.regeln.kontext import Jahresdaten
from kibericht.zahlen import anteil_wert, de_zahl, exakt, stunden_wert


def _tage(jahr: int, monat: int) -> list[dt.date]:
    return [dt.date(jahr, monat, d) for d in range(1, calendar.monthrange(jahr, monat)[1] + 1)]


def hat_soll(stelle: Stelle, config: KIConfig) -> bool:
    """False for Lehrkräfte when the configuration says they have no Soll hours."""
    return not (stelle.art == "Lehrkraft" and config.regeln.soll_lehrkraefte == "keine")


@lru_cache(maxsize=256)
def _arbeitstage(jahr: int, monat: int) -> tuple[dt.date, ...]:
    return tuple(tag for tag in _tage(jahr, monat) if ist_arbeitstag(tag))


def _tage_in(periode: Besetzung, tage: tuple[dt.date, ...]) -> int:
    return sum(1 for t in tage if periode.enthaelt(t))


def soll_stunden(stelle: Stelle, jahr: int, monat: int) -> Fraction:
    """Target hours of the Stelle in the month, exact (see the module docstring).

    The besetzt periods never overlap (the configuration checks it), so the filled VZÄ-days are
    the sum over the periods of their working days in the month × their umfang."""
    tage = _arbeitstage(jahr, monat)
    vza_tage = sum((_tage_in(p, tage) * exakt(p.umfang) for p in stelle.perioden(jahr)), Fraction(0))
    return vza_tage * exakt(stelle.wochenstunden) / 5


def besetzt_an_arbeitstagen(stelle: Stelle, jahr: int, monat: int) -> bool:
    tage = _arbeitstage(jahr, monat)
    return any(_tage_in(p, tage) for p in stelle.perioden(jahr))


def ganz_unbesetzt(stelle: Stelle, jahr: int, monat: int) -> bool:
    tage = tuple(_tage(jahr, monat))
    return not any(_tage_in(p, tage) for p in stelle.perioden(jahr))


def ist_stunden(entries: pd.DataFrame, jahr: int) -> dict[tuple[str, int], float]:
    """Documented hours per (Stelle, month) of the year."""
    if entries.empty:
        return {}
    rows = entries[entries["datum"].dt.year == jahr]
    sums = rows.groupby([rows["stelle"], rows["datum"].dt.month])["stunden"].sum()
    return {(str(s), int(m)): float(h) for (s, m), h in sums.items()}


@dataclass(frozen=True)
class SollIstZeile:
    stelle: Stelle
    jahr: int
    monat: int | None  # None: the total of the months of the result
    soll: Fraction | None  # None: no Soll for this Stelle (Lehrkräfte with soll_lehrkraefte = "keine")
    ist: float

    @property
    def differenz(self) -> float | None:
        """Ist − Soll in hours (negative: fewer hours documented than the target)."""
        return None if self.soll is None else self.ist - float(self.soll)

    @property
    def quote(self) -> float | None:
        """Ist ÷ Soll; None when there is no Soll or it is 0 (Stelle vacant)."""
        return None if not self.soll else self.ist / float(self.soll)


@dataclass(frozen=True)
class SollIst:
    """Soll/Ist of every Stelle in the given months."""

    jahr: int
    zeilen: tuple[SollIstZeile, ...]

    def frame(self) -> pd.DataFrame:
        """Stellen sheet: one row per Stelle and month (hours rounded to 2 decimals)."""
        rows = [{
            "Stelle": z.stelle.id,
            "Monat": f"{z.jahr}-{z.monat:02d}",
            "Soll": None if z.soll is None else stunden_wert(z.soll),
            "Ist": stunden_wert(z.ist),
            "Differenz": None if z.differenz is None else stunden_wert(z.differenz),
            "Quote": anteil_wert(z.quote),
        } for z in self.zeilen]
        return pd.DataFrame(rows, columns=["Stelle", "Monat", "Soll", "Ist", "Differenz", "Quote"])

    def summen(self) -> tuple[SollIstZeile, ...]:
        """One row per Stelle with the totals of the months (`monat` None)."""
        result = []
        for zeilen in _per_stelle(self.zeilen).values():
            # a Stelle has a Soll in every month or in none
            soll = None if zeilen[0].soll is None else \
                sum((cast(Fraction, z.soll) for z in zeilen), Fraction(0))
            result.append(SollIstZeile(zeilen[0].stelle, self.jahr, None, soll,
                                       math.fsum(z.ist for z in zeilen)))
        return tuple(result)

    def summen_frame(self) -> pd.DataFrame:
        """One row per Stelle with the totals of the months (for the chart Soll/Ist per Stelle)."""
        rows = [{
            "Stelle": z.stelle.id,
            "Bezeichnung": z.stelle.bezeichnung,
            "Soll": None if z.soll is None else stunden_wert(z.soll),
            "Ist": stunden_wert(z.ist),
            "Differenz": None if z.differenz is None else stunden_wert(z.differenz),
            "Quote": anteil_wert(z.quote),
        } for z in self.summen()]
        return pd.DataFrame(rows, columns=["Stelle", "Bezeichnung", "Soll", "Ist", "Differenz", "Quote"])

    def to_json(self) -> dict[str, Any]:
        """{"FK1": {"soll": 1837.2, "ist": 1601.75, "monate": {"2025-01": {"soll": …, "ist": …}}}}"""
        result: dict[str, Any] = {}
        for summe, zeilen in zip(self.summen(), _per_stelle(self.zeilen).values(), strict=True):
            result[summe.stelle.id] = {
                "soll": None if summe.soll is None else stunden_wert(summe.soll),
                "ist": stunden_wert(summe.ist),
                "monate": {
                    f"{z.jahr}-{z.monat:02d}": {
                        "soll": None if z.soll is None else stunden_wert(z.soll),
                        "ist": stunden_wert(z.ist),
                    } for z in zeilen
                },
            }
        return result


def _per_stelle(zeilen: Iterable[SollIstZeile]) -> dict[str, list[SollIstZeile]]:
    groups: dict[str, list[SollIstZeile]] = {}
    for z in zeilen:
        groups.setdefault(z.stelle.id, []).append(z)
    return groups


def berechne_soll_ist(entries: pd.DataFrame, config: KIConfig, jahr: int,
                      monate: Iterable[int] = range(1, 13)) -> SollIst:
    """Soll/Ist for every configured Stelle in the given months of `jahr`."""
    monate = tuple(monate)
    ist = ist_stunden(entries, jahr)
    zeilen = tuple(
        SollIstZeile(stelle, jahr, m, soll_stunden(stelle, jahr, m) if hat_soll(stelle, config) else None,
                     ist.get((stelle.id, m), 0.0))
        for stelle in config.stellen for m in monate
    )
    return SollIst(jahr, zeilen)


def check_keine_stunden(k: Jahresdaten) -> list[Finding]:
    """A programme-funded Stelle besetzt in a month of `k.monate` without any documented hours."""
    if k.eintraege is None:
        return []
    jahr, config = k.jahr, k.config
    ist = ist_stunden(k.eintraege, jahr)
    findings = []
    for stelle in config.stellen:
        if stelle.foerderung in NICHT_PAUSCHAL:
            continue
        for m in k.monate:
            if besetzt_an_arbeitstagen(stelle, jahr, m) and not ist.get((stelle.id, m)):
                findings.append(befund(
                    Code.KEINE_STUNDEN, config.datei, None, None, "Stelle", stelle.id,
                    f"Die Stelle {stelle.id} ({stelle.bezeichnung}) ist im {MONATSNAMEN[m - 1]} {jahr} "
                    f"besetzt und wird aus „{stelle.foerderung}“ gefördert, hat aber keine dokumentierten "
                    f"Stunden. Fehlt ein Tätigkeitsnachweis?"))
    return findings


def check_stunden_unbesetzt(k: Jahresdaten) -> list[Finding]:
    """Hours documented for a Stelle in a month of `k.monate` in which it was vacant every day."""
    if k.eintraege is None:
        return []
    jahr, config = k.jahr, k.config
    ist = ist_stunden(k.eintraege, jahr)
    findings = []
    for stelle in config.stellen:
        for m in k.monate:
            stunden = ist.get((stelle.id, m))
            if stunden and ganz_unbesetzt(stelle, jahr, m):
                findings.append(befund(
                    Code.STUNDEN_UNBESETZT, config.datei, None, None, "Stelle", stelle.id,
                    f"Für die Stelle {stelle.id} sind im {MONATSNAMEN[m - 1]} {jahr} "
                    f"{de_zahl(stunden)} Stunden dokumentiert, laut ki.toml war sie aber den ganzen "
                    f"Monat unbesetzt. Prüfen Sie die Stelle in den Nachweisen oder die Besetzungszeiten."))
    return findings

