"""The keys of ki.toml described once: the loader allows exactly them, the model agrees with them,
and the documentation's key table comes from them."""

from __future__ import annotations

import dataclasses
import tomllib

import pytest

from kibericht.konfig import ConfigError, Oeffentlich, Regeln, parse_config
from kibericht.konfig.feldpruefung import pruefe_feld
from kibericht.konfig.schluessel import (
    SCHLUESSEL,
    TABELLEN_DER_DATEI,
    bereich_text,
    schluessel,
    schluessel_tabelle,
    schluessel_von,
)
from tests.conftest import KI_TOML


def _file_errors(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(tomllib.loads(text), text)
    return [f.meldung for f in info.value.befunde]


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
    assert "| `[[stellen]]` `umfang` | nein | `1.0` | zwischen 0,01 und 10 |" in table
    assert "| `[oeffentlich]` `hoechstanteil` | nein | `0.85` | zwischen 0,5 und 0,85 |" in table
    assert "| `[[schwerpunkte.meilensteine]]` `zaehlt` | nein | `termine` | `termine`, `eintraege` |" in table
    only = schluessel_tabelle(lambda s: s.tabelle == "ki")
    assert len(only.splitlines()) == 2 + len(schluessel_von("ki"))


def test_schluessel_lookup():
    assert schluessel("stellen", "umfang").label == "Stellenanteil (VZÄ)"
    assert bereich_text(schluessel("regeln", "schwerpunkt_mindestanteil")) == "zwischen 0 und 1"
    assert bereich_text(schluessel("schwerpunkte", "von")) == "zwischen 1990 und 2099"
    with pytest.raises(KeyError):
        schluessel("stellen", "gibt_es_nicht")
