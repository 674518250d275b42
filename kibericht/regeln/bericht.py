"""The figures of a report, computed once into one frozen value.

`berechne_bericht(entries, config, periode, ...)` gathers what the Leitung, Controlling and
Finance need for one period: hours by Schwerpunkt, Stelle, Tätigkeit and Kommune (`aggregation`),
the Schwerpunkt quota (`quote`), the milestones of the year up to the end of the period, the
Pauschale of the year, Soll/Ist hours per Stelle, the findings of the input and of the year's
rules, and the verdict. The workbook, the charts, the terminal text and the JSON document only
render this value (see `ausgabe`); the exit code comes from `Bericht.urteil`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from kibericht.befunde import Finding
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.aggregation import Summary, letzter_monat, summarize
from kibericht.regeln.besetzungsstand import Besetzungsstand, besetzungsstand
from kibericht.regeln.foerderung import Foerderung, berechne_foerderung
from kibericht.regeln.gruppen import ALLE, Gruppenzahlen, gruppenzahlen, stellengruppen
from kibericht.regeln.kontext import Jahresdaten
from kibericht.regeln.meilensteine import (
    AUF_KURS,
    ERREICHT,
    IM_VERZUG,
    UEBER_HOECHSTZAHL,
    MeilensteinStand,
    meilensteine_stand,
)
from kibericht.regeln.quote import Monatsquote
from kibericht.regeln.register import JAHR, pruefe
from kibericht.regeln.soll_ist import SollIst, berechne_soll_ist
from kibericht.regeln.urteil import Urteil
from kibericht.regeln.vergleich import Bereich, Vergleich, monatsbereich_titel, vergleiche, vergleichsbereiche
from kibericht.regeln.zuordnung import (
    fehler_anderer_monate,
    teile_befunde,
    zeilen_im_zeitraum,
    zeilen_mit_ort,
)

if TYPE_CHECKING:
    from kibericht.regeln.geheimhaltung import Geheimhaltung


@dataclass(frozen=True)
class Meilensteinbilanz:
    """How many milestones are reached, on course, behind, or to be checked by hand."""

    erreicht: int  # reached, also above the most wanted
    auf_kurs: int
    im_verzug: int
    manuell: int  # not countable from the logs

    @classmethod
    def aus(cls, staende: tuple[MeilensteinStand, ...]) -> Meilensteinbilanz:
        zaehlbar = [m for m in staende if m.ist is not None]
        return cls(sum(1 for m in zaehlbar if m.status in (ERREICHT, UEBER_HOECHSTZAHL)),
                   sum(1 for m in zaehlbar if m.status == AUF_KURS),
                   sum(1 for m in zaehlbar if m.status == IM_VERZUG),
                   len(staende) - len(zaehlbar))


@dataclass(frozen=True)
class Bericht:
    """Everything a report shows about one period."""

    config: KIConfig
    periode: Periode
    summary: Summary
    meilensteine: tuple[MeilensteinStand, ...]
    foerderung: Foerderung
    soll_ist: SollIst
    findings: tuple[Finding, ...]  # of the period's rows and of whole files, then of the year's rules
    eintraege: pd.DataFrame  # the valid entries of the period
    nicht_gezaehlt: pd.DataFrame  # rows of the period left out because of errors
    dateien: tuple[str, ...]  # the input files read
    vergleich: Vergleich
    besetzungsstand: Besetzungsstand  # all Stellen, months of the year up to the period's end
    gruppen: Gruppenzahlen  # the figures per Stellen group, for the public report
    monate: tuple[int, ...]  # the months of the year the report covers
    titel: str  # "März 2025", "Januar bis Juni 2025", "Jahr 2025"
    stand: dt.date | None  # the date of the newest entry up to the period's end
    fehler_andere_monate: tuple[Finding, ...] = ()  # errors in rows of other months
    nicht_gezaehlt_vergleich: int = 0  # faulty rows of other months inside the comparisons
    # every valid entry read (all years): the public figures are decided from them
    alle_eintraege: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def monatlich(self) -> bool:
        return self.periode.art == "monat"

    @property
    def stichtag(self) -> dt.date:
        """The last day the report covers (end of the last month with entries of a year)."""
        if self.monatlich or not self.monate:
            return self.periode.ende
        return Periode.parse_monat(f"{self.periode.jahr}-{self.monate[-1]:02d}").ende

    @property
    def quote_monate(self) -> tuple[Monatsquote, ...]:
        """The months whose Schwerpunkt share the report shows: January to the month of a
        monthly report; the months an annual report covers (all twelve where it covers none)."""
        monate = self.summary.quote_bis_jetzt.monate
        if self.monatlich:
            return tuple(monate)
        return tuple(m for m in monate if int(m.monat[5:]) in self.monate) or tuple(monate)

    @property
    def meilensteinbilanz(self) -> Meilensteinbilanz:
        return Meilensteinbilanz.aus(self.meilensteine)

    @cached_property
    def geheimhaltung(self) -> Geheimhaltung:
        """The public figures of the report's year up to its last month (`--oeffentlich`),
        decided when first asked for."""
        from kibericht.regeln.geheimhaltung import geheimhaltung

        return geheimhaltung(self._alle(), self.config, self.periode)

    @cached_property
    def geheimhaltung_vorjahr(self) -> Geheimhaltung | None:
        """The public figures of the previous year, as its own public reports published them
        (the comparisons with it); None where the input holds no entry of it."""
        from kibericht.regeln.aggregation import letzter_monat
        from kibericht.regeln.geheimhaltung import geheimhaltung_des_jahres

        jahr = self.periode.jahr - 1
        letzter = letzter_monat(self._alle(), jahr)
        return geheimhaltung_des_jahres(self._alle(), self.config, jahr, letzter) if letzter else None

    def _alle(self) -> pd.DataFrame:
        return self.eintraege if self.alle_eintraege is None else self.alle_eintraege

    @property
    def urteil(self) -> Urteil:
        return Urteil(self.summary.erfuellt,
                      tuple(p.name for p in self.foerderung.programme if p.ueberschritten))


def berechne_bericht(entries: pd.DataFrame, config: KIConfig, periode: Periode,
                     rejected: pd.DataFrame | None = None, findings: tuple[Finding, ...] = (),
                     dateien: tuple[str, ...] = ()) -> Bericht:
    """The report value of `periode` from the valid entries (`rejected`: the rows with errors,
    `findings`: those of reading the input)."""
    jahr = periode.jahr
    letzter = letzter_monat(entries, jahr)
    # a monthly report checks its month; an unfinished year the months up to the last with entries
    monate = (periode.start.month,) if periode.art == "monat" else tuple(range(1, letzter + 1))
    if periode.art == "monat" or not monate or letzter == 12:
        titel = periode.titel
    else:
        titel = monatsbereich_titel(jahr, 1, letzter)
    jahres_befunde = pruefe(JAHR, Jahresdaten(config, jahr, monate, entries))
    in_period = entries[periode.mask(entries["datum"])] if len(entries) else entries
    nicht_gezaehlt = rejected if rejected is not None else entries.iloc[0:0]
    rows = zeilen_mit_ort(entries, nicht_gezaehlt)
    eigene, andere = teile_befunde(findings, rows, periode)
    vergleich = vergleiche(entries, periode, letzter)
    vergleich_fehler = 0
    if len(nicht_gezaehlt):
        im_zeitraum = zeilen_im_zeitraum(nicht_gezaehlt, periode)
        bereiche = vergleichsbereiche(periode, letzter).values()
        vergleich_fehler = int((~im_zeitraum & _in_bereichen(nicht_gezaehlt["datum"], bereiche)).sum())
        nicht_gezaehlt = nicht_gezaehlt[im_zeitraum]
    bis = entries.loc[entries["datum"] <= pd.Timestamp(periode.ende), "datum"] if len(entries) else None
    stand = bis.max().date() if bis is not None and len(bis) else None
    besetzt_monate = tuple(range(1, periode.start.month + 1)) if periode.art == "monat" else monate
    summary = summarize(entries, config, periode)
    bericht = Bericht(
        config=config,
        periode=periode,
        summary=summary,
        meilensteine=meilensteine_stand(entries, config, jahr, stichtag=periode.ende),
        foerderung=berechne_foerderung(config, jahr),
        soll_ist=berechne_soll_ist(entries, config, jahr, monate),
        findings=(*eigene, *jahres_befunde),
        eintraege=in_period,
        nicht_gezaehlt=nicht_gezaehlt,
        dateien=tuple(dateien),
        vergleich=vergleich,
        besetzungsstand=besetzungsstand(ALLE, config.stellen, jahr, besetzt_monate, periode.ende),
        gruppen=gruppenzahlen(summary, stellengruppen(config), jahr, besetzt_monate, periode.ende),
        monate=monate,
        titel=titel,
        stand=stand,
        fehler_andere_monate=tuple(fehler_anderer_monate(andere)),
        nicht_gezaehlt_vergleich=vergleich_fehler,
        alle_eintraege=entries,
    )
    if bericht.stichtag != periode.ende:
        bericht = replace(bericht, besetzungsstand=besetzungsstand(ALLE, config.stellen, jahr,
                                                                     besetzt_monate, bericht.stichtag),
                          meilensteine=meilensteine_stand(entries, config, jahr, stichtag=bericht.stichtag),
                          gruppen=gruppenzahlen(summary, bericht.gruppen.gruppen, jahr, besetzt_monate,
                                                bericht.stichtag))
    return bericht


def _in_bereichen(dates: pd.Series, bereiche: Iterable[Bereich]) -> pd.Series:
    """Dates inside one of the comparison ranges."""
    result = pd.Series(False, index=dates.index)
    for b in bereiche:
        result |= (dates >= pd.Timestamp(b.start)) & (dates <= pd.Timestamp(b.ende))
    return result
