"""Options several commands share, as decorators."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class Pfad(click.Path):
    """click's path type with German placeholders in the help: DATEI, ORDNER, PFAD."""

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        if isinstance(param, click.Argument):
            return None  # an argument is shown by its name (EINGABE...)
        if self.file_okay and not self.dir_okay:
            return "DATEI"
        if self.dir_okay and not self.file_okay:
            return "ORDNER"
        return "PFAD"


def wants_json(args: list[str]) -> bool:
    """Whether the command line asks for JSON output (`--format json` or `--format=json`)."""
    return "--format=json" in args or any(a == "--format" and b == "json"
                                          for a, b in zip(args, args[1:], strict=False))


def argument_text(text: str | None) -> str | None:
    """A text argument as the user typed it. Where the locale cannot decode the command line (the
    C locale, a UTF-8 terminal), Python keeps the bytes as surrogates; they are read as UTF-8 (what
    terminals send), so that a reason with „ü“ or „–“ can be filed."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode(sys.getfilesystemencoding(), "surrogateescape").decode("utf-8", "replace")


def common_options(func: F) -> F:
    """--config and --format, shared by every command."""
    func = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Ausgabe als lesbarer Text oder als JSON für Skripte.")(func)
    return click.option("--config", "config_path", type=Pfad(dir_okay=False, path_type=Path),
                        default=Path("ki.toml"), show_default=True,
                        help="Konfiguration des KI (Stellenplan, Schwerpunkte, Regeln).")(func)


def trotz_fehlern_option(func: F) -> F:
    """--trotz-fehlern: compute on the valid rows even when some rows have data errors."""
    return click.option("--trotz-fehlern", is_flag=True,
                        help="Auch bei Datenfehlern in den Nachweisen auswerten; fehlerhafte Zeilen "
                             "werden nicht gezählt und aufgelistet.")(func)
