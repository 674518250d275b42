"""The `kibericht` command: one face of the application layer (`kibericht.anwendung`).

Each command (`befehl_*`) parses its options, calls its use case, shows the result as text or
JSON and returns the result's exit code. The exit code is decided in one place, the group's
`main`: the code a command returned, 2 for a usage problem (`Aufruffehler` or click's own), 130
for Ctrl+C or SIGTERM. `main()` (the console script) also prepares the console: output never
fails on an encoding that cannot show a character, and SIGTERM unwinds like Ctrl+C (locks and
temporary files are released on the way out).
"""

from __future__ import annotations

import codecs
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

from kibericht import __version__
from kibericht.anwendung import EXIT_ABGEBROCHEN, EXIT_OK, Aufruffehler
from kibericht.befunde import Code, befund, ursache
from kibericht.cli.befehl_abschliessen import abschliessen
from kibericht.cli.befehl_bericht import bericht
from kibericht.cli.befehl_einrichten import einrichten
from kibericht.cli.befehl_foerderung import foerderung
from kibericht.cli.befehl_meldung import meldung
from kibericht.cli.befehl_pruefen import pruefen
from kibericht.cli.befehl_quote import quote
from kibericht.cli.befehl_verifizieren import verifizieren
from kibericht.cli.befehl_vorlage import vorlage
from kibericht.cli.befehl_web import web
from kibericht.cli.befehl_zusammenfassen import zusammenfassen
from kibericht.cli.darstellung import echo, emit_json
from kibericht.cli.deutsch import deutsch
from kibericht.cli.optionen import wants_json

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class KiberichtGroup(click.Group):
    """The command group; every exit ends as the contract says: with `--format json` a usage,
    configuration or output error prints one JSON document `{"fehler": [finding…]}`, exit 2."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        with deutsch(self.commands):
            code = self._ausfuehren(args, prog_name, complete_var, **extra)
        if not standalone_mode:
            return code
        sys.exit(code)  # the one place where kibericht exits

    def _ausfuehren(self, args: list[str], prog_name: str | None, complete_var: str | None,
                    **extra: Any) -> int:
        """Run the command and give its exit code; show a usage problem or an interruption."""
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except Aufruffehler as exc:
            return self._ausfuehren_fehler(args, exc)
        except click.ClickException as exc:  # click's own: a missing option, a wrong value
            if wants_json(args):
                meldung = exc.format_message()
                emit_json({"fehler": [befund(Code.AUFRUF_UNGUELTIG, "", meldung=meldung).to_json()]})
            else:
                exc.show()
            return exc.exit_code
        except (click.Abort, KeyboardInterrupt):
            echo("Abgebrochen.", err=True)
            return EXIT_ABGEBROCHEN
        except OSError as exc:  # a file or folder the system refused, where no use case expected it
            return self._ausfuehren_fehler(args, Aufruffehler(
                f"„{exc.filename or ''}“ kann nicht gelesen oder geschrieben werden ({ursache(exc)}). "
                "Prüfen Sie den Pfad und die Zugriffsrechte."))
        return code if isinstance(code, int) else EXIT_OK

    @staticmethod
    def _ausfuehren_fehler(args: list[str], exc: Aufruffehler) -> int:
        """A usage problem: its German message, or its JSON document `{"fehler": […]}`."""
        if wants_json(args):
            emit_json(exc.dokument)
        else:
            echo(f"Fehler: {exc.meldung}", err=True)
        return exc.exit_code


@click.group(cls=KiberichtGroup, context_settings=CONTEXT, subcommand_metavar="BEFEHL [ANGABEN]...")
@click.version_option(__version__, "--version", message="kibericht %(version)s",
                      help="Die Version zeigen und beenden.")
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
cli.add_command(meldung)
cli.add_command(zusammenfassen)
cli.add_command(einrichten)
cli.add_command(web)


for command in (cli, *cli.commands.values()):
    command.options_metavar = "[OPTIONEN]"


def konsole() -> None:
    """stdout and stderr never fail on a character their encoding lacks (a Windows console in
    cp850, output redirected as cp1252): it is shown as an escape. JSON is written as UTF-8
    bytes regardless (`darstellung.emit_json`). Reading answers (`einrichten`) never fails
    either: a console that claims ASCII is read as UTF-8 (what a byte above 127 typed there
    almost always is; ASCII reads the same), and a byte the console's code page lacks becomes
    U+FFFD instead of a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        ascii_ = codecs.lookup(sys.stdin.encoding or "ascii").name == "ascii"
        reconfigure(**({"encoding": "utf-8"} if ascii_ else {}), errors="replace")


@contextmanager
def sigterm_wie_strg_c() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt in the main process, as Ctrl+C does, so that the same
    cleanup runs (the Ablage's lock, temporary files, worker processes). A process forked from
    it (a reader, the chart drawer) keeps the default: it ends at once."""
    hauptprozess = os.getpid()

    def abbrechen(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != hauptprozess:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise KeyboardInterrupt

    frueher = signal.signal(signal.SIGTERM, abbrechen)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, frueher)


def main() -> None:
    """The console script `kibericht`."""
    konsole()
    with sigterm_wie_strg_c():
        cli(prog_name="kibericht")
