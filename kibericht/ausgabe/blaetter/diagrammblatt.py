"""The sheet „Diagramme“: the report's charts, two to an A4 page in portrait, each with its alt
text.

The sheet is laid out when it is added; the images go in once they are drawn (alongside, on the
second core): images are no cells, so putting them in at any time before the workbook is closed
gives the same file.
"""

from __future__ import annotations

import io

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, Nachher, neues_blatt

NAME = "Diagramme"
CHART_SCALE = 0.8  # a 8,3 in wide chart on an A4 page in portrait (about 7 in printable)
CHART_ROWS = 20  # rows of 15 pt a chart takes at that scale, with its gap
CHART_COLUMNS = 10  # default columns (64 px each) the chart spans: the print area
CHARTS_PER_PAGE = 2


def schreiben(mappe: Mappe) -> Nachher:
    """The sheet; returns the function that puts the charts' images in."""
    ws = neues_blatt(mappe, NAME, landscape=False)
    charts = mappe.diagramme
    ws.write_string(0, 0, texte.diagramme_blatt(mappe.teile.titel.zeitraum_titel), mappe.fmt.title)
    rows = [2 + i * CHART_ROWS for i in range(len(charts))]
    ws.set_h_pagebreaks([row for i, row in enumerate(rows) if i and i % CHARTS_PER_PAGE == 0])
    ws.print_area(0, 0, 2 + len(charts) * CHART_ROWS, CHART_COLUMNS - 1)

    def einfuegen(images: dict[str, bytes]) -> None:
        for row, chart in zip(rows, charts, strict=True):
            ws.insert_image(row, 0, f"{chart.name}.png", {
                "image_data": io.BytesIO(images[chart.name]), "x_scale": CHART_SCALE,
                "y_scale": CHART_SCALE, "object_position": 3, "description": chart.beschreibung})

    return einfuegen
