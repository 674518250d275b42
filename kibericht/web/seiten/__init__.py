"""The pages of the web app, one module per page or group of pages; each lists its routes in
`ROUTEN`. A new page (that of the guided setup, say) is a module here, added to `SEITEN`, and a
link in `darstellung.NAVIGATION` if it belongs in the main navigation."""

from __future__ import annotations

from starlette.routing import BaseRoute

from kibericht.web.seiten import (
    ablage,
    auftraege,
    berichte,
    einrichten,
    einrichten_schritte,
    einstellungen,
    foerderung,
    monat,
    pruefung,
    quote,
    uebersicht,
    vorlagen,
)

SEITEN = [uebersicht, pruefung, monat, berichte, quote, foerderung, vorlagen, ablage, einstellungen,
          einrichten, einrichten_schritte, auftraege]


def routen() -> list[BaseRoute]:
    return [route for modul in SEITEN for route in modul.ROUTEN]
