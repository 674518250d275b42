"""Statistical disclosure control for every public figure (`bericht --oeffentlich`, Meldung).

    >>> g = geheimhaltung(entries, config, Periode.parse_monat("2025-03"))      # doctest: +SKIP
    >>> g.zahl("schwerpunkt", "stunden", monat(3), "SP4").wert is None           # doctest: +SKIP
    True

The primary rule (`regel`): at least `mindestens_stellen` Stellen and no Stelle above
`hoechstanteil` of a figure. The secondary suppression (`schutz`): LP-based cell suppression over
the catalogue of public tables (`katalog`) of all public reports of the year, month by month.
The method is described in German in docs/entwurf/geheimhaltung.md.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from kibericht.konfig import KIConfig
from kibericht.periode import Periode
from kibericht.regeln.aggregation import letzter_monat
from kibericht.regeln.geheimhaltung.ergebnis import FUSSNOTE, ZEICHEN, Geheimhaltung, Zahl, anteil
from kibericht.regeln.geheimhaltung.katalog import (
    KATALOG,
    MIT_SCHWERPUNKT,
    SUMME,
    TABELLEN,
    Tabelle,
    Zeitraum,
    bis,
    monat,
)
from kibericht.regeln.geheimhaltung.regel import Schwellen, primaer_grund, schwellen_aus
from kibericht.regeln.geheimhaltung.zwischenspeicher import SPEICHER, Zwischenspeicher

THREADS = 2  # threads deciding the measures of a year

__all__ = ["FUSSNOTE", "KATALOG", "MIT_SCHWERPUNKT", "SUMME", "TABELLEN", "ZEICHEN", "Geheimhaltung",
           "SPEICHER", "Schwellen", "Tabelle", "Zahl", "Zeitraum", "Zwischenspeicher", "anteil", "bis",
           "geheimhaltung", "geheimhaltung_des_jahres", "monat", "primaer_grund", "schwellen_aus"]


def geheimhaltung(entries: pd.DataFrame, config: KIConfig, periode: Periode,
                  schwellen: Schwellen | None = None, *,
                  speicher: Zwischenspeicher | None = SPEICHER) -> Geheimhaltung:
    """The public figures of a report of `periode` (a month, or a year up to its last month
    with entries) and of every public report of the same year before it.

    Only entries of the period's year up to its last month count: the figures of month m never
    depend on a later month. `schwellen`: from `[oeffentlich]` of the config when not given."""
    if periode.art == "monat":
        letzter = periode.start.month
    elif periode.art == "jahr":
        letzter = letzter_monat(entries, periode.jahr)
    else:
        raise ValueError("the public report covers a month or a year")
    return geheimhaltung_des_jahres(entries, config, periode.jahr, letzter, schwellen, speicher=speicher)


def geheimhaltung_des_jahres(entries: pd.DataFrame, config: KIConfig, jahr: int, letzter: int,
                             schwellen: Schwellen | None = None, *,
                             speicher: Zwischenspeicher | None = SPEICHER) -> Geheimhaltung:
    """The public figures of the months 1..`letzter` of `jahr` (each month and January to it).

    The result is kept in `speicher` (the process's store by default; None: computed anew) and
    handed out again for the same entries, configuration and thresholds, also for an earlier
    last month whose entries are the same (`zwischenspeicher`)."""
    schwellen = schwellen or schwellen_aus(config)
    if letzter < 1:
        return Geheimhaltung(jahr, 0, schwellen, {})
    if speicher is None:
        return _rechnen(entries, config, jahr, letzter, schwellen)
    return speicher.holen(entries, config, jahr, letzter, schwellen,
                          lambda: _rechnen(entries, config, jahr, letzter, schwellen))


def _rechnen(entries: pd.DataFrame, config: KIConfig, jahr: int, letzter: int, schwellen: Schwellen,
             kern=None) -> Geheimhaltung:
    from kibericht.regeln.geheimhaltung.modell import modell  # scipy only where it is needed
    from kibericht.regeln.geheimhaltung.schutz import OFFEN, SEKUNDAER, sichern

    zahlen: dict = {}
    m = modell(entries, config, jahr, letzter)
    # the measures are independent programmes; HiGHS runs without Python's lock, so two threads
    # share the work (the largest first); each measure's decisions are the same either way
    reihenfolge = sorted(m.mess, key=lambda mess: -len(m.mess[mess].zellen))
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        ergebnisse = dict(zip(reihenfolge, pool.map(lambda mess: sichern(m.mess[mess], m, schwellen, kern),
                                                    reihenfolge), strict=True))
    for mess, mm in m.mess.items():
        status, gruende = ergebnisse[mess]
        for i, zelle in enumerate(mm.zellen):
            key = (zelle.tabelle, mess, zelle.zeitraum, zelle.schluessel)
            if status[i] == OFFEN:
                zahlen[key] = Zahl(float(mm.werte[i]))
            elif status[i] == SEKUNDAER:
                zahlen[key] = Zahl(None, "sekundär")
            else:
                zahlen[key] = Zahl(None, gruende[i])
    ordnung = {t.name: i for i, t in enumerate(KATALOG)}
    sortiert = sorted(zahlen.items(), key=lambda kv: (ordnung[kv[0][0]], kv[0][1], kv[0][2]))
    return Geheimhaltung(jahr, letzter, schwellen, dict(sortiert))
