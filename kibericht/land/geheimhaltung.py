"""The disclosure control of the public reports as the Meldung's `Geheimhaltung`.

The Meldung shows a subset of the figures of the public reports (`regeln.geheimhaltung`): hours
and Teilnahmen by Handlungsfeld, Schwerpunkt, Zieldimension, Tätigkeit and Kommune, month and
January to the month, and the key figures. Its suppression pattern is the public reports'
pattern for the same figures, not a second one: a second, independent pattern over the same
figures would let a reader of both combine them. So every cell of the Meldung is looked up in the
year's decisions of the engine (`OeffentlicheGeheimhaltung`)::

    g = geheimhaltung_der_meldung(eintraege, config, periode)     # the engine, once per Meldung
    inhalt = meldungsinhalt(b, glied, g, bis_monat=bis)

A cell the engine withholds is withheld with its reason („Zahlenwert geheim zu halten (primär:
weniger als 3 Stellen)“, „… (sekundär)“). A published cell must have the engine's value:
otherwise the engine was computed from other entries than the report, and the Meldung is refused
(`MeldungFehler`) instead of published with a pattern that does not belong to its figures.

A counted milestone's Ist follows the rule of the public reports (`Geheimhaltung.meilenstein`):
it is the figure of the catalogue it is — Termine of its Tätigkeit in its Schwerpunkt, January
to the month (`termine`), or, where it counts entries, their cell of `taetigkeit_schwerpunkt` —
withheld where the public reports withhold it, and checked against the engine's value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from kibericht.konfig import KIConfig
from kibericht.land.format import OHNE
from kibericht.land.meldung import GESAMT, SCHWERPUNKTE, MeldungFehler, Zelle
from kibericht.periode import Periode
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.geheimhaltung import MIT_SCHWERPUNKT, Geheimhaltung, Zeitraum, bis, geheimhaltung, monat

GRUND = "Zahlenwert geheim zu halten ({})"
# the catalogue's table of each resource of the Meldung with one key
TABELLE = {"nach_handlungsfeld": "handlungsfeld", "nach_schwerpunkt": "schwerpunkt",
           "nach_zieldimension": "zieldimension", "nach_taetigkeit": "taetigkeit", "nach_kommune": "kommune"}
# how far a published figure may lie from the engine's (float sums of the same quarter hours)
TOLERANZ = 1e-6


class OeffentlicheGeheimhaltung:
    """The decisions of the engine (`regeln.geheimhaltung.Geheimhaltung` of the Meldung's year, up
    to its month) for the cells of the Meldung of month `monat`."""

    def __init__(self, entscheidung: Geheimhaltung, monat: int):
        if entscheidung.letzter < monat:
            raise ValueError(f"the disclosure control decided months up to {entscheidung.letzter}, "
                             f"not {monat}")
        self.entscheidung = entscheidung
        self.monat = monat

    def _zeitraum(self, zelle: Zelle) -> Zeitraum:
        return monat(self.monat) if zelle.zeitraum == "monat" else bis(self.monat)

    def _schluessel(self, zelle: Zelle) -> tuple[str, str, tuple[str, ...]]:
        """The cell of the catalogue: (table, measure, key)."""
        if zelle.ressource == "kennzahlen":
            if zelle.schluessel == SCHWERPUNKTE:
                return "schwerpunktbindung", zelle.groesse, (MIT_SCHWERPUNKT,)
            if zelle.schluessel == GESAMT:
                return "gesamt", zelle.groesse, ()
        elif zelle.ressource in TABELLE:
            key = OHNE_SCHWERPUNKT if zelle.ressource == "nach_zieldimension" and zelle.schluessel == OHNE \
                else zelle.schluessel
            return TABELLE[zelle.ressource], zelle.groesse, (key,)
        raise MeldungFehler(f"Die Geheimhaltung kennt die Zahl {zelle.ressource}/{zelle.schluessel} der "
                            "Meldung nicht.")

    def gesperrt(self, zellen: Sequence[Zelle]) -> Mapping[Zelle, str]:
        """The cells the public reports withhold, each with its reason. A cell the engine does not
        know is published only when it is 0 (nobody contributed); a published cell whose value is
        not the engine's is a `MeldungFehler`."""
        result: dict[Zelle, str] = {}
        for zelle in zellen:
            try:
                if zelle.ressource == "meilensteine" and len(zelle.bezug) == 3:
                    sp, taetigkeit, zaehlt = zelle.bezug  # the public reports' rule
                    zahl = self.entscheidung.meilenstein(taetigkeit, sp, zaehlt, self.monat)
                else:
                    tabelle, mess, key = self._schluessel(zelle)
                    zahl = self.entscheidung.zahl(tabelle, mess, self._zeitraum(zelle), *key)
            except KeyError:
                if zelle.wert == 0:
                    continue
                raise MeldungFehler(f"Die Geheimhaltung hat keine Entscheidung über die Zahl "
                                    f"{zelle.ressource}/{zelle.zeitraum}/{zelle.schluessel} der Meldung "
                                    f"({zelle.groesse}).") from None
            if zahl.geheim:
                result[zelle] = GRUND.format(zahl.grund)
                continue
            if not math.isclose(zahl.wert or 0.0, zelle.wert, rel_tol=0, abs_tol=TOLERANZ):
                raise MeldungFehler(
                    f"Die Zahl {zelle.ressource}/{zelle.zeitraum}/{zelle.schluessel} ({zelle.groesse}) "
                    f"der Meldung ist {zelle.wert}, die Geheimhaltung entschied über {zahl.wert}: beide "
                    "müssen aus denselben Einträgen stammen.")
        return result


def geheimhaltung_der_meldung(eintraege: pd.DataFrame, config: KIConfig,
                              periode: Periode) -> OeffentlicheGeheimhaltung:
    """The disclosure control of the Meldung of the month `periode`, from the valid entries of
    its year up to that month (later entries are ignored by the engine)."""
    if periode.art != "monat":
        raise ValueError("a Meldung covers a month")
    # the engine counts each Termin's participants once itself, as the report does
    entscheidung = geheimhaltung(eintraege, config, periode)
    return OeffentlicheGeheimhaltung(entscheidung, periode.start.month)
