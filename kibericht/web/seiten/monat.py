"""Monat: the Monatsbericht as a page — the same sections the workbook and the PDF render
(`ausgabe.abschnitte`: Kurzfassung, key figures and comparisons, funding, Schwerpunkte,
Tätigkeiten, Kommunen, Stellen, milestones, months) and its charts, computed by the report use
case without writing a file (`anwendung.bericht(…, ausgabe=None)`); `/monat/JJJJ-MM.json` is the
use case's document, the one `kibericht bericht --format json` prints (with `"dateien": []`).

Closing and reopening: `abschliessen` asks for a confirmation that says what happens, runs as a
job (refused while a closing or reopening of the same month waits or runs) and shows the
checksum of the filing; reopening needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, BerichtErgebnis, Periode
from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.auftraege import Auftrag
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json
from kibericht.web.seiten.formulare import arbeitsplatz, auftrag_antwort, formular

if TYPE_CHECKING:  # the report's sections and charts (pandas, matplotlib): with the first month
    from kibericht.ausgabe.abschnitte import Abschnitte
    from kibericht.ausgabe.diagramme import Diagramm


@dataclass(frozen=True)
class Monatsansicht:
    """What the month page shows: the use case's result and, when it was computed, the report's
    sections and charts."""

    ergebnis: BerichtErgebnis
    teile: Abschnitte | None
    diagramme: tuple[Diagramm, ...]


def _periode(request: Request) -> Periode:
    return anwendung.monat(request.path_params["monat"].removesuffix(".json"))


def ansicht(ap: Arbeitsplatz, periode: Periode, trotz_fehlern: bool) -> Monatsansicht:
    def berechnen() -> Monatsansicht:
        from kibericht.ausgabe.abschnitte import abschnitte
        from kibericht.ausgabe.diagramme import report_charts

        e = anwendung.bericht(ap.eingabe(), ap.config(), periode, None, trotz_fehlern=trotz_fehlern,
                              cache=ap.cache)
        if e.bericht is None:
            return Monatsansicht(e, None, ())
        return Monatsansicht(e, abschnitte(e.bericht), tuple(report_charts(e.bericht)))

    return ap.merken(("monat", periode.label, trotz_fehlern), berechnen)


def _abschluss(ap: Arbeitsplatz, periode: Periode) -> dict[str, Any]:
    """The month in the Ablage: closed (with its element), reopened, or open."""
    e = ap.merken(("uebersicht", periode.jahr), lambda: anwendung.uebersicht(
        ap.eingabe(), ap.config(), periode.jahr, cache=ap.cache))
    glied = e.ablage.geschlossen.get(periode.label)
    zeile = next(m for m in e.monate if m.monat == periode.label)
    daten = {} if glied is None or glied.daten is None else glied.daten
    dateien = [str(d.get("datei", "")) for d in daten.get("dateien", [])]
    pdf = next((i for i, name in enumerate(dateien) if name.endswith(".pdf")), None)
    return {"glied": glied, "wiedereroeffnet": zeile.wiedereroeffnet, "version": daten.get("version"),
            "zeitpunkt": daten.get("zeitpunkt"), "pruefcode": daten.get("pruefcode"), "pdf": pdf}


def neuester_monat(request: Request) -> Response:
    """/monat: the newest month with entries."""
    ap = arbeitsplatz(request)
    try:
        e = ap.merken(("uebersicht", None), lambda: anwendung.uebersicht(ap.eingabe(), ap.config(),
                                                                         cache=ap.cache))
    except Aufruffehler as exc:
        return fehlerseite(request, "Monat", exc.meldung, exc.befunde)
    mit = [m.monat for m in e.monate if m.eintraege or m.fehler]
    return RedirectResponse(f"/monat/{mit[-1] if mit else e.monate[0].monat}", status_code=303)


def monat(request: Request) -> Response:
    ap = arbeitsplatz(request)
    trotz = request.query_params.get("trotz_fehlern") == "ja"
    try:
        periode = _periode(request)
    except Aufruffehler as exc:
        return fehlerseite(request, "Monat", exc.meldung, exc.befunde, status=404)
    try:
        a = ansicht(ap, periode, trotz)
        abschluss = _abschluss(ap, periode)
    except Aufruffehler as exc:
        return fehlerseite(request, "Monat", exc.meldung, exc.befunde, dokument=exc.dokument)
    if will_json(request):
        return json_antwort(a.ergebnis.dokument)
    from kibericht.ausgabe import texte

    vorher, nachher = _nachbarn(periode)
    return seite(request, "monat.html", {
        "titel": f"Monatsbericht {periode.titel}", "periode": periode, "a": a, "e": a.ergebnis,
        "t": a.teile, "texte": texte, "trotz": trotz, "abschluss": abschluss, "vorher": vorher,
        "nachher": nachher, "kennzahl": kennzahl})


def kennzahl(wert: Any, art: str) -> str:
    """A key figure as the PDF sets it (by its kind)."""
    from kibericht.web.darstellung import prozent, zahl

    if wert is None:
        return "–"
    return {"stunden": zahl, "prozent": prozent}.get(art, lambda v: zahl(v, 0))(wert)


def _nachbarn(periode: Periode) -> tuple[str, str]:
    j, m = periode.start.year, periode.start.month
    vorher = f"{j - 1}-12" if m == 1 else f"{j}-{m - 1:02d}"
    nachher = f"{j + 1}-01" if m == 12 else f"{j}-{m + 1:02d}"
    return vorher, nachher


def diagramm(request: Request) -> Response:
    """/monat/JJJJ-MM/diagramme/NAME.png: a chart of the month's report, drawn once per Datenstand."""
    ap = arbeitsplatz(request)
    trotz = request.query_params.get("trotz_fehlern") == "ja"
    try:
        periode = _periode(request)
        a = ansicht(ap, periode, trotz)
    except Aufruffehler as exc:
        return fehlerseite(request, "Diagramm", exc.meldung, exc.befunde, status=404)
    name = request.path_params["name"]
    chart = next((d for d in a.diagramme if d.name == name), None)
    if chart is None:
        return fehlerseite(request, "Diagramm", "Dieses Diagramm gibt es nicht.", status=404)

    def zeichnen() -> bytes:
        from kibericht.ausgabe.diagramme import png_bytes

        with ap.zeichnen:
            return png_bytes(chart.zeichnen)

    png = ap.merken(("diagramm", periode.label, trotz, name), zeichnen)
    return Response(png, media_type="image/png")


