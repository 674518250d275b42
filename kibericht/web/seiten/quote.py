"""Quote (for Controlling): the Schwerpunkt share of a month, of January to that month, of the
year and of the two-year Schwerpunkt period, with the chart of the months and the Fehlstunden
(`anwendung.quote`). `/quote.json` holds the use case's documents: `{"monat": …, "jahr": …,
"periode": …}`, each as `kibericht quote --format json` prints it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, Periode, QuoteErgebnis
from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json
from kibericht.web.seiten.formulare import arbeitsplatz


def _zweijahr(ap: Arbeitsplatz, jahr: int) -> Periode | None:
    """The two-year period of the Schwerpunkte that hold `jahr`."""
    sp = [s for s in ap.config().schwerpunkte if s.gilt_im_jahr(jahr)]
    if not sp:
        return None
    return anwendung.zeitraum(periode=f"{min(s.von for s in sp)}-{max(s.bis for s in sp)}")


def _monat(ap: Arbeitsplatz, request: Request) -> Periode:
    text = request.query_params.get("monat")
    if text:
        return anwendung.monat(text)
    e = ap.merken(("uebersicht", None), lambda: anwendung.uebersicht(ap.eingabe(), ap.config(),
                                                                     cache=ap.cache))
    mit = [m.monat for m in e.monate if m.eintraege]
    return anwendung.monat(mit[-1] if mit else e.monate[0].monat)


def quoten(ap: Arbeitsplatz, monat: Periode, trotz: bool) -> dict[str, QuoteErgebnis]:
    zeitraeume = {"monat": monat, "jahr": anwendung.zeitraum(jahr=monat.jahr)}
    zweijahr = _zweijahr(ap, monat.jahr)
    if zweijahr is not None:
        zeitraeume["periode"] = zweijahr
    def quote(p: Periode) -> QuoteErgebnis:
        return ap.merken(("quote", p.label, trotz), lambda: anwendung.quote(
            ap.eingabe(), ap.config(), p, trotz_fehlern=trotz, cache=ap.cache))

    return {k: quote(p) for k, p in zeitraeume.items()}


def seite_quote(request: Request) -> Response:
    ap = arbeitsplatz(request)
    trotz = request.query_params.get("trotz_fehlern") == "ja"
    try:
        monat = _monat(ap, request)
        q = quoten(ap, monat, trotz)
        config = ap.config()
    except Aufruffehler as exc:
        return fehlerseite(request, "Quote", exc.meldung, exc.befunde, dokument=exc.dokument)
    if will_json(request):
        return json_antwort({k: e.dokument for k, e in q.items()})
    titel = {s.id: s.titel for s in config.schwerpunkte}
    return seite(request, "quote.html", {"titel": f"Schwerpunktquote {monat.titel}", "monat": monat, "q": q,
                                         "trotz": trotz, "sp_titel": titel})


def diagramm(request: Request) -> Response:
    """/quote/diagramm.png?monat=JJJJ-MM: the share of each month of the year against the minimum."""
    ap = arbeitsplatz(request)
    trotz = request.query_params.get("trotz_fehlern") == "ja"
    try:
        monat = _monat(ap, request)
        jahr = quoten(ap, monat, trotz)["jahr"]
    except Aufruffehler as exc:
        return fehlerseite(request, "Diagramm", exc.meldung, exc.befunde, status=404)
    if jahr.quote is None:
        return fehlerseite(request, "Diagramm", "Für dieses Jahr gibt es kein Diagramm.", status=404)
    q = jahr.quote

    def zeichnen() -> bytes:
        from kibericht.ausgabe.diagramme import chart_schwerpunktanteil, png_bytes  # matplotlib

        with ap.zeichnen:
            return png_bytes(lambda: chart_schwerpunktanteil(list(q.monate), q.mindestanteil,
                                                             q.periode.titel))

    png: Any = ap.merken(("quote-diagramm", monat.jahr, trotz), zeichnen)
    return Response(png, media_type="image/png")


ROUTEN = [Route("/quote", seite_quote), Route("/quote.json", seite_quote),
          Route("/quote/diagramm.png", diagramm)]
