"""What every sheet of the report workbook shares: the workbook it is written into (`Mappe`), its
entry in the list of sheets (`Blatt`), and its print setup.

Every sheet prints on A4 with the KI, the report's title and the Stand in its header and
„Seite x von y“ in its footer; a sheet's title stands in A1, the KI and the period under it.
Its rows are laid out on the printed pages by its `Satz` (`ausgabe.satz`), its tables by
`blaetter.tabelle`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kibericht.ausgabe.abschnitte import Abschnitte
from kibericht.ausgabe.diagramme import Diagramm
from kibericht.ausgabe.satz import (
    RAND_LINKS,
    RAND_OBEN,
    RAND_RECHTS,
    RAND_UNTEN,
    TITEL,
    UNTERTITEL,
    ZEILE,
    Satz,
    zeilen,
)
from kibericht.ausgabe.texte import Status
from kibericht.ausgabe.zellformate import Formats
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


def neues_blatt(mappe: Mappe, name: str, breiten: Sequence[float], hochformat: bool = False) -> Satz:
    """A sheet that prints: A4, header with KI, period and Stand, footer with page numbers; its
    columns `breiten` characters wide. Returns its layout (`Satz`); the sheet's module ends it
    with `Satz.fertig()`."""
    ws = mappe.wb.add_worksheet(name)
    ws.hide_gridlines(2)
    ws.set_paper(9)
    if hochformat:
        ws.set_portrait()
    else:
        ws.set_landscape()
    ws.set_margins(left=RAND_LINKS, right=RAND_RECHTS, top=RAND_OBEN, bottom=RAND_UNTEN)
    t = mappe.teile.titel
    ki = _kopf_text(t.ki, 90)
    periode = _kopf_text(t.titel, 60)
    fassung = f" – {t.fassung}" if t.fassung else ""
    # XlsxWriter refuses a header or footer longer than 255 characters
    ws.set_header(f'&L&"Arial,Bold"&9{ki}&R&9{periode}{fassung}', {"margin": 0.35})
    ws.set_footer(f"&L&8{_kopf_text(t.stand, 40)}&C&8{_kopf_text(name, 40)}&R&8Seite &P von &N",
                  {"margin": 0.35})
    return Satz(ws, breiten, hochformat)


def textzeile_hoehe(satz: Satz, text: str, groesse: float = 10.0, fett: bool = False) -> float:
    """The height of `text` across the sheet's width, in a font of `groesse` points."""
    n = zeilen(text, satz.breite(), fett=fett, groesse=groesse)
    return {15.0: TITEL, 11.0: UNTERTITEL}.get(groesse, ZEILE) + (n - 1) * groesse * 1.3


def textzeile(satz: Satz, text: str, fmt, groesse: float = 10.0, fett: bool = False) -> int:
    """A line of text across the sheet's width (its columns merged), wrapped where it is longer,
    as high as it needs; returns its row. `fmt` must wrap text; `groesse`, `fett`: its font."""
    row = satz.zeile(textzeile_hoehe(satz, text, groesse, fett))
    satz.ws.merge_range(row, 0, row, len(satz.breiten) - 1, text, fmt)
    return row


def ueberschrift(satz: Satz, mappe: Mappe, title: str) -> None:
    """The sheet's title, the KI and the period under it, and an empty row."""
    textzeile(satz, title, mappe.fmt.title, groesse=15.0, fett=True)
    textzeile(satz, f"{mappe.teile.titel.ki} – {mappe.teile.titel.zeitraum_titel}", mappe.fmt.subtitle,
              groesse=11.0, fett=True)
    satz.abstand()


def notiz(satz: Satz, fmt: Formats, text: str) -> int:
    """A note across the sheet's width, wrapped, so that it never runs past the printed width;
    returns its row."""
    return textzeile(satz, text, fmt.note_wrap)


def fussnote(satz: Satz, mappe: Mappe) -> None:
    """The public version: „. = Zahlenwert geheim zu halten“ under a sheet's tables (nothing in
    the internal version)."""
    if mappe.teile.fussnote:
        notiz(satz, mappe.fmt, mappe.teile.fussnote)


def status_zelle(ws: Worksheet, fmt: Formats, row: int, col: int, status: Status) -> None:
    """A verdict in a cell coloured by it (the text says it too: ✓, ✗, –)."""
    style = fmt.neutral if status.ok is None else fmt.ok if status.ok else fmt.fail
    ws.write_string(row, col, status.text, style)
