"""Write output files atomically: each to a temporary file beside its target, all of a group put
in place together (`wechsel`), and every failure a German sentence.

An interrupted run leaves the old set of files or the new one, never half a file and, once the
next run has written into the folder, never a mix (`wechsel` keeps a journal of the switch and
the next writer finishes it first). A group of files (a report and its charts) is replaced
together: if one of them cannot be replaced (the workbook is still open in Excel: tried again for
about 1.5 s, then given up), the others are put back as they were. Every failure to write is an
`AusgabeFehler` with a German sentence that names the path and what to do, also a full disk
reported by a library in its own exception (XlsxWriter's `FileCreateError`).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kibericht.ausgabe import ordnersperre, wechsel
from kibericht.befunde import Code, Finding, befund


class AusgabeFehler(Exception):
    """An output that cannot be written; `meldung` says why and what to do."""

    def __init__(self, pfad: Path, meldung: str, ursache: OSError | None = None):
        super().__init__(meldung)
        self.pfad = Path(pfad)
        self.meldung = meldung
        self.ursache = ursache  # the operating system's error, where there is one

    @property
    def befund(self) -> Finding:
        return befund(Code.AUSGABE_NICHT_SCHREIBBAR, self.pfad.as_posix(), meldung=self.meldung)


# the program a user most likely keeps a file of this kind open in, and how to let it go
_PROGRAMM = {
    ".xlsx": ("in Excel geöffnet (oder in LibreOffice Calc)", "Schließen Sie die Datei in Excel"),
    ".xlsm": ("in Excel geöffnet (oder in LibreOffice Calc)", "Schließen Sie die Datei in Excel"),
    ".ods": ("in LibreOffice Calc geöffnet (oder in Excel)", "Schließen Sie die Datei dort"),
    ".pdf": ("in einem PDF-Programm geöffnet (z. B. Adobe Acrobat Reader oder im Browser)",
             "Schließen Sie die Datei im PDF-Programm"),
    ".png": ("in einem Bildbetrachter geöffnet", "Schließen Sie das Bild im Bildbetrachter"),
}
_ANDERES = ("in einem anderen Programm geöffnet", "Schließen Sie die Datei dort")
_VOLL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def os_fehler(exc: BaseException) -> OSError | None:
    """The operating system's error behind `exc`: itself, or the one a library wrapped in its
    own exception (XlsxWriter's `FileCreateError(OSError)` when the disk is full)."""
    if isinstance(exc, OSError):
        return exc
    return next((a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)


def ausgabefehler(exc: OSError, pfad: Path) -> AusgabeFehler:
    """`exc`, met while writing `pfad` (a file, or a folder), as an `AusgabeFehler`."""
    return AusgabeFehler(pfad, grund(exc, Path(pfad)), exc)


def _ort(pfad: Path) -> str:
    return Path(os.path.normpath(pfad)).as_posix()


def _wenig_platz(ordner: Path) -> bool:
    try:
        return shutil.disk_usage(ordner).free < 1 << 20
    except OSError:
        return False


def _temp_ordner_voll(exc: OSError, ordner: Path) -> Path | None:
    """The folder for temporary files, where a library puts parts of a file before it writes it
    (XlsxWriter's sheets, openpyxl's), when it is the one that is full: the error names a file
    there, or the disk of the output still has room and that of the temporary folder has not."""
    temp = Path(tempfile.gettempdir())
    if exc.filename:
        ort = Path(os.path.abspath(exc.filename)).parent
        if ort == Path(os.path.abspath(ordner)):
            return None
        return temp if ort.is_relative_to(os.path.abspath(temp)) else ort
    return temp if _wenig_platz(temp) and not _wenig_platz(ordner) else None


def grund(exc: OSError, pfad: Path) -> str:
    """A German sentence for why `pfad` (a file, or a folder) could not be written, and what to
    do; the program named for a file another program holds is the one for its kind of file."""
    name = _ort(pfad)
    ordner = pfad if pfad.is_dir() else pfad.parent
    folder = _ort(ordner)
    code = exc.errno
    if wechsel.belegt(exc) and pfad.is_file():
        wo, schliessen = _PROGRAMM.get(pfad.suffix.lower(), _ANDERES)
        return (f"„{name}“ kann nicht ersetzt werden: die Datei ist vermutlich noch {wo} oder "
                f"schreibgeschützt. {schliessen} (bzw. heben Sie den Schreibschutz auf) und starten Sie "
                "den Befehl erneut.")
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return (f"In den Ordner „{folder}“ darf nicht geschrieben werden (schreibgeschützt oder keine "
                "Berechtigung). Wählen Sie einen anderen Ordner oder lassen Sie sich die Schreibrechte "
                "geben.")
    if code in _VOLL or code == errno.EFBIG:
        temp = _temp_ordner_voll(exc, ordner)
        if temp is not None:
            return (f"„{name}“ kann nicht geschrieben werden: im Ordner für temporäre Dateien "
                    f"„{_ort(temp)}“ ist kein Platz mehr frei. Schaffen Sie dort Platz (oder wählen Sie mit "
                    "der Umgebungsvariablen TMP bzw. TMPDIR einen anderen Ordner) und starten Sie den "
                    "Befehl erneut.")
        if code == errno.EFBIG:
            return (f"„{name}“ wird größer, als das Laufwerk oder die Einstellungen des Systems für eine "
                    "Datei erlauben. Wählen Sie einen anderen Ordner.")
        if code == errno.ENOSPC:
            return (f"Auf dem Laufwerk von „{folder}“ ist kein Platz mehr frei. Schaffen Sie Platz und "
                    "starten Sie den Befehl erneut.")
        return (f"Ihr Speicherkontingent auf dem Laufwerk von „{folder}“ ist erschöpft. Löschen Sie alte "
                "Dateien (oder lassen Sie das Kontingent erhöhen) und starten Sie den Befehl erneut.")
    if code in (errno.ENOTDIR, errno.EEXIST):
        blocker = next((p for p in (pfad, *pfad.parents) if p.is_file()), pfad)
        return (f"„{_ort(blocker)}“ ist eine Datei, kein Ordner. Geben Sie als Ausgabe einen Ordner "
                "an oder benennen Sie die Datei um.")
    if code == errno.EISDIR:
        return f"„{name}“ ist ein Ordner; erwartet wird ein Dateiname. Geben Sie einen Dateinamen an."
    if code == errno.EROFS:
        return f"Das Laufwerk von „{folder}“ ist schreibgeschützt. Wählen Sie einen anderen Ordner."
    if code == errno.ENAMETOOLONG:
        return f"Der Pfad „{name}“ ist zu lang. Wählen Sie einen kürzeren Ordner oder Dateinamen."
    if code == errno.EIO:
        return (f"Beim Schreiben von „{name}“ meldet das Laufwerk einen Fehler (Datenträger oder "
                "Netzwerkverbindung). Prüfen Sie das Laufwerk und starten Sie den Befehl erneut.")
    reason = errno.errorcode.get(code, str(code)) if code is not None else type(exc).__name__
    return f"„{name}“ kann nicht geschrieben werden (Fehler {reason}). Prüfen Sie Ordner und Rechte."


class Schreibziel(io.RawIOBase):
    """A file to hand a library that writes a ZIP archive into it (XlsxWriter): once a write has
    failed (the disk is full) or the file is closed, writes do nothing and only the position
    moves on, so an archive the library left open when it failed is closed quietly when it is
    collected, not with English text on stderr. The file is discarded anyway: the first error is
    the one raised.

        with Schreibziel(tmp) as ziel:
            Workbook(ziel).close()
    """

    def __init__(self, pfad: Path) -> None:
        super().__init__()
        self._datei = open(pfad, "wb")  # noqa: SIM115 - closed in `close`
        self.fehler: OSError | None = None
        self._pos = self._ende = 0  # kept here, so they stay consistent after a failure

    def _aus(self) -> bool:
        return self.fehler is not None or self._datei.closed

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data) -> int:
        if not self._aus():
            try:
                self._datei.write(data)
            except OSError as exc:
                self.fehler = exc
                raise
        self._pos += len(data)
        self._ende = max(self._ende, self._pos)
        return len(data)

    def flush(self) -> None:
        if self._aus():
            return
        try:
            self._datei.flush()
        except OSError as exc:
            self.fehler = exc
            raise

    def seek(self, offset: int, whence: int = 0) -> int:
        pos = (offset, self._pos + offset, self._ende + offset)[whence]
        if not self._aus():
            self._datei.seek(pos)
        self._pos = pos
        return pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        if self.closed:
            return
        try:
            self.flush()
        finally:
            with contextlib.suppress(OSError) if self.fehler is not None else contextlib.nullcontext():
                self._datei.close()
            super().close()


@contextlib.contextmanager
def ohne_nachrufe() -> Iterator[None]:
    """Discard quietly what a library leaves half done when its writing fails (a generator or a
    ZIP archive still open, finalised when the error is let go): Python would report the second
    failure on stderr, in English ("Exception ignored in …"). Catch the error inside the block
    and keep no reference to it beyond; only such reports are silenced, and only meanwhile."""
    frueher = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = frueher


def _temporary(target: Path) -> Path:
    """A new, empty file beside `target`; created with mode 0666 so that the umask applies
    exactly as for a normally created file."""
    for _ in range(100):
        tmp = target.with_name(wechsel.nebenname(target.name, "tmp"))
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
        raise ausgabefehler(exc, target.parent) from None
    if target.is_dir():
        raise ausgabefehler(IsADirectoryError(errno.EISDIR, "", str(target)), target)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it onto the target."""
    with Ausgabegruppe() as gruppe, gruppe.datei(target) as tmp:
        yield tmp


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with Ausgabegruppe() as gruppe:
        gruppe.bytes(target, data)


class Ausgabegruppe:
    """Files written together into one folder: each to a temporary file first; when the group
    ends without an error, all targets are replaced at once, or none is (an existing target that
    cannot be replaced puts the ones already replaced back).

        with Ausgabegruppe() as gruppe:
            with gruppe.datei(ordner / "Bericht.xlsx") as tmp:
                write_workbook(tmp)
            gruppe.bytes(ordner / "Bericht_diagramm.png", png)

    The folder is held from the first file on until the group ends (another run writing there
    waits, `ordnersperre`); when it is first held, a switch a killed run left half done is
    finished and kibericht's own leftovers are removed (`wechsel.reparieren`).
    """

    def __init__(self, warten: float | None = None) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary file, target)
        self._ordner: Path | None = None
        self._halt = contextlib.ExitStack()
        self._warten = warten

    def __enter__(self) -> Ausgabegruppe:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        with self._halt:  # the folder is let go of last
            if exc_type is None:
                self._commit()
            else:
                self._discard()

    @contextlib.contextmanager
    def datei(self, target: Path) -> Iterator[Path]:
        """A temporary path to write `target` to; it is put in place when the group ends."""
        target = Path(target)
        _ordner(target)
        self._halten(target.parent)
        try:
            tmp = _temporary(target)
        except OSError as exc:
            raise ausgabefehler(exc, target) from None
        self._staged.append((tmp, target))
        try:
            yield tmp
        except AusgabeFehler:
            raise
        except Exception as exc:
            fehler = os_fehler(exc)
            if fehler is None:
                raise
            raise ausgabefehler(fehler, target) from None

    def bytes(self, target: Path, data: bytes) -> None:
        with self.datei(target) as tmp:
            tmp.write_bytes(data)

    def _halten(self, ordner: Path) -> None:
        """Hold the group's folder (the first time: repair it); a second folder is a mistake."""
        if self._ordner is not None:
            if os.path.abspath(ordner) != os.path.abspath(self._ordner):
                raise ValueError(f"one folder per Ausgabegruppe: {ordner} is not {self._ordner}")
            return
        try:
            erste = self._halt.enter_context(ordnersperre.ordner_gesperrt(ordner, self._warten))
        except ordnersperre.Belegt:
            raise AusgabeFehler(ordner, f"In den Ordner „{_ort(ordner)}“ schreibt gerade ein anderer Lauf "
                                        "von kibericht. Warten Sie, bis er fertig ist, und starten Sie den "
                                        "Befehl dann erneut.") from None
        except OSError as exc:
            raise ausgabefehler(exc, ordner) from None
        self._ordner = ordner
        if erste:
            try:
                wechsel.reparieren(ordner)
            except wechsel.TauschFehler as exc:
                raise _halb(exc, ordner) from None
            except OSError as exc:
                raise ausgabefehler(exc, ordner) from None

    def _discard(self) -> None:
        for tmp, _ in self._staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._staged.clear()

    def _commit(self) -> None:
        if not self._staged:
            return
        assert self._ordner is not None
        for tmp, target in self._staged:
            try:
                wechsel.flush(tmp)
            except OSError as exc:
                self._discard()
                raise ausgabefehler(exc, target) from None
        tausche = [wechsel.Tausch(target.name, tmp.name, wechsel.nebenname(target.name, "alt"))
                   for tmp, target in self._staged]
        try:
            wechsel.umschalten(self._ordner, tausche)
        except wechsel.TauschFehler as exc:
            if not exc.zurueck:
                self._staged.clear()  # the journal needs them: the next writer finishes the switch
                raise _halb(exc, self._ordner) from None
            self._discard()
            raise ausgabefehler(exc.ursache, self._ordner / exc.ziel) from None
        except OSError as exc:  # the journal could not be written: nothing was switched
            self._discard()
            raise ausgabefehler(exc, self._ordner) from None
        self._staged.clear()


def _halb(exc: wechsel.TauschFehler, ordner: Path) -> AusgabeFehler:
    """A set left half switched: why, and that the next run puts it right."""
    pfad = ordner / exc.ziel
    return AusgabeFehler(pfad, f"{grund(exc.ursache, pfad)} Die Dateien in „{_ort(ordner)}“ sind noch "
                               "nicht alle ersetzt; der nächste Befehl, der in diesen Ordner schreibt, "
                               "stellt zuerst einen vollständigen Stand her.", exc.ursache)