def abschliessen_fragen(request: Request) -> Response:
    """The confirmation: what closing the month does, and the button."""
    ap = arbeitsplatz(request)
    try:
        periode = _periode(request)
        a = ansicht(ap, periode, False)
        abschluss = _abschluss(ap, periode)
        ablage = ap.config().ablage
    except Aufruffehler as exc:
        return fehlerseite(request, "Monat abschließen", exc.meldung, exc.befunde)
    return seite(request, "abschliessen.html", {"titel": f"{periode.titel} abschließen", "periode": periode,
                                                "e": a.ergebnis, "abschluss": abschluss, "ablage": ablage})


async def abschliessen(request: Request) -> Response:
    form = await formular(request)
    ap = arbeitsplatz(request)
    try:
        periode = _periode(request)
    except Aufruffehler as exc:
        return fehlerseite(request, "Monat abschließen", exc.meldung, exc.befunde, status=404)
    if form.get("bestaetigt") != "ja":
        return fehlerseite(request, "Monat abschließen", "Bitte bestätigen Sie den Abschluss: setzen Sie das "
                           "Häkchen und wählen Sie dann „Monat jetzt abschließen“.",
                           link=(f"/monat/{periode.label}/abschliessen", "Zurück zur Bestätigung"))

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        auftrag.schritt_setzen("Ablage prüfen …", "Bericht schreiben und ablegen …")
        with ap.zeichnen:  # filing writes the report (charts drawn with matplotlib)
            e = anwendung.abschliessen(ap.eingabe(), ap.config(), periode, konfig_datei=ap.konfig_datei,
                                       fortschritt=auftrag.melden, cache=ap.cache)
        return {"dokument": e.dokument, "e": e, "periode": periode}

    return await auftrag_antwort(request, f"{periode.titel} abschließen", "abschluss", arbeit,
                                 f"/monat/{periode.label}", schluessel=f"ablage:{periode.label}")


def wiedereroeffnen_fragen(request: Request) -> Response:
    ap = arbeitsplatz(request)
    try:
        periode = _periode(request)
        abschluss = _abschluss(ap, periode)
    except Aufruffehler as exc:
        return fehlerseite(request, "Monat wieder öffnen", exc.meldung, exc.befunde)
    return seite(request, "wiedereroeffnen.html", {"titel": f"{periode.titel} wieder öffnen",
                                                   "periode": periode, "abschluss": abschluss})


async def wiedereroeffnen(request: Request) -> Response:
    form = await formular(request)
    ap = arbeitsplatz(request)
    try:
        periode = _periode(request)
    except Aufruffehler as exc:
        return fehlerseite(request, "Monat wieder öffnen", exc.meldung, exc.befunde, status=404)
    grund = str(form.get("grund", "")).strip()
    zurueck = (f"/monat/{periode.label}/wiedereroeffnen", "Zurück")
    if form.get("bestaetigt") != "ja":
        return fehlerseite(request, "Monat wieder öffnen", "Bitte bestätigen Sie das Wiedereröffnen mit dem "
                           "Häkchen.", link=zurueck)
    if not grund:
        return fehlerseite(request, "Monat wieder öffnen", "Zum Wiedereröffnen gehört ein Grund; er bleibt "
                           "dauerhaft in der Ablage.", link=zurueck)

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        e = anwendung.wiedereroeffnen(ap.config(), periode, grund)
        return {"dokument": e.dokument, "e": e, "periode": periode}

    return await auftrag_antwort(request, f"{periode.titel} wieder öffnen", "wiedereroeffnung", arbeit,
                                 f"/monat/{periode.label}", schluessel=f"ablage:{periode.label}")


ROUTEN = [
    Route("/monat", neuester_monat),
    Route("/monat/{monat}", monat),
    Route("/monat/{monat}/diagramme/{name}.png", diagramm),
    Route("/monat/{monat}/abschliessen", abschliessen_fragen, methods=["GET"]),
    Route("/monat/{monat}/abschliessen", abschliessen, methods=["POST"]),
    Route("/monat/{monat}/wiedereroeffnen", wiedereroeffnen_fragen, methods=["GET"]),
    Route("/monat/{monat}/wiedereroeffnen", wiedereroeffnen, methods=["POST"]),
]
