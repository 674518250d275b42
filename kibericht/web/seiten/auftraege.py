"""A job's page: while it runs, what it is doing (htmx asks for `…/stand` every second and
swaps the box; without JavaScript the page reloads itself), then its result — a download, the
checksum of a closing, the findings of an uploaded workbook. `/auftraege/ID.json` is the job's
state with the application layer's document when it is done. Downloads by ID: `/dateien/ID`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from kibericht.web.auftraege import FEHLER, Auftrag
from kibericht.web.darstellung import UMGEBUNG, fehlerseite, json_antwort, seite, will_json
from kibericht.web.seiten.formulare import arbeitsplatz


def _auftrag(request: Request) -> Auftrag | None:
    return arbeitsplatz(request).auftraege.holen(request.path_params["auftrag"].removesuffix(".json"))


def zustand(a: Auftrag) -> dict[str, Any]:
    """The job as JSON: its state, and the use case's document when it is done."""
    ergebnis = a.ergebnis if isinstance(a.ergebnis, dict) else {}
    return {"id": a.id, "titel": a.titel, "status": a.status, "schritt": a.schritt, "gelesen": a.gelesen,
            "gesamt": a.gesamt, "dokument": ergebnis.get("dokument"),
            "downloads": [{"name": d.name, "url": d.url} for d in ergebnis.get("downloads", ())],
            "fehler": None if a.fehler is None else a.fehler.dokument["fehler"],
            "interner_fehler": a.interner_fehler}


def kontext(request: Request, a: Auftrag) -> dict[str, Any]:
    ergebnis = a.ergebnis if isinstance(a.ergebnis, dict) else {}
    return {"a": a, "r": ergebnis, "FEHLER": FEHLER, "csrf": request.app.state.zugang.csrf,
            "kurz": arbeitsplatz(request).kuerzer()}


def auftrag(request: Request) -> Response:
    a = _auftrag(request)
    if a is None:
        return fehlerseite(request, "Auftrag", "Diesen Auftrag gibt es nicht (mehr). Aufträge gelten nur, "
                           "solange kibericht web läuft.", status=404)
    if will_json(request):
        return json_antwort(zustand(a))
    return seite(request, "auftrag.html", {"titel": a.titel, **kontext(request, a)})


def stand(request: Request) -> Response:
    """The box of the job page, for htmx: progress while it runs, the result when it is done."""
    a = _auftrag(request)
    if a is None:
        return HTMLResponse("<p>Dieser Auftrag ist nicht mehr bekannt.</p>", 404)
    return HTMLResponse(UMGEBUNG.get_template("auftrag_stand.html").render(**kontext(request, a)))


def datei(request: Request) -> Response:
    """A file offered by a job, by its ID (never by a path)."""
    eintrag = arbeitsplatz(request).downloads.holen(request.path_params["datei"])
    if eintrag is None:
        return fehlerseite(request, "Datei", "Diese Datei gibt es nicht (mehr). Erstellen Sie sie neu.",
                           status=404)
    return FileResponse(eintrag.pfad, media_type=eintrag.medientyp, filename=eintrag.name)


ROUTEN = [Route("/auftraege/{auftrag}", auftrag), Route("/auftraege/{auftrag}/stand", stand),
          Route("/dateien/{datei}", datei)]
