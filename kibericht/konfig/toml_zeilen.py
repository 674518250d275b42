"""Read a TOML file whose every problem names its line.

`tomllib` gives no positions, so `Lines` maps (table, array index, key) back to the line of the
file; `TomlReader` collects German error sentences with that position while typed values are
taken out of the raw dict, e.g. ``ki.toml:12: Unbekannter Schlüssel „pauschal“ in [[stellen]] Nr. 2``.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kibericht.befunde import Code, Finding, befund
from kibericht.konfig.feldpruefung import fehlt_meldung, pruefe_wert, typname
from kibericht.konfig.schluessel import Schluessel

_STANDARD = object()  # `TomlReader.feld`: use the key's own default

_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\s\"-]+?)\s*\]\]?\s*(#.*)?$")
# a key, also the first part of a dotted key (`regeln.stundentakt = 0.25`)
_KEY = re.compile(r"^\s*\"?([A-Za-zÄÖÜäöüß0-9_\-]+)\"?\s*(?:\.[^=]*)?=")


class Lines:
    """Maps (table path, array index, key) to the line number of the file.

    A table header counts as the line of the key it opens in its parent: `[[schwerpunkt.meilensteine]]`
    is the line of the (unknown) top-level key `schwerpunkt`, `[[schwerpunkte.meilenstein]]` that of
    the key `meilenstein` of the Schwerpunkt above it."""

    def __init__(self, text: str):
        self.keys: dict[tuple[str, int, str], int] = {}
        self.tables: dict[tuple[str, int], int] = {}
        self.headers: dict[int, str] = {}  # line -> the header as written, e.g. "[[stellen]]"
        counters: dict[str, int] = {}
        table, index = "", 0
        for number, line in enumerate(text.splitlines(), start=1):
            m = _TABLE.match(line)
            if m:
                table = m.group(2).replace('"', "").replace(" ", "")
                self.headers[number] = f"{m.group(1)}{table}{']]' if m.group(1) == '[[' else ']'}"
                self._header_keys(table, counters, number)
                if m.group(1) == "[[":
                    counters[table] = counters.get(table, -1) + 1
                    # sub-arrays (schwerpunkte.meilensteine) count per parent element
                    parent = table.rsplit(".", 1)[0] if "." in table else None
                    if parent is not None:
                        counters.setdefault(f"{parent}#{counters.get(parent, 0)}:{table}", -1)
                        key = f"{parent}#{counters.get(parent, 0)}:{table}"
                        counters[key] += 1
                        index = counters[key]
                        table = f"{table}@{counters.get(parent, 0)}"
                    else:
                        index = counters[table]
                else:
                    index = 0
                self.tables.setdefault((table, index), number)
                continue
            k = _KEY.match(line)
            if k:
                self.keys.setdefault((table, index, k.group(1)), number)

    def _header_keys(self, table: str, counters: dict[str, int], number: int) -> None:
        """Record a header as the line of the key it opens: at the top level its first part, and
        in its parent table (the parent's current element) its last part."""
        parts = table.split(".")
        self.keys.setdefault(("", 0, parts[0]), number)
        if len(parts) > 1:
            parent = ".".join(parts[:-1])
            self.keys.setdefault((parent, counters.get(parent, 0), parts[-1]), number)

    def line(self, table: str, index: int, key: str | None = None) -> int | None:
        if key is not None and (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        return self.tables.get((table, index))


class TomlReader:
    """Collects errors (and warnings) while the raw TOML dict is turned into objects."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = Lines(text)
        self.errors: list[Finding] = []
        self.warnings: list[Finding] = []

    def error(self, where: tuple[str, int], key: str | None, message: str) -> None:
        line = self.lines.line(where[0], where[1], key)
        self.errors.append(befund(Code.KONFIG_UNGUELTIG, self.path, None, line, key, None, message))

    def warn(self, code: Code, where: tuple[str, int], key: str | None, value: str | None,
             message: str) -> None:
        line = self.lines.line(where[0], where[1], key)
        self.warnings.append(befund(code, self.path, None, line, key, value, message))

    def check_keys(self, raw: Mapping[str, object], allowed: Iterable[str], where: tuple[str, int],
                   label: str) -> None:
        """Every key of `raw` not in `allowed` is an error naming its line: a mistyped table
        header (`[[schwerpunkt.meilensteine]]`) by the header as written, with the likely key."""
        allowed = list(allowed)
        for key in raw:
            if key in allowed:
                continue
            line = self.lines.line(where[0], where[1], key)
            header = self.lines.headers.get(line) if line is not None else None
            if not isinstance(raw[key], (dict, list)):
                header = None
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if header:
                what = f"Unbekannte Tabelle {header}"
                hint = f" Meinten Sie {_header_with(header, key, guess[0])}?" if guess else ""
            else:
                what = f"Unbekannter Schlüssel „{key}“"
                hint = f" Meinten Sie „{guess[0]}“?" if guess else ""
            self.error(where, key, f"{what} in {label}.{hint} Erlaubt sind: {', '.join(sorted(allowed))}.")

    def get(self, raw: Mapping[str, object], key: str, types: tuple[type, ...], where: tuple[str, int],
            label: str, required: bool = False, default: Any = None) -> Any:
        """The value of a structural key (a table, a list of tables), type-checked: a value of one
        of `types`, else `default`."""
        if key not in raw:
            if required:
                self.error(where, None, f"In {label} fehlt der Schlüssel „{key}“.")
            return default
        value = raw[key]
        if isinstance(value, bool) and bool not in types:
            value_ok = False
        else:
            value_ok = isinstance(value, types)
        if not value_ok:
            self.error(where, key, f"„{key}“ in {label} hat den falschen Typ ({typname(value)}); "
                       f"erwartet: {typnames(types)}.")
            return default
        return value

    def feld(self, raw: Mapping[str, object], s: Schluessel, where: tuple[str, int], ort: str | None = None,
             default: object = _STANDARD) -> Any:
        """The checked value of key `s` in `raw` (see `konfig.schluessel`), of the key's kind: its
        default when it is missing, None when it is wrong (the error names key and line)."""
        ort = ort or s.ort
        if s.name not in raw:
            if s.pflicht:
                self.error(where, None, fehlt_meldung(s, ort))
            return s.standard if default is _STANDARD else default
        result = pruefe_wert(s, raw[s.name], ort)
        if result.meldung is not None:
            self.error(where, s.name, result.meldung)
        return result.wert


def _header_with(header: str, key: str, guess: str) -> str:
    """`[[schwerpunkt.meilensteine]]` with the part `schwerpunkt` written as `schwerpunkte`."""
    brackets = "[[" if header.startswith("[[") else "["
    parts = header.strip("[]").split(".")
    parts = [guess if part == key else part for part in parts]
    return f"{brackets}{'.'.join(parts)}{brackets.replace('[', ']')}"


def typnames(types: Iterable[type]) -> str:
    names = {str: "Text", int: "Zahl", float: "Zahl", bool: "true/false", list: "Liste",
             dict: "Tabelle", dt.date: "Datum"}
    return " oder ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# tomllib's messages (Python 3.11–3.13), in German; the position is given separately
_TOML_TEXTE = [
    (r"Cannot overwrite a value", "Ein Schlüssel hat schon einen Wert; er steht doppelt."),
    (r"Cannot declare (.*) twice", "Die Tabelle {0} ist doppelt angelegt."),
    (r"Cannot (?:mutate immutable namespace|redefine namespace) (.*)", "{0} ist schon anders angelegt "
     "und kann hier nicht ergänzt werden."),
    (r"Duplicate inline table key (.*)", "Der Schlüssel {0} steht doppelt in der Klammer {{ … }}."),
    (r"Escaped character is not a Unicode scalar value|Invalid hex value|Unescaped '\\' in a string",
     "Ungültiger Rückstrich (\\) in einem Text; schreiben Sie \\\\ oder verwenden Sie '…'."),
    (r"Expected '=' after a key in a key/value pair", "Nach dem Schlüssel fehlt das Gleichheitszeichen "
     "(schlüssel = wert)."),
    (r"Expected '\]' at the end of a table declaration", "Die Tabellenüberschrift ist nicht mit ] "
     "geschlossen, z. B. [ki]."),
    (r"Expected '\]\]' at the end of an array declaration", "Die Überschrift ist nicht mit ]] "
     "geschlossen, z. B. [[stellen]]."),
    (r"Expected newline or end of document after a statement", "Nach dem Wert steht noch etwas in der "
     "Zeile."),
    (r"Expected (.*)", "Erwartet war {0}."),
    (r"Invalid date or datetime", "Ungültiges Datum; schreiben Sie JJJJ-MM-TT, z. B. 2025-03-01."),
    (r"Invalid initial character for a key part|Found invalid character (.*)", "Ungültiges Zeichen in "
     "einem Schlüssel; Schlüssel bestehen aus Buchstaben, Ziffern, _ und -."),
    (r"Invalid statement", "Die Zeile ist weder eine Überschrift [ … ] noch schlüssel = wert."),
    (r"Invalid value", "Ungültiger Wert; Texte stehen in Anführungszeichen, Zahlen ohne, Datumsangaben "
     "als JJJJ-MM-TT."),
    (r"Unclosed array", "Eine Liste [ … ] ist nicht geschlossen oder ihre Einträge sind nicht durch "
     "Kommas getrennt."),
    (r"Unclosed inline table", "Eine Klammer {{ … }} ist nicht geschlossen oder ihre Einträge sind nicht "
     "durch Kommas getrennt."),
    (r"Unterminated string", "Ein Text ist nicht mit einem Anführungszeichen geschlossen."),
    (r"Illegal character '\\n'", "Ein Text ist nicht mit einem Anführungszeichen geschlossen."),
    (r"Illegal character (.*)", "Unzulässiges Zeichen {0}."),
]
_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_GERMAN_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_THOUSANDS = re.compile(r"=\s*\d{1,3}(?:\.\d{3})+\s*(?:€|EUR|Euro)")
# `umfang = 0,5`: a decimal comma (not a list `= 1, 2` nor the next pair `2025 = 1,2026 = 2`)
_DEZIMALKOMMA = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(-?\d+),(\d+)(?![\d.])(?!\s*=)")


def _toml_name(text: str) -> str:
    """A name in tomllib's message as the user wrote it: `('regeln',)` → `[regeln]`, `'von'` → „von“,
    a control character as U+0007."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if isinstance(value, tuple) and all(isinstance(part, str) for part in value):
        return f"[{'.'.join(value)}]"
    if isinstance(value, str):
        shown = "".join(z if z.isprintable() else f"U+{ord(z):04X}" for z in value)
        return f"„{shown}“"
    return text


def toml_syntaxfehler(message: str, text: str, datei: str) -> Finding:
    """A TOML syntax error as a German finding with line and column, and a hint for the usual
    German habits (dates as 01.03.2025, amounts as 40.000 €, decimals as 0,5)."""
    position = _POSITION.search(message)
    bare = message[: position.start()] if position else message
    lines = text.splitlines()
    line = int(position.group(1)) if position and position.group(1) else len(lines) or None
    column = int(position.group(2)) if position and position.group(2) else None
    german = "Die Datei ist kein gültiges TOML."
    for pattern, template in _TOML_TEXTE:
        match = re.fullmatch(pattern, bare)
        if match:
            german = template.format(*(_toml_name(g) for g in match.groups() if g is not None))
            break
    source = lines[line - 1] if line and line <= len(lines) else ""
    hint = ""
    if _GERMAN_DATE.search(source):
        hint = " Ein Datum schreiben Sie in ki.toml als JJJJ-MM-TT, z. B. von = 2025-03-01."
    elif _THOUSANDS.search(source):
        hint = " Beträge schreiben Sie ohne Tausenderpunkt und ohne €, z. B. pauschale = 40000."
    elif komma := _DEZIMALKOMMA.search(source):
        key, ganz, rest = komma.groups()
        hint = (f" Schreiben Sie {ganz}.{rest} (Punkt statt Komma): in ki.toml ist der Punkt das "
                f"Dezimalzeichen, also {key} = {ganz}.{rest}.")
    where = f"Zeile {line}, Spalte {column}" if column else (f"Zeile {line}" if line else "Dateiende")
    return befund(Code.KONFIG_SYNTAX, datei, None, line, None, source.strip()[:60] or None,
                  f"Die Datei ist kein gültiges TOML ({where}): {german}{hint}")
