"""Files the browser may download, each under a random ID: reports, marked copies and templates
written by a job into the server's private folder. The browser names an ID, never a path; an ID
the server did not hand out is 404.

    eintrag = downloads.anmelden(pfad, "Monatsbericht_2025-03.pdf")
    f"/dateien/{eintrag.id}"            # the link on the page
"""

from __future__ import annotations

import mimetypes
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

BEHALTEN = 200

ARTEN = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".pdf": "application/pdf", ".png": "image/png", ".json": "application/json",
         ".csv": "text/csv; charset=utf-8", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
         ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12"}


@dataclass(frozen=True)
class Download:
    """A file offered for download: its ID, where it lies on the server, the name it is saved as."""

    id: str
    pfad: Path
    name: str

    @property
    def url(self) -> str:
        return f"/dateien/{self.id}"

    @property
    def medientyp(self) -> str:
        suffix = Path(self.name).suffix.lower()
        return ARTEN.get(suffix) or mimetypes.guess_type(self.name)[0] or "application/octet-stream"


class Downloads:
    """The files offered by this server (the newest `BEHALTEN`)."""

    def __init__(self) -> None:
        self._eintraege: OrderedDict[str, Download] = OrderedDict()
        self._sperre = threading.Lock()

    def anmelden(self, pfad: Path, name: str | None = None) -> Download:
        eintrag = Download(secrets.token_urlsafe(16), Path(pfad), name or Path(pfad).name)
        with self._sperre:
            self._eintraege[eintrag.id] = eintrag
            while len(self._eintraege) > BEHALTEN:
                self._eintraege.popitem(last=False)
        return eintrag

    def holen(self, download_id: str) -> Download | None:
        with self._sperre:
            eintrag = self._eintraege.get(download_id)
        return eintrag if eintrag is not None and eintrag.pfad.is_file() else None
