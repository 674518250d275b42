"""The forms of the guided setup, one per step and item: the KI, a programme, a Stelle, a
Schwerpunkt, one of its milestones, the folders (`einrichtungsformular` lays them out).

    GET  /einstellungen/einrichten/stelle/2             the form of Stelle 2 (…/stelle/neu: a new one)
    POST /einstellungen/einrichten/stelle/2             „Übernehmen“ (or the form's other buttons)
    POST /einstellungen/einrichten/stelle/2/pruefen     one field checked as it is left (htmx)
    POST /einstellungen/einrichten/stelle/2/entfernen   the Stelle taken out of the draft

„Übernehmen“ checks the item with `einrichtung.pruefe_schritt` — every field with the rules and
messages of ki.toml, then the whole draft with the loader — and takes it into the draft, or
shows the form again with each message at its field. The other buttons show the form again
without taking anything: „Vorgeschlagene Beträge einsetzen“ (from the documented table),
„Weiteren Zeitraum hinzufügen“. A Stelle or programme whose amounts were left empty gets the
suggested ones put in and is shown once more to be checked against the Bescheid.

With JavaScript, leaving a field sends the form to `…/pruefen` (htmx): the answer replaces that
field's message, the suggestions beside the amounts and the preview (the Pauschale of the
Stelle per month, the programme against its cap) — never a field being typed in.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from kibericht.anwendung import einrichtung as ein
from kibericht.periode import MONATSKURZ
from kibericht.web.darstellung import UMGEBUNG, seite
from kibericht.web.einrichtungsformular import (
    Formular,
    Ziel,
    fehlende_vorschlaege,
    formular,
    vorgaben,
    vorschlaege,
    vorschlaege_einsetzen,
    zeitraeume_im_formular,
)
from kibericht.web.seiten.einrichten import einrichtungsstand, entwurf_oder_fehler, jahr_der_folgen
from kibericht.web.seiten.einstellungen import EINRICHTEN
from kibericht.web.seiten.formulare import formular as formular_lesen

LISTEN = {"programm": "programme", "stelle": "stellen", "schwerpunkt": "schwerpunkte"}
STEUERFELDER = ("csrf", "aktion", "vorschlag_gezeigt", "vorschau_jahr")  # not answers
MAX_FELDER = 300  # a Stelle with amounts for ten years and many periods


def _nummer(text: str, anzahl: int, neu_erlaubt: bool = True) -> int | None:
    """An item's number in the address (from 1) as an index, None for „neu“; 404 otherwise."""
    if text == "neu" and neu_erlaubt:
        return None
    if text.isdigit() and 1 <= int(text) <= anzahl:
        return int(text) - 1
    raise HTTPException(404, "Diesen Eintrag gibt es in der Konfiguration nicht (mehr). Wählen Sie ihn in "
                             "der Übersicht der Einrichtung.")


def ziel_aus(request: Request, entwurf: ein.Entwurf) -> Ziel:
    """The step and item the address names."""
    p = request.path_params
    schritt = p.get("schritt", "")
    if schritt in ("ki", "ordner") and "nr" not in p:
        return Ziel(schritt)
    if schritt in LISTEN and "nr" in p:
        return Ziel(schritt, _nummer(p["nr"], len(getattr(entwurf, LISTEN[schritt]))))
    if "eltern" in p:
        eltern = _nummer(p["eltern"], len(entwurf.schwerpunkte), neu_erlaubt=False)
        assert eltern is not None
        return Ziel("meilenstein", _nummer(p["nr"], len(entwurf.schwerpunkte[eltern].meilensteine)), eltern)
    raise HTTPException(404, "Not Found")


def _jahr(request: Request, form: FormData, entwurf: ein.Entwurf) -> int:
    """The year of the preview: the form's (the one the overview showed), else as there."""
    text = str(form.get("vorschau_jahr", ""))
    return int(text) if text.isdigit() and 1990 <= int(text) <= 2099 else jahr_der_folgen(request, entwurf)


def werte_aus(form: FormData) -> dict[str, str]:
    """The answers of a form (without its control fields)."""
    return {k: str(v) for k, v in form.items() if k not in STEUERFELDER and isinstance(v, str)}


def vorschau(entwurf: ein.Entwurf, ziel: Ziel, ergebnis: ein.Schrittergebnis | None,
             jahr: int) -> dict[str, Any]:
    """What the item brings in `jahr` (a Stelle, a programme), when its answers are valid."""
    if ziel.schritt not in ("stelle", "programm"):
        return {}
    if ergebnis is None or not ergebnis.ok:
        offen = [] if ergebnis is None else [b.meldung for b in ergebnis.befunde if b.schwere == "fehler"]
        return {"jahr": jahr, "stelle": None, "programm": None, "offen": offen}
    neu = ergebnis.entwurf
    nr = ziel.nr if ziel.nr is not None else len(getattr(neu, LISTEN[ziel.schritt])) - 1
    folgen = ein.folgen(neu, jahr)
    if folgen.ergebnis is None:
        return {"jahr": jahr, "stelle": None, "programm": None}
    f = folgen.ergebnis.foerderung
    stelle = f.stellen[nr] if ziel.schritt == "stelle" else None
    name = stelle.programm if stelle is not None else ein.formulartext(neu.programme[nr].name)
    programm = next((p for p in f.programme if p.name == name), None)
    return {"jahr": jahr, "stelle": stelle, "programm": programm}


