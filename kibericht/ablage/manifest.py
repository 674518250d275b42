"""The manifest of a chain element: its bytes, its seal, and the check of a manifest read back.

A manifest is sorted, indented JSON in UTF-8 (`darstellen`). Its `siegel` is the sha256 of its
content without the seal, in canonical JSON (`regeln.abschluss.kanonisch`); its `vorgaenger` the
sha256 of the previous element's manifest bytes, so the elements form a chain. `lesen` accepts only
a manifest that is exactly what kibericht wrote: valid JSON, the same bytes when written again,
the right seal and every field with its type. Anything else is a `ManifestFehler` with a German
sentence, never a traceback and never a manifest that is half trusted.

Formats: 1 filed the Mitarbeiter/in as an HMAC keyed with a salt in the same manifest
(`eintraege.salz`); 2 files no name at all and adds the closing's `pruefcode`. Both are read;
only format 2 is written. Whether the figures and the Prüfcode fit the entries is checked by
`nachrechnen`, not here.

    >>> daten = lesen(versiegeln({"art": "wiedereroeffnung", ...}))      # doctest: +SKIP
    >>> lesen(b'{"art": "abschluss"}')
    Traceback (most recent call last):
    kibericht.ablage.manifest.ManifestFehler: Dem Manifest fehlt das Siegel.
    >>> ordner_name(3, "2025-03", ABSCHLUSS), manifest_name("2025-03", ABSCHLUSS)
    ('0003_2025-03_Abschluss', 'Abschluss_2025-03.json')
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any, NoReturn, TypeVar, overload

from kibericht.ablage.pruefcode import ist_pruefcode
from kibericht.befunde import ursache
from kibericht.periode import Periode, PeriodeError
from kibericht.regeln.abschluss import abdruck, felder, kanonisch, sha256_hex

FORMAT = 2  # the format written
FORMATE = (1, 2)  # the formats read
ABSCHLUSS = "abschluss"
WIEDEREROEFFNUNG = "wiedereroeffnung"
# the folder of a chain element: number, month and kind, e.g. 0003_2025-03_Wiedereroeffnung
ORDNER = re.compile(r"^(\d{4,})_(\d{4}-(?:0[1-9]|1[0-2]))_(Abschluss|Wiedereroeffnung)$")
_ART_IM_NAMEN = {ABSCHLUSS: "Abschluss", WIEDEREROEFFNUNG: "Wiedereroeffnung"}
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
T = TypeVar("T")
U = TypeVar("U")
# the JSON types of an entry's values (`regeln.abschluss.eintrag_werte`); every other field is text
_WERTTYP = {"stunden": (int, float, type(None)), "teilnehmende": (int, float, type(None))}


class ManifestFehler(ValueError):
    """A manifest that cannot be trusted; the message says why (German)."""


def ordner_name(nr: int, monat: str, art: str) -> str:
    return f"{nr:04d}_{monat}_{_ART_IM_NAMEN[art]}"


def manifest_name(monat: str, art: str) -> str:
    return f"{_ART_IM_NAMEN[art]}_{monat}.json"


def art_im_namen(name: str) -> str:
    """The kind of element a folder name's last part names."""
    return ABSCHLUSS if name == "Abschluss" else WIEDEREROEFFNUNG


def darstellen(daten: Mapping[str, Any]) -> bytes:
    """A manifest's bytes: sorted keys, indented for a human reader, UTF-8, final newline."""
    return json.dumps(daten, sort_keys=True, ensure_ascii=False, indent=2,
                      allow_nan=False).encode("utf-8") + b"\n"


def siegel(daten: Mapping[str, Any]) -> str:
    """sha256 of the manifest's content without the seal, in canonical JSON."""
    return sha256_hex(kanonisch({k: v for k, v in daten.items() if k != "siegel"}))


def versiegeln(daten: Mapping[str, Any]) -> bytes:
    """The bytes of `daten` with its seal."""
    inhalt = {k: v for k, v in daten.items() if k != "siegel"}
    return darstellen({**inhalt, "siegel": siegel(inhalt)})


def _keine_konstante(name: str) -> NoReturn:
    raise ManifestFehler(f"Das Manifest enthält „{name}“, was kibericht nie schreibt.")


def lesen(data: bytes) -> dict[str, Any]:
    """The checked content of a manifest; ManifestFehler when it cannot be trusted."""
    try:
        daten: object = json.loads(data.decode("utf-8"), parse_constant=_keine_konstante)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ManifestFehler(f"Das Manifest ist kein lesbares JSON ({ursache(exc)}).") from None
    if not isinstance(daten, dict):
        raise ManifestFehler("Das Manifest ist kein JSON-Objekt.")
    if not isinstance(daten.get("siegel"), str):
        raise ManifestFehler("Dem Manifest fehlt das Siegel.")
    try:
        richtig = siegel(daten)
    except (TypeError, ValueError):
        raise ManifestFehler("Das Manifest enthält Werte, die kibericht nie schreibt.") from None
    if daten["siegel"] != richtig:
        raise ManifestFehler("Das Siegel passt nicht zum Inhalt: das Manifest wurde nach dem Abschluss "
                             "geändert.")
    if darstellen(daten) != data:
        raise ManifestFehler("Das Manifest wurde umformatiert oder von Hand gespeichert (seine Bytes "
                             "sind nicht die, die kibericht geschrieben hat).")
    _pruefe_felder(daten)
    return daten


