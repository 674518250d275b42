"""Suggestions for setting up a ki.toml, from two documented tables in `schemas/`:

- `foerdersaetze.toml`: the Pauschale per Stelle and year by programme and Stellenart, and the
  largest yearly amount of a programme, each row with its source and the day it was checked;
- `kommunen_nrw.toml`: the Kreise of NRW with their towns, and the kreisfreie Städte.

A suggestion is never a rule: amounts belong to the Zuwendungsbescheid, and every suggested value
can be changed before it is written::

    >>> v = vorschlag_pauschale("KI", "Fachkraft", 0.75, 2025)
    >>> v.betrag, v.rechnung
    (Fraction(42750, 1), '57.000 € je volle Stelle × 0,75')
    >>> kommunen_von("Rhein-Sieg-Kreis")[:3]
    ('Alfter', 'Bad Honnef', 'Bornheim')
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kibericht.schema import norm_key
from kibericht.zahlen import de_kurz, de_zahl

FOERDERSAETZE = "foerdersaetze.toml"
KOMMUNEN_NRW = "kommunen_nrw.toml"
KREIS, KREISFREI = "Kreis", "kreisfreie Stadt"


def _schema_text(name: str) -> str:
    try:
        return resources.files("kibericht.schemas").joinpath(name).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        # running from a source checkout: schemas/ sits beside the package
        return (Path(__file__).resolve().parents[2] / "schemas" / name).read_text("utf-8")


@dataclass(frozen=True)
class Satz:
    """One row of the amounts table: a Pauschale (`arten`, `umfang`) or a programme's largest
    yearly amount (`gebiet`, `rechnung`), valid from `von` to `bis` (None: open)."""

    programm: str
    betrag: Fraction
    von: int
    bis: int | None
    quelle: str
    geprueft: dt.date
    arten: tuple[str, ...] = ()
    umfang: Fraction = Fraction(1)
    gebiet: str = ""
    rechnung: str = ""

    def gilt(self, jahr: int) -> bool:
        return self.von <= jahr and (self.bis is None or jahr <= self.bis)

    @property
    def jahre(self) -> str:
        """„2012–2020“, „ab 2025“."""
        return f"ab {self.von}" if self.bis is None else f"{self.von}–{self.bis}"


@dataclass(frozen=True)
class Vorschlag:
    """A suggested amount: `betrag` (exact euros), how it was computed and where it comes from."""

    betrag: Fraction
    rechnung: str
    quelle: str
    geprueft: dt.date

    @property
    def kommentar(self) -> str:
        """The comment ki.toml keeps beside the amount."""
        return f"Vorschlag: {self.rechnung}. Quelle: {self.quelle} (geprüft {self.geprueft:%d.%m.%Y})"


@dataclass(frozen=True)
class Foerdersaetze:
    pauschalen: tuple[Satz, ...]
    hoechstbetraege: tuple[Satz, ...]


def _satz(row: dict[str, Any], **extra: Any) -> Satz:
    return Satz(programm=row["programm"], betrag=Fraction(str(row["betrag"])), von=int(row["von"]),
                bis=row.get("bis"), quelle=row["quelle"], geprueft=row["geprueft"], **extra)


@lru_cache(maxsize=1)
def foerdersaetze() -> Foerdersaetze:
    """The amounts table `schemas/foerdersaetze.toml`."""
    raw = tomllib.loads(_schema_text(FOERDERSAETZE))
    pauschalen = tuple(_satz(r, arten=tuple(r["arten"]), umfang=Fraction(str(r["umfang"])))
                       for r in raw["pauschale"])
    hoechst = tuple(_satz(r, gebiet=r["gebiet"], rechnung=r["rechnung"]) for r in raw["hoechstbetrag"])
    return Foerdersaetze(pauschalen, hoechst)


def vorschlag_pauschale(programm: str, art: str, umfang: float, jahr: int) -> Vorschlag | None:
    """The Pauschale of a Stelle of `art` and `umfang` (VZÄ) from `programm` in `jahr`: the
    table's amount in proportion to the Stellenanteil it is given for; None where the table
    has no amount (another programme, a Lehrkraft, a year without a known amount)."""
    for satz in foerdersaetze().pauschalen:
        if norm_key(satz.programm) == norm_key(programm) and art in satz.arten and satz.gilt(jahr):
            faktor = Fraction(str(umfang)) / satz.umfang
            betrag = satz.betrag * faktor
            je = "je volle Stelle" if satz.umfang == 1 else f"je {de_kurz(float(satz.umfang))} Stelle"
            rechnung = f"{de_zahl(float(satz.betrag), 0)} € {je}"
            if faktor != 1:
                rechnung += f" × {de_kurz(float(faktor))}"
            return Vorschlag(betrag, rechnung, satz.quelle, satz.geprueft)
    return None


def vorschlag_hoechstbetrag(programm: str, gebiet: str, jahr: int) -> Vorschlag | None:
    """The largest yearly amount of `programm` for a KI of a Kreis or a kreisfreie Stadt in
    `jahr` (the guideline's upper bound; the Bescheid may grant less); None where unknown."""
    for satz in foerdersaetze().hoechstbetraege:
        if norm_key(satz.programm) == norm_key(programm) and satz.gebiet == gebiet and satz.gilt(jahr):
            return Vorschlag(satz.betrag, satz.rechnung, satz.quelle, satz.geprueft)
    return None


# ---------------------------------------------------------------------------- Kreise and towns

@dataclass(frozen=True)
class Gebiet:
    """A Kreis with its towns, or a kreisfreie Stadt (its only Kommune is itself)."""

    name: str
    art: str  # KREIS or KREISFREI
    kommunen: tuple[str, ...]


@lru_cache(maxsize=1)
def gebiete() -> tuple[Gebiet, ...]:
    """The Kreise and kreisfreie Städte of NRW (`schemas/kommunen_nrw.toml`)."""
    raw = tomllib.loads(_schema_text(KOMMUNEN_NRW))
    kreise = [Gebiet(k["name"], KREIS, tuple(k["kommunen"])) for k in raw["kreis"]]
    staedte = [Gebiet(s, KREISFREI, (s,)) for s in raw["kreisfreie_staedte"]]
    return tuple(sorted([*kreise, *staedte], key=lambda g: norm_key(g.name.removeprefix("Kreis "))))


def gebiete_quelle() -> tuple[str, dt.date]:
    """The source of the Kreise table and the day it was checked."""
    raw = tomllib.loads(_schema_text(KOMMUNEN_NRW))
    return raw["quelle"]["text"], raw["quelle"]["geprueft"]


def gebiet(name: str) -> Gebiet | None:
    """The Kreis or kreisfreie Stadt called `name`, also without „Kreis“ or „StädteRegion“
    („Düren“, „kreis soest“, „Aachen“); None when there is none of that name."""
    key = norm_key(name)
    if not key:
        return None
    for g in gebiete():
        kurz = g.name.removeprefix("Kreis ").removeprefix("StädteRegion ")
        if key in (norm_key(g.name), norm_key(kurz)):
            return g
    return None


def kommunen_von(name: str) -> tuple[str, ...]:
    """The towns of the Kreis (or the kreisfreie Stadt) called `name`; () when unknown."""
    g = gebiet(name)
    return g.kommunen if g is not None else ()


# ---------------------------------------------------------------------------- documentation

def foerdersaetze_tabelle() -> str:
    """The amounts table of the documentation (Markdown), from `schemas/foerdersaetze.toml`."""
    zeilen = ["| Programm | Stellen | Jahre | Betrag je Jahr | Quelle | geprüft |",
              "| --- | --- | --- | ---: | --- | --- |"]
    for s in foerdersaetze().pauschalen:
        je = "volle Stelle" if s.umfang == 1 else f"{de_kurz(float(s.umfang))} Stelle"
        zeilen.append(f"| {s.programm} | {', '.join(s.arten)} (je {je}) | {s.jahre} | "
                      f"{de_zahl(float(s.betrag), 0)} € | {s.quelle} | {s.geprueft:%d.%m.%Y} |")
    for s in foerdersaetze().hoechstbetraege:
        zeilen.append(f"| {s.programm} | Höchstbetrag {s.gebiet}: {s.rechnung} | {s.jahre} | "
                      f"{de_zahl(float(s.betrag), 0)} € | {s.quelle} | {s.geprueft:%d.%m.%Y} |")
    return "\n".join(zeilen) + "\n"
