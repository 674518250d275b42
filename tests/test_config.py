"""ki.toml: typed objects, and every mistake named with key and line."""

from __future__ import annotations

import datetime as dt

import pytest

from kibericht.konfig import ConfigError, load_config
from tests.conftest import KI_TOML


def load(tmp_path, text):
    path = tmp_path / "ki.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def errors(tmp_path, text) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    return info.value.errors


def test_loads_typed_frozen_objects(config):
    assert config.name == "KI Testkreis"
    assert [s.id for s in config.stellen] == ["FK1", "FK2", "L1"]
    fk2 = config.stelle("FK2")
    assert fk2.besetzt[0].von == dt.date(2025, 1, 1) and fk2.besetzt[0].bis == dt.date(2025, 6, 30)
    assert fk2.besetzt[0].umfang == 1.0
    assert config.stelle("FK1").pauschale.fuer(2025) == 50000
    assert config.stelle("L1").foerderung == "Land"
    assert config.schwerpunkt("SP1").meilensteine[0].mindestens == 4
    assert config.taetigkeiten[0] == "Beratung"  # default list
    assert "kreisweit" in config.kommunen_mit_kreisweit
    with pytest.raises(AttributeError):
        config.name = "x"


def test_per_year_values(tmp_path):
    text = KI_TOML.replace("pauschale = 50000\n\n[[stellen]]\nid = \"FK2\"",
                           "pauschale = { 2025 = 50000, 2026 = 57000 }\n\n[[stellen]]\nid = \"FK2\"", 1)
    config = load(tmp_path, text.replace("hoechstbetrag = 170000", "hoechstbetrag = { 2025 = 170000 }"))
    assert config.stelle("FK1").pauschale.fuer(2026) == 57000
    assert config.stelle("FK1").pauschale.fuer(2024) is None
    assert config.programm("KI").hoechstbetrag.fuer(2025) == 170000


def test_unknown_key_names_key_and_line(tmp_path):
    text = KI_TOML.replace("wochenstunden = 41.0", "wochenstunden = 41.0\npauschal = 5")
    [message] = errors(tmp_path, text)
    line = text.splitlines().index("pauschal = 5") + 1
    assert message.startswith(f"ki.toml:{line}:")
    assert "pauschal" in message


def test_unknown_key_in_regeln(tmp_path):
    text = KI_TOML.replace("anteilig = \"tagesgenau\"", "anteilig = \"tagesgenau\"\nmindestquote = 0.5")
    [message] = errors(tmp_path, text)
    assert "mindestquote" in message and "[regeln]" in message


@pytest.mark.parametrize("old,new,word", [
    ("wochenstunden = 41.0", "wochenstunden = \"viel\"", "wochenstunden"),
    ("id = \"FK2\"", "id = \"FK1\"", "doppelt"),
    ("handlungsfeld = \"Querschnitt\"", "handlungsfeld = \"Sport\"", "Sport"),
    ("foerderung = \"Land\"", "foerderung = \"KOMM-AN\"", "KOMM-AN"),
    ("anteilig = \"tagesgenau\"", "anteilig = \"monatlich\"", "monatlich"),
    ("zieldimension = \"II\"", "zieldimension = \"IV\"", "IV"),
    ("art = \"Lehrkraft\"", "art = \"Praktikant\"", "Praktikant"),
    ("bis = 2025-06-30", "bis = 2024-06-30", "vor"),
    ("taetigkeit = \"Netzwerktreffen\"", "taetigkeit = \"Kaffeetrinken\"", "Kaffeetrinken"),
    ("jahr = 2025", "jahr = 2030", "2030"),
])
def test_config_mistakes_are_named(tmp_path, old, new, word):
    assert old in KI_TOML
    messages = errors(tmp_path, KI_TOML.replace(old, new, 1))
    assert any(word in m for m in messages), messages
    assert all(m.startswith("ki.toml") for m in messages)


def test_missing_pauschale_for_funded_stelle(tmp_path):
    messages = errors(tmp_path, KI_TOML.replace("pauschale = 50000\n", "", 1))
    assert any("pauschale" in m for m in messages)


def test_overlapping_periods(tmp_path):
    text = KI_TOML.replace("besetzt = [ { von = 2025-01-01, bis = 2025-06-30 } ]",
                           "besetzt = [ { von = 2025-01-01, bis = 2025-06-30 }, { von = 2025-06-01 } ]")
    assert any("überschneiden" in m for m in errors(tmp_path, text))


def test_invalid_toml_and_missing_file(tmp_path):
    assert "kein gültiges TOML" in errors(tmp_path, "[ki\nname=")[0]
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "fehlt.toml")
    assert "nicht gefunden" in info.value.errors[0]


def test_besetzt_partial_umfang(tmp_path):
    text = KI_TOML.replace("besetzt = [ { von = 2025-01-01, bis = 2025-06-30 } ]",
                           "besetzt = [ { von = 2025-01-01, bis = 2025-06-30 }, "
                           "{ von = 2025-09-01, umfang = 0.5 } ]")
    fk2 = load(tmp_path, text).stelle("FK2")
    assert fk2.besetzt_am(dt.date(2025, 7, 15)) == 0.0
    assert fk2.besetzt_am(dt.date(2025, 6, 30)) == 1.0
    assert fk2.besetzt_am(dt.date(2026, 1, 5)) == 0.5


def befunde(tmp_path, text):
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    return info.value.befunde


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(("old", "new", "guess"), [
    ("pauschale = 50000", "pauschale = 57.000", "Meinten Sie 57000?"),
    ("hoechstbetrag = 170000", "hoechstbetrag = 50.000", "Meinten Sie 50000?"),
    ("pauschale = 50000", "pauschale = { 2025 = 22.5 }", "Meinten Sie 22500?"),
    ("pauschale = 50000", "pauschale = 0", "ohne Tausenderpunkt"),
])
def test_amount_below_1000_euro_is_a_typo(tmp_path, old, new, guess):
    text = KI_TOML.replace(old, new, 1)
    [f] = befunde(tmp_path, text)
    assert (f.code, f.zeile, f.spalte) == ("konfig-ungueltig", _line(text, new), new.split(" =")[0])
    assert guess in f.meldung


def test_amount_as_text_is_one_clear_error(tmp_path):
    text = KI_TOML.replace("pauschale = 50000", 'pauschale = "40.000 €"', 1)
    [f] = befunde(tmp_path, text)  # no follow-up "pauschale fehlt"
    assert f.zeile == _line(text, "40.000 €") and "pauschale = 40000" in f.meldung


@pytest.mark.parametrize(("line", "hint"), [
    ("besetzt = [ { von = 01.03.2025 } ]", "JJJJ-MM-TT"),
    ("pauschale = 40.000 €", "ohne Tausenderpunkt"),
    ("notiz = \"noch offen", "Anführungszeichen"),
])
def test_toml_syntax_errors_are_german_with_line_and_column(tmp_path, line, hint):
    text = KI_TOML.replace("pauschale = 50000", line, 1)
    [f] = befunde(tmp_path, text)
    assert f.code == "konfig-syntax" and f.zeile == _line(text, line)
    assert hint in f.meldung and "Spalte" in f.meldung
    assert not any(word in f.meldung for word in ("Expected", "Unclosed", "Invalid", "line", "column"))
