"""The setup's forms laid out (einrichtungsformular): each finding of the use case at the field
it names, suggestions from the documented table with their source, the addresses of the items;
and the draft a server holds (web/einrichtung)."""

from __future__ import annotations

import pytest

from kibericht.anwendung import Aufruffehler
from kibericht.anwendung import einrichtung as ein
from kibericht.web.einrichtung import Einrichtungsstand
from kibericht.web.einrichtungsformular import (
    Ziel,
    fehlende_vorschlaege,
    formular,
    vorgaben,
    vorschlaege,
    vorschlaege_einsetzen,
)

KI = {"name": "KI", "kreis": "Kreis Soest", "kommunen": "Soest", "jahre": "2025-2026"}


def _mit_programm() -> ein.Entwurf:
    e = ein.pruefe_schritt(ein.neuer_entwurf(), "ki", KI).entwurf
    return ein.pruefe_schritt(e, "programm", {"name": "KI", "hoechstbetrag": "200000"}).entwurf


def test_each_finding_stands_at_the_field_it_names():
    e = _mit_programm()
    werte = {"id": "FK1", "art": "Fachkraft", "foerderung": "KI", "umfang": "zwei",
             "besetzt_1_von": "31.02.2025"}
    ergebnis = ein.pruefe_schritt(e, "stelle", werte)
    f = formular(e, Ziel("stelle"), werte, ergebnis.befunde)
    felder = {x.name: x for x in f.felder}
    assert [m.text for m in felder["umfang"].meldungen] == [b.meldung for b in ergebnis.befunde
                                                           if b.feld == "umfang"]
    assert felder["besetzt_1_von"].fehlerhaft and not felder["id"].fehlerhaft
    assert f.fehlerhaft and f.fokus == "umfang"  # the cursor goes to the first wrong field
    betraege = [x.name for x in f.felder if x.name.startswith("pauschale")]
    assert betraege == ["pauschale_2025", "pauschale_2026"]
    assert felder["art"].auswahl[0] == ("", "bitte wählen")
    assert [w for w, _ in felder["foerderung"].auswahl] == ["KI", "Land", "Eigenmittel"]


def test_suggestions_come_from_the_table_with_their_source():
    e = _mit_programm()
    v = vorschlaege(e, "stelle", {"art": "Assistenz", "umfang": "0,5", "foerderung": "KI"})
    assert v["pauschale_2025"][0] == "22.500" and "je 0,5 Stelle" in v["pauschale_2025"][1]
    assert "Quelle:" in v["pauschale_2025"][1] and "Maßgeblich ist Ihr Bescheid" in v["pauschale_2025"][1]
    assert vorschlaege(e, "stelle", {"art": "Lehrkraft", "foerderung": "Land"}) == {}
    assert vorschlaege(e, "stelle", {"art": "Fachkraft", "foerderung": "KI", "umfang": "abc"}) == {}
    kreis = vorschlaege(e, "ki", {"kreis": "Soest"})
    assert kreis["name"][0] == "Kommunales Integrationszentrum Kreis Soest" and kreis["kreis"][0] is None
    assert "Kein Kreis" in vorschlaege(e, "ki", {"kreis": "Atlantis"})["kreis"][1]
    stadt = vorschlaege(e, "programm", {"name": "KI"})
    assert stadt["hoechstbetrag_2025"][0] == "364.500"  # a Kreis: 6 × 57.000 + 22.500
    eingesetzt = vorschlaege_einsetzen({"kreis": "Soest", "name": ""}, kreis)
    assert eingesetzt["kreis"] == "Soest" and eingesetzt["name"].endswith("Kreis Soest")
    assert fehlende_vorschlaege({"pauschale_2025": "", "pauschale_2026": ""}, v) == {
        "pauschale_2025": "22.500", "pauschale_2026": "22.500"}
    assert fehlende_vorschlaege({"pauschale_2025": "20.000", "pauschale_2026": ""}, v) == {}


def test_new_items_begin_with_what_the_command_line_suggests_too():
    e = _mit_programm()
    assert vorgaben(e, Ziel("stelle")) == {"umfang": "1", "foerderung": "KI"}
    assert vorgaben(e, Ziel("schwerpunkt"))["von"] == "2025"
    neu = vorgaben(ein.neuer_entwurf(), Ziel("ordner"))
    assert neu["nachweise"] == "nachweise"


def test_the_addresses_of_the_items():
    assert Ziel("ki").url == "/einstellungen/einrichten/ki"
    assert Ziel("stelle", 1).url == "/einstellungen/einrichten/stelle/2"
    assert Ziel("programm").url == "/einstellungen/einrichten/programm/neu"
    assert Ziel("meilenstein", None, 0).url == "/einstellungen/einrichten/schwerpunkt/1/meilenstein/neu"


def test_the_draft_begins_from_the_file_and_is_written_only_there(tmp_path):
    datei = tmp_path / "ki.toml"
    stand = Einrichtungsstand(datei)
    assert stand.entwurf().vorlage is None and stand.begonnen
    datei.write_text("[ki\n", "utf-8")
    stand.verwerfen()
    with pytest.raises(Aufruffehler):
        stand.entwurf()  # no TOML: cannot be edited here
    datei.unlink()
    stand.verwerfen()
    e = ein.pruefe_schritt(stand.entwurf(), "ki", {**KI, "jahre": "2025"}).entwurf
    e = ein.pruefe_schritt(e, "stelle", {"id": "L1", "art": "Lehrkraft", "foerderung": "Land"}).entwurf
    stand.setzen(e)
    ergebnis = stand.speichern()
    assert ergebnis.datei == datei and ergebnis.neu and not stand.begonnen
    assert stand.entwurf().vorlage == datei.read_text("utf-8")  # begun anew from the file written
