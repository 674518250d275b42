"""`kibericht quote`: the Schwerpunkt share of a month, a year or a two-year period."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kibericht import anwendung
from kibericht.anwendung import KIConfig
from kibericht.cli.darstellung import echo, emit_json, ende, nachweise_gestoppt, nachweise_vorab
from kibericht.cli.optionen import Pfad, common_options, trotz_fehlern_option
from kibericht.cli.progress import progress_for
from kibericht.cli.tabelle import text_tabelle
from kibericht.periode import MONATSNAMEN
from kibericht.zahlen import anzahl, de_prozent, de_zahl

if TYPE_CHECKING:  # the rules need pandas: imported when the command runs
    from kibericht.regeln.quote import Quote

ERGEBNIS = {True: "erfüllt", False: "nicht erfüllt", None: "nicht bestimmbar (keine Stunden im Zeitraum)"}


@click.command("quote")
@click.argument("eingabe", nargs=-1, required=False, type=Pfad(path_type=Path))
@common_options
@click.option("--monat", metavar="JJJJ-MM", help="Ein Monat, z. B. 2025-03.")
@click.option("--jahr", metavar="JJJJ", help="Ein Jahr, z. B. 2025.")
@click.option("--periode", metavar="JJJJ-JJJJ",
              help="Der Zweijahreszeitraum der Schwerpunkte, z. B. 2025-2026.")
@trotz_fehlern_option
def quote(eingabe: tuple[Path, ...], config_path: Path, fmt: str, monat: str | None, jahr: str | None,
          periode: str | None, trotz_fehlern: bool) -> int:
    """Prüft, ob die Themenschwerpunkte den Mindestanteil der Arbeit abbilden.

    Anteil = Stunden mit Schwerpunkt ÷ alle dokumentierten Stunden, gegen
    schwerpunkt_mindestanteil aus ki.toml. Zeigt die Monate (mit den fehlenden Stunden der
    Monate unter dem Mindestanteil), den Anteil je Schwerpunkt und je Stelle. Ein Monat ohne
    Einträge hat keinen Anteil („–“) und gilt nicht als verfehlt. Ohne EINGABE werden die
    Nachweise aus [nachweise] ordner in ki.toml gelesen.

    Exit-Code 0: erfüllt, 1: Datenfehler in den Eingaben, 2: Aufruffehler, 3: Mindestanteil
    nicht erreicht.

    \b
    Beispiel:
      kibericht quote nachweise/ --config ki.toml --jahr 2025
      kibericht quote nachweise/ --monat 2025-08
      kibericht quote nachweise/ --periode 2025-2026 --format json
    """
    zeitraum = anwendung.zeitraum(monat, jahr, periode)
    with progress_for(fmt) as fortschritt:
        ergebnis = anwendung.quote(eingabe, config_path, zeitraum, trotz_fehlern=trotz_fehlern,
                                   fortschritt=fortschritt)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    elif ergebnis.quote is None:
        nachweise_gestoppt(ergebnis.nachweise)
    else:
        nachweise_vorab(ergebnis.nachweise)
        for line in quote_text(ergebnis.quote, ergebnis.config, ergebnis.bis_jetzt):
            echo(line)
    return ende(ergebnis)


def quote_text(q: Quote, config: KIConfig, bis_jetzt: Quote | None = None) -> list[str]:
    """The German text report of `kibericht quote`."""
    lines = [f"Schwerpunktanteil {q.periode.titel} – {config.name}", "",
             f"  Stunden gesamt:         {de_zahl(q.gesamt.stunden)}",
             f"  davon mit Schwerpunkt:  {de_zahl(q.gesamt.stunden_schwerpunkte)}",
             f"  Anteil:                 {de_prozent(q.anteil)}",
             f"  Mindestanteil:          {de_prozent(q.mindestanteil)}",
             f"  Ergebnis:               {ERGEBNIS[q.erfuellt]}"]
    if q.erfuellt is False:
        lines.append(f"  Es fehlen {de_zahl(q.fehlstunden)} Stunden mit Schwerpunkt bis zum Mindestanteil.")
    if bis_jetzt is not None:
        lines.append(f"  Januar bis {q.periode.titel}: {de_prozent(bis_jetzt.anteil)} "
                     f"({ERGEBNIS[bis_jetzt.erfuellt]})")

    monate = [[f"{MONATSNAMEN[int(m.monat[5:]) - 1]} {m.monat[:4]}", de_zahl(m.werte.stunden),
               de_zahl(m.werte.stunden_schwerpunkte), de_prozent(m.werte.anteil),
               de_zahl(m.fehlstunden) if m.unterschritten else "",
               "unter Mindestanteil" if m.unterschritten else ""] for m in q.monate]
    lines += ["", "Monate", *text_tabelle(
        ["Monat", "Stunden", "mit Schwerpunkt", "Anteil", "Fehlstunden", ""], monate)]
    kurz = sum(m.unterschritten for m in q.monate)
    leer = sum(m.werte.anteil is None for m in q.monate)
    lines.append(f"  {kurz} von {len(q.monate)} Monaten unter dem Mindestanteil"
                 + (f"; {anzahl(leer, 'Monat', 'Monate')} ohne Einträge („–“)" if leer else "") + ".")

    titel = {sp.id: sp.titel for sp in config.schwerpunkte}
    schwerpunkte = [[sp, _kurz(titel.get(sp, "")), de_zahl(h), de_prozent(q.schwerpunkt_anteil(sp))]
                    for sp, h in q.nach_schwerpunkt.items()]
    lines += ["", "Schwerpunkte (Anteil an allen Stunden)",
              *text_tabelle(["Schwerpunkt", "Titel", "Stunden", "Anteil"], schwerpunkte, links=2)]
    stellen = [[s, de_zahl(a.stunden), de_zahl(a.stunden_schwerpunkte), de_prozent(a.anteil)]
               for s, a in q.nach_stelle.items()]
    lines += ["", "Stellen (Schwerpunktanteil der eigenen Stunden)",
              *text_tabelle(["Stelle", "Stunden", "mit Schwerpunkt", "Anteil"], stellen)]
    return lines


def _kurz(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
