"""As a KI and the state would use it: a KI closes three months and sends three Meldungen; the state
consolidates them; an Ablage rewritten consistently after the second month is found by the state
from the Meldungen alone, although `verifizieren` finds nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kibericht.ablage.kette import lies_ablage
from kibericht.ablage.manifest import lesen, versiegeln
from kibericht.ablage.pruefcode import pruefcode
from kibericht.anwendung.zusammenfassung import zusammenfassen
from kibericht.cli import cli
from kibericht.land.meldung import meldungsinhalt
from kibericht.land.schreiben import meldung_schreiben
from tests.conftest import HEADER, entry, write_xlsx
from tests.meldung_helfer import FEBRUAR, MAERZ, MindestensDreiStellenTestdouble, berichte

pytest.importorskip("duckdb")
JANUAR = [entry(6, s, "Bildung", "SP1", "Beratung", "Alfter", 2.0, 1, month=1) for s in ("FK1", "FK2", "L1")]
ZEILEN = [*JANUAR, *FEBRUAR, *MAERZ]


def _abschliessen(tmp_path, config_path, monat: str) -> None:
    r = CliRunner().invoke(cli, ["abschliessen", str(tmp_path / "in"), "--config", str(config_path),
                                 "--monat", monat])
    assert r.exit_code == 0, r.output


def _meldung(tmp_path, config, monat: str, ziel):
    glied = lies_ablage(config.ablage).geschlossen[monat]
    b, bis = berichte(tmp_path / f"b{monat}", config, ZEILEN, monat)
    return meldung_schreiben(meldungsinhalt(b, glied, MindestensDreiStellenTestdouble(), bis_monat=bis), ziel)


def _umschreiben(ordner) -> None:
    """Every manifest rewritten with other content, sealed anew and linked anew: a consistent chain."""
    vorher = None
    for glied in lies_ablage(ordner).glieder:
        daten = lesen(glied.manifest.read_bytes())
        daten["zeitpunkt"] = daten["zeitpunkt"].replace("T", "T00")[:19] + "+00:00"
        daten["vorgaenger"] = vorher
        if "pruefcode" in daten:  # a forger recomputes the Prüfcode too (manifest format 2)
            daten["pruefcode"] = pruefcode(daten)
        neu = versiegeln(daten)
        glied.manifest.write_bytes(neu)
        import hashlib

        vorher = hashlib.sha256(neu).hexdigest()


def test_three_months_sent_consolidated_and_a_rewritten_ablage_found(tmp_path, config, config_path):
    write_xlsx(tmp_path / "in" / "nachweis.xlsx", {"2025": [HEADER, *ZEILEN]})
    eingang = tmp_path / "eingang"
    for monat in ("2025-01", "2025-02"):
        _abschliessen(tmp_path, config_path, monat)
        _meldung(tmp_path, config, monat, eingang)
    # the state's view of the two months is in order
    e = zusammenfassen([eingang], tmp_path / "aus")
    assert e.exit_code == 0 and [m["status"] for m in e.dokument["meldungen"]] == ["eingereicht"] * 2

    _umschreiben(config.ablage)
    stand = lies_ablage(config.ablage, dateien_pruefen=True)
    assert stand.fehlerfrei  # the KI's own check cannot tell
    _abschliessen(tmp_path, config_path, "2025-03")
    _meldung(tmp_path, config, "2025-03", eingang)

    r = CliRunner().invoke(cli, ["zusammenfassen", str(eingang), "--ausgabe", str(tmp_path / "aus"),
                                 "--format", "json"])
    assert r.exit_code == 1
    d = json.loads(r.stdout)
    assert [(f["code"], f["ki"], f["monat"]) for f in d["fehler"]] == \
        [("kette-umgeschrieben", "KI-TESTKREIS", "2025-03")]
    assert "(Januar 2025, Februar 2025)" in d["fehler"][0]["meldung"]
    # the figures of the KI's own report are the Landesübersicht's
    maerz = next(m for m in d["meldungen"] if m["monat"] == "2025-03")
    assert (maerz["stunden"], maerz["schwerpunktanteil"], maerz["quote_erfuellt"]) == (12.75, 0.8235, True)
