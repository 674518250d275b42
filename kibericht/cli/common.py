"""What the commands share: options, config loading, output of findings, exit codes.

The core never imports click; this package only parses options, calls the core and prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, Finding, befund, by_severity, count_codes
from kibericht.konfig import ConfigError, KIConfig, load_config
from kibericht.periode import Periode, PeriodeError
from kibericht.regeln.urteil import EXIT_AUFRUF
from kibericht.zahlen import anzahl

SCHWERE_WORT = {FEHLER: ("Fehler", "Fehler"), WARNUNG: ("Warnung", "Warnungen"),
                HINWEIS: ("Hinweis", "Hinweise")}


class UsageError(click.ClickException):
    """A usage, configuration or output problem: printed in German, exit code 2. With
    `--format json` its findings form the document `{"fehler": [...]}` (see `cli.KiberichtGroup`)."""

    exit_code = EXIT_AUFRUF

    def __init__(self, message: str, befunde: list[Finding] | None = None):
        super().__init__(message)
        self.befunde = befunde or [befund("aufruf-ungueltig", "", meldung=message)]

    def show(self, file=None) -> None:
        click.echo(f"Fehler: {self.format_message()}", err=True)


def befunde_of(exc: click.ClickException) -> list[Finding]:
    """The findings of a usage error, also of click's own (a missing option, a wrong value)."""
    if isinstance(exc, UsageError):
        return exc.befunde
    return [befund("aufruf-ungueltig", "", meldung=exc.format_message())]


def wants_json(args: list[str]) -> bool:
    """Whether the command line asks for JSON output (`--format json` or `--format=json`)."""
    return "--format=json" in args or any(a == "--format" and b == "json"
                                          for a, b in zip(args, args[1:], strict=False))


def common_options(func: Callable) -> Callable:
    """--config and --format, shared by every command."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                  default=Path("ki.toml"), show_default=True,
                  help="Konfiguration des KI (Stellenplan, Schwerpunkte, Regeln).")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                  show_default=True, help="Ausgabe als lesbarer Text oder als JSON für Skripte.")
    @wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def trotz_fehlern_option(func: Callable) -> Callable:
    """--trotz-fehlern: compute on the valid rows even when some rows have data errors."""
    return click.option("--trotz-fehlern", is_flag=True,
                        help="Auch bei Datenfehlern in den Nachweisen auswerten; fehlerhafte Zeilen "
                             "werden nicht gezählt und aufgelistet.")(func)


def parse_zeitraum(monat: str | None, jahr: str | None, periode: str | None = None,
                   mit_periode: bool = True) -> Periode:
    """Exactly one of --monat / --jahr (/ --periode) as a Periode; otherwise a usage error."""
    choices = "--monat JJJJ-MM, --jahr JJJJ oder --periode JJJJ-JJJJ (z. B. --periode 2025-2026)" \
        if mit_periode else "--monat JJJJ-MM (Monatsbericht) oder --jahr JJJJ (Jahresbericht)"
    if sum(x is not None for x in (monat, jahr, periode)) != 1:
        raise UsageError(f"Geben Sie genau eines an: {choices}.")
    try:
        if monat is not None:
            return Periode.parse_monat(monat)
        if jahr is not None:
            return Periode.parse_jahr(jahr)
        return Periode.parse_periode(periode)
    except PeriodeError as exc:
        raise UsageError(str(exc)) from None


def open_config(path: Path) -> KIConfig:
    """The configuration; its warnings (`KIConfig.befunde`) go to stderr, so JSON on stdout stays
    one document."""
    try:
        config = load_config(path)
    except ConfigError as exc:
        lines = "\n".join(f"  {e}" for e in exc.errors)
        raise UsageError(f"Die Konfiguration ist fehlerhaft:\n{lines}", exc.befunde) from None
    for f in config.befunde:
        click.echo(f.render(), err=True)
    return config


def emit_json(document: dict) -> None:
    """One JSON document on stdout, UTF-8, nothing else."""
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def findings_json(findings: list[Finding]) -> dict[str, list[dict]]:
    groups = by_severity(findings)
    return {
        "fehler": [f.to_json() for f in groups[FEHLER]],
        "warnungen": [f.to_json() for f in groups[WARNUNG]],
        "hinweise": [f.to_json() for f in groups[HINWEIS]],
    }


def print_findings(findings: list[Finding], err: bool = False, hints: bool = True) -> None:
    """Every finding as `datei:blatt:zeile: schwere [code] meldung`, then counts per kind."""
    groups = by_severity(findings)
    shown = [*groups[FEHLER], *groups[WARNUNG], *(groups[HINWEIS] if hints else [])]
    for f in shown:
        click.echo(f.render(), err=err)
    counts = count_codes(findings)
    if counts:
        click.echo("", err=err)
        click.echo("Zusammenfassung der Befunde:", err=err)
        for (schwere, code), n in sorted(counts.items(), key=lambda kv: (
                [FEHLER, WARNUNG, HINWEIS].index(kv[0][0]), kv[0][1])):
            click.echo(f"  {n:>5} × {schwere} [{code}]", err=err)
    totals = ", ".join(anzahl(len(groups[s]), *SCHWERE_WORT[s]) for s in (FEHLER, WARNUNG, HINWEIS))
    click.echo(totals, err=err)
