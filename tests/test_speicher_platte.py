"""The state's store on a full disk: `zusammenfassen --speicher` ends with a German message and
exit code 2 (one JSON document with `--format json`), never the database's traceback; a store this
run created is removed again, an existing one keeps what it held, and the next run with space
succeeds. A store file cut short (the state before this was fixed) is named as damaged."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from benchmarks.meldungen import erzeuge
from kibericht.cli import cli
from kibericht.konfig import load_config
from kibericht.land.schreiben import meldung_schreiben
from tests.conftest import KI_TOML, tmpfs
from tests.meldung_helfer import inhalt
from tests.test_volle_platte import ENGLISH, _fuellen

pytest.importorskip("duckdb")


@pytest.fixture
def eingang(tmp_path):
    (tmp_path / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    meldung_schreiben(inhalt(tmp_path / "a", load_config(tmp_path / "ki.toml")), tmp_path / "eingang")
    return tmp_path / "eingang"


@pytest.fixture
def laufwerk(tmp_path):
    """A small tmpfs (8 MB) at a fresh folder; skipped where mounting is not allowed."""
    with tmpfs(tmp_path / "laufwerk", "8m") as punkt:
        yield punkt


def _zusammenfassen(eingang, speicher, ausgabe):
    return CliRunner().invoke(cli, ["zusammenfassen", str(eingang), "--ausgabe", str(ausgabe), "--speicher",
                                    str(speicher), "--format", "json"])


def _ein_fehler(result) -> str:
    assert result.exit_code == 2, result.output
    [fehler] = json.loads(result.stdout)["fehler"]
    assert fehler["code"] == "ausgabe-nicht-schreibbar"
    assert not ENGLISH.search(fehler["meldung"]), fehler["meldung"]
    return fehler["meldung"]


def test_a_new_store_on_a_full_disk_is_a_message_and_is_removed(eingang, laufwerk, tmp_path):
    _fuellen(laufwerk)
    speicher = laufwerk / "land.duckdb"
    assert "kein Platz mehr frei" in _ein_fehler(_zusammenfassen(eingang, speicher, tmp_path / "aus"))
    assert sorted(p.name for p in laufwerk.iterdir()) == ["fueller"]  # no store cut short is left
    (laufwerk / "fueller").unlink()
    assert _zusammenfassen(eingang, speicher, tmp_path / "aus").exit_code in (0, 3)


def test_an_existing_store_keeps_its_state_when_the_disk_fills(laufwerk, tmp_path):
    erzeuge(tmp_path / "eingang", kis=3, jahre=1, start=2025)  # 36 Meldungen of three KIs
    speicher = laufwerk / "land.duckdb"
    assert _zusammenfassen(tmp_path / "eingang" / "2025-01", speicher, tmp_path / "aus").exit_code in (0, 3)
    vorher = speicher.read_bytes()
    _fuellen(laufwerk)
    meldung = _ein_fehler(_zusammenfassen(tmp_path / "eingang", speicher, tmp_path / "aus"))
    assert "kein Platz mehr frei" in meldung and "Stand vor diesem Lauf" in meldung
    assert speicher.read_bytes() == vorher
    (laufwerk / "fueller").unlink()
    result = _zusammenfassen(tmp_path / "eingang", speicher, tmp_path / "aus")
    assert result.exit_code in (0, 3), result.output
    assert len(json.loads(result.stdout)["meldungen"]) == 36


def test_a_store_cut_short_is_named_as_damaged(eingang, tmp_path):
    speicher = tmp_path / "land.duckdb"
    assert _zusammenfassen(eingang, speicher, tmp_path / "aus").exit_code in (0, 3)
    speicher.write_bytes(speicher.read_bytes()[:4096])
    meldung = _ein_fehler(_zusammenfassen(eingang, speicher, tmp_path / "aus"))
    assert "beschädigt" in meldung
    assert speicher.stat().st_size == 4096  # a store it did not create is never removed
