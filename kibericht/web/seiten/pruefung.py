"""Prüfung: every finding of the logs, grouped by workbook or by Stelle, each with file, sheet,
row, column, the message (which says how to fix it) and the value found; the marked copy of a
workbook to download; „Erneut prüfen“; and „Eigene Datei prüfen“: one workbook uploaded and
checked alone, exactly as the use case checks a file of the folder, never put into the logs and
deleted after the check. `/pruefung.json` is the document of `kibericht pruefen --format json`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, PruefErgebnis
from kibericht.befunde import Finding
from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.auftraege import Auftrag
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json
from kibericht.web.downloads import Download
from kibericht.web.hochladen import Hochgeladen, UploadFehler, empfangen
from kibericht.web.seiten.formulare import arbeitsplatz, auftrag_antwort, formular

ANSICHTEN = {"datei": "nach Arbeitsmappe", "stelle": "nach Stelle"}
MARKIERBAR = (".xlsx", ".xlsm")


def datei_id(datei: str) -> str:
    """The ID a workbook is named by in forms (the browser never sends a path)."""
    return hashlib.sha256(datei.encode("utf-8")).hexdigest()[:16]


def pruefung(ap: Arbeitsplatz) -> PruefErgebnis:
    return ap.merken(("pruefung",), lambda: anwendung.pruefen(ap.eingabe(), ap.config(), cache=ap.cache))


def seite_pruefung(request: Request) -> Response:
    ap = arbeitsplatz(request)
    ansicht = request.query_params.get("ansicht", "datei")
    ansicht = ansicht if ansicht in ANSICHTEN else "datei"
    try:
        e = pruefung(ap)
        config = ap.config()
    except Aufruffehler as exc:
        return fehlerseite(request, "Prüfung", exc.meldung, exc.befunde, dokument=exc.dokument)
    if will_json(request):
        return json_antwort(e.dokument)
    if ansicht == "stelle":
        gruppen = anwendung.nach_stelle(e.befunde, e.nachweise, [s.id for s in config.stellen])
    else:
        gruppen = anwendung.nach_datei(e.befunde)
    bezeichnung = {s.id: s.bezeichnung for s in config.stellen}
    erneut = ap.auftraege.holen(request.query_params.get("erneut", ""))
    return seite(request, "pruefung.html", {
        "titel": "Prüfung", "e": e, "d": e.dokument, "gruppen": gruppen, "ansicht": ansicht,
        "ANSICHTEN": ANSICHTEN, "bezeichnung": bezeichnung, "datei_id": datei_id,
        "markierbar": lambda datei: Path(datei).suffix.lower() in MARKIERBAR, "erneut": erneut})


async def erneut_pruefen(request: Request) -> Response:
    await formular(request)
    ap = arbeitsplatz(request)

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        e = anwendung.pruefen(ap.eingabe(), ap.config(), fortschritt=auftrag.melden, cache=ap.cache)
        gelesen = [ap.kurz(p.as_posix()) for p in ap.cache.gelesen]
        return {"dokument": e.dokument, "gelesen": gelesen, "weiter": f"/pruefung?erneut={auftrag.id}"}

    return await auftrag_antwort(request, "Erneut prüfen", "erneut", arbeit, "/pruefung")


def _markieren(ap: Arbeitsplatz, auftrag: Auftrag) -> dict[str, Download]:
    """The marked copies of every faulty workbook, by the workbook's path in the findings."""
    ziel = ap.ablegen_unter("markiert")
    auftrag.schritt_setzen("Markierte Kopien schreiben …")
    e = anwendung.pruefen(ap.eingabe(), ap.config(), markiert=ziel, fortschritt=auftrag.melden,
                          cache=ap.cache)
    kopien = {p.resolve(): p for p in e.markiert or ()}
    ordner = [Path(x).resolve() for x in ap.eingabe() if Path(x).is_dir()]
    result = {}
    for datei in {f.datei for f in e.befunde}:
        quelle = Path(datei).resolve()
        relativ = next((quelle.relative_to(o) for o in ordner if quelle.is_relative_to(o)), Path(quelle.name))
        kopie = kopien.get((ziel / relativ).resolve())
        if kopie is not None:
            result[datei] = ap.downloads.anmelden(kopie, f"{quelle.stem}_markiert{quelle.suffix}")
    return result