@overload
def _typ(daten: Mapping[str, object], feld: str, typ: type[T], wo: str = "") -> T: ...
@overload
def _typ(daten: Mapping[str, object], feld: str, typ: tuple[type[T], type[U]], wo: str = "") -> T | U: ...
def _typ(daten: Mapping[str, object], feld: str, typ: type | tuple[type, ...], wo: str = "") -> object:
    """The value of `feld`, of type `typ` (a bool is no int); ManifestFehler otherwise."""
    value = daten.get(feld) if isinstance(daten, dict) else None
    types = typ if isinstance(typ, tuple) else (typ,)
    ok = feld in daten and isinstance(value, types) and not (
        isinstance(value, bool) and bool not in types)
    if not ok:
        raise ManifestFehler(f"Im Manifest fehlt „{wo}{feld}“ oder hat den falschen Typ.")
    return value


def _pruefe_felder(daten: dict[str, Any]) -> None:
    if type(daten.get("format")) is not int or daten["format"] not in FORMATE:
        raise ManifestFehler(f"Unbekanntes Manifest-Format {daten.get('format')!r}; diese kibericht-"
                             f"Version liest die Formate {' und '.join(map(str, FORMATE))}.")
    art = _typ(daten, "art", str)
    if art not in (ABSCHLUSS, WIEDEREROEFFNUNG):
        raise ManifestFehler(f"Unbekannte Art „{art}“ im Manifest.")
    if _typ(daten, "nr", int) < 1:
        raise ManifestFehler("Die Nummer im Manifest muss mindestens 1 sein.")
    try:
        Periode.parse_monat(_typ(daten, "monat", str))
    except PeriodeError:
        raise ManifestFehler(f"„{daten['monat']}“ im Manifest ist kein Monat.") from None
    for feld in ("ki", "kibericht", "zeitpunkt"):
        _typ(daten, feld, str)
    vorgaenger = _typ(daten, "vorgaenger", (str, type(None)))
    if vorgaenger is not None and not _HEX64.match(vorgaenger):
        raise ManifestFehler("„vorgaenger“ im Manifest ist keine sha256-Prüfsumme.")
    if art == WIEDEREROEFFNUNG:
        _typ(daten, "grund", str)
        ziel = _typ(daten, "wiedereroeffnet", dict)
        _typ(ziel, "nr", int, "wiedereroeffnet.")
        _typ(ziel, "manifest", str, "wiedereroeffnet.")
        _hex(_typ(ziel, "sha256", str, "wiedereroeffnet."), "wiedereroeffnet.sha256")
        return
    if _typ(daten, "version", int) < 1:
        raise ManifestFehler("Die Version im Manifest muss mindestens 1 sein.")
    konfiguration = _typ(daten, "konfiguration", dict)
    _hex(_typ(konfiguration, "sha256", str, "konfiguration."), "konfiguration.sha256")
    for i, datei in enumerate(_typ(daten, "eingaben", list)):
        _datei_angabe(datei, f"eingaben[{i}].")
    _typ(daten, "bericht", dict)
    for i, datei in enumerate(_typ(daten, "dateien", list)):
        name = _datei_angabe(datei, f"dateien[{i}].")
        # a filed output lies in the element's folder: a bare file name, nothing else
        if name != PurePosixPath(name).name or name in ("", ".", "..") or "\\" in name or ":" in name:
            raise ManifestFehler(f"„dateien[{i}].datei“ im Manifest ist kein einfacher Dateiname.")
    eintraege = _typ(daten, "eintraege", dict)
    _typ(eintraege, "anzahl", int, "eintraege.")
    _typ(eintraege, "stunden", (int, float), "eintraege.")
    if daten["format"] == 1:
        salz = _typ(eintraege, "salz", str, "eintraege.")
    else:
        salz = None
        if set(eintraege) != {"anzahl", "liste", "stunden"}:
            raise ManifestFehler("„eintraege“ im Manifest hat Felder, die kibericht in diesem Format "
                                 "nie schreibt (Format 2 legt keine Namen und kein Salz ab).")
        if not ist_pruefcode(daten.get("pruefcode")):
            raise ManifestFehler("Im Manifest fehlt „pruefcode“ oder ist kein Prüfcode.")
    liste = _typ(eintraege, "liste", list, "eintraege.")
    if len(liste) != eintraege["anzahl"]:
        raise ManifestFehler("Die Zahl der Einträge im Manifest passt nicht zu seiner Liste.")
    for i, e in enumerate(liste):
        wo = f"eintraege.liste[{i}]."
        if not isinstance(e, dict):
            raise ManifestFehler(f"„{wo[:-1]}“ im Manifest ist kein Objekt.")
        for feld, typ in (("datei", str), ("blatt", str), ("zeile", int), ("abdruck", str)):
            _typ(e, feld, typ, wo)
        werte = _typ(e, "werte", dict, wo)
        if set(werte) != set(felder(salz)):
            raise ManifestFehler(f"„{wo}werte“ im Manifest hat nicht die Felder eines Eintrags.")
        for feld, value in werte.items():
            if not isinstance(value, _WERTTYP.get(feld, (str, type(None)))) or isinstance(value, bool):
                raise ManifestFehler(f"„{wo}werte.{feld}“ im Manifest hat den falschen Typ.")
        if abdruck(werte) != e["abdruck"]:
            raise ManifestFehler(f"Der Fingerabdruck von „{wo[:-1]}“ passt nicht zu seinen Werten.")


def _hex(value: str, wo: str) -> None:
    if not _HEX64.match(value):
        raise ManifestFehler(f"„{wo}“ im Manifest ist keine sha256-Prüfsumme.")


def _datei_angabe(datei: object, wo: str) -> str:
    if not isinstance(datei, dict):
        raise ManifestFehler(f"„{wo[:-1]}“ im Manifest ist kein Objekt.")
    name = _typ(datei, "datei", str, wo)
    _hex(_typ(datei, "sha256", str, wo), f"{wo}sha256")
    _typ(datei, "bytes", int, wo)
    return name
