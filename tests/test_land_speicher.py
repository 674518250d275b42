"""The store: each file once, by its hash; exact whole numbers; a store of another format is rebuilt;
a store in use or not a store is a clear message."""

from __future__ import annotations

import pytest

from kibericht.konfig import load_config
from kibericht.land.lesen import lies_meldung_bytes
from kibericht.land.schreiben import meldung_bytes
from kibericht.land.speicher import Speicher, SpeicherFehler, zeilen
from tests.conftest import KI_TOML
from tests.meldung_helfer import inhalt

duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def gelesen(tmp_path_factory):
    ordner = tmp_path_factory.mktemp("ki")
    (ordner / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    gut = lies_meldung_bytes(meldung_bytes(inhalt(ordner, load_config(ordner / "ki.toml"))), "gut.zip")
    schlecht = lies_meldung_bytes(b"kein zip", "Meldung_KI-TESTKREIS_2025-04.zip")
    return gut, schlecht


def test_what_was_read_comes_back_as_it_was(gelesen, tmp_path):
    gut, schlecht = gelesen
    with Speicher(tmp_path / "s.duckdb") as s:
        s.ablegen([zeilen(gut), zeilen(schlecht)])
    with Speicher(tmp_path / "s.duckdb") as s:
        assert s.bekannt([gut.sha256, schlecht.sha256, "0" * 64]) == {gut.sha256, schlecht.sha256}
        e = {x.sha256: x for x in s.eingaenge({gut.sha256: "neu/gut.zip", schlecht.sha256: "neu/x.zip"})}
        assert e[gut.sha256].kopf == gut.inhalt.kopf and e[gut.sha256].datei == "neu/gut.zip"
        assert e[gut.sha256].kette == tuple(gut.inhalt.tabellen["kette"])
        assert (e[schlecht.sha256].gueltig, e[schlecht.sha256].kennung, e[schlecht.sha256].monat) == (
            False,
            "KI-TESTKREIS",
            "2025-04",
        )
        # the findings of reading come back, naming the path of this run
        assert [(f.code, f.datei) for f in e[schlecht.sha256].befunde] == [("meldung-kein-zip", "neu/x.zip")]
        # hours as whole hundredths: 12,75 h → 1275
        stunden = s.abfrage(
            "SELECT k.stunden FROM gezaehlt JOIN kennzahl k USING (sha256) WHERE k.zeitraum = 'monat'",
            [e[gut.sha256]],
        )
        assert stunden == [(1275,)]


def test_a_store_of_another_format_is_rebuilt(gelesen, tmp_path):
    gut, _ = gelesen
    with Speicher(tmp_path / "s.duckdb") as s:
        s.ablegen([zeilen(gut)])
        s.con.execute("UPDATE format SET wert = 'alt'")
    with Speicher(tmp_path / "s.duckdb") as s:
        assert s.bekannt([gut.sha256]) == set()


def test_a_file_that_is_no_store_and_a_store_in_use_are_clear_messages(gelesen, tmp_path):
    (tmp_path / "kein.duckdb").write_bytes(b"x" * 5000)
    with pytest.raises(SpeicherFehler, match="kein Speicher von kibericht"):
        Speicher(tmp_path / "kein.duckdb")
    import subprocess
    import sys

    # another process holds the store open for writing
    halter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('offen', flush=True); time.sleep(20)",
            str(tmp_path / "s.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert halter.stdout.readline().strip() == "offen"
        with pytest.raises(SpeicherFehler, match="gerade von einem anderen Lauf benutzt"):
            Speicher(tmp_path / "s.duckdb")
    finally:
        halter.kill()
        halter.wait()
