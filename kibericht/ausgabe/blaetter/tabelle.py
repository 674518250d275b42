"""A table on a report sheet, laid out on the printed pages by the sheet's `Satz`.

The title, the header row and the rows of a table, each row as high as its longest text needs
(a text wider than its column wraps); numbers and their headings right-aligned, text left. A
table that fits on a page stays on one page; a longer one starts where at least its first rows
fit, and every further page starts with its header row again — written into the sheet, or, for
the one long table of a sheet that is read on screen too (`drucktitel`), as the sheet's print
titles. No page holds just one row of a table.

A table may place its columns on the sheet's grid (`spalten`): the first column spans the
columns up to the second's, so that the numbers of the tables of one sheet stand in the same
columns under their own headings.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kibericht.ausgabe.blaetter.blatt import textzeile, textzeile_hoehe
from kibericht.ausgabe.satz import Satz, hoehe, passt, zeilen
from kibericht.ausgabe.zellformate import ZAHLEN, Formats, kind_of, write_cell

MIN_ZEILEN = 2  # rows of a table that stand together at least, on its first and last page


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


class _Tabelle:
    """A frame's cells and the height of each row, on the columns of a sheet."""

    def __init__(self, satz: Satz, fmt: Formats, frame: pd.DataFrame, kinds: dict[str, str],
                 spalten: Sequence[int] | None):
        self.fmt = fmt
        self.namen = [str(c) for c in frame.columns]
        self.arten = [kinds.get(c, kind_of(c)) for c in self.namen]
        n = len(self.namen)
        self.spalten = list(spalten) if spalten is not None else list(range(n))
        enden = [s - 1 for s in self.spalten[1:]] + self.spalten[-1:]
        self.bereiche = list(zip(self.spalten, enden, strict=True))  # sheet columns of each column
        self.breiten = [satz.breite(a, b) for a, b in self.bereiche]
        # text right of a column of numbers is indented by a character's width
        self.nach_zahlen = [j > 0 and self.arten[j - 1] in ZAHLEN and self.arten[j] not in ZAHLEN
                            for j in range(n)]
        self.breiten = [b - (2 if nz else 0) for b, nz in zip(self.breiten, self.nach_zahlen, strict=True)]
        self.werte = frame.to_numpy(dtype=object)
        self.kopf_hoehe = hoehe(max((zeilen(c, b, fett=True) for c, b in zip(self.namen, self.breiten,
                                                                                strict=True)), default=1))
        self.hoehen = [self._hoehe(r) for r in self.werte]

    def _umbrechen(self, j: int, value) -> bool:
        text = _text(value)
        return text is not None and self.arten[j] == "text" and not passt(text, self.breiten[j])

    def _hoehe(self, record) -> float:
        return hoehe(max((zeilen(v, self.breiten[j]) for j, v in enumerate(record)
                          if self._umbrechen(j, v)), default=1))

    def kopf(self, ws, row: int) -> None:
        for (a, b), name, art, nz in zip(self.bereiche, self.namen, self.arten, self.nach_zahlen,
                                          strict=True):
            if b > a:
                ws.merge_range(row, a, row, b, name, self.fmt.kopf(art, nz))
            else:
                ws.write_string(row, a, name, self.fmt.kopf(art, nz))

    def zeile(self, ws, row: int, i: int, summe: bool) -> None:
        for j, value in enumerate(self.werte[i]):
            a, b = self.bereiche[j]
            cell_fmt = self.fmt.zelle(self.arten[j], value, summe, umbruch=self._umbrechen(j, value),
                                      nach_zahlen=self.nach_zahlen[j])
            if b > a:
                ws.merge_range(row, a, row, b, None, cell_fmt)
            write_cell(ws, row, a, value, cell_fmt)


def _seitenanfaenge(frei: float, seite: float, hoehen: list[float]) -> list[int]:
    """The rows (indexes) that start a new page when rows of these heights follow on a page with
    `frei` points left, each further page holding `seite`; the last page holds at least
    `MIN_ZEILEN` rows where the one before can spare them."""
    anfaenge: list[int] = []
    auf_seite = 0
    for i, h in enumerate(hoehen):
        if h > frei and auf_seite:
            anfaenge.append(i)
            frei, auf_seite = seite, 0
        frei -= h
        auf_seite += 1
    if anfaenge:
        davor = anfaenge[-2] if len(anfaenge) > 1 else 0
        fehlen = MIN_ZEILEN - (len(hoehen) - anfaenge[-1])
        if fehlen > 0 and anfaenge[-1] - davor > MIN_ZEILEN + fehlen:
            anfaenge[-1] -= fehlen
    return anfaenge


def tabelle(satz: Satz, fmt: Formats, frame: pd.DataFrame, titel: str | None = None, *,
            kinds: dict[str, str] | None = None, summe: bool = False,
            spalten: Sequence[int] | None = None, drucktitel: bool = False,
            autofilter: bool = False, danach: Sequence[str] = ()) -> int:
    """Lay out `frame` (with the title `titel` above it and the notes `danach` below) at the
    next rows of the sheet, followed by an empty row; returns its header row. `summe`: the last
    row is the Summe row (bold); `drucktitel`: the header row is the sheet's print titles (for a
    table that ends the sheet); `autofilter` with it."""
    ws = satz.ws
    t = _Tabelle(satz, fmt, frame, kinds or {}, spalten)
    notizen = [textzeile_hoehe(satz, text) for text in danach]
    titel_hoehe = textzeile_hoehe(satz, titel, 11.0, fett=True) if titel else 0.0
    anfang = titel_hoehe + t.kopf_hoehe + sum(t.hoehen[:MIN_ZEILEN])
    gesamt = titel_hoehe + t.kopf_hoehe + sum(t.hoehen) + sum(notizen)
    satz.zusammen(gesamt if gesamt <= satz.seite - satz.kopf else anfang)
    if titel:
        textzeile(satz, titel, fmt.subtitle, 11.0, fett=True)
    kopf = satz.zeile(t.kopf_hoehe)
    t.kopf(ws, kopf)
    if drucktitel:
        satz.wiederholen(kopf, t.kopf_hoehe)
    weitere = satz.seite - satz.kopf - (0.0 if drucktitel else t.kopf_hoehe)
    anfaenge = set(_seitenanfaenge(satz.frei, weitere, t.hoehen))
    for i, h in enumerate(t.hoehen):
        if i in anfaenge:
            satz.umbruch()
            if not drucktitel:
                t.kopf(ws, satz.zeile(t.kopf_hoehe))
        t.zeile(ws, satz.zeile(h), i, summe and i == len(t.hoehen) - 1)
    if autofilter and t.namen:
        ws.autofilter(kopf, 0, kopf + len(t.hoehen), t.bereiche[-1][1])
    for text in danach:
        textzeile(satz, text, fmt.note_wrap)
    satz.abstand()
    return kopf
