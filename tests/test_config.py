"""ki.toml: typed objects, and every mistake named with key and line."""

from __future__ import annotations

import datetime as dt
import json

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


# --- numbers must be finite and plausible --------------------------------------------------------

# (old line in KI_TOML, new line with {} for the value, key, where the finding points)
NUMBER_KEYS = [
    ("pauschale = 50000", "pauschale = {}", "pauschale"),
    ("hoechstbetrag = 170000", "hoechstbetrag = {}", "hoechstbetrag"),
    ("pauschale = 50000", "pauschale = {{ 2025 = {} }}", "pauschale"),
    ("umfang = 1.0", "umfang = {}", "umfang"),
    ("wochenstunden = 41.0", "wochenstunden = {}", "wochenstunden"),
    ("schwerpunkt_mindestanteil = 0.5", "schwerpunkt_mindestanteil = {}", "schwerpunkt_mindestanteil"),
    ("max_stunden_pro_tag = 10", "max_stunden_pro_tag = {}", "max_stunden_pro_tag"),
    ("max_stunden_pro_tag = 10", "max_stunden_pro_tag = 10\nstundentakt = {}", "stundentakt"),
    ("besetzt = [ { von = 2025-01-01, bis = 2025-06-30 } ]",
     "besetzt = [ {{ von = 2025-01-01, bis = 2025-06-30, umfang = {} }} ]", "besetzt"),
    ("mindestens = 4", "mindestens = {}", "mindestens"),
    ("mindestens = 4", "mindestens = 4\nhoechstens = {}", "hoechstens"),
    ("jahr = 2025", "jahr = {}", "jahr"),
    ("\nvon = 2025\n", "\nvon = {}\n", "von"),
    ("anteilig = \"tagesgenau\"", "anteilig = \"tagesgenau\"\n\n[oeffentlich]\nmindestens_stellen = {}",
     "mindestens_stellen"),
    ("anteilig = \"tagesgenau\"", "anteilig = \"tagesgenau\"\n\n[oeffentlich]\nhoechstanteil = {}",
     "hoechstanteil"),
]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "1234567890123456789", "-5"])
@pytest.mark.parametrize(("old", "new", "key"), NUMBER_KEYS, ids=[k for _, _, k in NUMBER_KEYS])
def test_every_number_is_finite_and_plausible(tmp_path, old, new, key, value):
    """NaN, infinities, absurd magnitudes and negative values are configuration errors naming the
    key and its line, never a traceback later (`Invalid literal for Fraction`)."""
    if key in ("jahr", "von", "mindestens", "hoechstens", "mindestens_stellen") and value in (
            "nan", "inf", "-inf", "1e308"):
        value = {"nan": "nan", "inf": "inf", "-inf": "-inf", "1e308": "99999999999"}[value]
    new_line = new.format(value)
    text = KI_TOML.replace(old, new_line, 1)
    found = befunde(tmp_path, text)
    line = _line(text, new_line.strip().splitlines()[-1])
    assert (found[0].code, found[0].zeile, found[0].spalte) == ("konfig-ungueltig", line, key), found
    assert not any(word in f.meldung for f in found for word in ("Fraction", "Decimal", "Traceback"))


@pytest.mark.parametrize(("value", "words"), [
    ("nan", "ist kein Betrag (nan)"), ("inf", "ist kein Betrag (inf)"),
    ("1234567890123456789", "mehr als 10.000.000 € im Jahr ist kein plausibler Betrag"),
    ("10000000.01", "mehr als 10.000.000 € im Jahr ist kein plausibler Betrag"),
    ("999.99", "weniger als 1.000 € im Jahr")])
def test_amount_messages(tmp_path, value, words):
    [f] = befunde(tmp_path, KI_TOML.replace("pauschale = 50000", f"pauschale = {value}", 1))
    assert words in f.meldung, f.meldung


@pytest.mark.parametrize(("old", "new", "words"), [
    ("umfang = 1.0", "umfang = nan", "ist keine gültige Zahl (nan)"),
    ("wochenstunden = 41.0", "wochenstunden = -inf", "ist keine gültige Zahl (-inf)"),
    ("bis = 2025-06-30", "bis = 2100-01-01", "das Datum 2100-01-01 liegt nicht zwischen 1990 und 2099"),
    ("von = 2025-01-01", "von = 0001-01-01", "das Datum 0001-01-01 liegt nicht zwischen 1990 und 2099"),
])
def test_number_and_date_messages(tmp_path, old, new, words):
    [f] = befunde(tmp_path, KI_TOML.replace(old, new, 1))
    assert words in f.meldung, f.meldung


def test_amounts_at_the_bounds_are_allowed(tmp_path):
    text = KI_TOML.replace("pauschale = 50000", "pauschale = 1000", 1).replace(
        "hoechstbetrag = 170000", "hoechstbetrag = 10000000", 1)
    config = load(tmp_path, text)
    assert (config.stelle("FK1").pauschale.fuer(2025), config.programm("KI").hoechstbetrag.fuer(2025)) == \
        (1000, 10_000_000)


