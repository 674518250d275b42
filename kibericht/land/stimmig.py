"""What a Table Schema cannot say about a Meldung: that its declared schema is the one of its version,
and that its content is consistent (`lesen` reports both as findings).

- `schema_abweichung`: where a resource's declared Table Schema differs from the schema of the
  version in what decides a value's meaning (fields, order, types, constraints, keys, format);
  titles and descriptions are free. A Meldung cannot pass with a looser schema of its own.
- `unstimmigkeiten`: a withheld figure has its reason and a published one has none; numbers have
  no more places than their field allows (nothing is rounded when read); the key figures have one
  row per period; the chain extract is linked element by element and ends in the filing named in
  the head data.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from kibericht.land.format import NACH, RESSOURCE, RESSOURCEN, Kettenkopf, Ressource

# a figure and its reason column; True where the figure may be empty without a reason (a share
# without hours, a milestone that cannot be counted)
SPERREN = {"kennzahlen": (("stunden", False), ("stunden_schwerpunkte", False), ("schwerpunktanteil", True),
                          ("teilnahmen", False)),
           **{name: (("stunden", False), ("teilnahmen", False)) for name in NACH},
           "meilensteine": (("ist", True),)}


def _maschinell(schema: object) -> object:
    """The part of a Table Schema that decides what a value means."""
    if not isinstance(schema, dict):
        return schema
    felder = schema.get("fields")
    if isinstance(felder, list):
        felder = [(f.get("name"), f.get("type", "string"), f.get("constraints", {}),
                   f.get("bareNumber", True), f.get("format", "default"), f.get("missingValues"))
                  if isinstance(f, dict) else f for f in felder]
    return (felder, schema.get("primaryKey"), schema.get("foreignKeys", []),
            schema.get("missingValues", [""]))


@cache
def _soll(ressource: Ressource) -> tuple[dict, object]:
    descriptor = ressource.descriptor()
    return descriptor, _maschinell(descriptor["schema"])


def schema_abweichung(ressource: Ressource, deklariert: dict) -> str | None:
    """Where the declared resource differs from the schema of its version, in words; None if not."""
    soll, erwartet = _soll(ressource)
    if deklariert.get("path") != soll["path"]:
        return f"Pfad „{deklariert.get('path')}“ statt „{soll['path']}“."
    for schluessel in ("format", "encoding"):
        if schluessel in deklariert and str(deklariert[schluessel]).lower() != soll[schluessel]:
            return f"{schluessel} „{deklariert[schluessel]}“ statt „{soll[schluessel]}“."
    if "dialect" in deklariert:
        return "ein eigener CSV-Dialekt ist nicht vorgesehen."
    ist = _maschinell(deklariert.get("schema"))
    if ist == erwartet:
        return None
    if isinstance(ist, tuple) and isinstance(ist[0], list):
        for i, e in zip(ist[0], erwartet[0], strict=False):
            if i != e:
                return f"Feld „{e[0]}“ ist anders festgelegt ({_worte(i, e)})."
        if len(ist[0]) != len(erwartet[0]):
            return f"{len(ist[0])} Felder statt {len(erwartet[0])}."
        return "Primär- oder Fremdschlüssel sind anders festgelegt."
    return "das Schema fehlt oder ist kein Table Schema."


def _worte(ist: object, soll: tuple) -> str:
    if not isinstance(ist, tuple):
        return "kein Feld"
    if ist[0] != soll[0]:
        return f"Name „{ist[0]}“"
    if ist[1] != soll[1]:
        return f"Typ „{ist[1]}“ statt „{soll[1]}“"
    return "Bedingungen oder Format"


def unstimmigkeiten(tabellen: dict, kopf: Kettenkopf, monat: str) -> Iterator[tuple]:
    """(sentence, table file, row, field, value) for each inconsistency of the typed `tabellen`
    (resource → [(row number, values)])."""
    for name, paare in SPERREN.items():
        namen = RESSOURCE[name].namen
        for nr, werte in tabellen[name]:
            for feld, darf_leer in paare:
                wert, sperre = werte[namen.index(feld)], werte[namen.index(f"{feld}_sperre")]
                if wert is not None and sperre:
                    yield (f"„{feld}“ hat einen Wert und zugleich einen Sperrvermerk.",
                           RESSOURCE[name].datei, nr, f"{feld}_sperre", sperre)
                elif wert is None and not sperre and not darf_leer:
                    yield f"„{feld}“ ist leer, ohne Sperrvermerk.", RESSOURCE[name].datei, nr, feld, None
    for ressource in RESSOURCEN:
        for i, feld in enumerate(ressource.felder):
            if feld.stellen is None:
                continue
            raster = Decimal(1).scaleb(-feld.stellen)
            for nr, werte in tabellen[ressource.name]:
                if werte[i] is not None and werte[i] != werte[i].quantize(raster):
                    yield (f"„{werte[i]}“ hat mehr als {feld.stellen} Nachkommastellen; die Meldung rundet "
                           "nie, also auch der Leser nicht.", ressource.datei, nr, feld.name, werte[i])
    if sorted(w[0] for _, w in tabellen["kennzahlen"]) != ["bis_monat", "monat"]:
        yield ("Die Kennzahlen brauchen je eine Zeile „monat“ und „bis_monat“.", "kennzahlen.csv", None,
               None, None)
    yield from _kette(tabellen["kette"], kopf, monat)


def _kette(zeilen: list, kopf: Kettenkopf, monat: str) -> Iterator[tuple]:
    kette = sorted(zeilen, key=lambda z: z[1][0])
    vorher = None
    for erwartet, (nr, (glied, _art, _m, sha, vorgaenger)) in enumerate(kette, start=1):
        if glied != erwartet or vorgaenger != vorher:
            yield (f"Die Kette ist bei Glied Nr. {erwartet} unterbrochen: jedes Glied verweist auf die "
                   "Prüfsumme seines Vorgängers.", "kette.csv", nr, "vorgaenger", vorgaenger)
            return
        vorher = sha
    letzte = kette[-1][1] if kette else None
    if letzte is None or (letzte[0], letzte[3], letzte[4]) != (kopf.nr, kopf.sha256, kopf.vorgaenger) \
            or letzte[1] != "abschluss" or letzte[2] != monat:
        yield (f"Das letzte Glied der Kette ist nicht der Abschluss, den die Kopfdaten nennen "
               f"(Nr. {kopf.nr}, {monat}).", "kette.csv", kette[-1][0] if kette else None, None, None)
