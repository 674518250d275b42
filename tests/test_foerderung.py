"""Pauschale entitlement, checked against hand computations to the cent.

Most Stellen here have P = 60 000 €, so P/12 = 5 000 € per full month.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from kibericht.konfig import load_config
from kibericht.regeln.foerderung import berechne_foerderung
from kibericht.regeln.kontext import Jahresdaten
from kibericht.regeln.register import JAHR, pruefe
from kibericht.zahlen import cent
from tests.conftest import SAMPLE
from tests.stellenplan import konfig, programm, stelle


def jahres_befunde(config, jahr):
    """The findings of the year's rules without logs, as `kibericht foerderung` runs them."""
    return pruefe(JAHR, Jahresdaten(config, jahr))


def monate(tmp_path, *bloecke, jahr=2025, regeln=""):
    ergebnis = berechne_foerderung(konfig(tmp_path, programm(), *bloecke, regeln=regeln), jahr)
    return ergebnis.to_json()["stellen"]["FK1"]["monate"]


def test_period_starting_mid_month(tmp_path):
    # March: 5000 × 16/31 (16.–31.) = 2580.645… → 2580.65; year = 2580.645… + 9 × 5000 = 47580.65
    doc = berechne_foerderung(konfig(tmp_path, programm(), stelle(
        "FK1", besetzt="[ { von = 2025-03-16 } ]")), 2025).to_json()
    assert doc["stellen"]["FK1"]["monate"] == [0.0, 0.0, 2580.65, *[5000.0] * 9]
    assert doc["stellen"]["FK1"]["anspruch"] == 47580.65


def test_bis_is_inclusive(tmp_path):
    # 01.01.–15.04.: April = 5000 × 15/30 = 2500.00, May on 0
    assert monate(tmp_path, stelle("FK1", besetzt="[ { von = 2025-01-01, bis = 2025-04-15 } ]")) == \
        [5000.0, 5000.0, 5000.0, 2500.0, *[0.0] * 8]


def test_february_in_a_leap_year(tmp_path):
    # 2024: February has 29 days; from 10.02.: 20/29 × 5000 = 3448.275… → 3448.28
    assert monate(tmp_path, stelle("FK1", besetzt="[ { von = 2024-02-10 } ]"), jahr=2024)[:3] == \
        [0.0, 3448.28, 5000.0]
    # 2025: 19/28 × 5000 = 3392.857… → 3392.86
    assert monate(tmp_path, stelle("FK1", besetzt="[ { von = 2025-02-10 } ]"))[1] == 3392.86


def test_part_time_period_on_a_full_stelle(tmp_path):
    # 1.0 Stelle, filled at 0.5 from September: 5000 × 0.5/1.0 = 2500
    result = monate(tmp_path, stelle("FK1", besetzt="[ { von = 2025-01-01, bis = 2025-08-31 }, "
                                                    "{ von = 2025-09-01, umfang = 0.5 } ]"))
    assert result == [*[5000.0] * 8, *[2500.0] * 4]


def test_two_periods_in_one_month(tmp_path):
    # June (30 days): 10/30 × 1.0 + 10/30 × 0.5 = 0.5 → 2500.00
    besetzt = "[ { von = 2025-01-01, bis = 2025-06-10 }, { von = 2025-06-21, umfang = 0.5 } ]"
    assert monate(tmp_path, stelle("FK1", besetzt=besetzt))[5] == 2500.0
    # volle_monate: the highest umfang of the month counts, 1.0 → 5000
    assert monate(tmp_path, stelle("FK1", besetzt=besetzt), regeln='anteilig = "volle_monate"')[5] == 5000.0


