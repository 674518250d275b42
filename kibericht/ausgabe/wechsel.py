"""Switch a set of files in one folder from the old set to the new, so that a kill at any moment
leaves the folder repairable to one complete set, and the next writer repairs it first.

The files stay where users expect them (`berichte/Monatsbericht_2025-03.xlsx`, …): no versioned
subfolder, no link (a Windows share has neither symlinks nor junctions to offer). Instead a
journal records the switch before it starts (write-ahead), in the folder itself:

1. The new files are written beside the old ones under hidden temporary names (`atomar`) and
   flushed to disk.
2. The journal `.kibericht-wechsel.json` names every file of the set with its temporary name and
   the name its old version is moved to; it is written under a temporary name, flushed and
   renamed into place. From this moment the new set is the one that counts.
3. Every old file is renamed away (`.…alt`), then every new file into place. Moving all old
   files first means a file still open in Excel is met before anything new is in place (it is
   put back at once), and a new file never stands beside an old one.
4. The journal is removed, then the old files.

Every step is a rename inside one folder, so each file of the set is at any moment in one of
three states, told apart by which names exist: not yet switched (its new file still has its
temporary name, the old one its own), moved away (old file under its `.alt` name), switched (the
temporary name is gone). `reparieren` finds a journal left by a killed run and rolls the switch
forward; if a file cannot be moved (still open in another program), back to the old set. With a
journal that can neither be rolled forward nor back, it stays for the next run.

A folder is written by one run at a time (`ordnersperre`); a run that finds leftovers of
kibericht's own naming (`.….1a2b3c4d.tmp`, `.….alt`, see `REST`) while it holds the folder knows
that no living run owns them and removes them. Nothing else in the folder is touched.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

JOURNAL = ".kibericht-wechsel.json"
# a temporary or old file of kibericht's own naming: "." + (part of) the target's name + "." +
# 8 hex digits + ".tmp"/".alt" (the naming of earlier versions as well)
REST = re.compile(r"\..*\.[0-9a-f]{8}\.(?:tmp|alt)")
# how long to wait, in turn, before trying again to rename a file another program holds (Excel
# keeps a workbook open while the user looks at it; a virus scanner opens new files briefly)
WIEDERHOLEN = (0.1, 0.2, 0.4, 0.8)


def nebenname(ziel: str, endung: str) -> str:
    """A fresh hidden name beside `ziel` matching `REST`; never longer than `ziel` where `ziel`
    has 24 characters or more (a shorter one keeps its first 10 characters), so that a long path
    that fits the system's limit (260 characters on Windows) still fits while the file is written.

        >>> len(nebenname("Monatsbericht_2025-03.xlsx", "tmp")) == len("Monatsbericht_2025-03.xlsx")
        True
    """
    rest = max(len(ziel) - 14, min(len(ziel), 10))
    return f".{ziel[:rest]}.{secrets.token_hex(4)}.{endung}"


@dataclass(frozen=True)
class Tausch:
    """One file of a set: its name, the temporary name of its new version and the name its old
    version is moved to (names in the folder, no path)."""

    ziel: str
    neu: str
    alt: str

    def gueltig(self) -> bool:
        """Whether the names are plain names in the folder, the temporary ones of our own naming
        (a journal changed by hand never makes a run touch another file)."""
        return (all(n and n == Path(n).name and n not in (".", "..") and "/" not in n and "\\" not in n
                    for n in (self.ziel, self.neu, self.alt))
                and REST.fullmatch(self.neu) is not None and REST.fullmatch(self.alt) is not None)


class TauschFehler(Exception):
    """A file of the set could not be switched (`ursache`, at the file `ziel`). `zurueck`: the
    folder holds the old set again; else it is left half switched with its journal, and the
    next writer into the folder repairs it."""

    def __init__(self, ursache: OSError, ziel: str, zurueck: bool) -> None:
        super().__init__(str(ursache))
        self.ursache, self.ziel, self.zurueck = ursache, ziel, zurueck


def belegt(exc: OSError) -> bool:
    """Whether the error means that another program holds the file (and trying again may help):
    Windows' sharing violation (32, 33) and access denied (5), EBUSY of a network share."""
    return (isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in (5, 32, 33)
            or exc.errno in (errno.EBUSY, errno.ETXTBSY))


def umbenennen(quelle: Path, ziel: Path) -> None:
    """`os.replace`, tried again a few times (`WIEDERHOLEN`, about 1.5 s in all) while another
    program holds one of the files; the last error is raised."""
    for pause in (*WIEDERHOLEN, None):
        try:
            os.replace(quelle, ziel)
            return
        except OSError as exc:
            if pause is None or not belegt(exc):
                raise
        time.sleep(pause)


def flush(path: Path) -> None:
    """Write a file, or the entries of a folder, through to the disk. Folders only on POSIX
    (Windows cannot open them; renames there are written through by the file system)."""
    if path.is_dir():
        if os.name == "nt":
            return
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError as exc:  # some network and FUSE file systems cannot flush a folder
            if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
                raise
        finally:
            os.close(fd)
        return
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes write handles only
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _da(path: Path) -> bool:
    return os.path.lexists(path)


def _vorwaerts(ordner: Path, tausche: Iterable[Tausch]) -> None:
    """Every file to its new version: first all old files away, then all new ones in place."""
    tausche = sorted(tausche, key=lambda t: _zuerst(t.ziel))
    for t in tausche:
        if _da(ordner / t.neu) and _da(ordner / t.ziel):
            _schritt(ordner / t.ziel, ordner / t.alt, t.ziel)
    for t in tausche:
        if _da(ordner / t.neu):
            _schritt(ordner / t.neu, ordner / t.ziel, t.ziel)


