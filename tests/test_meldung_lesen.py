"""Reading a Meldung that someone else's machine sent: every bad input a German finding with KI,
month, table, row and field — never a traceback, never a figure counted from a bad file."""

from __future__ import annotations

import io
import json
import random
import zipfile
import zlib

import pytest

from kibericht.konfig import load_config
from kibericht.land.lesen import lies_meldung, lies_meldung_bytes
from kibericht.land.schreiben import meldung_bytes
from tests.conftest import KI_TOML
from tests.meldung_helfer import inhalt


@pytest.fixture(scope="module")
def gut(tmp_path_factory) -> bytes:
    ordner = tmp_path_factory.mktemp("ki")
    (ordner / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    return meldung_bytes(inhalt(ordner, load_config(ordner / "ki.toml")))


def umbauen(data: bytes, **teile) -> bytes:
    """The zip with parts replaced (bytes), edited (a function of the text) or removed (None)."""
    alt = zipfile.ZipFile(io.BytesIO(data))
    namen = {n.replace(".", "_"): n for n in alt.namelist()}
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as neu:
        for schluessel, name in namen.items():
            wert = teile.pop(schluessel, alt.read(name))
            if callable(wert):
                wert = wert(alt.read(name).decode()).encode()
            if wert is not None:
                neu.writestr(name, wert)
        for schluessel, wert in teile.items():
            neu.writestr(schluessel.replace("_csv", ".csv"), wert)
    return puffer.getvalue()


def befunde(data: bytes, name: str = "eingang/Meldung_KI-TESTKREIS_2025-03.zip"):
    m = lies_meldung_bytes(data, name)
    return m, [(f.blatt, f.zeile, f.spalte, f.code) for f in m.befunde]


def zeile_ersetzen(nr: int, neu: str):
    def edit(text: str) -> str:
        zeilen = text.split("\r\n")
        zeilen[nr - 1] = neu
        return "\r\n".join(zeilen)

    return edit


def test_a_valid_meldung_reads_without_findings(gut):
    m, fs = befunde(gut)
    assert fs == [] and m.gueltig and m.kennung == "KI-TESTKREIS" and m.monat == "2025-03"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "meldung-kein-zip"),
        (b"Datum;Stunden\n1;2\n", "meldung-kein-zip"),
        (b"PK\x03\x04kaputt", "meldung-beschaedigt"),
    ],
)
def test_what_is_not_a_zip_is_named_not_read(data, code):
    m, fs = befunde(data)
    assert fs == [(None, None, None, code)] and not m.gueltig
    # the file name still tells whose it is
    assert m.befunde[0].meldung.startswith("Meldung KI-TESTKREIS, März 2025 (laut Dateiname): ")


