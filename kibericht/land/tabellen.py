"""Check one CSV of a Meldung against the Table Schema of its resource.

The check is the one Frictionless (frictionless-py 5, the reference implementation of the
Table Schema) performs, with its error types and positions: `incorrect-label`, `missing-label`,
`extra-label`, `blank-label` in the header; per row `type-error` and `constraint-error` (required,
pattern, enum, minimum, maximum) at a field, `extra-cell`, `missing-cell`, `blank-row`,
`primary-key`, and `foreign-key` against another resource. Row numbers count as Frictionless counts
them: the header is row 1, the first data row row 2. `tests/test_meldung_tabellen.py` runs both
on the same damaged files and compares (type, row, field).

Why not call Frictionless itself: it validates a Meldung in about 70 ms, so 3,240 Meldungen
(54 KIs × 5 years) would take minutes; this check takes well under a millisecond per table and
needs no further dependency at run time. One deliberate difference: a number that is not finite
(`NaN`, `Infinity`) is a `constraint-error` here in every field; Frictionless reports it only in a
field with a minimum or maximum (the Meldung never holds one).

    >>> from kibericht.land.format import RESSOURCE
    >>> text = "bezug,stellenplan_vza,besetzt_vza,unbesetzt_vza\\nmonatsmittel,2.5,zwei,0.5\\n"
    >>> zeilen, fehler = pruefe_tabelle(RESSOURCE["besetzung"], text)
    >>> [(f.art, f.zeile, f.feld) for f in fehler]
    [('type-error', 2, 'besetzt_vza')]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kibericht.land.format import Feld, Ressource, Zeile

WAHR = ("true", "True", "TRUE", "1")
FALSCH = ("false", "False", "FALSE", "0")
TYPNAME = {
    "string": "Text",
    "integer": "ganze Zahl",
    "number": "Zahl",
    "boolean": "Wahrheitswert (true/false)",
    "date": "Datum (JJJJ-MM-TT)",
}


@dataclass(frozen=True)
class Tabellenfehler:
    """A problem of one table: Frictionless' error type, row (header = 1), field, cell, sentence."""

    art: str
    zeile: int | None
    feld: str | None
    wert: str | None
    text: str


def _lese(feld: Feld, zelle: str) -> object:
    """The typed value of a non-empty cell, or raise ValueError (as Frictionless' readers)."""
    typ = feld.typ
    if typ == "string":
        return zelle
    if typ == "integer":
        return int(zelle.strip())
    if typ == "number":
        try:
            return Decimal(zelle.strip())
        except InvalidOperation:
            raise ValueError(zelle) from None
    if typ == "boolean":
        if zelle in WAHR:
            return True
        if zelle in FALSCH:
            return False
        raise ValueError(zelle)
    if typ == "date":
        return dt.datetime.strptime(zelle, "%Y-%m-%d").date().isoformat()
    raise ValueError(typ)


def _bedingungen(feld: Feld, wert: object) -> list[str]:
    """The constraints the typed value breaks, in Frictionless' order, as German sentences."""
    if wert is None:
        return ["ist leer, muss aber gefüllt sein"] if feld.pflicht else []
    fehler = []
    if isinstance(wert, Decimal) and not wert.is_finite():
        return ["ist keine endliche Zahl"]
    if feld.typ in ("integer", "number"):
        if feld.minimum is not None and wert < feld.minimum:
            fehler.append(f"ist kleiner als {feld.minimum}")
        if feld.maximum is not None and wert > feld.maximum:
            fehler.append(f"ist größer als {feld.maximum}")
    if feld.muster is not None and re.fullmatch(feld.muster, str(wert)) is None:
        fehler.append("hat nicht die vorgeschriebene Form")
    if feld.werte is not None and wert not in feld.werte:
        fehler.append("ist keiner der erlaubten Werte (" + ", ".join(feld.werte) + ")")
    return fehler


_PRUEFEN = object()  # the fast reader's answer: let the full check decide (and word the error)
_GANZ = re.compile(r"-?[0-9]+")
_DEZIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOL = {**dict.fromkeys(WAHR, True), **dict.fromkeys(FALSCH, False)}


