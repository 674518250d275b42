"""kibericht's own files among the inputs: its reports and its marked copies are no logs.

A report workbook and a marked copy carry a custom document property `kibericht` (in
`docProps/custom.xml`, kept when Excel or LibreOffice save the file again):

- `Bericht` — a report; it is never read as a Tätigkeitsnachweis;
- `markierte Kopie von FK1.xlsx` — a marked copy; it is not read while a file of that name is
  among the inputs too (the original), so a `markiert/` folder left inside the logs counts
  nothing twice. A corrected copy that has taken the original's place is read as usual.

    >>> kennung(Path("berichte/Monatsbericht_2025-03.xlsx"))       # doctest: +SKIP
    'Bericht'
    >>> original_der_kopie("markierte Kopie von FK1.xlsx"), original_der_kopie("Bericht")
    ('FK1.xlsx', None)
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kibericht.lesen.dateien import open_regular
from kibericht.lesen.teile import teile

EIGENSCHAFT = "kibericht"
BERICHT = "Bericht"
KOPIE = "markierte Kopie von "
MAX_BYTES = 64 * 1024  # docProps/custom.xml holds a few properties

_PROPERTY = re.compile(rb'<property\b[^>]*\bname="kibericht"[^>]*>\s*<vt:lpwstr>([^<]{0,500})</vt:lpwstr>')


def kennung(path: Path) -> str | None:
    """The value of the `kibericht` document property, or None (also for any file that is not a
    readable zip package: the package check reports those)."""
    try:
        with open_regular(path) as fh, zipfile.ZipFile(fh) as archive:
            member = teile(archive).get("docprops/custom.xml")
            if member is None or archive.getinfo(member).file_size > MAX_BYTES:
                return None
            match = _PROPERTY.search(archive.read(member))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None
    if match is None:
        return None
    return match.group(1).decode("utf-8", "replace").replace("&amp;", "&")


def original_der_kopie(wert: str | None) -> str | None:
    """The file name of the original a marked copy was made from, or None."""
    return wert[len(KOPIE):] if wert and wert.startswith(KOPIE) else None
