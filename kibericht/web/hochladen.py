"""Receive one uploaded workbook („Eigene Datei prüfen“): streamed into a private folder of its
own, limited in size while it arrives, never into the KI's logs.

- The request must be a form (`multipart/form-data`) whose CSRF field comes before the file
  (the page's form has it first, as browsers send fields in their order); a file part before a
  valid CSRF token is refused before a byte of it is kept.
- At most `MAX_BYTES` (20 MB): a Content-Length above it is refused before reading, and the
  bytes are counted as they arrive, so a request without a length (chunked) stops at the limit
  too. What arrived is deleted.
- The file lands in a new folder (mode 0700, inside the server's own private folder) under its
  own name cleaned of any path, so the check sees the name staff gave it (the year in a file
  name counts) and nothing else lies beside it. The caller deletes the folder after the check
  (`Hochgeladen.loeschen`).

The file itself then goes through the same checks as any log (`anwendung.pruefen`: zip bombs,
DTDs, encrypted and old formats are findings, never a crash).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from kibericht.web.zugang import CSRF_FELD

MAX_BYTES = 20 * 1024 * 1024
RAND = 64 * 1024  # room for the form's other fields and the multipart headers
MAX_FELD = 1024
ENDUNGEN = (".xlsx", ".xlsm", ".ods", ".csv", ".xls")
NAMENSZEICHEN = re.compile(r"[^\w .,()+&\-]", re.UNICODE)


class UploadFehler(Exception):
    """An upload refused: its HTTP status and a German message."""

    def __init__(self, status: int, meldung: str) -> None:
        super().__init__(meldung)
        self.status = status
        self.meldung = meldung


@dataclass(frozen=True)
class Hochgeladen:
    """A file received: the folder that holds only it, its path, the name given, its size."""

    ordner: Path
    pfad: Path
    name: str
    groesse: int

    def loeschen(self) -> None:
        shutil.rmtree(self.ordner, ignore_errors=True)


def dateiname(roh: str) -> str:
    """The name of an uploaded file without any path, without characters a file name should not
    have; an UploadFehler for a name that is empty or not a workbook."""
    name = re.split(r"[/\\]", roh)[-1].strip()
    name = NAMENSZEICHEN.sub("_", name.lstrip(".~$ "))[-120:].lstrip(". ")
    if not name or Path(name).suffix.lower() not in ENDUNGEN:
        raise UploadFehler(400, f"„{roh[-80:] or '(ohne Namen)'}“ ist keine Arbeitsmappe. Geprüft werden "
                           "Tätigkeitsnachweise als .xlsx, .xlsm, .ods oder .csv.")
    return name


class _Empfang:
    """The callbacks of the multipart parser: fields into memory (small), the file to disk."""

    def __init__(self, ordner: Path, csrf_gueltig: Callable[[str | None], bool], max_bytes: int) -> None:
        self.ordner = ordner
        self.csrf_gueltig = csrf_gueltig
        self.max_bytes = max_bytes
        self.felder: dict[str, str] = {}
        self.datei: Path | None = None
        self.name: str | None = None
        self.groesse = 0
        self._kopf_name = b""
        self._kopf_wert = b""
        self._disposition = b""
        self._feld: str | None = None
        self._daten = bytearray()
        self._ausgabe: int | None = None  # file descriptor of the file part being written

    def on_part_begin(self) -> None:
        self._disposition, self._feld, self._daten = b"", None, bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._kopf_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._kopf_wert += data[start:end]

    def on_header_end(self) -> None:
        if self._kopf_name.lower() == b"content-disposition":
            self._disposition = self._kopf_wert
        self._kopf_name, self._kopf_wert = b"", b""

    def on_headers_finished(self) -> None:
        _, optionen = parse_options_header(self._disposition)
        self._feld = optionen.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in optionen:
            return
        if self.datei is not None:
            raise UploadFehler(400, "Bitte prüfen Sie eine Datei nach der anderen.")
        if not self.csrf_gueltig(self.felder.get(CSRF_FELD)):
            raise UploadFehler(403, "Das Formular ist abgelaufen. Laden Sie die Seite neu und wählen Sie die "
                               "Datei noch einmal.")
        self.name = dateiname(optionen[b"filename"].decode("utf-8", "replace"))
        self.datei = self.ordner / self.name
        self._ausgabe = os.open(self.datei, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                                0o600)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        teil = data[start:end]
        if self._ausgabe is None:
            if len(self._daten) + len(teil) > MAX_FELD:
                raise UploadFehler(400, "Das Formular enthält unerwartete Daten.")
            self._daten.extend(teil)
            return
        self.groesse += len(teil)
        if self.groesse > self.max_bytes:
            raise UploadFehler(413, _zu_gross(self.max_bytes))
        os.write(self._ausgabe, teil)

    def on_part_end(self) -> None:
        if self._ausgabe is not None:
            os.close(self._ausgabe)
            self._ausgabe = None
        elif self._feld is not None:
            if len(self.felder) >= 8:
                raise UploadFehler(400, "Das Formular enthält unerwartete Daten.")
            self.felder[self._feld] = self._daten.decode("utf-8", "replace")

    def schliessen(self) -> None:
        if self._ausgabe is not None:
            os.close(self._ausgabe)
            self._ausgabe = None


def _zu_gross(max_bytes: int) -> str:
    return (f"Die Datei ist größer als {max_bytes // (1024 * 1024)} MB und wird nicht angenommen. Ein "
            "Tätigkeitsnachweis eines Jahres hat wenige hundert Kilobyte; prüfen Sie, ob Sie die richtige "
            "Datei gewählt haben.")


async def empfangen(headers: dict[str, str], stream: AsyncIterator[bytes], ordner: Path,
                    csrf_gueltig: Callable[[str | None], bool], max_bytes: int = MAX_BYTES) -> Hochgeladen:
    """Receive the one file of a multipart form into a new private folder inside `ordner`
    (see the module). Raises UploadFehler; nothing is left behind then."""
    art, optionen = parse_options_header(headers.get("content-type", ""))
    if art != b"multipart/form-data" or b"boundary" not in optionen:
        raise UploadFehler(400, "Bitte wählen Sie die Datei über das Formular der Seite aus.")
    laenge = headers.get("content-length")
    if laenge is not None and laenge.isdigit() and int(laenge) > max_bytes + RAND:
        raise UploadFehler(413, _zu_gross(max_bytes))
    ordner.mkdir(parents=True, exist_ok=True, mode=0o700)
    eigener = Path(tempfile.mkdtemp(prefix="hochgeladen-", dir=ordner))  # mode 0700
    empfang = _Empfang(eigener, csrf_gueltig, max_bytes)
    callbacks = {name: getattr(empfang, name) for name in (
        "on_part_begin", "on_part_data", "on_part_end", "on_header_field", "on_header_value", "on_header_end",
        "on_headers_finished")}
    try:
        parser = MultipartParser(optionen[b"boundary"], callbacks)  # type: ignore[arg-type]
        gelesen = 0
        async for chunk in stream:
            gelesen += len(chunk)
            if gelesen > max_bytes + RAND:
                raise UploadFehler(413, _zu_gross(max_bytes))
            parser.write(chunk)
        parser.finalize()
        if empfang.datei is None or empfang.name is None:
            raise UploadFehler(400, "Es wurde keine Datei übertragen. Wählen Sie eine Arbeitsmappe aus.")
        empfang.schliessen()
        return Hochgeladen(eigener, empfang.datei, empfang.name, empfang.groesse)
    except UploadFehler:
        empfang.schliessen()
        shutil.rmtree(eigener, ignore_errors=True)
        raise
    except Exception:  # the parser's own errors (a broken form): German, nothing kept
        empfang.schliessen()
        shutil.rmtree(eigener, ignore_errors=True)
        raise UploadFehler(400, "Die Übertragung war unvollständig oder beschädigt. Versuchen Sie es noch "
                           "einmal.") from None
