"""What one server works with: ki.toml, the logs, the read cache, the values the pages keep, the
jobs, the downloads and the server's private folder.

The configuration and the logs are looked at again on every page: ki.toml is read again when
its size or time changed, and every value a page keeps is kept under the `Datenstand` of the
moment (`merken`), so a workbook saved in Excel, a new file in the folder, an edited ki.toml or
a month filed by someone else shows on the next page without a restart; the `Nachweiscache`
then reads only the changed file again. No watcher thread is needed for that — one `stat` per
file per page (a millisecond for a KI's 25 workbooks), and it works on network drives, where
change notifications often do not arrive.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, Datenstand, EinstellungsErgebnis, KIConfig
from kibericht.anwendung.aufruf import nachweise_eingabe
from kibericht.web.auftraege import Auftraege
from kibericht.web.downloads import Downloads
from kibericht.web.einrichtung import Einrichtungsstand
from kibericht.web.zwischenspeicher import Zwischenspeicher

if TYPE_CHECKING:
    from kibericht.anwendung import Nachweiscache

T = TypeVar("T")
BEISPIEL = "kibericht web nachweise/"


class Arbeitsplatz:
    """The state of one server (see the module). `eingabe`: the logs given when it was started
    (empty: the folder of `[nachweise] ordner`)."""

    def __init__(self, konfig_datei: Path, eingabe: Sequence[Path | str] = (),
                 ordner: Path | None = None) -> None:
        self.konfig_datei = Path(konfig_datei)
        self.eingabe_angegeben = tuple(eingabe)
        self.ordner = Path(tempfile.mkdtemp(prefix="kibericht-web-", dir=ordner))  # mode 0700
        self._cache: Nachweiscache | None = None
        self.speicher = Zwischenspeicher()
        self.auftraege = Auftraege()
        self.downloads = Downloads()
        self.einrichtung = Einrichtungsstand(self.konfig_datei)  # the guided setup's draft
        # drawing charts uses matplotlib's process-wide style: one drawing at a time (jobs that
        # write reports hold it too)
        self.zeichnen = threading.Lock()
        self.erste_seite = threading.Event()  # set once a page was rendered (`darstellung.seite`)
        self._einstellungen: tuple[object, EinstellungsErgebnis] | None = None
        self._letzter_stand: Datenstand | None = None
        self._sperre = threading.Lock()

    @property
    def cache(self) -> Nachweiscache:
        """The read cache of this server (made with its first use: it brings pandas along)."""
        with self._sperre:
            if self._cache is None:
                self._cache = anwendung.Nachweiscache()
            return self._cache

    def einstellungen(self) -> EinstellungsErgebnis:
        """ki.toml checked; read again when it changed."""
        try:
            s = self.konfig_datei.stat()
            kennung: object = (s.st_size, s.st_mtime_ns)
        except OSError:
            kennung = None
        with self._sperre:
            if self._einstellungen is None or self._einstellungen[0] != kennung:
                self._einstellungen = (kennung, anwendung.einstellungen(self.konfig_datei))
            return self._einstellungen[1]

    def config(self) -> KIConfig:
        """The configuration; an Aufruffehler (with its findings) while it cannot be used."""
        e = self.einstellungen()
        if e.config is None:
            wo = "gibt es nicht" if not e.vorhanden else "hat Fehler"
            raise Aufruffehler(f"Die Konfiguration „{self.konfig_datei.as_posix()}“ {wo}. Die Einzelheiten "
                               "stehen unter Einstellungen.", e.befunde)
        return e.config

    def eingabe(self) -> tuple[Path | str, ...]:
        """The logs every page reads: as given at the start, else `[nachweise] ordner`."""
        return nachweise_eingabe(self.eingabe_angegeben, self.config(), BEISPIEL)

    def kuerzer(self) -> Callable[[str], str]:
        """How pages name the files of findings: relative to the logs folder they lie in."""
        try:
            ordner = [Path(e).as_posix().rstrip("/") + "/" for e in self.eingabe() if Path(e).is_dir()]
        except Aufruffehler:
            ordner = []
        return lambda datei: next((datei[len(o):] for o in ordner if datei.startswith(o)), datei)

    def kurz(self, datei: str) -> str:
        return self.kuerzer()(datei)

    def stand(self) -> Datenstand:
        config = self.config()
        return anwendung.datenstand(self.eingabe(), self.konfig_datei, config.ablage)

    def merken(self, schluessel: Hashable, berechnen: Callable[[], T]) -> T:
        """`berechnen()`, kept for the current Datenstand; values of an older one are dropped
        as soon as the state changes (they no longer hold)."""
        stand = self.stand()
        with self._sperre:
            if stand != self._letzter_stand:
                self.speicher.leeren()
                self._letzter_stand = stand
        return self.speicher.holen((schluessel, stand), berechnen)

    def ablegen_unter(self, art: str) -> Path:
        """A new private folder for what a job writes (reports, copies, templates)."""
        ziel = self.ordner / art
        ziel.mkdir(parents=True, exist_ok=True, mode=0o700)
        return Path(tempfile.mkdtemp(dir=ziel))

    def beenden(self) -> None:
        """Finish the running job, then delete everything the server wrote for itself."""
        try:
            self.auftraege.beenden()
        finally:
            shutil.rmtree(self.ordner, ignore_errors=True)
