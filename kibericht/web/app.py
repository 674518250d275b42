"""The web app: `app(arbeitsplatz, zugang)` builds the Starlette application — the pages
(`seiten`), the package's static files (`statisch/`: htmx, the style sheet, a small script), the
gate in front of everything (`schutz.Schutz`), and German pages for every error.

    ap = Arbeitsplatz(Path("ki.toml"), ["nachweise/"])
    anwendung = app(ap, Zugang(port=8123))          # served by `server.starten`

No route answers before the gate; the gate answers before any route.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.darstellung import fehlerseite
from kibericht.web.schutz import STATISCH, Schutz
from kibericht.web.seiten import routen
from kibericht.web.zugang import Zugang

STATISCHE_DATEIEN = Path(__file__).parent / "statisch"

TITEL = {400: "Ungültige Anfrage", 403: "Nicht erlaubt", 404: "Nicht gefunden", 405: "Nicht erlaubt",
         409: "Läuft schon", 413: "Zu groß"}
TEXT = {404: "Diese Seite gibt es nicht. Wählen Sie oben einen Bereich.",
        405: "So lässt sich diese Seite nicht aufrufen. Nutzen Sie die Knöpfe auf den Seiten."}


async def _http_fehler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    text = TEXT.get(exc.status_code) if exc.detail in ("Not Found", "Method Not Allowed") else None
    return fehlerseite(request, TITEL.get(exc.status_code, "Fehler"), text or str(exc.detail),
                       status=exc.status_code)


async def _interner_fehler(request: Request, exc: Exception) -> Response:
    """A bug: its traceback for the terminal (to report), a German page for the browser."""
    print(f"kibericht web: interner Fehler bei {request.method} {request.url.path}:", file=sys.stderr)
    traceback.print_exception(exc)
    meldung = ("Beim Anzeigen dieser Seite ist ein Fehler im Programm aufgetreten. Es wurde nichts "
               "verändert. Die technischen Einzelheiten stehen im Fenster, in dem kibericht web läuft; "
               "bitte geben Sie sie an die IT weiter.")
    return fehlerseite(request, "Fehler im Programm", meldung, status=500)


def app(arbeitsplatz: Arbeitsplatz, zugang: Zugang) -> Schutz:
    """The application for one server, behind its gate."""
    statisch = Mount(STATISCH.rstrip("/"), StaticFiles(directory=STATISCHE_DATEIEN), name="statisch")
    starlette = Starlette(
        routes=[*routen(), statisch],
        exception_handlers={HTTPException: _http_fehler, Exception: _interner_fehler})
    starlette.state.arbeitsplatz = arbeitsplatz
    starlette.state.zugang = zugang
    return Schutz(starlette, zugang)
