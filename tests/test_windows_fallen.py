"""Windows traps that can be simulated on Linux (the rest is the release checklist in the docs):
reports written below a long path with umlauts and spaces, whose temporary names never make the
path longer; time stamps without the time-zone database (`tzdata`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kibericht.cli import cli
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def test_a_report_below_a_long_path_with_umlauts_and_spaces(tmp_path, monkeypatch):
    (tmp_path / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    nachweise = tmp_path / "Tätigkeitsnachweise März"
    write_xlsx(nachweise / "FK1 Müller.xlsx", {"März": [HEADER, entry(3), entry(4)]})
    ausgabe = tmp_path / "Kommunales Integrationszentrum Städteregion" / "Berichte für die Förderung 2025"
    while len(ausgabe.as_posix()) < 200:
        ausgabe = ausgabe / "Unterordner mit Umlauten äöü"
    echt, laengen = os.open, []

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            laengen.append((len(os.fspath(path)), os.fspath(path)))
        return echt(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    config = tmp_path / "ki.toml"
    result = CliRunner().invoke(cli, ["bericht", str(nachweise), "--monat", "2025-03", "--ausgabe",
                                      str(ausgabe), "--config", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    dateien = [ausgabe / d for d in json.loads(result.stdout)["dateien"]]
    assert dateien[0].name == "Monatsbericht_2025-03.xlsx" and all(d.is_file() for d in dateien)
    assert sorted(p.name for p in ausgabe.iterdir()) == sorted(d.name for d in dateien)
    # no temporary file longer than the longest of the report's own paths (Windows: 260 characters)
    laengste = max(len(d.as_posix()) for d in dateien)
    assert laengen and max(n for n, _ in laengen if str(ausgabe) in _) <= laengste


TZ_LOS = """
import sys, zoneinfo
sys.modules["tzdata"] = None  # no tzdata package
class Keine(zoneinfo.ZoneInfo):
    def __new__(cls, *args, **kwargs):
        raise zoneinfo.ZoneInfoNotFoundError("keine Zeitzonendaten")
zoneinfo.ZoneInfo = Keine
from kibericht.cli import main
main()
"""


def test_closing_a_month_needs_no_time_zone_database(tmp_path):
    (tmp_path / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(tmp_path / "nachweise" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(4)]})
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Europe/Nirgendwo",
           "PYTHONTZPATH": str(tmp_path / "leer")}
    lauf = subprocess.run([sys.executable, "-c", TZ_LOS, "abschliessen", "nachweise", "--monat", "2025-03",
                           "--format", "json"], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=300)
    assert lauf.returncode == 0, lauf.stderr
    manifest = json.loads(next((tmp_path / "abschluesse").glob("0001_*/*.json")).read_text("utf-8"))
    zeitpunkt = dt.datetime.fromisoformat(manifest["zeitpunkt"])
    assert zeitpunkt.tzinfo is not None  # local time with its offset (UTC where the zone is unknown)
    assert abs(zeitpunkt - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
