"""A closing checks itself: its figures recomputed from its filed entries, and its Prüfcode.

A seal only shows that a manifest is what was sealed. Whoever rewrites a manifest can seal it
again and relink the chain; what they must then also get right is every figure of the month,
and kibericht recomputes those from the filed entries (`abweichungen`)::

    >>> [(a.zahl, a.angegeben, a.nachgerechnet) for a in abweichungen(daten)]   # doctest: +SKIP
    [('bericht.stunden', 889.25, 888.25), ('bericht.nach_stelle.FK1', 164.0, 163.0)]

Recomputed are the figures of the month that follow from its entries alone: the number of
entries, hours, Schwerpunkt hours, the Schwerpunkt share (also in the series of months) and
whether it reaches the minimum, Teilnehmende, hours per Schwerpunkt, Stelle, Tätigkeit,
Kommune and Handlungsfeld, entries per Tätigkeit, and the manifest's own sum of hours. Not
recomputable from the filing are the figures that come from the configuration (Stellenplan,
Pauschalen, milestones, the minimum share itself), from other months (year to date, previous
month, previous year) or from the findings of the run; the Prüfcode binds them as stated.

The filed hours are rounded to six decimals (`regeln.abschluss.STELLEN`) and the report summed
the hours as read. A stated figure therefore passes when it is the rounding of some sum the
filed values allow (each entry ±0.0000005 h); for hours in quarter hours that is the one exact
value. A share exactly at the minimum cannot be decided from rounded values and is taken as
stated.

`pruefe_abschluss` turns every difference, and a Prüfcode that does not fit its manifest, into
an `abschluss-zahlen` error naming the manifest and the figure (stated and recomputed).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeGuard, cast

from kibericht.ablage.pruefcode import pruefcode
from kibericht.befunde import Code, Finding, befund
from kibericht.periode import Periode
from kibericht.regeln.abschluss import STELLEN
from kibericht.regeln.termine import TERMIN_MERKMALE
from kibericht.zahlen import anteil_wert, de_prozent, de_zahl, exakt, stunden_wert

# how far a filed hour may be from the hour as read (it was rounded to STELLEN decimals)
RUNDUNG = 0.5 * 10.0 ** -STELLEN
OHNE_KOMMUNE = "ohne"  # as `regeln.aggregation` names entries without a Kommune


@dataclass(frozen=True)
class Abweichung:
    """A figure of the manifest that its entries do not give."""

    zahl: str  # where it stands in the manifest, e.g. "bericht.nach_stelle.FK1"
    titel: str  # what a reader calls it, e.g. "Stunden der Stelle FK1"
    angegeben: object  # as stated (None: missing)
    nachgerechnet: object  # from the entries (None: no entry has it)
    art: str  # "stunden", "anteil", "anzahl" or "erfuellt": how the values are shown

    def zeige(self, wert: object) -> str:
        if wert is None:
            return "fehlt"
        if self.art == "erfuellt":
            return {True: "erfüllt", False: "nicht erfüllt"}.get(wert, f"„{wert}“") \
                if isinstance(wert, bool) else f"„{wert}“"
        if not _ist_zahl(wert):
            return f"„{wert}“"
        if self.art == "stunden":
            return f"{de_zahl(float(wert), 2)} Std."
        if self.art == "anteil":
            return de_prozent(float(wert), 2)
        return de_zahl(float(wert), 0)


@dataclass(frozen=True)
class _Summe:
    """A sum of filed hours and how far the sum of the hours as read may lie from it."""

    wert: float
    spiel: float

    @classmethod
    def aus(cls, stunden: list[float]) -> _Summe:
        wert = math.fsum(stunden)
        return cls(wert, len(stunden) * RUNDUNG + 1e-9 * (1 + abs(wert)))

    @property
    def unten(self) -> float:
        return self.wert - self.spiel

    @property
    def oben(self) -> float:
        return self.wert + self.spiel


def _ist_zahl(wert: object) -> TypeGuard[float]:
    """A finite number (int or float, no bool)."""
    return isinstance(wert, (int, float)) and not isinstance(wert, bool) and math.isfinite(wert)


def _gerundet_zwischen(wert: object, unten: float, oben: float, runden: Callable[[float], float]) -> bool:
    """Whether `wert` is the display rounding of some value between `unten` and `oben`."""
    return _ist_zahl(wert) and runden(wert) == wert and runden(unten) <= wert <= runden(oben)


def _stunden_passen(wert: object, summe: _Summe) -> bool:
    return _gerundet_zwischen(wert, summe.unten, summe.oben, stunden_wert)


def _anteil_spanne(sp: _Summe, h: _Summe) -> tuple[float, float]:
    unten = max(sp.unten, 0.0) / h.oben
    oben = sp.oben / h.unten if h.unten > 0 else math.inf
    return unten, oben


def _anteil_passt(wert: object, sp: _Summe, h: _Summe) -> bool:
    if h.wert == 0:
        return wert is None
    unten, oben = _anteil_spanne(sp, h)
    # the bounds are finite shares (of finite sums): their display values are never None
    return _ist_zahl(wert) and anteil_wert(wert) == wert and \
        cast(float, anteil_wert(unten)) <= wert <= \
        (math.inf if oben == math.inf else cast(float, anteil_wert(oben)))


def _urteile(sp: _Summe, h: _Summe, mindestanteil: object) -> tuple[bool | None, ...]:
    """The verdicts the hours allow (as `quote.Anteil.erfuellt` decides): None without hours."""
    if h.wert == 0:
        return (None,)
    if not _ist_zahl(mindestanteil):
        return (True, False)  # the minimum is configuration: nothing to recompute it against
    m = exakt(mindestanteil)
    if m * Fraction(h.oben) - Fraction(sp.unten) <= 0:
        return (True,)
    if m * Fraction(h.unten) - Fraction(sp.oben) > 0:
        return (False,)
    return (True, False)  # exactly at the minimum: rounded values cannot decide


def _teilnehmende(werte: list[Mapping[str, Any]], termine: bool) -> int:
    """The participants the report states: since manifest format 2 those of each Termin counted
    once (the largest number an entry of the Termin gives, `regeln.termine`), before that the sum
    over the entries."""
    mit = [w for w in werte if w.get("teilnehmende") is not None]
    if not termine:
        return int(round(math.fsum(float(w["teilnehmende"]) for w in mit)))
    groesste: dict[tuple[object, ...], float] = {}
    for w in mit:
        termin = tuple(w.get(feld) for feld in TERMIN_MERKMALE)
        groesste[termin] = max(groesste.get(termin, 0.0), float(w["teilnehmende"]))
    return int(round(math.fsum(groesste.values())))


def abweichungen(daten: Mapping[str, Any]) -> list[Abweichung]:
    """Every figure of a closing's manifest (read by `manifest.lesen`) that its entries do not
    give, in the order of the manifest."""
    monat = daten["monat"]
    liste = daten["eintraege"]["liste"]
    werte = [e["werte"] for e in liste if str(e["werte"].get("datum") or "").startswith(f"{monat}-")]
    bericht = daten["bericht"]
    result: list[Abweichung] = []

    def stunden(wo: str, titel: str, zeilen: list[Mapping[str, Any]]) -> None:
        summe = _Summe.aus([float(w.get("stunden") or 0.0) for w in zeilen])
        if not _stunden_passen(_in(bericht, wo), summe):
            result.append(Abweichung(f"bericht.{wo}", titel, _in(bericht, wo), stunden_wert(summe.wert),
                                     "stunden"))

    if bericht.get("zeitraum") != monat:
        result.append(Abweichung("bericht.zeitraum", "Zeitraum", bericht.get("zeitraum"), monat, "text"))
    anzahl = len(werte)
    if not _gleich(bericht.get("eintraege"), anzahl):
        result.append(Abweichung("bericht.eintraege", "Einträge", bericht.get("eintraege"), anzahl, "anzahl"))
    mit_sp = [w for w in werte if w.get("schwerpunkt") is not None]
    h = _Summe.aus([float(w.get("stunden") or 0.0) for w in werte])
    sp = _Summe.aus([float(w.get("stunden") or 0.0) for w in mit_sp])
    stunden("stunden", "Stunden", werte)
    stunden("stunden_schwerpunkte", "Stunden in Schwerpunkten", mit_sp)
    anteil = anteil_wert(sp.wert / h.wert) if h.wert else None
    for wo, titel in (("schwerpunktanteil", "Schwerpunktanteil"),
                      (f"monate.{monat}", f"Schwerpunktanteil {Periode.parse_monat(monat).titel} in der "
                                          f"Reihe der Monate")):
        if not _anteil_passt(_in(bericht, wo), sp, h):
            result.append(Abweichung(f"bericht.{wo}", titel, _in(bericht, wo), anteil, "anteil"))
    erfuellt = bericht.get("quote_erfuellt")
    urteile = _urteile(sp, h, bericht.get("mindestanteil"))
    if not any(erfuellt is u for u in urteile):
        result.append(Abweichung("bericht.quote_erfuellt", "Mindestanteil erfüllt", erfuellt,
                                 urteile[0] if len(urteile) == 1 else None, "erfuellt"))
    teilnehmende = _teilnehmende(werte, termine=daten.get("format", 1) >= 2)
    if not _gleich(bericht.get("teilnehmende"), teilnehmende):
        result.append(Abweichung("bericht.teilnehmende", "Teilnehmende", bericht.get("teilnehmende"),
                                 teilnehmende, "anzahl"))

    for feld, wo, titel in (("schwerpunkt", "nach_schwerpunkt", "Stunden des Schwerpunkts {}"),
                            ("stelle", "nach_stelle", "Stunden der Stelle {}"),
                            ("taetigkeit", "nach_taetigkeit", "Stunden der Tätigkeit {}"),
                            ("kommune", "nach_kommune", "Stunden der Kommune {}"),
                            ("handlungsfeld", "nach_handlungsfeld", "Stunden im Handlungsfeld {}")):
        gruppen = _gruppen(werte, feld)
        angegeben = bericht.get(wo)
        if not isinstance(angegeben, Mapping):
            result.append(Abweichung(f"bericht.{wo}", titel.format("(alle)"), angegeben, None, "text"))
            continue
        for key in _schluessel(angegeben, gruppen):
            summe = _Summe.aus([float(w.get("stunden") or 0.0) for w in gruppen.get(key, [])])
            if key not in gruppen or not _stunden_passen(angegeben.get(key), summe):
                result.append(Abweichung(f"bericht.{wo}.{key}", _titel(titel, key), angegeben.get(key),
                                         stunden_wert(summe.wert) if key in gruppen else None, "stunden"))
    je_taetigkeit = bericht.get("anzahl_nach_taetigkeit")
    gruppen = _gruppen(werte, "taetigkeit")
    if not isinstance(je_taetigkeit, Mapping):
        result.append(Abweichung("bericht.anzahl_nach_taetigkeit", "Einträge je Tätigkeit", je_taetigkeit,
                                 None, "text"))
    else:
        for key in _schluessel(je_taetigkeit, gruppen):
            n = len(gruppen.get(key, [])) or None
            if not _gleich(je_taetigkeit.get(key), n):
                result.append(Abweichung(f"bericht.anzahl_nach_taetigkeit.{key}", f"Einträge der Tätigkeit "
                                         f"{key}", je_taetigkeit.get(key), n, "anzahl"))
    # the manifest's own sum over all its entries, summed as `ablegen` sums it
    alle = round(sum(e["werte"]["stunden"] or 0.0 for e in liste), STELLEN)
    if not _gleich(daten["eintraege"]["stunden"], alle):
        result.append(Abweichung("eintraege.stunden", "Stunden aller abgelegten Einträge",
                                 daten["eintraege"]["stunden"], alle, "stunden"))
    return result


def _in(bericht: Mapping[str, Any], wo: str) -> object:
    """The value at `a.b` in the figures (None where a part is missing)."""
    value: object = bericht
    for teil in wo.split(".", 1):
        value = value.get(teil) if isinstance(value, Mapping) else None
    return value


def _gleich(angegeben: object, nachgerechnet: object) -> bool:
    if nachgerechnet is None:
        return angegeben is None
    return _ist_zahl(angegeben) and angegeben == nachgerechnet


def _gruppen(werte: Iterable[Mapping[str, Any]], feld: str) -> dict[str, list[Mapping[str, Any]]]:
    """The entries per value of `feld`, as the report groups them: without a Kommune under
    "ohne"; without a Schwerpunkt, Stelle, Tätigkeit or Handlungsfeld in no group."""
    gruppen: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for w in werte:
        key = w.get(feld)
        if key is None and feld == "kommune":
            key = OHNE_KOMMUNE
        if key is not None:
            gruppen[str(key)].append(w)
    return dict(gruppen)


def _schluessel(angegeben: Mapping[str, Any], gruppen: Mapping[str, Any]) -> list[str]:
    return [*angegeben, *sorted(k for k in gruppen if k not in angegeben)]


def _titel(muster: str, key: str) -> str:
    return "Stunden ohne Kommune" if muster.startswith("Stunden der Kommune") and key == OHNE_KOMMUNE \
        else muster.format(key)


def pruefe_abschluss(daten: Mapping[str, Any], ort: str) -> list[Finding]:
    """`abschluss-zahlen` for every figure of the closing in the manifest at `ort` that its
    entries do not give, and for a Prüfcode that does not fit its content (format 2)."""
    nr, titel = daten["nr"], Periode.parse_monat(daten["monat"]).titel
    was = f"Abschluss {titel} (Nr. {nr:04d}, Version {daten['version']})"
    befunde = []
    for a in abweichungen(daten):
        befunde.append(befund(Code.ABSCHLUSS_ZAHLEN, ort, wert=None if a.nachgerechnet is None else
                              str(a.nachgerechnet), meldung=(
            f"Die Zahl „{a.titel}“ passt nicht zu den abgelegten Einträgen ({was}): das Manifest nennt "
            f"{a.zeige(a.angegeben)}, aus seinen {len(daten['eintraege']['liste'])} Einträgen ergibt sich "
            f"{'kein Wert' if a.nachgerechnet is None else a.zeige(a.nachgerechnet)} (Feld „{a.zahl}“). Das "
            f"Manifest wurde nach dem Abschluss geändert und neu versiegelt; stellen Sie die Ablage aus "
            f"der Sicherung wieder her.")))
    gespeichert = daten.get("pruefcode")
    if gespeichert is not None:
        richtig = pruefcode(daten)
        if gespeichert != richtig:
            befunde.append(befund(Code.ABSCHLUSS_ZAHLEN, ort, wert=richtig, meldung=(
                f"Der Prüfcode im Manifest ({gespeichert}) passt nicht zu seinem Inhalt (nachgerechnet "
                f"{richtig}, {was}): das Manifest wurde nach dem Abschluss geändert. Welcher Stand "
                f"eingereicht wurde, zeigt der Prüfcode auf dem unterschriebenen Bericht: kibericht "
                f"verifizieren --pruefcode CODE.")))
    return befunde
