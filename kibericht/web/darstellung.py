"""How the pages are rendered: the Jinja2 templates of the package (`html/`), German numbers
exactly as the reports print them (`kibericht.zahlen`: 1.234,50 · 58,7 % · 4.166,67 €), tables
of the report's sections with each column formatted by its heading as the workbook does
(`zellformate.kind_of`), and the JSON twin of every page: the application layer's document,
as `--format json` prints it.

Text from the logs is escaped (autoescape), and control and bidi characters are shown as
escapes (`befunde.sichtbar`), as on the terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kibericht import __version__
from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding, sichtbar
from kibericht.periode import MONATSNAMEN
from kibericht.zahlen import cent, de_prozent, de_zahl

if TYPE_CHECKING:
    from kibericht.ausgabe.texte import Status

HTML = Path(__file__).parent / "html"
SCHWERE = {FEHLER: "Fehler", WARNUNG: "Warnung", HINWEIS: "Hinweis"}

NAVIGATION = [("/uebersicht", "Übersicht"), ("/pruefung", "Prüfung"), ("/monat", "Monat"),
              ("/quote", "Quote"), ("/foerderung", "Förderung"), ("/vorlagen", "Vorlagen"),
              ("/ablage", "Ablage"), ("/einstellungen", "Einstellungen")]


def _leer(wert: Any) -> bool:
    return wert is None or (isinstance(wert, float) and math.isnan(wert)) or str(wert) in ("NaT", "<NA>")


def zahl(wert: Any, stellen: int = 2) -> str:
    return "–" if _leer(wert) else de_zahl(float(wert), stellen)


def euro(wert: Any) -> str:
    return "–" if _leer(wert) else f"{de_zahl(float(wert), 2)} €"


def geld(wert: Any) -> str:
    """An exact amount (a Fraction of the funding rules) rounded half up to the cent, as the
    reports print it: 4.166,67 €."""
    return "–" if _leer(wert) else f"{de_zahl(cent(wert))} €"


def prozent(wert: Any, stellen: int = 1) -> str:
    return "–" if _leer(wert) else de_prozent(float(wert), stellen)


def datum(wert: Any) -> str:
    """„31.03.2025“, with the time where it has one („02.12.2026 14:05“)."""
    if _leer(wert):
        return ""
    if isinstance(wert, str):
        try:
            wert = dt.datetime.fromisoformat(wert)
        except ValueError:
            return str(wert)
    return f"{wert:%d.%m.%Y %H:%M}" if isinstance(wert, dt.datetime) and (wert.hour or wert.minute) \
        else f"{wert:%d.%m.%Y}"


def monatsname(monat: str) -> str:
    """„März 2025“ for 2025-03."""
    return f"{MONATSNAMEN[int(monat[5:]) - 1]} {monat[:4]}"


def zelle(wert: Any, spalte: str, art: str | None = None) -> str:
    """A table cell as the workbook formats its column: by `art` where the sheet names the
    column's kind, else by the heading's kind (`zellformate.kind_of`)."""
    if art is None:
        from kibericht.ausgabe.zellformate import kind_of  # XlsxWriter and pandas: with the first table

        art = kind_of(str(spalte))
    if _leer(wert):
        return ""
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, str):
        return sichtbar(wert)
    if art == "prozent":
        return prozent(wert)
    if art == "euro":
        return euro(wert)
    if art == "datum" and isinstance(wert, (dt.date, str)) or hasattr(wert, "to_pydatetime"):
        return datum(wert.to_pydatetime() if hasattr(wert, "to_pydatetime") else wert)
    if art == "ganzzahl":
        return zahl(wert, 0)
    if art == "text" and isinstance(wert, int):  # a year: as the workbook's General format shows it
        return str(wert)
    if isinstance(wert, (int, float)) or hasattr(wert, "__float__"):
        return zahl(wert, 2)
    return sichtbar(str(wert))


def rechts(art: str, werte: list[Any]) -> bool:
    """Whether a column holds numbers (set right-aligned)."""
    return art not in ("text", "datum") or any(isinstance(w, (int, float)) and not isinstance(w, bool)
                                               for w in werte)


def tabelle(frame: Any, summe: bool = True, arten: dict[str, str] | None = None) -> dict[str, Any]:
    """A display frame of the report's sections as heading and rows of formatted cells, each
    column of the kind the workbook's sheet gives it (`arten`: as its `write_table(kinds=…)`);
    with `summe` its last row is the Summe row."""
    from kibericht.ausgabe.zellformate import kind_of

    spalten = [str(c) for c in frame.columns]
    art = [(arten or {}).get(s) or kind_of(s) for s in spalten]
    zeilen = frame.to_numpy(dtype=object).tolist()
    numerisch = [rechts(art[i], [z[i] for z in zeilen]) for i in range(len(spalten))]
    return {"spalten": [s.replace("\n", " ") for s in spalten], "rechts": numerisch,
            "zeilen": [[zelle(w, spalten[i], art[i]) for i, w in enumerate(z)] for z in zeilen],
            "summe": summe and len(zeilen) > 1}


def euro_spalten(frame: Any, ausser: tuple[str, ...]) -> dict[str, str]:
    """Every column but `ausser` in euros (as the sheet Förderung writes its tables)."""
    return {str(c): "euro" for c in frame.columns if c not in ausser}


# the kinds of the milestones' columns, as the sheet Meilensteine gives them
MEILENSTEIN_ARTEN = {"Jahr": "text", "Soll bis Stichtag": "ganzzahl", "Ist": "ganzzahl", "Stichtag": "datum"}


def status_klasse(status: Status | bool | None) -> str:
    ok = status if status is None or isinstance(status, bool) else status.ok
    return "neutral" if ok is None else "gut" if ok else "schlecht"


def ort(f: Finding) -> str:
    """Where a finding stands, in words: „Blatt Mär 2025, Zeile 14, Spalte Stunden“."""
    teile = []
    if f.blatt:
        teile.append(f"Blatt {sichtbar(str(f.blatt))}")
    if f.zeile:
        teile.append(f"Zeile {f.zeile}")
    if f.spalte:
        teile.append(f"{f.code.spalte_heisst} {sichtbar(f.spalte)}")
    return ", ".join(teile)


def umgebung() -> Environment:
    env = Environment(loader=FileSystemLoader(HTML), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(zahl=zahl, euro=euro, geld=geld, prozent=prozent, datum=datum, monatsname=monatsname,
                       sichtbar=sichtbar, zelle=zelle, status_klasse=status_klasse, ort=ort)
    env.globals.update(NAVIGATION=NAVIGATION, version=__version__, SCHWERE=SCHWERE, tabelle=tabelle,
                       euro_spalten=euro_spalten, MEILENSTEIN_ARTEN=MEILENSTEIN_ARTEN)
    return env


UMGEBUNG = umgebung()


def seite(request: Request, vorlage: str, kontext: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page rendered from its template, with what every page needs (navigation, CSRF token,
    the KI's name)."""
    ap = request.app.state.arbeitsplatz
    e = ap.einstellungen()
    aktiv = next((url for url, _ in NAVIGATION if request.url.path.startswith(url)), None)
    html = UMGEBUNG.get_template(vorlage).render({
        "request": request, "csrf": request.app.state.zugang.csrf, "aktiv": aktiv,
        "ki_name": e.config.name if e.config is not None else None, "kurz": ap.kuerzer(), **kontext})
    ap.erste_seite.set()  # what waited for the first page may load now (`server.vorwaermen`)
    return HTMLResponse(html, status)


def json_text(dokument: dict[str, Any]) -> str:
    """The document as the command line prints it (`--format json`)."""
    return json.dumps(dokument, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def json_antwort(dokument: dict[str, Any], status: int = 200) -> Response:
    return Response(json_text(dokument), status, media_type="application/json; charset=utf-8")


def will_json(request: Request) -> bool:
    """Whether the JSON twin is asked for: `/seite.json` or `?format=json`."""
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json"


def fehlerseite(request: Request, titel: str, meldung: str, befunde: tuple[Finding, ...] = (),
                status: int = 400, dokument: dict[str, Any] | None = None,
                link: tuple[str, str] | None = None) -> Response:
    """A German page (or, for the JSON twin, the document `{"fehler": […]}`) for what could not
    be done: a usage or configuration problem, an unknown page, a refused form."""
    if will_json(request):
        return json_antwort(dokument or {"fehler": [f.to_json() for f in befunde]
                                         or [{"meldung": meldung}]}, status)
    return seite(request, "fehler.html", {"titel": titel, "meldung": meldung, "befunde": befunde,
                                          "link": link}, status)
