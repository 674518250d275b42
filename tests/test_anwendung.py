"""The application layer as a script uses it: a month closed and its verdict read without click,
the same JSON documents as the command line, usage problems as one exception, a read cache that
re-reads only what changed, and importing the layer changes nothing in click."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kibericht import anwendung
from kibericht.ablauf import Lesecache, load_entries
from kibericht.anwendung import Aufruffehler, monat
from kibericht.befunde import Code
from kibericht.cli import cli
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def _bibliothek_skript() -> str:
    """The script of the section „kibericht als Bibliothek“, wherever the docs keep it."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        text = path.read_text("utf-8")
        if "kibericht als Bibliothek" in text:
            abschnitt = text[text.index("kibericht als Bibliothek"):]
            return re.search(r"```python\n(.*?)```", abschnitt, re.S).group(1)
    raise AssertionError("no section „kibericht als Bibliothek“ in README.md or docs/")


def _ki(root: Path, maerz_stunden: float = 2.0) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(root / "nachweise" / "FK1.xlsx",
               {"März": [HEADER, entry(3, stunden=maerz_stunden), entry(4, stunden=1.5),
                         entry(5, sp=None, taet="Verwaltung", stunden=1.0)],
                "April": [HEADER, entry(1, month=4)]})
    return root


def test_the_documented_script_closes_a_month_and_reads_its_verdict_without_click(tmp_path):
    ki = _ki(tmp_path / "ki")
    skript = _bibliothek_skript() + "\nimport sys\nassert 'click' not in sys.modules, 'click was imported'\n"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", skript], cwd=ki, capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    manifest = next((ki / "abschluesse" / "0001_2025-03_Abschluss").glob("*.json"))
    import hashlib

    pruefsumme = hashlib.sha256(manifest.read_bytes()).hexdigest()
    assert done.stdout.splitlines() == [f"März 2025 abgeschlossen, Prüfsumme {pruefsumme}",
                                        "Schwerpunktquote erfüllt: True", "Prüfung bestanden: True"]
    # run again: the month is closed, the script says so instead of a traceback
    again = subprocess.run([sys.executable, "-c", skript], cwd=ki, capture_output=True, text=True, env=env,
                           timeout=300)
    assert again.returncode == 1
    assert "Nicht abgeschlossen: März 2025 ist bereits abgeschlossen" in again.stderr


def test_results_carry_the_json_documents_of_the_command_line(tmp_path):
    ki = _ki(tmp_path / "ki")
    ergebnis = anwendung.pruefen([ki / "nachweise"], ki / "ki.toml")
    cli_json = CliRunner().invoke(cli, ["pruefen", str(ki / "nachweise"), "--config", str(ki / "ki.toml"),
                                        "--format", "json"])
    assert (ergebnis.exit_code, ergebnis.dokument) == (cli_json.exit_code, json.loads(cli_json.stdout))
    quote = anwendung.quote([ki / "nachweise"], ki / "ki.toml", monat("2025-03"))
    cli_json = CliRunner().invoke(cli, ["quote", str(ki / "nachweise"), "--config", str(ki / "ki.toml"),
                                        "--monat", "2025-03", "--format", "json"])
    assert (quote.exit_code, quote.dokument) == (cli_json.exit_code, json.loads(cli_json.stdout))
    assert quote.quote is not None and quote.quote.erfuellt is True


def test_a_report_stopped_by_data_errors_is_a_result_not_an_exception(tmp_path):
    ki = _ki(tmp_path / "ki", maerz_stunden="abc")
    ergebnis = anwendung.bericht([ki / "nachweise"], ki / "ki.toml", monat("2025-03"), tmp_path / "out")
    assert ergebnis.bericht is None and ergebnis.nachweise.gestoppt and ergebnis.exit_code == 1
    assert [(f.zeile, f.spalte, f.code) for f in ergebnis.befunde] == [(2, "Stunden", Code.STUNDEN_UNGUELTIG)]
    assert ergebnis.dokument["fehler"][0]["code"] == "stunden-ungueltig" and ergebnis.dateien == ()
    assert not (tmp_path / "out").exists()


