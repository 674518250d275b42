"""`kibericht vorlage`: a blank Tätigkeitsnachweis with dropdowns from the configuration."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht.cli.common import UsageError, common_options, emit_json, open_config
from kibericht.ausgabe.vorlage import VorlageError, sheet_name, write_template


@click.command("vorlage")
@click.option("--jahr", type=click.IntRange(1990, 2099), required=True, metavar="JJJJ",
              help="Jahr der Vorlage; je Monat entsteht ein Blatt.")
@click.option("--ausgabe", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Datei, in die die Vorlage geschrieben wird (.xlsx).")
@click.option("--stelle", default=None, metavar="KENNUNG",
              help="Kennung der Stelle (z. B. FK1); wird in jeder ausgefüllten Zeile vorbelegt.")
@common_options
def vorlage(jahr: int, ausgabe: Path, stelle: str | None, config_path: Path, fmt: str) -> None:
    """Erstellt einen leeren Tätigkeitsnachweis für das KI aus der Konfiguration.

    Die Arbeitsmappe hat ein Blatt „Anleitung“ und je Monat ein Blatt („Jan 2025“ …) mit
    Auswahllisten für Stelle, Handlungsfeld, Schwerpunkt (nur die des Jahres), Tätigkeit und
    Kommune sowie Prüfungen für Datum, Stunden und Teilnehmende.

    \b
    Beispiel:
      kibericht vorlage --jahr 2025 --ausgabe Taetigkeitsnachweis_2025.xlsx --config ki.toml
      kibericht vorlage --jahr 2025 --stelle FK1 --ausgabe Nachweis_FK1_2025.xlsx
    """
    if ausgabe.suffix.lower() != ".xlsx":
        raise UsageError(f"Die Vorlage wird als .xlsx geschrieben; „{ausgabe.name}“ hat eine andere "
                         "Endung. Beispiel: --ausgabe Vorlage.xlsx")
    config = open_config(config_path)
    try:
        path = write_template(config, jahr, ausgabe, stelle=stelle)
    except VorlageError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"Die Vorlage kann nicht nach „{ausgabe}“ geschrieben werden "
                         f"({exc.strerror or exc}).") from None
    if fmt == "json":
        emit_json({"datei": path.as_posix(), "jahr": jahr, "stelle": stelle,
                   "blaetter": ["Anleitung", *(sheet_name(jahr, m) for m in range(1, 13))]})
    else:
        click.echo(f"Vorlage für {jahr} geschrieben: {path.as_posix()}")
