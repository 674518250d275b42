"""Einrichten (under Einstellungen): the guided setup of ki.toml in the browser, over the use case
`anwendung.einrichtung` — the same steps, checks, suggestions and file as `kibericht einrichten`.

- `/einstellungen/einrichten`: the draft at a glance — the KI, programmes, Stellen, Schwerpunkte
  with their milestones, folders — each item with its form (`seiten.einrichten_schritte`), what
  still stands in the way of saving (each finding with the way to its field) and the
  consequences: the Pauschale per Stelle and month and each programme against its cap in a
  chosen year (`einrichtung.folgen`: what `kibericht foerderung` computes for the draft).
  `/einstellungen/einrichten.json` is that as JSON.
- `…/speichern`: what will be written (the file, the changes), confirmed with a tick; then the
  use case writes it — to the ki.toml the server was started with, never a path from the
  browser — and `…/gespeichert` says what was written and what comes next.
- `…/verwerfen`: the draft dropped; the next page begins again from the file.
"""

from __future__ import annotations

import difflib
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kibericht.anwendung import Aufruffehler
from kibericht.anwendung import einrichtung as ein
from kibericht.web.darstellung import fehlerseite, json_antwort, seite, will_json
from kibericht.web.einrichtung import Einrichtungsstand
from kibericht.web.einrichtungsformular import Ziel
from kibericht.web.seiten.einstellungen import EINRICHTEN
from kibericht.web.seiten.formulare import arbeitsplatz, formular


def einrichtungsstand(request: Request) -> Einrichtungsstand:
    stand: Einrichtungsstand = arbeitsplatz(request).einrichtung
    return stand


def entwurf_oder_fehler(request: Request) -> ein.Entwurf | Response:
    """The server's draft, or the page that says why the file cannot be edited here."""
    try:
        return einrichtungsstand(request).entwurf()
    except Aufruffehler as exc:
        meldung = (exc.meldung + " Korrigieren Sie die Datei mit einem Texteditor (die Zeile steht unter "
                   "Einstellungen) oder benennen Sie sie um, um neu zu beginnen.")
        return fehlerseite(request, "Konfiguration einrichten", meldung, exc.befunde, dokument=exc.dokument,
                           link=("/einstellungen", "Zu den Einstellungen"))


def befund_json(b: ein.Feldbefund) -> dict[str, Any]:
    """A finding of the draft as `kibericht einrichten --format json` gives it (numbers from 1)."""
    return {"schritt": b.schritt, "nr": None if b.nr is None else b.nr + 1, "feld": b.feld,
            "schwere": b.schwere, "meldung": b.meldung}


def ziel_des_befunds(entwurf: ein.Entwurf, b: ein.Feldbefund) -> Ziel | None:
    """The form where a finding of the whole draft is fixed (None: it names no item)."""
    if b.schritt in ("ki", "ordner"):
        return Ziel(b.schritt)
    if b.schritt == "meilenstein" and b.eltern is not None and b.nr is not None:
        return Ziel("meilenstein", b.nr, b.eltern)
    if b.schritt in ("programm", "stelle", "schwerpunkt") and b.nr is not None:
        return Ziel(b.schritt, b.nr)
    return None


def jahr_der_folgen(request: Request, entwurf: ein.Entwurf) -> int:
    """The year whose consequences are shown: `?jahr=`, else the first Förderjahr, else this year."""
    import datetime as dt

    text = request.query_params.get("jahr", "")
    if text.isdigit() and 1990 <= int(text) <= 2099:
        return int(text)
    return entwurf.jahre[0] if entwurf.jahre else dt.date.today().year


def datei_anzeige(request: Request) -> str:
    """ki.toml as `kibericht web` was given it (as on the page Einstellungen)."""
    return arbeitsplatz(request).konfig_datei.as_posix()


def datei_wo(request: Request) -> str:
    """Where a relative ki.toml lies, in words."""
    return "" if arbeitsplatz(request).konfig_datei.is_absolute() else \
        " (im Ordner, in dem kibericht web gestartet wurde)"


def uebersicht(request: Request) -> Response:
    entwurf = entwurf_oder_fehler(request)
    if isinstance(entwurf, Response):
        return entwurf
    ap = arbeitsplatz(request)
    jahr = jahr_der_folgen(request, entwurf)
    pruefung = ein.pruefe_entwurf(entwurf, ap.konfig_datei.name)
    folgen = ein.folgen(entwurf, jahr)
    fehler = [b for b in pruefung.befunde if b.schwere == "fehler"]
    warnungen = [b for b in pruefung.befunde if b.schwere != "fehler"]
    if will_json(request):
        return json_antwort({"datei": datei_anzeige(request), "neu": entwurf.vorlage is None,
                             "stellen": [ein.formulartext(s.id) for s in entwurf.stellen],
                             "fehler": [befund_json(b) for b in fehler],
                             "warnungen": [befund_json(b) for b in warnungen], "foerderung": folgen.dokument})
    from kibericht.periode import MONATSKURZ
    from kibericht.web.seiten.foerderung import besetzung

    return seite(request, "einrichten.html", {
        "titel": "Konfiguration einrichten" if entwurf.vorlage is None else "Konfiguration bearbeiten",
        "entwurf": entwurf, "datei": datei_anzeige(request), "wo": datei_wo(request), "fehler": fehler,
        "warnungen": warnungen,
        "ziel_des_befunds": lambda b: ziel_des_befunds(entwurf, b), "jahr": jahr, "folgen": folgen,
        "f": None if folgen.ergebnis is None else folgen.ergebnis.foerderung, "MONATSKURZ": MONATSKURZ,
        "besetzung": (lambda s: besetzung(folgen.ergebnis.config, s, jahr)) if folgen.ergebnis else None,
        "Ziel": Ziel, "text": ein.formulartext, "betraege": betraege_text, "zeitraeume": zeitraeume_text,
        "uebernommen": request.query_params.get("uebernommen", "")})


