"""The use case „einrichten“ (anwendung/einrichtung): steps checked with the loader's rules across
keys, the consequences equal to `kibericht foerderung`, saving that never overwrites unasked —
and the Pauschale per month of a small KI computed by hand."""

from __future__ import annotations

import json
import tomllib

import pytest
from click.testing import CliRunner

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler
from kibericht.anwendung import einrichtung as ein
from kibericht.cli import cli
from kibericht.konfig import load_config
from tests.test_einrichtung_formular import loader_meldungen

KI = {"name": "KI Test", "kreis": "", "kommunen": "Alfter", "jahre": "2025", "anteilig": "tagesgenau"}


def _klein() -> ein.Entwurf:
    """A small KI: FK1 filled from 01.03.2025, VA1 (½ Stelle) until 15.05.2025, L1 from the Land."""
    e = ein.neuer_entwurf()
    for schritt, formular in [
        ("ki", KI),
        ("programm", {"name": "KI", "hoechstbetrag_2025": "100.000"}),
        ("stelle", {"id": "FK1", "art": "Fachkraft", "foerderung": "KI", "pauschale_2025": "57.000",
                    "besetzt_1_von": "01.03.2025"}),
        ("stelle", {"id": "VA1", "art": "Assistenz", "umfang": "0,5", "foerderung": "KI",
                    "pauschale_2025": "22.500", "besetzt_1_von": "01.01.2025",
                    "besetzt_1_bis": "15.05.2025"}),
        ("stelle", {"id": "L1", "art": "Lehrkraft", "foerderung": "Land", "wochenstunden": "41"}),
    ]:
        ergebnis = ein.pruefe_schritt(e, schritt, formular)
        assert ergebnis.ok, ergebnis.befunde
        e = ergebnis.entwurf
    return e


