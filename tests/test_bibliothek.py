"""kibericht as a library, as a script uses it: the example `SKRIPT` (the one the documentation
shows) run on a copy of the sample KI in a fresh interpreter, without click; and the forms a
script passes periods and paths in (a year as a number, a month as text, one folder as text)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler
from kibericht.anwendung.aufruf import als_eingabe, als_periode
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent

# The example of the documentation („kibericht als Bibliothek“): check the logs, the quota month by
# month, close March and read its verdict, verify the Ablage. Run from the folder of ki.toml.
SKRIPT = '''\
from pathlib import Path

from kibericht.anwendung import Aufruffehler, Lesecache, abschliessen, pruefen, quote, verifizieren

konfig = Path("ki.toml")
nachweise = Path("nachweise")
cache = Lesecache()  # later calls read only workbooks changed since

pruefung = pruefen(nachweise, konfig, cache=cache)
fehler = [b for b in pruefung.befunde if b.schwere == "fehler"]
print(f"{pruefung.dokument['eintraege']} Einträge, {len(fehler)} Fehler")
for b in fehler:
    print(b.render())

jahr = quote(nachweise, konfig, 2025, cache=cache).quote
for m in jahr.monate:
    if m.unterschritten:
        print(f"{m.monat}: Schwerpunktanteil {m.werte.anteil:.1%}, {m.fehlstunden:.2f} Stunden fehlen")

try:
    abschluss = abschliessen(nachweise, konfig, "2025-03", cache=cache)
except Aufruffehler as problem:  # z. B. schon abgeschlossen: nichts wurde abgelegt
    raise SystemExit(f"Nicht abgeschlossen: {problem.meldung}")
if abschluss.glied is None:  # Datenfehler im März: nichts abgelegt
    raise SystemExit(abschluss.exit_code)
print(f"{abschluss.periode.titel} abgeschlossen, Prüfsumme {abschluss.pruefsumme}")
print("Prüfung bestanden:", abschluss.urteil.bestanden)

ablage = verifizieren(konfig, nachweise, cache=cache)
print("Ablage intakt:", ablage.exit_code == 0)
'''


def _lauf(cwd: Path) -> subprocess.CompletedProcess[str]:
    skript = SKRIPT + "\nimport sys\nassert 'click' not in sys.modules, 'click was imported'\n"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", skript], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=600)


def test_the_library_example_runs_on_the_sample_ki(tmp_path):
    ki = tmp_path / "ki"
    ki.mkdir()
    shutil.copy(SAMPLE / "ki.toml", ki / "ki.toml")
    shutil.copytree(SAMPLE / "nachweise", ki / "nachweise")
    done = _lauf(ki)
    assert done.returncode == 0, done.stderr
    manifest = next((ki / "abschluesse" / "0001_2025-03_Abschluss").glob("Abschluss_*.json"))
    pruefsumme = hashlib.sha256(manifest.read_bytes()).hexdigest()
    # the sample: 3,505 entries, four deliberate warnings; August under the quota (summer break)
    lines = done.stdout.splitlines()
    assert lines[0] == "3505 Einträge, 0 Fehler"
    assert [z.split(":")[0] for z in lines[1:-3]] == ["2025-08"]
    assert lines[-3:] == [f"März 2025 abgeschlossen, Prüfsumme {pruefsumme}", "Prüfung bestanden: True",
                          "Ablage intakt: True"]
    # a second run: March is closed; the script says so, no traceback
    again = _lauf(ki)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "Nicht abgeschlossen: März 2025 ist bereits abgeschlossen" in again.stderr


@pytest.mark.parametrize("wert, titel", [(2025, "Jahr 2025"), ("2025", "Jahr 2025"), ("2025-03", "März 2025"),
                                         (" 2025-03 ", "März 2025"), ("2025-2026", "Zeitraum 2025–2026"),
                                         (anwendung.monat("2025-04"), "April 2025")])
def test_a_period_as_a_script_writes_it(wert, titel):
    assert als_periode(wert).titel == titel


@pytest.mark.parametrize("wert", [True, 3.5, "März", "2025-13", None])
def test_what_is_no_period_is_a_usage_problem_not_a_traceback(wert):
    with pytest.raises(Aufruffehler) as fehler:
        als_periode(wert)
    assert fehler.value.exit_code == 2 and fehler.value.befunde


def test_one_folder_given_as_text_is_one_input_not_its_letters(tmp_path, config_path):
    from tests.conftest import HEADER, entry, write_xlsx

    write_xlsx(tmp_path / "in" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(4)]})
    assert als_eingabe(str(tmp_path / "in")) == (str(tmp_path / "in"),)
    assert als_eingabe(tmp_path / "in") == (tmp_path / "in",)
    for eingabe in (str(tmp_path / "in"), tmp_path / "in", [tmp_path / "in"]):
        ergebnis = anwendung.pruefen(eingabe, config_path)
        assert ergebnis.dokument["eintraege"] == 2 and ergebnis.exit_code == 0
    bericht = anwendung.bericht(str(tmp_path / "in"), str(config_path), "2025-03", str(tmp_path / "out"))
    assert bericht.exit_code == 0 and (tmp_path / "out" / "Monatsbericht_2025-03.xlsx") in bericht.dateien
