"""The parts of a workbook package as the Open Packaging Conventions name them.

Part names are case-insensitive and written with `/`; some writers store them with backslashes
(`xl\\workbook.xml`) or in other letter case (`[content_types].xml`), and the workbook part need not
be `xl/workbook.xml` at all: `_rels/.rels` says where it is. Readers like python-calamine accept
all of this, so the package checks and the sheet scan find parts the same way.

    >>> teil_name(r"\\xl\\Worksheets\\Sheet1.xml")
    'xl/worksheets/sheet1.xml'
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from defusedxml import ElementTree as SafeET

OFFICE_DOCUMENT = re.compile(r"/officeDocument$")


def teil_name(name: str) -> str:
    """The normalised name of a part: forward slashes, no leading slash, lower case."""
    return name.replace("\\", "/").lstrip("/").casefold()


def teile(archive: zipfile.ZipFile) -> dict[str, str]:
    """Normalised part name → the member name in the zip (the first of equal names)."""
    found: dict[str, str] = {}
    for info in archive.infolist():
        found.setdefault(teil_name(info.filename), info.filename)
    return found


def ziel(quelle: str, target: str) -> str:
    """The part a relationship of part `quelle` points to (`Target` relative to its folder, or
    absolute with a leading slash), normalised."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return teil_name(target)
    return teil_name(posixpath.normpath(posixpath.join(posixpath.dirname(quelle), target)))


def rels_von(teil: str) -> str:
    """The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`."""
    folder, name = posixpath.split(teil_name(teil))
    return posixpath.join(folder, "_rels", f"{name}.rels")


def beziehungen(archive: zipfile.ZipFile, namen: dict[str, str], teil: str) -> list[tuple[str, str, str]]:
    """(Id, Type, target part) of every relationship of `teil`; empty without a rels part."""
    member = namen.get(rels_von(teil))
    if member is None:
        return []
    root = SafeET.fromstring(archive.read(member))
    return [(r.get("Id") or "", r.get("Type") or "", ziel(teil, r.get("Target") or ""))
            for r in root if r.get("Target")]


def arbeitsmappe(archive: zipfile.ZipFile, namen: dict[str, str] | None = None) -> str | None:
    """The normalised name of the workbook part, found through `_rels/.rels` (else the usual
    `xl/workbook.xml` or `xl/workbook.bin`); None when the package holds none."""
    namen = teile(archive) if namen is None else namen
    if "_rels/.rels" in namen:
        for _, typ, target in beziehungen(archive, namen, ""):
            if OFFICE_DOCUMENT.search(typ) and target in namen:
                return target
    for usual in ("xl/workbook.xml", "xl/workbook.bin"):
        if usual in namen:
            return usual
    return None


def ist_ods(namen: dict[str, str]) -> bool:
    """An OpenDocument package: a `mimetype` and a `content.xml`."""
    return "mimetype" in namen and "content.xml" in namen
