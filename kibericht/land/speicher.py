"""The state's store of Meldungen: an embedded DuckDB database, one file, read in one query.

Why DuckDB and not Parquet files: the store grows by a few dozen Meldungen a month and is read
whole; DuckDB keeps it in one file with transactions (an interrupted run leaves the old state),
appends without rewriting, and answers the consolidation — years of Meldungen, sums per
Handlungsfeld, Zieldimension and month across 54 KIs — in SQL with exact integer arithmetic.
Parquet would need pyarrow (larger than DuckDB) plus a file per batch and a query engine anyway.
Data goes in and out as plain Python lists (`unnest` of list parameters): no pandas on this path,
which keeps the start of the state's command short.

Every file is keyed by the sha256 of its bytes: a Meldung read in an earlier run is not opened
again; its head data, chain extract and findings come from the store. Figures are stored as whole
numbers: hours in hundredths, euros in cents, VZÄ and shares in ten-thousandths. The store is
derived data (the Meldungen are the record): a store of another format is rebuilt from scratch.

Every failure of the database — a full disk or quota while a transaction commits, a file that is
no store or was cut short — is a `SpeicherFehler` with a German sentence, never the library's
exception. A store file this run created is removed again when the run fails, so that a store
cut short on a full disk never stands in the way of the next run; an existing store keeps its
last committed state (DuckDB's transactions).

    >>> with Speicher(Path("land.duckdb")) as s:                   # doctest: +SKIP
    ...     neu = [p for p in pfade if sha(p) not in s.bekannt(...)]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

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


def zeilen(m: GeleseneMeldung) -> dict[str, list[tuple]]:
    """The rows a read Meldung adds to each table of the store (made where it was read, so a worker
    process sends plain rows back)."""
    zeilen: dict[str, list[tuple]] = {name: [] for name in TABELLEN}
    i, sha = m.inhalt, m.sha256
    befunde = json.dumps([_befund_json(f) for f in m.befunde], ensure_ascii=False)
    if i is None:
        zeilen["meldung"].append((sha, m.kennung, m.monat, None, False, *[None] * 6, befunde, "[]"))
        return zeilen
    k = i.kopf
    zeilen["meldung"].append(
        (
            sha,
            i.kennung,
            i.monat,
            i.ki_name,
            True,
            m.inhalt_sha256,
            i.abgeschlossen_am,
            k.nr,
            k.version,
            k.sha256,
            k.vorgaenger,
            befunde,
            json.dumps([list(z) for z in i.tabellen["kette"]]),
        )
    )
    for name in NACH:
        zeilen["zahl"].extend(
            (sha, name, z, key, _ganz(h, 100), hs, t, ts) for z, key, h, hs, t, ts in i.tabellen[name]
        )
    zeilen["kennzahl"].extend(
        (sha, z, _ganz(h, 100), hs, _ganz(sp, 100), sps, _ganz(a, 10000), as_, _ganz(mind, 10000), erf, t, ts)
        for z, h, hs, sp, sps, a, as_, mind, erf, t, ts in i.tabellen["kennzahlen"]
    )
    zeilen["foerderung"].extend(
        (sha, p, _ganz(mo, 100), _ganz(bis, 100), _ganz(ans, 100), _ganz(hb, 100), _ganz(ff, 100), ueb)
        for p, mo, bis, ans, hb, ff, ueb in i.tabellen["foerderung"]
    )
    zeilen["meilenstein"].extend((sha, *z) for z in i.tabellen["meilensteine"])
    zeilen["besetzung"].extend(
        (sha, b, _ganz(p, 10000), _ganz(s, 10000), _ganz(u, 10000)) for b, p, s, u in i.tabellen["besetzung"]
    )
    zeilen["schwerpunkt"].extend((sha, *z) for z in i.tabellen["schwerpunkte"])
    return zeilen


class Speicher:
    """The store at `pfad` (None: in memory, for one run)."""

    def __init__(self, pfad: Path | None = None):
        try:
            import duckdb
        except ImportError:
            raise SpeicherFehler("Für die Landesübersicht fehlt DuckDB. Installieren Sie kibericht mit dem "
                                 "Zusatz für das Land: pip install \"kibericht[land]\"") from None

        self.pfad = pfad
        self._fehlerart = duckdb.Error
        # a file this run creates is this run's to remove if the run fails
        self.neu = pfad is not None and not Path(pfad).exists()
        self.con = None
        self._gesperrt = False
        try:
            with self._fehler():
                self.con = duckdb.connect(":memory:" if pfad is None else str(pfad))
                self._anlegen()
        except SpeicherFehler:
            # a store another run holds is not this run's, even if it was created a moment ago
            self._schliessen(gescheitert=not self._gesperrt)
            raise

    def __enter__(self) -> Speicher:
        return self

    def __exit__(self, exc_type, *_exc) -> None:
        if exc_type is not None:
            self._schliessen(gescheitert=True)
            return
        try:
            with self._fehler():  # closing writes the log into the file: a full disk shows here too
                self.con.close()
        except SpeicherFehler:
            # a store another run holds is not this run's, even if it was created a moment ago
            self._schliessen(gescheitert=not self._gesperrt)
            raise

    @contextmanager
    def _fehler(self) -> Iterator[None]:
        """The database's exceptions as `SpeicherFehler` with a German reason."""
        try:
            yield
        except self._fehlerart as exc:
            self._gesperrt = _gesperrt(exc)
            raise SpeicherFehler(_grund(self.pfad, exc)) from None

    def _schliessen(self, gescheitert: bool) -> None:
        """Close after a failure, quietly; a store file created by this run is removed."""
        if self.con is not None:
            try:
                self.con.close()
            except self._fehlerart:
                pass  # the failure is being reported already
            self.con = None
        if gescheitert and self.neu and self.pfad is not None:
            for datei in (Path(self.pfad), Path(f"{self.pfad}.wal")):
                datei.unlink(missing_ok=True)

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

    def _liste(self, name: str, spalten: dict[str, tuple[str, list]]) -> None:
        """A temporary table `name` from Python lists (column → (SQL type, values)), without pandas."""
        auswahl = ", ".join(f"unnest(?::{typ}[]) AS {spalte}" for spalte, (typ, _w) in spalten.items())
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {auswahl}",
            [werte for _typ, werte in spalten.values()],
        )

    def bekannt(self, hashes: Iterable[str]) -> set[str]:
        """Which of the file hashes the store already holds."""
        with self._fehler():
            self._liste("gefragt", {"sha256": ("VARCHAR", sorted(set(hashes)))})
            return {
                r[0]
                for r in self.con.execute("SELECT sha256 FROM meldung JOIN gefragt USING (sha256)").fetchall()
            }

    def ablegen(self, gelesene: Sequence[dict[str, list[tuple]]]) -> None:
        """Add newly read Meldungen (their `zeilen`, valid or not) in one transaction."""
        zeilen: dict[str, list[tuple]] = {name: [] for name in TABELLEN}
        for einzeln in gelesene:
            for name, liste in einzeln.items():
                zeilen[name].extend(liste)
        with self._fehler():
            self.con.execute("BEGIN TRANSACTION")
            try:
                for name, liste in zeilen.items():
                    if liste:
                        self._einfuegen(name, liste)
                self.con.execute("COMMIT")
            except Exception:
                try:
                    self.con.execute("ROLLBACK")
                except self._fehlerart:
                    pass  # a failed COMMIT has ended the transaction already
                raise

    def _einfuegen(self, name: str, liste: list[tuple]) -> None:
        spalten = [s.split()[:2] for s in TABELLEN[name].split(", ")]
        werte = zip(*liste, strict=True)
        self._liste("neu", {spalte: (typ, list(w)) for (spalte, typ), w in zip(spalten, werte, strict=True)})
        self.con.execute(f"INSERT INTO {name} SELECT * FROM neu")

    def eingaenge(self, dateien: dict[str, str]) -> list[Eingang]:
        """The files of this run (sha256 → path shown) as `Eingang`, from the store."""
        with self._fehler():
            self._liste("gefragt", {"sha256": ("VARCHAR", list(dateien))})
            rows = self.con.execute("SELECT m.* FROM meldung m JOIN gefragt USING (sha256)").fetchall()
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

    def abfrage(self, sql: str, gezaehlt: Sequence[Eingang]) -> list[tuple]:
        """The rows of `sql` over the store, with the table `gezaehlt` (sha256, kennung, monat) of what
        counts."""
        with self._fehler():
            self._liste(
                "gezaehlt",
                {
                    "sha256": ("VARCHAR", [e.sha256 for e in gezaehlt]),
                    "kennung": ("VARCHAR", [e.kennung for e in gezaehlt]),
                    "monat": ("VARCHAR", [e.monat for e in gezaehlt]),
                },
            )
            return self.con.execute(sql).fetchall()