def test_a_cut_zip_is_damaged(gut):
    assert befunde(gut[: len(gut) // 2])[1] == [(None, None, None, "meldung-beschaedigt")]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(gut):
    bombe = umbauen(gut, nach_kommune_csv=b"0" * (70 * 1024**2))
    assert befunde(bombe)[1] == [(None, None, None, "meldung-zu-gross")]
    verhaeltnis = umbauen(gut, nach_kommune_csv=b"\0" * (2 * 1024**2))
    m, fs = befunde(verhaeltnis)
    assert fs == [(None, None, None, "meldung-zu-gross")] and "fach" in m.befunde[0].meldung


def test_a_zip_whose_directory_lies_about_a_size_is_damaged(gut):
    roh = bytearray(gut)
    # the central directory entry of the first part claims a size far smaller than it is
    erster = roh.find(b"PK\x01\x02")
    roh[erster + 24 : erster + 28] = (3).to_bytes(4, "little")
    fs = befunde(bytes(roh))[1]
    assert fs and {c for *_r, c in fs} <= {"meldung-beschaedigt"}


@pytest.mark.parametrize("version", ["1.1", "2.0", "x", None])
def test_a_schema_version_this_reader_does_not_know_is_refused(gut, version):
    def edit(text):
        d = json.loads(text)
        d["meldung"]["schemaversion"] = version
        return json.dumps(d)

    m, fs = befunde(umbauen(gut, datapackage_json=edit))
    assert fs == [(None, None, None, "meldung-version")] and not m.gueltig
    assert "KI-TESTKREIS, März 2025:" in m.befunde[0].meldung


def test_a_package_that_declares_a_looser_schema_cannot_pass(gut):
    def edit(text):
        d = json.loads(text)
        feld = d["resources"][1]["schema"]["fields"][2]
        assert feld["name"] == "stunden"
        feld["type"] = "string"
        return json.dumps(d)

    m, fs = befunde(umbauen(gut, datapackage_json=edit))
    assert fs == [("datapackage.json", None, "nach_handlungsfeld", "meldung-schema")]
    assert "Feld „stunden“" in m.befunde[0].meldung and "Typ „string“" in m.befunde[0].meldung


def test_head_data_and_descriptor_problems_are_damage(gut):
    assert befunde(umbauen(gut, datapackage_json=None))[1] == [(None, None, None, "meldung-beschaedigt")]
    assert befunde(umbauen(gut, datapackage_json=b"{kein json"))[1] == [
        (None, None, None, "meldung-beschaedigt")
    ]

    def ohne_zeit(text):
        d = json.loads(text)
        d["meldung"]["abgeschlossen_am"] = "2025-04-03"
        return json.dumps(d)

    assert befunde(umbauen(gut, datapackage_json=ohne_zeit))[1] == [(None, None, None, "meldung-beschaedigt")]
    assert befunde(umbauen(gut, kette_csv=None))[1] == [(None, None, None, "meldung-beschaedigt")]


def test_cells_that_do_not_match_the_schema_are_named_by_table_row_and_field(gut):
    data = umbauen(gut, nach_handlungsfeld_csv=zeile_ersetzen(2, "monat,Bildung,abc,,10,"))
    m, fs = befunde(data)
    assert fs == [("nach_handlungsfeld.csv", 2, "stunden", "meldung-wert")] and not m.gueltig
    assert m.befunde[0].wert == "abc" and "Meldung KI-TESTKREIS, März 2025:" in m.befunde[0].meldung
    fs = befunde(umbauen(gut, nach_handlungsfeld_csv=zeile_ersetzen(3, "monat,Sport,1.00,,-1,")))[1]
    assert fs == [
        ("nach_handlungsfeld.csv", 3, "handlungsfeld", "meldung-wert"),
        ("nach_handlungsfeld.csv", 3, "teilnahmen", "meldung-wert"),
    ]
    fs = befunde(umbauen(gut, nach_handlungsfeld_csv=zeile_ersetzen(2, "monat,Bildung,9.00,,10,,1")))[1]
    assert fs == [("nach_handlungsfeld.csv", 2, None, "meldung-zeile")]
    fs = befunde(umbauen(gut, nach_handlungsfeld_csv=zeile_ersetzen(3, "monat,Bildung,9.00,,10,")))[1]
    assert fs == [("nach_handlungsfeld.csv", 3, None, "meldung-schluessel")]
    fs = befunde(umbauen(gut, kennzahlen_csv=lambda t: t.replace("stunden_schwerpunkte,", "sp,", 1)))[1]
    assert fs == [("kennzahlen.csv", None, "stunden_schwerpunkte", "meldung-kopfzeile")]


def test_a_schwerpunkt_that_is_not_in_the_table_of_schwerpunkte_breaks_the_foreign_key(gut):
    fs = befunde(umbauen(gut, schwerpunkte_csv=lambda t: t.replace("SP2,", "SP9,")))[1]
    assert ("nach_schwerpunkt.csv", 3, "schwerpunkt", "meldung-schluessel") in fs
    assert {c for *_r, c in fs} == {"meldung-schluessel"}


def test_a_withheld_figure_needs_its_reason_and_a_published_one_has_none(gut):
    fs = befunde(umbauen(gut, nach_handlungsfeld_csv=zeile_ersetzen(2, "monat,Bildung,9.00,geheim,10,")))[1]
    assert fs == [("nach_handlungsfeld.csv", 2, "stunden_sperre", "meldung-inhalt")]
    fs = befunde(umbauen(gut, nach_handlungsfeld_csv=zeile_ersetzen(2, "monat,Bildung,,,10,")))[1]
    assert fs == [("nach_handlungsfeld.csv", 2, "stunden", "meldung-inhalt")]


def test_more_decimal_places_than_the_schema_allows_are_not_rounded_away(gut):
    fs = befunde(umbauen(gut, nach_handlungsfeld_csv=zeile_ersetzen(2, "monat,Bildung,9.001,,10,")))[1]
    assert fs == [("nach_handlungsfeld.csv", 2, "stunden", "meldung-inhalt")]


def test_a_chain_extract_that_does_not_link_up_is_refused(gut):
    def edit(text):
        zeilen = text.split("\r\n")
        teile = zeilen[2].split(",")
        teile[4] = "0" * 64
        zeilen[2] = ",".join(teile)
        return "\r\n".join(zeilen)

    assert befunde(umbauen(gut, kette_csv=edit))[1] == [("kette.csv", 3, "vorgaenger", "meldung-inhalt")]


def test_a_foreign_file_in_the_zip_is_a_hint_and_the_meldung_still_counts(gut):
    m, fs = befunde(umbauen(gut, notiz_txt=b"hallo"))
    assert fs == [(None, None, None, "meldung-fremde-datei")] and m.gueltig


def test_a_file_that_cannot_be_read_is_a_finding(tmp_path):
    m = lies_meldung(tmp_path / "gibt-es-nicht.zip")
    assert [f.code for f in m.befunde] == ["datei-unlesbar"] and not m.gueltig


def test_damaged_bytes_never_raise(gut):
    rng = random.Random(7)
    for _ in range(150):
        roh = bytearray(gut)
        for _ in range(rng.randint(1, 8)):
            roh[rng.randrange(len(roh))] = rng.randrange(256)
        m = lies_meldung_bytes(bytes(roh), "x.zip")
        assert m.gueltig or m.befunde


def test_a_deflate_stream_that_cannot_be_inflated_is_damage(gut):
    kaputt = umbauen(gut)
    with zipfile.ZipFile(io.BytesIO(kaputt)) as z:
        info = z.getinfo("kennzahlen.csv")
    roh = bytearray(kaputt)
    start = info.header_offset + 30 + len(info.filename)
    roh[start : start + 4] = b"\xff\xff\xff\xff"
    fs = befunde(bytes(roh))[1]
    assert fs and {c for *_r, c in fs} <= {"meldung-beschaedigt"}
    assert zlib  # inflating is what fails here