def test_stelle_without_besetzt_is_filled_all_year(tmp_path):
    # ½ Verwaltungsassistenz, 20 000 €: 1666.666… per month, the year exactly 20 000 (not 12 × 1666.67):
    # running totals 1666.67, 3333.33, 5000.00, … give 1666.67, 1666.66, 1666.67, …
    doc = berechne_foerderung(konfig(tmp_path, programm(), stelle("VA1", pauschale="20000", umfang=0.5)),
                              2025).to_json()
    assert doc["stellen"]["VA1"]["monate"] == [1666.67, 1666.66, 1666.67] * 4
    assert doc["stellen"]["VA1"]["anspruch"] == 20000.0


def test_volle_monate(tmp_path):
    # vacant 16.05.–30.06.: May still counts in full, June is 0; from 16.03.: March counts in full
    regeln = 'anteilig = "volle_monate"'
    vakanz = "[ { von = 2025-01-01, bis = 2025-05-15 }, { von = 2025-07-01 } ]"
    assert monate(tmp_path, stelle("FK1", besetzt=vakanz), regeln=regeln) == \
        [5000.0] * 5 + [0.0] + [5000.0] * 6
    assert monate(tmp_path, stelle("FK1", besetzt="[ { von = 2025-03-16, umfang = 0.75 } ]"),
                  regeln=regeln) == [0.0, 0.0, *[3750.0] * 10]
    # the same vacancy tagesgenau: May = 5000 × 15/31 = 2419.354… → 2419.35
    assert monate(tmp_path, stelle("FK1", besetzt=vakanz))[4:6] == [2419.35, 0.0]