def betraege_text(wert: object) -> str:
    """An amount of the draft in words: „2025: 57.000 €, 2026: 57.000 €“ or „57.000 € je Jahr“."""
    if isinstance(wert, ein.JahresWert):
        if wert.immer is not None:
            return f"{ein.formulartext(wert.immer)} € je Jahr"
        return ", ".join(f"{j}: {ein.formulartext(b)} €" for j, b in wert.je_jahr) or "–"
    return ein.formulartext(wert) or "–"


def zeitraeume_text(besetzt: object) -> str:
    """A Stelle's besetzt periods of the draft in words: „ab 01.03.2025 (neue Person)“."""
    if besetzt is None:
        return "ganzjährig besetzt"
    if not isinstance(besetzt, tuple):
        return ein.formulartext(besetzt)
    teile = []
    for p in besetzt:
        von, bis = ein.formulartext(p.von), ein.formulartext(p.bis)
        text = f"{von}–{bis}" if bis else f"ab {von}"
        if p.umfang is not None:
            text += f", {ein.formulartext(p.umfang)} VZÄ"
        if p.notiz:
            text += f" ({p.notiz})"
        teile.append(text)
    return "; ".join(teile)


def speichern_fragen(request: Request) -> Response:
    """What will be written, and the confirmation."""
    entwurf = entwurf_oder_fehler(request)
    if isinstance(entwurf, Response):
        return entwurf
    ap = arbeitsplatz(request)
    pruefung = ein.pruefe_entwurf(entwurf, ap.konfig_datei.name)
    aenderungen = None
    if entwurf.vorlage is not None:
        aenderungen = "".join(difflib.unified_diff(entwurf.vorlage.splitlines(keepends=True),
                                                    pruefung.text.splitlines(keepends=True), "bisher",
                                                    "neu", n=2))
    return seite(request, "einrichten_speichern.html", {
        "titel": "Konfiguration speichern", "entwurf": entwurf, "pruefung": pruefung,
        "datei": datei_anzeige(request), "wo": datei_wo(request), "vorhanden": ap.konfig_datei.is_file(),
        "aenderungen": aenderungen,
        "fehler": [b for b in pruefung.befunde if b.schwere == "fehler"],
        "ziel_des_befunds": lambda b: ziel_des_befunds(entwurf, b)})


async def speichern(request: Request) -> Response:
    form = await formular(request)
    zurueck = (f"{EINRICHTEN}/speichern", "Zurück")
    if form.get("bestaetigt") != "ja":
        return fehlerseite(request, "Konfiguration speichern", "Bitte bestätigen Sie das Schreiben: setzen "
                           "Sie das Häkchen und wählen Sie dann „ki.toml jetzt schreiben“.", link=zurueck)
    stand = einrichtungsstand(request)
    try:
        stand.entwurf()
        ergebnis = await anyio.to_thread.run_sync(stand.speichern)
    except Aufruffehler as exc:
        return fehlerseite(request, "Konfiguration speichern", exc.meldung, exc.befunde,
                           dokument=exc.dokument, link=(EINRICHTEN, "Zurück zur Einrichtung"))
    stand.zuletzt = ergebnis
    return RedirectResponse(f"{EINRICHTEN}/gespeichert", status_code=303)


def gespeichert(request: Request) -> Response:
    ergebnis = einrichtungsstand(request).zuletzt
    if ergebnis is None:
        return RedirectResponse(EINRICHTEN, status_code=303)
    if will_json(request):
        return json_antwort(ergebnis.dokument)
    return seite(request, "einrichten_gespeichert.html", {"titel": "Konfiguration gespeichert", "e": ergebnis,
                                                          "d": ergebnis.dokument,
                                                          "datei": datei_anzeige(request),
                                                          "wo": datei_wo(request)})


async def verwerfen(request: Request) -> Response:
    await formular(request)
    einrichtungsstand(request).verwerfen()
    return RedirectResponse(EINRICHTEN, status_code=303)


ROUTEN = [
    Route(EINRICHTEN, uebersicht, name="einrichten"),
    Route(f"{EINRICHTEN}.json", uebersicht),
    Route(f"{EINRICHTEN}/speichern", speichern_fragen, methods=["GET"]),
    Route(f"{EINRICHTEN}/speichern", speichern, methods=["POST"]),
    Route(f"{EINRICHTEN}/gespeichert", gespeichert),
    Route(f"{EINRICHTEN}/gespeichert.json", gespeichert),
    Route(f"{EINRICHTEN}/verwerfen", verwerfen, methods=["POST"]),
]