def test_usage_problems_are_one_exception_with_findings(tmp_path):
    ki = _ki(tmp_path / "ki")
    with pytest.raises(Aufruffehler) as bad_period:
        anwendung.zeitraum(monat="2025-13")
    assert bad_period.value.exit_code == 2 and bad_period.value.befunde[0].code is Code.AUFRUF_UNGUELTIG
    with pytest.raises(Aufruffehler) as no_reason:
        anwendung.wiedereroeffnen(ki / "ki.toml", monat("2025-03"), "  ")
    assert "Grund" in no_reason.value.meldung
    (tmp_path / "kaputt.toml").write_text("[ki]\nname = 1\n", encoding="utf-8")
    with pytest.raises(Aufruffehler) as config:
        anwendung.pruefen([ki / "nachweise"], tmp_path / "kaputt.toml")
    assert config.value.dokument["fehler"][0]["code"] == "konfig-ungueltig"
    with pytest.raises(Aufruffehler) as not_over:
        anwendung.abschliessen([ki / "nachweise"], ki / "ki.toml", monat("2025-03"),
                               heute=monat("2025-03").ende)
    assert "noch nicht zu Ende" in not_over.value.meldung and not (ki / "abschluesse").exists()


def test_progress_is_reported_for_every_file(tmp_path):
    ki = _ki(tmp_path / "ki")
    write_xlsx(ki / "nachweise" / "FK2.xlsx", {"März": [HEADER, entry(6, stelle="FK2")]})
    gemeldet = []
    anwendung.pruefen([ki / "nachweise"], ki / "ki.toml", fortschritt=gemeldet.append)
    assert [(f.schritt, f.gelesen, f.datei and f.datei.name) for f in gemeldet] == [
        ("lese", 0, None), ("lese", 1, "FK1.xlsx"), ("lese", 2, "FK2.xlsx"), ("prüfe", 2, None)]


def _frames_equal(a, b) -> None:
    assert a.entries.reset_index(drop=True).equals(b.entries.reset_index(drop=True))
    assert a.rejected.reset_index(drop=True).equals(b.rejected.reset_index(drop=True))
    assert a.findings == b.findings and (a.rows_in, a.files) == (b.rows_in, b.files)


def test_the_read_cache_reads_again_only_the_file_that_changed(tmp_path, config):
    folder = tmp_path / "nachweise"
    for stelle in ("FK1", "FK2", "L1"):
        write_xlsx(folder / f"{stelle}.xlsx", {"März": [HEADER, entry(3, stelle=stelle),
                                                        entry(4, stelle=stelle, stunden=3.0)]})
    cache = Lesecache()
    first = load_entries([folder], config, cache=cache)
    assert sorted(p.name for p in cache.gelesen) == ["FK1.xlsx", "FK2.xlsx", "L1.xlsx"]
    again = load_entries([folder], config, cache=cache)
    assert cache.gelesen == []
    _frames_equal(again, first)
    write_xlsx(folder / "FK2.xlsx", {"März": [HEADER, entry(3, stelle="FK2"),
                                              entry(5, stelle="FK2", stunden="x")]})
    changed = load_entries([folder], config, cache=cache)
    assert [p.name for p in cache.gelesen] == ["FK2.xlsx"]
    _frames_equal(changed, load_entries([folder], config))
    assert [(f.zeile, f.spalte, f.code) for f in changed.findings] == [(3, "Stunden", Code.STUNDEN_UNGUELTIG)]
    # through the layer, as the web app calls it
    ergebnis = anwendung.pruefen([folder], config, cache=cache)
    assert cache.gelesen == [] and ergebnis.exit_code == 1


def test_importing_the_layer_and_the_command_line_changes_nothing_in_click():
    code = ("import gettext, click.core, click.types, click.parser, click.formatting, click.decorators, "
            "click.exceptions\n"
            "mods = [click.core, click.types, click.parser, click.formatting, click.decorators, "
            "click.exceptions]\n"
            "before = [(getattr(m, '_', None), getattr(m, 'ngettext', None)) for m in mods]\n"
            "import kibericht.anwendung, kibericht.cli\n"
            "after = [(getattr(m, '_', None), getattr(m, 'ngettext', None)) for m in mods]\n"
            "assert before == after, 'click patched at import'\n"
            "assert click.core._ is gettext.gettext\n"
            "from click.testing import CliRunner\n"
            "r = CliRunner().invoke(kibericht.cli.cli, ['--monta'])\n"
            "assert 'Unbekannte Option' in r.output, r.output\n"
            "assert [(getattr(m, '_', None), getattr(m, 'ngettext', None)) for m in mods] == before\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


def test_an_ablage_that_is_a_file_is_a_german_message(tmp_path):
    ki = _ki(tmp_path / "ki")
    (ki / "abschluesse").write_text("keine Ablage", encoding="utf-8")
    with pytest.raises(Aufruffehler) as closing:
        anwendung.abschliessen([ki / "nachweise"], ki / "ki.toml", monat("2025-03"))
    assert "ist eine Datei, kein Ordner" in closing.value.meldung
    assert "File exists" not in closing.value.meldung
    result = CliRunner().invoke(cli, ["verifizieren", "--config", str(ki / "ki.toml")])
    assert result.exit_code == 2 and "ist eine Datei, kein Ordner" in result.stderr
