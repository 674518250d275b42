"""The keys of ki.toml described once: one field checked alone gives the file's rule and message;
the documentation's key table comes from the same descriptions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import tomllib

import pytest

from kibericht.konfig import ConfigError, JahresWert, Oeffentlich, Regeln, parse_config
from kibericht.konfig.schluessel import (
    SCHLUESSEL,
    TABELLEN_DER_DATEI,
    aus_formular,
    pruefe_feld,
    schluessel,
    schluessel_tabelle,
    schluessel_von,
)
from tests.conftest import KI_TOML


def _file_errors(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(tomllib.loads(text), text)
    return [f.meldung for f in info.value.befunde]


@pytest.mark.parametrize(("old", "new", "tabelle", "name", "value", "ort"), [
    ("umfang = 1.0", "umfang = nan", "stellen", "umfang", math.nan, "bei Stelle „FK1“"),
    ("umfang = 1.0", "umfang = 0", "stellen", "umfang", 0, "bei Stelle „FK1“"),
    ("pauschale = 50000", "pauschale = 57.000", "stellen", "pauschale", 57.0, "bei Stelle „FK1“"),
    ("pauschale = 50000", "pauschale = inf", "stellen", "pauschale", math.inf, "bei Stelle „FK1“"),
    ("max_stunden_pro_tag = 10", "max_stunden_pro_tag = 25", "regeln", "max_stunden_pro_tag", 25, None),
    ("anteilig = \"tagesgenau\"", "anteilig = \"monatlich\"", "regeln", "anteilig", "monatlich", None),
    ("art = \"Lehrkraft\"", "art = \"Praktikant\"", "stellen", "art", "Praktikant", "bei Stelle „L1“"),
])
def test_one_field_alone_gives_the_message_of_the_file(old, new, tabelle, name, value, ort):
    """One set of rules, two faces: what the loader says about ki.toml is what a form says about
    the same value in the same place."""
    [message] = _file_errors(KI_TOML.replace(old, new, 1))
    assert pruefe_feld(tabelle, name, value, ort).meldung == message


def test_a_good_value_comes_back_typed():
    assert pruefe_feld("stellen", "umfang", 1) == pruefe_feld("stellen", "umfang", 1.0)
    assert pruefe_feld("stellen", "umfang", 1).wert == 1.0 and pruefe_feld("stellen", "umfang", 1).ok
    assert pruefe_feld("stellen", "pauschale", {"2025": 57000}).wert == JahresWert(None, ((2025, 57000.0),))
    assert pruefe_feld("schwerpunkte", "handlungsfeld", "Integration durch Bildung").wert == "Bildung"
    assert pruefe_feld("ki", "kommunen", [" Alfter ", "Bornheim"]).wert == ("Alfter", "Bornheim")
    assert pruefe_feld("stellen.besetzt", "von", dt.date(2025, 3, 1)).wert == dt.date(2025, 3, 1)
    assert pruefe_feld("ki", "kennung", "KI-AC").wert == "KI-AC"


@pytest.mark.parametrize(("tabelle", "name", "text", "wert"), [
    ("stellen", "umfang", "0,5", 0.5),
    ("stellen", "umfang", " 0.75 ", 0.75),
    ("stellen", "pauschale", "57.000 €", JahresWert(57000.0)),
    ("stellen", "pauschale", "22.500,50", JahresWert(22500.5)),
    ("stellen.besetzt", "von", "01.03.2025", dt.date(2025, 3, 1)),
    ("stellen.besetzt", "von", "2025-03-01", dt.date(2025, 3, 1)),
    ("schwerpunkte.meilensteine", "mindestens", "4", 4),
    ("ki", "kommunen", "Alfter\nBornheim", ("Alfter", "Bornheim")),
    ("regeln", "stundentakt", "0,25", 0.25),
])
def test_a_form_field_reads_german_habits(tabelle, name, text, wert):
    result = aus_formular(tabelle, name, text)
    assert result.ok and result.wert == wert, result.meldung


@pytest.mark.parametrize(("tabelle", "name", "text", "word"), [
    ("stellen", "umfang", "viel", "falschen Typ (Text)"),
    ("stellen", "umfang", "0,0", "über 0"),
    ("stellen", "pauschale", "57", "Meinten Sie 57000?"),
    ("stellen.besetzt", "von", "31.02.2025", "kein Datum"),
    ("schwerpunkte.meilensteine", "mindestens", "2,5", "ganze Zahl"),
    ("oeffentlich", "mindestens_stellen", "1", "zwischen 3 und 50"),
])
def test_a_form_field_says_what_is_wrong(tabelle, name, text, word):
    result = aus_formular(tabelle, name, text)
    assert not result.ok and result.wert is None and word in result.meldung, result.meldung


def test_every_key_is_described_once_with_label_help_and_example():
    keys = [(s.tabelle, s.name) for s in SCHLUESSEL]
    assert len(keys) == len(set(keys))
    for s in SCHLUESSEL:
        assert s.tabelle in TABELLEN_DER_DATEI and s.label and s.hilfe.endswith(".") and s.beispiel, s


def test_descriptions_and_model_agree():
    assert {s.name for s in schluessel_von("regeln")} == {f.name for f in dataclasses.fields(Regeln)}
    assert {s.name for s in schluessel_von("oeffentlich")} == \
        {f.name for f in dataclasses.fields(Oeffentlich)}
    for tabelle, model in (("regeln", Regeln()), ("oeffentlich", Oeffentlich())):
        for s in schluessel_von(tabelle):
            assert s.standard == getattr(model, s.name), s.name
    # every default passes its own rule
    for s in SCHLUESSEL:
        if s.standard is not None:
            assert pruefe_feld(s.tabelle, s.name, s.standard).ok, s.name


def test_the_loader_allows_exactly_the_described_keys():
    text = KI_TOML.replace("anteilig = \"tagesgenau\"", "anteilig = \"tagesgenau\"\nquote = 0.5")
    [message] = _file_errors(text)
    erlaubt = message.split("Erlaubt sind: ")[1].rstrip(".").split(", ")
    assert sorted(erlaubt) == sorted(s.name for s in schluessel_von("regeln"))


def test_key_table_for_the_documentation():
    table = schluessel_tabelle()
    lines = table.splitlines()
    assert lines[0] == "| Schlüssel | Pflicht | Standard | Werte | Bedeutung |"
    assert len(lines) == 2 + len(SCHLUESSEL)
    assert "| `[regeln]` `stundentakt` | nein | kein Takt | über 0 und höchstens 1, teilt eine Stunde in " \
           "gleiche Teile |" in table
    assert "| `[[stellen]]` `pauschale` | bei Programm | – | zwischen 1.000 € und 10.000.000 €, höchstens " \
           "Cent, fest oder je Jahr `{ 2025 = 57000 }` |" in table
    assert "| `[[stellen]]` `umfang` | nein | `1.0` | über 0 und höchstens 10 |" in table
    assert "| `[oeffentlich]` `hoechstanteil` | nein | `0.85` | zwischen 0,5 und 0,85 |" in table
    assert "| `[[schwerpunkte.meilensteine]]` `zaehlt` | nein | `termine` | `termine`, `eintraege` |" in table
    only = schluessel_tabelle(lambda s: s.tabelle == "ki")
    assert len(only.splitlines()) == 2 + len(schluessel_von("ki"))


def test_schluessel_lookup():
    assert schluessel("stellen", "umfang").label == "Stellenanteil (VZÄ)"
    with pytest.raises(KeyError):
        schluessel("stellen", "gibt_es_nicht")