def _seite(request: Request, entwurf: ein.Entwurf, f: Formular, jahr: int,
           ergebnis: ein.Schrittergebnis | None, status: int = 200, hinweis: str = "",
           vorschlag_gezeigt: bool = False) -> Response:
    return seite(request, "einrichten_schritt.html", {
        "titel": f.titel, "f": f, "jahr": jahr, "v": vorschau(entwurf, f.ziel, ergebnis, jahr),
        "MONATSKURZ": MONATSKURZ, "hinweis": hinweis, "vorschlag_gezeigt": vorschlag_gezeigt,
        "zurueck": EINRICHTEN}, status)


def zeigen(request: Request) -> Response:
    """GET: the item's form as the draft holds it (a new one with the usual defaults)."""
    entwurf = entwurf_oder_fehler(request)
    if isinstance(entwurf, Response):
        return entwurf
    ziel = ziel_aus(request, entwurf)
    jahr = jahr_der_folgen(request, entwurf)
    werte = vorgaben(entwurf, ziel)
    # what is wrong with it already: an item of the draft, the KI or the folders once answered
    # (a new file's first form does not open with „fehlt“ at every field)
    if ziel.schritt in ("ki", "ordner"):
        beantwortet = entwurf.vorlage is not None or any(ein.formular_von(entwurf, ziel.schritt).values())
    else:
        beantwortet = ziel.nr is not None
    befunde = tuple(b for b in ein.pruefe_entwurf(entwurf).befunde if ziel.trifft(b)) if beantwortet else ()
    ergebnis = ein.pruefe_schritt(entwurf, ziel.schritt, werte, ziel.nr, ziel.eltern) if ziel.nr is not None \
        else None
    return _seite(request, entwurf, formular(entwurf, ziel, werte, befunde), jahr, ergebnis)


async def senden(request: Request) -> Response:
    """POST: take the item into the draft, or show the form again (see the module)."""
    form = await formular_lesen(request, MAX_FELDER)
    entwurf = entwurf_oder_fehler(request)
    if isinstance(entwurf, Response):
        return entwurf
    ziel = ziel_aus(request, entwurf)
    jahr = _jahr(request, form, entwurf)
    werte = werte_aus(form)
    aktion = str(form.get("aktion", "uebernehmen"))
    vor = vorschlaege(entwurf, ziel.schritt, werte)
    if aktion == "vorschlag":
        werte = vorschlaege_einsetzen(werte, vor)
        eingesetzt = [k for k, (wert, _) in vor.items() if wert is not None]
        f = formular(entwurf, ziel, werte, fokus=next(iter(eingesetzt), None))
        hinweis = "" if eingesetzt else ("Für diese Angaben gibt es keinen Vorschlag in der Tabelle der "
                                         "Fördersätze; tragen Sie die Werte aus Ihrem Bescheid ein.")
        return _seite(request, entwurf, f, jahr, ein.pruefe_schritt(entwurf, ziel.schritt, werte, ziel.nr,
                                                                    ziel.eltern), hinweis=hinweis)
    if aktion == "zeitraum":
        nummern = zeitraeume_im_formular(werte)
        neu = max(nummern, default=0) + 1
        f = formular(entwurf, ziel, werte, zeitraeume=len(nummern) + 1, fokus=f"besetzt_{neu}_von")
        return _seite(request, entwurf, f, jahr, None)
    fehlend = fehlende_vorschlaege(werte, vor)
    if fehlend and form.get("vorschlag_gezeigt") != "ja":
        werte = {**werte, **fehlend}
        f = formular(entwurf, ziel, werte, fokus=next(iter(fehlend)))
        hinweis = ("Die vorgeschlagenen Beträge sind eingesetzt (Quelle neben jedem Betrag). Prüfen Sie sie "
                   "mit Ihrem Zuwendungsbescheid und wählen Sie dann noch einmal „Übernehmen“.")
        return _seite(request, entwurf, f, jahr, ein.pruefe_schritt(entwurf, ziel.schritt, werte, ziel.nr,
                                                                    ziel.eltern), hinweis=hinweis,
                      vorschlag_gezeigt=True)
    ergebnis = ein.pruefe_schritt(entwurf, ziel.schritt, werte, ziel.nr, ziel.eltern)
    if not ergebnis.ok:
        f = formular(entwurf, ziel, werte, ergebnis.befunde)
        return _seite(request, entwurf, f, jahr, ergebnis, status=400,
                      vorschlag_gezeigt=form.get("vorschlag_gezeigt") == "ja")
    neuer = ergebnis.entwurf
    einrichtungsstand(request).setzen(neuer)
    # the year shown stays, unless the KI's years changed (then the first of them)
    jahr_text = f"jahr={jahr}&" if ziel.schritt != "ki" and (jahr in neuer.jahre or not neuer.jahre) else ""
    return RedirectResponse(f"{EINRICHTEN}?{jahr_text}uebernommen={_kennung(neuer, ziel)}#{_anker(ziel)}",
                            status_code=303)


