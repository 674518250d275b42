"""Förderung (for Finanzen): the Pauschale of a year per programme against its cap, per Stelle
and month in whole cents, with the Stellen's besetzt periods and vacancies, Soll/Ist hours and
the warnings of the year (`anwendung.foerderung` with the logs). `/foerderung.json` is the
document of `kibericht foerderung --format json` with the same logs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, KIConfig
from kibericht.periode import MONATSKURZ
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json, zahl
from kibericht.web.seiten.formulare import arbeitsplatz


def besetzung(config: KIConfig, stelle_id: str, jahr: int) -> str:
    """The Stelle's besetzt periods in words: „01.01.2025–15.05.2025; ab 01.07.2025“, with the
    share where it differs from the Stelle's."""
    stelle = config.stelle(stelle_id)
    if stelle.besetzt is None:
        return "ganzjährig besetzt"
    teile = []
    for p in stelle.besetzt:
        text = f"{p.von:%d.%m.%Y}–{p.bis:%d.%m.%Y}" if p.bis else f"ab {p.von:%d.%m.%Y}"
        if p.umfang != stelle.umfang:
            text += f" ({zahl(p.umfang)} VZÄ)"
        teile.append(text)
    return "; ".join(teile) or "nicht besetzt"


def seite_foerderung(request: Request) -> Response:
    ap = arbeitsplatz(request)
    trotz = request.query_params.get("trotz_fehlern") == "ja"
    try:
        text = request.query_params.get("jahr")
        if text:
            jahr = anwendung.zeitraum(jahr=text).jahr
        else:
            jahr = ap.merken(("uebersicht", None), lambda: anwendung.uebersicht(
                ap.eingabe(), ap.config(), cache=ap.cache)).jahr
        e = ap.merken(("foerderung", jahr, trotz), lambda: anwendung.foerderung(
            ap.config(), jahr, ap.eingabe(), trotz_fehlern=trotz, cache=ap.cache))
    except Aufruffehler as exc:
        return fehlerseite(request, "Förderung", exc.meldung, exc.befunde, dokument=exc.dokument)
    if will_json(request):
        return json_antwort(e.dokument)
    return seite(request, "foerderung.html", {
        "titel": f"Förderung {jahr}", "jahr": jahr, "e": e, "f": e.foerderung, "trotz": trotz,
        "MONATSKURZ": MONATSKURZ, "besetzung": lambda s: besetzung(e.config, s, jahr)})


ROUTEN = [Route("/foerderung", seite_foerderung), Route("/foerderung.json", seite_foerderung)]
