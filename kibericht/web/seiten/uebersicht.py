"""Übersicht: the KI's year at a glance — per month entries, hours, the Schwerpunkt share against
the minimum, the findings that concern it and whether it is closed — with the way to each month
(`anwendung.uebersicht`). `/uebersicht.json` is its document."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json
from kibericht.web.seiten.formulare import arbeitsplatz


def start(request: Request) -> Response:
    """The start page: the overview, or the settings while there is no usable configuration."""
    gueltig = arbeitsplatz(request).einstellungen().gueltig
    return RedirectResponse("/uebersicht" if gueltig else "/einstellungen", status_code=303)


def _jahr(request: Request) -> int | None:
    text = request.query_params.get("jahr")
    return None if not text else anwendung.zeitraum(jahr=text).jahr


def uebersicht(request: Request) -> Response:
    ap = arbeitsplatz(request)
    try:
        jahr = _jahr(request)
        ergebnis = ap.merken(("uebersicht", jahr), lambda: anwendung.uebersicht(
            ap.eingabe(), ap.config(), jahr, cache=ap.cache))
    except Aufruffehler as exc:
        return fehlerseite(request, "Übersicht", exc.meldung, exc.befunde, dokument=exc.dokument)
    if will_json(request):
        return json_antwort(ergebnis.dokument)
    return seite(request, "uebersicht.html", {"titel": f"Übersicht {ergebnis.jahr}", "e": ergebnis,
                                              "d": ergebnis.dokument})


ROUTEN = [Route("/", start), Route("/uebersicht", uebersicht), Route("/uebersicht.json", uebersicht)]
