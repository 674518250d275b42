"""Run the web app: bind the loopback address, serve with uvicorn, open the browser, stop cleanly.

    starten(Path("ki.toml"), ["nachweise/"], port=None, browser=True, melden=print)

- The socket is bound here, to 127.0.0.1 only — there is no option for another address — on
  the port asked for or a free one the system picks, before uvicorn starts, so the address
  printed is the one served and no other program can take the port in between.
- The address with the one-time token is printed (`melden`) and opened in the default browser
  (`webbrowser`, in a thread, once the server answers).
- The address comes at once (the core — pandas, the readers, matplotlib — is not imported
  yet); while the browser opens, the logs are read in the background, so the first page finds
  them read (`vorwaermen`): the reading starts before the address is printed, the
  templates of the first page are compiled while the reading processes work, and the report
  modules (matplotlib) are loaded only after the first page went out, not while it renders.
- uvicorn's own log lines (English) are silenced; what the user reads comes from `melden`, and a
  bug's traceback from the app's error handler.
- Ctrl+C (or SIGTERM) stops serving; a job that runs (a closing!) is finished, the server's
  private folder deleted, and `starten` returns normally: stopping the server is its normal end
  (exit code 0). A second Ctrl+C while a job finishes interrupts it (KeyboardInterrupt, exit
  code 130 at the command line's one exit).
"""

from __future__ import annotations

import errno
import logging
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler
from kibericht.web.app import app
from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.zugang import LOOPBACK, Zugang


def binden(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1 (`port`, or a free one); an Aufruffehler in German when
    the port cannot be had."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform == "win32":  # no other program may bind the same port meanwhile
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_EXCLUSIVEADDRUSE", socket.SO_REUSEADDR), 1)
    else:  # a restart on the same port does not wait for the old connections to time out
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((LOOPBACK, port or 0))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            grund = "ist schon belegt (läuft kibericht web schon?)"
        elif exc.errno in (errno.EACCES, errno.EPERM):
            grund = "darf nicht benutzt werden (Ports unter 1024 sind dem System vorbehalten)"
        else:
            grund = "lässt sich nicht öffnen"
        raise Aufruffehler(f"Der Port {port} {grund}. Wählen Sie mit --port einen anderen, oder lassen Sie "
                           "--port weg: dann wird ein freier gewählt.") from None
    return sock


def _still() -> None:
    """uvicorn logs in English: nothing of it reaches the user."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False


def _browser_oeffnen(server: object, url: str, melden: Callable[[str], None]) -> None:
    for _ in range(200):  # at most 10 s until the server answers
        if getattr(server, "started", False):
            break
        time.sleep(0.05)
    try:
        geoeffnet = webbrowser.open(url)
    except Exception:  # a missing or broken browser setup is no reason to stop the server
        geoeffnet = False
    if not geoeffnet:
        melden("Der Browser ließ sich nicht von selbst öffnen. Öffnen Sie die Adresse oben von Hand.")


# what the first page needs (the Übersicht, or Einstellungen without a usable ki.toml)
ERSTE_VORLAGEN = ("basis.html", "makros.html", "uebersicht.html", "einstellungen.html", "fehler.html")
NACH_DER_ERSTEN_SEITE = 3.0  # seconds the report modules wait for the first page, at most


def vorlagen_uebersetzen(namen: Sequence[str] | None = None) -> None:
    """Compile templates (`namen`, default all) ahead of the page that needs them."""
    from kibericht.web.darstellung import HTML, UMGEBUNG

    for name in namen if namen is not None else sorted(p.name for p in HTML.glob("*.html")):
        try:
            UMGEBUNG.get_template(name)
        except Exception:  # noqa: BLE001 - the page that renders it shows the error
            pass


def vorwaermen(ap: Arbeitsplatz, warten: float = NACH_DER_ERSTEN_SEITE) -> None:
    """Read and check the logs once, as the Übersicht does, so the first page finds them read;
    the templates of that page are compiled meanwhile (in a thread of their own: this one mostly
    waits for the reading processes). Then — once the first page is served, so that loading does
    not slow it down, or after `warten` seconds — load what the month pages need (the report's
    sections and charts: matplotlib) and compile the other templates."""
    threading.Thread(target=vorlagen_uebersetzen, args=(ERSTE_VORLAGEN,), daemon=True,
                     name="kibericht-vorlagen").start()
    try:
        ap.merken(("uebersicht", None), lambda: anwendung.uebersicht(ap.eingabe(), ap.config(),
                                                                     cache=ap.cache))
    except Exception:  # noqa: BLE001 - the page that needs it shows the problem in German
        pass
    ap.erste_seite.wait(warten)
    import kibericht.ausgabe.abschnitte
    import kibericht.ausgabe.diagramme
    import kibericht.ausgabe.zellformate  # noqa: F401

    vorlagen_uebersetzen()


@dataclass
class Dienst:
    """A server ready to run: uvicorn's server, its socket, its secrets and its state."""

    server: uvicorn.Server
    sock: socket.socket
    zugang: Zugang
    ap: Arbeitsplatz

    def laufen(self) -> None:
        """Serve until stopped (Ctrl+C, SIGTERM, or `server.should_exit`)."""
        self.server.run(sockets=[self.sock])

    def aufraeumen(self) -> None:
        self.sock.close()
        self.ap.beenden()


def bereitstellen(konfig_datei: Path, eingabe: Sequence[Path | str], port: int | None,
                  ordner: Path | None = None) -> Dienst:
    """The server for ki.toml and the logs, bound to 127.0.0.1 (`port` or a free one), not yet
    serving; `ordner`: where its private folder is made (default: the system's temporary folder)."""
    sock = binden(port)
    zugang = Zugang(sock.getsockname()[1])
    ap = Arbeitsplatz(konfig_datei, eingabe, ordner)
    _still()
    config = uvicorn.Config(app(ap, zugang), loop="asyncio", http="h11", ws="none", lifespan="off",
                            log_config=None, log_level="critical", access_log=False, server_header=False,
                            date_header=False, timeout_graceful_shutdown=3)
    return Dienst(uvicorn.Server(config), sock, zugang, ap)


def starten(konfig_datei: Path, eingabe: Sequence[Path | str], port: int | None, browser: bool,
            melden: Callable[[str], None]) -> None:
    """Serve until Ctrl+C (see the module)."""
    dienst = bereitstellen(konfig_datei, eingabe, port)
    zugang, ap, server = dienst.zugang, dienst.ap, dienst.server
    threading.Thread(target=vorwaermen, args=(ap,), daemon=True, name="kibericht-vorwaermen").start()
    melden(f"kibericht läuft unter {zugang.adresse} (nur auf diesem Rechner erreichbar).")
    melden(f"Im Browser öffnen – der Link gilt nur einmal: {zugang.erste_adresse}")
    melden("Beenden mit Strg+C.")
    if browser:
        threading.Thread(target=_browser_oeffnen, args=(server, zugang.erste_adresse, melden), daemon=True,
                         name="kibericht-browser").start()
    try:
        try:
            dienst.laufen()
        except KeyboardInterrupt:  # Ctrl+C: the way to stop the server
            pass
        melden("kibericht web wird beendet" + (" – ein laufender Auftrag wird noch fertig …"
                                              if ap.auftraege.laeuft_einer() else " …"))
    finally:
        dienst.aufraeumen()
    melden("kibericht web ist beendet.")
