"""Vorlagen: a blank Tätigkeitsnachweis per Stelle (or one for all) and year to download, with
the dropdowns of the configuration (`anwendung.vorlage`). The Stelle is chosen from the
Stellenplan, never typed; the file is written into the server's private folder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler
from kibericht.web.auftraege import Auftrag
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json
from kibericht.web.seiten.formulare import arbeitsplatz, auftrag_antwort, formular

ALLE = "alle"


def _jahre() -> list[int]:
    heute = dt.date.today().year
    return [heute - 1, heute, heute + 1]


def seite_vorlagen(request: Request) -> Response:
    ap = arbeitsplatz(request)
    try:
        config = ap.config()
    except Aufruffehler as exc:
        return fehlerseite(request, "Vorlagen", exc.meldung, exc.befunde, dokument=exc.dokument)
    stellen = [{"id": s.id, "bezeichnung": s.bezeichnung} for s in config.stellen]
    if will_json(request):
        return json_antwort({"jahre": _jahre(), "stellen": stellen})
    return seite(request, "vorlagen.html", {"titel": "Vorlagen", "stellen": stellen, "jahre": _jahre(),
                                            "heute": dt.date.today().year, "ALLE": ALLE})


async def vorlage(request: Request) -> Response:
    form = await formular(request)
    ap = arbeitsplatz(request)
    try:
        config = ap.config()
        jahr = anwendung.jahr(str(form.get("jahr", "")))
    except Aufruffehler as exc:
        return fehlerseite(request, "Vorlagen", exc.meldung, exc.befunde)
    wahl = str(form.get("stelle", ALLE))
    ids = [s.id for s in config.stellen]
    if wahl != ALLE and wahl not in ids:
        return fehlerseite(request, "Vorlagen", "Diese Stelle steht nicht im Stellenplan.", status=404)
    stelle = None if wahl == ALLE else wahl
    name = f"Taetigkeitsnachweis_{jahr}" + (f"_{stelle}" if stelle else "") + ".xlsx"

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        ziel = ap.ablegen_unter("vorlagen") / name
        e = anwendung.vorlage(config, jahr, ziel, stelle=stelle)
        d = ap.downloads.anmelden(e.datei)
        return {"dokument": {**e.dokument, "datei": name}, "direkt": d, "downloads": [d],
                "warnungen": list(e.warnungen)}

    return await auftrag_antwort(request, f"Vorlage {jahr}" + (f" für {stelle}" if stelle else ""), "vorlage",
                                 arbeit, "/vorlagen")


ROUTEN = [Route("/vorlagen", seite_vorlagen), Route("/vorlagen.json", seite_vorlagen),
          Route("/vorlagen", vorlage, methods=["POST"])]
