"""The Meldung of a closed month from the Ablage alone: the same as from the logs, and never with
other figures than the closed report."""

from __future__ import annotations

import pandas as pd
import pytest

from kibericht.ablage.kette import lies_ablage
from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.land.aus_ablage import abschluesse_des_jahres, eintraege, konfig_pruefsumme, meldung_aus_ablage
from kibericht.land.geheimhaltung import geheimhaltung_der_meldung
from kibericht.land.meldung import MeldungFehler, meldungsinhalt
from kibericht.periode import Periode
from kibericht.pruefen.kopfzeile import ENTRY_COLUMNS
from kibericht.regeln.bericht import berechne_bericht
from tests.ablage_ki import APRIL, KI, MAERZ
from tests.ablage_v1 import abschluss_v1
from tests.conftest import HEADER, entry

FEBRUAR = [HEADER, entry(3, month=2, stunden=2.0), entry(4, month=2, stelle="FK2", stunden=1.25, tn=4)]


def _stand(ki: KI):
    return lies_ablage(ki.ablage, dateien_pruefen=True)


def aus_den_nachweisen(ki: KI, stand, monat: str):
    """The Meldung of `monat` built from the logs (not from the Ablage)."""
    config = load_config(ki.config_path)
    logs = load_entries([ki.nachweise], config).entries
    periode = Periode.parse_monat(monat)
    return meldungsinhalt(berechne_bericht(logs, config, periode), stand.geschlossen[monat],
                          geheimhaltung_der_meldung(logs, config, periode),
                          bis_monat=berechne_bericht(logs, config, periode.bis_jetzt()), kette=stand.glieder)


def test_the_meldung_from_the_ablage_is_the_meldung_from_the_logs(tmp_path):
    ki = KI(tmp_path / "ki")
    for m in ("2025-03", "2025-04"):
        ki.schliessen(m)
    stand = _stand(ki)
    for m in ("2025-03", "2025-04"):
        aus_ablage = meldung_aus_ablage(stand, stand.geschlossen[m], load_config(ki.config_path))
        assert aus_ablage == aus_den_nachweisen(ki, stand, m)
        assert any(z["stunden_sperre"] for z in aus_ablage.zeilen("nach_schwerpunkt"))  # the control ran


def test_the_filed_entries_are_shaped_like_the_logs_entries(tmp_path):
    ki = KI(tmp_path / "ki")
    ki.schliessen("2025-03")
    stand = _stand(ki)
    frame = eintraege([stand.geschlossen["2025-03"]])
    logs = load_entries([ki.nachweise], load_config(ki.config_path)).entries
    maerz = logs[logs["datum"].dt.month == 3]
    assert list(frame.columns) == ENTRY_COLUMNS
    assert dict(frame.dtypes.astype(str)) == dict(logs.dtypes.astype(str))
    assert frame["mitarbeiter"].isna().all()  # the Ablage holds no names
    pd.testing.assert_series_equal(frame["stunden"].round(6),
                                   maerz["stunden"].round(6).reset_index(drop=True), check_names=False)
    assert frame["teilnehmende"].sum() == maerz["teilnehmende"].sum() == 15
    assert list(zip(frame["_blatt"], frame["_zeile"], strict=True)) == [("März", z) for z in range(2, 7)]


def test_january_to_the_month_counts_the_current_closing_of_each_earlier_month(tmp_path):
    ki = KI(tmp_path / "ki", Februar=FEBRUAR, März=MAERZ, April=APRIL)
    for m in ("2025-02", "2025-03"):
        ki.schliessen(m)
    ki.wiedereroeffnen("2025-02")
    ki.schliessen("2025-02")  # version 2, after March
    ki.schliessen("2025-04")
    stand = _stand(ki)
    assert [(g.nr, g.monat) for g in abschluesse_des_jahres(stand, stand.geschlossen["2025-04"])] == \
        [(4, "2025-02"), (2, "2025-03"), (5, "2025-04")]
    inhalt = meldung_aus_ablage(stand, stand.geschlossen["2025-04"], load_config(ki.config_path))
    assert [(z["nr"], z["art"], z["monat"]) for z in inhalt.zeilen("kette")] == [
        (1, "abschluss", "2025-02"), (2, "abschluss", "2025-03"), (3, "wiedereroeffnung", "2025-02"),
        (4, "abschluss", "2025-02"), (5, "abschluss", "2025-04")]
    feb = meldung_aus_ablage(stand, stand.geschlossen["2025-02"], load_config(ki.config_path))
    assert (feb.kopf.nr, feb.kopf.version) == (4, 2)


