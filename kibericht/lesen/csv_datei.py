"""Read a Tätigkeitsnachweis saved as CSV, as German Excel writes it.

German Excel saves "CSV (Trennzeichen-getrennt)" with `;` between the cells, a decimal comma
(`1,5`) and dates as `03.03.2025`, in Windows-1252 – or, as "CSV UTF-8", in UTF-8 with a byte
order mark. Every cell arrives as text; `pruefen` parses dates and hours from text as it does for
text cells of a workbook, and finds the header by the same rules. The file becomes one sheet named
after the file.

    >>> sheets, findings = read_csv(Path("TN_FK1_2025.csv"))       # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from kibericht.befunde import Code, Finding, befund, ursache
from kibericht.lesen.dateien import (
    KeineRegulaereDatei,
    display_name,
    open_regular,
    read_bounded,
    sonderdatei_befund,
)
from kibericht.lesen.rohblatt import MAX_COLUMNS, RawSheet

# a year of a KI's logs is a few hundred KB; beyond this a CSV is not a Tätigkeitsnachweis
MAX_CSV_BYTES = 256 * 1024**2
TRENNZEICHEN = (";", ",", "\t")


def ist_csv(path: Path) -> bool:
    """A file named .csv that is not a zip or OLE package (an .xlsx renamed to .csv is read as
    the workbook it is)."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with open_regular(path) as fh:
            head = fh.read(8)
    except OSError:
        return True  # read_csv reports why it cannot be read
    return not head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))


def _decode(data: bytes) -> str | None:
    """The text of a CSV: UTF-8 (with or without BOM), else Windows-1252; None for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    return None if "\x00" in text[:4096] or control > 8 else text


def _delimiter(text: str) -> str:
    """`;` as German Excel writes it, unless the first lines clearly use another separator."""
    sample = "\n".join(text.splitlines()[:20])
    counts = {d: sample.count(d) for d in TRENNZEICHEN}
    best = max(TRENNZEICHEN, key=lambda d: counts[d])
    return ";" if counts[";"] or not counts[best] else best


def read_csv(path: Path) -> tuple[list[RawSheet], list[Finding]]:
    """The CSV as one sheet of text cells, or a finding why it cannot be read."""
    datei = display_name(path)
    too_big = [befund(Code.DATEI_ZU_GROSS, datei, meldung=f"Die CSV-Datei ist größer als "
                      f"{MAX_CSV_BYTES // 1024**2} MB; ein Tätigkeitsnachweis hat weit weniger. Sie wird "
                      "nicht gelesen.")]
    try:
        with open_regular(path) as fh:
            if os.fstat(fh.fileno()).st_size > MAX_CSV_BYTES:
                return [], too_big
            # bounded also where the size is not known beforehand (a file still growing)
            data = read_bounded(fh, MAX_CSV_BYTES)
        if data is None:
            return [], too_big
    except KeineRegulaereDatei:
        return [], [sonderdatei_befund(path)]
    except OSError as exc:
        return [], [befund(Code.DATEI_UNLESBAR, datei, meldung=f"Die Datei kann nicht gelesen werden "
                           f"({ursache(exc)}).")]
    if not data.strip():
        return [], [befund(Code.DATEI_LEER, datei, meldung="Die CSV-Datei ist leer. Speichern Sie den "
                           "Tätigkeitsnachweis erneut aus Excel.")]
    text = _decode(data)
    if text is None:
        return [], [befund(Code.DATEI_KEIN_EXCEL, datei, meldung="Die Datei heißt .csv, enthält aber keinen "
                           "Text. Speichern Sie den Nachweis in Excel als „CSV (Trennzeichen-getrennt)“ "
                           "oder als .xlsx.")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, breite = [], 0
    try:
        for row in reader:
            breite = max(breite, len(row))
            rows.append([cell if cell.strip() else None for cell in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        return [], [befund(Code.DATEI_UNLESBAR, datei, meldung=f"Die CSV-Datei ist fehlerhaft aufgebaut "
                           f"(Zeile {reader.line_num}: {_csv_fehler(exc)}). Speichern Sie sie in Excel "
                           "neu.")]
    findings = []
    if breite > MAX_COLUMNS:  # as for a sheet of a workbook
        findings.append(befund(Code.BLATT_ZU_BREIT, datei, path.stem,
                               meldung=f"Die Datei hat {breite} Spalten; gelesen werden nur die ersten "
                               f"{MAX_COLUMNS}."))
    return [RawSheet(datei=datei, blatt=path.stem, rows=rows, erste_zeile=1, erste_spalte=0,
                     ist_csv=True)], findings


def _csv_fehler(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return "ein Feld ist unplausibel lang"
    if "new-line character seen in unquoted field" in text or "line contains NUL" in text:
        return "unerwartete Steuerzeichen"
    return "ungültiges Anführungszeichen oder Trennzeichen"