def test_amounts_have_a_ceiling_and_cents_at_most(tmp_path):
    [f] = befunde(tmp_path, KI_TOML.replace("pauschale = 50000", "pauschale = 1234567890123456789", 1))
    assert "10.000.000 €" in f.meldung
    [f] = befunde(tmp_path, KI_TOML.replace("pauschale = 50000", "pauschale = 50000.125", 1))
    assert "Nachkommastellen" in f.meldung
    config = load(tmp_path, KI_TOML.replace("pauschale = 50000", "pauschale = 50000.5", 1))
    assert config.stelle("FK1").pauschale.fuer(2025) == 50000.5


def test_nan_pauschale_is_an_error_with_line_not_a_traceback_in_the_cli(tmp_path):
    from click.testing import CliRunner

    from kibericht.cli import cli

    (tmp_path / "ki.toml").write_text(KI_TOML.replace("pauschale = 50000", "pauschale = nan", 1), "utf-8")
    result = CliRunner().invoke(cli, ["foerderung", "--jahr", "2025", "--config",
                                       str(tmp_path / "ki.toml"), "--format", "json"])
    assert result.exit_code == 2, result.output
    [fehler] = json.loads(result.stdout)["fehler"]
    assert (fehler["code"], fehler["zeile"], fehler["spalte"]) == (
        "konfig-ungueltig", _line(KI_TOML, "pauschale = 50000"), "pauschale")


# --- messages that say how to write it -------------------------------------------------------------

def test_decimal_comma_says_write_a_point(tmp_path):
    text = KI_TOML.replace("umfang = 1.0", "umfang = 0,5", 1)
    [f] = befunde(tmp_path, text)
    assert (f.code, f.zeile) == ("konfig-syntax", _line(text, "umfang = 0,5"))
    assert "Schreiben Sie 0.5 (Punkt statt Komma)" in f.meldung and "umfang = 0.5" in f.meldung
    # inside an inline table too
    text = KI_TOML.replace("bis = 2025-06-30 }", "bis = 2025-06-30, umfang = 0,5 }", 1)
    [f] = befunde(tmp_path, text)
    assert "Schreiben Sie 0.5" in f.meldung


def test_toml_errors_name_tables_as_written(tmp_path):
    text = KI_TOML + "\n[regeln]\nanteilig = \"tagesgenau\"\n"
    [f] = befunde(tmp_path, text)
    assert "Die Tabelle [regeln] ist doppelt angelegt" in f.meldung and "('regeln',)" not in f.meldung
    assert f.zeile == len(text.splitlines()) - 1


@pytest.mark.parametrize(("header", "guess"), [
    ("[[schwerpunkt.meilensteine]]", "[[schwerpunkte.meilensteine]]"),
    ("[[schwerpunkte.meilenstein]]", "[[schwerpunkte.meilensteine]]"),
    ("[regel]", "[regeln]")])
def test_unknown_table_names_its_line_and_the_likely_name(tmp_path, header, guess):
    text = KI_TOML + f"\n{header}\njahr = 2026\ntext = \"x\"\n"
    [f] = befunde(tmp_path, text)
    assert (f.code, f.zeile) == ("konfig-ungueltig", _line(text, header))
    assert f"Unbekannte Tabelle {header}" in f.meldung and f"Meinten Sie {guess}?" in f.meldung


def test_every_config_error_has_a_line(tmp_path):
    text = KI_TOML.replace("umfang = 1.0", "umfang = nan", 1).replace("mindestens = 4", "mindestens = -1") \
        .replace("anteilig = \"tagesgenau\"", "anteilig = \"taeglich\"") + "\n[[schwerpunkt.meilensteine]]\n"
    found = befunde(tmp_path, text)
    assert len(found) == 4 and all(f.zeile for f in found), found


# --- new keys ------------------------------------------------------------------------------------

def test_new_keys_have_defaults(config):
    assert (config.kennung, config.nachweise, config.regeln.stundentakt) == ("KI-TESTKREIS", None, None)
    assert (config.oeffentlich.mindestens_stellen, config.oeffentlich.hoechstanteil) == (3, 0.85)
    assert config.schwerpunkt("SP1").meilensteine[0].zaehlt == "termine"
    assert config.befunde == ()


def test_new_keys_are_read(tmp_path):
    text = KI_TOML.replace('kommunen = ["Alfter", "Bornheim", "Eitorf"]',
                           'kommunen = ["Alfter", "Bornheim", "Eitorf"]\nkennung = "KI-TK"') \
        .replace("mindestens = 4", "mindestens = 4\nzaehlt = \"eintraege\"") \
        .replace("max_stunden_pro_tag = 10", "max_stunden_pro_tag = 10\nstundentakt = 0.25") \
        + "\n[nachweise]\nordner = \"daten/nachweise\"\n\n[oeffentlich]\nmindestens_stellen = 4\n" \
          "hoechstanteil = 0.6\n"
    config = load(tmp_path, text)
    assert (config.kennung, config.nachweise, config.regeln.stundentakt) == (
        "KI-TK", tmp_path / "daten/nachweise", 0.25)
    assert (config.oeffentlich.mindestens_stellen, config.oeffentlich.hoechstanteil) == (4, 0.6)
    assert config.schwerpunkt("SP1").meilensteine[0].zaehlt == "eintraege"


