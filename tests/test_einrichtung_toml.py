"""A draft written as ki.toml (konfig/einrichtung_toml): a new file is commented and loads without
findings; an existing file is edited in place, its comments and unknown parts kept; the whole
draft is checked by the loader and each finding lands at its step, item and field."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from kibericht.konfig.einrichtung import Entwurf, Rohwert, entwurf_aus_text
from kibericht.konfig.einrichtung_formular import entferne, formular_von, setze
from kibericht.konfig.einrichtung_toml import als_toml, pruefe_entwurf

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "ki.toml"


def _entwurf() -> Entwurf:
    schritte = [
        ("ki", {"name": "Kommunales Integrationszentrum Kreis Düren", "kreis": "Kreis Düren",
                "kommunen": "Düren, Jülich", "jahre": "2025-2026", "anteilig": "tagesgenau"}, None),
        ("programm", {"name": "KI", "hoechstbetrag_2025": "364.500", "hoechstbetrag_2026": "200000"}, None),
        ("stelle", {"id": "FK1", "bezeichnung": "Fachkraft", "art": "Fachkraft", "umfang": "0,75",
                    "foerderung": "KI", "pauschale_2025": "42.750", "pauschale_2026": "43000",
                    "besetzt_1_von": "01.03.2025", "besetzt_1_bis": "30.06.2025",
                    "besetzt_1_notiz": "Elternzeit ab Juli",
                    "besetzt_2_von": "01.09.2025", "besetzt_2_umfang": "0,5"}, None),
        ("stelle", {"id": "L1", "art": "Lehrkraft", "foerderung": "Land", "wochenstunden": "41"}, None),
        ("schwerpunkt", {"id": "SP1", "titel": "Übergang Kita – Schule", "handlungsfeld": "Bildung",
                         "zieldimension": "II", "von": "2025", "bis": "2026"}, None),
        ("meilenstein", {"jahr": "2025", "text": "4–6 Netzwerktreffen", "taetigkeit": "Netzwerktreffen",
                         "mindestens": "4", "hoechstens": "6"}, 0),
        ("ordner", {"nachweise": "nachweise", "ablage": "//server/ki/abschluesse"}, None),
    ]
    e = Entwurf()
    for schritt, formular, eltern in schritte:
        e, befunde = setze(e, schritt, formular, eltern=eltern)
        assert befunde == (), befunde
    return e


def test_an_unchanged_file_stays_byte_for_byte():
    text = SAMPLE.read_text("utf-8")
    assert als_toml(entwurf_aus_text(text)) == text


def test_editing_changes_only_what_changed_and_keeps_every_comment():
    text = SAMPLE.read_text("utf-8")
    e = entwurf_aus_text(text)
    formular = formular_von(e, "stelle", 2)  # FK1
    formular.update(pauschale_2025="58.000", besetzt_2_umfang="0,5")
    e, befunde = setze(e, "stelle", formular, nr=2)
    assert befunde == ()
    neu = als_toml(e)
    geaendert = [z for z in difflib.unified_diff(text.splitlines(), neu.splitlines(), lineterm="", n=0)
                 if z[:1] in "+-" and not z.startswith(("+++", "---"))]
    assert geaendert == ["-pauschale = { 2025 = 57000 }", "+pauschale = {2025 = 58000}",
                         "-  { von = 2025-09-01, umfang = 0.75 },", "+  { von = 2025-09-01, umfang = 0.5 },"]
    kommentare = [z for z in text.splitlines() if z.lstrip().startswith("#")]
    assert [z for z in neu.splitlines() if z.lstrip().startswith("#")] == kommentare


def test_removing_a_stelle_keeps_the_comment_that_leads_to_the_next():
    text = SAMPLE.read_text("utf-8")
    e = entferne(entwurf_aus_text(text), "stelle", 1)  # L2, whose last lines introduce FK1
    neu = als_toml(e)
    assert 'id = "L2"' not in neu
    assert "# Fachkraft 1: ab September Teilzeit mit 0,75 VZÄ.\n[[stellen]]\nid = \"FK1\"" in neu
    assert [s["id"] for s in tomllib.loads(neu)["stellen"]] == ["L1", "FK1", "FK2", "VW1", "VA1"]


def test_a_new_stelle_comes_after_the_last_one_before_the_next_section():
    e = entwurf_aus_text(SAMPLE.read_text("utf-8"))
    e, befunde = setze(e, "stelle", {"id": "KM1", "art": "Fachkraft", "foerderung": "KI",
                                     "pauschale_2025": "57000"})
    assert befunde == ()
    neu = als_toml(e)
    assert neu.index('id = "KM1"') < neu.index("# [[schwerpunkte]] – die vom Ausschuss")
    assert [s["id"] for s in tomllib.loads(neu)["stellen"]][-2:] == ["VA1", "KM1"]


UNBEKANNTES = """[ki]
name = "KI Test"
kommunen = ["Alfter"]
kennung = "KI-TEST"  # fest
taetigkeiten = ["Beratung", "Netzwerktreffen", "Hausbesuch"]

