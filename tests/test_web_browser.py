"""End-to-end flows in a real browser: Debian's Chromium driven by Playwright against the real
server (uvicorn on 127.0.0.1) over a copy of the sample KI, each flow operated by keyboard only.

Run with `pytest -m browser` (not part of the default run; `.ci/run` runs them as their own
step). They skip with the reason when Playwright or Chromium is missing; the accessibility check
also needs axe-core (`KIBERICHT_AXE`: the path of `axe.min.js`, e.g. from `npm install axe-core`).
Screenshots of the main pages are taken in every run; with `KIBERICHT_BILDER=docs/bilder` they
are saved for the docs.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import json
import os
import re
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.web_helfer import beispiel_ki, fehler_pflanzen

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("KIBERICHT_CHROMIUM", "/usr/bin/chromium"))
AXE = os.environ.get("KIBERICHT_AXE")
# where the screenshots go (resolved now: the server runs in the KI's folder)
BILDER = Path(os.environ["KIBERICHT_BILDER"]).resolve() if os.environ.get("KIBERICHT_BILDER") else None
L2 = "Taetigkeitsnachweis_2025_L2_Becker.xlsx"
WARTEN = 120_000  # ms: the machines these run on are shared and busy


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set KIBERICHT_CHROMIUM)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


class Server:
    """The real server in a thread of the test process, over a copy of the sample, started as a
    user starts it in the KI's folder (`kibericht web nachweise`): the pages name the files as
    the user does (nachweise/…, ki.toml, abschluesse)."""

    def __init__(self, tmp_path: Path, leer: bool = False) -> None:
        from kibericht.web.server import bereitstellen

        self.ki = tmp_path / "ki"
        if leer:  # a new KI: started in an empty folder, without ki.toml and without logs
            self.ki.mkdir()
        else:
            beispiel_ki(self.ki)
        os.chdir(self.ki)  # the caller restores the folder (monkeypatch)
        self.dienst = bereitstellen(Path("ki.toml"), () if leer else ("nachweise",), None, ordner=tmp_path)
        self.thread = threading.Thread(target=self.dienst.laufen, daemon=True)
        self.thread.start()
        for _ in range(600):
            if self.dienst.server.started:
                break
            time.sleep(0.05)
        self.url = self.dienst.zugang.adresse

    @property
    def ap(self):
        return self.dienst.ap

    def stoppen(self) -> None:
        self.dienst.server.should_exit = True
        self.thread.join(30)
        self.dienst.aufraeumen()


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = Server(tmp_path)
    yield s
    s.stoppen()


@pytest.fixture
def leerer_server(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = Server(tmp_path, leer=True)
    yield s
    s.stoppen()


@pytest.fixture
def seite(browser, server):
    """A browser tab signed in with the one-time link; no CSP violation and no script error."""
    yield from _tab(browser, server)


@pytest.fixture
def neue_seite(browser, leerer_server):
    """The same for the server of a new KI."""
    yield from _tab(browser, leerer_server)


def _tab(browser, server):
    kontext = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 860},
                                  locale="de-DE")
    kontext.set_default_timeout(WARTEN)
    page = kontext.new_page()
    meldungen: list[str] = []
    page.on("console", lambda m: meldungen.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: meldungen.append(str(e)))
    page.goto(server.dienst.zugang.erste_adresse)
    yield page
    kontext.close()
    assert not [m for m in meldungen if "Content Security Policy" in m or "Refused" in m], meldungen
    assert not [m for m in meldungen if "Uncaught" in m or "htmx" in m.lower()], meldungen


def tab_zu(page, ziel, schritte: int = 120) -> None:
    """Press Tab until `ziel` (a locator) has the focus — the control is reachable by keyboard —
    and check that the focus is visible there."""
    element = ziel.element_handle()
    for _ in range(schritte):
        page.keyboard.press("Tab")
        if page.evaluate("e => document.activeElement === e", element):
            sichtbar = page.evaluate("e => getComputedStyle(e).outlineStyle !== 'none' || "
                                     "getComputedStyle(e).boxShadow !== 'none'", element)
            assert sichtbar, f"focus not visible on {ziel}"
            return
    raise AssertionError(f"not reachable by keyboard: {ziel}")


def bild(page, name: str, tmp_path: Path) -> Path:
    """A screenshot of the page as it is now, as a small PNG (for docs/bilder)."""
    from PIL import Image

    ordner = BILDER or tmp_path
    ordner.mkdir(parents=True, exist_ok=True)
    roh = page.screenshot(full_page=False)
    ziel = ordner / f"{name}.png"
    Image.open(io.BytesIO(roh)).convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(
        ziel, optimize=True)
    return ziel


def _bilder_geladen(page) -> None:
    """Wait until every image is loaded (polled from here: `wait_for_function` would evaluate a
    string in the page, which its Content-Security-Policy forbids — as it should)."""
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => {i.loading = 'eager';})")
    ende = time.monotonic() + WARTEN / 1000
    while not page.evaluate("() => Array.from(document.images).every(i => i.complete && i.naturalWidth)"):
        assert time.monotonic() < ende, "images not loaded"
        time.sleep(0.1)


def _auftrag_fertig(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=WARTEN)


# ------------------------------------------------------------------------------------ flows

def test_open_with_the_token_and_see_the_overview(server, seite, browser, tmp_path):
    assert seite.url == server.url + "uebersicht"  # the token is gone from the address
    assert seite.locator("h1").inner_text() == "Übersicht 2025"
    assert seite.evaluate("document.cookie") == ""  # HttpOnly: no script reads the session
    zeile = seite.locator("table.monate tbody tr").nth(7)
    assert zeile.locator("th").inner_text() == "August 2025" and "✗ nicht erreicht" in zeile.inner_text()
    bild(seite, "uebersicht", tmp_path)
    # the same link in another browser: used up
    fremd = browser.new_context()
    try:
        antwort = fremd.new_page().goto(server.dienst.zugang.erste_adresse)
        assert antwort.status == 403
    finally:
        fremd.close()


def test_see_the_month_by_keyboard(server, seite, tmp_path):
    tab_zu(seite, seite.get_by_role("link", name="März 2025", exact=True))
    seite.keyboard.press("Enter")
    seite.wait_for_url("**/monat/2025-03")
    assert seite.locator("h1").inner_text() == "Monatsbericht März 2025"
    kennzahlen = seite.locator("#kennzahlen + .tabelle table")
    assert "889,25" in kennzahlen.inner_text() and "58,7 %" in kennzahlen.inner_text()
    _bilder_geladen(seite)
    assert seite.locator("img").count() == 7
    seite.locator("#kurzfassung").scroll_into_view_if_needed()
    bild(seite, "monat", tmp_path)
    seite.locator("#diagramme").scroll_into_view_if_needed()
    bild(seite, "monat_diagramme", tmp_path)


def test_find_a_planted_error_and_download_its_marked_copy(server, seite, tmp_path):
    fehler_pflanzen(server.ki / "nachweise" / L2, "Mär 2025", 10, 8, "abc")  # while the server runs
    tab_zu(seite, seite.get_by_role("link", name="Prüfung", exact=True))
    seite.keyboard.press("Enter")
    seite.wait_for_url("**/pruefung")
    assert "✗ 1 Fehler" in seite.locator(".kacheln").inner_text()
    befund = seite.locator(".befund.fehler").first
    assert "Blatt Mär 2025, Zeile 10, Spalte Stunden" in befund.inner_text()
    assert "„abc“" in befund.inner_text()
    bild(seite, "pruefung", tmp_path)
    knopf = seite.get_by_role("button", name=f"Markierte Kopie herunterladen von {L2}")
    tab_zu(seite, knopf)
    with seite.expect_download(timeout=WARTEN) as download:
        seite.keyboard.press("Enter")
        # a job that takes longer than a moment shows its page; its link is the download
        try:
            seite.wait_for_url("**/auftraege/**", timeout=1500)
            link = seite.get_by_role("link", name=re.compile("markiert"))
            link.wait_for(timeout=WARTEN)
            tab_zu(seite, link)
            seite.keyboard.press("Enter")
        except Exception:  # noqa: BLE001 - the download came at once
            pass
    pfad = tmp_path / "kopie.xlsx"
    download.value.save_as(pfad)
    zelle = openpyxl.load_workbook(pfad)["Mär 2025"].cell(10, 8)
    assert zelle.value == "abc" and zelle.comment is not None


def test_drop_a_workbook_and_see_its_findings(server, seite, tmp_path):
    kopie = tmp_path / L2
    kopie.write_bytes((server.ki / "nachweise" / L2).read_bytes())
    fehler_pflanzen(kopie, "Apr 2025", 7, 8, "-2")
    seite.goto(server.url + "pruefung")
    seite.evaluate("""([name, daten]) => {
        const bytes = Uint8Array.from(atob(daten), c => c.charCodeAt(0));
        const uebergabe = new DataTransfer();
        uebergabe.items.add(new File([bytes], name));
        const form = document.querySelector("form[data-ablage]");
        for (const art of ["dragenter", "dragover", "drop"]) {
            const art_ = {dataTransfer: uebergabe, bubbles: true, cancelable: true};
            form.dispatchEvent(new DragEvent(art, art_));
        }
    }""", [L2, base64.b64encode(kopie.read_bytes()).decode()])
    seite.wait_for_url("**/auftraege/**")
    _auftrag_fertig(seite, f"{L2}: ✗ 1 Fehler")
    assert "Blatt Apr 2025, Zeile 7, Spalte Stunden" in seite.locator("main").inner_text()
    bild(seite, "eigene_datei", tmp_path)
    assert sorted(p.name for p in (server.ki / "nachweise").iterdir()).count(L2) == 1  # not added
    hochgeladen = server.ap.ordner / "hochgeladen"
    assert not hochgeladen.exists() or not any(hochgeladen.rglob("*.xlsx"))  # deleted after the check


def test_choose_a_workbook_by_keyboard(server, seite, tmp_path):
    kopie = tmp_path / "Nachweis_2025_VA1.xlsx"
    kopie.write_bytes((server.ki / "nachweise" / "Nachweis_VA1_2025_Quartale.xlsx").read_bytes())
    seite.goto(server.url + "pruefung")
    feld = seite.get_by_label("Arbeitsmappe wählen oder hierher ziehen")
    tab_zu(seite, feld)  # the field is reached by keyboard; Space there opens the system's dialog,
    # which is the system's, not the page's (Chromium opens it only once per activation): the
    # file is set as that dialog sets it
    feld.set_input_files(kopie)
    tab_zu(seite, seite.get_by_role("button", name="Datei prüfen"))
    with seite.expect_navigation(timeout=WARTEN):
        seite.keyboard.press("Enter")
    assert "/auftraege/" in seite.url, seite.locator("main").inner_text()
    _auftrag_fertig(seite, "Nachweis_2025_VA1.xlsx: ✓ keine Fehler")


def test_download_the_pdf_and_check_its_pages(server, seite, tmp_path):
    seite.goto(server.url + "monat/2025-03")
    tab_zu(seite, seite.get_by_role("button", name="PDF zum Unterschreiben"))
    with seite.expect_download(timeout=WARTEN) as download:
        seite.keyboard.press("Enter")
        try:
            seite.wait_for_url("**/auftraege/**", timeout=1500)
            link = seite.get_by_role("link", name="Monatsbericht_2025-03.pdf")
            link.wait_for(timeout=WARTEN)
            tab_zu(seite, link)
            seite.keyboard.press("Enter")
        except Exception:  # noqa: BLE001 - the download came at once
            pass
    assert download.value.suggested_filename == "Monatsbericht_2025-03.pdf"
    pfad = tmp_path / "bericht.pdf"
    download.value.save_as(pfad)
    pdf = PdfReader(pfad)
    texte = [s.extract_text() for s in pdf.pages]
    assert len(pdf.pages) >= 2 and "Monatsbericht März 2025" in texte[0]
    assert any("Sachlich richtig und vollständig" in t for t in texte)


def _abschliessen_per_tastatur(seite, server) -> None:
    seite.goto(server.url + "monat/2025-03")
    tab_zu(seite, seite.get_by_role("link", name="Monat abschließen …"))
    seite.keyboard.press("Enter")
    seite.wait_for_url("**/monat/2025-03/abschliessen")
    tab_zu(seite, seite.get_by_role("checkbox"))
    seite.keyboard.press("Space")
    tab_zu(seite, seite.get_by_role("button", name="Monat jetzt abschließen"))
    seite.keyboard.press("Enter")


def test_close_a_month_and_see_the_checksum(server, seite, tmp_path):
    from kibericht import anwendung

    for monat in ("2025-01", "2025-02"):  # the months before: then March gets its Meldung at once
        anwendung.abschliessen([server.ki / "nachweise"], server.ki / "ki.toml", anwendung.monat(monat))
    seite.goto(server.url + "monat/2025-03/abschliessen")
    assert "Was beim Abschließen passiert" in seite.locator("main").inner_text()
    bild(seite, "abschliessen", tmp_path)
    _abschliessen_per_tastatur(seite, server)
    _auftrag_fertig(seite, "März 2025 ist abgeschlossen")
    manifest = next((server.ki / "abschluesse" / "0003_2025-03_Abschluss").glob("*.json"))
    assert seite.locator("#pruefsumme").inner_text() == hashlib.sha256(manifest.read_bytes()).hexdigest()
    code = json.loads(manifest.read_text("utf-8"))["pruefcode"]
    assert seite.locator("#pruefcode").inner_text() == code
    bild(seite, "abgeschlossen", tmp_path)
    # the filed report carries the Prüfcode; the Meldung is the one written into meldungen/
    abgelegt = seite.get_by_role("link", name=re.compile("Abgelegter Bericht mit Prüfcode"))
    pdf = _herunterladen(seite, abgelegt, tmp_path)
    assert code in "".join(s.extract_text() for s in PdfReader(pdf).pages).replace("\n", "")
    meldung = next((server.ki / "meldungen").glob("Meldung_*_2025-03.zip"))
    zip_ = _herunterladen(seite, seite.get_by_role("link", name=re.compile("Meldung an das Land")), tmp_path)
    assert zip_.name == meldung.name and zip_.read_bytes() == meldung.read_bytes()
    sha = hashlib.sha256(meldung.read_bytes()).hexdigest()
    assert seite.locator("#meldung-pruefsumme").inner_text() == sha
    seite.goto(server.url + "monat/2025-03")
    assert "Abgeschlossen" in seite.locator("#ablage-titel + p").inner_text()
    assert code in seite.locator("main").inner_text()


def _herunterladen(seite, link, ordner: Path) -> Path:
    """Follow a download link by keyboard; the file saved into `ordner` under its suggested name."""
    tab_zu(seite, link)
    with seite.expect_download(timeout=WARTEN) as download:
        seite.keyboard.press("Enter")
    ziel = ordner / download.value.suggested_filename
    download.value.save_as(ziel)
    return ziel


def test_try_to_close_it_twice(server, seite, tmp_path):
    zweite = seite.context.new_page()
    zweite.goto(server.url + "monat/2025-03/abschliessen")  # opened before the first closes
    _abschliessen_per_tastatur(seite, server)
    _auftrag_fertig(seite, "März 2025 ist abgeschlossen")
    tab_zu(zweite, zweite.get_by_role("checkbox"))
    zweite.keyboard.press("Space")
    tab_zu(zweite, zweite.get_by_role("button", name="Monat jetzt abschließen"))
    zweite.keyboard.press("Enter")
    _auftrag_fertig(zweite, "bereits abgeschlossen")
    assert zweite.get_by_role("alert").count() == 1
    assert [p.name for p in (server.ki / "abschluesse").glob("0*")] == ["0001_2025-03_Abschluss"]


def test_verify_the_ablage(server, seite, tmp_path):
    from kibericht import anwendung

    anwendung.abschliessen([server.ki / "nachweise"], server.ki / "ki.toml", anwendung.monat("2025-03"))
    anwendung.wiedereroeffnen(server.ki / "ki.toml", anwendung.monat("2025-03"), "Stunden L2 korrigiert")
    anwendung.abschliessen([server.ki / "nachweise"], server.ki / "ki.toml", anwendung.monat("2025-03"))
    tab_zu(seite, seite.get_by_role("link", name="Ablage", exact=True))
    seite.keyboard.press("Enter")
    seite.wait_for_url("**/ablage")
    assert "Grund: Stunden L2 korrigiert" in seite.locator("table").inner_text()
    bild(seite, "ablage", tmp_path)
    tab_zu(seite, seite.get_by_role("button", name="Prüfen", exact=True))
    seite.keyboard.press("Enter")
    _auftrag_fertig(seite, "✓ Die Ablage ist intakt")
    kopf = anwendung.verifizieren(server.ki / "ki.toml").stand.kopf
    assert kopf in seite.locator("main").inner_text()
    assert "mit den Nachweisen verglichen" in seite.locator("main").inner_text()
    # the Prüfcode on a signed report, typed as read off the paper
    code = anwendung.verifizieren(server.ki / "ki.toml").stand.geschlossen["2025-03"].daten["pruefcode"]
    seite.goto(server.url + "ablage")
    feld = seite.get_by_label("Prüfcode vom unterschriebenen Bericht")
    _tippen(seite, feld, code.lower().replace("-", " "))
    seite.keyboard.press("Enter")
    _auftrag_fertig(seite, f"✓ Prüfcode {code}: gefunden.")
    assert "ist unverändert in der Ablage" in seite.locator("main").inner_text()
    bild(seite, "pruefcode", tmp_path)


def test_the_year_report_runs_in_the_background_with_progress(server, seite, tmp_path):
    tab_zu(seite, seite.get_by_role("button", name="Jahresbericht als PDF"))
    seite.keyboard.press("Enter")
    seite.wait_for_url("**/auftraege/**")
    assert seite.get_by_role("status").count() >= 1
    bild(seite, "auftrag", tmp_path)
    link = seite.get_by_role("link", name="Jahresbericht_2025.pdf")
    link.wait_for(timeout=WARTEN)  # swapped in by htmx when the job is done, no reload
    tab_zu(seite, link)
    with seite.expect_download(timeout=WARTEN) as download:
        seite.keyboard.press("Enter")
    assert download.value.suggested_filename == "Jahresbericht_2025.pdf"


def test_a_foreign_site_cannot_act_or_read_in_the_signed_in_browser(server, seite, tmp_path):
    """A page of another origin posts a closing form and fetches the overview: the session cookie
    (SameSite=Strict) is not sent along, the Origin does not match, nothing is closed or read."""
    boese = tmp_path / "boese"
    boese.mkdir()
    (boese / "index.html").write_text(f"""<!doctype html><html><body>
