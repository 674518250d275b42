"""Closed months: the fingerprint of every entry, and every later change to a closed month.

When a month is closed (`kibericht abschliessen`), each entry dated in it is filed with its values
after parsing and a fingerprint, the sha256 of those values in canonical JSON::

    >>> werte = eintrag_werte({"datum": pd.Timestamp("2025-03-03"), "stelle": "FK1",
    ...                        "mitarbeiter": "A. B.", "stunden": 1.5})
    >>> werte["datum"], werte["stunden"], "mitarbeiter" in werte
    ('2025-03-03', 1.5, False)

The values are those after parsing, so a workbook re-saved by another program (text „1,5“ that
becomes the number 1.5, a text date that becomes an Excel date) keeps its fingerprints. The
Mitarbeiter/in is not filed at all (manifest format 2): reports are by Stelle, and any hash of a
name that stands beside the entry's other values can be found by trying names. Manifests of
format 1 hold the name as an HMAC keyed with a salt stored in the same manifest
(`namens_pseudonym`); their entries are still compared with those values (`salz` given).

`check_nachtraegliche_aenderung` compares, for every closed month, the multiset of fingerprints of
the entries now dated in it (valid and faulty rows) with the filed ones, independent of file, sheet
and row: moving an entry or re-saving a workbook is no change. What is left over is paired, first
by position (same file, sheet and row, also when the date left the month), then by date, Stelle and
Tätigkeit, and reported as changed (old → new, the hours difference) at the current row; unpaired
new entries were added, unpaired filed ones removed. A removal is only reported for a filed file
that lies within the inputs of the run (`Abgleich.bereich`): checking one workbook says nothing
about the others. Relative paths on both sides are
resolved against `Abgleich.basis` (the folder the command runs in), never against the process's
current folder inside the rule.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from kibericht.befunde import Code, Finding, befund
from kibericht.periode import Periode
from kibericht.pruefen.kopfzeile import COLUMN_OF_FIELD
from kibericht.regeln.kontext import AbgelegterEintrag, Abgleich, Abschlussdaten, Feldwert, GeschlossenerMonat
from kibericht.zahlen import de_kurz

# the value types of a closed month live with the rule's input (`kontext`); re-exported here
__all__ = ["AbgelegterEintrag", "Abgleich", "GeschlossenerMonat", "abdruck", "check_nachtraegliche_aenderung",
           "eintrag_werte", "felder", "kanonisch", "monate_der_eintraege", "namens_pseudonym", "sha256_hex"]

# the values of an entry that make its fingerprint in manifest format 1, in the order of the columns
FELDER_MIT_NAMEN = ("datum", "stelle", "mitarbeiter", "handlungsfeld", "schwerpunkt", "taetigkeit",
                    "kommune", "stunden", "teilnehmende", "beschreibung")
# … and from format 2 on: no name (see the module's docstring)
FELDER = tuple(f for f in FELDER_MIT_NAMEN if f != "mitarbeiter")
# floats are filed rounded: a time cell 1:30 may parse to 1.4999999999 in one program, 1.5 in another
STELLEN = 6


def kanonisch(obj: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8; the same value gives the same bytes."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def abdruck(werte: Mapping[str, Feldwert]) -> str:
    """The fingerprint of an entry: sha256 of its values in canonical JSON."""
    return sha256_hex(kanonisch(dict(werte)))


def felder(salz: str | None) -> tuple[str, ...]:
    """The fields of a filed entry: with the name pseudonym for a manifest of format 1 (it has a
    salt), without any name from format 2 on."""
    return FELDER if salz is None else FELDER_MIT_NAMEN


def namens_pseudonym(name: str | None, salz: str) -> str | None:
    """The Mitarbeiter/in as format 1 filed it: an HMAC keyed with the manifest's own salt. Kept
    only to compare the logs with manifests of format 1; whoever reads such a manifest can test
    a guessed name against it, which is why format 2 files no name at all."""
    if name is None:
        return None
    return hmac.new(salz.encode("ascii"), name.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _leer(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or \
        (isinstance(value, float) and math.isnan(value))


def eintrag_werte(row: Mapping[Hashable, Any], salz: str | None = None) -> dict[str, Feldwert]:
    """The values of a typed entry as filed (JSON values; None for an empty cell): without the
    name, or with `salz` (a manifest of format 1) with the name's pseudonym."""
    werte: dict[str, Feldwert] = {}
    for feld in felder(salz):
        value: Any = row.get(feld)
        if _leer(value):
            werte[feld] = None
        elif feld == "datum":
            werte[feld] = pd.Timestamp(value).date().isoformat()
        elif feld == "stunden":
            werte[feld] = round(float(value), STELLEN)
        elif feld == "teilnehmende":
            number = float(value)
            werte[feld] = int(number) if number.is_integer() else round(number, STELLEN)
        elif feld == "mitarbeiter" and salz is not None:  # a field of format 1 only
            werte[feld] = namens_pseudonym(str(value), salz)
        else:
            werte[feld] = str(value)
    return werte


