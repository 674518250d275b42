"""Type every cell of the mapped entries once, before pandera sees them.

A cell that cannot be parsed becomes NaN and a finding at its cell (`stunden-ungueltig` for
„abc“ in Stunden), so one bad cell never hides another and pandera's own checks run on clean,
typed columns. Text is trimmed and matched to the configured spellings (`fk1` → `FK1`, a
Schwerpunkt's exact title → its id, `-` → no Schwerpunkt).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from kibericht.befunde import Code, Finding, befund, show_value
from kibericht.konfig import KIConfig
from kibericht.pruefen import zellen
from kibericht.pruefen.kopfzeile import COLUMN_OF_FIELD
from kibericht.schema import load_schema, norm_key
from kibericht.zahlen import de_kurz

TEXT_FIELDS = ("stelle", "mitarbeiter", "handlungsfeld", "schwerpunkt", "taetigkeit", "kommune",
               "beschreibung")


def _failures(entries: pd.DataFrame, mask: pd.Series, field_name: str, code: Code,
              message: Callable[[Any], str]) -> list[Finding]:
    """One finding per masked cell, `message(value)` as its text."""
    if not mask.any():
        return []
    column = COLUMN_OF_FIELD[field_name]
    rows = entries.loc[mask, ["_datei", "_blatt", "_zeile", field_name]]
    return [befund(code, datei, blatt, int(zeile), column, show_value(value), message(value))
            for datei, blatt, zeile, value in rows.itertuples(index=False, name=None)]


def _ambiguous_message(value: str) -> str:
    decimal, clock = zellen.both_readings(value)
    as_clock = f"{int(clock)}:{round((clock % 1) * 60):02d}"
    return (f"„{value.strip()}“ wird als {de_kurz(decimal)} Std. gezählt. War {as_clock} gemeint "
            f"(= {de_kurz(clock)} Std.)? Dann tragen Sie {as_clock} mit Doppelpunkt ein; sonst "
            f"schreiben Sie {de_kurz(decimal)} mit Komma, dann entfällt diese Warnung.")


def type_entries(entries: pd.DataFrame, config: KIConfig) -> tuple[pd.DataFrame, list[Finding]]:
    """(the typed entries, a finding per cell that could not be parsed)."""
    schema = load_schema()
    out = entries.copy()
    findings: list[Finding] = []
    if out.empty:
        return out, findings

    dates, bad, far = zellen.parse_dates(out["datum"])
    findings += _failures(out, bad, "datum", Code.DATUM_UNGUELTIG,
                          lambda v: f"„{v}“ ist kein Datum. Schreiben Sie TT.MM.JJJJ (z. B. 03.03.2025) "
                          "oder verwenden Sie ein Excel-Datum.")
    findings += _failures(out, far, "datum", Code.DATUM_UNPLAUSIBEL,
                          lambda v: f"Das Datum „{v}“ ist unplausibel (vor {zellen.EARLIEST.year} oder "
                          f"nach {zellen.LATEST.year}). Prüfen Sie das Jahr.")
    out["datum"] = dates

    hours, bad, ambiguous = zellen.parse_hours_marked(out["stunden"])
    findings += _failures(out, bad, "stunden", Code.STUNDEN_UNGUELTIG,
                          lambda v: f"„{v}“ ist keine Stundenzahl. Tragen Sie die Dauer in Stunden ein, "
                          "z. B. 1,5 oder 1:30.")
    # the decimal reading counts, as it always has: figures never change without a word
    findings += _failures(out, ambiguous, "stunden", Code.STUNDEN_MEHRDEUTIG, _ambiguous_message)
    out["stunden"] = hours

    count, bad = zellen.parse_count(out["teilnehmende"])
    findings += _failures(out, bad, "teilnehmende", Code.TEILNEHMENDE_UNGUELTIG,
                          lambda v: f"„{v}“ ist keine Anzahl. Tragen Sie eine ganze Zahl ein (z. B. 12) "
                          "oder lassen Sie die Zelle leer.")
    out["teilnehmende"] = count

    for name in TEXT_FIELDS:
        out[name] = zellen.clean_text(out[name])

    out["stelle"] = zellen.match_values(out["stelle"], {norm_key(s.id): s.id for s in config.stellen},
                                        norm_key)
    out["handlungsfeld"] = zellen.match_values(out["handlungsfeld"], schema.handlungsfeld_lookup(),
                                               norm_key)
    out["taetigkeit"] = zellen.match_values(out["taetigkeit"],
                                            {norm_key(t): t for t in config.taetigkeiten}, norm_key)
    out["kommune"] = zellen.match_values(out["kommune"],
                                         {norm_key(k): k for k in config.kommunen_mit_kreisweit},
                                         norm_key)
    sp_lookup = {}
    for sp in config.schwerpunkte:
        sp_lookup[norm_key(sp.titel)] = sp.id
        sp_lookup[norm_key(sp.id)] = sp.id
    none_markers = {m.strip().casefold() for m in schema.kein_schwerpunkt}
    spalte = out["schwerpunkt"]
    codes, texts = pd.factorize(spalte.to_numpy(dtype=object))
    no_sp = np.array([False, *(t.casefold() in none_markers for t in texts)])[codes + 1]
    spalte = spalte.mask(no_sp, None)
    out["schwerpunkt"] = zellen.match_values(spalte, sp_lookup, norm_key)
    return out, findings


def type_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """The total rows with their stated hours parsed: `stunden` (float, NaN when empty or
    unreadable), `stunden_roh` (the cell as typed) and `stunden_unlesbar`."""
    hours, unreadable = zellen.parse_hours(totals["stunden"])
    return pd.DataFrame({"_datei": totals["_datei"], "_blatt": totals["_blatt"],
                         "_zeile": totals["_zeile"], "stunden": hours, "stunden_roh": totals["stunden"],
                         "stunden_unlesbar": unreadable})
