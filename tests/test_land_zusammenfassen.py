"""`zusammenfassen`: the Landesübersicht of many Meldungen — totals equal the sums of the KIs' own
figures, the store reads each file once, bad files are named and never counted, and the CLI
renders the result with the contract's exit codes."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner

from kibericht.anwendung import Aufruffehler
from kibericht.anwendung.zusammenfassung import zusammenfassen
from kibericht.cli import cli
from kibericht.konfig import load_config
from kibericht.land.schreiben import meldung_schreiben
from tests.conftest import KI_TOML
from tests.meldung_helfer import NichtsGesperrtTestdouble, inhalt

pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def zwei(tmp_path_factory):
    """Two KIs' Meldungen for March 2025: KI-TESTKREIS with figures of one Stelle withheld, ZWEITER with
    the same entries and nothing withheld."""
    ordner = tmp_path_factory.mktemp("ki")
    (ordner / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    config = load_config(ordner / "ki.toml")
    a = inhalt(ordner / "a", config)
    b = dataclasses.replace(
        inhalt(ordner / "b", config, NichtsGesperrtTestdouble()), kennung="ZWEITER", ki_name="KI Zweiter"
    )
    return a, b


def _schreiben(ordner, *inhalte):
    return [meldung_schreiben(i, ordner) for i in inhalte]


def test_the_states_totals_are_the_sums_of_the_kis_figures(zwei, tmp_path):
    _schreiben(tmp_path / "eingang", *zwei)
    e = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus")
    assert e.exit_code == 0, e.dokument["fehler"]
    felder = e.dokument["landessummen"]["2025-03"]["handlungsfeld"]
    # by hand: Bildung 9 h + 9 h; Querschnitt 1,5 h of ZWEITER (KI-TESTKREIS withheld its FK1-only cell);
    # Übergreifend 2,25 h of ZWEITER
    assert felder == {
        "Bildung": {"stunden": 18.0, "teilnahmen": 20, "gesperrt": 0, "meldungen": 2},
        "Querschnitt": {"stunden": 1.5, "teilnahmen": 10, "gesperrt": 1, "meldungen": 2},
        "KIM": {"stunden": 0.0, "teilnahmen": 0, "gesperrt": 0, "meldungen": 2},
        "Übergreifend": {"stunden": 2.25, "teilnahmen": 0, "gesperrt": 1, "meldungen": 2},
    }
    # and generally: every total is the sum of the published figures of the KIs' own Meldungen
    for merkmal, ressource in (
        ("handlungsfeld", "nach_handlungsfeld"),
        ("zieldimension", "nach_zieldimension"),
    ):
        for schluessel, summe in e.dokument["landessummen"]["2025-03"][merkmal].items():
            eigene = [
                z["stunden"]
                for i in zwei
                for z in i.zeilen(ressource)
                if z["zeitraum"] == "monat" and z[merkmal] == schluessel
            ]
            assert Decimal(str(summe["stunden"])) == sum(x for x in eigene if x is not None)
    zeilen = {(m["ki"], m["monat"]): m for m in e.dokument["meldungen"]}
    assert zeilen[("KI-TESTKREIS", "2025-03")]["stunden"] == 12.75
    assert zeilen[("ZWEITER", "2025-03")]["schwerpunktanteil_bis_monat"] == 0.8571  # 13,5 of 15,75 h
    assert zeilen[("ZWEITER", "2025-03")]["foerderung"]["KI"]["bis_monat"] == 25000.0
    # March: FK1 and FK2 at 50.000 € each pay 4.166,67 € in their third instalment, to the cent
    assert zeilen[("ZWEITER", "2025-03")]["foerderung"]["KI"]["monat"] == 8333.34
    assert [p.name for p in e.dateien] == [
        "Landesuebersicht_2025-03.json",
        "Landesuebersicht_2025-03.pdf",
        "Landesuebersicht_2025-03.xlsx",
    ]


def test_the_workbook_and_the_pdf_show_the_same_figures(zwei, tmp_path):
    _schreiben(tmp_path / "eingang", *zwei)
    e = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus")
    wb = openpyxl.load_workbook(e.dateien[2])
    assert wb.sheetnames == [
        "Übersicht",
        "Handlungsbedarf",
        "Eingang",
        "Meldungen",
        "Landessummen",
        "Förderung",
        "Meilensteine",
    ]
    summen = {(r[0], r[2]): r for r in wb["Landessummen"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert summen[("März 2025", "Bildung")][3:6] == (18.0, 20, 0)
    assert summen[("März 2025", "Querschnitt")][3:6] == (1.5, 10, 1)
    assert wb["Landessummen"]["D5"].number_format == "#,##0.00"
    meldungen = [r for r in wb["Meldungen"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert [(r[0], r[1], r[2], r[3]) for r in meldungen] == [
        ("KI-TESTKREIS", "März 2025", "eingereicht", 12.75),
        ("ZWEITER", "März 2025", "eingereicht", 12.75),
    ]
    assert wb["Meldungen"].print_title_rows == "$4:$4"
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(e.dateien[1]).pages)
    assert "Landesübersicht der Meldungen" in text and "KI-TESTKREIS" in text and "Seite 1 von" in text
    assert "18" in text  # Bildung, March, in whole hours


def test_the_same_input_gives_the_same_files(zwei, tmp_path):
    _schreiben(tmp_path / "eingang", *zwei)
    eins = [p.read_bytes() for p in zusammenfassen([tmp_path / "eingang"], tmp_path / "a").dateien]
    zwei_ = [p.read_bytes() for p in zusammenfassen([tmp_path / "eingang"], tmp_path / "b").dateien]
    assert eins == zwei_


def test_the_store_reads_each_file_once(zwei, tmp_path):
    pfade = _schreiben(tmp_path / "eingang", *zwei)
    speicher = tmp_path / "land.duckdb"
    erst = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus", speicher=speicher)
    dann = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus", speicher=speicher)
    assert (erst.gelesen, dann.gelesen) == (2, 0)
    assert erst.dokument == dann.dokument
    # the same file again under another name is not read again, but counted once with a hint
    (tmp_path / "eingang" / "kopie").mkdir()
    (tmp_path / "eingang" / "kopie" / "nochmal.zip").write_bytes(pfade[0].read_bytes())
    (tmp_path / "eingang" / "kaputt.zip").write_bytes(b"keine Meldung")
    drei = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus", speicher=speicher)
    assert drei.gelesen == 1 and drei.exit_code == 1
    assert sorted(v.befund.code for v in drei.vermerke) == ["meldung-doppelt", "meldung-kein-zip"]
    assert drei.dokument["landessummen"] == erst.dokument["landessummen"]


def test_two_different_meldungen_for_one_month_are_counted_neither(zwei, tmp_path):
    a, b = zwei
    anders = dataclasses.replace(b, kennung="KI-TESTKREIS", ki_name=a.ki_name)
    meldung_schreiben(a, tmp_path / "eingang" / "erste")
    meldung_schreiben(anders, tmp_path / "eingang" / "zweite")
    e = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus")
    assert e.exit_code == 1
    assert [m["status"] for m in e.dokument["meldungen"]] == ["widersprüchlich"]
    assert e.dokument["landessummen"] == {}
    assert {f["code"] for f in e.dokument["fehler"]} == {"meldung-widerspruch"}


def test_a_ki_below_its_quota_gives_exit_3(tmp_path):
    (tmp_path / "ki.toml").write_text(
        KI_TOML.replace("schwerpunkt_mindestanteil = 0.5", "schwerpunkt_mindestanteil = 0.9"),
        encoding="utf-8",
    )
    meldung_schreiben(inhalt(tmp_path, load_config(tmp_path / "ki.toml")), tmp_path / "eingang")
    e = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus")
    assert e.exit_code == 3
    assert [(h.kennung, h.code) for h in e.uebersicht.pruefungen] == [
        ("KI-TESTKREIS", "quote-nicht-erfuellt")]
    assert "85,7 %" in e.uebersicht.pruefungen[0].text


def test_paths_that_do_not_exist_or_hold_no_meldung_are_usage_errors(tmp_path):
    with pytest.raises(Aufruffehler) as e:
        zusammenfassen([tmp_path / "fehlt"], tmp_path / "aus")
    assert e.value.exit_code == 2 and [f.code for f in e.value.befunde] == ["datei-fehlt"]
    (tmp_path / "leer").mkdir()
    with pytest.raises(Aufruffehler) as e:
        zusammenfassen([tmp_path / "leer"], tmp_path / "aus")
    assert e.value.exit_code == 2
    assert not (tmp_path / "aus").exists()


def test_an_unwritable_output_or_store_is_exit_2(zwei, tmp_path):
    _schreiben(tmp_path / "eingang", *zwei)
    (tmp_path / "datei").write_text("x")
    with pytest.raises(Aufruffehler) as e:
        zusammenfassen([tmp_path / "eingang"], tmp_path / "datei")
    assert e.value.exit_code == 2 and [f.code for f in e.value.befunde] == ["ausgabe-nicht-schreibbar"]
    (tmp_path / "kein.duckdb").write_bytes(b"kein Speicher" * 100)
    with pytest.raises(Aufruffehler) as e:
        zusammenfassen([tmp_path / "eingang"], tmp_path / "aus", speicher=tmp_path / "kein.duckdb")
    assert e.value.exit_code == 2 and "kein Speicher von kibericht" in e.value.befunde[0].meldung


def test_the_command_prints_json_or_text_and_exits_with_the_results_code(zwei, tmp_path):
    _schreiben(tmp_path / "eingang", *zwei)
    runner = CliRunner()
    r = runner.invoke(
        cli,
        ["zusammenfassen", str(tmp_path / "eingang"), "--ausgabe", str(tmp_path / "aus"), "--format", "json"],
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["stand"] == "2025-03" and [k["kennung"] for k in d["kis"]] == ["KI-TESTKREIS", "ZWEITER"]
    r = runner.invoke(cli, ["zusammenfassen", str(tmp_path / "eingang"), "--ausgabe", str(tmp_path / "aus")])
    assert r.exit_code == 0 and "Landesübersicht, Stand März 2025: 2 KI, 2 Meldungen gezählt" in r.stdout
    r = runner.invoke(
        cli,
        ["zusammenfassen", str(tmp_path / "fehlt"), "--ausgabe", str(tmp_path / "aus"), "--format", "json"],
    )
    assert r.exit_code == 2 and json.loads(r.stdout)["fehler"][0]["code"] == "datei-fehlt"
    r = runner.invoke(cli, ["zusammenfassen", "--help"])
    assert r.exit_code == 0 and "Beispiel:" in r.stdout and "--speicher" in r.stdout


def test_the_states_command_loads_neither_pandas_nor_the_report_modules():
    import subprocess
    import sys

    code = (
        "import sys, kibericht.anwendung.zusammenfassung, kibericht.land.mappe, kibericht.land.pdf; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'kibericht.regeln.bericht') "
        "if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def test_a_withheld_teilnahmen_figure_is_not_counted_as_withheld_hours(tmp_path, config):
    class NurTeilnahmen:
        def gesperrt(self, zellen):
            return {
                z: "geheim"
                for z in zellen
                if z.groesse == "teilnahmen" and z.ressource == "nach_handlungsfeld"
            }

    meldung_schreiben(inhalt(tmp_path, config, NurTeilnahmen()), tmp_path / "eingang")
    bildung = zusammenfassen([tmp_path / "eingang"], tmp_path / "aus").dokument["landessummen"]["2025-03"][
        "handlungsfeld"
    ]["Bildung"]
    assert bildung == {"stunden": 9.0, "teilnahmen": 0, "gesperrt": 0, "meldungen": 1}