def _kennung(entwurf: ein.Entwurf, ziel: Ziel) -> str:
    """The item taken, in words for the page's status line (quoted for the address)."""
    from urllib.parse import quote

    if ziel.schritt in ("ki", "ordner"):
        text = {"ki": "Die Angaben zum KI sind", "ordner": "Die Ordner sind"}[ziel.schritt]
    elif ziel.schritt == "meilenstein":
        assert ziel.eltern is not None
        sp = entwurf.schwerpunkte[ziel.eltern]
        nr = ziel.nr if ziel.nr is not None else len(sp.meilensteine) - 1
        jahr = ein.formulartext(sp.meilensteine[nr].jahr)
        text = f"Der Meilenstein {jahr} zu „{ein.formulartext(sp.id)}“ ist"
    else:
        items = getattr(entwurf, LISTEN[ziel.schritt])
        item = items[ziel.nr if ziel.nr is not None else len(items) - 1]
        wort = {"programm": "Das Programm", "stelle": "Die Stelle",
                "schwerpunkt": "Der Schwerpunkt"}[ziel.schritt]
        kennung = ein.formulartext(getattr(item, "name" if ziel.schritt == "programm" else "id"))
        text = f"{wort} „{kennung}“ ist"
    return quote(text + " übernommen")


def _anker(ziel: Ziel) -> str:
    return {"ki": "schritt-ki", "programm": "schritt-programme", "stelle": "schritt-stellen",
            "schwerpunkt": "schritt-schwerpunkte", "meilenstein": "schritt-schwerpunkte",
            "ordner": "schritt-ordner"}[ziel.schritt]


async def pruefen(request: Request) -> Response:
    """htmx: the field just left checked with the whole form; the answer holds that field's
    message, the suggestions and the preview, each swapped in by its id."""
    form = await formular_lesen(request, MAX_FELDER)
    entwurf = entwurf_oder_fehler(request)
    if isinstance(entwurf, Response):
        return HTMLResponse("", 409)
    ziel = ziel_aus(request, entwurf)
    werte = werte_aus(form)
    feld = request.headers.get("hx-trigger-name", "")
    jahr = _jahr(request, form, entwurf)
    ergebnis = ein.pruefe_schritt(entwurf, ziel.schritt, werte, ziel.nr, ziel.eltern)
    f = formular(entwurf, ziel, werte, ergebnis.befunde)
    felder = {x.name: x for x in f.felder}
    gruppen = {g.name: g for g in f.gruppen if g.name}
    html = UMGEBUNG.get_template("einrichten_pruefen.html").render(
        f=f, feld=felder.get(feld), gruppe=gruppen.get("besetzt") if feld.startswith("besetzt_") else None,
        v=vorschau(entwurf, ziel, ergebnis, jahr), MONATSKURZ=MONATSKURZ)
    return HTMLResponse(html)


async def entfernen(request: Request) -> Response:
    await formular_lesen(request)
    entwurf = entwurf_oder_fehler(request)
    if isinstance(entwurf, Response):
        return entwurf
    ziel = ziel_aus(request, entwurf)
    if ziel.nr is None or ziel.schritt in ("ki", "ordner"):
        raise HTTPException(404, "Not Found")
    einrichtungsstand(request).setzen(ein.entferne(entwurf, ziel.schritt, ziel.nr, ziel.eltern))
    return RedirectResponse(f"{EINRICHTEN}#{_anker(ziel)}", status_code=303)


_S = f"{EINRICHTEN}/{{schritt:str}}"
_M = f"{EINRICHTEN}/schwerpunkt/{{eltern:str}}/meilenstein/{{nr:str}}"

ROUTEN = [
    Route(f"{_M}", zeigen, methods=["GET"]), Route(f"{_M}", senden, methods=["POST"]),
    Route(f"{_M}/pruefen", pruefen, methods=["POST"]), Route(f"{_M}/entfernen", entfernen, methods=["POST"]),
    Route(f"{_S}/{{nr:str}}/pruefen", pruefen, methods=["POST"]),
    Route(f"{_S}/{{nr:str}}/entfernen", entfernen, methods=["POST"]),
    Route(f"{_S}/pruefen", pruefen, methods=["POST"]),
    Route(f"{_S}/{{nr:str}}", zeigen, methods=["GET"]), Route(f"{_S}/{{nr:str}}", senden, methods=["POST"]),
    Route(_S, zeigen, methods=["GET"]), Route(_S, senden, methods=["POST"]),
]