def test_a_month_before_with_entries_but_not_closed_refuses_the_meldung_and_says_which(tmp_path):
    ki = KI(tmp_path / "ki", Februar=FEBRUAR, März=MAERZ)
    ki.schliessen("2025-03")  # February has entries in the logs, but is not closed
    config = load_config(ki.config_path)
    stand = _stand(ki)
    with pytest.raises(MeldungFehler) as fehler:
        meldung_aus_ablage(stand, stand.geschlossen["2025-03"], config)
    text = str(fehler.value)
    assert "Zahlen seit Januar" in text and "Schwerpunktanteil der Monate seit Januar" in text
    assert "Nicht abgeschlossen ist Februar 2025" in text and "--monat 2025-02" in text
    assert "Stunden des Monats" not in text  # the month itself is as filed
    # February closed afterwards: March's Meldung can be written now, from both closings
    ki.schliessen("2025-02")
    stand = _stand(ki)
    assert meldung_aus_ablage(stand, stand.geschlossen["2025-03"], config) == \
        aus_den_nachweisen(ki, stand, "2025-03")


def test_a_changed_configuration_that_changes_a_figure_refuses_the_meldung(tmp_path):
    ki = KI(tmp_path / "ki")
    ki.schliessen("2025-03")
    text = ki.config_path.read_text("utf-8")
    ki.config_path.write_text(text.replace("pauschale = 50000", "pauschale = 52000"), encoding="utf-8")
    stand = _stand(ki)
    with pytest.raises(MeldungFehler) as fehler:
        meldung_aus_ablage(stand, stand.geschlossen["2025-03"], load_config(ki.config_path),
                           konfig_sha256=konfig_pruefsumme(ki.config_path))
    assert "Förderung" in str(fehler.value)
    assert "ki.toml wurde seit dem Abschluss geändert" in str(fehler.value)


def test_a_damaged_ablage_or_a_reopening_gives_no_meldung(tmp_path):
    ki = KI(tmp_path / "ki")
    ki.schliessen("2025-03")
    config = load_config(ki.config_path)
    reopening = ki.wiedereroeffnen("2025-03")
    stand = _stand(ki)
    with pytest.raises(MeldungFehler, match="kein intakter Abschluss"):
        meldung_aus_ablage(stand, reopening, config)
    bericht = next(stand.glieder[0].ordner.glob("*.txt"))
    bericht.write_text("geändert", encoding="utf-8")
    with pytest.raises(MeldungFehler, match="hat Fehler"):
        meldung_aus_ablage(_stand(ki), stand.glieder[0], config)
    with pytest.raises(ValueError):
        meldung_aus_ablage(lies_ablage(ki.ablage), stand.glieder[0], config)  # files not checked


def test_a_closing_of_manifest_format_1_gets_its_meldung(tmp_path):
    """Months closed by an earlier kibericht (format 1, names as pseudonyms) are reported too."""
    ki = KI(tmp_path / "ki")
    stand, bericht, frame, dateien = ki.vorbereiten("2025-03")
    abschluss_v1(ki.ablage, 1, 1, None, bericht, frame, dateien, ki.config_path)
    ki.schliessen("2025-04")
    stand = _stand(ki)
    assert stand.fehlerfrei and stand.geschlossen["2025-03"].daten["format"] == 1
    for m in ("2025-03", "2025-04"):
        assert meldung_aus_ablage(stand, stand.geschlossen[m], load_config(ki.config_path)) == \
            aus_den_nachweisen(ki, stand, m)
