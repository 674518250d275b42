"""The `kibericht` command: one subcommand per module of this package."""

from __future__ import annotations

import click

import kibericht.cli.deutsch  # noqa: F401  (German for click's own texts, before any command)
from kibericht import __version__
from kibericht.cli.bericht import bericht
from kibericht.cli.foerderung import foerderung
from kibericht.cli.pruefen import pruefen
from kibericht.cli.quote import quote
from kibericht.cli.vorlage import vorlage

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT, subcommand_metavar="BEFEHL [ANGABEN]...")
@click.version_option(__version__, "--version", message="kibericht %(version)s")
def cli() -> None:
    """kibericht – Berichtspflicht und Förder-Controlling für Kommunale Integrationszentren (NRW).

    Liest die Tätigkeitsnachweise (Excel) der Mitarbeitenden, prüft sie gegen die
    Konfiguration ki.toml und erstellt den Monats- oder Jahresbericht.

    \b
    Beispiel:
      kibericht pruefen nachweise/ --config ki.toml
      kibericht bericht nachweise/ --config ki.toml --monat 2025-03 --ausgabe berichte/
    """


cli.add_command(pruefen)
cli.add_command(bericht)
cli.add_command(quote)
cli.add_command(foerderung)
cli.add_command(vorlage)


for command in (cli, *cli.commands.values()):
    command.options_metavar = "[OPTIONEN]"


def main() -> None:
    cli(prog_name="kibericht")