<form id="f" method="post" action="{server.url}monat/2025-03/abschliessen">
<input name="bestaetigt" value="ja"><input name="csrf" value="geraten"></form>
<script>
fetch("{server.url}uebersicht.json", {{credentials: "include"}})
  .then(r => r.text()).then(t => {{ document.title = "gelesen:" + t.slice(0, 20); }})
  .catch(() => {{ document.title = "blockiert"; }})
  .finally(() => document.getElementById("f").submit());
</script></body></html>""", "utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(boese), **k)  # noqa: E731
    fremd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=fremd.serve_forever, daemon=True).start()
    try:
        antworten = []
        seite.on("response", lambda r: antworten.append((r.url, r.status)))
        seite.goto(f"http://127.0.0.1:{fremd.server_address[1]}/index.html")
        seite.wait_for_url("**/monat/2025-03/abschliessen")
        seite.wait_for_load_state()
        assert ("blockiert" in seite.evaluate("document.title") or seite.url.endswith("/abschliessen"))
        assert (server.url + "monat/2025-03/abschliessen", 403) in antworten
    finally:
        fremd.shutdown()
    assert not (server.ki / "abschluesse").exists()


def _tippen(seite, ziel, text: str) -> None:
    """Reach a field by Tab and type into it (what was there is replaced)."""
    tab_zu(seite, ziel)
    seite.keyboard.press("Control+A")
    seite.keyboard.type(text)


def _knopf(seite, name: str) -> None:
    """Reach a button by Tab and press Enter; wait for the page it leads to."""
    tab_zu(seite, seite.get_by_role("button", name=name, exact=True))
    with seite.expect_navigation(timeout=WARTEN):
        seite.keyboard.press("Enter")


def _link(seite, name: str) -> None:
    tab_zu(seite, seite.locator("main").get_by_role("link", name=name, exact=True).first)
    with seite.expect_navigation(timeout=WARTEN):
        seite.keyboard.press("Enter")


def test_set_up_a_small_ki_from_nothing_by_keyboard(leerer_server, neue_seite, tmp_path):
    """A new KI, no ki.toml: the setup in the browser by keyboard, a field error at its field with
    the message of ki.toml, the Pauschale per month shown, saved after a confirmation — and the
    Übersicht works with it at once."""
    from kibericht.konfig import load_config
    from tests.test_einrichtung_formular import loader_meldungen

    seite = neue_seite
    assert seite.url.endswith("/einstellungen")  # without a configuration, the start is here
    _link(seite, "Konfiguration einrichten")
    _link(seite, "Angaben zum KI eintragen")
    _tippen(seite, seite.get_by_label("Kreis oder kreisfreie Stadt"), "Kreis Olpe")
    _knopf(seite, "Name und Kommunen aus dem Kreis einsetzen")
    name = seite.get_by_label("Name des KI (Pflichtangabe)").input_value()
    assert name == "Kommunales Integrationszentrum Kreis Olpe"
    _tippen(seite, seite.get_by_label("Förderjahre (Pflichtangabe)"), "2025")
    bild(seite, "einrichten_ki", tmp_path)
    _knopf(seite, "Übernehmen")
    _link(seite, "Programm hinzufügen")
    assert seite.get_by_label("2025 in €").input_value() == "364.500"  # suggested for a Kreis
    _tippen(seite, seite.get_by_label("2025 in €"), "120.000")
    _knopf(seite, "Übernehmen")
    _link(seite, "Stelle hinzufügen")
    _tippen(seite, seite.get_by_label("Kürzel der Stelle (Pflichtangabe)"), "FK1")
    tab_zu(seite, seite.get_by_label("Art der Stelle (Pflichtangabe)"))
    seite.keyboard.type("Fachkraft")
    _knopf(seite, "Übernehmen")  # the amount left empty: the suggestion is put in, to be checked
    assert seite.get_by_label("2025 in €").input_value() == "57.000"
    _knopf(seite, "Übernehmen")
    # a second Stelle with a wrong Stellenanteil: the message of ki.toml as the field is left
    _link(seite, "Stelle hinzufügen")
    _tippen(seite, seite.get_by_label("Kürzel der Stelle (Pflichtangabe)"), "VA1")
    tab_zu(seite, seite.get_by_label("Art der Stelle (Pflichtangabe)"))
    seite.keyboard.type("Assistenz")
    _tippen(seite, seite.get_by_label("Stellenanteil (VZÄ)", exact=True), "abc")
    seite.keyboard.press("Tab")
    erwartet = loader_meldungen(tmp_path, stelle={"id": '"VA1"', "umfang": '"abc"'})
    meldung = seite.locator("#meldung-umfang")
    meldung.get_by_text(erwartet[0]).wait_for(timeout=WARTEN)
    assert seite.get_by_label("Stellenanteil (VZÄ)", exact=True).get_attribute("aria-invalid") == "true"
    bild(seite, "einrichten_fehler", tmp_path)
    _tippen(seite, seite.get_by_label("Stellenanteil (VZÄ)", exact=True), "0,5")
    _tippen(seite, seite.get_by_label("besetzt ab"), "01.01.2025")
    _tippen(seite, seite.get_by_label("besetzt bis"), "15.05.2025")
    seite.keyboard.press("Tab")
    vorschau = seite.locator("#vorschau-inhalt")
    vorschau.get_by_text("„pauschale“ fehlt").wait_for(timeout=WARTEN)  # what is still missing
    assert meldung.inner_text().strip() == ""
    assert seite.get_by_label("Stellenanteil (VZÄ)", exact=True).get_attribute("aria-invalid") is None
    _knopf(seite, "Vorgeschlagene Beträge einsetzen")
    assert seite.get_by_label("2025 in €").input_value() == "22.500"  # ½ Assistenz
    assert "907,26 €" in seite.locator("#vorschau-inhalt").inner_text()  # May: 1.875 € × 15/31
    bild(seite, "einrichten_stelle", tmp_path)
    _knopf(seite, "Übernehmen")
    _link(seite, "Ordner eintragen")
    assert seite.get_by_label("Ordner der Nachweise").input_value() == "nachweise"
    _knopf(seite, "Übernehmen")
    folgen = seite.locator("#folgen").inner_text()
    assert "57.000,00 €" in folgen and "8.407,26 €" in folgen and "65.407,26 €" in folgen
    seite.locator("#folgen").scroll_into_view_if_needed()
    bild(seite, "einrichten_folgen", tmp_path)
    seite.evaluate("window.scrollTo(0, 0)")
    bild(seite, "einrichten", tmp_path)
    _link(seite, "Weiter zum Speichern …")
    assert not (leerer_server.ki / "ki.toml").exists()  # nothing written before the confirmation
    bild(seite, "einrichten_speichern", tmp_path)
    tab_zu(seite, seite.get_by_role("checkbox"))
    seite.keyboard.press("Space")
    _knopf(seite, "ki.toml jetzt schreiben")
    assert "Konfiguration gespeichert" in seite.locator("h1").inner_text()
    assert load_config(leerer_server.ki / "ki.toml").befunde == ()
    assert (leerer_server.ki / "nachweise").is_dir()
    _link(seite, "Übersicht")  # in „Wie es weitergeht“
    assert seite.locator("h1").inner_text().startswith("Übersicht")
    assert "Kommunales Integrationszentrum Kreis Olpe" in seite.locator("header").inner_text()
    if AXE and Path(AXE).is_file():
        seite.goto(leerer_server.url + "einstellungen/einrichten")
        assert axe_verstoesse(seite, Path(AXE).read_text("utf-8")) == []


# ------------------------------------------------------------------------------------ axe

AXE_LAUF = """() => axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a",
    "wcag21aa"]}}).then(r => r.violations.map(
        v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", ")))"""


def axe_verstoesse(seite, quelle: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now; axe is evaluated through the
    DevTools protocol, not as a page script (the page's CSP allows none but its own)."""
    seite.evaluate(quelle + "\n;undefined")
    return list(seite.evaluate(AXE_LAUF))