def test_pauschale_changing_on_1_january(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1", pauschale="{ 2025 = 50000, 2026 = 57000 }"))
    # 50000/12 = 4166.666… ; 57000/12 = 4750
    assert berechne_foerderung(config, 2025).to_json()["stellen"]["FK1"]["monate"] == \
        [4166.67, 4166.66, 4166.67] * 4
    assert berechne_foerderung(config, 2025).to_json()["stellen"]["FK1"]["anspruch"] == 50000.0
    assert berechne_foerderung(config, 2026).to_json()["stellen"]["FK1"]["monate"] == [4750.0] * 12
    # no value for 2027: a warning about the configuration, and 0 €
    result = berechne_foerderung(config, 2027)
    assert result.to_json()["stellen"]["FK1"]["anspruch"] == 0.0
    assert [(f.schwere, f.code, f.datei, f.blatt, f.zeile, f.spalte, f.wert)
            for f in jahres_befunde(config, 2027)] == \
        [("warnung", "pauschale-fehlt", "ki.toml", None, None, "Stelle", "FK1")]


def test_programme_over_its_cap(tmp_path):
    # 4 × 50 000 = 200 000 against 170 000: 30 000 over
    stellen = [stelle(f"FK{i}", pauschale="50000") for i in range(1, 5)]
    result = berechne_foerderung(konfig(tmp_path, programm(), *stellen), 2025)
    ki = result.to_json()["programme"]["KI"]
    assert (ki["anspruch"], ki["hoechstbetrag"], ki["foerderfaehig"], ki["ueberschritten"],
            ki["ueberschreitung"]) == (200000.0, 170000.0, 170000.0, True, 30000.0)
    assert [p.name for p in result.ueberschritten] == ["KI"]


def test_several_programmes_each_against_its_cap(tmp_path):
    config = konfig(tmp_path, programm("KI", "100000"), programm("KIM", "{ 2025 = 50000 }"),
                    stelle("FK1", pauschale="57000"), stelle("KM1", pauschale="57000", foerderung="KIM"),
                    stelle("L1", pauschale=None, foerderung="Land", art="Lehrkraft"),
                    stelle("E1", pauschale=None, foerderung="Eigenmittel"))
    doc = berechne_foerderung(config, 2025).to_json()
    assert doc["programme"]["KI"]["anspruch"] == 57000.0
    assert doc["programme"]["KI"]["ueberschritten"] is False
    assert doc["programme"]["KIM"]["foerderfaehig"] == 50000.0
    assert doc["programme"]["KIM"]["ueberschreitung"] == 7000.0
    # Land and Eigenmittel are listed, but not counted and not under "stellen"
    assert set(doc["stellen"]) == {"FK1", "KM1"}
    assert doc["ohne_pauschale"] == {"L1": "Land", "E1": "Eigenmittel"}
    # KIM has no cap for 2026: not capped, and a warning
    result_2026 = berechne_foerderung(config, 2026)
    assert result_2026.to_json()["programme"]["KIM"]["hoechstbetrag"] is None
    assert [(f.code, f.wert) for f in jahres_befunde(config, 2026)] == [("hoechstbetrag-fehlt", "KIM")]


def test_json_document_shape(tmp_path):
    doc = berechne_foerderung(konfig(tmp_path, programm(), stelle("FK1")), 2025).to_json()
    assert {"jahr", "anteilig", "stellen", "programme", "ohne_pauschale"} <= set(doc)
    assert (doc["jahr"], doc["anteilig"]) == (2025, "tagesgenau")
    assert {"programm", "anspruch", "monate"} <= set(doc["stellen"]["FK1"])
    assert {"anspruch", "hoechstbetrag", "foerderfaehig", "ueberschritten"} <= set(doc["programme"]["KI"])


def test_cumulative_totals_and_frames(tmp_path):
    result = berechne_foerderung(konfig(tmp_path, programm(), stelle("FK1"),
                                        stelle("VA1", pauschale="20000", umfang=0.5)), 2025)
    kumuliert = result.kumuliert_frame()
    # 5000 + 1666.666… = 6666.67 per month
    assert kumuliert["KI"].tolist()[:2] == [6666.67, 13333.33]
    assert kumuliert["KI"].iloc[-1] == 80000.0
    stellen = result.stellen_frame()
    assert list(stellen.columns[:4]) == ["Stelle", "Bezeichnung", "Programm", "Pauschale/Jahr"]
    assert stellen.set_index("Stelle").loc["FK1", "Summe"] == 60000.0
    assert result.programme_frame().iloc[0].to_dict() == {
        "Programm": "KI", "Anspruch": 80000.0, "Höchstbetrag": 170000.0, "förderfähig": 80000.0,
        "Überschreitung": 0.0}
    assert result.regel == "tagesgenau"


@pytest.mark.parametrize(("betrag", "gerundet"), [
    (Fraction("2.675"), 2.68), (Fraction("0.005"), 0.01), (Fraction("0.0049"), 0.0),
    (Fraction(50000, 12), 4166.67), (Fraction(-1, 200), -0.01), (Fraction("-2.675"), -2.68),
    (Fraction(0), 0.0),
])
def test_cent_rounds_half_up(betrag, gerundet):
    assert cent(betrag) == gerundet


def test_monthly_amounts_add_up_to_the_year_for_every_stelle_and_programme():
    # the sample KI: FK1 from 01.09. at 0.75 VZÄ, FK2 vacant 16.05.–30.06., VA1 half a Stelle
    config = load_config(SAMPLE / "ki.toml")
    doc = berechne_foerderung(config, 2025).to_json()
    for sid, s in doc["stellen"].items():
        assert sum(round(m * 100) for m in s["monate"]) == round(s["anspruch"] * 100), sid
        assert all(abs(m * 100 - round(m * 100)) < 1e-6 for m in s["monate"]), sid
    # FK1 (by hand, 57 000 € in 2025): 8 × 57000/12 + 4 × 57000/12 × 0.75 = 38 000 + 14 250 = 52 250,00
    assert doc["stellen"]["FK1"]["anspruch"] == 52250.0
    assert sum(round(m * 100) for m in doc["stellen"]["FK1"]["monate"]) == 52250_00
    # FK2 vacant 16.05.–30.06.: May is 4 750 × 15/31 = 2 298,387…, paid as the running total rounded
    # (19 000 + 2 298,387… = 21 298,39), June 0
    assert doc["stellen"]["FK2"]["monate"][4:6] == [2298.39, 0.0]
    assert doc["stellen"]["FK2"]["anspruch"] == 49798.39
    ki = doc["programme"]["KI"]
    assert round(ki["monate_kumuliert"][-1] * 100) == round(ki["anspruch"] * 100)
    assert round(ki["anspruch"] * 100) == sum(round(s["anspruch"] * 100) for s in doc["stellen"].values()
                                            if s["programm"] == "KI")


def test_volle_monate_on_a_part_time_stelle(tmp_path):
    # ½ Stelle, P = 20 000 €, P/12 = 1666.666…; filled at 0.5 from Monday 31.03. to 01.08., then 0.25.
    # volle_monate: a month with a single besetzt day counts in full, at umfang ÷ Stellenanteil:
    # March and August 0.5 ÷ 0.5 = 1 → 1666.666…; from September 0.25 ÷ 0.5 = ½ → 833.333….
    # Paid in cents whose running totals are the exact ones rounded: 1666.67, 3333.33, 5000.00,
    # 6666.67, 8333.33, 10 000.00, then 10 833.33, 11 666.67, 12 500.00, 13 333.33 (the year).
    besetzt = "[ { von = 2025-03-31, bis = 2025-08-01, umfang = 0.5 }, { von = 2025-09-01, umfang = 0.25 } ]"
    config = konfig(tmp_path, programm(), stelle("VA1", pauschale="20000", umfang=0.5, besetzt=besetzt),
                    regeln='anteilig = "volle_monate"')
    doc = berechne_foerderung(config, 2025).to_json()["stellen"]["VA1"]
    assert doc["monate"] == [0.0, 0.0, 1666.67, 1666.66, 1666.67, 1666.67, 1666.66, 1666.67,
                             833.33, 833.34, 833.33, 833.33]
    assert doc["anspruch"] == 13333.33
    # tagesgenau: March and August 1/31 × 1666.666… = 53.763…; April–July 1666.666…; September on
    # ½ × 1666.666… = 833.333…. Running totals 53.76, 1720.43, 3387.10, 5053.76, 6720.43, 6774.19,
    # 7607.53, 8440.86, 9274.19, 10 107.53 (= 2 × 53.763… + 4 × 1666.666… + 4 × 833.333…)
    config = konfig(tmp_path, programm(), stelle("VA1", pauschale="20000", umfang=0.5, besetzt=besetzt))
    doc = berechne_foerderung(config, 2025).to_json()["stellen"]["VA1"]
    assert doc["monate"] == [0.0, 0.0, 53.76, 1666.67, 1666.67, 1666.66, 1666.67, 53.76,
                             833.34, 833.33, 833.33, 833.34]
    assert doc["anspruch"] == 10107.53


def test_uncapped_year_is_not_capped(tmp_path):
    # KIM has a cap for 2025 only: in 2026 the whole entitlement of 57 000 € is förderfähig
    config = konfig(tmp_path, programm("KIM", "{ 2025 = 50000 }"),
                    stelle("KM1", pauschale="57000", foerderung="KIM"))
    result = berechne_foerderung(config, 2026)
    kim = result.to_json()["programme"]["KIM"]
    assert (kim["anspruch"], kim["hoechstbetrag"], kim["foerderfaehig"], kim["ueberschritten"],
            kim["ueberschreitung"]) == (57000.0, None, 57000.0, False, 0.0)
    assert result.programme_frame().to_dict("records") == [{
        "Programm": "KIM", "Anspruch": 57000.0, "Höchstbetrag": None, "förderfähig": 57000.0,
        "Überschreitung": 0.0}]
    assert result.ueberschritten == ()


def test_cap_exceeded_by_fifty_cents_and_cap_met_exactly(tmp_path):
    # 60 000 € against 59 999.50 €: over by 0.50 €, förderfähig is the cap
    result = berechne_foerderung(konfig(tmp_path, programm("KI", "59999.5"), stelle("FK1")), 2025)
    ki = result.to_json()["programme"]["KI"]
    assert (ki["foerderfaehig"], ki["ueberschritten"], ki["ueberschreitung"]) == (59999.5, True, 0.5)
    # exactly at the cap: not exceeded
    result = berechne_foerderung(konfig(tmp_path, programm("KI", "60000"), stelle("FK1")), 2025)
    ki = result.to_json()["programme"]["KI"]
    assert (ki["foerderfaehig"], ki["ueberschritten"], ki["ueberschreitung"]) == (60000.0, False, 0.0)


def test_single_day_at_either_end_of_a_month(tmp_path):
    # besetzt 31.01.–01.03.: January 1/31 × 5000 = 161.29, February 5000, March 1/31 × 5000 = 161.29
    besetzt = "[ { von = 2025-01-31, bis = 2025-03-01 } ]"
    assert monate(tmp_path, stelle("FK1", besetzt=besetzt)) == [161.29, 5000.0, 161.29, *[0.0] * 9]
    # volle_monate: a single day is a besetzt month
    assert monate(tmp_path, stelle("FK1", besetzt=besetzt), regeln='anteilig = "volle_monate"') == \
        [5000.0, 5000.0, 5000.0, *[0.0] * 9]


def test_whole_document_with_unfunded_stellen_and_a_missing_pauschale(tmp_path):
    # 2027: FK1 has no Pauschale (0 €, warning), FK2 15 000 € from 01.07. (6 × 1250), KI has no cap
    # (warning); the Lehrkraft is listed as paid by the Land
    config = konfig(tmp_path, programm("KI", "{ 2025 = 170000 }"),
                    stelle("L1", pauschale=None, foerderung="Land", art="Lehrkraft"),
                    stelle("FK1", pauschale="{ 2025 = 50000 }"),
                    stelle("FK2", pauschale="15000", besetzt="[ { von = 2027-07-01 } ]"))
    result = berechne_foerderung(config, 2027)
    assert result.to_json() == {
        "jahr": 2027,
        "anteilig": "tagesgenau",
        "stellen": {
            "FK1": {"programm": "KI", "anspruch": 0.0, "monate": [0.0] * 12, "bezeichnung": "Stelle FK1",
                    "pauschale": None},
            "FK2": {"programm": "KI", "anspruch": 7500.0, "monate": [0.0] * 6 + [1250.0] * 6,
                    "bezeichnung": "Stelle FK2", "pauschale": 15000.0},
        },
        "programme": {"KI": {"anspruch": 7500.0, "hoechstbetrag": None, "foerderfaehig": 7500.0,
                             "ueberschritten": False, "ueberschreitung": 0.0,
                             "monate_kumuliert": [0.0] * 6 + [1250.0, 2500.0, 3750.0, 5000.0, 6250.0,
                                                               7500.0]}},
        "ohne_pauschale": {"L1": "Land"},
    }
    # the warnings come from the rules of the year, as `kibericht foerderung` runs them
    assert [f.to_json() for f in jahres_befunde(config, 2027)] == [
            {"schwere": "warnung", "code": "pauschale-fehlt", "datei": "ki.toml", "blatt": None,
             "zeile": None, "spalte": "Stelle", "wert": "FK1",
             "meldung": "Für die Stelle FK1 ist keine Pauschale für 2027 angegeben; sie wird mit 0 € "
                        "gerechnet. Ergänzen Sie in ki.toml z. B. pauschale = { 2027 = 57000 }."},
            {"schwere": "warnung", "code": "hoechstbetrag-fehlt", "datei": "ki.toml", "blatt": None,
             "zeile": None, "spalte": "Programm", "wert": "KI",
             "meldung": "Für das Programm KI ist kein Höchstbetrag für 2027 angegeben; der Anspruch wird "
                        "nicht gedeckelt. Ergänzen Sie in ki.toml hoechstbetrag = { 2027 = … }."},
    ]
    # the sheet lists the funded Stellen first; no Pauschale shown for FK1 (none) and L1 (Land)
    frame = result.stellen_frame()
    assert frame["Stelle"].tolist() == ["FK1", "FK2", "L1"]
    assert frame["Pauschale/Jahr"].tolist()[1] == 15000.0
    assert frame["Pauschale/Jahr"].isna().tolist() == [True, False, True]
    assert frame.set_index("Stelle").loc["L1", "Jan":"Summe"].tolist() == [0.0] * 13
    assert frame.set_index("Stelle").loc["FK2", "Jun":"Summe"].tolist() == [0.0, *[1250.0] * 6, 7500.0]
    assert result.kumuliert_frame()["KI"].tolist() == result.to_json()["programme"]["KI"]["monate_kumuliert"]
    assert list(result.kumuliert_frame().index) == ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug",
                                                      "Sep", "Okt", "Nov", "Dez"]



