"""Every number of ki.toml is finite and of a plausible size, or a configuration error with its
line: NaN, infinities, 1e308 and the tiniest positive float (1e-320, whose Soll hours are 0.0 as a
float) alike. The smallest allowed values still give a report, without a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kibericht.befunde import Code
from kibericht.cli import cli
from kibericht.konfig import ConfigError, load_config
from kibericht.konfig.schluessel import MINDESTUMFANG, MINDESTWOCHENSTUNDEN
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

# the first Stelle (FK1) of KI_TOML, and its period of occupation in FK2
UMFANG, WOCHENSTUNDEN = "umfang = 1.0", "wochenstunden = 39.0"
ZEITRAUM = "{ von = 2025-01-01, bis = 2025-06-30 }"


def _mit(tmp_path, alt: str, neu: str):
    assert alt in KI_TOML
    pfad = tmp_path / "ki.toml"
    pfad.write_text(KI_TOML.replace(alt, neu, 1), encoding="utf-8")
    return pfad


@pytest.mark.parametrize("wert", ["nan", "inf", "-inf", "1e308", "1e-320", "0.001", "0"])
@pytest.mark.parametrize("wo", ["umfang", "wochenstunden", "besetzt"])
def test_absurd_sizes_of_a_stelle_are_errors_with_their_line(tmp_path, wert, wo):
    alt, neu = {"umfang": (UMFANG, f"umfang = {wert}"),
                "wochenstunden": (WOCHENSTUNDEN, f"wochenstunden = {wert}"),
                "besetzt": (ZEITRAUM, f"{{ von = 2025-01-01, bis = 2025-06-30, umfang = {wert} }}")}[wo]
    pfad = _mit(tmp_path, alt, neu)
    zeile = next(n for n, text in enumerate(pfad.read_text("utf-8").splitlines(), 1) if neu in text)
    with pytest.raises(ConfigError) as fehler:
        load_config(pfad)
    assert [(f.zeile, f.code) for f in fehler.value.befunde] == [(zeile, Code.KONFIG_UNGUELTIG)]


def test_the_smallest_allowed_stelle_gives_a_report_and_its_funding(tmp_path):
    """A Stelle of a hundredth VZÄ at the shortest full-time week: Soll hours, quota and funding
    are computed, nothing divides by a float that rounded to zero."""
    pfad = _mit(tmp_path, f"{UMFANG}\n{WOCHENSTUNDEN}",
                f"umfang = {MINDESTUMFANG}\nwochenstunden = {MINDESTWOCHENSTUNDEN}")
    write_xlsx(tmp_path / "nachweise" / "FK1.xlsx", {"März 2025": [HEADER, entry(3), entry(4)]})
    runner = CliRunner()
    bericht = runner.invoke(cli, ["bericht", str(tmp_path / "nachweise"), "--config", str(pfad), "--monat",
                                  "2025-03", "--ausgabe", str(tmp_path / "berichte"), "--format", "json"])
    assert bericht.exit_code in (0, 3), bericht.output
    assert json.loads(bericht.stdout)["stunden"] > 0
    foerderung = runner.invoke(cli, ["foerderung", "--jahr", "2025", str(tmp_path / "nachweise"), "--config",
                                     str(pfad), "--format", "json"])
    assert foerderung.exit_code in (0, 3), foerderung.output
    soll = json.loads(foerderung.stdout)["soll_ist"]
    assert soll  # the Soll of the tiny Stelle is there, not a division by zero