SEITEN = ["uebersicht", "pruefung", "pruefung?ansicht=stelle", "monat/2025-03", "monat/2025-03/abschliessen",
          "quote?monat=2025-08", "foerderung?jahr=2025", "vorlagen", "ablage", "einstellungen", "gibtsnicht",
          "einstellungen/einrichten", "einstellungen/einrichten/ki", "einstellungen/einrichten/stelle/3",
          "einstellungen/einrichten/stelle/neu", "einstellungen/einrichten/schwerpunkt/1/meilenstein/1",
          "einstellungen/einrichten/speichern"]


def test_no_wcag_21_aa_violation_on_any_page(server, seite, tmp_path):
    if not AXE or not Path(AXE).is_file():
        pytest.skip("axe-core not found: set KIBERICHT_AXE to axe.min.js (npm install axe-core)")
    from kibericht import anwendung

    fehler_pflanzen(server.ki / "nachweise" / L2, "Mär 2025", 10, 8, "abc")
    anwendung.abschliessen([server.ki / "nachweise"], server.ki / "ki.toml", anwendung.monat("2025-04"))
    quelle = Path(AXE).read_text("utf-8")
    verstoesse = {}
    for pfad in [*SEITEN, "monat/2025-04/wiedereroeffnen"]:
        seite.goto(server.url + pfad)
        _bilder_geladen(seite)
        ergebnis = axe_verstoesse(seite, quelle)
        if ergebnis:
            verstoesse[pfad] = ergebnis
        for status in seite.locator(".status").all():  # the status says itself in words
            assert re.search(r"[A-Za-zÄÖÜäöü]{3}", status.inner_text()), (pfad, status.inner_text())
    # a job's page while it runs and when done
    seite.goto(server.url + "uebersicht")
    seite.get_by_role("button", name="Jahresbericht als PDF").click()
    seite.wait_for_url("**/auftraege/**")
    for _ in range(2):
        ergebnis = axe_verstoesse(seite, quelle)
        if ergebnis:
            verstoesse[f"auftrag {seite.url}"] = ergebnis
        # done (here: stopped by the planted error)
        seite.locator("#auftrag .hinweisbox").first.wait_for(timeout=WARTEN)
    assert verstoesse == {}


def test_screenshots_of_the_main_pages(server, seite, tmp_path):
    """The pictures of docs/erste-schritte.md („Im Browser“)."""
    for pfad, name in (("quote?monat=2025-08", "quote"), ("foerderung?jahr=2025", "foerderung"),
                       ("vorlagen", "vorlagen"), ("einstellungen", "einstellungen")):
        seite.goto(server.url + pfad)
        _bilder_geladen(seite)
        pfad_bild = bild(seite, name, tmp_path)
        assert pfad_bild.stat().st_size < 400_000


def test_the_first_tab_goes_to_the_skip_link(server, seite):
    seite.keyboard.press("Tab")
    assert seite.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    seite.keyboard.press("Enter")
    assert seite.evaluate("document.activeElement.id") == "inhalt"
