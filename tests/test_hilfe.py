"""The command reference docs/befehle.md: generated from the commands, and what --help shows."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from kibericht.cli import cli
from kibericht.cli.hilfe import befehle_doku

ROOT = Path(__file__).resolve().parent.parent


def _hilfe(*befehl: str) -> str:
    result = CliRunner().invoke(cli, [*befehl, "--help"], prog_name="kibericht", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _abschnitt(seite: str, befehl: str) -> str:
    """The section `## BEFEHL` of the page (`kibericht pruefen`), up to the next one."""
    teile = re.split(r"^## ", seite, flags=re.MULTILINE)
    [abschnitt] = [t for t in teile if t.startswith(f"{befehl}\n")]
    return abschnitt


def test_the_command_reference_is_current():
    page = ROOT / "docs" / "befehle.md"
    assert page.read_text("utf-8") == befehle_doku(cli), \
        "docs/befehle.md is out of date: python -m kibericht.cli.hilfe > docs/befehle.md"


def test_every_command_of_the_help_has_its_section_with_usage_options_and_examples():
    seite = befehle_doku(cli)
    befehle = re.findall(r"^  ([a-z]+)  ", _hilfe().split("Befehle:")[1], flags=re.MULTILINE)
    assert befehle == sorted(cli.commands) and "pruefen" in befehle
    for befehl in befehle:
        hilfe = _hilfe(befehl)
        abschnitt = _abschnitt(seite, f"kibericht {befehl}")
        aufruf = re.search(r"^Aufruf: (.+)$", hilfe, flags=re.MULTILINE)
        assert aufruf and f"```\n{aufruf.group(1)}\n```" in abschnitt, befehl
        optionen = re.findall(r"^  (-[^ ].*?)(?:  |$)", hilfe.split("Optionen:")[1], flags=re.MULTILINE)
        assert "-h, --help" in optionen, befehl
        for option in optionen:
            assert f"| `{option.replace('|', chr(92) + '|')}` |" in abschnitt, (befehl, option)
        beispiele = re.findall(r"^    (kibericht .+)$", hilfe, flags=re.MULTILINE)
        assert beispiele, befehl  # every command shows an example (STYLE.md)
        for beispiel in beispiele:
            assert f"\n{beispiel}\n" in abschnitt, (befehl, beispiel)


def test_a_help_text_is_rendered_as_markdown_that_shows_it_literally():
    @click.group()
    def gruppe() -> None:
        """Die Gruppe."""

    @gruppe.command()
    @click.argument("meldung")
    @click.option("--art", type=click.Choice(["a", "b"]), default="a", show_default=True,
                  help="Die Art, z. B. <KI-Kennung>*.")
    def senden(meldung: str, art: str) -> None:
        """Sendet die Meldung_<Kennung>.zip.

        Zweiter Absatz,
        über zwei Zeilen.

        \b
        Beispiel:
          gruppe senden x.zip --art b
        \f
        Nur für Entwickler.
        """

    seite = befehle_doku(gruppe, "gruppe")
    assert _abschnitt(seite, "gruppe senden") == "\n".join([
        "gruppe senden", "",
        "```", "gruppe senden [OPTIONS] MELDUNG", "```", "",
        r"Sendet die Meldung_\<Kennung\>.zip.", "",
        "Zweiter Absatz, über zwei Zeilen.", "",
        "**Beispiel:**", "",
        "```", "gruppe senden x.zip --art b", "```", "",
        "**Optionen**", "",
        "| Option | Bedeutung |", "| --- | --- |",
        r"| `--art [a\|b]` | Die Art, z. B. \<KI-Kennung\>\*. [Standard: a] |",
        "| `--help` | Diese Hilfe zeigen und beenden. |", ""])
    assert "| [`gruppe senden`](#gruppe-senden) | Sendet die Meldung_\\<Kennung\\>.zip. |" in seite
