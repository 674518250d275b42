"""The Besetzungsstand: how many VZÄ of the Stellenplan were filled, month by month and at a
Stichtag (not to be confused with `konfig.Besetzung`, one filled period of a Stelle in ki.toml).

What committees read ("0,75 von 3,5 VZ-Lehrerstellen nicht besetzt") is computed exactly from
the `besetzt` periods of `ki.toml`:

- VZÄ im Stellenplan: the sum of the Stellen's `umfang`;
- besetzt in a month: the day-weighted average of the filled VZÄ (Σ over the days of the month
  of the filled umfang ÷ days of the month), the same weighting as the `tagesgenau` Pauschale;
- besetzt am Stichtag: the filled VZÄ on that day.

The sample's FK2 (1,0 VZÄ) is vacant from 16.05. to 30.06.2025: in May 15 of 31 days are filled,
so the KI (5,5 VZÄ) has 5,5 − 1 + 15/31 = 4,98 VZÄ besetzt on average and 0,52 unbesetzt; at
31.05. 1,0 of 5,5 VZÄ is unbesetzt. From September FK1 works 0,75 of its 1,0 VZÄ: „0,25 von
5,5 VZÄ unbesetzt“. The Stellen with unfilled VZÄ at the Stichtag are named for the internal
report: „1,25 von 6,5 VZÄ unbesetzt (FK2: 1 VZÄ, FK1: 0,25 VZÄ)“ (`text_mit_stellen`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from kibericht.konfig import Stelle
from kibericht.periode import MONATSNAMEN
from kibericht.regeln.foerderung import besetzte_tage
from kibericht.zahlen import de_kurz, exakt


def vza_text(unbesetzt: Fraction, stellenplan: Fraction) -> str:
    """„0,75 von 6,5 VZÄ unbesetzt“, or „alle 6,5 VZÄ besetzt“."""
    if unbesetzt <= 0:
        return f"alle {de_kurz(float(stellenplan))} VZÄ besetzt"
    return f"{de_kurz(float(unbesetzt))} von {de_kurz(float(stellenplan))} VZÄ unbesetzt"


def stellenplan_vza(stellen: Iterable[Stelle]) -> Fraction:
    return sum((exakt(s.umfang) for s in stellen), Fraction(0))


def besetzt_am(stellen: Iterable[Stelle], tag: dt.date) -> Fraction:
    """The filled VZÄ of the Stellen on `tag`."""
    return sum((exakt(s.besetzt_am(tag)) for s in stellen), Fraction(0))


def besetzt_im_monat(stellen: Iterable[Stelle], jahr: int, monat: int) -> Fraction:
    """The day-weighted average of the filled VZÄ in the month."""
    tage = calendar.monthrange(jahr, monat)[1]
    return sum((Fraction(besetzte_tage(p, jahr, monat), tage) * exakt(p.umfang)
                for s in stellen for p in s.perioden(jahr)), Fraction(0))


@dataclass(frozen=True)
class BesetzungsstandMonat:
    """The staffing of one month: the Stellenplan, the filled VZÄ on average and at its end."""

    jahr: int
    monat: int
    stellenplan: Fraction  # VZÄ
    besetzt: Fraction  # average over the days of the month
    besetzt_monatsende: Fraction

    @property
    def unbesetzt(self) -> Fraction:
        return self.stellenplan - self.besetzt

    @property
    def unbesetzt_monatsende(self) -> Fraction:
        return self.stellenplan - self.besetzt_monatsende

    @property
    def titel(self) -> str:
        return f"{MONATSNAMEN[self.monat - 1]} {self.jahr}"

    @property
    def text(self) -> str:
        return vza_text(self.unbesetzt, self.stellenplan)


@dataclass(frozen=True)
class Besetzungsstand:
    """The staffing of a group of Stellen (all of a KI, or a group of the public report)."""

    name: str
    stellen: int  # number of Stellen
    stellenplan: Fraction
    stichtag: dt.date
    besetzt_stichtag: Fraction
    monate: tuple[BesetzungsstandMonat, ...]
    # the Stellen not (fully) filled at the Stichtag: (id, unfilled VZÄ), in Stellenplan order
    unbesetzte_stellen: tuple[tuple[str, Fraction], ...] = ()

    @property
    def unbesetzt_stichtag(self) -> Fraction:
        return self.stellenplan - self.besetzt_stichtag

    @property
    def text(self) -> str:
        """At the Stichtag: „0,25 von 5,5 VZÄ unbesetzt“."""
        return vza_text(self.unbesetzt_stichtag, self.stellenplan)

    @property
    def text_mit_stellen(self) -> str:
        """`text` with the Stellen it concerns (internal report only: the public version names
        no Stelle): „1,25 von 6,5 VZÄ unbesetzt (FK2: 1 VZÄ, FK1: 0,25 VZÄ)“."""
        if not self.unbesetzte_stellen or self.unbesetzt_stichtag <= 0:
            return self.text
        stellen = ", ".join(f"{sid}: {de_kurz(float(vza))} VZÄ" for sid, vza in self.unbesetzte_stellen)
        return f"{self.text} ({stellen})"


def besetzungsstand(name: str, stellen: Iterable[Stelle], jahr: int, monate: Iterable[int],
                     stichtag: dt.date) -> Besetzungsstand:
    """Staffing of `stellen` in the given months of `jahr` and on `stichtag`."""
    stellen = tuple(stellen)
    plan = stellenplan_vza(stellen)
    zeilen = []
    for m in monate:
        ende = dt.date(jahr, m, calendar.monthrange(jahr, m)[1])
        zeilen.append(BesetzungsstandMonat(jahr, m, plan, besetzt_im_monat(stellen, jahr, m),
                                     besetzt_am(stellen, ende)))
    offen = tuple((s.id, exakt(s.umfang) - exakt(s.besetzt_am(stichtag))) for s in stellen)
    return Besetzungsstand(name, len(stellen), plan, stichtag, besetzt_am(stellen, stichtag), tuple(zeilen),
                           tuple((sid, vza) for sid, vza in offen if vza > 0))
