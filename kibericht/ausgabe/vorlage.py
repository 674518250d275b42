"""The blank Tätigkeitsnachweis for one KI and year: good data starts at the source.

`write_template(config, 2025, Path("Vorlage.xlsx"), stelle="FK1")` writes a workbook with
an "Anleitung" sheet, one sheet per month ("Jan 2025" … "Dez 2025") whose header row uses the
canonical column names of `schemas/`, and dropdown lists fed from the configuration. The
lists live on a hidden sheet "Listen" (a list typed into the validation itself may hold only
255 characters); its first cell carries `LISTEN_KENNUNG` so that `read` skips it.

A template for one Stelle (`stelle="FK1"`) has no Stelle column: the Stelle stands above the header
of every month sheet (`Stelle | FK1 | Fachkraft …`), and `pruefen` reads it for every row of the
sheet (see `pruefen.kopfzeile.blatt_stelle`). So staff cannot pick a wrong one, and no formula
fills hundreds of empty rows.

Printed, a month sheet shows its header rows and the filled rows only: a dynamic print area
(`_xlnm.Print_Area` = OFFSET up to the last filled row) for Excel; LibreOffice does not evaluate
such a print area and prints the used area, which the formatted empty rows do not extend.

The file is the same byte for byte for the same configuration and year (fixed creation date)
and is written atomically.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from kibericht.ausgabe.atomar import write_bytes_atomic
from kibericht.konfig import KIConfig
from kibericht.lesen.arbeitsmappe import LISTEN_KENNUNG
from kibericht.periode import MONATSKURZ, MONATSNAMEN
from kibericht.schema import load_schema
from kibericht.zahlen import de_kurz

LISTEN_BLATT = "Listen"
ZEILEN = 200  # empty, formatted entry rows per month sheet
KOPFZEILE = 2  # 0-based row of the header on a month sheet (under two title rows)
# the dynamic print area looks this far for filled rows (rows typed below the formatted ones count)
DRUCK_BIS_ZEILE = 2000
# a quarter of an hour typed as a duration („0:15“ is 1/96 of a day in the cell); a decimal such
# as 0,25 is larger, so both ways of writing hours pass the cell check
STUNDEN_MIN_ZELLE = 1 / 96
ANLEITUNG_BREITEN = (22, 13, 68)  # columns of the instruction sheet, in characters
# what staff read in the instructions where the schema's description speaks to the Leitung
SPALTENTEXT = {"Mitarbeiter/in": "Ihr Name oder Kürzel (freiwillig); die Berichte an Land und Ausschuss "
                                 "zeigen keine Namen"}

# the hidden lists sheet: (list, column) in this order
LISTEN = ("Stelle", "Handlungsfeld", "Schwerpunkt", "Tätigkeit", "Kommune")
TEXT_COLUMNS = ("Mitarbeiter/in", "Handlungsfeld", "Schwerpunkt", "Tätigkeit", "Kommune",
                "Beschreibung")


class VorlageError(ValueError):
    """The template cannot be built as asked (German message for the user)."""


def sheet_name(jahr: int, monat: int) -> str:
    """`Jan 2025`, as the month sheets of the sample logs are named."""
    return f"{MONATSKURZ[monat - 1]} {jahr}"


def write_template(config: KIConfig, jahr: int, path: Path, stelle: str | None = None) -> Path:
    """Write the template to `path` atomically and return the path."""
    write_bytes_atomic(path, build_template(config, jahr, stelle))
    return path


def build_template(config: KIConfig, jahr: int, stelle: str | None = None) -> bytes:
    """The template workbook as bytes; raises VorlageError for an unknown Stelle."""
    ids = [s.id for s in config.stellen]
    if stelle is not None and stelle not in ids:
        raise VorlageError(f"Die Stelle „{stelle}“ steht nicht im Stellenplan ({config.datei}). "
                           f"Bekannt: {', '.join(ids) or 'keine'}.")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    workbook.set_properties({
        "title": f"Tätigkeitsnachweis {jahr}", "subject": config.name, "author": "kibericht",
        "created": dt.datetime(jahr, 1, 1),
    })
    formats = _Formats(workbook)
    lists = _lists(config, jahr)
    sources = _list_sources(lists)
    _write_anleitung(workbook, formats, config, jahr, stelle, lists)
    for monat in range(1, 13):
        _write_month(workbook, formats, config, jahr, monat, stelle, sources)
    _write_lists(workbook, lists)
    workbook.close()
    return buffer.getvalue()


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook):
        border = {"border": 1, "border_color": "#BFBFBF", "valign": "top"}
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.bold = workbook.add_format({"bold": True, "valign": "top"})
        self.top = workbook.add_format({"valign": "top"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                         "text_wrap": True, "valign": "top"})
        self.cell = {
            "Datum": workbook.add_format({**border, "num_format": "DD.MM.YYYY"}),
            # General: a typed 1:30 keeps the time format Excel and LibreOffice give it, and is
            # read as 1,5 hours; a typed 1,5 stays 1,5
            "Stunden": workbook.add_format(border),
            "Teilnehmende": workbook.add_format({**border, "num_format": "0"}),
            "Stelle": workbook.add_format(border),
        }
        text = workbook.add_format({**border, "num_format": "@"})
        wrapped = workbook.add_format({**border, "num_format": "@", "text_wrap": True})
        for name in TEXT_COLUMNS:
            self.cell[name] = wrapped if name == "Beschreibung" else text


def _lists(config: KIConfig, jahr: int) -> dict[str, list[str]]:
    return {
        "Stelle": [s.id for s in config.stellen],
        "Handlungsfeld": list(load_schema().handlungsfelder),
        "Schwerpunkt": [s.id for s in config.schwerpunkte if s.gilt_im_jahr(jahr)],
        "Tätigkeit": list(config.taetigkeiten),
        "Kommune": list(config.kommunen_mit_kreisweit),
    }


def _list_sources(lists: dict[str, list[str]]) -> dict[str, str]:
    """The validation source per column: its range on the lists sheet (values from row 3)."""
    sources = {}
    for col, name in enumerate(LISTEN):
        if lists[name]:
            first = xl_rowcol_to_cell(2, col, row_abs=True, col_abs=True)
            last = xl_rowcol_to_cell(1 + len(lists[name]), col, row_abs=True, col_abs=True)
            sources[name] = f"={LISTEN_BLATT}!{first}:{last}"
    return sources


def _write_lists(workbook: xlsxwriter.Workbook, lists: dict[str, list[str]]) -> None:
    """The hidden sheet with one list per column, under a marker cell that `read` recognises."""
    ws = workbook.add_worksheet(LISTEN_BLATT)
    ws.write_string(0, 0, LISTEN_KENNUNG)
    for col, name in enumerate(LISTEN):
        # "Liste …" rather than the bare column name, so the row is never taken for a header
        ws.write_string(1, col, f"Liste {name}")
        ws.set_column(col, col, 20)
        for i, value in enumerate(lists[name]):
            ws.write_string(2 + i, col, value)
    ws.hide()


def _write_anleitung(workbook, formats: _Formats, config: KIConfig, jahr: int, stelle: str | None,
                     lists: dict[str, list[str]]) -> None:
    """The instructions for staff, on one printed A4 page: every long text wraps inside the page
    width (merged over the three columns or in the wide third column) with a row height to match."""
    schema = load_schema()
    ws = workbook.add_worksheet("Anleitung")
    for j, breite in enumerate(ANLEITUNG_BREITEN):
        ws.set_column(j, j, breite)
    gesamt = sum(ANLEITUNG_BREITEN)
    row = 0

    def hoehe(text: str, breite: float) -> None:
        lines = _zeilen(text, breite)
        if lines > 1:
            ws.set_row(row, 13 * lines)

    def line(text: str = "", fmt=None) -> None:
        """A line over the whole width."""
        nonlocal row
        if text:
            ws.merge_range(row, 0, row, 2, text, fmt or formats.wrap)
            hoehe(text, gesamt)
        row += 1

    def cells(a: str, b: str, c: str, fmt_a=None) -> None:
        """A row of the three columns; the third wraps."""
        nonlocal row
        ws.write_string(row, 0, a, fmt_a or formats.top)
        if b:
            ws.write_string(row, 1, b, formats.top)
        ws.write_string(row, 2, c, formats.wrap)
        hoehe(c, ANLEITUNG_BREITEN[2])
        row += 1

    line(f"Tätigkeitsnachweis {jahr} – Anleitung", formats.title)
    line(config.name, formats.bold)
    own = config.stelle(stelle) if stelle is not None else None
    if own is not None:
        line(f"Vorlage für die Stelle {own.id} ({own.bezeichnung})")
    line()
    first, last = sheet_name(jahr, 1), sheet_name(jahr, 12)
    if own is None:
        pflicht = ("Pflichtangaben sind Datum, Stelle, Handlungsfeld, Tätigkeit und Stunden. Die übrigen "
                   "Spalten füllen Sie aus, wenn sie zutreffen.")
        listen = "Stelle, Handlungsfeld, Schwerpunkt, Tätigkeit und Kommune"
        unveraendert = "die Überschriften, die Spaltenreihenfolge und die Blattnamen"
    else:
        pflicht = (f"Die Stelle ist schon eingetragen: {own.id} steht oben auf jedem Monatsblatt und gilt "
                   "für alle Zeilen des Blatts; eine Spalte Stelle gibt es deshalb nicht. Pflichtangaben "
                   "sind Datum, Handlungsfeld, Tätigkeit und Stunden. Die übrigen Spalten füllen Sie aus, "
                   "wenn sie zutreffen.")
        listen = "Handlungsfeld, Schwerpunkt, Tätigkeit und Kommune"
        unveraendert = (f"die Stelle {own.id} oben, die Überschriften, die Spaltenreihenfolge und die "
                        "Blattnamen")
    for text in (
        f"Für jeden Monat gibt es ein eigenes Blatt ({first} bis {last}). Tragen Sie jede Tätigkeit "
        "in eine eigene Zeile des Monatsblatts ein.",
        pflicht,
        f"In den Spalten {listen} wählen Sie einen Eintrag aus der Auswahlliste (Pfeil rechts neben der "
        "Zelle).",
        "Stunden als Zahl mit Komma (1,5 = eineinhalb Stunden, 0,25 = eine Viertelstunde) oder als Dauer "
        f"mit Doppelpunkt (1:30); höchstens {de_kurz(schema.stunden_max)} je Zeile.",
        f"Lassen Sie {unveraendert} unverändert. Leerzeilen stören nicht.",
        "Gedruckt werden von jedem Monatsblatt die Überschriften und die ausgefüllten Zeilen, keine "
        "leeren Seiten.",
        "Das Blatt „Listen“ ist ausgeblendet und enthält die Auswahllisten; bitte nicht ändern.",
    ):
        line(f"• {text}")
    line()

    ws.write_string(row, 0, "Spalte", formats.head)
    ws.write_string(row, 1, "Pflicht", formats.head)
    ws.write_string(row, 2, "Was tragen Sie ein?", formats.head)
    row += 1
    for column in schema.columns:
        if own is not None and column.name == "Stelle":
            continue
        cells(column.name, "ja" if column.pflicht else "nein",
              SPALTENTEXT.get(column.name, column.beschreibung), formats.bold)
    line()

    line("Stellen" if own is None else "Ihre Stelle", formats.bold)
    for s in config.stellen if own is None else [own]:
        cells(s.id, f"{de_kurz(s.umfang)} VZÄ", f"{s.bezeichnung} ({s.art})")
    line()

    line(f"Themenschwerpunkte {jahr}", formats.bold)
    valid = [s for s in config.schwerpunkte if s.gilt_im_jahr(jahr)]
    if not valid:
        line(f"Für {jahr} sind keine Themenschwerpunkte konfiguriert; lassen Sie die Spalte leer.")
    for s in valid:
        cells(s.id, s.handlungsfeld, s.titel)
    line("Dient eine Tätigkeit keinem Schwerpunkt, lassen Sie die Zelle Schwerpunkt leer.")
    line()

    line("Auswahllisten", formats.bold)
    for name, label in (("Tätigkeit", "Tätigkeiten"), ("Kommune", "Kommunen"),
                        ("Handlungsfeld", "Handlungsfelder")):
        cells(label, "", ", ".join(lists[name]))
    ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 1)
    ws.hide_gridlines(2)
    ws.set_footer(f"&L{_kopf(config.name)}&RTätigkeitsnachweis {jahr} – Anleitung")
    ws.activate()


def _zeilen(text: str, breite: float) -> int:
    """Lines a wrapped text needs in a column `breite` characters wide (about 1,2 characters of
    Calibri 11 per unit of width)."""
    per_line = max(int(breite * 1.15) - 1, 1)
    return max(-(-len(text) // per_line), 1)


def _kopf(text: str) -> str:
    """User text in a header or footer: `&` doubled (it starts a code), at most 80 characters."""
    return (text if len(text) <= 80 else text[:79] + "…").replace("&", "&&")


def _write_month(workbook, formats: _Formats, config: KIConfig, jahr: int, monat: int,
                 stelle: str | None, sources: dict[str, str]) -> None:
    schema = load_schema()
    # a template for one Stelle names it above the header (`pruefen` reads it for every row)
    columns = [c for c in schema.columns if not (stelle is not None and c.name == "Stelle")]
    names = [c.name for c in columns]
    col = {name: j for j, name in enumerate(names)}
    first_row, last_row = KOPFZEILE + 1, KOPFZEILE + ZEILEN
    name = sheet_name(jahr, monat)
    ws = workbook.add_worksheet(name)

    ws.write_string(0, 0, f"Tätigkeitsnachweis {MONATSNAMEN[monat - 1]} {jahr}", formats.title)
    if stelle is None:
        ws.write_string(1, 0, config.name, formats.bold)
    else:
        ws.write_string(1, 0, "Stelle", formats.bold)
        ws.write_string(1, 1, stelle, formats.bold)
        ws.write_string(1, 2, f"{config.stelle(stelle).bezeichnung} – {config.name}", formats.bold)
    for j, column in enumerate(columns):
        ws.write_string(KOPFZEILE, j, column.name, formats.head)
        ws.set_column(j, j, column.breite)
    ws.set_row(KOPFZEILE, 30)

    for r in range(first_row, last_row + 1):
        for column_name in names:
            ws.write_blank(r, col[column_name], None, formats.cell[column_name])

    def validate(name: str, options: dict) -> None:
        j = col[name]
        ws.data_validation(first_row, j, last_row, j, options)

    days = calendar.monthrange(jahr, monat)[1]
    month_text = f"{MONATSNAMEN[monat - 1]} {jahr}"
    validate("Datum", {
        "validate": "date", "criteria": "between",
        "minimum": dt.date(jahr, monat, 1), "maximum": dt.date(jahr, monat, days),
        "input_title": "Datum", "input_message": f"Tag der Tätigkeit im {month_text}, z. B. "
        f"{dt.date(jahr, monat, 1):%d.%m.%Y}.",
        "error_title": "Datum außerhalb des Monats",
        "error_message": f"Bitte ein Datum im {month_text} eingeben (TT.MM.JJJJ). Tätigkeiten "
        "anderer Monate gehören auf deren Blatt.",
    })
    for list_name in LISTEN:
        if list_name not in sources or list_name not in col:
            continue
        validate(list_name, {
            "validate": "list", "source": sources[list_name],
            "error_title": f"Unbekannte Angabe: {list_name}"[:32],
            "error_message": f"Bitte einen Eintrag aus der Auswahlliste wählen (Spalte {list_name}). "
            "Die Listen stehen auch im Blatt „Anleitung“.",
        })
    validate("Stunden", {
        # a typed 1:30 is the number 0,0625 (a sixteenth of a day): the check accepts durations
        # from a quarter of an hour (0:15) as well as hours written as numbers
        "validate": "decimal", "criteria": "between",
        "minimum": STUNDEN_MIN_ZELLE, "maximum": schema.stunden_max,
        "input_title": "Stunden",
        "input_message": "Dauer in Stunden: 1,5 oder 1:30 = eineinhalb Stunden, 0,25 oder 0:15 = eine "
        f"Viertelstunde; höchstens {de_kurz(schema.stunden_max)}.",
        "error_title": "Stunden ungültig",
        "error_message": "Bitte die Dauer als Zahl (1,5) oder mit Doppelpunkt (1:30) eingeben, mindestens "
        f"eine Viertelstunde, höchstens {de_kurz(schema.stunden_max)} Stunden.",
    })
    validate("Teilnehmende", {
        "validate": "integer", "criteria": ">=", "value": 0,
        "error_title": "Teilnehmende ungültig",
        "error_message": "Bitte eine ganze Zahl ab 0 eingeben oder die Zelle leer lassen.",
    })

    ws.freeze_panes(KOPFZEILE + 1, 0)
    ws.autofilter(KOPFZEILE, 0, last_row, len(names) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(KOPFZEILE)
    ws.set_footer(f"&L{_kopf(config.name)}&CTätigkeitsnachweis {month_text}&RSeite &P von &N")
    workbook.define_name(f"{_blattbezug(name)}!_xlnm.Print_Area", druckbereich(name, len(names)))


def _blattbezug(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def druckbereich(name: str, breite: int) -> str:
    """The print area of a month sheet: from A1 down to its last filled row (at least the header),
    `breite` columns wide. A cell counts as filled when it holds more than spaces.

        >>> druckbereich("Jan 2025", 10)[:39]
        "=OFFSET('Jan 2025'!$A$1,0,0,MAX(3,SUMPR"
    """
    sheet = _blattbezug(name)
    cells = (f"{sheet}!$A${KOPFZEILE + 2}:${xl_col_to_name(breite - 1)}${DRUCK_BIS_ZEILE}")
    last = f"SUMPRODUCT(MAX(ROW({cells})*(LEN(TRIM({cells}))>0)))"
    return f"=OFFSET({sheet}!$A$1,0,0,MAX({KOPFZEILE + 1},{last}),{breite})"
