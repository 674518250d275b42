"""Total rows: a row whose first filled cell says Summe, Gesamt or Total is not an entry; its hours
are compared with the entries above it (a mismatch is a warning).

A total may sum the entries since the previous total row (weekly subtotals) or all entries above
it (a month total under weekly subtotals); it is a mismatch only when it equals neither.
"""

from __future__ import annotations

from typing import cast

import numpy as np

from kibericht.befunde import Code, Finding, befund, show_value
from kibericht.regeln.kontext import Eintragsdaten
from kibericht.zahlen import de_zahl


def check_summen(k: Eintragsdaten) -> list[Finding]:
    """Compare each total row's stated hours with the entries above it in its sheet."""
    totals, entries = k.summen, k.eintraege
    findings: list[Finding] = []
    if totals.empty:
        return findings
    stated_hours = totals["stunden"].to_numpy(dtype=float)
    unreadable = totals["stunden_unlesbar"].to_numpy(dtype=bool)
    # each sheet's rows, in sheet order; sums over a row range are slices
    sheet_rows = entries.groupby(["_datei", "_blatt"], sort=False).indices
    zeilen = entries["_zeile"].to_numpy()
    hours = np.nan_to_num(entries["stunden"].to_numpy(dtype=float))
    total_zeilen = totals["_zeile"].to_numpy()
    raw_values = totals["stunden_roh"].to_numpy(dtype=object)
    for schluessel, positions in totals.groupby(["_datei", "_blatt"], sort=False).indices.items():
        datei, blatt = cast("tuple[str, str]", schluessel)
        rows = sheet_rows.get((datei, blatt))
        if rows is not None:
            order = rows[np.argsort(zeilen[rows], kind="stable")]
            row_zeilen, row_hours = zeilen[order], hours[order]
        previous = 0
        for i in positions:
            zeile, stated = total_zeilen[i], stated_hours[i]
            if unreadable[i]:
                findings.append(befund(Code.SUMME_UNLESBAR, datei, blatt, int(zeile), "Stunden",
                                       show_value(raw_values[i]), "Die Summenzeile enthält keine "
                                       "lesbare Stundenzahl; sie wird nicht geprüft."))
            elif not np.isnan(stated) and rows is not None:
                above = np.searchsorted(row_zeilen, zeile, side="left")
                after_previous = np.searchsorted(row_zeilen, previous, side="right")
                since_last = float(row_hours[after_previous:above].sum()) if after_previous < above else 0.0
                since_top = float(row_hours[:above].sum())
                if abs(stated - since_last) >= 0.005 and abs(stated - since_top) >= 0.005:
                    findings.append(befund(
                        Code.SUMME_ABWEICHEND, datei, blatt, int(zeile), "Stunden", show_value(raw_values[i]),
                        f"Die Summenzeile nennt {de_zahl(stated)} Stunden, die Einträge darüber ergeben "
                        f"{de_zahl(since_last)} Stunden (Differenz {de_zahl(stated - since_last)}). "
                        "Prüfen Sie die Einträge oder die Summenformel."))
            previous = zeile
    return findings
