"""Write a Meldung: `Meldungsinhalt` → `Meldung_<Kennung>_JJJJ-MM.zip`, the same bytes every time.

The zip holds `datapackage.json` and one CSV per resource, sorted by name, each with the fixed
timestamp 1980-01-01 00:00, the same permissions and the same compression on every system, so the
same month of the same KI gives the same file and its sha256 can be quoted in a letter.

    >>> meldung_schreiben(inhalt, Path("meldungen"))          # doctest: +SKIP
    PosixPath('meldungen/Meldung_STAEDTEREGION-AACHEN_2025-03.zip')
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from kibericht.ausgabe.atomar import write_bytes_atomic
from kibericht.land.format import (
    PROFIL,
    RESSOURCEN,
    Meldungsinhalt,
    Ressource,
    Zeile,
    gueltige_kennung,
    zahl_text,
)
from kibericht.periode import Periode

ZEITSTEMPEL = (1980, 1, 1, 0, 0, 0)
DESCRIPTOR = "datapackage.json"


def descriptor(inhalt: Meldungsinhalt) -> dict[str, Any]:
    """The `datapackage.json` of the Meldung."""
    titel = Periode.parse_monat(inhalt.monat).titel
    return {
        "profile": PROFIL,
        "name": f"meldung-{inhalt.kennung.lower()}-{inhalt.monat}",
        "title": f"Meldung {titel} – {inhalt.ki_name}",
        "description": "Monatliche Meldung eines Kommunalen Integrationszentrums an das Land NRW: "
        "nur Summen, ohne Namen und ohne Zahlen je Stelle.",
        "meldung": {
            "schemaversion": inhalt.schemaversion,
            "ki": {"kennung": inhalt.kennung, "name": inhalt.ki_name},
            "monat": inhalt.monat,
            "kibericht": inhalt.kibericht_version,
            "abgeschlossen_am": inhalt.abgeschlossen_am,
            "abschluss": {
                "nr": inhalt.kopf.nr,
                "version": inhalt.kopf.version,
                "sha256": inhalt.kopf.sha256,
                "vorgaenger": inhalt.kopf.vorgaenger,
            },
        },
        "resources": [r.descriptor() for r in RESSOURCEN],
    }


def _zelle(wert: object, stellen: int | None) -> str:
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return "true" if wert else "false"
    if isinstance(wert, Decimal):
        return zahl_text(wert, stellen)
    return str(wert)


def csv_bytes(ressource: Ressource, zeilen: Iterable[Zeile]) -> bytes:
    """The CSV of a resource: header of field names, comma, RFC 4180 quoting, CRLF, UTF-8."""
    puffer = io.StringIO()
    writer = csv.writer(puffer, lineterminator="\r\n")
    writer.writerow(ressource.namen)
    stellen = [f.stellen for f in ressource.felder]
    for zeile in zeilen:
        writer.writerow([_zelle(w, s) for w, s in zip(zeile, stellen, strict=True)])
    return puffer.getvalue().encode("utf-8")


def meldung_bytes(inhalt: Meldungsinhalt) -> bytes:
    """The zip of the Meldung (deterministic)."""
    if not gueltige_kennung(inhalt.kennung):
        raise ValueError(
            f"„{inhalt.kennung}“ ist keine gültige KI-Kennung (Buchstaben, Ziffern, - und _, "
            "höchstens 40 Zeichen)."
        )
    teile = {DESCRIPTOR: (json.dumps(descriptor(inhalt), ensure_ascii=False, indent=2) + "\n").encode()}
    for ressource in RESSOURCEN:
        teile[ressource.datei] = csv_bytes(ressource, inhalt.tabellen[ressource.name])
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as archiv:
        for name in sorted(teile):
            info = zipfile.ZipInfo(name, ZEITSTEMPEL)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the same on every operating system
            info.external_attr = 0o644 << 16
            archiv.writestr(info, teile[name], compresslevel=9)
    return puffer.getvalue()


def meldung_schreiben(inhalt: Meldungsinhalt, ziel: Path) -> Path:
    """Write the Meldung into the folder `ziel` (or to the file `ziel` when it ends in .zip),
    atomically; returns the path written. An unwritable target is an `AusgabeFehler`."""
    ziel = Path(ziel)
    pfad = ziel if ziel.suffix.lower() == ".zip" else ziel / inhalt.dateiname
    write_bytes_atomic(pfad, meldung_bytes(inhalt))
    return pfad
