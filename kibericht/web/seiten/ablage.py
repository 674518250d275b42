"""Ablage: the filed months — each closing with its version, time, entries and files, each
reopening with its reason — checked link by link and file by file (`anwendung.verifizieren` of
the Ablage alone); „Prüfen“ runs the whole verification, the logs included, as a job. A filed
file is downloaded by the number of its element and its place in the manifest, never by a path;
a name in a manifest that points outside its folder is refused. `/ablage.json` is the document
of `kibericht verifizieren --ablage ORDNER --format json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, VerifikationsErgebnis
from kibericht.anwendung.verifikation import fehler_in, ist_abschluss
from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.auftraege import Auftrag
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json
from kibericht.web.seiten.formulare import arbeitsplatz, auftrag_antwort, formular


def stand(ap: Arbeitsplatz) -> VerifikationsErgebnis | None:
    """The Ablage checked (without the logs); None while there is none."""
    ordner = Path(ap.config().ablage)
    if not ordner.exists():
        return None
    return ap.merken(("ablage",), lambda: anwendung.verifizieren(None, (), ordner))


def seite_ablage(request: Request) -> Response:
    ap = arbeitsplatz(request)
    try:
        e = stand(ap)
        ordner = ap.config().ablage
    except Aufruffehler as exc:
        return fehlerseite(request, "Ablage", exc.meldung, exc.befunde, dokument=exc.dokument)
    if will_json(request):
        leer = {"ablage": Path(ordner).as_posix(), "glieder": []}
        return json_antwort(e.dokument if e is not None else leer)
    return seite(request, "ablage.html", {"titel": "Ablage", "e": e, "ordner": ordner,
                                          "ist_abschluss": ist_abschluss, "fehler_in": fehler_in})


async def pruefen(request: Request) -> Response:
    await formular(request)
    ap = arbeitsplatz(request)

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        config = ap.config()
        e = anwendung.verifizieren(config, ap.eingabe(), fortschritt=auftrag.melden, cache=ap.cache)
        return {"dokument": e.dokument, "e": e}

    return await auftrag_antwort(request, "Ablage prüfen", "verifizieren", arbeit, "/ablage")


def abgelegte_datei(request: Request) -> Response:
    """/ablage/NR/INDEX: the INDEX-th file of element NR, or its manifest (INDEX „manifest“)."""
    ap = arbeitsplatz(request)
    try:
        e = stand(ap)
    except Aufruffehler as exc:
        return fehlerseite(request, "Ablage", exc.meldung, exc.befunde)
    nr, index = request.path_params["nr"], request.path_params["index"]
    glied = next((g for g in (e.stand.glieder if e else ()) if str(g.nr) == nr), None)
    if glied is None:
        return fehlerseite(request, "Ablage", "Diesen Eintrag der Ablage gibt es nicht.", status=404)
    if index == "manifest":
        pfad = glied.manifest
    else:
        namen = [d.get("datei") for d in (glied.daten or {}).get("dateien", [])]
        if not index.isdigit() or int(index) >= len(namen) or not isinstance(namen[int(index)], str):
            return fehlerseite(request, "Ablage", "Diese Datei gibt es in der Ablage nicht.", status=404)
        pfad = glied.ordner / namen[int(index)]
    ordner = Path(glied.ordner).resolve()
    if not pfad.resolve().is_relative_to(ordner) or not pfad.is_file():
        return fehlerseite(request, "Ablage", "Diese Datei liegt nicht (mehr) in der Ablage.", status=404)
    return FileResponse(pfad, filename=pfad.name, media_type=_art(pfad))


def _art(pfad: Path) -> str:
    from kibericht.web.downloads import ARTEN

    return ARTEN.get(pfad.suffix.lower(), "application/octet-stream")


ROUTEN = [Route("/ablage", seite_ablage), Route("/ablage.json", seite_ablage),
          Route("/ablage/pruefen", pruefen, methods=["POST"]),
          Route("/ablage/{nr:str}/{index:str}", abgelegte_datei)]
