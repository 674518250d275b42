"""A writer of the Ablage's first manifest format (format 1), kept apart from the package.

Ablagen are kept for ten years: an Ablage that an earlier kibericht wrote must still verify and
still be compared with the logs. This module writes a closing exactly as kibericht did before
format 2 (the staff name as an HMAC keyed with a salt stored in the manifest, no Prüfcode), with
its own copy of that format's values, fingerprint and seal, so that a change to the package's
reader cannot silently change the writer it is tested against. It was checked byte for byte
against the writer of format 1 once (same salt, same time, same input).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import os
import secrets
from pathlib import Path

import pandas as pd

from kibericht import __version__
from kibericht.ausgabe.berichtsmappe import write_report
from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.regeln.bericht import Bericht

FELDER_V1 = ("datum", "stelle", "mitarbeiter", "handlungsfeld", "schwerpunkt", "taetigkeit", "kommune",
             "stunden", "teilnehmende", "beschreibung")


def _kanonisch(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _versiegeln(daten: dict) -> bytes:
    inhalt = {k: v for k, v in daten.items() if k != "siegel"}
    inhalt["siegel"] = _sha(_kanonisch(inhalt))
    return json.dumps(inhalt, sort_keys=True, ensure_ascii=False, indent=2,
                      allow_nan=False).encode("utf-8") + b"\n"


def _leer(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or \
        (isinstance(value, float) and math.isnan(value))


def werte_v1(row: dict, salz: str) -> dict:
    """The values of an entry as format 1 filed them (the name as an HMAC keyed with `salz`)."""
    werte: dict[str, object] = {}
    for feld in FELDER_V1:
        value = row.get(feld)
        if _leer(value):
            werte[feld] = None
        elif feld == "datum":
            werte[feld] = pd.Timestamp(value).date().isoformat()
        elif feld == "stunden":
            werte[feld] = round(float(value), 6)
        elif feld == "teilnehmende":
            number = float(value)
            werte[feld] = int(number) if number.is_integer() else round(number, 6)
        elif feld == "mitarbeiter":
            werte[feld] = hmac.new(salz.encode("ascii"), str(value).encode("utf-8"),
                                   hashlib.sha256).hexdigest()[:32]
        else:
            werte[feld] = str(value)
    return werte


def _relativ(datei: str, basis: Path) -> str:
    absolute = os.path.abspath(datei)
    try:
        return Path(os.path.relpath(absolute, os.path.abspath(basis))).as_posix()
    except ValueError:
        return Path(absolute).as_posix()


def _datei_angabe(path: Path, name: str) -> dict:
    return {"datei": name, "sha256": _sha(path.read_bytes()), "bytes": path.stat().st_size}


def abschluss_v1(ordner: Path, nr: int, version: int, vorgaenger: str | None, bericht: Bericht,
                 eintraege: pd.DataFrame, eingaben: list[str], config_datei: Path,
                 zeitpunkt: str | None = None, salz: str | None = None) -> Path:
    """File the month of `bericht` as format 1 did; returns the manifest's path."""
    monat, basis = bericht.periode.label, Path(ordner).parent
    salz = salz or secrets.token_hex(16)
    zeitpunkt = zeitpunkt or dt.datetime.now().astimezone().isoformat(timespec="seconds")
    liste = []
    for row in eintraege.to_dict("records"):
        werte = werte_v1(row, salz)
        liste.append({"abdruck": _sha(_kanonisch(werte)), "werte": werte,
                      "datei": _relativ(row["_datei"], basis), "blatt": str(row["_blatt"]),
                      "zeile": int(row["_zeile"])})
    liste.sort(key=lambda e: (e["datei"], e["blatt"], e["zeile"]))
    folder = Path(ordner) / f"{nr:04d}_{monat}_Abschluss"
    folder.mkdir(parents=True)
    paths = write_report(folder, bericht)
    daten = {
        "art": "abschluss", "format": 1, "nr": nr, "monat": monat, "version": version,
        "ki": bericht.config.name, "kibericht": __version__, "zeitpunkt": zeitpunkt,
        "konfiguration": {"datei": Path(config_datei).name,
                          "sha256": _sha(Path(config_datei).read_bytes())},
        "eingaben": [_datei_angabe(Path(p), _relativ(p, basis)) for p in eingaben],
        "eintraege": {"anzahl": len(liste), "salz": salz, "liste": liste,
                      "stunden": round(sum(e["werte"]["stunden"] or 0.0 for e in liste), 6)},
        "bericht": bericht_dokument(bericht, paths),
        "dateien": [_datei_angabe(p, p.name) for p in paths],
        "vorgaenger": vorgaenger,
    }
    manifest = folder / f"Abschluss_{monat}.json"
    manifest.write_bytes(_versiegeln(daten))
    return manifest
