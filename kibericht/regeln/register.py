"""Every rule of kibericht in one register, stage by stage: where a new rule goes.

A rule is a plain function whose one parameter is the input of its stage (`regeln.kontext`) and
that returns its findings. The stages run in this order (`ablauf.load_entries`, and the year's
rules in `regeln.bericht` and the `foerderung` use case):

- `SPALTE` — a rule about one cell of one column, whatever the other cells hold (a Stelle that is
  not in the Stellenplan, hours ≤ 0, a negative number of Teilnehmende). These are pandera checks,
  built from the input schema (`schemas/`) and the configuration in
  `pruefen.validieren.column_rules`; add one there, as a `Rule(check, Code.X, message)`.
- `EINTRAG` — a rule about a row (or a total row) that may reject it: a date outside the sheet's
  year, a Schwerpunkt outside its years, a total that does not match. Input `Eintragsdaten`: every
  typed entry, also rows with errors, and the total rows. Its errors reject their rows.
- `DATEI` — a rule about whole files compared with each other (a copy left in the folder).
  Input `Dateidaten`; an error without a row rejects every row of its file.
- `ABSCHLUSS` — the entries of the files that count against the closed months of the Ablage.
  Input `Abschlussdaten`; a changed or added entry of a closed month rejects its row.
- `PLAUSIBILITAET` — warnings on the valid entries (more than 10 h a day, weekends, duplicates …).
  Input `Plausibilitaetsdaten`; hints too (hours off the `stundentakt`).
- `JAHR` — the Stellenplan and the funding of a year against the entries of its months (a funded
  Stelle without hours, a Pauschale missing for the year). Input `Jahresdaten`.

A new row rule: a function `check_x(k: Eintragsdaten) -> list[Finding]` in the module of its
topic, one line in `EINTRAG` below, its code in the register of codes (`befunde.Code`), a test.
Rules keep their findings in the order of their stage's tuple.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import pandas as pd

from kibericht.befunde import Finding
from kibericht.konfig import KIConfig
from kibericht.pruefen import validieren
from kibericht.regeln import (
    abschluss,
    blattdatum,
    foerderung,
    kopien,
    plausibilitaet,
    schwerpunkte,
    soll_ist,
    summen,
)
from kibericht.regeln.kontext import (
    Abschlussdaten,
    Dateidaten,
    Eintragsdaten,
    Jahresdaten,
    Plausibilitaetsdaten,
)

D = TypeVar("D")


@dataclass(frozen=True)
class Stufe(Generic[D]):
    """A stage: its name, and its rules in the order their findings are reported."""

    name: str
    regeln: tuple[Callable[[D], list[Finding]], ...]


# stage `spalte`: the pandera checks per column (config → {field: [Rule, ...]})
SPALTE: Callable[[KIConfig], dict[str, list[validieren.Rule]]] = validieren.column_rules

EINTRAG = Stufe[Eintragsdaten]("eintrag", (
    blattdatum.check_datum_passt_zum_blatt,
    schwerpunkte.check_schwerpunkt_zeitraum,
    summen.check_summen,
))
DATEI = Stufe[Dateidaten]("datei", (
    kopien.check_doppelte_dateien,
))
ABSCHLUSS = Stufe[Abschlussdaten]("abschluss", (
    abschluss.check_nachtraegliche_aenderung,
))
PLAUSIBILITAET = Stufe[Plausibilitaetsdaten]("plausibilitaet", (
    plausibilitaet.check_hours_per_day,
    plausibilitaet.check_weekends_and_holidays,
    plausibilitaet.check_duplicates,
    plausibilitaet.check_outside_besetzung,
    plausibilitaet.check_stundentakt,
))
JAHR = Stufe[Jahresdaten]("jahr", (
    foerderung.check_pauschale_fehlt,
    foerderung.check_hoechstbetrag_fehlt,
    soll_ist.check_keine_stunden,
    soll_ist.check_stunden_unbesetzt,
))


def pruefe_spalten(eintraege: pd.DataFrame, config: KIConfig) -> list[Finding]:
    """The findings of every column rule (`SPALTE`), one per failed cell."""
    return validieren.validate_entries(eintraege, config, SPALTE(config))


def pruefe(stufe: Stufe[D], daten: D) -> list[Finding]:
    """The findings of every rule of `stufe`, in the order of its rules."""
    findings: list[Finding] = []
    for regel in stufe.regeln:
        findings.extend(regel(daten))
    return findings