def _gesperrt(exc: Exception) -> bool:
    """The store is held by another run (DuckDB's file lock)."""
    text = str(exc).casefold()
    return "lock" in text or "conflicting" in text


def _grund(pfad: Path | None, exc: Exception) -> str:
    text = str(exc).casefold()
    wo = f"„{Path(pfad).as_posix()}“" if pfad is not None else "im Arbeitsspeicher"
    if _gesperrt(exc):
        return (
            f"Der Speicher {wo} wird gerade von einem anderen Lauf benutzt. Warten Sie, bis er fertig ist, "
            "und rufen Sie den Befehl noch einmal auf."
        )
    if "no space left" in text or "quota" in text or "file too large" in text:
        return (
            f"Auf dem Laufwerk des Speichers {wo} ist kein Platz mehr frei. Schaffen Sie Platz und starten "
            "Sie den Befehl erneut; der Speicher hat den Stand vor diesem Lauf."
        )
    if ("not a valid duckdb" in text or "corrupt" in text or "magic" in text or "invalid" in text
            or "could not read enough bytes" in text):
        return (
            f"{wo} ist kein Speicher von kibericht (keine DuckDB-Datenbank) oder beschädigt. Geben Sie mit "
            "--speicher eine neue Datei an; die Meldungen werden dann neu gelesen."
        )
    if "permission denied" in text or "read-only" in text:
        return f"Der Speicher {wo} kann nicht geschrieben werden: keine Berechtigung. Prüfen Sie die Rechte."
    return (
        f"Der Speicher {wo} kann nicht geöffnet oder geschrieben werden. Prüfen Sie Pfad, Schreibrechte und "
        "freien Platz."
    )
