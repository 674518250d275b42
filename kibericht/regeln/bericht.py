"""The figures of a report, computed once into one frozen value.

`berechne_bericht(entries, config, periode, ...)` gathers what the Leitung, Controlling and
Finance need for one period: hours by Schwerpunkt, Stelle, Tätigkeit and Kommune (`aggregation`),
the Schwerpunkt quota (`quote`), the milestones of the year up to the end of the period, the
Pauschale of the year, Soll/Ist hours per Stelle, the findings of the input and of the year's
rules, and the verdict. The workbook, the charts, the terminal text and the JSON document only
render this value (see `ausgabe`); the exit code comes from `Bericht.urteil`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kibericht.befunde import Finding
from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.aggregation import Summary, letzter_monat, summarize
from kibericht.regeln.foerderung import Foerderung, berechne_foerderung
from kibericht.regeln.kontext import Kontext
from kibericht.regeln.meilensteine import MeilensteinStand, meilensteine_stand
from kibericht.regeln.register import JAHR, pruefe
from kibericht.regeln.soll_ist import SollIst, berechne_soll_ist
from kibericht.regeln.urteil import Urteil


@dataclass(frozen=True)
class Bericht:
    """Everything a report shows about one period."""

    config: KIConfig
    periode: Periode
    summary: Summary
    meilensteine: tuple[MeilensteinStand, ...]
    foerderung: Foerderung
    soll_ist: SollIst
    findings: tuple[Finding, ...]  # of the input, then of the year's rules
    eintraege: pd.DataFrame  # the valid entries of the period
    nicht_gezaehlt: pd.DataFrame  # rows of the period left out because of errors
    dateien: tuple[str, ...]  # the input files read

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
    # a monthly report checks its month; an unfinished year the months up to the last with entries
    monate = (periode.start.month,) if periode.art == "monat" else \
        tuple(range(1, letzter_monat(entries, jahr) + 1))
    jahres_befunde = pruefe(JAHR, Kontext(config, entries, jahr=jahr, monate=monate))
    in_period = entries[periode.mask(entries["datum"])] if len(entries) else entries
    nicht_gezaehlt = rejected if rejected is not None else entries.iloc[0:0]
    if len(nicht_gezaehlt):
        dates = nicht_gezaehlt["datum"]
        nicht_gezaehlt = nicht_gezaehlt[periode.mask(dates) | dates.isna()]
    return Bericht(
        config=config,
        periode=periode,
        summary=summarize(entries, config, periode),
        meilensteine=meilensteine_stand(entries, config, jahr, stichtag=periode.ende),
        foerderung=berechne_foerderung(config, jahr),
        soll_ist=berechne_soll_ist(entries, config, jahr, monate),
        findings=(*findings, *jahres_befunde),
        eintraege=in_period,
        nicht_gezaehlt=nicht_gezaehlt,
        dateien=tuple(dateien),
    )