@pytest.mark.parametrize(("old", "new", "key", "word"), [
    ('kommunen = ["Alfter", "Bornheim", "Eitorf"]', 'kommunen = ["A"]\nkennung = "KI AC"', "kennung",
     "Bindestriche"),
    ('kommunen = ["Alfter", "Bornheim", "Eitorf"]', 'kommunen = ["A"]\nkennung = "KI-ÄC"', "kennung",
     "Bindestriche"),
    ('kommunen = ["Alfter", "Bornheim", "Eitorf"]', 'kommunen = ["A"]\nkennung = "K"', "kennung",
     "Bindestriche"),
    ("mindestens = 4", 'mindestens = 4\nzaehlt = "treffen"', "zaehlt", "„termine“ und „eintraege“"),
    ("max_stunden_pro_tag = 10", "max_stunden_pro_tag = 10\nstundentakt = 0.3", "stundentakt",
     "gleiche Teile"),
    ("max_stunden_pro_tag = 10", "max_stunden_pro_tag = 10\nstundentakt = 0", "stundentakt", "über 0"),
    ("anteilig = \"tagesgenau\"", "anteilig = \"tagesgenau\"\n\n[oeffentlich]\nmindestens_stellen = 2",
     "mindestens_stellen", "zwischen 3 und 50"),
    ("anteilig = \"tagesgenau\"", "anteilig = \"tagesgenau\"\n\n[oeffentlich]\nhoechstanteil = 0.9",
     "hoechstanteil", "zwischen 0,5 und 0,85"),
    ("anteilig = \"tagesgenau\"", "anteilig = \"tagesgenau\"\n\n[nachweise]\nordner = \" \"", "ordner",
     "nicht leer"),
])
def test_new_keys_are_checked(tmp_path, old, new, key, word):
    text = KI_TOML.replace(old, new, 1)
    [f] = befunde(tmp_path, text)
    assert (f.spalte, f.zeile) == (key, _line(text, new.splitlines()[-1])) and word in f.meldung, f.meldung


def test_zaehlt_needs_a_countable_milestone(tmp_path):
    text = KI_TOML.replace('taetigkeit = "Netzwerktreffen"\nmindestens = 4', 'zaehlt = "termine"', 1)
    [f] = befunde(tmp_path, text)
    assert (f.spalte, f.zeile) == ("zaehlt", _line(text, 'zaehlt = "termine"'))


# --- IDs that look alike -----------------------------------------------------------------------------

def test_cyrillic_id_beside_latin_is_a_warning(tmp_path):
    text = KI_TOML.replace('id = "FK2"', 'id = "FК1"', 1)  # Cyrillic К
    config = load(tmp_path, text)
    [f] = config.befunde
    assert (f.code, f.schwere, f.zeile, f.spalte, f.wert) == (
        "konfig-verwechselbar", "warnung", _line(text, 'id = "FК1"'), "id", "FК1")
    assert "„FК1“ sieht aus wie „FK1“" in f.meldung and "kyrillische „К“ (U+041A)" in f.meldung
    fk1 = _line(text, 'id = "FK1"')
    assert f"Zeile {fk1}" in f.meldung


def test_cyrillic_letters_alone_and_look_alike_digits(tmp_path):
    text = KI_TOML.replace('id = "FK2"', 'id = "FКl"', 1).replace('id = "L1"', 'id = "ԼI"', 1)
    found = load(tmp_path, text).befunde
    assert [(f.wert, f.code) for f in found] == [("FКl", "konfig-verwechselbar")]
    text = KI_TOML.replace('id = "FK2"', 'id = "FKl"', 1)  # a small L for the 1
    [f] = load(tmp_path, text).befunde
    assert "„FKl“ sieht aus wie „FK1“" in f.meldung
    text = KI_TOML.replace('id = "L1"', 'id = "Lеhrer"', 1)  # a Cyrillic е and nothing alike
    [f] = load(tmp_path, text).befunde
    assert "„Lеhrer“ enthält das kyrillische „е“ (U+0435)" in f.meldung and "„Lehrer“" in f.meldung


def test_schwerpunkt_ids_that_look_alike(tmp_path):
    text = KI_TOML.replace('id = "SP2"', 'id = "SР1"', 1)  # Cyrillic Р
    [f] = load(tmp_path, text).befunde
    assert (f.wert, f.zeile) == ("SР1", _line(text, 'id = "SР1"')) and "Schwerpunkt-ID" in f.meldung


def test_config_warnings_are_printed_and_json_stays_one_document(tmp_path):
    from click.testing import CliRunner

    from kibericht.cli import cli

    path = tmp_path / "ki.toml"
    path.write_text(KI_TOML.replace('id = "FK2"', 'id = "FК1"', 1), "utf-8")
    result = CliRunner().invoke(cli, ["foerderung", "--jahr", "2025", "--config", str(path),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "warnung [konfig-verwechselbar]" in result.stderr
