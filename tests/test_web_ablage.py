"""The Ablage page: the filed months with version and reason, their files downloaded by number
and place (a name that points outside its folder is refused), and „Prüfen“ with a clear result."""

from __future__ import annotations

import json

import pytest

from tests.web_helfer import fertig, im_prozess, tabelle


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_before_any_closing(web):
    assert "Noch ist kein Monat abgeschlossen" in web.client.get("/ablage").text
    assert web.client.get("/ablage.json").json()["glieder"] == []


def test_filed_months_their_files_the_check_and_a_change_found(web):
    fertig(web, web.post("/monat/2025-03/abschliessen", {"bestaetigt": "ja"}))
    html = web.client.get("/ablage").text
    [zeile] = tabelle(html, "Abschlüsse und Wiedereröffnungen")[1:]
    assert zeile[:3] == ["0001", "März 2025", "Abschluss, Version 1"] and zeile[4] == "297 Einträge"
    assert zeile[5] == "✓ intakt"
    d = web.client.get("/ablage.json").json()
    assert d["intakt"] and d["glieder"][0]["pruefsumme"] == d["letzte_pruefsumme"]
    pdf_index = d["glieder"][0]["dateien"].index("Monatsbericht_2025-03.pdf")
    pdf = web.client.get(f"/ablage/1/{pdf_index}")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert web.client.get("/ablage/1/manifest").json()["monat"] == "2025-03"
    assert web.client.get("/ablage/2/0").status_code == 404
    assert web.client.get("/ablage/1/99").status_code == 404
    html, zustand = fertig(web, web.post("/ablage/pruefen"))
    assert zustand["dokument"]["intakt"] and zustand["dokument"]["eintraege_geprueft"]
    assert "✓ Die Ablage ist intakt" in html
    assert "297 abgelegte Einträge mit den Nachweisen verglichen" in html
    # a filed file changed: the page and the check say so
    ordner = web.ki / "abschluesse" / "0001_2025-03_Abschluss"
    (ordner / "Monatsbericht_2025-03.pdf").write_bytes(b"%PDF veraendert")
    html = web.client.get("/ablage").text
    assert "✗ Die Ablage weicht ab" in html and "✗ Abweichung" in html
    _, zustand = fertig(web, web.post("/ablage/pruefen"))
    assert zustand["dokument"]["intakt"] is False
    # a manifest cannot make the server hand out a file outside its folder
    manifest = next(ordner.glob("*.json"))
    daten = json.loads(manifest.read_text("utf-8"))
    daten["dateien"][0]["datei"] = "../../ki.toml"
    manifest.write_text(json.dumps(daten), "utf-8")
    for index in range(3):
        antwort = web.client.get(f"/ablage/1/{index}")
        assert "schwerpunkt_mindestanteil" not in antwort.text


def _pruefen(web, code: str) -> tuple[str, dict]:
    return fertig(web, web.post("/ablage/pruefcode", {"pruefcode": code}))


def test_the_meldung_of_each_closed_month_and_a_pruefcode_checked(web):
    from kibericht import anwendung
    from kibericht.ablage.pruefcode import pruefcode

    _, zustand = fertig(web, web.post("/monat/2025-01/abschliessen", {"bestaetigt": "ja"}))
    code = zustand["dokument"]["pruefcode"]
    html = web.client.get("/ablage").text
    assert 'href="/ablage/meldung/2025-01"' in html and f'"ohne-umbruch">{code}<' in html
    antwort = web.client.get("/ablage/meldung/2025-01")
    geschrieben = next((web.ki / "meldungen").glob("Meldung_*_2025-01.zip"))  # at the closing
    assert antwort.status_code == 200 and antwort.headers["content-type"] == "application/zip"
    assert antwort.headers["content-disposition"] == f'attachment; filename="{geschrieben.name}"'
    assert antwort.content == geschrieben.read_bytes()
    assert antwort.content == anwendung.melden(web.toml, anwendung.monat("2025-01"), schreiben=False).daten
    # a month not closed, or closed while the months before it are open: no Meldung, and why
    fertig(web, web.post("/monat/2025-03/abschliessen", {"bestaetigt": "ja"}))
    for monat, text in (("2025-04", "ist nicht abgeschlossen"), ("2025-13", ""),
                        ("2025-03", "Nicht abgeschlossen ist Februar 2025")):
        fehlt = web.client.get(f"/ablage/meldung/{monat}")
        assert fehlt.status_code == 404 and text in fehlt.text
    # the Prüfcode of the signed report: found, also as typed from paper
    for eingabe in (code, code.lower().replace("-", " ")):
        html, zustand = _pruefen(web, eingabe)
        assert zustand["dokument"]["ergebnis"] == "gefunden" and f"✓ Prüfcode {code}: gefunden." in html
        assert "ist unverändert in der Ablage" in html
    falsch = code[:-1] + ("0" if code[-1] != "0" else "1")  # the check character finds a typo
    html, zustand = _pruefen(web, falsch)
    assert zustand["dokument"]["ergebnis"] == "tippfehler" and "✗ Kein gültiger Prüfcode" in html
    html, zustand = _pruefen(web, pruefcode({"art": "abschluss", "nr": 7}))  # valid, of no filing here
    assert zustand["dokument"]["ergebnis"] == "unbekannt" and "nicht gefunden" in html
    # reopened: the closing is replaced, its Meldung is no longer offered, the code says so
    fertig(web, web.post("/monat/2025-01/wiedereroeffnen", {"bestaetigt": "ja", "grund": "Korrektur"}))
    assert 'href="/ablage/meldung/2025-01"' not in web.client.get("/ablage").text
    assert "wiedereröffnet" in web.client.get("/ablage/meldung/2025-01").text
    html, zustand = _pruefen(web, code)
    assert zustand["dokument"]["ergebnis"] == "gefunden" and "Er gilt nicht mehr" in html