async def markierte_kopie(request: Request) -> Response:
    form = await formular(request)
    ap = arbeitsplatz(request)
    try:
        e = await anyio.to_thread.run_sync(pruefung, ap)  # (not in the event loop: it may read)
    except Aufruffehler as exc:
        return fehlerseite(request, "Markierte Kopie", exc.meldung, exc.befunde)
    gesucht = str(form.get("datei", ""))
    datei = next((f.datei for f in e.befunde if datei_id(f.datei) == gesucht), None)
    if datei is None:
        return fehlerseite(request, "Markierte Kopie", "Diese Arbeitsmappe hat keine Befunde (mehr). Laden "
                           "Sie die Seite Prüfung neu.", status=404)

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        kopien = ap.merken(("markiert",), lambda: _markieren(ap, auftrag))
        kopie = kopien.get(datei)
        if kopie is None:
            raise Aufruffehler(f"Für „{ap.kurz(datei)}“ lässt sich keine markierte Kopie schreiben (nur "
                               ".xlsx und .xlsm mit Befunden an Zeilen werden markiert). Die Befunde auf der "
                               "Seite Prüfung nennen die Zellen.")
        return {"direkt": kopie, "downloads": [kopie], "dokument": {"markiert": kopie.name}}

    return await auftrag_antwort(request, f"Markierte Kopie von {ap.kurz(datei)}", "markiert", arbeit,
                                 "/pruefung")


def _ohne_pfad(h: Hochgeladen, text: str) -> str:
    """The server's private path of an upload replaced by the name it was uploaded with."""
    return text.replace(h.pfad.as_posix(), h.name).replace(str(h.pfad), h.name)


async def eigene_datei(request: Request) -> Response:
    """POST /pruefung/eigene-datei: one workbook uploaded and checked alone."""
    ap = arbeitsplatz(request)
    try:
        h = await empfangen(dict(request.headers), request.stream(), ap.ordner / "hochgeladen",
                            request.app.state.zugang.csrf_gueltig)
    except UploadFehler as exc:
        return fehlerseite(request, "Eigene Datei prüfen", exc.meldung, status=exc.status,
                           link=("/pruefung#eigene-datei", "Zurück zur Prüfung"))

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        try:
            ziel = ap.ablegen_unter("eigene")
            e = anwendung.pruefen([h.pfad], ap.config(), markiert=ziel, fortschritt=auftrag.melden)
        finally:
            h.loeschen()  # checked: the upload is gone, whatever happened
        befunde: list[Finding] = [_umbenannt(h, f) for f in e.befunde]
        downloads = [ap.downloads.anmelden(p, f"{Path(h.name).stem}_markiert{Path(h.name).suffix}")
                     for p in e.markiert or ()]
        dokument = json.loads(_ohne_pfad(h, json.dumps(e.dokument, ensure_ascii=False)))
        return {"dokument": dokument, "name": h.name, "befunde": befunde, "downloads": downloads,
                "eintraege": len(e.nachweise.entries), "gruppen": anwendung.nach_datei(befunde)}

    try:
        return await auftrag_antwort(request, f"Eigene Datei prüfen: {h.name}", "eigene_datei", arbeit,
                                     "/pruefung")
    except BaseException:
        h.loeschen()
        raise


def _umbenannt(h: Hochgeladen, f: Finding) -> Finding:
    return dataclasses.replace(f, datei=_ohne_pfad(h, f.datei), meldung=_ohne_pfad(h, f.meldung))


ROUTEN = [Route("/pruefung", seite_pruefung), Route("/pruefung.json", seite_pruefung),
          Route("/pruefung/erneut", erneut_pruefen, methods=["POST"]),
          Route("/pruefung/markiert", markierte_kopie, methods=["POST"]),
          Route("/pruefung/eigene-datei", eigene_datei, methods=["POST"])]
