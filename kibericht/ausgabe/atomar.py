"""Write output files atomically: to a temporary file beside the target, then rename.

An interrupted run leaves either the old file or the new one, never half a file. A group of
files (a report and its charts) is replaced together: if one of them cannot be replaced (the
workbook is still open in Excel), the others are put back as they were. Every failure to write
is an `AusgabeFehler` with a German sentence that names the path and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from kibericht.befunde import Code, Finding, befund


class AusgabeFehler(Exception):
    """An output that cannot be written; `meldung` says why and what to do."""

    def __init__(self, pfad: Path, meldung: str):
        super().__init__(meldung)
        self.pfad = Path(pfad)
        self.meldung = meldung

    @property
    def befund(self) -> Finding:
        return befund(Code.AUSGABE_NICHT_SCHREIBBAR, self.pfad.as_posix(), meldung=self.meldung)


def _grund(exc: OSError, pfad: Path) -> str:
    """A German sentence for why `pfad` could not be written, and what to do."""
    name = pfad.as_posix()
    folder = pfad.parent.as_posix()
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        if pfad.is_file():
            return (f"„{name}“ kann nicht überschrieben werden: die Datei ist vermutlich noch in Excel "
                    "geöffnet oder schreibgeschützt. Schließen Sie die Datei in Excel (bzw. heben Sie "
                    "den Schreibschutz auf) und starten Sie den Befehl erneut.")
        return (f"In den Ordner „{folder}“ darf nicht geschrieben werden (schreibgeschützt oder keine "
                "Berechtigung). Wählen Sie einen anderen Ordner oder lassen Sie sich die Schreibrechte "
                "geben.")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (f"Auf dem Laufwerk von „{folder}“ ist kein Platz mehr frei. Schaffen Sie Platz und starten "
                "Sie den Befehl erneut.")
    if code in (errno.ENOTDIR, errno.EEXIST):
        blocker = next((p for p in (pfad, *pfad.parents) if p.is_file()), pfad)
        return (f"„{blocker.as_posix()}“ ist eine Datei, kein Ordner. Geben Sie als Ausgabe einen Ordner "
                "an oder benennen Sie die Datei um.")
    if code == errno.EISDIR:
        return f"„{name}“ ist ein Ordner; erwartet wird ein Dateiname. Geben Sie einen Dateinamen an."
    if code == errno.EROFS:
        return f"Das Laufwerk von „{folder}“ ist schreibgeschützt. Wählen Sie einen anderen Ordner."
    if code == errno.ENAMETOOLONG:
        return f"Der Pfad „{name}“ ist zu lang. Wählen Sie einen kürzeren Ordner oder Dateinamen."
    reason = errno.errorcode.get(code, str(code)) if code is not None else type(exc).__name__
    return f"„{name}“ kann nicht geschrieben werden (Fehler {reason}). Prüfen Sie Ordner und Rechte."


def _temporary(target: Path) -> Path:
    """A new, empty file beside `target`; created with mode 0666 so that the umask applies
    exactly as for a normally created file."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


def _ordner(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AusgabeFehler(target.parent, _grund(exc, target.parent)) from None
    if target.is_dir():
        raise AusgabeFehler(target, _grund(IsADirectoryError(errno.EISDIR, "", str(target)), target))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it onto the target."""
    with Ausgabegruppe() as gruppe, gruppe.datei(target) as tmp:
        yield tmp


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with Ausgabegruppe() as gruppe:
        gruppe.bytes(target, data)


class Ausgabegruppe:
    """Files written together: each to a temporary file first; when the group ends without an
    error, all targets are replaced at once, or none is (an existing target that cannot be
    replaced puts the ones already replaced back).

        with Ausgabegruppe() as gruppe:
            with gruppe.datei(ordner / "Bericht.xlsx") as tmp:
                write_workbook(tmp)
            gruppe.bytes(ordner / "Bericht_diagramm.png", png)
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary file, target)

    def __enter__(self) -> Ausgabegruppe:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self._commit()
        else:
            self._discard()

    @contextlib.contextmanager
    def datei(self, target: Path) -> Iterator[Path]:
        """A temporary path to write `target` to; it is put in place when the group ends."""
        target = Path(target)
        _ordner(target)
        try:
            tmp = _temporary(target)
        except OSError as exc:
            raise AusgabeFehler(target, _grund(exc, target)) from None
        self._staged.append((tmp, target))
        try:
            yield tmp
        except OSError as exc:
            raise AusgabeFehler(target, _grund(exc, target)) from None

    def bytes(self, target: Path, data: bytes) -> None:
        with self.datei(target) as tmp:
            tmp.write_bytes(data)

    def _discard(self) -> None:
        for tmp, _ in self._staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._staged.clear()

    def _commit(self) -> None:
        backups: list[tuple[Path, Path]] = []  # (backup, target) of targets already replaced
        done: list[Path] = []
        try:
            for tmp, target in self._staged:
                if target.exists():
                    backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}.alt")
                    os.replace(target, backup)  # fails here for a workbook open in Excel
                    backups.append((backup, target))
                os.replace(tmp, target)
                done.append(target)
        except OSError as exc:
            failed = next(t for tmp, t in self._staged if t not in done)
            for target in done:
                with contextlib.suppress(OSError):
                    target.unlink()
            for backup, target in backups:
                with contextlib.suppress(OSError):
                    os.replace(backup, target)
            self._discard()
            raise AusgabeFehler(failed, _grund(exc, failed)) from None
        for backup, _ in backups:
            with contextlib.suppress(OSError):
                backup.unlink()
        self._staged.clear()
