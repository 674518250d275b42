"""„Eigene Datei prüfen“: one uploaded workbook checked exactly as the folder's files are (the
same findings at the same cells, the package checks against hostile files), never put into the
logs, deleted after the check; limited to 20 MB while it streams; the CSRF token before the
file; the name cleaned of any path; a private folder."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from kibericht.web.hochladen import MAX_BYTES, UploadFehler, dateiname, empfangen
from tests.test_hostile_inputs import BILLION_LAUGHS, OLE_HEADER, sheet_xml, with_sheet
from tests.web_helfer import fehler_pflanzen, fertig, im_prozess


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def hochladen(web, name: str, inhalt: bytes, csrf: str | None = None):
    return web.client.post("/pruefung/eigene-datei", data={"csrf": web.zugang.csrf if csrf is None else csrf},
                           files={"datei": (name, inhalt, "application/octet-stream")})


def _hochgeladen_uebrig(web) -> list[Path]:
    ordner = web.ap.ordner / "hochgeladen"
    return [p for p in ordner.rglob("*")] if ordner.exists() else []


def test_an_uploaded_workbook_is_checked_as_the_folder_would_check_it(web, tmp_path):
    kopie = tmp_path / "Taetigkeitsnachweis_2025_L2_Becker.xlsx"
    shutil.copy(web.nachweise / kopie.name, kopie)
    fehler_pflanzen(kopie, "Mär 2025", 10, 8, "abc")
    vorher = sorted(p.name for p in web.nachweise.iterdir())
    antwort = hochladen(web, kopie.name, kopie.read_bytes())
    assert antwort.status_code == 200
    html, json_ = fertig(web, antwort)
    assert "Taetigkeitsnachweis_2025_L2_Becker.xlsx: ✗ 1 Fehler" in html
    assert "Blatt Mär 2025, Zeile 10, Spalte Stunden" in html and "stunden-ungueltig" in html
    assert str(web.ap.ordner) not in html and "hochgeladen-" not in html  # no server path shown
    fehler = json_["dokument"]["fehler"]
    assert [(f["datei"], f["blatt"], f["zeile"], f["spalte"], f["code"]) for f in fehler] == [
        ("Taetigkeitsnachweis_2025_L2_Becker.xlsx", "Mär 2025", 10, "Stunden", "stunden-ungueltig")]
    # the same finding as the folder gives for the same file
    shutil.copy(kopie, web.nachweise / kopie.name)
    ordner = web.client.get("/pruefung.json").json()["fehler"]
    assert [(f["blatt"], f["zeile"], f["spalte"], f["code"]) for f in ordner] == [
        ("Mär 2025", 10, "Stunden", "stunden-ungueltig")]
    # never in the logs, gone after the check
    assert sorted(p.name for p in web.nachweise.iterdir()) == vorher
    assert _hochgeladen_uebrig(web) == []
    # the marked copy of the upload is offered by ID
    [link] = re.findall(r'href="(/dateien/[^"]+)"', html)
    kopie_antwort = web.client.get(link)
    assert kopie_antwort.status_code == 200 and kopie_antwort.content[:2] == b"PK"
    assert "Becker_markiert.xlsx" in kopie_antwort.headers["content-disposition"]


@pytest.mark.parametrize("name, code", [
    ("bombe.xlsx", "datei-zu-gross"), ("lachen.xlsx", "datei-xml-angriff"),
    ("kennwort.xlsx", "datei-verschluesselt"), ("alt.xls", "datei-altformat"), ("leer.xlsx", "datei-leer")])
def test_hostile_files_get_the_same_findings_as_in_the_folder(web, tmp_path, name, code):
    import zipfile

    if name == "bombe.xlsx":
        pfad = tmp_path / name
        with zipfile.ZipFile(pfad, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (25 * 1024**2))
        inhalt = pfad.read_bytes()
        assert len(inhalt) < MAX_BYTES  # small on the wire, huge when unpacked
    elif name == "lachen.xlsx":
        inhalt = with_sheet(tmp_path, name, sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>',
                                                     BILLION_LAUGHS)).read_bytes()
    elif name == "kennwort.xlsx":
        inhalt = (OLE_HEADER + b"\x00" * 100_000 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
                  + "EncryptedPackage".encode("utf-16-le"))
    elif name == "alt.xls":
        inhalt = OLE_HEADER + b"\x00" * 4096
    else:
        inhalt = b""
    antwort = hochladen(web, name, inhalt)
    assert antwort.status_code == 200
    dokument = fertig(web, antwort)[1]["dokument"]
    assert [(f["datei"], f["code"]) for f in dokument["fehler"]] == [(name, code)]
    assert _hochgeladen_uebrig(web) == []


def test_a_file_over_20_mb_is_refused_by_its_length_before_it_is_read(web):
    antwort = web.client.post("/pruefung/eigene-datei", content=b"x" * 100,
                              headers={"content-type": "multipart/form-data; boundary=xyz",
                                       "content-length": str(MAX_BYTES + 10**6)})
    assert antwort.status_code == 413 and "größer als 20 MB" in antwort.text


def test_a_file_over_20_mb_is_refused_while_it_streams_and_nothing_is_kept(web):
    """A body without Content-Length (chunked) is counted as it arrives."""
    grenze = MAX_BYTES + 64 * 1024
    gesendet = 0

    def koerper():
        nonlocal gesendet
        yield (b"--xyz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + web.zugang.csrf.encode()
               + b"\r\n--xyz\r\nContent-Disposition: form-data; name=\"datei\"; "
               b"filename=\"gross.xlsx\"\r\n\r\n")
        block = b"\x00" * (1024 * 1024)
        for _ in range(40):
            gesendet += len(block)
            yield block

    antwort = web.client.post("/pruefung/eigene-datei", content=koerper(),
                              headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert antwort.status_code == 413 and "größer als 20 MB" in antwort.text
    assert _hochgeladen_uebrig(web) == []
    assert gesendet >= grenze - 2 * 1024 * 1024  # (the test client sends what it has; the server stopped)


def test_the_limit_is_checked_while_streaming_not_after(tmp_path):
    """The stream is not read to its end: reading stops at the chunk that passes the limit."""
    gelesen = 0

    async def strom():
        nonlocal gelesen
        yield b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nok\r\n"
        yield b"--b\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"a.xlsx\"\r\n\r\n"
        for _ in range(1000):
            gelesen += 1
            yield b"\x00" * 1000

    with pytest.raises(UploadFehler) as fehler:
        asyncio.run(empfangen({"content-type": "multipart/form-data; boundary=b"}, strom(), tmp_path / "h",
                              lambda w: w == "ok", max_bytes=10_000))
    assert fehler.value.status == 413 and gelesen <= 12
    assert list((tmp_path / "h").iterdir()) == []


def test_the_csrf_token_must_come_before_the_file(tmp_path):
    async def strom():
        yield b"--b\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"a.xlsx\"\r\n\r\nPK"
        yield b"\r\n--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nok\r\n--b--\r\n"

    with pytest.raises(UploadFehler) as fehler:
        asyncio.run(empfangen({"content-type": "multipart/form-data; boundary=b"}, strom(), tmp_path / "h",
                              lambda w: w == "ok"))
    assert fehler.value.status == 403 and list((tmp_path / "h").iterdir()) == []


def test_a_wrong_csrf_token_with_a_file_is_403_and_nothing_is_kept(web):
    antwort = hochladen(web, "a.xlsx", b"PK" * 100, csrf="falsch")
    assert antwort.status_code == 403 and _hochgeladen_uebrig(web) == []


def test_the_upload_lands_in_a_private_folder_under_its_own_name(tmp_path):
    async def strom():
        yield (b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nok\r\n--b\r\n"
               b"Content-Disposition: form-data; name=\"datei\"; "
               b"filename=\"..\\\\..\\\\..\\\\Nachweis 2025.xlsx\"\r\n\r\nPK\x03\x04"
               b"\r\n--b--\r\n")

    h = asyncio.run(empfangen({"content-type": "multipart/form-data; boundary=b"}, strom(), tmp_path / "h",
                              lambda w: w == "ok"))
    assert h.name == "Nachweis 2025.xlsx" and h.pfad.parent == h.ordner and h.ordner.parent == tmp_path / "h"
    assert h.pfad.read_bytes() == b"PK\x03\x04" and h.groesse == 4
    if os.name == "posix":
        assert stat.S_IMODE(h.ordner.stat().st_mode) == 0o700
        assert stat.S_IMODE(h.pfad.stat().st_mode) == 0o600
    h.loeschen()
    assert not h.ordner.exists()


@pytest.mark.parametrize("roh, name", [("a.xlsx", "a.xlsx"), ("C:\\Users\\x\\TN FK1.xlsx", "TN FK1.xlsx"),
                                       ("../../etc/passwd.xlsx", "passwd.xlsx"),
                                       ("~$offen.xlsx", "offen.xlsx"),
                                       ("a<b>|c.xlsm", "a_b__c.xlsm"), (".versteckt.ods", "versteckt.ods")])
def test_file_names(roh, name):
    assert dateiname(roh) == name


@pytest.mark.parametrize("roh", ["", "x.exe", "a.xlsx.exe", "../", "ohne_endung"])
def test_names_that_are_no_workbook_are_refused(roh):
    with pytest.raises(UploadFehler) as fehler:
        dateiname(roh)
    assert fehler.value.status == 400 and "Arbeitsmappe" in fehler.value.meldung


def test_a_form_that_is_no_upload_is_a_german_400(web):
    antwort = web.client.post("/pruefung/eigene-datei", data={"csrf": web.zugang.csrf})
    assert antwort.status_code == 400 and "Formular" in antwort.text
    antwort = web.client.post("/pruefung/eigene-datei", content=b"--xyz\r\nkaputt",
                              headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert antwort.status_code == 400 and "Datei" in antwort.text
