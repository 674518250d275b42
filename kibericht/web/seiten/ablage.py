"""Ablage: the filed months — each closing with its version, time, entries and files, each
reopening with its reason — checked link by link and file by file (`anwendung.verifizieren` of
the Ablage alone); „Prüfen“ runs the whole verification, the logs included, as a job. A filed
file is downloaded by the number of its element and its place in the manifest, never by a path;
a name in a manifest that points outside its folder is refused. `/ablage.json` is the document
of `kibericht verifizieren --ablage ORDNER --format json`.

Each closed month offers its Meldung to the Land (`/ablage/meldung/JJJJ-MM`): built from the
Ablage by `anwendung.melden(…, schreiben=False)` — the same bytes as the file `abschliessen`
wrote into `meldungen/` and `kibericht meldung` writes, without reading that folder or writing
anything. „Prüfcode prüfen“ looks up the Prüfcode of a signed report in the Ablage
(`anwendung.pruefcode_verifizieren`), as a job."""

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


def meldung(ap: Arbeitsplatz, monat: str) -> anwendung.MeldungErgebnis:
    """The Meldung of a closed month, built from the Ablage (kept per Datenstand)."""
    periode = anwendung.monat(monat)
    return ap.merken(("meldung", periode.label), lambda: anwendung.melden(
        ap.config(), periode, konfig_datei=ap.konfig_datei, schreiben=False))


async def meldung_herunterladen(request: Request) -> Response:
    """/ablage/meldung/JJJJ-MM: the month's Meldung (zip) to save and send to the Land."""
    import anyio

    ap = arbeitsplatz(request)
    try:
        e = await anyio.to_thread.run_sync(meldung, ap, request.path_params["monat"])
    except Aufruffehler as exc:
        return fehlerseite(request, "Meldung", exc.meldung, exc.befunde, status=404, dokument=exc.dokument,
                           link=("/ablage", "Zur Ablage"))
    if e.inhalt is None or e.dateiname is None:
        return fehlerseite(request, "Meldung", "Die Ablage weicht ab; eine Meldung wird erst wieder "
                           "erstellt, wenn sie intakt ist (Ablage → Prüfen).", e.befunde, status=409,
                           link=("/ablage", "Zur Ablage"))
    return Response(e.daten, media_type="application/zip",
                    headers={"content-disposition": anhang(e.dateiname)})


def anhang(name: str) -> str:
    """The Content-Disposition of a download saved as `name` (RFC 6266, non-ASCII names too)."""
    from urllib.parse import quote

    if name.isascii() and '"' not in name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename*=utf-8''{quote(name)}"


async def pruefcode(request: Request) -> Response:
    """„Prüfcode prüfen“: whether the Ablage holds the filing of a signed report unchanged."""
    form = await formular(request)
    ap = arbeitsplatz(request)
    code = str(form.get("pruefcode", "")).strip()

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        auftrag.schritt_setzen("Ablage lesen und jede abgelegte Datei prüfen …")
        e = anwendung.pruefcode_verifizieren(ap.config(), code)
        return {"dokument": e.dokument, "e": e, "code": code}

    return await auftrag_antwort(request, "Prüfcode prüfen", "pruefcode", arbeit, "/ablage")


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
          Route("/ablage/pruefcode", pruefcode, methods=["POST"]),
          Route("/ablage/meldung/{monat:str}", meldung_herunterladen),
          Route("/ablage/{nr:str}/{index:str}", abgelegte_datei)]