def _schnell(feld: Feld):
    """A reader for the common case: the typed value of a plainly valid non-empty cell, otherwise
    `_PRUEFEN`. It never accepts what the full check (`_lese`, `_bedingungen`) would refuse."""
    unten, oben = feld.minimum, feld.maximum

    def grenzen(wert):
        return (
            _PRUEFEN if (unten is not None and wert < unten) or (oben is not None and wert > oben) else wert
        )

    if feld.typ == "string":
        if feld.muster is not None:
            muster = re.compile(feld.muster)
            werte = frozenset(feld.werte or ())
            return lambda z: z if muster.fullmatch(z) and (not werte or z in werte) else _PRUEFEN
        if feld.werte is not None:
            werte = frozenset(feld.werte)
            return lambda z: z if z in werte else _PRUEFEN
        return lambda z: z
    if feld.typ == "integer":
        return lambda z: grenzen(int(z)) if _GANZ.fullmatch(z) else _PRUEFEN
    if feld.typ == "number":
        return lambda z: grenzen(Decimal(z)) if _DEZIMAL.fullmatch(z) else _PRUEFEN
    if feld.typ == "boolean":
        return lambda z: _BOOL.get(z, _PRUEFEN)
    if feld.typ == "date":

        def datum(z):
            if not _DATUM.fullmatch(z):
                return _PRUEFEN
            try:
                dt.date.fromisoformat(z)
            except ValueError:
                return _PRUEFEN
            return z

        return datum
    return lambda z: _PRUEFEN


_PLAENE: dict[str, tuple] = {}


def _plan(ressource: Ressource) -> tuple:
    plan = _PLAENE.get(ressource.name)
    if plan is None or plan[0] is not ressource:
        plan = _PLAENE[ressource.name] = (
            ressource,
            tuple((f.pflicht, _schnell(f)) for f in ressource.felder),
        )
    return plan[1]


def _zeile_schnell(ressource: Ressource, zellen: list[str]) -> list | None:
    """The typed values of a row without any problem; None when the full check must look."""
    plan = _plan(ressource)
    if len(zellen) != len(plan):
        return None
    werte, leer = [], 0
    for (pflicht, lies), zelle in zip(plan, zellen, strict=True):
        if zelle == "":
            if pflicht:
                return None
            leer += 1
            werte.append(None)
            continue
        wert = lies(zelle)
        if wert is _PRUEFEN:
            return None
        werte.append(wert)
    return werte if leer < len(plan) else None


def pruefe_kopf(ressource: Ressource, kopf: list[str]) -> list[Tabellenfehler]:
    fehler = []
    for i, feld in enumerate(ressource.felder):
        if i >= len(kopf):
            fehler.append(
                Tabellenfehler(
                    "missing-label",
                    None,
                    feld.name,
                    None,
                    f"Die Spalte „{feld.name}“ fehlt in der Kopfzeile.",
                )
            )
        elif kopf[i] == "":
            fehler.append(
                Tabellenfehler(
                    "blank-label",
                    None,
                    feld.name,
                    "",
                    f"Die Kopfzeile ist an Stelle {i + 1} leer; erwartet: „{feld.name}“.",
                )
            )
        elif kopf[i] != feld.name:
            fehler.append(
                Tabellenfehler(
                    "incorrect-label",
                    None,
                    feld.name,
                    kopf[i],
                    f"Die Kopfzeile nennt an Stelle {i + 1} „{kopf[i]}“; erwartet: „{feld.name}“.",
                )
            )
    for i, name in enumerate(kopf[len(ressource.felder) :], start=len(ressource.felder) + 1):
        fehler.append(
            Tabellenfehler(
                "extra-label",
                None,
                None,
                name,
                f"Die Kopfzeile hat an Stelle {i} die unbekannte Spalte „{name}“.",
            )
        )
    return fehler


