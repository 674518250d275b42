"""The state's store of Meldungen: an embedded DuckDB database, one file, read in one query.

Why DuckDB and not Parquet files: the store grows by a few dozen Meldungen a month and is read
whole; DuckDB keeps it in one file with transactions (an interrupted run leaves the old state),
appends without rewriting, and answers the consolidation — years of Meldungen, sums per
Handlungsfeld, Zieldimension and month across 54 KIs — in SQL with exact integer arithmetic.
Parquet would need pyarrow (larger than DuckDB) plus a file per batch and a query engine anyway.

Every file is keyed by the sha256 of its bytes: a Meldung read in an earlier run is not opened
again; its head data, chain extract and findings come from the store. Figures are stored as whole
numbers: hours in hundredths, euros in cents, VZÄ and shares in ten-thousandths. The store is
derived data (the Meldungen are the record): a store of another format is rebuilt from scratch.

    >>> with Speicher(Path("land.duckdb")) as s:                   # doctest: +SKIP
    ...     neu = [p for p in pfade if sha(p) not in s.bekannt(...)]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import pandas as pd

from kibericht.befunde import Finding
from kibericht.land.eingang import Eingang
from kibericht.land.format import NACH, Kettenkopf
from kibericht.land.lesen import GeleseneMeldung

FORMAT = "1"
TABELLEN = {
    "meldung": "sha256 VARCHAR PRIMARY KEY, kennung VARCHAR, monat VARCHAR, ki_name VARCHAR, "
    "gueltig BOOLEAN, inhalt_sha256 VARCHAR, abgeschlossen_am VARCHAR, kopf_nr INTEGER, "
    "kopf_version INTEGER, kopf_sha256 VARCHAR, kopf_vorgaenger VARCHAR, befunde VARCHAR, kette VARCHAR",
    "zahl": "sha256 VARCHAR, ressource VARCHAR, zeitraum VARCHAR, schluessel VARCHAR, stunden BIGINT, "
    "stunden_sperre VARCHAR, teilnahmen BIGINT, teilnahmen_sperre VARCHAR",
    "kennzahl": "sha256 VARCHAR, zeitraum VARCHAR, stunden BIGINT, stunden_sperre VARCHAR, "
    "sp_stunden BIGINT, sp_sperre VARCHAR, anteil BIGINT, anteil_sperre VARCHAR, "
    "mindestanteil BIGINT, erfuellt BOOLEAN, teilnahmen BIGINT, teilnahmen_sperre VARCHAR",
    "foerderung": "sha256 VARCHAR, programm VARCHAR, monat BIGINT, bis_monat BIGINT, anspruch BIGINT, "
    "hoechstbetrag BIGINT, foerderfaehig BIGINT, ueberschritten BOOLEAN",
    "meilenstein": "sha256 VARCHAR, schwerpunkt VARCHAR, nr INTEGER, jahr INTEGER, text VARCHAR, "
    "taetigkeit VARCHAR, mindestens INTEGER, hoechstens INTEGER, ist INTEGER, ist_sperre VARCHAR, "
    "stichtag VARCHAR, status VARCHAR",
    "besetzung": "sha256 VARCHAR, bezug VARCHAR, stellenplan BIGINT, besetzt BIGINT, unbesetzt BIGINT",
    "schwerpunkt": "sha256 VARCHAR, schwerpunkt VARCHAR, titel VARCHAR, handlungsfeld VARCHAR, "
    "zieldimension VARCHAR, von INTEGER, bis INTEGER",
}


class SpeicherFehler(Exception):
    """The store cannot be opened or written (German message)."""


def _ganz(wert: Decimal | None, faktor: int) -> int | None:
    return None if wert is None else int(wert * faktor)


def _befund_json(f: Finding) -> dict:
    return {k: v for k, v in f.to_json().items() if k != "datei"}


class Speicher:
    """The store at `pfad` (None: in memory, for one run)."""

    def __init__(self, pfad: Path | None = None):
        import duckdb

        self.pfad = pfad
        try:
            self.con = duckdb.connect(":memory:" if pfad is None else str(pfad))
            self._anlegen()
        except duckdb.Error as exc:
            raise SpeicherFehler(_grund(pfad, exc)) from None

    def __enter__(self) -> Speicher:
        return self

    def __exit__(self, *_exc) -> None:
        self.con.close()

    def _anlegen(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS format (wert VARCHAR)")
        stand = self.con.execute("SELECT wert FROM format").fetchall()
        if stand and stand[0][0] != FORMAT:
            for name in TABELLEN:
                self.con.execute(f"DROP TABLE IF EXISTS {name}")
            self.con.execute("DELETE FROM format")
            stand = []
        for name, spalten in TABELLEN.items():
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({spalten})")
        if not stand:
            self.con.execute("INSERT INTO format VALUES (?)", [FORMAT])

    def bekannt(self, hashes: Iterable[str]) -> set[str]:
        """Which of the file hashes the store already holds."""
        frame = pd.DataFrame({"sha256": sorted(set(hashes))}, dtype=object)
        self.con.register("gefragt", frame)
        try:
            return {
                r[0]
                for r in self.con.execute(
                    "SELECT m.sha256 FROM meldung m JOIN gefragt g USING (sha256)"
                ).fetchall()
            }
        finally:
            self.con.unregister("gefragt")

    def ablegen(self, gelesene: Sequence[GeleseneMeldung]) -> None:
        """Add newly read Meldungen (valid or not) in one transaction."""
        zeilen: dict[str, list[tuple]] = {name: [] for name in TABELLEN}
        for m in gelesene:
            i = m.inhalt
            befunde = json.dumps([_befund_json(f) for f in m.befunde], ensure_ascii=False)
            if i is None:
                zeilen["meldung"].append(
                    (
                        m.sha256,
                        m.kennung,
                        m.monat,
                        None,
                        False,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        befunde,
                        "[]",
                    )
                )
                continue
            zeilen["meldung"].append(
                (
                    m.sha256,
                    i.kennung,
                    i.monat,
                    i.ki_name,
                    True,
                    m.inhalt_sha256,
                    i.abgeschlossen_am,
                    i.kopf.nr,
                    i.kopf.version,
                    i.kopf.sha256,
                    i.kopf.vorgaenger,
                    befunde,
                    json.dumps([list(z) for z in i.tabellen["kette"]]),
                )
            )
            for name in NACH:
                for z, key, h, hs, t, ts in i.tabellen[name]:
                    zeilen["zahl"].append((m.sha256, name, z, key, _ganz(h, 100), hs, t, ts))
            for z, h, hs, sp, sps, a, as_, mind, erf, t, ts in i.tabellen["kennzahlen"]:
                zeilen["kennzahl"].append(
                    (
                        m.sha256,
                        z,
                        _ganz(h, 100),
                        hs,
                        _ganz(sp, 100),
                        sps,
                        _ganz(a, 10000),
                        as_,
                        _ganz(mind, 10000),
                        erf,
                        t,
                        ts,
                    )
                )
            for p, mo, bis, ans, hb, ff, ueb in i.tabellen["foerderung"]:
                zeilen["foerderung"].append(
                    (
                        m.sha256,
                        p,
                        _ganz(mo, 100),
                        _ganz(bis, 100),
                        _ganz(ans, 100),
                        _ganz(hb, 100),
                        _ganz(ff, 100),
                        ueb,
                    )
                )
            zeilen["meilenstein"].extend((m.sha256, *z) for z in i.tabellen["meilensteine"])
            zeilen["besetzung"].extend(
                (m.sha256, b, _ganz(p, 10000), _ganz(s, 10000), _ganz(u, 10000))
                for b, p, s, u in i.tabellen["besetzung"]
            )
            zeilen["schwerpunkt"].extend((m.sha256, *z) for z in i.tabellen["schwerpunkte"])
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name, liste in zeilen.items():
                if not liste:
                    continue
                spalten = [s.split()[0] for s in TABELLEN[name].split(", ")]
                frame = pd.DataFrame(liste, columns=spalten, dtype=object)
                self.con.register("neu", frame)
                self.con.execute(f"INSERT INTO {name} SELECT * FROM neu")
                self.con.unregister("neu")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def eingaenge(self, dateien: dict[str, str]) -> list[Eingang]:
        """The files of this run (sha256 → path shown) as `Eingang`, from the store."""
        frame = pd.DataFrame({"sha256": list(dateien)}, dtype=object)
        self.con.register("gefragt", frame)
        try:
            rows = self.con.execute("SELECT m.* FROM meldung m JOIN gefragt g USING (sha256)").fetchall()
        finally:
            self.con.unregister("gefragt")
        result = []
        for (
            sha,
            kennung,
            monat,
            name,
            gueltig,
            inhalt_sha,
            zeit,
            nr,
            version,
            kopf_sha,
            vorg,
            befunde,
            kette,
        ) in rows:
            datei = dateien[sha]
            result.append(
                Eingang(
                    datei,
                    sha,
                    kennung,
                    monat,
                    bool(gueltig),
                    tuple(Finding(datei=datei, **f) for f in json.loads(befunde)),
                    name,
                    inhalt_sha,
                    zeit,
                    Kettenkopf(nr, version, kopf_sha, vorg) if gueltig else None,
                    tuple(tuple(z) for z in json.loads(kette)),
                )
            )
        return result

    def abfrage(self, sql: str, gezaehlt: Sequence[Eingang]) -> pd.DataFrame:
        """`sql` over the store, with the table `gezaehlt` (sha256, kennung, monat) of what counts."""
        frame = pd.DataFrame(
            {
                "sha256": [e.sha256 for e in gezaehlt],
                "kennung": [e.kennung for e in gezaehlt],
                "monat": [e.monat for e in gezaehlt],
            },
            dtype=object,
        )
        self.con.register("gezaehlt", frame)
        try:
            return self.con.execute(sql).df()
        finally:
            self.con.unregister("gezaehlt")


def _grund(pfad: Path | None, exc: Exception) -> str:
    text = str(exc).casefold()
    wo = f"„{Path(pfad).as_posix()}“" if pfad is not None else "im Arbeitsspeicher"
    if "lock" in text or "conflicting" in text:
        return (
            f"Der Speicher {wo} wird gerade von einem anderen Lauf benutzt. Warten Sie, bis er fertig ist, "
            "und rufen Sie den Befehl noch einmal auf."
        )
    if "not a valid duckdb" in text or "corrupt" in text or "magic" in text or "invalid" in text:
        return (
            f"{wo} ist kein Speicher von kibericht (keine DuckDB-Datenbank) oder beschädigt. Geben Sie mit "
            "--speicher eine neue Datei an; die Meldungen werden dann neu gelesen."
        )
    return (
        f"Der Speicher {wo} kann nicht geöffnet oder geschrieben werden ({type(exc).__name__}). Prüfen "
        "Sie Pfad und Schreibrechte."
    )
