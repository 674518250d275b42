"""The use cases of the Meldung and the paper: `melden` (the Meldung from the Ablage), what
`abschliessen` adds (the Prüfcode, the Meldung beside the Ablage, a filing that stands when the
Meldung cannot be written) and `pruefcode_verifizieren`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler, melden, monat, pruefcode_verifizieren
from kibericht.anwendung.meldung import meldungsordner
from kibericht.konfig import load_config
from kibericht.land.lesen import lies_meldung
from tests.ablage_ki import KI, MAERZ
from tests.conftest import HEADER, entry

FEBRUAR = [HEADER, entry(3, month=2, stunden=2.0), entry(4, month=2, stelle="FK2", stunden=1.25, tn=4)]
MAERZ_2025 = monat("2025-03")


@pytest.fixture(scope="module")
def vorlage(tmp_path_factory) -> Path:
    """A KI whose March is closed through the use case (with the real report and the Meldung)."""
    ki = KI(tmp_path_factory.mktemp("meldung") / "ki")
    ergebnis = anwendung.abschliessen([ki.nachweise], ki.config_path, MAERZ_2025)
    assert ergebnis.exit_code == 0 and ergebnis.meldung is not None
    return ki.root


@pytest.fixture
def ki(vorlage, tmp_path) -> KI:
    shutil.copytree(vorlage, tmp_path / "ki")
    return KI.vorhanden(tmp_path / "ki")


def test_closing_writes_the_meldung_beside_the_ablage_and_holds_the_pruefcode(tmp_path):
    ki = KI(tmp_path / "ki")
    e = anwendung.abschliessen([ki.nachweise], ki.config_path, MAERZ_2025)
    assert e.exit_code == 0 and e.meldung_fehler == ()
    datei = ki.root / "meldungen" / "Meldung_KI-TESTKREIS_2025-03.zip"
    assert e.meldung is not None and e.meldung.datei == datei and datei.read_bytes() == e.meldung.daten
    assert e.dateien[-1] == datei and datei not in e.abgelegt  # written, not filed
    assert e.pruefcode == e.glied.daten["pruefcode"]
    doc = e.dokument
    assert (doc["pruefcode"], doc["meldung"]["sha256"], doc["meldung"]["fehler"]) == \
        (e.pruefcode, e.meldung.sha256, [])
    gelesen = lies_meldung(datei)
    assert gelesen.gueltig, [f.render() for f in gelesen.befunde]
    assert (gelesen.inhalt.kopf.nr, gelesen.inhalt.kopf.sha256) == (1, e.glied.sha256)
    # the folder of Meldungen is no part of the Ablage: verifizieren finds it intact
    assert anwendung.verifizieren(ki.config_path).exit_code == 0


def test_melden_writes_the_same_bytes_again_and_offers_them_without_writing(ki, tmp_path):
    config = load_config(ki.config_path)
    assert meldungsordner(config) == ki.root / "meldungen"
    frueher = (ki.root / "meldungen" / "Meldung_KI-TESTKREIS_2025-03.zip").read_bytes()
    shutil.rmtree(ki.nachweise)  # the Ablage alone
    e = melden(ki.config_path, MAERZ_2025, tmp_path / "neu")
    assert e.exit_code == 0 and e.datei.read_bytes() == frueher and e.hinweise == ()
    nur = melden(ki.config_path, MAERZ_2025, schreiben=False)
    assert (nur.datei, nur.daten, nur.dateiname) == (None, frueher, "Meldung_KI-TESTKREIS_2025-03.zip")
    doc = e.dokument
    assert (doc["monat"], doc["ki"]["kennung"], doc["abschluss"]["nr"], doc["bytes"]) == \
        ("2025-03", "KI-TESTKREIS", 1, len(frueher))
    assert 0 < doc["gesperrt"] <= doc["sperrbar"]


def test_a_month_not_closed_or_reopened_has_no_meldung(ki):
    with pytest.raises(Aufruffehler, match="April 2025 ist nicht abgeschlossen"):
        melden(ki.config_path, monat("2025-04"))
    ki.wiedereroeffnen("2025-03")
    with pytest.raises(Aufruffehler, match=r"wurde wiedereröffnet \(Nr. 0002\) und ist nicht wieder"):
        melden(ki.config_path, MAERZ_2025)
    with pytest.raises(Aufruffehler, match="liegt in der Ablage"):
        melden(ki.config_path, MAERZ_2025, ki.ablage / "x")


def test_a_damaged_ablage_gives_its_errors_and_no_meldung(ki, tmp_path):
    pdf = next(ki.ablage.glob("0001_*/*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%")
    e = melden(ki.config_path, MAERZ_2025, tmp_path / "neu")
    assert e.exit_code == 1 and e.datei is None and not (tmp_path / "neu").exists()
    assert [f.code for f in e.befunde] == ["abschluss-datei-geaendert"]


def test_a_changed_ki_toml_is_named_and_refused_when_it_changes_a_figure(ki):
    text = ki.config_path.read_text("utf-8")
    ki.config_path.write_text(text + "\n# eine Bemerkung\n", encoding="utf-8")
    e = melden(ki.config_path, MAERZ_2025)
    assert len(e.hinweise) == 1 and "seit dem Abschluss geändert" in e.hinweise[0]
    ki.config_path.write_text(text.replace("pauschale = 50000", "pauschale = 51000"), encoding="utf-8")
    with pytest.raises(Aufruffehler) as fehler:
        melden(ki.config_path, MAERZ_2025)
    assert "Förderung" in fehler.value.meldung and "--config" in fehler.value.meldung
    assert fehler.value.befunde[0].datei.endswith("Abschluss_2025-03.json")


def test_a_meldung_that_cannot_be_written_leaves_the_filing_standing(tmp_path):
    ki = KI(tmp_path / "ki", Februar=FEBRUAR, März=MAERZ)
    e = anwendung.abschliessen([ki.nachweise], ki.config_path, MAERZ_2025)
    # February has entries but is not closed: the Meldung would count other figures since January
    assert e.exit_code == 0 and e.glied is not None and e.meldung is None
    assert "Nicht abgeschlossen ist Februar 2025" in e.meldung_fehler[0].meldung
    assert e.dokument["meldung"] == {"datei": None, "sha256": None,
                                     "fehler": [f.to_json() for f in e.meldung_fehler]}
    assert not (ki.root / "meldungen").exists()
    # once February is closed, both Meldungen are written
    feb = anwendung.abschliessen([ki.nachweise], ki.config_path, monat("2025-02"))
    assert feb.meldung is not None
    assert melden(ki.config_path, MAERZ_2025).exit_code == 0


def test_a_meldungen_folder_that_cannot_be_written_is_named(tmp_path):
    ki = KI(tmp_path / "ki")
    (ki.root / "meldungen").write_text("keine Meldung", encoding="utf-8")
    e = anwendung.abschliessen([ki.nachweise], ki.config_path, MAERZ_2025)
    assert e.exit_code == 0 and e.glied is not None
    assert [f.code for f in e.meldung_fehler] == ["ausgabe-nicht-schreibbar"]


def test_pruefcode_verifizieren_answers_about_the_signed_paper(ki):
    daten = json.loads(next(ki.ablage.glob("0001_*/Abschluss_2025-03.json")).read_bytes())
    e = pruefcode_verifizieren(ki.config_path, daten["pruefcode"].lower().replace("-", " "))
    assert (e.exit_code, e.ergebnis.status, e.ergebnis.monat, e.ergebnis.version) == \
        (0, "gefunden", "2025-03", 1)
    assert "Der Abschluss März 2025 (Version 1, Nr. 0001) ist unverändert" in "\n".join(e.zeilen)
    ohne_config = pruefcode_verifizieren(None, daten["pruefcode"], ablage=ki.ablage)
    assert ohne_config.exit_code == 0
    code = daten["pruefcode"]
    falsch = pruefcode_verifizieren(ki.config_path, code[:-1] + ("1" if code[-1] != "1" else "2"))
    assert falsch.exit_code == 2 and [f.code for f in falsch.befunde] == ["aufruf-ungueltig"]
    assert (falsch.dokument["ergebnis"], falsch.dokument["fehler"][0]["code"]) == \
        ("tippfehler", "aufruf-ungueltig")
    with pytest.raises(Aufruffehler, match="gibt es nicht"):
        pruefcode_verifizieren(None, daten["pruefcode"], ablage=ki.root / "fehlt")