def test_exact_fractions_where_floats_lose_the_half_cent(tmp_path):
    # P = 45 000 €, P/12 = 3750 €, a 0.8 Stelle filled at 0.3 from 15.02.2025 (14 of 28 days):
    # February 3750 × 14/28 × 0.3/0.8 = 703.125 → 703.13 (half up), March on 3750 × 0.375 = 1406.25;
    # with floats 0.3/0.8 = 0.37499999999999994 and February would drop to 703.12
    besetzt = "[ { von = 2025-02-15, umfang = 0.3 } ]"
    assert monate(tmp_path, stelle("FK1", pauschale="45000", umfang=0.8, besetzt=besetzt)) == \
        [0.0, 703.13, *[1406.25] * 10]
    # volle_monate at 0.15 of the 0.8 Stelle: 3750 × 0.15/0.8 = 703.125 every month from February,
    # paid as 703.13, 703.12, … (running totals 703.13, 1406.25, 2109.38, …); the year 11 × 703.125 =
    # 7734.375 → 7734.38
    besetzt = "[ { von = 2025-02-15, umfang = 0.15 } ]"
    config = konfig(tmp_path, programm(), stelle("FK1", pauschale="45000", umfang=0.8, besetzt=besetzt),
                    regeln='anteilig = "volle_monate"')
    doc = berechne_foerderung(config, 2025).to_json()["stellen"]["FK1"]
    assert (doc["monate"], doc["anspruch"]) == ([0.0, *[703.13, 703.12] * 5, 703.13], 7734.38)
    # P = 45 000.50 €: 3750.041666… a month, at 0.6 of a full Stelle 2250.025: the first month 2250.03
    # (a float P gives 2250.0249999… → 2250.02), then 2250.02 and 2250.03 by turns (running totals
    # 2250.03, 4500.05, 6750.08, …); the year 0.6 × 45 000.50 = 27 000.30
    besetzt = "[ { von = 2025-01-01, umfang = 0.6 } ]"
    config = konfig(tmp_path, programm(), stelle("FK1", pauschale="45000.5", besetzt=besetzt))
    doc = berechne_foerderung(config, 2025).to_json()["stellen"]["FK1"]
    assert (doc["monate"], doc["anspruch"], doc["pauschale"]) == \
        ([2250.03, 2250.02] * 6, 27000.3, 45000.5)


