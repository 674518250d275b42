"""The sheet „Nicht gezählt“ (internal version only, where rows were left out): the rows of the
period with errors, which the report does not count, with where they came from; the copies of
workbooks (`datei-doppelt`) are named above them, each once, not listed row by row.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe
from kibericht.ausgabe.blaetter.daten import zeilen_blatt
from kibericht.regeln.bericht import Bericht

NAME = "Nicht gezählt"


def zeigen(bericht: Bericht) -> bool:
    """Only where rows of the period were left out."""
    return not bericht.nicht_gezaehlt.empty


def schreiben(mappe: Mappe) -> None:
    p = mappe.teile.pruefung
    zeilen = mappe.bericht.nicht_gezaehlt
    kopien = [datei for datei, _ in p.kopien]
    if kopien:
        zeilen = zeilen[~zeilen["_datei"].isin(kopien)]
    danach = (texte.kopien_nicht_gezaehlt(p.kopien),) if kopien else ()
    zeilen_blatt(mappe, NAME, zeilen, texte.NICHT_GEZAEHLT, danach)