def _zeile(ressource: Ressource, nr: int, zellen: list[str]) -> tuple[list, list[Tabellenfehler]]:
    werte, fehler, leer = [], [], 0
    for feld, zelle in zip(ressource.felder, zellen, strict=False):
        if zelle == "":
            leer += 1
            if feld.pflicht:
                fehler.append(
                    Tabellenfehler(
                        "constraint-error",
                        nr,
                        feld.name,
                        zelle,
                        "Die Zelle ist leer, muss aber gefüllt sein.",
                    )
                )
            werte.append(None)
            continue
        try:
            wert = (
                zelle
                if feld.typ == "string" and feld.werte is None and feld.muster is None
                else _lese(feld, zelle)
            )
        except (ValueError, TypeError):
            fehler.append(
                Tabellenfehler(
                    "type-error", nr, feld.name, zelle, f"„{zelle}“ ist keine {TYPNAME[feld.typ]}."
                )
            )
            werte.append(None)
            continue
        if feld.typ != "string" or feld.werte is not None or feld.muster is not None:
            for satz in _bedingungen(feld, wert):
                fehler.append(
                    Tabellenfehler("constraint-error", nr, feld.name, zelle, f"Der Wert „{zelle}“ {satz}.")
                )
        werte.append(wert)
    n = len(ressource.felder)
    for feld in ressource.felder[len(zellen) :]:
        leer += 1
        werte.append(None)
        if feld.pflicht:
            fehler.append(
                Tabellenfehler(
                    "constraint-error", nr, feld.name, None, "Die Zelle ist leer, muss aber gefüllt sein."
                )
            )
    for pos, zelle in enumerate(zellen[n:], start=n + 1):
        fehler.append(
            Tabellenfehler(
                "extra-cell",
                nr,
                None,
                zelle,
                f"Die Zeile hat eine Zelle zu viel (an Stelle {pos}: „{zelle}“).",
            )
        )
    for feld in ressource.felder[len(zellen) :]:
        fehler.append(
            Tabellenfehler("missing-cell", nr, feld.name, None, f"Der Zeile fehlt die Zelle „{feld.name}“.")
        )
    if leer == n:
        fehler = [Tabellenfehler("blank-row", nr, None, None, "Die Zeile ist leer.")]
    return werte, fehler


def pruefe_tabelle(ressource: Ressource, text: str) -> tuple[list[tuple[int, Zeile]], list[Tabellenfehler]]:
    """Every row typed (with its row number; None where a cell is empty or not of its type) and
    every problem of the CSV `text`."""
    leser = csv.reader(io.StringIO(text, newline=""))
    try:
        kopf = next(leser)
    except StopIteration:
        return [], [
            Tabellenfehler(
                "missing-label", None, f.name, None, f"Die Tabelle ist leer; es fehlt die Spalte „{f.name}“."
            )
            for f in ressource.felder
        ]
    except csv.Error as exc:
        return [], [Tabellenfehler("incorrect-label", 1, None, None, f"Die Kopfzeile ist kein CSV ({exc}).")]
    fehler = pruefe_kopf(ressource, kopf)
    zeilen: list[tuple[int, Zeile]] = []
    index = [ressource.namen.index(k) for k in ressource.schluessel]
    gesehen: dict[tuple, int] = {}
    nr = 1
    try:
        for zellen in leser:
            nr += 1
            werte, eigene = _zeile_schnell(ressource, zellen), []
            if werte is None:
                werte, eigene = _zeile(ressource, nr, zellen)
            fehler.extend(eigene)
            schluessel = tuple(werte[i] for i in index)
            if set(schluessel) == {None}:
                fehler.append(
                    Tabellenfehler(
                        "primary-key",
                        nr,
                        None,
                        None,
                        "Die Zeile hat keinen Schlüssel (" + ", ".join(ressource.schluessel) + ").",
                    )
                )
            elif schluessel in gesehen:
                fehler.append(
                    Tabellenfehler(
                        "primary-key",
                        nr,
                        None,
                        " | ".join(map(str, schluessel)),
                        f"Die Zeile wiederholt den Schlüssel der Zeile {gesehen[schluessel]} "
                        f"({', '.join(map(str, schluessel))}).",
                    )
                )
            else:
                gesehen[schluessel] = nr
            zeilen.append((nr, tuple(werte)))
    except csv.Error as exc:
        fehler.append(
            Tabellenfehler("type-error", nr + 1, None, None, f"Die Zeile ist kein gültiges CSV ({exc}).")
        )
    return zeilen, fehler


def pruefe_fremdschluessel(
    ressource: Ressource, zeilen: Iterable[tuple[int, Zeile]], ziele: dict[str, set[tuple]]
) -> list[Tabellenfehler]:
    """`foreign-key` for each row whose key is not among the target resource's keys (`ziele`:
    resource name → its key tuples)."""
    fehler = []
    for fk in ressource.fremdschluessel:
        index = [ressource.namen.index(f) for f in fk.felder]
        vorhanden = ziele.get(fk.ressource, set())
        for nr, werte in zeilen:
            schluessel = tuple(werte[i] for i in index)
            if set(schluessel) == {None} or schluessel in vorhanden:
                continue
            fehler.append(
                Tabellenfehler(
                    "foreign-key",
                    nr,
                    fk.felder[0],
                    ", ".join(map(str, schluessel)),
                    f"„{', '.join(map(str, schluessel))}“ steht nicht in der Tabelle {fk.ressource}.",
                )
            )
    return fehler
