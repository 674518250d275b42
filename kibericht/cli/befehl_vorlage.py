"""`kibericht vorlage`: a blank Tätigkeitsnachweis with dropdowns from the configuration."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht import anwendung
from kibericht.cli.darstellung import echo, emit_json, ende
from kibericht.cli.optionen import Pfad, common_options


@click.command("vorlage")
@click.option("--jahr", metavar="JJJJ", required=True,
              help="Jahr der Vorlage (1990 bis 2099); je Monat entsteht ein Blatt.")
@click.option("--ausgabe", type=Pfad(dir_okay=False, path_type=Path), required=True,
              help="Datei, in die die Vorlage geschrieben wird (.xlsx).")
@click.option("--stelle", metavar="KENNUNG", default=None,
              help="Kennung der Stelle (z. B. FK1); steht dann über der Kopfzeile jedes Monatsblatts "
                   "und gilt für jede Zeile.")
@click.option("--ueberschreiben", is_flag=True,
              help="Eine vorhandene Datei ersetzen (sonst wird sie nie überschrieben).")
@common_options
def vorlage(jahr: str, ausgabe: Path, stelle: str | None, ueberschreiben: bool, config_path: Path,
            fmt: str) -> int:
    """Erstellt einen leeren Tätigkeitsnachweis für das KI aus der Konfiguration.

    Die Arbeitsmappe hat ein Blatt „Anleitung“ und je Monat ein Blatt („Jan 2025“ …) mit
    Auswahllisten für Stelle, Handlungsfeld, Schwerpunkt (nur die des Jahres), Tätigkeit und
    Kommune sowie Prüfungen für Datum, Stunden und Teilnehmende.

    \b
    Beispiel:
      kibericht vorlage --jahr 2025 --ausgabe Taetigkeitsnachweis_2025.xlsx --config ki.toml
      kibericht vorlage --jahr 2025 --stelle FK1 --ausgabe Nachweis_FK1_2025.xlsx

    Eine vorhandene Datei wird nur mit --ueberschreiben ersetzt.
    """
    ergebnis = anwendung.vorlage(config_path, anwendung.jahr(jahr), ausgabe, stelle, ueberschreiben)
    if fmt == "json":
        emit_json(ergebnis.dokument)
    else:
        for text in ergebnis.warnungen:
            echo(f"Warnung: {text}", err=True)
        echo(f"Vorlage für {ergebnis.jahr} geschrieben: {ergebnis.datei.as_posix()}")
    return ende(ergebnis)
