"""`kibericht pruefen`: validate the logs and list every finding."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht import anwendung
from kibericht.cli.darstellung import echo, emit_json, ende, kopien_text, print_findings
from kibericht.cli.optionen import Pfad, common_options
from kibericht.cli.progress import progress_for
from kibericht.zahlen import anzahl


@click.command("pruefen")
@click.argument("eingabe", nargs=-1, required=False, type=Pfad(path_type=Path))
@common_options
@click.option("--markiert", "markiert", type=Pfad(file_okay=False, path_type=Path),
              default=None, help="Ordner für Kopien fehlerhafter Arbeitsmappen mit markierten Zellen.")
def pruefen(eingabe: tuple[Path, ...], config_path: Path, fmt: str, markiert: Path | None) -> int:
    """Prüft Tätigkeitsnachweise und listet jeden Befund mit Datei, Blatt und Zeile.

    EINGABE sind Arbeitsmappen (.xlsx, .xlsm, .ods) oder Ordner, die rekursiv durchsucht
    werden; ohne EINGABE der Ordner aus [nachweise] ordner in ki.toml. Jede Änderung an
    Einträgen eines abgeschlossenen Monats (siehe kibericht abschliessen) ist ein Fehler.
    Exit-Code 0: alles in Ordnung (Warnungen erlaubt), 1: Datenfehler, 2: Aufruf- oder
    Konfigurationsfehler.

    \b
    Beispiel:
      kibericht pruefen nachweise/ --config ki.toml
      kibericht pruefen nachweise/ --format json > befunde.json
      kibericht pruefen nachweise/ --markiert markiert/
    """
    with progress_for(fmt) as fortschritt:
        ergebnis = anwendung.pruefen(eingabe, config_path, markiert, fortschritt=fortschritt)
    if fmt == "json":
        emit_json(ergebnis.dokument)
        return ende(ergebnis)
    result, ng = ergebnis.nachweise, ergebnis.nicht_gezaehlt
    print_findings(ergebnis.befunde)
    echo(f"{anzahl(len(result.files), 'Datei', 'Dateien')}, "
         f"{anzahl(result.rows_in, 'Zeile', 'Zeilen')} gelesen, "
         f"{anzahl(len(result.entries), 'gültiger Eintrag', 'gültige Einträge')}, "
         f"{anzahl(ng.zeilen_mit_fehlern, 'Zeile', 'Zeilen')} mit Fehlern"
         + (f", {kopien_text(ng)} nicht gezählt" if ng.kopien else "")
         + (f", {anzahl(result.rows_unprocessed, 'Zeile', 'Zeilen')} nicht auswertbar"
            if result.rows_unprocessed else "") + ".")
    for path in ergebnis.markiert or ():
        echo(f"Markierte Kopie: {path.as_posix()}")
    for path, grund in ergebnis.nicht_markiert:
        echo(f"Keine markierte Kopie für {path.as_posix()}: die Datei lässt sich nicht zum Markieren "
             f"öffnen ({grund}). Die Befunde oben nennen die Zellen.", err=True)
    return ende(ergebnis)
