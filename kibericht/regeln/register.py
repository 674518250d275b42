"""Every rule of kibericht in one list, with the stage at which it runs.

A rule is a plain function `check_x(kontext) -> list[Finding]` (see `kontext.Kontext`):

- `eintrag`: on every typed entry, before the valid rows are chosen; its errors reject a row
  (a date outside the sheet's year, a Schwerpunkt outside its years) and it compares total rows
  with the entries above them;
- `datei`: on the typed entries of all files together: a workbook that only repeats another
  (a copy left in the folder) is an error that rejects all of its rows;
- `abschluss`: the typed entries of the files that count (copies left out) against the closed
  months of the Ablage; a changed or added entry of a closed month rejects its row;
- `plausibilitaet`: warnings and hints on the valid entries (more than 10 h a day, weekends,
  duplicates, hours off the `stundentakt` …);
- `jahr`: the Stellenplan and funding of a year against the entries of its months.

The finding codes themselves, with their severity, are defined in `befunde.CODES`.
"""

from __future__ import annotations

from kibericht.befunde import Finding
from kibericht.regeln import (
    abschluss,
    blattdatum,
    dateien,
    foerderung,
    plausibilitaet,
    schwerpunkte,
    soll_ist,
    summen,
)
from kibericht.regeln.kontext import Kontext, Regel

EINTRAG = "eintrag"
DATEI = "datei"
ABSCHLUSS = "abschluss"
PLAUSIBILITAET = "plausibilitaet"
JAHR = "jahr"

REGELN: tuple[tuple[str, Regel], ...] = (
    (EINTRAG, blattdatum.check_datum_passt_zum_blatt),
    (EINTRAG, schwerpunkte.check_schwerpunkt_zeitraum),
    (EINTRAG, summen.check_summen),
    (DATEI, dateien.check_doppelte_dateien),
    (ABSCHLUSS, abschluss.check_nachtraegliche_aenderung),
    (PLAUSIBILITAET, plausibilitaet.check_hours_per_day),
    (PLAUSIBILITAET, plausibilitaet.check_weekends_and_holidays),
    (PLAUSIBILITAET, plausibilitaet.check_duplicates),
    (PLAUSIBILITAET, plausibilitaet.check_outside_besetzung),
    (PLAUSIBILITAET, plausibilitaet.check_stundentakt),
    (JAHR, foerderung.check_pauschale_fehlt),
    (JAHR, foerderung.check_hoechstbetrag_fehlt),
    (JAHR, soll_ist.check_keine_stunden),
    (JAHR, soll_ist.check_stunden_unbesetzt),
)


def pruefe(stufe: str, kontext: Kontext) -> list[Finding]:
    """The findings of every rule of `stufe`, in the order of `REGELN`."""
    findings: list[Finding] = []
    for regel_stufe, regel in REGELN:
        if regel_stufe == stufe:
            findings.extend(regel(kontext))
    return findings
