"""The sheet „Nicht gezählt“ (internal version only, where rows were left out): the rows of the
period with errors, which the report does not count, with where they came from.
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
    zeilen_blatt(mappe, NAME, mappe.bericht.nicht_gezaehlt, texte.NICHT_GEZAEHLT)
