"""The settings use case: a configuration with errors is a result with each error at its line;
a usable one gives its warnings and what it sets."""

from __future__ import annotations

from kibericht import anwendung
from kibericht.befunde import Code
from tests.conftest import KI_TOML


def test_errors_with_their_lines(tmp_path):
    toml = tmp_path / "ki.toml"
    toml.write_text(KI_TOML.replace("max_stunden_pro_tag = 10", "max_stunden_pro_tag = 10\npauschal = 1"),
                    "utf-8")
    e = anwendung.einstellungen(toml)
    assert not e.gueltig and e.vorhanden and e.exit_code == 2
    zeile = KI_TOML.splitlines().index("max_stunden_pro_tag = 10") + 2
    assert [(f.zeile, f.code) for f in e.befunde] == [(zeile, Code.KONFIG_UNGUELTIG)]
    assert e.dokument["fehler"][0]["zeile"] == zeile and "stellen" not in e.dokument


def test_a_missing_configuration(tmp_path):
    e = anwendung.einstellungen(tmp_path / "ki.toml")
    assert not e.vorhanden and [f.code for f in e.befunde] == [Code.KONFIG_FEHLT]


def test_a_usable_configuration(config_path):
    e = anwendung.einstellungen(config_path)
    assert e.gueltig and e.exit_code == 0
    d = e.dokument
    assert (d["stellen"], d["programme"], d["nachweise"]) == (["FK1", "FK2", "L1"], ["KI"], None)
    assert d["ablage"].endswith("abschluesse") and d["regeln"]["anteilig"] == "tagesgenau"
