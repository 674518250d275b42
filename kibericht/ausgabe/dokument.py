"""The JSON document of `bericht` (contract §3), rendered from the report value.

    >>> bericht_dokument(bericht, paths)["schwerpunktanteil"]     # doctest: +SKIP
    0.6575
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kibericht.befunde import FEHLER, WARNUNG, by_severity
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.foerderung import ProgrammAnspruch
from kibericht.regeln.meilensteine import meilensteine_json
from kibericht.regeln.vergleich import Kennzahlen
from kibericht.zahlen import anteil_wert, cent, halb_auf, stunden_wert


def _hours_of(frame: pd.DataFrame) -> dict[str, float]:
    return {k: stunden_wert(v) for k, v in frame.loc[frame["eintraege"] > 0, "stunden"].items()}


def bericht_dokument(b: Bericht, dateien: list[Path]) -> dict:
    """The figures, the written files and the errors and warnings of the report."""
    summary = b.summary
    sp = summary.nach_schwerpunkt
    sp = sp[(sp.index != OHNE_SCHWERPUNKT) & (sp["eintraege"] > 0)]
    groups = by_severity(b.findings)
    v = b.vergleich
    monat = b.periode.start.month if b.monatlich else None
    return {
        "zeitraum": summary.periode.label,
        "eintraege": summary.eintraege,
        "stunden": stunden_wert(summary.stunden),
        "stunden_schwerpunkte": stunden_wert(summary.stunden_schwerpunkte),
        "schwerpunktanteil": anteil_wert(summary.anteil),
        "mindestanteil": summary.mindestanteil,
        "quote_erfuellt": summary.erfuellt,
        "schwerpunktanteil_bis_jetzt": anteil_wert(summary.quote_bis_jetzt.anteil),
        "nach_schwerpunkt": {k: stunden_wert(v) for k, v in sp["stunden"].items()},
        "nach_stelle": _hours_of(summary.nach_stelle),
        "nach_taetigkeit": _hours_of(summary.nach_taetigkeit),
        "nach_kommune": _hours_of(summary.nach_kommune),
        "nach_handlungsfeld": _hours_of(summary.nach_handlungsfeld),
        "monate": {m.monat: anteil_wert(m.werte.anteil) for m in summary.quote_bis_jetzt.monate},
        "meilensteine": meilensteine_json(b.meilensteine),
        "foerderung": {p.name: _programm(p, monat) for p in b.foerderung.programme},
        "teilnehmende": summary.teilnehmende,
        "anzahl_nach_taetigkeit": {k: int(n) for k, n in summary.nach_taetigkeit["eintraege"].items()
                                   if n > 0},
        "vormonat": _kennzahlen(v.vormonat),
        "vorjahresmonat": _kennzahlen(v.vorjahresmonat),
        "bis_jetzt": _kennzahlen(v.bis_jetzt),
        **({} if b.monatlich else {"vorjahr": _kennzahlen(v.vorjahr)}),
        "zeitraum_text": b.titel,
        "stand": None if b.stand is None else b.stand.isoformat(),
        "besetzung": {"stichtag": b.besetzungsstand.stichtag.isoformat(),
                      "stellenplan_vza": float(halb_auf(b.besetzungsstand.stellenplan, 4)),
                      "unbesetzt_vza": float(halb_auf(b.besetzungsstand.unbesetzt_stichtag, 4))},
        "dateien": [p.name for p in dateien],
        "fehler": [f.to_json() for f in groups[FEHLER]],
        "warnungen": [f.to_json() for f in groups[WARNUNG]],
        "fehler_andere_monate": [f.to_json() for f in b.fehler_andere_monate],
    }


def _kennzahlen(k: Kennzahlen | None) -> dict | None:
    return None if k is None else k.to_json()


def _programm(p: ProgrammAnspruch, monat: int | None) -> dict:
    """A programme against its cap; for a monthly report also the month and January to it."""
    result = {"anspruch": cent(p.anspruch),
              "hoechstbetrag": None if p.hoechstbetrag is None else cent(p.hoechstbetrag),
              "foerderfaehig": cent(p.foerderfaehig), "ueberschritten": p.ueberschritten}
    if monat is not None:
        result.update(monat=cent(p.im_monat(monat)), bis_monat=cent(p.bis_monat(monat)))
    return result