def monate_der_eintraege(datum: pd.Series) -> pd.Series:
    """JJJJ-MM of each entry's date; None where the date is missing or unreadable."""
    text = datum.dt.strftime("%Y-%m")
    monate: pd.Series = text.astype(object).where(datum.notna(), None)
    return monate


@lru_cache(maxsize=4096)
def pfad_schluessel(datei: str, basis: str) -> str:
    """A file path as a comparable key: absolute (a relative one taken from `basis`), normalised,
    case-folded where the OS is."""
    return os.path.normcase(os.path.normpath(os.path.join(basis, datei)))


@dataclass
class _Zeile:
    """A current entry: where it stands and its values."""

    index: Hashable
    monat: str | None
    datei: str
    blatt: str
    zeile: int
    roh: dict[Hashable, Any]  # the entry's cells (pandas values)
    ort: tuple[str, str, int]  # the place as a comparable key (`pfad_schluessel`)


def _ort(e: AbgelegterEintrag, basis: str) -> tuple[str, str, int]:
    return (pfad_schluessel(e.datei, basis), e.blatt, e.zeile)


def check_nachtraegliche_aenderung(kontext: Abschlussdaten) -> list[Finding]:
    """`nachtraegliche-aenderung` for every entry changed, added or removed in a closed month."""
    abgleich = kontext.abgleich
    frame = kontext.eintraege
    if not abgleich.monate:
        return []
    basis = abgleich.basis
    geschlossen = {m.monat: m for m in abgleich.monate}
    monate = monate_der_eintraege(frame["datum"])
    drin = monate.isin(list(geschlossen)).to_numpy(dtype=bool)
    zeilen: dict[str | None, list[_Zeile]] = defaultdict(list)
    for z in _als_zeilen(frame[drin], monate[drin], basis):
        zeilen[z.monat].append(z)

    # 1. the same fingerprint in the same month: unchanged (wherever it stands now)
    offen_alt: dict[str, list[AbgelegterEintrag]] = {}
    offen_neu: dict[str, list[_Zeile]] = {}
    for monat, m in geschlossen.items():
        offen_alt[monat], offen_neu[monat] = _gleiche_abziehen(m, zeilen.get(monat, []), basis)

    # 2. pair what is left: the same place first (also an entry whose date left the month) …
    frei = {z.ort: z for liste in offen_neu.values() for z in liste}
    gesucht = {_ort(e, basis) for liste in offen_alt.values() for e in liste}
    for z in _zeilen_an(frame[~drin], monate[~drin], gesucht, basis):
        frei.setdefault(z.ort, z)
    befunde: list[Finding] = []
    verbraucht: set[Hashable] = set()
    for monat in sorted(offen_alt):
        rest: list[AbgelegterEintrag] = []
        for e in offen_alt[monat]:
            am_ort = frei.pop(_ort(e, basis), None)
            if am_ort is None:
                rest.append(e)
                continue
            verbraucht.add(am_ort.index)
            befunde.append(_geaendert(geschlossen[monat], e, am_ort, basis))
        offen_alt[monat] = rest

    # … then the same date, Stelle and Tätigkeit within the month
    for monat, m in geschlossen.items():
        neu = [z for z in offen_neu[monat] if z.index not in verbraucht]
        nach_schluessel: dict[_Schluessel, list[_Zeile]] = defaultdict(list)
        for z in neu:
            nach_schluessel[_schluessel(eintrag_werte(z.roh, m.salz))].append(z)
        for e in offen_alt[monat]:
            kandidaten = nach_schluessel.get(_schluessel(e.werte))
            if kandidaten:
                z = kandidaten.pop(0)
                verbraucht.add(z.index)
                befunde.append(_geaendert(m, e, z, basis))
            elif _im_bereich(e.datei, abgleich.bereich, basis):
                befunde.append(_entfernt(m, e))
        # 3. the rest was added
        befunde.extend(_hinzugefuegt(m, z) for z in neu if z.index not in verbraucht)
    return befunde


