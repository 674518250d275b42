"""`kibericht pruefen`: validate the logs and list every finding."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht.befunde import has_errors
from kibericht.cli.common import (
    UsageError,
    common_options,
    emit_json,
    findings_json,
    open_config,
    print_findings,
)
from kibericht.cli.nachweise import lies_nachweise
from kibericht.regeln.urteil import EXIT_DATEN, EXIT_OK
from kibericht.zahlen import anzahl


@click.command("pruefen")
@click.argument("eingabe", nargs=-1, required=True, type=click.Path(path_type=Path))
@common_options
@click.option("--markiert", "markiert", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Ordner für Kopien fehlerhafter Arbeitsmappen mit markierten Zellen.")
def pruefen(eingabe: tuple[Path, ...], config_path: Path, fmt: str, markiert: Path | None) -> None:
    """Prüft Tätigkeitsnachweise und listet jeden Befund mit Datei, Blatt und Zeile.

    EINGABE sind Arbeitsmappen (.xlsx, .xlsm, .ods) oder Ordner, die rekursiv durchsucht
    werden. Jede Änderung an Einträgen eines abgeschlossenen Monats (siehe kibericht
    abschliessen) ist ein Fehler. Exit-Code 0: alles in Ordnung (Warnungen erlaubt), 1:
    Datenfehler, 2: Aufruf- oder Konfigurationsfehler.

    \b
    Beispiel:
      kibericht pruefen nachweise/ --config ki.toml
      kibericht pruefen nachweise/ --format json > befunde.json
      kibericht pruefen nachweise/ --markiert markiert/
    """
    config = open_config(config_path)
    result = lies_nachweise(eingabe, config, fmt)
    marked: list[str] = []
    not_marked: list[tuple[str, str]] = []
    if markiert is not None:
        from kibericht.ausgabe.markiert import MarkiertError, write_marked_copies

        try:
            kopien = write_marked_copies(result.findings, markiert, list(eingabe))
        except MarkiertError as exc:
            raise UsageError(str(exc)) from None
        marked = [p.as_posix() for p in kopien.geschrieben]
        not_marked = [(p.as_posix(), grund) for p, grund in kopien.nicht_moeglich]
    if fmt == "json":
        document = {"eintraege": len(result.entries), **findings_json(result.findings)}
        if markiert is not None:
            document["markiert"] = marked
            document["nicht_markiert"] = [{"datei": d, "grund": g} for d, g in not_marked]
        emit_json(document)
    else:
        print_findings(result.findings)
        click.echo(f"{anzahl(len(result.files), 'Datei', 'Dateien')}, "
                   f"{anzahl(result.rows_in, 'Zeile', 'Zeilen')} gelesen, "
                   f"{anzahl(len(result.entries), 'gültiger Eintrag', 'gültige Einträge')}, "
                   f"{anzahl(len(result.rejected), 'Zeile', 'Zeilen')} mit Fehlern"
                   + (f", {anzahl(result.rows_unprocessed, 'Zeile', 'Zeilen')} nicht auswertbar"
                      if result.rows_unprocessed else "") + ".")
        for path in marked:
            click.echo(f"Markierte Kopie: {path}")
        for path, grund in not_marked:
            click.echo(f"Keine markierte Kopie für {path}: die Datei lässt sich nicht zum Markieren "
                       f"öffnen ({grund}). Die Befunde oben nennen die Zellen.", err=True)
    raise SystemExit(EXIT_DATEN if has_errors(result.findings) else EXIT_OK)
