"""What every action of the pages shares: a form is accepted only with the server's CSRF token,
and the work it asks for runs as a job (`auftraege`) — the answer is the job's result when it
is done within a moment, else its page, which shows the progress.

Every route that changes anything is a POST whose handler begins with `formular(request)`; a
test walks all POST routes of the app and sends each a form without the token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.auftraege import Auftrag, LaeuftSchon
from kibericht.web.darstellung import fehlerseite
from kibericht.web.zugang import CSRF_FELD

SOFORT = 0.8  # seconds a short job may take to answer with its result at once


def arbeitsplatz(request: Request) -> Arbeitsplatz:
    ap: Arbeitsplatz = request.app.state.arbeitsplatz
    return ap


async def formular(request: Request, max_felder: int = 20) -> FormData:
    """The form of a POST, after its CSRF token was checked (403 without a valid one); at most
    `max_felder` fields."""
    try:
        form = await request.form(max_files=0, max_fields=max_felder, max_part_size=64 * 1024)
    except HTTPException:  # Starlette's own (English) words for a form it cannot take
        raise HTTPException(400, "Das Formular enthält unerwartete Daten. Laden Sie die Seite neu und "
                                 "versuchen Sie es noch einmal.") from None
    wert = form.get(CSRF_FELD)
    if not isinstance(wert, str) or not request.app.state.zugang.csrf_gueltig(wert):
        raise HTTPException(403, "Das Formular ist abgelaufen oder kam nicht von kibericht. Laden Sie die "
                                 "Seite neu und versuchen Sie es noch einmal.")
    return form


async def auftrag_antwort(request: Request, titel: str, art: str, arbeit: Callable[[Auftrag], Any],
                          zurueck: str, schluessel: str | None = None) -> Response:
    """Start the job and answer: when it is done within `SOFORT` seconds, its download
    (`"direkt"` in its result) or the page it names (`"weiter"`), else its own page, which shows
    the progress and then the result; 409 while a job with the same key waits or runs."""
    ap = arbeitsplatz(request)
    try:
        auftrag = ap.auftraege.starten(titel, art, arbeit, zurueck, schluessel)
    except LaeuftSchon as exc:
        laufend = exc.auftrag
        meldung = f"„{laufend.titel}“ läuft gerade. Warten Sie, bis es fertig ist."
        return fehlerseite(request, "Läuft schon", meldung, status=409, link=(f"/auftraege/{laufend.id}",
                           "Zum Fortschritt"), dokument={"fehler": [{"meldung": meldung}],
                                                         "auftrag": f"/auftraege/{laufend.id}"})
    fertig = await anyio.to_thread.run_sync(auftrag.warten, SOFORT)
    ergebnis = auftrag.ergebnis if fertig and isinstance(auftrag.ergebnis, dict) else {}
    if ergebnis.get("direkt") is not None:  # a download: the browser saves it and stays on its page
        return _umleiten(ergebnis["direkt"].url)
    return _umleiten(ergebnis.get("weiter") or f"/auftraege/{auftrag.id}")


def _umleiten(url: str) -> Response:
    return RedirectResponse(url, status_code=303)
