"""Read a TOML file whose every problem names its line.

`tomllib` gives no positions, so `Lines` maps (table, array index, key) back to the line of the
file; `TomlReader` collects German error sentences with that position while typed values are
taken out of the raw dict, e.g. ``ki.toml:12: Unbekannter Schlüssel „pauschal“ in [[stellen]] Nr. 2``.
"""

from __future__ import annotations

import datetime as dt
import re

_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\s\"]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*\"?([A-Za-zÄÖÜäöüß0-9_\-]+)\"?\s*=")


class Lines:
    """Maps (table path, array index, key) to the line number of the file."""

    def __init__(self, text: str):
        self.keys: dict[tuple[str, int, str], int] = {}
        self.tables: dict[tuple[str, int], int] = {}
        counters: dict[str, int] = {}
        table, index = "", 0
        for number, line in enumerate(text.splitlines(), start=1):
            m = _TABLE.match(line)
            if m:
                table = m.group(2).replace('"', "").replace(" ", "")
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

    def line(self, table: str, index: int, key: str | None = None) -> int | None:
        if key is not None and (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        return self.tables.get((table, index))


class TomlReader:
    """Collects errors while the raw TOML dict is turned into objects."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = Lines(text)
        self.errors: list[str] = []

    def error(self, where: tuple[str, int], key: str | None, message: str) -> None:
        line = self.lines.line(where[0], where[1], key)
        place = f"{self.path}:{line}" if line else self.path
        self.errors.append(f"{place}: {message}")

    def check_keys(self, raw: dict, allowed: set[str], where: tuple[str, int], label: str) -> None:
        for key in raw:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.error(
                    where,
                    key,
                    f"Unbekannter Schlüssel „{key}“ in {label}. Erlaubt sind: {hint}.",
                )

    def get(self, raw, key, types, where, label, required=False, default=None):
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

    def text_list(self, raw, key, where, label, required=False) -> tuple[str, ...] | None:
        value = self.get(raw, key, (list,), where, label, required)
        if value is None:
            return None
        if not all(isinstance(v, str) and v.strip() for v in value):
            self.error(where, key, f"„{key}“ in {label} muss eine Liste von Texten sein.")
            return None
        return tuple(v.strip() for v in value)


def typname(value) -> str:
    return {
        str: "Text", int: "ganze Zahl", float: "Zahl", bool: "Wahrheitswert", list: "Liste",
        dict: "Tabelle", dt.date: "Datum", dt.datetime: "Zeitpunkt",
    }.get(type(value), type(value).__name__)


def typnames(types) -> str:
    names = {str: "Text", int: "Zahl", float: "Zahl", bool: "true/false", list: "Liste",
             dict: "Tabelle", dt.date: "Datum"}
    return " oder ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def as_date(value) -> dt.date | None:
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
