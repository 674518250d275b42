"""Einstellungen: the configuration ki.toml — whether it can be used, every error and warning at
its line, and what it sets (read only here; `anwendung.einstellungen`). `/einstellungen.json`
is its document.

The guided setup („kibericht einrichten“ in the browser) lives under `EINRICHTEN`
(`seiten.einrichten`, its first page the route named „einrichten“); this page links to it, and
every page of the app shows a configuration that was written or changed at the next request
(ki.toml is read again when it changed, `Arbeitsplatz.einstellungen`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import NoMatchFound, Route

from kibericht.web.darstellung import json_antwort, seite, will_json
from kibericht.web.seiten.formulare import arbeitsplatz

EINRICHTEN = "/einstellungen/einrichten"


def einrichten_url(request: Request) -> str | None:
    """The guided setup's first page, when the app has one."""
    try:
        return str(request.app.url_path_for("einrichten"))
    except NoMatchFound:
        return None


def seite_einstellungen(request: Request) -> Response:
    ap = arbeitsplatz(request)
    e = ap.einstellungen()
    if will_json(request):
        return json_antwort(e.dokument, 200 if e.gueltig else 400)
    return seite(request, "einstellungen.html", {"titel": "Einstellungen", "e": e, "d": e.dokument,
                                                 "einrichten": einrichten_url(request),
                                                 "eingabe_angegeben": ap.eingabe_angegeben})


ROUTEN = [Route("/einstellungen", seite_einstellungen), Route("/einstellungen.json", seite_einstellungen)]
