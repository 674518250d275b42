"""Write a report: the workbook, its charts and its PDF, from a report value.

`write_report(out_dir, bericht)` puts `Monatsbericht_2025-03.xlsx` (or `Jahresbericht_2025.xlsx`),
the PNG charts and `Monatsbericht_2025-03.pdf` into the output folder, all together or none,
byte-identical for the same input; `oeffentlich=True` writes the public version
`…_oeffentlich.xlsx/.pdf` instead (no figure per Stelle, no Daten, no names). It only renders
`regeln.bericht.Bericht`: the sections are built once (`abschnitte`), the workbook's sheets
(`blaetter`) and the PDF (`pdf`) render them, the charts are drawn alongside (`nebenher`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from kibericht import __version__
from kibericht.ausgabe import texte, xlsx_intern
from kibericht.ausgabe.abschnitte import Abschnitte, abschnitte
from kibericht.ausgabe.atomar import Ausgabegruppe, Schreibziel
from kibericht.ausgabe.blaetter import BLAETTER, Mappe
from kibericht.ausgabe.diagramme import Diagramm, png_bytes, report_charts
from kibericht.ausgabe.nebenher import Nebenher
from kibericht.ausgabe.satz import SCHRIFT
from kibericht.ausgabe.zellformate import Formats
from kibericht.befunde import Finding
from kibericht.dateinamen import hat_unlesbares, lesbar
from kibericht.lesen.kennung import BERICHT, EIGENSCHAFT
from kibericht.periode import Periode
from kibericht.regeln.bericht import Bericht

# A fixed creation date keeps the file byte-identical on re-runs (no "now" inside).
FIXED_CREATED = dt.datetime(2000, 1, 1)
SUFFIX_OEFFENTLICH = "_oeffentlich"


def base_name(periode: Periode, oeffentlich: bool = False) -> str:
    name = f"Monatsbericht_{periode.label}" if periode.art == "monat" else f"Jahresbericht_{periode.label}"
    return name + (SUFFIX_OEFFENTLICH if oeffentlich else "")


def write_report(out_dir: Path, bericht: Bericht, mit_namen: bool = False, *,
                 oeffentlich: bool = False, pruefcode: str | None = None) -> list[Path]:
    """Write workbook, PNG charts and PDF; returns the written paths (workbook first).

    `oeffentlich`: the public version instead of the internal one. `pruefcode`: the Prüfcode of
    the closing that files this report, printed in the signature block of the PDF and of the
    sheet „Übersicht“ (`kibericht abschliessen` passes it); without it an internal monthly
    report says there that the code comes with the closing."""
    from kibericht.ausgabe.pdf import pdf_bytes  # reportlab only where a report is written

    bericht = lesbare_namen(bericht)
    teile = dataclasses.replace(abschnitte(bericht, oeffentlich), pruefcode=pruefcode)
    out_dir = Path(out_dir)
    name = base_name(bericht.periode, oeffentlich)
    charts = tuple(report_charts(bericht, oeffentlich=oeffentlich))

    def charts_and_pdf() -> tuple[dict[str, bytes], bytes]:
        images = {c.name: png_bytes(c.zeichnen) for c in charts}
        return images, pdf_bytes(teile, charts, images)

    workbook_path = out_dir / f"{name}.xlsx"
    written = [workbook_path]
    # charts and PDF are drawn on the second core while the workbook is built; all files of the
    # report are replaced together or not at all
    with Nebenher(charts_and_pdf) as alongside, Ausgabegruppe() as gruppe:
        # the sheets are put together in a folder of this run's own, so that a failure (a full
        # disk) leaves no part of them behind in the folder for temporary files
        with gruppe.datei(workbook_path) as tmp, Schreibziel(tmp) as ziel, \
                tempfile.TemporaryDirectory(prefix="kibericht-", ignore_cleanup_errors=True) as zwischen:
            _write_workbook(ziel, bericht, teile, charts, mit_namen and not oeffentlich,
                            lambda: alongside.ergebnis()[0], zwischen)
        images, pdf = alongside.ergebnis()
        for chart in charts:
            path = out_dir / f"{name}_{chart.name}.png"
            gruppe.bytes(path, images[chart.name])
            written.append(path)
        pdf_path = out_dir / f"{name}.pdf"
        gruppe.bytes(pdf_path, pdf)
        written.append(pdf_path)
    return written


def lesbare_namen(bericht: Bericht) -> Bericht:
    """The report with every file name as text a person can read and UTF-8 can hold (see
    `dateinamen`): a name the system could not decode never ends the writing of a report."""
    findings = (*bericht.findings, *bericht.fehler_andere_monate)
    if not any(hat_unlesbares(d) for d in bericht.dateien) and \
            not any(hat_unlesbares(f.datei) or hat_unlesbares(f.meldung) for f in findings):
        return bericht

    def finding(f: Finding) -> Finding:
        return dataclasses.replace(f, datei=lesbar(f.datei), meldung=lesbar(f.meldung))

    def frame(rows: pd.DataFrame) -> pd.DataFrame:
        namen = {d: lesbar(d) for d in rows["_datei"].unique() if isinstance(d, str) and hat_unlesbares(d)}
        return rows.assign(_datei=rows["_datei"].replace(namen)) if namen else rows

    return dataclasses.replace(
        bericht, dateien=tuple(lesbar(d) for d in bericht.dateien),
        findings=tuple(finding(f) for f in bericht.findings),
        fehler_andere_monate=tuple(finding(f) for f in bericht.fehler_andere_monate),
        eintraege=frame(bericht.eintraege), nicht_gezaehlt=frame(bericht.nicht_gezaehlt))


def _write_workbook(ziel: Schreibziel | Path, bericht: Bericht, teile: Abschnitte,
                    charts: tuple[Diagramm, ...], mit_namen: bool, images: Callable[[], dict[str, bytes]],
                    zwischen: str | None = None) -> None:
    """The report workbook, into `ziel` (a file, or a path; its parts put together in the folder
    `zwischen`, default: the folder for temporary files): the sheets of `BLAETTER` in their
    order. `images()` gives the charts' PNGs; it is asked for right before the first sheet that
    touches every row (they may be drawn meanwhile), and the images are put in before the
    workbook is closed."""
    wb = Workbook(str(ziel) if isinstance(ziel, Path) else ziel,
                  {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                   "nan_inf_to_errors": False, "tmpdir": zwischen,
                   "default_format_properties": dict(SCHRIFT)})
    t = teile.titel
    wb.set_properties({"title": f"{t.titel} – {t.ki}" + (f" ({t.fassung})" if t.fassung else ""),
                       "subject": texte.UNTERTITEL, "author": "kibericht", "created": FIXED_CREATED,
                       "comments": f"kibericht {__version__}"})
    wb.set_custom_property(EIGENSCHAFT, BERICHT)  # never read back as a log (see lesen.kennung)
    mappe = Mappe(wb, Formats(wb), bericht, teile, charts, mit_namen)
    bilder: dict[str, bytes] | None = None
    nachher = []
    for blatt in BLAETTER:
        if not blatt.steht_in(mappe):
            continue
        if blatt.alle_zeilen and bilder is None:
            # while a forked child still runs, each page touched is copied (see `nebenher`)
            bilder = images()
        einfuegen = blatt.schreiben(mappe)
        if einfuegen is not None:
            nachher.append(einfuegen)
    if bilder is None:
        bilder = images()
    for einfuegen in nachher:
        einfuegen(bilder)
    with xlsx_intern.grosse_blaetter_schnell(wb):
        wb.close()
