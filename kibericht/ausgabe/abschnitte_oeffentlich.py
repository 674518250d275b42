"""The figures of the public version, looked up in the disclosure control (`regeln.geheimhaltung`).

Every figure the public workbook, PDF, charts and JSON show that comes from the logs is a cell of
the catalogue and is taken from `Bericht.geheimhaltung` (the previous year's from
`Bericht.geheimhaltung_vorjahr`): its value, or ZEICHEN („.“) where it is kept secret. A share is
shown only where its numerator and denominator are; a status that states a hidden figure lies
above or below a threshold (the quota „erfüllt“, a month's „Mindestanteil erreicht“, „fehlende
Stunden“, a milestone's „erreicht“ or „im Verzug“) is hidden with it: a status is a bound.

What is not from the logs stays as it is: the Stellenplan and its staffing per group of Stellen,
the Pauschale of the programmes, the milestones' targets.

    >>> z = Zahlen.aus(bericht)                                    # doctest: +SKIP
    >>> z.wert("schwerpunkt", "stunden", "SP4")                    # doctest: +SKIP
    '.'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kibericht.regeln.aggregation import OHNE_KOMMUNE, OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.geheimhaltung import (
    FUSSNOTE,
    MIT_SCHWERPUNKT,
    SUMME,
    ZEICHEN,
    Geheimhaltung,
    Zahl,
    Zeitraum,
    anteil,
    bis,
    monat,
)
from kibericht.regeln.meilensteine import AUF_KURS, ERREICHT, IM_VERZUG, UEBER_HOECHSTZAHL, MeilensteinStand
from kibericht.regeln.vergleich import Kennzahlen

STUNDEN, EINTRAEGE, TEILNAHMEN, TERMINE = "stunden", "eintraege", "teilnahmen", "termine"
GEHEIM = Zahl(None, "geheim")  # a figure of a range the disclosure control has not decided


def zeigen(z: Zahl):
    """What a table shows for a figure: its value, or ZEICHEN."""
    return ZEICHEN if z.geheim else z.wert


def geheim(wert) -> bool:
    return isinstance(wert, str) and wert == ZEICHEN


@dataclass(frozen=True)
class Zahlen:
    """The public figures of one report: its own Zeitraum (a month, or January to the last
    month of a year) and the comparisons. `ZEICHEN` stands where a figure is withheld,
    `FUSSNOTE` says so under a table."""

    ZEICHEN = ZEICHEN
    FUSSNOTE = FUSSNOTE

    bericht: Bericht
    g: Geheimhaltung
    vorjahr: Geheimhaltung | None
    zeitraum: Zeitraum

    @classmethod
    def aus(cls, b: Bericht) -> Zahlen:
        g = b.geheimhaltung
        zeitraum = monat(b.periode.start.month) if b.monatlich else bis(max(g.letzter, 1))
        return cls(b, g, b.geheimhaltung_vorjahr, zeitraum)

    def zahl(self, tabelle: str, mess: str, *schluessel: str, zeitraum: Zeitraum | None = None,
             g: Geheimhaltung | None = None) -> Zahl:
        """A figure of the report's Zeitraum (or of `zeitraum`); 0 where the year has no entry."""
        g = g or self.g
        try:
            return g.zahl(tabelle, mess, zeitraum or self.zeitraum, *schluessel)
        except KeyError:
            if g.letzter == 0:
                return Zahl(0.0)
            raise

    def wert(self, tabelle: str, mess: str, *schluessel: str, zeitraum: Zeitraum | None = None):
        return zeigen(self.zahl(tabelle, mess, *schluessel, zeitraum=zeitraum))

    def anteil(self, tabelle: str, *schluessel: str, zeitraum: Zeitraum | None = None):
        """The cell's hours as a share of all hours of the Zeitraum; None without hours."""
        z = anteil(self.zahl(tabelle, STUNDEN, *schluessel, zeitraum=zeitraum),
                   self.zahl("gesamt", STUNDEN, zeitraum=zeitraum))
        return zeigen(z)

    # -- the key figures -----------------------------------------------------------------------
    def kennzahlen(self, spalte: str, k: Kennzahlen | None) -> dict | None:
        """The figures of one comparison column (None: the input holds no entry for it)."""
        if k is None:
            return None
        ort = self._ort(spalte)
        if ort is None:
            return {f: ZEICHEN for f in ("eintraege", "teilnehmende", "stunden", "stunden_schwerpunkte",
                                         "anteil")}
        g, zeitraum = ort
        h = self.zahl("gesamt", STUNDEN, zeitraum=zeitraum, g=g)
        sp = self.zahl("schwerpunktbindung", STUNDEN, MIT_SCHWERPUNKT, zeitraum=zeitraum, g=g)
        return {"eintraege": zeigen(self.zahl("gesamt", EINTRAEGE, zeitraum=zeitraum, g=g)),
                "teilnehmende": zeigen(self.zahl("gesamt", TEILNAHMEN, zeitraum=zeitraum, g=g)),
                "stunden": zeigen(h), "stunden_schwerpunkte": zeigen(sp), "anteil": zeigen(anteil(sp, h))}

    def _ort(self, spalte: str) -> tuple[Geheimhaltung, Zeitraum] | None:
        """Where a comparison column's figures were decided: this year's or the previous
        year's disclosure control, and the Zeitraum."""
        b = self.bericht
        m = b.periode.start.month
        if spalte == "zeitraum":
            return self.g, self.zeitraum
        if spalte == "bis_jetzt":
            return self.g, bis(self.zeitraum.monat)
        if spalte == "vormonat" and m > 1:
            return self.g, monat(m - 1)
        if self.vorjahr is None:
            return None
        letzter = self.vorjahr.letzter
        if spalte == "vormonat":
            return (self.vorjahr, monat(12)) if letzter == 12 else None
        if spalte == "vorjahresmonat":
            return (self.vorjahr, monat(m)) if m <= letzter else None
        if spalte == "vorjahr":
            return self.vorjahr, bis(min(self.zeitraum.monat, letzter))
        return None

    def quote_offen(self, zeitraum: Zeitraum | None = None) -> bool:
        """Whether the Schwerpunkt share of the Zeitraum is published (and with it its status)."""
        return not geheim(self.kennzahlen_anteil(zeitraum))

    def kennzahlen_anteil(self, zeitraum: Zeitraum | None = None):
        return zeigen(anteil(self.zahl("schwerpunktbindung", STUNDEN, MIT_SCHWERPUNKT, zeitraum=zeitraum),
                             self.zahl("gesamt", STUNDEN, zeitraum=zeitraum)))

    # -- tables by category --------------------------------------------------------------------
    def kategorie(self, tabelle: str, schluessel: str) -> dict:
        """Entries, Teilnehmende, hours and share of all hours of one category."""
        return {"eintraege": self.wert(tabelle, EINTRAEGE, schluessel),
                "teilnehmende": self.wert(tabelle, TEILNAHMEN, schluessel),
                "stunden": self.wert(tabelle, STUNDEN, schluessel),
                "anteil": self.anteil(tabelle, schluessel)}

    def kategorien(self, frame: pd.DataFrame, tabelle: str) -> pd.DataFrame:
        """An aggregation of `regeln` (index: the categories) with its figures replaced by the
        public ones; the Summe row is added by the caller as for the internal version."""
        rows = [self.kategorie(tabelle, _schluessel(tabelle, k)) for k in frame.index]
        return pd.DataFrame(rows, index=frame.index)

    def gesamt(self) -> dict:
        return {"eintraege": self.wert("gesamt", EINTRAEGE), "teilnehmende": self.wert("gesamt", TEILNAHMEN),
                "stunden": self.wert("gesamt", STUNDEN),
                "anteil": None if self.zahl("gesamt", STUNDEN).wert in (0, None) else 1.0}

    def kreuz(self, tabelle: str, zeilen: list[str], spalten: list[str], erste: str) -> pd.DataFrame:
        """A count table Tätigkeit × column (entries, January to the last month) with its Summe
        row and column, as `regeln.tabellen.anzahl_tabelle` lays it out."""
        z = bis(self.zeitraum.monat)
        rows = []
        for zeile in [*zeilen, SUMME]:
            row = {erste: zeile}
            for spalte in [*spalten, SUMME]:
                row[spalte] = self.wert(tabelle, EINTRAEGE, zeile, spalte, zeitraum=z)
            rows.append(row)
        return pd.DataFrame(rows, columns=[erste, *spalten, SUMME])

    # -- milestones ----------------------------------------------------------------------------
    def meilenstein(self, m: MeilensteinStand):
        """A milestone's Ist as published (None: not countable), and its status."""
        if m.ist is None:
            return None, m.status
        try:  # the one rule of the public reports and the Meldung
            z = self.g.meilenstein(m.meilenstein.taetigkeit, m.schwerpunkt.id, m.meilenstein.zaehlt,
                                   self.zeitraum.monat)
        except KeyError:  # a Tätigkeit outside the configured list: nothing to look up
            z = Zahl(float(m.ist)) if m.ist == 0 else GEHEIM
        return (ZEICHEN, ZEICHEN) if z.geheim else (m.ist, m.status)

    def meilensteinbilanz(self, staende: tuple[MeilensteinStand, ...]) -> dict[str, int]:
        bilanz = {"erreicht": 0, "auf_kurs": 0, "im_verzug": 0, "geheim": 0, "manuell": 0}
        for s in staende:
            ist, status = self.meilenstein(s)
            if ist is None:
                bilanz["manuell"] += 1
            elif geheim(ist):
                bilanz["geheim"] += 1
            elif status in (ERREICHT, UEBER_HOECHSTZAHL):
                bilanz["erreicht"] += 1
            elif status == AUF_KURS:
                bilanz["auf_kurs"] += 1
            elif status == IM_VERZUG:
                bilanz["im_verzug"] += 1
        return bilanz

    # -- months --------------------------------------------------------------------------------
    def monat(self, m: int) -> dict:
        z = monat(m)
        h = self.zahl("gesamt", STUNDEN, zeitraum=z)
        sp = self.zahl("schwerpunktbindung", STUNDEN, MIT_SCHWERPUNKT, zeitraum=z)
        return {"eintraege": self.wert("gesamt", EINTRAEGE, zeitraum=z), "stunden": zeigen(h),
                "stunden_schwerpunkte": zeigen(sp), "anteil": zeigen(anteil(sp, h))}

    def schwerpunkt_monate(self, schwerpunkte: list[str], monate: list[int]) -> pd.DataFrame:
        """Hours per Schwerpunkt (rows) and month (columns), each with its Summe."""
        rows = []
        for sp in [*schwerpunkte, SUMME]:
            tabelle, key = ("gesamt", ()) if sp == SUMME else ("schwerpunkt", (sp,))
            rows.append([self.wert(tabelle, STUNDEN, *key, zeitraum=monat(m)) for m in monate]
                        + [self.wert(tabelle, STUNDEN, *key, zeitraum=bis(monate[-1]))])
        return pd.DataFrame(rows, index=[*schwerpunkte, SUMME])


def _schluessel(tabelle: str, k) -> str:
    """The catalogue's key of a category of `regeln.aggregation` (same names, but a missing
    Kommune is OHNE_KOMMUNE there too)."""
    if tabelle == "kommune" and (k is None or k == "ohne"):
        return OHNE_KOMMUNE
    if tabelle in ("schwerpunkt", "zieldimension") and k in (None, OHNE_SCHWERPUNKT):
        return OHNE_SCHWERPUNKT
    return str(k)
