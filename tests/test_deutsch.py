"""click's own messages in German while a command runs: a missing command names every command
of the group (also one added later), and click has its own texts back afterwards."""

from __future__ import annotations

import click.core
from click.testing import CliRunner

from kibericht.cli import cli
from kibericht.cli.deutsch import deutsch, fehlender_befehl


def test_a_missing_command_names_every_command_of_the_group():
    result = CliRunner().invoke(cli, ["--"])
    assert result.exit_code == 2
    zeile = result.stderr.strip().splitlines()[-1]
    assert zeile == f"Fehler: {fehlender_befehl(cli.commands)}"
    assert all(name in zeile for name in cli.commands) and zeile.endswith(" oder web).")


def test_the_list_of_commands_reads_as_german():
    assert fehlender_befehl(["pruefen"]) == "Es fehlt der Befehl (pruefen)."
    assert fehlender_befehl(["a", "b", "c"]) == "Es fehlt der Befehl (a, b oder c)."
    assert fehlender_befehl([]) == "Es fehlt der Befehl (eine Übersicht zeigt kibericht --help)."


def test_click_speaks_german_only_inside_the_block():
    vorher = click.core._("Missing command.")
    with deutsch(["pruefen", "bericht"]):
        assert click.core._("Missing command.") == "Es fehlt der Befehl (pruefen oder bericht)."
        assert click.core._("Usage:") == "Aufruf:"
    assert click.core._("Missing command.") == vorher == "Missing command."
