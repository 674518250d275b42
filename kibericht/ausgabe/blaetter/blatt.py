"""What every sheet of the report workbook shares: the workbook it is written into (`Mappe`), its
entry in the list of sheets (`Blatt`), and its print setup.

Every sheet prints on A4 with the KI, the report's title and the Stand in its header and
„Seite x von y“ in its footer; a sheet's title stands in A1, the KI and the period under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kibericht.ausgabe.abschnitte import Abschnitte
from kibericht.ausgabe.diagramme import Diagramm
from kibericht.ausgabe.texte import Status
from kibericht.ausgabe.zellformate import Formats, zeilen
from kibericht.regeln.bericht import Bericht

# what a sheet may leave to do once the charts' images are there: image name → PNG bytes
Nachher = Callable[[dict[str, bytes]], None]


@dataclass(frozen=True)
class Mappe:
    """The workbook being written and what its sheets are written from."""

    wb: Workbook
    fmt: Formats
    bericht: Bericht  # the rows and findings (sheets Daten, Nicht gezählt, Prüfprotokoll)
    teile: Abschnitte  # everything else
    diagramme: tuple[Diagramm, ...]
    mit_namen: bool  # staff names in the Daten sheet

    @property
    def oeffentlich(self) -> bool:
        return self.teile.oeffentlich


@dataclass(frozen=True)
class Blatt:
    """One sheet of the list `blaetter.BLAETTER`: its name, how it is written, and when.

    `schreiben(mappe)` adds the sheet (and may return what to do once the charts' images are
    there); `intern`/`oeffentlich` say in which version it stands; `zeigen(bericht)`, where
    given, whether it stands in this report at all; `alle_zeilen`: it touches every entry or
    every finding, so it is written only after the charts drawn alongside are fetched."""

    name: str
    schreiben: Callable[[Mappe], Nachher | None]
    intern: bool = True
    oeffentlich: bool = True
    alle_zeilen: bool = False
    zeigen: Callable[[Bericht], bool] | None = None

    def steht_in(self, mappe: Mappe) -> bool:
        fassung = self.oeffentlich if mappe.oeffentlich else self.intern
        return fassung and (self.zeigen is None or self.zeigen(mappe.bericht))


def _kopf_text(text: str, limit: int) -> str:
    """User text in a header or footer: `&` doubled (else it starts a code), cut to `limit`."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def neues_blatt(mappe: Mappe, name: str, landscape: bool = True, fit_width: bool = True,
                repeat: int | None = None) -> Worksheet:
    """A sheet that prints: A4, header with KI, period and Stand, footer with page numbers."""
    ws = mappe.wb.add_worksheet(name)
    ws.hide_gridlines(2)
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if fit_width:
        ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.9, bottom=0.8)
    t = mappe.teile.titel
    ki = _kopf_text(t.ki, 90)
    periode = _kopf_text(t.titel, 60)
    fassung = f" – {t.fassung}" if t.fassung else ""
    # XlsxWriter refuses a header or footer longer than 255 characters
    ws.set_header(f'&L&"Arial,Bold"&9{ki}&R&9{periode}{fassung}', {"margin": 0.35})
    ws.set_footer(f"&L&8{_kopf_text(t.stand, 40)}&C&8{_kopf_text(name, 40)}&R&8Seite &P von &N",
                  {"margin": 0.35})
    if repeat is not None:
        ws.repeat_rows(repeat)
    return ws


def ueberschrift(ws: Worksheet, mappe: Mappe, title: str) -> int:
    """The sheet's title, the KI and the period under it; returns the first free row."""
    ws.write_string(0, 0, title, mappe.fmt.title)
    ws.write_string(1, 0, f"{mappe.teile.titel.ki} – {mappe.teile.titel.zeitraum_titel}", mappe.fmt.subtitle)
    return 3


def notiz(ws: Worksheet, fmt: Formats, row: int, text: str, spalten: int, breite: float) -> int:
    """A note over `spalten` columns (together `breite` characters wide), wrapped, so that it
    never runs past the printed width; returns the next row."""
    ws.merge_range(row, 0, row, spalten - 1, text, fmt.note_wrap)
    ws.set_row(row, 12.75 * zeilen(text, breite))
    return row + 1


def fussnote(ws: Worksheet, mappe: Mappe, row: int) -> int:
    """The public version: „. = Zahlenwert geheim zu halten“ under a sheet's tables; returns the
    next row (nothing in the internal version)."""
    if not mappe.teile.fussnote:
        return row
    ws.write_string(row, 0, mappe.teile.fussnote, mappe.fmt.note)
    return row + 1


def status_zelle(ws: Worksheet, fmt: Formats, row: int, col: int, status: Status) -> None:
    """A verdict in a cell coloured by it (the text says it too: ✓, ✗, –)."""
    style = fmt.neutral if status.ok is None else fmt.ok if status.ok else fmt.fail
    ws.write_string(row, col, status.text, style)