def test_json_and_sheets_hold_plain_rounded_numbers(tmp_path):
    # FK2 10 000 € from 16.07.2027: July 16/31 × 833.333… = 430.107… → 430.11, then 833.333… a month
    # (running totals 430.11, 1263.44, 2096.77, 2930.11, 3763.44, 4596.77: 833.33, 833.33, 833.34, …);
    # the year 430.107… + 5 × 833.333… = 4596.774… → 4596.77, capped at 4000.10 → 596.67 over
    config = konfig(tmp_path, programm("KI", "4000.1"),
                    stelle("FK2", pauschale="10000", besetzt="[ { von = 2027-07-16 } ]"))
    result = berechne_foerderung(config, 2027)
    doc = result.to_json()
    assert json.loads(json.dumps(doc)) == doc  # plain floats only, no Fractions
    assert doc["stellen"]["FK2"]["monate"] == [0.0] * 6 + [430.11, 833.33, 833.33, 833.34, 833.33, 833.33]
    assert doc["programme"]["KI"] | {"monate_kumuliert": None} == {
        "anspruch": 4596.77, "hoechstbetrag": 4000.1, "foerderfaehig": 4000.1, "ueberschritten": True,
        "ueberschreitung": 596.67, "monate_kumuliert": None}
    # running total: 430.107…, 1263.44, 2096.774…, 2930.107…, 3763.44, 4596.774…
    assert doc["programme"]["KI"]["monate_kumuliert"] == [0.0] * 6 + [430.11, 1263.44, 2096.77, 2930.11,
                                                                      3763.44, 4596.77]
    stellen = result.stellen_frame()
    assert stellen.loc[0, "Jul":"Summe"].tolist() == [430.11, 833.33, 833.33, 833.34, 833.33, 833.33, 4596.77]
    assert stellen.loc[0, "Pauschale/Jahr"] == 10000.0
    programme = result.programme_frame()
    assert programme.loc[0, "Anspruch":"Überschreitung"].tolist() == [4596.77, 4000.1, 4000.1, 596.67]
    for frame in (stellen.iloc[:, 3:], programme.iloc[:, 1:], result.kumuliert_frame()):
        assert all(dtype == "float64" for dtype in frame.dtypes)


