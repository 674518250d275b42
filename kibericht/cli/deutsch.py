"""German for click's own messages (usage, errors, help headings), while a command runs.

click passes its texts through gettext; `deutsch()` hands it German ones for the duration of the
command group's `main`, so that a mistyped option reads „Fehler: Unbekannte Option '--monta'.“
like every other message of kibericht, and gives click its own back afterwards: importing
kibericht (as a library, say) changes nothing in click. Where click changed a text between
versions, both wordings are listed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import ModuleType

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

TEXTE = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Show this message and exit.": "Diese Hilfe zeigen und beenden.",
    "Show the version and exit.": "Die Version zeigen und beenden.",
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe: '{command} {option}'.",
    "Missing argument": "Fehlende Angabe",
    "Missing option": "Fehlende Option",
    "Missing parameter": "Fehlende Angabe",
    "Missing parameter: {param_name}": "Fehlende Angabe: {param_name}",
    "Missing {param_type}": "Fehlende Angabe ({param_type})",
    "Missing command.": "Es fehlt der Befehl (eine Übersicht zeigt kibericht --help).",
    "No such command {name!r}.": "Unbekannter Befehl {name!r}.",
    "No such option {name!r}.": "Unbekannte Option {name!r}.",
    "No such option: {name}": "Unbekannte Option {name}.",  # click < 8.4
    "(Possible options: {possibilities})": "(Mögliche Optionen: {possibilities})",  # click < 8.4
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Die Option {name!r} nimmt keinen Wert.",
    "Option {name!r} requires an argument.": "Die Option {name!r} braucht einen Wert.",
    "Option {name!r} requires {nargs} arguments.": "Die Option {name!r} braucht {nargs} Werte.",
    "Got unexpected extra argument ({args})": "Unerwartete zusätzliche Angabe ({args})",
    "Got unexpected extra arguments ({args})": "Unerwartete zusätzliche Angaben ({args})",
    "Did you mean {possibility}?": "Meinten Sie {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Meinten Sie eine von: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} ist nicht {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} ist keiner der Werte {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige Zahl.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} gibt es nicht.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} ist ein Ordner.",
    "{name} {filename!r} is a file.": "{name} {filename!r} ist eine Datei.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} ist nicht beschreibbar.",
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "default: {default}": "Standard: {default}",
    "required": "Pflichtangabe",
    "(dynamic)": "(veränderlich)",
    "env var: {var}": "Umgebungsvariable: {var}",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} ist kein Wahrheitswert. "
    "Erlaubt: {states}",
    "Choose from:\n\t{choices}": "Zur Auswahl:\n\t{choices}",
    "{name} {filename!r} is not executable.": "{name} {filename!r} ist nicht ausführbar.",
    "Positional arguments": "Angaben",
    "Aborted!": "Abgebrochen.",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
}


MODULE: tuple[ModuleType, ...] = (click.core, click.decorators, click.exceptions, click.formatting,
                                  click.parser, click.types)
_lock = threading.RLock()
_texte: dict[str, str] = TEXTE  # while a command runs: TEXTE and what `deutsch` adds


def _(text: str) -> str:
    return _texte.get(text, text)


def _n(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


def fehlender_befehl(befehle: Iterable[str]) -> str:
    """„Es fehlt der Befehl (pruefen, bericht … oder web).“ for the commands of the group."""
    namen = list(befehle)
    if not namen:
        return TEXTE["Missing command."]
    liste = namen[0] if len(namen) == 1 else f"{', '.join(namen[:-1])} oder {namen[-1]}"
    return f"Es fehlt der Befehl ({liste})."


@contextmanager
def deutsch(befehle: Iterable[str] = ()) -> Iterator[None]:
    """click speaks German inside the block, as it did before outside it; `befehle`: the
    commands of the group, named when the command is missing."""
    global _texte
    with _lock:
        frueher = [(m, name, getattr(m, name))
                   for m in MODULE for name in ("_", "ngettext") if hasattr(m, name)]
        try:
            _texte = {**TEXTE, "Missing command.": fehlender_befehl(befehle)}
            for module, name, _alt in frueher:
                setattr(module, name, _ if name == "_" else _n)
            yield
        finally:
            _texte = TEXTE
            for module, name, alt in frueher:
                setattr(module, name, alt)
