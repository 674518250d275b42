"""Long work in the background: a report of a year, closing a month, checking the Ablage, an
uploaded workbook. Each is an `Auftrag` run by one worker thread, one after the other, while the
pages stay usable; its page shows what it is doing (`Fortschritt` of the application layer:
which file of how many is read) and, when it is done, its result.

One after the other, on purpose: writing a report uses process-wide state of the libraries
underneath (matplotlib's style, XlsxWriter's zip writer), and closing months must happen in the
order they were asked for. What may not run twice at once — closing or reopening the same
month — carries a `schluessel`; asking for it while one with the same key waits or runs is
refused (`LaeuftSchon`), before anything is done.

    auftrag = auftraege.starten("Jahresbericht 2025", lambda melde: bericht(..., fortschritt=melde))
    auftrag.warten(0.8)          # a short job is done by now: its result at once
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from kibericht.anwendung import Aufruffehler
from kibericht.zahlen import anzahl

if TYPE_CHECKING:
    from kibericht.anwendung import Fortschritt

WARTET, LAEUFT, FERTIG, FEHLER = "wartet", "läuft", "fertig", "fehler"
BEHALTEN = 50  # jobs kept for their pages


class LaeuftSchon(Exception):
    """A job with the same key waits or runs: `auftrag` is that one."""

    def __init__(self, auftrag: Auftrag) -> None:
        super().__init__(auftrag.titel)
        self.auftrag = auftrag


@dataclass
class Auftrag:
    """One job: what it is, what it is doing, and how it ended."""

    titel: str
    art: str  # which page shows its result (`seiten.auftraege.ERGEBNISSE`)
    zurueck: str  # the page it was started from
    schluessel: str | None = None
    id: str = field(default_factory=lambda: uuid4().hex)
    status: str = WARTET
    schritt: str = "Wartet auf den Start …"
    danach: str = "Einträge prüfen und auswerten …"  # what it does once the logs are read
    gelesen: int = 0
    gesamt: int = 0
    ergebnis: Any = None
    fehler: Aufruffehler | None = None
    interner_fehler: bool = False
    begonnen: float | None = None
    beendet: float | None = None
    _fertig: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def laeuft(self) -> bool:
        return self.status in (WARTET, LAEUFT)

    def warten(self, sekunden: float) -> bool:
        """Wait at most `sekunden` for the end; whether it has ended."""
        return self._fertig.wait(sekunden)

    def melden(self, f: Fortschritt) -> None:
        """The application layer's progress callback: which file of how many."""
        self.gesamt, self.gelesen = len(f.dateien), f.gelesen
        if f.schritt == "lese":
            name = f" ({f.datei.name})" if f.datei is not None else ""
            von = anzahl(len(f.dateien), "Datei", "Dateien")
            self.schritt = f"Nachweise lesen: {f.gelesen} von {von}{name}"
        else:
            self.schritt = self.danach

    def schritt_setzen(self, text: str, danach: str | None = None) -> None:
        """What the job does now, and (`danach`) once the logs it reads are read and checked."""
        self.schritt = text
        if danach is not None:
            self.danach = danach


class Auftraege:
    """The jobs of a server: started, run one after the other, kept for their pages."""

    def __init__(self) -> None:
        self._arbeiter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kibericht-auftrag")
        self._auftraege: OrderedDict[str, Auftrag] = OrderedDict()
        self._sperre = threading.Lock()

    def starten(self, titel: str, art: str, arbeit: Callable[[Auftrag], Any], zurueck: str,
                schluessel: str | None = None) -> Auftrag:
        """Queue `arbeit(auftrag)`; its return value becomes the job's result, an
        `Aufruffehler` its German error. Raises `LaeuftSchon` for a key already waiting or running."""
        with self._sperre:
            if schluessel is not None:
                for anderer in self._auftraege.values():
                    if anderer.schluessel == schluessel and anderer.laeuft:
                        raise LaeuftSchon(anderer)
            auftrag = Auftrag(titel, art, zurueck, schluessel)
            self._auftraege[auftrag.id] = auftrag
            while len(self._auftraege) > BEHALTEN:
                aeltester = next(iter(self._auftraege.values()))
                if aeltester.laeuft:
                    break
                self._auftraege.popitem(last=False)
        self._arbeiter.submit(self._ausfuehren, auftrag, arbeit)
        return auftrag

    def laeuft_einer(self) -> bool:
        with self._sperre:
            return any(a.laeuft for a in self._auftraege.values())

    def holen(self, auftrag_id: str) -> Auftrag | None:
        with self._sperre:
            return self._auftraege.get(auftrag_id)

    @staticmethod
    def _ausfuehren(auftrag: Auftrag, arbeit: Callable[[Auftrag], Any]) -> None:
        auftrag.status, auftrag.begonnen = LAEUFT, time.monotonic()
        auftrag.schritt = "Wird bearbeitet …"
        try:
            auftrag.ergebnis = arbeit(auftrag)
            auftrag.status = FERTIG
        except Aufruffehler as exc:
            auftrag.fehler, auftrag.status = exc, FEHLER
        except Exception:  # a bug: its traceback for the terminal, a German page for the browser
            print("kibericht web: interner Fehler bei „" + auftrag.titel + "“:", file=sys.stderr)
            traceback.print_exc()
            auftrag.interner_fehler, auftrag.status = True, FEHLER
        finally:
            auftrag.beendet = time.monotonic()
            auftrag._fertig.set()

    def beenden(self) -> None:
        """Stop taking jobs; a job that runs is finished first (a closing is never cut off)."""
        self._arbeiter.shutdown(wait=True, cancel_futures=True)