def _rueckwaerts(ordner: Path, tausche: Iterable[Tausch]) -> None:
    """Every file back to its old version (a new one back to its temporary name)."""
    tausche = list(tausche)
    for t in tausche:
        if not _da(ordner / t.neu) and _da(ordner / t.ziel):
            _schritt(ordner / t.ziel, ordner / t.neu, t.ziel)
    for t in tausche:
        if _da(ordner / t.alt):
            _schritt(ordner / t.alt, ordner / t.ziel, t.ziel)


class _Schrittfehler(Exception):
    def __init__(self, ursache: OSError, ziel: str) -> None:
        super().__init__(str(ursache))
        self.ursache, self.ziel = ursache, ziel


def _schritt(quelle: Path, ziel: Path, name: str) -> None:
    try:
        umbenennen(quelle, ziel)
    except OSError as exc:
        raise _Schrittfehler(exc, name) from None


def _zuerst(name: str) -> int:
    """Files users keep open come first: a workbook or PDF held by Excel or a viewer is met
    before anything else was moved."""
    endung = Path(name).suffix.lower()
    return 0 if endung in (".xlsx", ".xlsm", ".ods") else 1 if endung == ".pdf" else 2


def _entfernen(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _journal_schreiben(ordner: Path, tausche: list[Tausch]) -> None:
    data = json.dumps({"kibericht": "wechsel", "format": 1,
                       "dateien": [[t.ziel, t.neu, t.alt] for t in tausche]}, ensure_ascii=False)
    tmp = ordner / nebenname(JOURNAL, "tmp")
    try:
        tmp.write_bytes(data.encode("utf-8"))
        flush(tmp)
        os.replace(tmp, ordner / JOURNAL)
    finally:
        _entfernen(tmp)
    flush(ordner)


def _journal_lesen(ordner: Path) -> list[Tausch] | None:
    """The set a killed run was switching; None when there is no journal, [] when it cannot be
    read (a complete journal is renamed into place, so only a hand can have broken it)."""
    try:
        eintraege = json.loads((ordner / JOURNAL).read_bytes().decode("utf-8"))["dateien"]
        tausche = [Tausch(*eintrag) for eintrag in eintraege
                   if isinstance(eintrag, list) and all(isinstance(n, str) for n in eintrag)]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError):
        return []
    return tausche if len(tausche) == len(eintraege) and all(t.gueltig() for t in tausche) else []


def _fertig(ordner: Path, tausche: Iterable[Tausch], weg: Callable[[Tausch], str]) -> None:
    """The switch is decided: the journal goes, then the files no longer needed."""
    with contextlib.suppress(OSError):  # the renames are done; flushing them is for a power cut
        flush(ordner)
    _entfernen(ordner / JOURNAL)
    for t in tausche:
        with contextlib.suppress(OSError):  # a file a scanner holds stays a leftover for later
            _entfernen(ordner / weg(t))


def umschalten(ordner: Path, tausche: list[Tausch]) -> None:
    """Put the new files (`Tausch.neu`, written and flushed) in place of the old, all or none.

    On a failure the old set is put back and `TauschFehler(zurueck=True)` raised; if even that
    fails, the journal stays (`zurueck=False`). Interrupted (Ctrl+C, SIGTERM) while renaming,
    the switch is finished before the interruption goes on; killed, the journal remains."""
    if len(tausche) == 1:  # one rename is atomic by itself
        t = tausche[0]
        try:
            umbenennen(ordner / t.neu, ordner / t.ziel)
        except OSError as exc:
            raise TauschFehler(exc, t.ziel, True) from None
        return
    try:
        _journal_schreiben(ordner, tausche)
    except OSError:  # nothing was renamed: no journal may outlive the files it names
        with contextlib.suppress(OSError):
            _entfernen(ordner / JOURNAL)
        raise
    try:
        _vorwaerts(ordner, tausche)
    except _Schrittfehler as vorwaerts:
        try:
            _rueckwaerts(ordner, tausche)
        except _Schrittfehler:
            raise TauschFehler(vorwaerts.ursache, vorwaerts.ziel, False) from None
        _fertig(ordner, tausche, lambda t: t.neu)
        raise TauschFehler(vorwaerts.ursache, vorwaerts.ziel, True) from None
    except BaseException:
        with contextlib.suppress(_Schrittfehler, OSError):
            _vorwaerts(ordner, tausche)
            _fertig(ordner, tausche, lambda t: t.alt)
        raise
    _fertig(ordner, tausche, lambda t: t.alt)


def reparieren(ordner: Path) -> None:
    """Before anything else is written into `ordner` (holding its lock): finish a switch a
    killed run left (forward, else back), then remove leftovers of kibericht's own naming.
    `TauschFehler(zurueck=False)` when the half-switched set can be moved neither way."""
    tausche = _journal_lesen(ordner)
    if tausche is not None:
        try:
            _vorwaerts(ordner, tausche)
            weg: Callable[[Tausch], str] = lambda t: t.alt  # noqa: E731
        except _Schrittfehler as vorwaerts:
            try:
                _rueckwaerts(ordner, tausche)
            except _Schrittfehler:
                raise TauschFehler(vorwaerts.ursache, vorwaerts.ziel, False) from None
            weg = lambda t: t.neu  # noqa: E731
        _fertig(ordner, tausche, weg)
    try:
        names = os.listdir(ordner)
    except OSError:
        return
    for name in names:
        path = ordner / name
        if REST.fullmatch(name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
