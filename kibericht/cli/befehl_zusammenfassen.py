"""`kibericht zusammenfassen`: the state's Landesübersicht from the KIs' Meldungen (a thin face of
`anwendung.zusammenfassung`: parse options, call, render text or JSON, exit with the result's code)."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht.befunde import FEHLER, HINWEIS, WARNUNG
from kibericht.cli.darstellung import echo, emit_json, print_findings
from kibericht.cli.optionen import Pfad
from kibericht.periode import Periode
from kibericht.zahlen import anzahl


def _titel(monat: str | None) -> str:
    return Periode.parse_monat(monat).titel if monat else "–"


def _frist_tag(_ctx: click.Context, _param: click.Parameter, wert: int) -> int:
    if not 1 <= wert <= 28:
        raise click.BadParameter(f"{wert} ist kein Tag zwischen 1 und 28.")
    return wert


@click.command("zusammenfassen")
@click.argument("meldungen", nargs=-1, required=True, type=Pfad(path_type=Path))
@click.option(
    "--ausgabe",
    type=Pfad(file_okay=False, path_type=Path),
    required=True,
    help="Ordner für die Landesübersicht (Arbeitsmappe, PDF und JSON).",
)
@click.option(
    "--speicher",
    type=Pfad(dir_okay=False, path_type=Path),
    default=None,
    help="Speicherdatei (DuckDB), in der gelesene Meldungen bleiben; beim nächsten Lauf werden nur "
    "neue Meldungen gelesen. Ohne Angabe wird alles neu gelesen.",
)
@click.option("--frist-tag", type=int, default=15, show_default=True, metavar="TAG", callback=_frist_tag,
              help="Frist für die Meldung eines Monats: dieser Tag des Folgemonats (1 bis 28).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Ausgabe als lesbarer Text oder als JSON für Skripte.",
)
def zusammenfassen(meldungen: tuple[Path, ...], ausgabe: Path, speicher: Path | None, frist_tag: int,
                   fmt: str) -> int:
    """Fasst die Meldungen der KI zur Landesübersicht zusammen – für das Land.

    Liest beliebig viele Meldungen (Dateien Meldung_<Kennung>_JJJJ-MM.zip oder Ordner, die sie
    enthalten, auch in Unterordnern), prüft jede gegen ihr Schema, prüft die Kette der Abschlüsse
    jedes KI über seine Meldungen und schreibt die Landesübersicht als Arbeitsmappe, PDF und JSON
    in den Ausgabeordner. Fehlende und verspätete Meldungen sind Warnungen.

    Exit-Code 0: alles in Ordnung, 1: eine Meldung ist ungültig oder widersprüchlich oder eine
    Kette gebrochen (die Übersicht wird trotzdem geschrieben), 2: Aufruffehler, keine Meldung
    gefunden, Ausgabe oder Speicher nicht schreibbar, 3: keine Fehler, aber ein KI verfehlt in
    seiner neuesten Meldung eines Jahres die Schwerpunktquote seit Januar oder überschreitet einen
    Höchstbetrag.

    \b
    Beispiel:
      kibericht zusammenfassen eingang/ --ausgabe uebersicht/
      kibericht zusammenfassen eingang/2025-*/ --ausgabe uebersicht/ --speicher land.duckdb
    """
    from kibericht.anwendung.zusammenfassung import zusammenfassen as fasse_zusammen

    ergebnis = fasse_zusammen(list(meldungen), ausgabe, speicher=speicher, frist_tag=frist_tag)
    if fmt == "json":
        emit_json(ergebnis.dokument)
        return ergebnis.exit_code
    befunde = [v.befund for v in ergebnis.vermerke]
    if befunde:
        print_findings([f for f in befunde if f.schwere in (FEHLER, WARNUNG, HINWEIS)], err=True)
    u = ergebnis.uebersicht
    d = ergebnis.dokument
    status = [m["status"] for m in d["meldungen"]]
    echo(
        f"Landesübersicht, Stand {_titel(d['stand'])}: {anzahl(len(d['kis']), 'KI', 'KI')}, "
        f"{anzahl(status.count('eingereicht'), 'Meldung', 'Meldungen')} gezählt, "
        f"{status.count('fehlt')} fehlend, "
        f"{status.count('ungültig')} ungültig, {status.count('widersprüchlich')} widersprüchlich "
        f"({ergebnis.gelesen} neu gelesen)."
    )
    for h in u.pruefungen:
        echo(f"  {h.kennung}: {h.text}")
    echo("Geschrieben:")
    for pfad in ergebnis.dateien:
        echo(f"  {pfad.as_posix()}")
    return ergebnis.exit_code