def test_excess_over_the_cap_is_exact(tmp_path):
    # P = 60 000.30 €, besetzt in January only: 5000.025 €, capped at 4000.50 €: 999.525 € over
    # → 999.53 (half up; a float difference would give 999.5249999… → 999.52)
    config = konfig(tmp_path, programm("KI", "4000.5"),
                    stelle("FK1", pauschale="60000.3", besetzt="[ { von = 2025-01-01, bis = 2025-01-31 } ]"))
    ki = berechne_foerderung(config, 2025).to_json()["programme"]["KI"]
    assert (ki["anspruch"], ki["foerderfaehig"], ki["ueberschreitung"]) == (5000.03, 4000.5, 999.53)


def test_programme_month_and_year_to_date_in_cents(tmp_path):
    # FK1 60 000 € from 16 March: March 5000 × 16/31 = 2580.65, April on 5000.00.
    # FK2 50 000 €: running totals 4166.67, 8333.33, 12500.00 … give 4166.67, 4166.66, 4166.67 …
    p = berechne_foerderung(konfig(tmp_path, programm(), stelle("FK1", besetzt="[ { von = 2025-03-16 } ]"),
                                   stelle("FK2", pauschale="50000")), 2025).programme[0]
    assert [cent(p.im_monat(m)) for m in (1, 2, 3, 4, 5, 12)] == \
        [4166.67, 4166.66, 6747.32, 9166.67, 9166.66, 9166.67]
    assert [cent(p.bis_monat(m)) for m in (1, 2, 3, 4, 12)] == \
        [4166.67, 8333.33, 15080.65, 24247.32, 97580.65]
    assert p.bis_monat(12) == p.anspruch
    assert all(p.bis_monat(m) == sum(p.im_monat(k) for k in range(1, m + 1)) for m in range(1, 13))


def test_a_cap_with_cents_is_exact(tmp_path):
    # 97 580.65 € against a cap of 90 000.50 €: 7 580.15 € over, exactly (not 7580.149999…)
    p = berechne_foerderung(konfig(tmp_path, programm(hoechstbetrag="90000.50"),
                                   stelle("FK1", besetzt="[ { von = 2025-03-16 } ]"),
                                   stelle("FK2", pauschale="50000")), 2025).programme[0]
    assert p.hoechstbetrag == Fraction("90000.50")
    assert p.ueberschreitung == Fraction("7580.15")
    assert p.foerderfaehig == Fraction("90000.50")
