"""Shared by the web app's tests: the sample KI copied into tmp_path, a signed-in TestClient, the
command line's JSON for the same input, tables read back from a page, and a planted error."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from starlette.testclient import TestClient

from kibericht.cli import cli
from kibericht.web.app import app
from kibericht.web.arbeitsplatz import Arbeitsplatz
from kibericht.web.zugang import Zugang

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
PORT = 8123
ORIGIN = f"http://127.0.0.1:{PORT}"


def beispiel_ki(ziel: Path) -> Path:
    """The sample KI (ki.toml and its six workbooks) copied into `ziel`; returns `ziel`."""
    ziel.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE / "ki.toml", ziel / "ki.toml")
    shutil.copytree(SAMPLE / "nachweise", ziel / "nachweise")
    return ziel


def fehler_pflanzen(mappe: Path, blatt: str, zeile: int, spalte: int, wert: object) -> None:
    """Write `wert` into one cell of a workbook (a planted error: „abc“ in Stunden …)."""
    wb = openpyxl.load_workbook(mappe)
    wb[blatt].cell(zeile, spalte).value = wert
    wb.save(mappe)


@dataclass
class Web:
    """A server's app in process: its client (signed in, with the server's own Origin), its
    state and secrets, and the KI's folder."""

    client: TestClient
    ap: Arbeitsplatz
    zugang: Zugang
    ki: Path

    @property
    def nachweise(self) -> Path:
        return self.ki / "nachweise"

    @property
    def toml(self) -> Path:
        return self.ki / "ki.toml"

    def post(self, url: str, daten: dict | None = None, **kwargs):
        """A form as the pages send it: with the CSRF token."""
        return self.client.post(url, data={"csrf": self.zugang.csrf, **(daten or {})}, **kwargs)

    def cli_json(self, *args: str) -> tuple[int, dict]:
        """The command line's exit code and JSON for the same logs and configuration."""
        result = CliRunner().invoke(cli, [args[0], str(self.nachweise), *args[1:], "--config", str(self.toml),
                                          "--format", "json"])
        return result.exit_code, json.loads(result.stdout)


def starten(ki: Path, eingabe: tuple[str, ...] | None = None) -> Web:
    """The app for the KI in `ki` (logs: `ki/nachweise` unless `eingabe`), signed in."""
    zugang = Zugang(PORT)
    ap = Arbeitsplatz(ki / "ki.toml", (str(ki / "nachweise"),) if eingabe is None else eingabe,
                      ordner=ki.parent)
    client = TestClient(app(ap, zugang), base_url=ORIGIN, headers={"origin": ORIGIN})
    client.cookies.set(zugang.cookie, zugang.sitzung)
    return Web(client, ap, zugang, ki)


class Tabellen(HTMLParser):
    """Every table of a page: caption → rows of cell texts (header row included)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tabellen: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._zeilen: list[list[str]] | None = None
        self._text: list[str] | None = None
        self._in_caption = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self._zeilen, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._zeilen is not None:
            self._zeilen.append([])
        elif tag in ("td", "th") and self._zeilen is not None:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._text is not None and self._zeilen:
            self._zeilen[-1].append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "table" and self._zeilen is not None:
            self.tabellen[self._caption or f"Tabelle {len(self.tabellen) + 1}"] = self._zeilen
            self._zeilen = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self._caption = (self._caption or "") + data.strip()
        elif self._text is not None:
            self._text.append(data)


def tabelle(html: str, caption: str) -> list[list[str]]:
    tabellen = Tabellen(html).tabellen
    assert caption in tabellen, sorted(tabellen)
    return tabellen[caption]


def im_prozess(tmp_path: Path):
    """For a fixture: the sample KI in tmp_path, served in process; the server's state deleted after."""
    w = starten(beispiel_ki(tmp_path / "ki"))
    yield w
    w.ap.beenden()


def fertig(web: Web, antwort, sekunden: float = 120) -> tuple[str, dict]:
    """The job page an action answered with, once its job is done: (its HTML, its JSON)."""
    import time

    url = str(antwort.url).split("?")[0]
    assert "/auftraege/" in url, url
    ende = time.monotonic() + sekunden
    while True:
        zustand = web.client.get(url + ".json").json()
        if zustand["status"] not in ("wartet", "läuft"):
            return web.client.get(url).text, zustand
        assert time.monotonic() < ende, zustand
        time.sleep(0.05)


def download(web: Web, antwort, endung: str = ""):
    """The file an action offers: its answer itself when the job was done at once, else the
    download (named …`endung`) on its job page once the job is done."""
    if "/dateien/" in str(antwort.url):
        return antwort
    _, zustand = fertig(web, antwort)
    links = [d["url"] for d in zustand["downloads"] if d["name"].endswith(endung)]
    assert links, zustand
    return web.client.get(links[0])
