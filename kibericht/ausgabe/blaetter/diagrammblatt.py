"""The sheet „Diagramme“: the report's charts, two to an A4 page in portrait, each with its alt
text.

The sheet is laid out when it is added; the images go in once they are drawn (alongside, on the
second core): images are no cells, so putting them in at any time before the workbook is closed
gives the same file.
"""

from __future__ import annotations

import io

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, Nachher, neues_blatt, textzeile
from kibericht.ausgabe.satz import ZEILE

NAME = "Diagramme"
CHART_SCALE = 0.8  # a 8,3 in wide chart on an A4 page in portrait (about 7 in printable)
CHART_ROWS = 20  # rows of 15 pt a chart takes at that scale, with its gap
CHART_COLUMNS = 10  # columns of the default width the chart spans: the print area
BREITE = 8.43  # the default width of a column


def schreiben(mappe: Mappe) -> Nachher:
    """The sheet; returns the function that puts the charts' images in."""
    satz = neues_blatt(mappe, NAME, [BREITE] * CHART_COLUMNS, hochformat=True)
    charts = mappe.diagramme
    textzeile(satz, texte.diagramme_blatt(mappe.teile.titel.zeitraum_titel), mappe.fmt.title, groesse=15.0,
              fett=True)
    satz.abstand()
    rows = []
    for _ in charts:
        satz.zusammen(CHART_ROWS * ZEILE)  # a chart never breaks across pages
        rows.append(satz.zeile())
        for _ in range(CHART_ROWS - 1):
            satz.zeile()
    satz.fertig()

    def einfuegen(images: dict[str, bytes]) -> None:
        for row, chart in zip(rows, charts, strict=True):
            satz.ws.insert_image(row, 0, f"{chart.name}.png", {
                "image_data": io.BytesIO(images[chart.name]), "x_scale": CHART_SCALE,
                "y_scale": CHART_SCALE, "object_position": 3, "description": chart.beschreibung})

    return einfuegen
