"""Validate the typed entries with pandera and the configuration; every failure is a Finding.

The frame arrives typed (see `typisieren`): a cell that could not be parsed is NaN and already
reported (pandera's not-null failure at the same cell is dropped by `befunde.ohne_doppelte`).
Checks per column come from the input schema (required, ranges) and the configuration (known
Stellen, Schwerpunkte, Tätigkeiten, Kommunen); they are the stage `spalte` of the rule register
(`regeln.register`), which says where every other kind of rule goes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kibericht.befunde import Code, Finding, befund, show_value
from kibericht.konfig import KIConfig
from kibericht.pruefen.kopfzeile import COLUMN_OF_FIELD
from kibericht.schema import load_schema
from kibericht.zahlen import de_kurz

if TYPE_CHECKING:
    import pandera.pandas as pa
    from pandera.pandas import DataFrameSchema


def vorbereiten() -> threading.Thread:
    """Start importing pandera in a background thread and return it; join it before
    `validate_entries`. pandera's import and first validation cost about 0.6 s; started before
    reading, that time overlaps calamine's parsing, which releases the GIL."""
    thread = threading.Thread(target=_warm_up, name="pandera", daemon=True)
    thread.start()
    return thread


def _warm_up() -> None:
    import pandera.pandas as pa

    # the first validation registers pandera's backends and imports their modules
    schema = pa.DataFrameSchema({"x": pa.Column(checks=[pa.Check.isin([1.0]), pa.Check.gt(0)],
                                                nullable=True)})
    schema.validate(pd.DataFrame({"x": [1.0, None]}), lazy=True)


def _pandera() -> ModuleType:
    import pandera.pandas as pa

    return pa


@dataclass(frozen=True)
class Rule:
    """A pandera check with the finding it becomes."""

    check: pa.Check
    code: Code
    message: str | Callable[[str | None], str]  # the text, or the text for the value shown


def _names(values: Iterable[str]) -> str:
    values = list(values)
    shown = ", ".join(values[:12])
    return shown + (", …" if len(values) > 12 else "")


def column_rules(config: KIConfig) -> dict[str, list[Rule]]:
    pa = _pandera()
    schema = load_schema()
    stellen = [s.id for s in config.stellen]
    sp_ids = [s.id for s in config.schwerpunkte]
    kommunen = list(config.kommunen_mit_kreisweit)
    return {
        "stelle": [Rule(pa.Check.isin(stellen), Code.STELLE_UNBEKANNT,
                        lambda v: f"Die Stelle „{v}“ steht nicht im Stellenplan (ki.toml). Bekannt: "
                        f"{_names(stellen)}.")],
        "handlungsfeld": [Rule(pa.Check.isin(list(schema.handlungsfelder)), Code.HANDLUNGSFELD_UNBEKANNT,
                               lambda v: f"Unbekanntes Handlungsfeld „{v}“. Erlaubt: "
                               f"{_names(schema.handlungsfelder)}.")],
        "taetigkeit": [Rule(pa.Check.isin(list(config.taetigkeiten)), Code.TAETIGKEIT_UNBEKANNT,
                            lambda v: f"Unbekannte Tätigkeit „{v}“. Erlaubt: "
                            f"{_names(config.taetigkeiten)}.")],
        "schwerpunkt": [Rule(pa.Check.isin(sp_ids), Code.SCHWERPUNKT_UNBEKANNT,
                             lambda v: f"Unbekannter Schwerpunkt „{v}“. Tragen Sie die Kennung "
                             f"({_names(sp_ids) or 'keine konfiguriert'}) oder den genauen Titel ein; "
                             "leer oder „-“ heißt ohne Schwerpunkt.")],
        "kommune": [Rule(pa.Check.isin(kommunen), Code.KOMMUNE_UNBEKANNT,
                         lambda v: f"Unbekannte Kommune „{v}“. Erlaubt: {_names(kommunen)}.")],
        "stunden": [
            Rule(pa.Check.gt(0), Code.STUNDEN_BEREICH,
                 lambda v: f"{v} Stunden: die Dauer muss größer als 0 sein."),
            Rule(pa.Check.le(schema.stunden_max), Code.STUNDEN_BEREICH,
                 lambda v: f"{v} Stunden an einem Eintrag sind mehr als {de_kurz(schema.stunden_max)}. "
                 "Teilen Sie den Eintrag auf die einzelnen Tage auf."),
        ],
        "teilnehmende": [
            Rule(pa.Check.ge(0), Code.TEILNEHMENDE_UNGUELTIG,
                 lambda v: f"{v} Teilnehmende: die Anzahl darf nicht negativ sein."),
            Rule(pa.Check(lambda s: s == np.round(s)),
                 Code.TEILNEHMENDE_UNGUELTIG,
                 lambda v: f"{v} Teilnehmende: tragen Sie eine ganze Zahl ein."),
        ],
    }


def entry_schema(config: KIConfig, rules: dict[str, list[Rule]]) -> pa.DataFrameSchema:
    pa = _pandera()
    schema = load_schema()
    required = {c.name for c in schema.columns if c.pflicht}
    columns = {}
    for field, column_name in COLUMN_OF_FIELD.items():
        checks = [r.check for r in rules.get(field, [])]
        columns[field] = pa.Column(nullable=column_name not in required, checks=checks,
                                   required=True)
    entry: DataFrameSchema = pa.DataFrameSchema(columns, strict=False, coerce=False)
    return entry


def validate_entries(entries: pd.DataFrame, config: KIConfig,
                     rules: dict[str, list[Rule]] | None = None) -> list[Finding]:
    """A finding per failed check of a cell; `rules` default to `column_rules(config)` (the
    register's stage `spalte`, see `regeln.register`)."""
    if entries.empty:
        return []
    pa = _pandera()
    rules = column_rules(config) if rules is None else rules
    schema = entry_schema(config, rules)
    findings: list[Finding] = []
    try:
        schema.validate(entries, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["index"].notna()]
        for column, check, number, value, index in cases[
                ["column", "check", "check_number", "failure_case", "index"]].itertuples(index=False):
            row: Any = entries.loc[int(index)]  # one entry (pandas values)
            if check == "not_nullable":
                code = Code.PFLICHTFELD_LEER
                text = (f"Die Pflichtspalte „{COLUMN_OF_FIELD[column]}“ ist leer. Tragen Sie einen Wert "
                        "ein.")
            else:
                rule = rules[column][int(number)]
                code, text = rule.code, rule.message(_display(value)) if callable(rule.message) \
                    else rule.message
            findings.append(befund(code, row["_datei"], row["_blatt"], int(row["_zeile"]),
                                   COLUMN_OF_FIELD[column], show_value(_display(value)), text))
    return findings


def _display(value: object) -> str | None:
    if value is None or value != value:  # an empty cell: NaN in the typed frame, null in a finding
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)