def _zeilen_an(frame: pd.DataFrame, monate: pd.Series, orte: set[tuple[str, str, int]],
               basis: str) -> list[_Zeile]:
    """The entries of `frame` that stand at one of `orte` (only these are needed)."""
    if not orte or frame.empty:
        return []
    dateien = {ort[0] for ort in orte}
    gesuchte = [d for d in frame["_datei"].unique() if pfad_schluessel(str(d), basis) in dateien]
    near = frame["_datei"].isin(gesuchte).to_numpy(dtype=bool)
    return [z for z in _als_zeilen(frame[near], monate[near], basis) if z.ort in orte]


def _als_zeilen(frame: pd.DataFrame, monate: pd.Series, basis: str) -> list[_Zeile]:
    # with the name: a closed month of format 1 compares it (its fingerprints hold its pseudonym)
    records = frame[list(FELDER_MIT_NAMEN)].to_dict("records")
    return [_Zeile(index, monat, str(datei), str(blatt), int(zeile), roh,
                   (pfad_schluessel(str(datei), basis), str(blatt), int(zeile)))
            for index, monat, datei, blatt, zeile, roh in zip(
                frame.index, monate, frame["_datei"], frame["_blatt"], frame["_zeile"], records,
                strict=True)]


def _gleiche_abziehen(m: GeschlossenerMonat, zeilen: list[_Zeile], basis: str) \
        -> tuple[list[AbgelegterEintrag], list[_Zeile]]:
    """(filed entries without a current twin, current entries without a filed twin)."""
    nach_abdruck: dict[str, list[AbgelegterEintrag]] = defaultdict(list)
    for e in m.eintraege:
        nach_abdruck[e.abdruck].append(e)
    neu = []
    for z in sorted(zeilen, key=lambda z: (z.datei, z.blatt, z.zeile)):
        gleiche = nach_abdruck.get(abdruck(eintrag_werte(z.roh, m.salz)))
        if not gleiche:
            neu.append(z)
            continue
        # of equal twins, take the one that stood at this place, so the others keep theirs
        at = next((i for i, e in enumerate(gleiche) if _ort(e, basis) == z.ort), 0)
        gleiche.pop(at)
    alt = sorted((e for liste in nach_abdruck.values() for e in liste),
                 key=lambda e: (e.datei, e.blatt, e.zeile))
    return alt, neu


_Schluessel = tuple[Feldwert, Feldwert, Feldwert]  # date, Stelle, Tätigkeit


def _schluessel(werte: Mapping[str, Feldwert]) -> _Schluessel:
    return (werte.get("datum"), werte.get("stelle"), werte.get("taetigkeit"))


def _im_bereich(datei: str, bereich: tuple[str, ...] | None, basis: str) -> bool:
    if bereich is None:
        return True
    key = pfad_schluessel(datei, basis)
    for pfad in bereich:
        base = pfad_schluessel(pfad, basis)
        if key == base or key.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False


def _weiter(monat: str, was: str) -> str:
    return (f"{was} oder öffnen Sie den Monat wieder: kibericht abschliessen --monat {monat} "
            f"--wiedereroeffnen --grund „…“.")


