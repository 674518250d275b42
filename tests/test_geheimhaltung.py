"""The disclosure control engine: the primary rule, the thresholds, and what the result
promises (determinism, the publication sequence, totals, JSON)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kibericht.periode import Periode
from kibericht.regeln.geheimhaltung import (
    SUMME,
    Schwellen,
    Zahl,
    anteil,
    bis,
    geheimhaltung,
    geheimhaltung_des_jahres,
    monat,
    primaer_grund,
    schwellen_aus,
)
from tests.geheimhaltung_ki import zufalls_ki

WENIGE = "primär: weniger als 3 Stellen"
DOMINANZ = "primär: eine Stelle mehr als 85 %"


def test_three_stellen_publish_two_do_not():
    assert primaer_grund([1.0, 1.0, 1.0], Schwellen()) is None
    assert primaer_grund([1.0, 1.0], Schwellen()) == WENIGE
    assert primaer_grund([5.0], Schwellen()) == WENIGE
    assert primaer_grund([1.0, 1.0, 0.0, 0.0], Schwellen()) == WENIGE  # Stellen without hours do not count


def test_an_empty_figure_is_safe():
    assert primaer_grund([], Schwellen()) is None
    assert primaer_grund([0.0, 0.0], Schwellen()) is None


def test_dominance_boundary_both_sides():
    assert primaer_grund([85.0, 10.0, 5.0], Schwellen()) is None  # exactly 85 %: not more than
    assert primaer_grund([85.25, 10.0, 4.75], Schwellen()) == DOMINANZ
    assert primaer_grund([84.75, 10.0, 5.25], Schwellen()) is None
    # sums of floats near the boundary are compared as the decimals they stand for
    assert primaer_grund([0.85 * 3, 0.3, 0.15], Schwellen()) is None


def test_thresholds_are_parameters_and_read_from_the_config():
    assert primaer_grund([1.0, 1.0], Schwellen(mindestens_stellen=2)) is None
    assert primaer_grund([6.0, 2.0, 2.0], Schwellen(hoechstanteil=0.5)) == "primär: eine Stelle mehr als 50 %"
    assert schwellen_aus(SimpleNamespace()) == Schwellen()
    konfig = SimpleNamespace(oeffentlich=SimpleNamespace(mindestens_stellen=4, hoechstanteil=0.9))
    assert schwellen_aus(konfig) == Schwellen(4, 0.9)
    assert schwellen_aus(SimpleNamespace(oeffentlich=SimpleNamespace(mindestens_stellen=None))) == Schwellen()
    with pytest.raises(ValueError):
        Schwellen(hoechstanteil=1.5)


def test_shares_are_secret_where_a_part_is():
    assert anteil(Zahl(25.0), Zahl(100.0)) == Zahl(0.25)
    assert anteil(Zahl(None, WENIGE), Zahl(100.0)) == Zahl(None, WENIGE)
    assert anteil(Zahl(5.0), Zahl(None, "sekundär")) == Zahl(None, "sekundär")
    assert anteil(Zahl(0.0), Zahl(0.0)).wert is None


def test_json_of_a_figure():
    assert Zahl(12.5).to_json() == {"wert": 12.5}
    assert Zahl(None, "sekundär").to_json() == {"wert": None, "geheim": "sekundär"}


def test_same_data_same_pattern_and_earlier_months_never_depend_on_later(tmp_path):
    config, entries, _ = zufalls_ki(tmp_path, 5, 8, 4)
    a = geheimhaltung_des_jahres(entries, config, 2025, 4, speicher=None)
    assert a == geheimhaltung_des_jahres(entries, config, 2025, 4, speicher=None)
    # the report of February, decided with the data of January and February only
    b = geheimhaltung(entries[entries["datum"].dt.month <= 2], config, Periode.parse_monat("2025-02"),
                      speicher=None)
    for key, zahl in b.zahlen.items():
        assert a.zahlen[key] == zahl, key
    assert any(z.grund == "sekundär" for z in a.zahlen.values())


def test_one_or_two_stellen_publish_no_figure_with_hours(tmp_path):
    for stellen in (1, 2):
        config, entries, letzter = zufalls_ki(tmp_path, 40 + stellen, stellen, 2)
        g = geheimhaltung_des_jahres(entries, config, 2025, letzter)
        offen = [k for k, z in g.zahlen.items() if not z.geheim and z.wert]
        assert offen == []
        assert g.zaehlung()["primär"] > 0


def test_totals_stay_published_where_safe(tmp_path):
    config, entries, letzter = zufalls_ki(tmp_path, 6, 12, 2)
    g = geheimhaltung_des_jahres(entries, config, 2025, letzter)
    for m in range(1, letzter + 1):
        for mess in ("stunden", "eintraege"):
            for z in (monat(m), bis(m)):
                summe = g.summe("gesamt", mess, z)
                assert not summe.geheim and summe.wert > 0
    stunden = entries.loc[entries["datum"].dt.month == 1, "stunden"].sum()
    assert g.zahl("gesamt", "stunden", monat(1)).wert == stunden
    assert g.zahl("schwerpunkt", "stunden", monat(1), SUMME).wert == stunden


def test_lookup_names_the_catalogue(tmp_path):
    config, entries, _ = zufalls_ki(tmp_path, 7, 4, 1)
    g = geheimhaltung_des_jahres(entries, config, 2025, 1)
    with pytest.raises(KeyError):
        g.zahl("schwerpunkt", "stunden", monat(1))  # the key of the Schwerpunkt is missing
    with pytest.raises(KeyError):
        g.zahl("taetigkeit_schwerpunkt", "eintraege", monat(1), SUMME, SUMME)  # year to date only
    assert set(g.to_json(bis(1))) >= {"gesamt", "schwerpunkt", "kommune", "taetigkeit_schwerpunkt"}
    assert "wenn mindestens 3 Stellen" in g.verfahren_text()


def test_no_entries_no_figures(tmp_path):
    config, entries, _ = zufalls_ki(tmp_path, 8, 3, 1)
    g = geheimhaltung(entries.iloc[0:0], config, Periode.parse_jahr("2025"))
    assert g.letzter == 0 and not g.zahlen


def test_the_order_of_the_rows_changes_nothing(tmp_path):
    """Termine of several entries (a Netzwerktreffen logged by three Stellen, with different
    Handlungsfelder): whichever row comes first, the same decisions."""
    import pandas as pd

    config, entries, letzter = zufalls_ki(tmp_path, 9, 5, 2)
    treffen = entries[entries["taetigkeit"] == "Netzwerktreffen"].head(5).copy()
    treffen["datum"], treffen["kommune"], treffen["schwerpunkt"] = treffen["datum"].iloc[0], "Alfter", None
    treffen["handlungsfeld"] = ["Bildung", "Übergreifend", "Bildung", "Übergreifend", "Bildung"]
    treffen["teilnehmende"] = 12.0  # equal numbers: the row order used to pick the carrier
    entries = pd.concat([entries, treffen], ignore_index=True)
    a = geheimhaltung_des_jahres(entries, config, 2025, letzter, speicher=None)
    for seed in (1, 2, 3):
        gemischt = entries.sample(frac=1, random_state=seed)
        assert geheimhaltung_des_jahres(gemischt, config, 2025, letzter, speicher=None) == a
        assert geheimhaltung_des_jahres(gemischt.reset_index(drop=True), config, 2025, letzter,
                                        speicher=None) == a


def test_the_engine_prints_nothing(tmp_path, capfd):
    config, entries, letzter = zufalls_ki(tmp_path, 10, 4, 2)
    geheimhaltung_des_jahres(entries, config, 2025, letzter, speicher=None)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
