"""A report period without any entry: never an empty report, but an error that says why.

The usual causes are a wrong folder or a wrong year (`--monat 2024-03` for the logs of 2025);
the message names the dates the input does hold.
"""

from __future__ import annotations

import pandas as pd

from kibericht.befunde import Code, Finding, befund
from kibericht.periode import Periode
from kibericht.zahlen import anzahl


def leerer_zeitraum(entries: pd.DataFrame, rejected: pd.DataFrame, periode: Periode,
                    dateien: list[str]) -> Finding | None:
    """The error `zeitraum-leer` when neither a valid nor a faulty row is dated in `periode`."""
    dates = pd.concat([entries["datum"], rejected["datum"]]).dropna()
    if periode.mask(dates).any():
        return None
    gelesen = anzahl(len(dateien), "Datei", "Dateien")
    if dates.empty:
        text = (f"Für {periode.titel} gibt es keinen Eintrag: in den Eingaben ({gelesen}) steht überhaupt "
                "kein Eintrag. Prüfen Sie, ob Sie den richtigen Ordner angegeben haben.")
    else:
        text = (f"Für {periode.titel} gibt es keinen Eintrag. Die Eingaben ({gelesen}, "
                f"{anzahl(len(dates), 'Eintrag', 'Einträge')}) reichen vom {dates.min():%d.%m.%Y} bis "
                f"{dates.max():%d.%m.%Y}. Prüfen Sie den Zeitraum (Jahr und Monat) und den Ordner; es "
                "wird kein Bericht geschrieben.")
    return befund(Code.ZEITRAUM_LEER, "", None, None, None, periode.label, text)