def _titel(monat: str) -> str:
    return Periode.parse_monat(monat).titel


def _zeige(feld: str, value: Feldwert) -> str:
    if value is None:
        return "leer"
    if feld == "datum":
        y, mo, d = str(value).split("-")
        return f"{d}.{mo}.{y}"
    if feld in ("stunden", "teilnehmende"):
        return de_kurz(float(value))
    return f"„{value}“"


def _stunden(delta: float) -> str:
    return f"{'+' if delta >= 0 else '-'}{de_kurz(abs(delta))} Std."


def _kurz(werte: Mapping[str, Feldwert]) -> str:
    """`12.03.2025 (FK1, Beratung, 2 Std.)`: an entry as a reader recognises it."""
    stunden = werte.get("stunden")
    h = "? Std." if stunden is None else f"{de_kurz(float(stunden))} Std."
    datum = "ohne Datum" if werte.get("datum") is None else _zeige("datum", werte["datum"])
    return f"{datum} ({werte.get('stelle') or '?'}, {werte.get('taetigkeit') or '?'}, {h})"


def _geaendert(m: GeschlossenerMonat, alt: AbgelegterEintrag, z: _Zeile, basis: str) -> Finding:
    neu = eintrag_werte(z.roh, m.salz)
    geaendert = [f for f in felder(m.salz) if alt.werte.get(f) != neu[f]]
    teile = ["Mitarbeiter/in geändert" if f == "mitarbeiter" else
             f"{COLUMN_OF_FIELD[f]} {_zeige(f, alt.werte.get(f))} → {_zeige(f, neu[f])}" for f in geaendert]
    h_alt, h_neu = alt.werte.get("stunden"), neu["stunden"]
    if h_alt == h_neu:
        stunden = "die Stunden sind unverändert"
    elif h_alt is None or h_neu is None:
        stunden = "die Stunden des Monats lassen sich nicht mehr vergleichen"
    else:
        stunden = f"Stunden des Monats {_stunden(float(h_neu) - float(h_alt))}"
    vorher = "" if _ort(alt, basis) == z.ort else f" Vorher stand er in {alt.datei}:{alt.blatt}:{alt.zeile}."
    wert = None
    if len(geaendert) == 1 and geaendert[0] != "mitarbeiter":
        wert = None if neu[geaendert[0]] is None else str(neu[geaendert[0]])
    return befund(
        Code.NACHTRAEGLICHE_AENDERUNG, z.datei, z.blatt, z.zeile, None, wert,
        f"Eintrag des abgeschlossenen Monats {_titel(m.monat)} nachträglich geändert: "
        f"{'; '.join(teile)} ({stunden}).{vorher} " + _weiter(m.monat, "Machen Sie die Änderung rückgängig"))


def _hinzugefuegt(m: GeschlossenerMonat, z: _Zeile) -> Finding:
    neu = eintrag_werte(z.roh, m.salz)
    h = neu["stunden"]
    plus = "" if h is None else f" (Stunden des Monats {_stunden(float(h))})"
    return befund(
        Code.NACHTRAEGLICHE_AENDERUNG, z.datei, z.blatt, z.zeile, None, None,
        f"Eintrag {_kurz(neu)} nachträglich in den abgeschlossenen Monat {_titel(m.monat)} "
        f"eingefügt{plus}. " + _weiter(m.monat, "Entfernen Sie die Zeile"))


def _entfernt(m: GeschlossenerMonat, alt: AbgelegterEintrag) -> Finding:
    h = alt.werte.get("stunden")
    minus = "" if h is None else f" (Stunden des Monats {_stunden(-float(h))})"
    return befund(
        Code.NACHTRAEGLICHE_AENDERUNG, alt.datei, alt.blatt, None, None, None,
        f"Eintrag {_kurz(alt.werte)} des abgeschlossenen Monats {_titel(m.monat)} fehlt; er stand "
        f"in Zeile {alt.zeile}{minus}. " + _weiter(m.monat, "Stellen Sie ihn wieder her"))
