"""Reports for download: the month's or the year's workbook and PDF, internal or public, written
by the report use case (`anwendung.bericht`) into the server's private folder and offered by ID.

The public version is what the use case writes with `oeffentlich=True` — nothing of the internal
report is reused for it, so no figure per Stelle or person can reach a public file by this way.
A report asked for again with nothing changed is not written again (kept per Datenstand).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, Periode
from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.auftraege import Auftrag
from kibericht.web.darstellung import fehlerseite
from kibericht.web.seiten.formulare import arbeitsplatz, auftrag_antwort, formular

# the form's choice: (file ending, public version)
DATEIEN = {"pdf": ("pdf", False), "xlsx": ("xlsx", False), "pdf_oeffentlich": ("pdf", True),
           "xlsx_oeffentlich": ("xlsx", True)}


def schreiben(ap: Arbeitsplatz, auftrag: Auftrag, periode: Periode, oeffentlich: bool,
              trotz_fehlern: bool) -> dict[str, Any]:
    """Write the report (or take the one written for the same data) and offer its workbook and
    PDF; `{"gestoppt": …}` when data errors of the period stop it."""
    def neu() -> dict[str, Any]:
        auftrag.schritt_setzen("Nachweise lesen …", "Bericht schreiben: Arbeitsmappe, Diagramme und PDF …")
        ziel = ap.ablegen_unter("berichte")
        with ap.zeichnen:  # the report draws its charts with matplotlib's process-wide style
            e = anwendung.bericht(ap.eingabe(), ap.config(), periode, ziel, trotz_fehlern=trotz_fehlern,
                                  oeffentlich=oeffentlich, fortschritt=auftrag.melden, cache=ap.cache)
        if e.bericht is None:
            return {"gestoppt": e.nachweise, "dokument": e.dokument, "periode": periode}
        downloads = [ap.downloads.anmelden(p) for p in e.dateien if p.suffix in (".xlsx", ".pdf")]
        return {"dokument": e.dokument, "downloads": downloads, "periode": periode, "urteil": e.urteil,
                "oeffentlich": oeffentlich}

    return ap.merken(("bericht", periode.label, oeffentlich, trotz_fehlern), neu)


async def bericht(request: Request) -> Response:
    """POST /monat/{monat}/bericht, /jahr/{jahr}/bericht: a report to download."""
    form = await formular(request)
    ap = arbeitsplatz(request)
    wahl = DATEIEN.get(str(form.get("datei", "")))
    try:
        if "monat" in request.path_params:
            periode = anwendung.monat(request.path_params["monat"])
        else:
            periode = anwendung.zeitraum(jahr=request.path_params["jahr"])
    except Aufruffehler as exc:
        return fehlerseite(request, "Bericht", exc.meldung, exc.befunde, status=404)
    if wahl is None:
        return fehlerseite(request, "Bericht", "Wählen Sie PDF oder Arbeitsmappe.")
    endung, oeffentlich = wahl
    trotz = form.get("trotz_fehlern") == "ja"
    art = "Monatsbericht" if periode.art == "monat" else "Jahresbericht"
    titel = f"{art} {periode.titel.removeprefix('Jahr ')}" + (" (öffentliche Fassung)" if oeffentlich else "")
    zurueck = f"/monat/{periode.label}" if periode.art == "monat" else f"/uebersicht?jahr={periode.jahr}"

    def arbeit(auftrag: Auftrag) -> dict[str, Any]:
        ergebnis = dict(schreiben(ap, auftrag, periode, oeffentlich, trotz))
        ergebnis["direkt"] = next((d for d in ergebnis.get("downloads", ()) if d.name.endswith("." + endung)),
                                  None)
        return ergebnis

    return await auftrag_antwort(request, titel, "bericht", arbeit, zurueck)


ROUTEN = [Route("/monat/{monat}/bericht", bericht, methods=["POST"]),
          Route("/jahr/{jahr}/bericht", bericht, methods=["POST"])]