def test_the_pauschale_per_month_by_hand_is_what_the_setup_shows_and_foerderung_says(tmp_path):
    # by hand, tagesgenau: FK1 57 000 / 12 = 4 750,00 a month from March, January and February 0;
    # VA1 22 500 / 12 = 1 875,00 a month January to April, May 1 875 × 15/31 = 907,258…, paid as
    # the running total rounded (7 500 + 907,258… = 8 407,26 → 907,26), June to December 0
    fk1 = [0.0, 0.0] + [4750.0] * 10
    va1 = [1875.0] * 4 + [907.26] + [0.0] * 7
    folgen = ein.folgen(_klein(), 2025)
    assert folgen.ergebnis is not None
    doc = folgen.dokument
    assert (doc["stellen"]["FK1"]["monate"], doc["stellen"]["VA1"]["monate"]) == (fk1, va1)
    assert (doc["stellen"]["FK1"]["anspruch"], doc["stellen"]["VA1"]["anspruch"]) == (47500.0, 8407.26)
    assert doc["programme"]["KI"]["monate_kumuliert"][4] == 1875 * 4 + 4750 * 3 + 907.26
    assert (doc["programme"]["KI"]["anspruch"], doc["programme"]["KI"]["ueberschritten"]) == (55907.26, False)
    assert doc["ohne_pauschale"] == {"L1": "Land"}
    # the same from the saved file, through the command line
    ein.speichern(_klein(), tmp_path / "ki.toml")
    result = CliRunner().invoke(cli, ["foerderung", "--jahr", "2025", "--config", str(tmp_path / "ki.toml"),
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.output) == doc == anwendung.foerderung(tmp_path / "ki.toml", 2025).dokument


def test_a_cap_exceeded_shows_in_the_consequences():
    e = ein.pruefe_schritt(_klein(), "programm", {"name": "KI", "hoechstbetrag_2025": "50.000"}, nr=0).entwurf
    f = ein.folgen(e, 2025)
    assert f.ergebnis is not None and f.ergebnis.exit_code == 3
    assert f.dokument["programme"]["KI"]["ueberschreitung"] == 5907.26


def test_no_consequences_while_the_draft_has_errors():
    f = ein.folgen(ein.neuer_entwurf(), 2025)
    assert f.ergebnis is None and f.befunde and f.dokument["jahr"] == 2025


@pytest.mark.parametrize(("formular", "feld", "toml"), [
    ({"foerderung": "KIM"}, "foerderung", {"foerderung": '"KIM"'}),
    ({"besetzt_1_von": "01.01.2025", "besetzt_1_umfang": "1,5"}, "besetzt",
     {"besetzt": "[ { von = 2025-01-01, umfang = 1.5 } ]"}),
    ({"besetzt_1_von": "01.01.2025", "besetzt_2_von": "01.06.2025"}, "besetzt",
     {"besetzt": "[ { von = 2025-01-01 }, { von = 2025-06-01 } ]"}),
    ({"besetzt_1_von": "01.06.2025", "besetzt_1_bis": "01.01.2025"}, "besetzt",
     {"besetzt": "[ { von = 2025-06-01, bis = 2025-01-01 } ]"}),
    ({"pauschale": ""}, "pauschale", {"pauschale": None}),
])
def test_a_step_gets_the_loaders_message_across_keys(tmp_path, formular, feld, toml):
    e = ein.pruefe_schritt(ein.neuer_entwurf(), "programm", {"name": "KI", "hoechstbetrag": "170000"}).entwurf
    stelle = {"id": "FK1", "art": "Fachkraft", "foerderung": "KI", "pauschale": "57000", **formular}
    ergebnis = ein.pruefe_schritt(e, "stelle", stelle)
    assert not ergebnis.ok
    assert [(b.schritt, b.nr, b.feld) for b in ergebnis.befunde] == [("stelle", 0, feld)]
    assert [b.meldung for b in ergebnis.befunde] == loader_meldungen(tmp_path, stelle=toml)


def test_a_step_reports_only_its_own_item():
    e = _klein()
    # the Lehrkraft is fine, although FK2 does not exist yet anywhere else
    ergebnis = ein.pruefe_schritt(e, "stelle", {"id": "L2", "art": "Lehrkraft", "foerderung": "Land"})
    assert ergebnis.ok and ergebnis.befunde == ()
    assert [s.id for s in ergebnis.entwurf.stellen] == ["FK1", "VA1", "L1", "L2"]


def test_saving_writes_a_file_that_loads_without_findings_and_creates_the_logs_folder(tmp_path):
    e = ein.pruefe_schritt(_klein(), "ordner", {"nachweise": "nachweise"}).entwurf
    ergebnis = ein.speichern(e, tmp_path / "ki.toml")
    assert (ergebnis.neu, ergebnis.ordner_angelegt, ergebnis.exit_code) == (True, tmp_path / "nachweise", 0)
    assert (tmp_path / "nachweise").is_dir()
    assert load_config(tmp_path / "ki.toml").befunde == ()
    assert ergebnis.dokument["stellen"] == 3 and ergebnis.dokument["programme"] == ["KI"]
    pruefung = anwendung.pruefen([tmp_path / "nachweise"], tmp_path / "ki.toml")
    assert pruefung.exit_code == 0 and [f.code for f in pruefung.befunde] == ["ordner-leer"]


def test_saving_never_overwrites_unasked(tmp_path):
    ziel = tmp_path / "ki.toml"
    ziel.write_text("# fremd\n", "utf-8")
    with pytest.raises(Aufruffehler) as fehler:
        ein.speichern(_klein(), ziel)
    assert "gibt es schon" in fehler.value.meldung and ziel.read_text("utf-8") == "# fremd\n"
    assert ein.speichern(_klein(), ziel, ueberschreiben=True).neu is False


def test_saving_refuses_a_draft_with_errors_and_writes_nothing(tmp_path):
    e = ein.pruefe_schritt(_klein(), "stelle", {"id": "FK9", "art": "Fachkraft", "foerderung": "KOMM-AN",
                                                "pauschale": "57000"}).entwurf
    with pytest.raises(Aufruffehler) as fehler:
        ein.speichern(e, tmp_path / "ki.toml")
    assert [f.code for f in fehler.value.befunde] == ["konfig-ungueltig"]
    assert "KOMM-AN" in fehler.value.meldung and not (tmp_path / "ki.toml").exists()


def test_editing_refuses_a_file_changed_meanwhile(tmp_path):
    ziel = tmp_path / "ki.toml"
    ein.speichern(_klein(), ziel)
    e = ein.entwurf_aus_datei(ziel)
    e = ein.pruefe_schritt(e, "stelle", {"id": "L2", "art": "Lehrkraft", "foerderung": "Land"}).entwurf
    ziel.write_text(ziel.read_text("utf-8") + "# von Hand ergänzt\n", "utf-8")
    with pytest.raises(Aufruffehler) as fehler:
        ein.speichern(e, ziel)
    assert "geändert" in fehler.value.meldung and ziel.read_text("utf-8").endswith("# von Hand ergänzt\n")
    e = ein.pruefe_schritt(ein.entwurf_aus_datei(ziel), "stelle", {"id": "L2", "art": "Lehrkraft",
                                                                     "foerderung": "Land"}).entwurf
    assert ein.speichern(e, ziel).neu is False
    text = ziel.read_text("utf-8")
    assert [s["id"] for s in tomllib.loads(text)["stellen"]] == ["FK1", "VA1", "L1", "L2"]
    assert "# von Hand ergänzt" in text


def test_a_file_that_is_no_toml_cannot_be_edited(tmp_path):
    (tmp_path / "ki.toml").write_text("[ki\n", "utf-8")
    with pytest.raises(Aufruffehler) as fehler:
        ein.entwurf_aus_datei(tmp_path / "ki.toml")
    assert [(f.code, f.zeile) for f in fehler.value.befunde] == [("konfig-syntax", 1)]
    with pytest.raises(Aufruffehler) as fehler:
        ein.entwurf_aus_datei(tmp_path / "fehlt.toml")
    assert [f.code for f in fehler.value.befunde] == ["konfig-fehlt"]


def test_answers_from_a_file_fill_the_kreis_towns_and_replace_by_id(tmp_path):
    antworten = {
        "ki": {"kreis": "Kreis Olpe", "name": "KI Kreis Olpe", "jahre": 2025},
        "programm": [{"name": "KI", "hoechstbetrag_2025": 200000}],
        "stelle": [{"id": "FK1", "art": "Fachkraft", "foerderung": "KI", "pauschale_2025": "57.000"},
                   {"id": "FK1", "art": "Fachkraft", "umfang": 0.5, "foerderung": "KI",
                    "pauschale_2025": 28500}],
        "schwerpunkt": [{"id": "SP1", "titel": "T", "handlungsfeld": "Bildung", "zieldimension": "I",
                         "von": 2025, "bis": 2026,
                         "meilenstein": [{"jahr": 2025, "text": "M", "taetigkeit": "Beratung",
                                          "mindestens": 3}]}],
    }
    ergebnis = ein.antworten_anwenden(ein.neuer_entwurf(), antworten)
    assert ergebnis.ok, ergebnis.befunde
    e = ergebnis.entwurf
    assert e.kommunen == ("Attendorn", "Drolshagen", "Finnentrop", "Kirchhundem", "Lennestadt", "Olpe",
                          "Wenden")
    assert [(s.id, s.umfang) for s in e.stellen] == [("FK1", 0.5)]
    assert e.schwerpunkte[0].meilensteine[0].mindestens == 3
    falsch = ein.antworten_anwenden(e, {"stelle": [{"id": "FK2", "art": "Fachkräfte", "foerderung": "Land"}]})
    assert [(b.schritt, b.nr, b.feld) for b in falsch.befunde] == [("stelle", None, "art")]
    assert falsch.entwurf == e  # a wrong item is not taken


def test_the_steps_describe_their_fields_for_a_form():
    schritte = {s.name: s for s in ein.schritte()}
    assert list(schritte) == ["ki", "programm", "stelle", "schwerpunkt", "meilenstein", "ordner"]
    art = next(f for f in schritte["stelle"].felder if f.name == "art")
    assert (art.label, art.pflicht, art.auswahl) == ("Art der Stelle", True,
                                                     ("Lehrkraft", "Fachkraft", "Verwaltung", "Assistenz"))
    assert all(f.label and f.hilfe for s in schritte.values() for f in s.felder)
    assert [s.liste for s in schritte.values()] == [False, True, True, True, True, False]
