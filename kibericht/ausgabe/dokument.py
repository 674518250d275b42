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
from kibericht.regeln.meilensteine import meilensteine_json
from kibericht.zahlen import anteil_wert, cent, stunden_wert


def _hours_of(frame: pd.DataFrame) -> dict[str, float]:
    return {k: stunden_wert(v) for k, v in frame.loc[frame["eintraege"] > 0, "stunden"].items()}


def bericht_dokument(b: Bericht, dateien: list[Path]) -> dict:
    """The figures, the written files and the errors and warnings of the report."""
    summary = b.summary
    sp = summary.nach_schwerpunkt
    sp = sp[(sp.index != OHNE_SCHWERPUNKT) & (sp["eintraege"] > 0)]
    groups = by_severity(b.findings)
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
        "foerderung": {
            p.name: {"anspruch": cent(p.anspruch),
                     "hoechstbetrag": None if p.hoechstbetrag is None else cent(p.hoechstbetrag),
                     "foerderfaehig": cent(p.foerderfaehig), "ueberschritten": p.ueberschritten}
            for p in b.foerderung.programme},
        "dateien": [p.name for p in dateien],
        "fehler": [f.to_json() for f in groups[FEHLER]],
        "warnungen": [f.to_json() for f in groups[WARNUNG]],
    }
