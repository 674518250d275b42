"""One value of a ki.toml key checked alone: the rule and the message of the file, for a form
field; German habits in a form's text (0,5 · 57.000 € · 01.03.2025) read as meant."""

from __future__ import annotations

import datetime as dt
import math
import tomllib

import pytest

from kibericht.konfig import ConfigError, JahresWert, parse_config
from kibericht.konfig.feldpruefung import aus_formular, pruefe_feld
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
    ("stellen", "umfang", "0,0", "zwischen 0,01 und 10"),
    ("stellen", "pauschale", "57", "Meinten Sie 57000?"),
    ("stellen.besetzt", "von", "31.02.2025", "kein Datum"),
    ("schwerpunkte.meilensteine", "mindestens", "2,5", "ganze Zahl"),
    ("oeffentlich", "mindestens_stellen", "1", "zwischen 3 und 50"),
])
def test_a_form_field_says_what_is_wrong(tabelle, name, text, word):
    result = aus_formular(tabelle, name, text)
    assert not result.ok and result.wert is None and word in result.meldung, result.meldung


