"""The result of the disclosure control: every public figure of a year, with its value or why
it is kept secret. Renderers only look figures up here.

    >>> g.zahl("schwerpunkt", "stunden", monat(3), "SP4")          # doctest: +SKIP
    Zahl(wert=None, grund='primär: weniger als 3 Stellen')
    >>> g.zahl("gesamt", "stunden", bis(3)).wert                     # doctest: +SKIP
    2747.5

A suppressed figure is shown as ZEICHEN („.“) with FUSSNOTE; in JSON as `null` with its reason
(`Zahl.to_json`). A share is published only where numerator and denominator are (`anteil`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kibericht.regeln.geheimhaltung.katalog import EINTRAEGE, SUMME, TABELLEN, TERMINE, Zeitraum, bis, monat
from kibericht.regeln.geheimhaltung.regel import SEKUNDAER, Schwellen

ZEICHEN = "."
FUSSNOTE = ". = Zahlenwert geheim zu halten"
VERFAHREN = ("Geheimhaltung: veröffentlicht wird eine Zahl nur, wenn mindestens {n} Stellen zu ihr "
             "beitragen und keine Stelle mehr als {p} % von ihr; weitere Zahlen sind gesperrt, damit "
             "sich keine gesperrte Zahl aus den übrigen Zahlen dieses und der anderen öffentlichen "
             "Berichte des Jahres auf ± {b} % genau errechnen lässt.")


@dataclass(frozen=True)
class Zahl:
    """One public figure: its value, or None and the reason it is kept secret."""

    wert: float | None
    grund: str | None = None  # „primär: …“ or „sekundär“; None when published

    @property
    def geheim(self) -> bool:
        return self.grund is not None

    @property
    def primaer(self) -> bool:
        return self.grund is not None and self.grund != SEKUNDAER

    def to_json(self) -> dict:
        """`{"wert": 12.5}` or `{"wert": null, "geheim": "sekundär"}`."""
        return {"wert": self.wert} if self.grund is None else {"wert": None, "geheim": self.grund}


def anteil(zaehler: Zahl, nenner: Zahl) -> Zahl:
    """The share zaehler / nenner: secret when either is (or None when the denominator is 0)."""
    if zaehler.geheim or nenner.geheim:
        return Zahl(None, zaehler.grund if zaehler.geheim else nenner.grund)
    if not nenner.wert:
        return Zahl(None)
    return Zahl(zaehler.wert / nenner.wert)


Schluessel = tuple[str, str, Zeitraum, tuple[str, ...]]


@dataclass(frozen=True)
class Geheimhaltung:
    """Every figure of the catalogue for the months 1..`letzter` of `jahr` (month and year to
    date), decided in the order the reports are published."""

    jahr: int
    letzter: int  # the last month decided (0: no entries)
    schwellen: Schwellen
    zahlen: Mapping[Schluessel, Zahl]

    def __post_init__(self) -> None:
        object.__setattr__(self, "zahlen", MappingProxyType(dict(self.zahlen)))

    def zahl(self, tabelle: str, messgroesse: str, zeitraum: Zeitraum, *schluessel: str) -> Zahl:
        """One figure; `schluessel` names an Ausprägung (or SUMME) per Merkmal of the table.
        A key outside the catalogue is a KeyError (a renderer asking for what is not there)."""
        if len(schluessel) != len(TABELLEN[tabelle].merkmale):
            raise KeyError(f"{tabelle} has the Merkmale {TABELLEN[tabelle].merkmale}")
        return self.zahlen[(tabelle, messgroesse, zeitraum, tuple(schluessel))]

    def meilenstein(self, taetigkeit: str, schwerpunkt: str, zaehlt: str, m: int) -> Zahl:
        """A counted milestone's Ist as January to m publishes it, in the public reports and the
        Meldung alike: the figure it is, Termine of the Tätigkeit in the Schwerpunkt (`termine`)
        or, where the milestone counts entries (`zaehlt = "eintraege"`), its cell of
        `taetigkeit_schwerpunkt`. A KeyError where the Tätigkeit is none of the catalogue's."""
        if zaehlt == EINTRAEGE:
            return self.zahl("taetigkeit_schwerpunkt", EINTRAEGE, bis(m), taetigkeit, schwerpunkt)
        return self.zahl("termine", TERMINE, bis(m), taetigkeit, schwerpunkt)

    def tabelle(self, tabelle: str, messgroesse: str, zeitraum: Zeitraum) -> dict[tuple[str, ...], Zahl]:
        """All figures of one table, measure and Zeitraum, in the catalogue's order."""
        return {k[3]: z for k, z in self.zahlen.items() if k[:3] == (tabelle, messgroesse, zeitraum)}

    def summe(self, tabelle: str, messgroesse: str, zeitraum: Zeitraum) -> Zahl:
        return self.zahl(tabelle, messgroesse, zeitraum, *([SUMME] * len(TABELLEN[tabelle].merkmale)))

    @staticmethod
    def monat(m: int) -> Zeitraum:
        return monat(m)

    @staticmethod
    def bis(m: int) -> Zeitraum:
        return bis(m)

    def zaehlung(self, zeitraum: Zeitraum | None = None) -> dict[str, int]:
        """How many figures are published, primary and secondary suppressed (of one Zeitraum)."""
        out = {"veröffentlicht": 0, "primär": 0, "sekundär": 0}
        for (_, _, z, _), zahl in self.zahlen.items():
            if zeitraum is not None and z != zeitraum:
                continue
            out["veröffentlicht" if not zahl.geheim else "primär" if zahl.primaer else "sekundär"] += 1
        return out

    def verfahren_text(self) -> str:
        """The sentence a public report prints under FUSSNOTE."""
        s = self.schwellen
        return VERFAHREN.format(n=s.mindestens_stellen, p=f"{s.hoechstanteil * 100:.10g}".replace(".", ","),
                                b=f"{s.schutzbreite * 100:.10g}".replace(".", ","))

    def to_json(self, zeitraum: Zeitraum) -> dict:
        """The figures of one Zeitraum: {table: {measure: {"SP1": {...}, "SP1|Summe": …}}}."""
        out: dict = {}
        for (tabelle, mess, z, schluessel), zahl in self.zahlen.items():
            if z != zeitraum:
                continue
            key = "|".join(schluessel) if schluessel else SUMME
            out.setdefault(tabelle, {}).setdefault(mess, {})[key] = zahl.to_json()
        return out
