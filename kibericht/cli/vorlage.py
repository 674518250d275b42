"""`kibericht vorlage`: a blank Tätigkeitsnachweis with dropdowns from the configuration."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht.cli.common import UsageError, common_options, emit_json, open_config
from kibericht.periode import Periode, PeriodeError


@click.command("vorlage")
@click.option("--jahr", metavar="JJJJ", required=True,
              help="Jahr der Vorlage (1990 bis 2099); je Monat entsteht ein Blatt.")
@click.option("--ausgabe", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Datei, in die die Vorlage geschrieben wird (.xlsx).")
@click.option("--stelle", metavar="KENNUNG", default=None,
              help="Kennung der Stelle (z. B. FK1); wird in jeder ausgefüllten Zeile vorbelegt.")
@click.option("--ueberschreiben", is_flag=True,
              help="Eine vorhandene Datei ersetzen (sonst wird sie nie überschrieben).")
@common_options
def vorlage(jahr: int, ausgabe: Path, stelle: str | None, ueberschreiben: bool, config_path: Path,
            fmt: str) -> None:
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
    from kibericht.ausgabe.vorlage import VorlageError, sheet_name, write_template  # XlsxWriter

    try:
        jahr = Periode.parse_jahr(jahr).jahr
    except PeriodeError as exc:
        raise UsageError(str(exc)) from None
    if not 1990 <= jahr <= 2099:
        raise UsageError(f"Das Jahr {jahr} liegt außerhalb von 1990 bis 2099. Beispiel: --jahr 2025")
    if ausgabe.suffix.lower() != ".xlsx":
        raise UsageError(f"Die Vorlage wird als .xlsx geschrieben; „{ausgabe.name}“ hat eine andere "
                         "Endung. Beispiel: --ausgabe Vorlage.xlsx")
    if ausgabe.exists() and not ueberschreiben:
        raise UsageError(f"„{ausgabe}“ gibt es schon; die Vorlage überschreibt keine vorhandene Datei "
                         "(sie könnte ein ausgefüllter Tätigkeitsnachweis sein). Wählen Sie einen anderen "
                         "Namen oder geben Sie --ueberschreiben an.")
    config = open_config(config_path)
    try:
        path = write_template(config, jahr, ausgabe, stelle=stelle)
    except VorlageError as exc:
        raise UsageError(str(exc)) from None
    warnungen = []
    if not any(sp.gilt_im_jahr(jahr) for sp in config.schwerpunkte):
        warnungen.append(f"Für {jahr} ist in {config.datei} kein Themenschwerpunkt konfiguriert; die "
                         "Auswahlliste Schwerpunkt der Vorlage ist leer. Ergänzen Sie die Schwerpunkte "
                         "des Jahres in [[schwerpunkte]] (von/bis) und erstellen Sie die Vorlage neu.")
    if fmt == "json":
        emit_json({"datei": path.as_posix(), "jahr": jahr, "stelle": stelle,
                   "blaetter": ["Anleitung", *(sheet_name(jahr, m) for m in range(1, 13))],
                   "warnungen": warnungen})
    else:
        for text in warnungen:
            click.echo(f"Warnung: {text}", err=True)
        click.echo(f"Vorlage für {jahr} geschrieben: {path.as_posix()}")
