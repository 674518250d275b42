"""The sheets of the report workbook, one module each, and `BLAETTER`: their order, and why.

Each module is named after its sheet (`diagrammblatt` for „Diagramme“, as `ausgabe.diagramme`
draws the charts themselves), names it (`NAME`) and writes it from the report's sections
(`Mappe.teile`, see `ausgabe.abschnitte`): `schreiben(mappe)`. The sheets stand in the workbook
in the order of `BLAETTER`, each where its entry says (internal version, public version, only
when `zeigen(bericht)`).
"""

from __future__ import annotations

from kibericht.ausgabe.blaetter import (
    besetzung,
    daten,
    diagrammblatt,
    foerderung,
    kommunen,
    meilensteine,
    monate,
    nicht_gezaehlt,
    pruefprotokoll,
    schwerpunkte,
    stellen,
    stellengruppen,
    taetigkeiten,
    uebersicht,
)
from kibericht.ausgabe.blaetter.blatt import Blatt, Mappe, Nachher

BLAETTER: tuple[Blatt, ...] = (
    # what the Leitung signs comes first, the charts right after it (their images go in at the end)
    Blatt(uebersicht.NAME, uebersicht.schreiben),
    Blatt(diagrammblatt.NAME, diagrammblatt.schreiben),
    # what was done, then how far the year has come, then the hours by theme, Stelle and place
    Blatt(taetigkeiten.NAME, taetigkeiten.schreiben),
    Blatt(meilensteine.NAME, meilensteine.schreiben),
    Blatt(besetzung.NAME, besetzung.schreiben),
    Blatt(monate.NAME, monate.schreiben),
    Blatt(schwerpunkte.NAME, schwerpunkte.schreiben),
    Blatt(stellengruppen.NAME, stellengruppen.schreiben, intern=False),
    Blatt(stellen.NAME, stellen.schreiben, oeffentlich=False),
    Blatt(kommunen.NAME, kommunen.schreiben),
    Blatt(foerderung.NAME, foerderung.schreiben),
    # the record of the check and the rows themselves, last: they touch every finding and every
    # entry, so they are written only after the charts drawn alongside are fetched (`alle_zeilen`)
    Blatt(pruefprotokoll.NAME, pruefprotokoll.schreiben, oeffentlich=False, alle_zeilen=True),
    Blatt(nicht_gezaehlt.NAME, nicht_gezaehlt.schreiben, oeffentlich=False, alle_zeilen=True,
          zeigen=nicht_gezaehlt.zeigen),
    Blatt(daten.NAME, daten.schreiben, oeffentlich=False, alle_zeilen=True),
)
"""The sheets in the order they stand in the workbook.

Why this order: the Übersicht is the page the Leitung reads and signs; the charts follow it; then
the sheets a committee reads (Tätigkeiten, Meilensteine, Besetzung, Monate, Schwerpunkte, hours per
Stelle or group of Stellen, Kommunen, Förderung); last the sheets an auditor reads (Prüfprotokoll,
Nicht gezählt, Daten).

The constraint the last three carry (`alle_zeilen=True`): the charts and the PDF are drawn in a
forked child process on the second core while this list is written (`ausgabe.nebenher`). A
forked child shares this process's memory until either writes to a page, and Python writes to an
object whenever it is used; a sheet that touches every entry or every finding would copy nearly
all of it while the child still runs. So the workbook is written in this order and the charts are
fetched (waiting for the child if need be) right before the first sheet marked `alle_zeilen`
(`berichtsmappe`): these sheets must stay at the end, after every sheet not so marked, so that
the child has the time of all the others to finish (`tests/test_blaetter.py` checks it).
"""

__all__ = ["BLAETTER", "Blatt", "Mappe", "Nachher"]
