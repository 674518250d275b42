"""Find the input files: folders are searched recursively, every file is read once.

    >>> paths, findings = find_files(["nachweise/"])      # doctest: +SKIP
    >>> paths, findings = find_files(["gibt-es-nicht/"])
    >>> paths, [(f.datei, f.code.value) for f in findings]
    ([], [('gibt-es-nicht', 'datei-fehlt')])

- Only regular files are read. A FIFO, a device or a socket named like a workbook is the error
  `datei-sonderdatei` and is never opened: opening a FIFO waits for a writer that never comes,
  and a device such as /dev/zero never ends.
- Symbolic links are followed, to files and to folders, wherever they point: a linked file is
  read as the file it points to. A link that points nowhere is `datei-fehlt`.
- The same file reached by two paths (once relative and once absolute, through a link, or a
  folder plus a file in it) is one file, read once under the spelling met first. Files are told
  apart by (st_dev, st_ino), folders too, so a link back to a parent folder is no loop.
- Excel keeps an owner file `~$Name.xlsx` beside a workbook while it is open (LibreOffice a
  `.~lock.Name.xlsx#`). It is not read; the hint `datei-geoeffnet` says that Name.xlsx is
  probably open, so changes not yet saved there are missing from this run.
- Other hidden files and folders (a name starting with a dot) are skipped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from kibericht.befunde import Code, Finding, befund, ursache

SUFFIXES = (".xlsx", ".xlsm", ".ods")
READ_SUFFIXES = (*SUFFIXES, ".xls", ".csv")
EXCEL_OWNER = "~$"
LIBREOFFICE_LOCK = (".~lock.", "#")


class KeineRegulaereDatei(OSError):
    """The path names a FIFO, a device, a socket or a folder where a file was expected."""


def display_name(path: Path) -> str:
    return path.as_posix()


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading in binary mode; raises `KeineRegulaereDatei` for anything but a
    regular file, without waiting for a FIFO's writer (the open does not block)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise KeineRegulaereDatei(f"not a regular file: {path}")
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(fh: BinaryIO, limit: int) -> bytes | None:
    """At most `limit` bytes of an open file; None when it holds more (never reads more than
    `limit` + 1 bytes, whatever the file's size claims)."""
    data = fh.read(limit + 1)
    return None if len(data) > limit else data


def sonderdatei_befund(path: Path, mode: int | None = None) -> Finding:
    """The error for a path that is no regular file."""
    kind = _art(mode) if mode is not None else "keine gewöhnliche Datei"
    return befund(Code.DATEI_SONDERDATEI, display_name(path), meldung=f"„{path.name}“ ist {kind}, keine "
                  "Datei; sie wird nicht gelesen. Legen Sie die Arbeitsmappe als gewöhnliche Datei in den "
                  "Ordner der Nachweise.")


def _art(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "eine benannte Pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "eine Gerätedatei"
    if stat.S_ISSOCK(mode):
        return "ein Socket"
    return "keine gewöhnliche Datei"


def find_files(inputs: list[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Expand the input arguments to file paths in a stable order, each file once."""
    finder = _Finder()
    for item in inputs:
        path = Path(item)
        try:
            info = path.stat()
        except OSError:
            finder.missing(path)
            continue
        if stat.S_ISDIR(info.st_mode):
            if not finder.folder(path):
                finder.findings.append(befund(Code.ORDNER_LEER, display_name(path), meldung="Im Ordner "
                                              "wurde keine Arbeitsmappe (.xlsx, .xlsm, .ods) und keine "
                                              "CSV-Datei gefunden."))
        else:
            finder.file(path, info)
    return finder.files, finder.findings


class _Finder:
    """The files found so far, by identity, and the findings of the search."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.findings: list[Finding] = []
        self._seen: set[object] = set()
        self._folders_seen: set[object] = set()

    def missing(self, path: Path) -> None:
        text = ("Die Verknüpfung zeigt auf eine Datei, die es nicht gibt. Prüfen Sie den Pfad."
                if path.is_symlink() else "Datei oder Ordner nicht gefunden. Prüfen Sie den Pfad.")
        self.findings.append(befund(Code.DATEI_FEHLT, display_name(path), meldung=text))

    def file(self, path: Path, info: os.stat_result) -> None:
        """Take one file, given or found: a log to read, or a finding why it is not read."""
        if not self._first(path, info):
            return
        if _owner_of(path.name) is not None:
            self.findings.append(_geoeffnet(path))
        elif not stat.S_ISREG(info.st_mode):
            self.findings.append(sonderdatei_befund(path, info.st_mode))
        else:
            self.files.append(path)

    def _first(self, path: Path, info: os.stat_result) -> bool:
        key = _identity(path, info)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def folder(self, top: Path) -> int:
        """Search a folder and its subfolders; returns how many names of logs (or of their lock
        files) it holds."""
        try:
            self._folders_seen.add(_identity(top, top.stat()))
        except OSError:
            pass
        found: list[Path] = []

        def unreadable(exc: OSError) -> None:
            where = Path(exc.filename) if exc.filename else top
            self.findings.append(befund(Code.DATEI_UNLESBAR, display_name(where), meldung="Der Ordner kann "
                                        f"nicht durchsucht werden ({ursache(exc)}); Nachweise darin "
                                        "fehlen in dieser Auswertung."))

        for root, dirs, names in os.walk(top, onerror=unreadable, followlinks=True):
            kept = []
            for d in sorted(dirs):
                if d.startswith("."):
                    continue
                try:
                    key = _identity(Path(root) / d, os.stat(Path(root) / d))
                except OSError:
                    continue  # a link to a folder that is gone: os.walk would not enter it either
                if key not in self._folders_seen:
                    self._folders_seen.add(key)
                    kept.append(d)
            dirs[:] = kept
            # os.walk lists a folder named like a workbook (x.xlsx/) among `dirs`, never here
            found.extend(Path(root) / name for name in names if _is_candidate(name))
        found.sort(key=lambda p: p.as_posix())
        for path in found:
            try:
                info = path.stat()
            except OSError:
                self.missing(path)
                continue
            self.file(path, info)
        return len(found)


def _is_candidate(name: str) -> bool:
    """A name worth a look: a log (`x.xlsx`, `x.csv`), or an owner/lock file of one."""
    if _owner_of(name) is not None:
        return True
    return not name.startswith(".") and name.lower().endswith(READ_SUFFIXES)


def _owner_of(name: str) -> str | None:
    """The workbook an Excel owner file (`~$FK1.xlsx`) or a LibreOffice lock file
    (`.~lock.FK1.xlsx#`) belongs to, or None."""
    if name.startswith(EXCEL_OWNER) and name.lower().endswith(READ_SUFFIXES):
        return name[len(EXCEL_OWNER):]
    start, end = LIBREOFFICE_LOCK
    if name.startswith(start) and name.endswith(end) and name[len(start):-len(end)].lower().endswith(
            READ_SUFFIXES):
        return name[len(start):-len(end)]
    return None


def _geoeffnet(path: Path) -> Finding:
    original = _owner_of(path.name) or ""
    program = "Excel" if path.name.startswith(EXCEL_OWNER) else "LibreOffice"
    if (path.parent / original).exists():
        text = (f"Die Arbeitsmappe „{original}“ ist vermutlich gerade in {program} geöffnet ({program} "
                f"legt „{path.name}“ an, solange sie offen ist). Gelesen wird der zuletzt gespeicherte "
                "Stand; Änderungen, die noch nicht gespeichert sind, fehlen. Speichern und schließen Sie "
                "die Arbeitsmappe und starten Sie den Befehl erneut.")
    else:
        text = (f"„{path.name}“ ist eine Sperrdatei von {program} zu „{original}“, die es hier nicht gibt "
                f"(übrig nach einem Absturz von {program}?). Sie wird nicht gelesen; Sie können sie "
                "löschen.")
    return befund(Code.DATEI_GEOEFFNET, display_name(path), meldung=text)


def _identity(path: Path, info: os.stat_result) -> object:
    """What makes a file the same file, however it is reached: (device, inode); the resolved path
    where the file system reports no inode numbers."""
    if info.st_ino:
        return (info.st_dev, info.st_ino)
    return os.path.normcase(str(path.resolve()))
