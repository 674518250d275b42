"""`kibericht web`: the web app on this computer, in the browser (`kibericht.web`)."""

from __future__ import annotations

from pathlib import Path

import click

from kibericht import anwendung
from kibericht.anwendung.aufruf import nachweise_eingabe
from kibericht.cli.darstellung import echo
from kibericht.cli.optionen import Pfad


def _port(_ctx: click.Context, _param: click.Parameter, wert: int | None) -> int | None:
    if wert is not None and not 1 <= wert <= 65535:
        raise click.BadParameter(f"{wert} ist kein Port; ein Port liegt zwischen 1 und 65535.")
    return wert


@click.command("web")
@click.argument("eingabe", nargs=-1, required=False, type=Pfad(path_type=Path))
@click.option("--config", "config_path", type=Pfad(dir_okay=False, path_type=Path),
              default=Path("ki.toml"), show_default=True,
              help="Konfiguration des KI (Stellenplan, Schwerpunkte, Regeln).")
@click.option("--port", type=int, default=None, metavar="N", callback=_port,
              help="Port auf diesem Rechner (Standard: ein freier Port).")
@click.option("--kein-browser", is_flag=True, help="Den Browser nicht von selbst öffnen; die Adresse wird "
                                                   "angezeigt.")
def web(eingabe: tuple[Path, ...], config_path: Path, port: int | None, kein_browser: bool) -> int:
    """Startet kibericht im Browser – ohne weitere Befehle.

    Startet einen Server nur auf diesem Rechner (127.0.0.1, von anderen Rechnern nicht
    erreichbar) und öffnet den Browser mit einem Link, der nur einmal gilt. Die Seiten zeigen
    die Übersicht des Jahres, die Prüfung mit jedem Befund, den Monatsbericht zum Herunterladen
    und Abschließen, die Quote, die Förderung, Vorlagen, die Ablage und die Einstellungen.
    Ohne EINGABE werden die Nachweise aus [nachweise] ordner in ki.toml gelesen. Geänderte
    Arbeitsmappen zeigen die Seiten ohne Neustart. Beenden mit Strg+C (Exit-Code 0; ein
    laufender Abschluss wird vorher fertig).

    \b
    Beispiel:
      kibericht web nachweise/ --config ki.toml
      kibericht web --port 8765 --kein-browser
    """
    einstellungen = anwendung.einstellungen(config_path)
    if einstellungen.config is not None:  # usable: the logs must be known (exit 2 otherwise)
        nachweise_eingabe(eingabe, einstellungen.config, "kibericht web nachweise/")
    else:
        echo(f"Hinweis: Die Konfiguration „{config_path.as_posix()}“ "
             + ("gibt es nicht" if not einstellungen.vorhanden else "hat Fehler")
             + ". Die Seite Einstellungen zeigt die Einzelheiten.", err=True)
    from kibericht.web.server import starten  # Starlette and uvicorn only for this command

    starten(config_path, eingabe, port, browser=not kein_browser, melden=echo)
    return 0
