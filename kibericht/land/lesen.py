"""Read a Meldung: a zip from someone else's machine → `Meldungsinhalt`, or findings, never a crash.

The zip is checked before anything is parsed: at most `MAX_TEILE` parts, each inflated for real
(a zip header that lies about its sizes changes nothing) up to `MAX_ENTPACKT` bytes in all and at
most `MAX_VERHAELTNIS`-fold compression above `VERHAELTNIS_AB` (the approach of
`lesen.paket` for workbooks). Only `datapackage.json` and the CSVs it names are read.

Then `datapackage.json`: its schema version (a newer one is refused: `meldung-version`), its
head data (KI, month, filing), and for every resource the machine-readable part of its Table
Schema (fields, types, constraints, keys), which must be that of its version (`meldung-schema`):
a package that declares its own, looser schema cannot pass. Each CSV is checked against that
schema (`tabellen`), and the content for consistency: a withheld figure has its reason, the chain
extract links up and ends in the filing the head data names (`meldung-inhalt`).

A Meldung with any error has no `inhalt`: it is named, never counted.

    >>> m = lies_meldung(Path("Meldung_KREIS-X_2025-03.zip"))     # doctest: +SKIP
    >>> m = lies_meldung_bytes(b"kein zip", "Meldung_KREIS-X_2025-03.zip")
    >>> m.gueltig, m.kennung, m.monat, [f.code.value for f in m.befunde]
    (False, 'KREIS-X', '2025-03', ['meldung-kein-zip'])
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from kibericht.befunde import FEHLER, Code, Finding, befund, show_value, ursache
from kibericht.land.format import (
    KENNUNG_MUSTER,
    MONAT_MUSTER,
    RESSOURCE,
    RESSOURCEN,
    SCHEMAVERSION,
    SHA256_MUSTER,
    Kettenkopf,
    Meldungsinhalt,
    Ressource,
)
from kibericht.land.schreiben import DESCRIPTOR
from kibericht.land.stimmig import schema_abweichung, unstimmigkeiten
from kibericht.land.tabellen import Tabellenfehler, pruefe_fremdschluessel, pruefe_tabelle
from kibericht.periode import Periode

MAX_DATEI = 64 * 1024**2  # a Meldung is a few KB
MAX_TEILE = 64
MAX_ENTPACKT = 64 * 1024**2
MAX_VERHAELTNIS = 200
VERHAELTNIS_AB = 1024**2
CHUNK = 1024**2
ZIP_FEHLER = (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, ValueError, RuntimeError)
CODE_DER_ART = {
    "type-error": Code.MELDUNG_WERT,
    "constraint-error": Code.MELDUNG_WERT,
    "extra-cell": Code.MELDUNG_ZEILE,
    "missing-cell": Code.MELDUNG_ZEILE,
    "blank-row": Code.MELDUNG_ZEILE,
    "primary-key": Code.MELDUNG_SCHLUESSEL,
    "foreign-key": Code.MELDUNG_SCHLUESSEL,
}
_DATEINAME = re.compile(r"Meldung_(" + KENNUNG_MUSTER + r")_(" + MONAT_MUSTER + r")", re.I)
_ZIELE = tuple(
    r for r in RESSOURCEN if any(k.ressource == r.name for q in RESSOURCEN for k in q.fremdschluessel)
)


@dataclass(frozen=True)
class GeleseneMeldung:
    """One Meldung file as read: its hash, what it says (None when it has an error) and findings.
    `kennung` and `monat` are known as far as the file reveals them (from the file name at worst)."""

    datei: str
    sha256: str
    inhalt: Meldungsinhalt | None
    befunde: tuple[Finding, ...]
    kennung: str | None = None
    monat: str | None = None
    inhalt_sha256: str | None = None  # the same content re-zipped has the same value

    @property
    def gueltig(self) -> bool:
        return self.inhalt is not None


class _Abbruch(Exception):
    def __init__(self, code: str, text: str):
        super().__init__(text)
        self.code, self.text = code, text


class _Leser:
    """Reads one Meldung; `wer` is the subject of every message (KI and month once known)."""

    def __init__(self, datei: str):
        self.datei = datei
        self.befunde: list[Finding] = []
        m = _DATEINAME.search(Path(datei).name)
        self.kennung, self.monat = (m.group(1), m.group(2)) if m else (None, None)
        self.aus_dateiname = m is not None

    @property
    def wer(self) -> str:
        if self.kennung and self.monat:
            monat = Periode.parse_monat(self.monat).titel
            quelle = " (laut Dateiname)" if self.aus_dateiname else ""
            return f"Meldung {self.kennung}, {monat}{quelle}"
        return "Meldung"

    def befund(
        self,
        code: str,
        text: str,
        blatt: str | None = None,
        zeile: int | None = None,
        spalte: str | None = None,
        wert: object = None,
    ) -> None:
        self.befunde.append(
            befund(code, self.datei, blatt, zeile, spalte, show_value(wert), f"{self.wer}: {text}")
        )

    # -- the zip ---------------------------------------------------------------------------
    def teile(self, data: bytes) -> zipfile.ZipFile:
        if not data:
            raise _Abbruch(Code.MELDUNG_KEIN_ZIP, "Die Datei ist leer (0 Byte).")
        if not data.startswith(b"PK\x03\x04"):
            raise _Abbruch(
                Code.MELDUNG_KEIN_ZIP,
                "Die Datei ist kein ZIP-Archiv. Eine Meldung ist die Datei "
                "Meldung_<Kennung>_JJJJ-MM.zip, die kibericht beim Abschluss schreibt.",
            )
        try:
            archiv = zipfile.ZipFile(io.BytesIO(data))
            infos = archiv.infolist()
        except (*ZIP_FEHLER, OSError) as exc:
            raise _Abbruch(
                Code.MELDUNG_BESCHAEDIGT, f"Das ZIP-Archiv ist beschädigt ({ursache(exc)})."
            ) from None
        if len(infos) > MAX_TEILE:
            raise _Abbruch(
                Code.MELDUNG_ZU_GROSS,
                f"Das Archiv enthält {len(infos)} Teile; eine Meldung hat "
                f"{len(RESSOURCEN) + 1}. Es wird aus Sicherheitsgründen nicht gelesen.",
            )
        namen = [i.filename for i in infos]
        if len(set(namen)) != len(namen):
            raise _Abbruch(Code.MELDUNG_BESCHAEDIGT, "Das Archiv enthält einen Teil zweimal.")
        self.gelesen = 0
        return archiv

    def teil(self, archiv: zipfile.ZipFile, name: str) -> bytes:
        try:
            info = archiv.getinfo(name)
        except KeyError:
            raise _Abbruch(Code.MELDUNG_BESCHAEDIGT, f"Dem Archiv fehlt „{name}“.") from None
        if info.flag_bits & 0x41:
            raise _Abbruch(Code.MELDUNG_BESCHAEDIGT, f"„{name}“ ist verschlüsselt.")
        stuecke, groesse = [], 0
        try:
            with archiv.open(info) as fh:
                while stueck := fh.read(CHUNK):
                    groesse += len(stueck)
                    if self.gelesen + groesse > MAX_ENTPACKT:
                        raise _Abbruch(
                            Code.MELDUNG_ZU_GROSS,
                            f"Entpackt ist die Meldung größer als "
                            f"{MAX_ENTPACKT // 1024**2} MB (ZIP-Bombe?). Sie wird aus "
                            "Sicherheitsgründen nicht gelesen.",
                        )
                    stuecke.append(stueck)
        except ZIP_FEHLER as exc:
            raise _Abbruch(
                Code.MELDUNG_BESCHAEDIGT, f"„{name}“ lässt sich nicht entpacken ({ursache(exc)})."
            ) from None
        if groesse > VERHAELTNIS_AB and groesse > MAX_VERHAELTNIS * max(info.compress_size, 1):
            raise _Abbruch(
                Code.MELDUNG_ZU_GROSS,
                f"„{name}“ ist {groesse // max(info.compress_size, 1)}-fach "
                "komprimiert; das passt zu keiner Meldung (ZIP-Bombe?).",
            )
        self.gelesen += groesse
        return b"".join(stuecke)

    # -- datapackage.json ------------------------------------------------------------------
    def descriptor(self, data: bytes) -> dict:
        try:
            d = json.loads(data.decode("utf-8-sig"), parse_constant=_keine_konstante)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
            raise _Abbruch(
                Code.MELDUNG_BESCHAEDIGT, f"{DESCRIPTOR} ist kein lesbares JSON ({ursache(exc)})."
            ) from None
        meta = d.get("meldung") if isinstance(d, dict) else None
        if not isinstance(meta, dict):
            raise _Abbruch(
                Code.MELDUNG_BESCHAEDIGT,
                f"{DESCRIPTOR} hat keine Kopfdaten „meldung“; die Datei ist keine Meldung von kibericht.",
            )
        ki = meta.get("ki") if isinstance(meta.get("ki"), dict) else {}
        if isinstance(ki.get("kennung"), str) and re.fullmatch(KENNUNG_MUSTER, ki["kennung"]):
            self.kennung, self.aus_dateiname = ki["kennung"], False
        monat = meta.get("monat")
        self.monat = monat if isinstance(monat, str) and re.fullmatch(MONAT_MUSTER, monat) else self.monat
        self.version(meta.get("schemaversion"))
        return d

    def version(self, text: object) -> None:
        m = re.fullmatch(r"(\d+)\.(\d+)", text) if isinstance(text, str) else None
        if m is None:
            raise _Abbruch(
                Code.MELDUNG_VERSION, f"Die Schemaversion „{text}“ ist keine Version der Form MAJOR.MINOR."
            )
        eigene = tuple(int(x) for x in SCHEMAVERSION.split("."))
        if (int(m.group(1)), int(m.group(2))) > eigene or int(m.group(1)) != eigene[0]:
            raise _Abbruch(
                Code.MELDUNG_VERSION,
                f"Die Meldung hat die Schemaversion {text}; diese "
                f"kibericht-Version liest Version {SCHEMAVERSION}. Aktualisieren Sie kibericht, "
                "um sie zu lesen; bis dahin zählt sie nicht.",
            )

    def kopfdaten(self, meta: dict) -> tuple:
        def feld(pfad: str, typ, muster: str | None = None, leer: bool = False):
            wert = meta
            for teil in pfad.split("."):
                wert = wert.get(teil) if isinstance(wert, dict) else None
            if wert is None and leer:
                return None
            if (
                not isinstance(wert, typ)
                or isinstance(wert, bool)
                or (muster and not re.fullmatch(muster, wert))
                or (isinstance(wert, int) and wert < 1)
            ):
                raise _Abbruch(
                    Code.MELDUNG_BESCHAEDIGT,
                    f"In den Kopfdaten fehlt „meldung.{pfad}“ oder hat einen unzulässigen Wert.",
                )
            return wert

        zeit = feld("abgeschlossen_am", str)
        try:
            if dt.datetime.fromisoformat(zeit).tzinfo is None:
                raise ValueError(zeit)
        except ValueError:
            raise _Abbruch(
                Code.MELDUNG_BESCHAEDIGT,
                f"„meldung.abgeschlossen_am“ ist kein Zeitpunkt mit Zeitzone (ISO 8601): „{zeit}“.",
            ) from None
        return (
            feld("ki.kennung", str, KENNUNG_MUSTER),
            feld("ki.name", str),
            feld("monat", str, MONAT_MUSTER),
            feld("kibericht", str),
            zeit,
            Kettenkopf(
                feld("abschluss.nr", int),
                feld("abschluss.version", int),
                feld("abschluss.sha256", str, SHA256_MUSTER),
                feld("abschluss.vorgaenger", str, SHA256_MUSTER, leer=True),
            ),
        )

    def schemas(self, d: dict) -> None:
        deklariert = d.get("resources")
        if not isinstance(deklariert, list) or not all(isinstance(r, dict) for r in deklariert):
            raise _Abbruch(Code.MELDUNG_BESCHAEDIGT, f"{DESCRIPTOR} hat keine Liste „resources“.")
        nach_name = {r.get("name"): r for r in deklariert}
        for ressource in RESSOURCEN:
            r = nach_name.get(ressource.name)
            if r is None:
                self.befund(
                    Code.MELDUNG_SCHEMA, f"Die Tabelle „{ressource.name}“ fehlt in {DESCRIPTOR}.", DESCRIPTOR
                )
                continue
            abweichung = schema_abweichung(ressource, r)
            if abweichung:
                self.befund(
                    Code.MELDUNG_SCHEMA,
                    f"Das Schema der Tabelle „{ressource.name}“ weicht vom Schema "
                    f"{SCHEMAVERSION} ab: {abweichung}",
                    DESCRIPTOR,
                    spalte=ressource.name,
                )
        for name in nach_name.keys() - RESSOURCE.keys():
            self.befund(
                Code.MELDUNG_FREMDE_DATEI,
                f"Die Tabelle „{name}“ gehört nicht zum Schema {SCHEMAVERSION}; sie wird nicht gelesen.",
                DESCRIPTOR,
            )

    # -- the tables ------------------------------------------------------------------------
    def tabellen(self, archiv: zipfile.ZipFile) -> dict[str, list[tuple[int, tuple]]]:
        tabellen = {}
        for ressource in RESSOURCEN:
            data = self.teil(archiv, ressource.datei)
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.befund(
                    Code.MELDUNG_BESCHAEDIGT, "Die Tabelle ist nicht in UTF-8 gespeichert.", ressource.datei
                )
                continue
            zeilen, fehler = pruefe_tabelle(ressource, text)
            self.tabellenfehler(ressource, fehler)
            tabellen[ressource.name] = zeilen
        ziele = {
            r.name: {tuple(w[r.namen.index(k)] for k in r.schluessel) for _, w in tabellen[r.name]}
            for r in _ZIELE
            if r.name in tabellen
        }
        for ressource in RESSOURCEN:
            if ressource.name in tabellen:
                self.tabellenfehler(
                    ressource, pruefe_fremdschluessel(ressource, tabellen[ressource.name], ziele)
                )
        return tabellen

    def tabellenfehler(self, ressource: Ressource, fehler: list[Tabellenfehler]) -> None:
        for f in fehler:
            self.befund(
                CODE_DER_ART.get(f.art, Code.MELDUNG_KOPFZEILE), f.text, ressource.datei, f.zeile, f.feld,
                f.wert,
            )

    def inhalt(self, tabellen: dict, kopf: Kettenkopf, monat: str) -> None:
        for text, blatt, zeile, spalte, wert in unstimmigkeiten(tabellen, kopf, monat):
            self.befund(Code.MELDUNG_INHALT, text, blatt, zeile, spalte, wert)


def _keine_konstante(name: str):
    raise ValueError(name)


def _inhalt_sha256(meta: dict, tabellen: dict) -> str:
    roh = {
        name: [[None if v is None else str(v) for v in w] for _, w in zeilen]
        for name, zeilen in tabellen.items()
    }
    return hashlib.sha256(json.dumps([meta, roh], sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def lies_meldung_bytes(data: bytes, datei: str, sha256: str | None = None) -> GeleseneMeldung:
    """The Meldung in `data` (the bytes of the file shown as `datei`)."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    leser = _Leser(datei)
    inhalt = inhalt_sha = None
    try:
        archiv = leser.teile(data)
        with archiv:
            d = leser.descriptor(leser.teil(archiv, DESCRIPTOR))
            kennung, name, monat, version, zeit, kopf = leser.kopfdaten(d["meldung"])
            leser.schemas(d)
            genannt = {DESCRIPTOR, *(r.get("path") for r in d["resources"] if isinstance(r, dict))}
            for info in archiv.infolist():
                if (
                    info.filename not in genannt
                    and not info.is_dir()
                    and not info.filename.startswith("__MACOSX/")
                ):
                    leser.befund(
                        Code.MELDUNG_FREMDE_DATEI,
                        f"„{info.filename}“ gehört nicht zur Meldung; die Datei wird nicht gelesen.",
                    )
            if not any(f.schwere == FEHLER for f in leser.befunde):
                tabellen = leser.tabellen(archiv)
                if not any(f.schwere == FEHLER for f in leser.befunde):
                    leser.inhalt(tabellen, kopf, monat)
                if not any(f.schwere == FEHLER for f in leser.befunde):
                    inhalt = Meldungsinhalt(
                        kennung,
                        name,
                        monat,
                        version,
                        zeit,
                        kopf,
                        {n: [w for _, w in z] for n, z in tabellen.items()},
                        d["meldung"]["schemaversion"],
                    )
                    inhalt_sha = _inhalt_sha256(d["meldung"], tabellen)
    except _Abbruch as exc:
        leser.befund(exc.code, exc.text)
    return GeleseneMeldung(
        datei, sha256, inhalt, tuple(leser.befunde), leser.kennung, leser.monat, inhalt_sha
    )


def lies_meldung(pfad: Path, datei: str | None = None) -> GeleseneMeldung:
    """The Meldung in the file `pfad` (`datei`: how to name it in findings)."""
    datei = datei or Path(pfad).as_posix()
    try:
        if Path(pfad).stat().st_size > MAX_DATEI:
            leser = _Leser(datei)
            leser.befund(
                Code.MELDUNG_ZU_GROSS,
                f"Die Datei ist größer als {MAX_DATEI // 1024**2} MB; eine Meldung hat wenige KB.",
            )
            return GeleseneMeldung(datei, "", None, tuple(leser.befunde), leser.kennung, leser.monat)
        data = Path(pfad).read_bytes()
    except OSError as exc:
        return GeleseneMeldung(
            datei,
            "",
            None,
            (
                befund(
                    Code.DATEI_UNLESBAR,
                    datei,
                    meldung=(f"Die Meldung kann nicht gelesen werden ({ursache(exc)})."),
                ),
            ),
        )
    return lies_meldung_bytes(data, datei)
