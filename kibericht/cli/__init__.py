"""The `kibericht` command: one subcommand per module of this package."""

from __future__ import annotations

import sys

import click

import kibericht.cli.deutsch  # noqa: F401  (German for click's own texts, before any command)
from kibericht import __version__
from kibericht.ausgabe.atomar import AusgabeFehler
from kibericht.cli.abschliessen import abschliessen
from kibericht.cli.bericht import bericht
from kibericht.cli.common import UsageError, befunde_of, emit_json, wants_json
from kibericht.cli.foerderung import foerderung
from kibericht.cli.pruefen import pruefen
from kibericht.cli.quote import quote
from kibericht.cli.verifizieren import verifizieren
from kibericht.cli.vorlage import vorlage
from kibericht.cli.zusammenfassen import zusammenfassen

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class KiberichtGroup(click.Group):
    """The command group; every exit ends as the contract says: with `--format json` a usage,
    configuration or output error prints one JSON document `{"fehler": [finding…]}`, exit 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        try:
            try:
                code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except AusgabeFehler as exc:  # an output that cannot be written is a usage problem
                raise UsageError(exc.meldung, [exc.befund]) from None
        except click.ClickException as exc:
            if not standalone_mode:
                raise
            if wants_json(args):
                emit_json({"fehler": [f.to_json() for f in befunde_of(exc)]})
            else:
                exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            if not standalone_mode:
                raise
            click.echo("Abgebrochen.", err=True)
            sys.exit(1)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=KiberichtGroup, context_settings=CONTEXT, subcommand_metavar="BEFEHL [ANGABEN]...")
@click.version_option(__version__, "--version", message="kibericht %(version)s")
def cli() -> None:
    """kibericht – Berichtspflicht und Förder-Controlling für Kommunale Integrationszentren (NRW).

    Liest die Tätigkeitsnachweise (Excel) der Mitarbeitenden, prüft sie gegen die
    Konfiguration ki.toml und erstellt den Monats- oder Jahresbericht. Abgeschlossene Monate
    werden in der Ablage festgeschrieben und lassen sich später beweisen.

    \b
    Beispiel:
      kibericht pruefen nachweise/ --config ki.toml
      kibericht bericht nachweise/ --config ki.toml --monat 2025-03 --ausgabe berichte/
      kibericht abschliessen nachweise/ --config ki.toml --monat 2025-03
    """


cli.add_command(pruefen)
cli.add_command(bericht)
cli.add_command(quote)
cli.add_command(foerderung)
cli.add_command(vorlage)
cli.add_command(abschliessen)
cli.add_command(verifizieren)
cli.add_command(zusammenfassen)


for command in (cli, *cli.commands.values()):
    command.options_metavar = "[OPTIONEN]"


def main() -> None:
    cli(prog_name="kibericht")