[regeln]
stundentakt = 0.25
soll_lehrkraefte = "keine"

[[programme]]
name = "KI"
hoechstbetrag = 100000

[[stellen]]
id = "FK1"
art = "Fachkraft"
foerderung = "KI"
pauschale = "57.000 €"

[[schwerpunkte]]
id = "SP1"
titel = "T"
handlungsfeld = "Bildung"
zieldimension = "I"
von = 2025
bis = 2026

[[schwerpunkte.meilensteine]]
jahr = 2025
text = "Hausbesuche"
taetigkeit = "Hausbesuch"
mindestens = 10
zaehlt = "eintraege"

[oeffentlich]
mindestens_stellen = 4
"""


def test_what_the_questions_do_not_ask_stays_as_it_is():
    e = entwurf_aus_text(UNBEKANNTES)
    e, _ = setze(e, "ki", {**formular_von(e, "ki"), "name": "KI Neu"})
    e, befunde = setze(e, "stelle", {**formular_von(e, "stelle", 0), "pauschale": "57000"}, nr=0)
    assert befunde == ()
    raw = tomllib.loads(als_toml(e))
    assert raw["ki"]["name"] == "KI Neu" and raw["stellen"][0]["pauschale"] == 57000
    assert raw["ki"]["kennung"] == "KI-TEST" and raw["ki"]["taetigkeiten"][-1] == "Hausbesuch"
    assert raw["regeln"] == {"stundentakt": 0.25, "soll_lehrkraefte": "keine"}
    assert raw["schwerpunkte"][0]["meilensteine"][0]["zaehlt"] == "eintraege"
    assert raw["oeffentlich"] == {"mindestens_stellen": 4}
    assert 'kennung = "KI-TEST"  # fest' in als_toml(e)


def test_a_wrong_value_of_the_file_is_kept_and_reported_at_its_field():
    e = entwurf_aus_text(UNBEKANNTES)
    assert isinstance(e.stellen[0].pauschale, Rohwert)
    pruefung = pruefe_entwurf(e)
    assert pruefung.config is None and als_toml(e) == UNBEKANNTES
    assert [(b.schritt, b.nr, b.feld) for b in pruefung.befunde] == [("stelle", 0, "pauschale")]
    assert pruefung.befunde[0].meldung == e.stellen[0].pauschale.meldung


def test_findings_across_keys_name_step_item_and_field():
    e = _entwurf()
    formular = {**formular_von(e, "stelle", 0), "foerderung": "KIM", "besetzt_2_von": "01.05.2025"}
    e, befunde = setze(e, "stelle", formular, nr=0)
    assert befunde == ()  # each value alone is fine
    formular = {**formular_von(e, "meilenstein", 0, 0), "taetigkeit": "Tanzen"}
    e, _ = setze(e, "meilenstein", formular, nr=0, eltern=0)
    pruefung = pruefe_entwurf(e)
    assert sorted((b.schritt, b.nr, b.feld, b.eltern) for b in pruefung.befunde) == [
        ("meilenstein", 0, "taetigkeit", 0), ("stelle", 0, "besetzt", None),
        ("stelle", 0, "foerderung", None)]
    assert any("überschneiden sich" in b.meldung for b in pruefung.befunde)


def test_look_alike_ids_are_warnings_of_the_item():
    e = _entwurf()
    e, _ = setze(e, "stelle", {"id": "F\u041a2", "art": "Lehrkraft", "foerderung": "Land"})  # a Cyrillic К
    pruefung = pruefe_entwurf(e)
    assert pruefung.ok
    assert [(b.schritt, b.nr, b.feld, b.schwere) for b in pruefung.befunde] == [
        ("stelle", 2, "id", "warnung")]
