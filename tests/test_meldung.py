"""The Meldung of a KI: built from its report values, written as a deterministic zip, read back the
same; only aggregates, withheld figures as empty cells with their reason."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from kibericht.land.format import RESSOURCEN, SCHEMAVERSION, schema_markdown
from kibericht.land.lesen import lies_meldung
from kibericht.land.meldung import MeldungFehler, ki_kennung, meldungsinhalt
from kibericht.land.schreiben import meldung_bytes, meldung_schreiben
from tests.meldung_helfer import (
    MindestensDreiStellenTestdouble,
    NichtsGesperrtTestdouble,
    berichte,
    glied,
    inhalt,
    kette,
)

GRUND = MindestensDreiStellenTestdouble.GRUND


def _zeile(i, ressource: str, **schluessel) -> dict:
    return next(z for z in i.zeilen(ressource) if all(z[k] == v for k, v in schluessel.items()))


def test_the_figures_are_those_of_the_report_and_one_stelle_alone_is_withheld(tmp_path, config):
    i = inhalt(tmp_path, config)
    # Bildung in March: three Stellen (2 + 3 + 4 h) → published; Querschnitt: FK1 alone → withheld
    assert _zeile(i, "nach_handlungsfeld", zeitraum="monat", handlungsfeld="Bildung")["stunden"] == Decimal(
        "9.00"
    )
    quer = _zeile(i, "nach_handlungsfeld", zeitraum="monat", handlungsfeld="Querschnitt")
    assert (quer["stunden"], quer["stunden_sperre"], quer["teilnahmen"]) == (None, GRUND, None)
    # KIM: nobody worked it, zero is published
    assert _zeile(i, "nach_handlungsfeld", zeitraum="monat", handlungsfeld="KIM")["stunden"] == Decimal("0")
    # January to March: Querschnitt has FK1 1,5 + FK2 1 + L1 2 = 4,5 h from three Stellen
    assert _zeile(i, "nach_handlungsfeld", zeitraum="bis_monat", handlungsfeld="Querschnitt")[
        "stunden"
    ] == Decimal("4.50")
    monat = _zeile(i, "kennzahlen", zeitraum="monat")
    assert (
        monat["stunden"],
        monat["stunden_schwerpunkte"],
        monat["schwerpunktanteil"],
        monat["quote_erfuellt"],
    ) == (Decimal("12.75"), Decimal("10.50"), Decimal("0.8235"), True)
    assert _zeile(i, "kennzahlen", zeitraum="bis_monat")["stunden"] == Decimal("15.75")
    assert _zeile(i, "nach_zieldimension", zeitraum="monat", zieldimension="ohne")["stunden_sperre"] == GRUND
    assert (
        _zeile(i, "nach_kommune", zeitraum="bis_monat", kommune="Bornheim")["stunden"] is None
    )  # FK1 and L1
    assert [(z["schwerpunkt"], z["ist"], z["ist_sperre"], z["status"]) for z in i.zeilen("meilensteine")] == [
        ("SP1", None, GRUND, "auf Kurs")
    ]  # one Netzwerktreffen by L1 alone
    assert i.zeilen("foerderung")[0]["bis_monat"] == Decimal("25000.00")  # FK1 + FK2 at 50.000 € × 3/12
    assert [(z["bezug"], z["stellenplan_vza"], z["unbesetzt_vza"]) for z in i.zeilen("besetzung")] == [
        ("monatsmittel", Decimal("3.0000"), Decimal("0.0000")),
        ("monatsende", Decimal("3.0000"), Decimal("0.0000")),
    ]


def test_without_disclosure_control_every_figure_is_published_and_sums_to_the_total(tmp_path, config):
    i = inhalt(tmp_path, config, NichtsGesperrtTestdouble())
    for ressource in ("nach_handlungsfeld", "nach_zieldimension", "nach_taetigkeit", "nach_kommune"):
        for zeitraum in ("monat", "bis_monat"):
            gesamt = _zeile(i, "kennzahlen", zeitraum=zeitraum)["stunden"]
            assert sum(z["stunden"] for z in i.zeilen(ressource) if z["zeitraum"] == zeitraum) == gesamt
    assert sum(z["stunden"] for z in i.zeilen("nach_schwerpunkt") if z["zeitraum"] == "monat") == Decimal(
        "10.5"
    )
    assert _zeile(i, "nach_kommune", zeitraum="monat", kommune="ohne")["stunden"] == Decimal("2.25")
    assert _zeile(i, "nach_handlungsfeld", zeitraum="monat", handlungsfeld="Bildung")["teilnahmen"] == 10


def test_round_trip_gives_the_same_content_and_the_same_bytes(tmp_path, config):
    i = inhalt(tmp_path, config)
    pfad = meldung_schreiben(i, tmp_path / "aus")
    assert pfad.name == "Meldung_KI-TESTKREIS_2025-03.zip"
    gelesen = lies_meldung(pfad)
    assert gelesen.befunde == ()
    assert gelesen.inhalt == i
    # the same month again: the same bytes, whatever the clock says
    assert meldung_bytes(inhalt(tmp_path / "noch", config)) == pfad.read_bytes()


def test_the_zip_is_sorted_with_fixed_times_and_holds_no_name_and_no_stelle(tmp_path, config):
    data = meldung_bytes(inhalt(tmp_path, config))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == sorted(["datapackage.json", *(r.datei for r in RESSOURCEN)])
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        text = "".join(z.read(i).decode() for i in infos)
    for verboten in ("FK1", "FK2", "L1", "A. B.", "Fachkraft"):
        assert verboten not in text
    kopf = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("datapackage.json"))["meldung"]
    assert kopf["schemaversion"] == SCHEMAVERSION
    assert kopf["ki"] == {"kennung": "KI-TESTKREIS", "name": "KI Testkreis"}
    assert kopf["abschluss"]["nr"] == 2 and kopf["abschluss"]["vorgaenger"] == kette("2025-02")[0].sha256


def test_the_package_passes_the_reference_implementation(tmp_path, config):
    frictionless = pytest.importorskip("frictionless")
    pfad = meldung_schreiben(inhalt(tmp_path, config), tmp_path / "aus")
    ordner = tmp_path / "entpackt"
    zipfile.ZipFile(pfad).extractall(ordner)
    report = frictionless.validate(str(ordner / "datapackage.json"))
    assert report.valid, report.flatten(["type", "rowNumber", "fieldName", "note"])


def test_the_kennung_is_the_configured_one_or_derived_from_the_name(config):
    import dataclasses

    assert ki_kennung(config) == "KI-TESTKREIS"
    assert ki_kennung(dataclasses.replace(config, kennung="RSK")) == "RSK"


def test_parts_that_do_not_belong_together_are_refused(tmp_path, config):
    b, bis = berichte(tmp_path, config)
    glieder = kette("2025-02", "2025-03")
    with pytest.raises(MeldungFehler, match="gehört zum Abschluss"):
        meldungsinhalt(b, glieder[0], NichtsGesperrtTestdouble(), bis_monat=bis, kette=glieder)
    with pytest.raises(MeldungFehler, match="bis_monat"):
        meldungsinhalt(b, glieder[1], NichtsGesperrtTestdouble(), bis_monat=b, kette=glieder)
    kaputt = [glieder[0], glied(2, "2025-03", "0" * 64)]
    with pytest.raises(MeldungFehler, match="unterbrochen"):
        meldungsinhalt(b, kaputt[1], NichtsGesperrtTestdouble(), bis_monat=bis, kette=kaputt)
    with pytest.raises(MeldungFehler, match="Kennung"):
        meldungsinhalt(
            b, glieder[1], NichtsGesperrtTestdouble(), bis_monat=bis, kette=glieder, kennung="mit Leerzeichen"
        )


def test_the_chain_is_read_from_the_ablage_of_the_filing(tmp_path, config, config_path):
    """With a real filing: `abschliessen` files March, the Meldung carries its manifest hash."""
    from click.testing import CliRunner

    from kibericht.ablage.kette import lies_ablage
    from kibericht.cli import cli
    from tests.conftest import HEADER, write_xlsx
    from tests.meldung_helfer import FEBRUAR, MAERZ

    write_xlsx(tmp_path / "in" / "nachweis.xlsx", {"2025": [HEADER, *FEBRUAR, *MAERZ]})
    r = CliRunner().invoke(
        cli, ["abschliessen", str(tmp_path / "in"), "--config", str(config_path), "--monat", "2025-03"]
    )
    assert r.exit_code == 0, r.output
    stand = lies_ablage(config.ablage)
    b, bis = berichte(tmp_path / "b", config)
    i = meldungsinhalt(b, stand.glieder[-1], MindestensDreiStellenTestdouble(), bis_monat=bis)
    assert i.kopf.sha256 == stand.kopf
    assert i.zeilen("kette") == [
        {"nr": 1, "art": "abschluss", "monat": "2025-03", "sha256": stand.kopf, "vorgaenger": None}
    ]
    assert lies_meldung(meldung_schreiben(i, tmp_path / "aus")).befunde == ()


def test_a_share_is_withheld_with_either_of_its_hours(tmp_path, config):
    """The Schwerpunktanteil with the total published would give away withheld Schwerpunkt hours."""

    class NurSchwerpunktstunden:
        def gesperrt(self, zellen):
            return {
                z: "geheim" for z in zellen if (z.ressource, z.schluessel) == ("kennzahlen", "schwerpunkte")
            }

    monat = _zeile(inhalt(tmp_path, config, NurSchwerpunktstunden()), "kennzahlen", zeitraum="monat")
    assert (monat["stunden"], monat["stunden_schwerpunkte"], monat["schwerpunktanteil"]) == (
        Decimal("12.75"),
        None,
        None,
    )
    assert (monat["stunden_schwerpunkte_sperre"], monat["schwerpunktanteil_sperre"]) == ("geheim", "geheim")
    assert monat["quote_erfuellt"] is True  # the verdict is always published


def test_a_figure_the_control_names_that_is_not_in_the_meldung_is_a_bug(tmp_path, config):
    from kibericht.land.meldung import Zelle

    class Falsch:
        def gesperrt(self, zellen):
            return {Zelle("x", "monat", "y", "stunden", 1.0, ()): "?"}

    with pytest.raises(MeldungFehler):
        inhalt(tmp_path, config, Falsch())


def test_writing_into_an_unwritable_place_is_an_output_error(tmp_path, config):
    from kibericht.ausgabe.atomar import AusgabeFehler

    (tmp_path / "datei").write_text("x")
    with pytest.raises(AusgabeFehler):
        meldung_schreiben(inhalt(tmp_path, config), tmp_path / "datei" / "unter")


def test_a_meldung_written_to_a_zip_path_keeps_that_name(tmp_path, config):
    pfad = meldung_schreiben(inhalt(tmp_path, config), tmp_path / "x.zip")
    assert pfad == tmp_path / "x.zip" and lies_meldung(pfad).gueltig


def test_every_resource_is_documented(tmp_path):
    doku = (Path(__file__).resolve().parent.parent / "docs" / "land.md").read_text("utf-8")
    assert schema_markdown() in doku  # the tables of the docs are generated from the format itself
    for r in RESSOURCEN:
        assert f"`{r.name}`" in doku
        for f in r.felder:
            assert f"`{f.name}`" in doku, (r.name, f.name)
