"""Soll/Ist hours and the monthly warnings keine-stunden and stunden-unbesetzt."""

from __future__ import annotations

from fractions import Fraction

from kibericht.regeln.kontext import Jahresdaten
from kibericht.regeln.soll_ist import (
    berechne_soll_ist,
    check_keine_stunden,
    check_stunden_unbesetzt,
    soll_stunden,
)
from tests.stellenplan import eintraege, konfig, programm, stelle

ARBEITSTAGE_2025 = [22, 20, 21, 20, 20, 19, 23, 21, 22, 22, 20, 21]


def test_soll_of_a_full_stelle_uses_nrw_working_days(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"))
    # 39 h ÷ 5 = 7.8 h per working day: January 22 × 7.8 = 171.6 h, …
    assert [soll_stunden(config.stelle("FK1"), 2025, m) for m in range(1, 13)] == \
        [Fraction(39, 5) * d for d in ARBEITSTAGE_2025]
    frame = berechne_soll_ist(eintraege(), config, 2025).frame()
    assert frame["Soll"].tolist() == [171.6, 156.0, 163.8, 156.0, 156.0, 148.2, 179.4, 163.8, 171.6,
                                      171.6, 156.0, 163.8]


def test_soll_follows_besetzung(tmp_path):
    # from Monday 17.03.2025: 11 working days in March (17.–21., 24.–28., 31.) × 7.8 = 85.8 h;
    # from September at 0.5 VZÄ: 22 × 0.5 × 7.8 = 85.8 h
    config = konfig(tmp_path, programm(), stelle("FK1", besetzt="[ { von = 2025-03-17, bis = 2025-08-31 }, "
                                                              "{ von = 2025-09-01, umfang = 0.5 } ]"))
    fk1 = config.stelle("FK1")
    assert [float(soll_stunden(fk1, 2025, m)) for m in (2, 3, 9)] == [0.0, 85.8, 85.8]


def test_lehrkraefte_rule(tmp_path):
    lehrkraft = stelle("L1", pauschale=None, foerderung="Land", art="Lehrkraft", wochenstunden=41.0)
    # "wochenstunden": 22 × 41 ÷ 5 = 180.4 h in January
    frame = berechne_soll_ist(eintraege(), konfig(tmp_path, programm(), lehrkraft), 2025, [1]).frame()
    assert frame[["Stelle", "Monat", "Soll"]].values.tolist() == [["L1", "2025-01", 180.4]]
    # "keine": no Soll, so no Differenz and no Quote either
    config = konfig(tmp_path, programm(), lehrkraft, regeln='soll_lehrkraefte = "keine"')
    ergebnis = berechne_soll_ist(eintraege(("2025-01-07", "L1", None, "Beratung", 3)), config, 2025, [1])
    zeile = ergebnis.zeilen[0]
    assert (zeile.soll, zeile.ist, zeile.differenz, zeile.quote) == (None, 3.0, None, None)
    assert ergebnis.to_json() == {"L1": {"soll": None, "ist": 3.0,
                                         "monate": {"2025-01": {"soll": None, "ist": 3.0}}}}


def test_ist_differenz_quote_and_totals(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"))
    entries = eintraege(("2025-01-07", "FK1", "SP1", "Beratung", 100.5),
                        ("2025-01-08", "FK1", None, "Verwaltung", 50),
                        ("2025-02-03", "FK1", None, "Verwaltung", 156))
    ergebnis = berechne_soll_ist(entries, config, 2025, [1, 2])
    # January: Ist 150.5, Soll 171.6 → Differenz −21.1, Quote 150.5/171.6 = 0.87704…
    assert ergebnis.frame().iloc[0].to_dict() == {"Stelle": "FK1", "Monat": "2025-01", "Soll": 171.6,
                                                  "Ist": 150.5, "Differenz": -21.1, "Quote": 0.877}
    # both months: Soll 171.6 + 156 = 327.6, Ist 306.5
    assert ergebnis.summen_frame()[["Soll", "Ist", "Differenz"]].values.tolist() == [[327.6, 306.5, -21.1]]


def test_keine_stunden_for_a_funded_besetzt_stelle(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"),
                    stelle("FK2", besetzt="[ { von = 2025-01-01, bis = 2025-01-31 } ]"),
                    stelle("L1", pauschale=None, foerderung="Land", art="Lehrkraft"))
    entries = eintraege(("2025-01-07", "FK1", None, "Beratung", 4))
    found = check_keine_stunden(Jahresdaten(config, 2025, eintraege=entries, monate=(1, 2)))
    # FK1 lacks February; FK2 lacks January (vacant in February: no warning); L1 is paid by the Land
    assert [(f.code, f.datei, f.blatt, f.zeile, f.spalte, f.wert) for f in found] == [
        ("keine-stunden", "ki.toml", None, None, "Stelle", "FK1"),
        ("keine-stunden", "ki.toml", None, None, "Stelle", "FK2"),
    ]
    assert "Februar 2025" in found[0].meldung and "Januar 2025" in found[1].meldung
    # the monthly report checks one month only
    assert [f.wert for f in check_keine_stunden(Jahresdaten(config, 2025, (1,), entries))] == ["FK2"]


def test_stunden_unbesetzt_only_for_a_month_vacant_throughout(tmp_path):
    # vacant 16.05.–30.06.: hours in May are fine for this check (besetzt until 15.05.), June is not
    config = konfig(tmp_path, programm(), stelle("FK2", besetzt="[ { von = 2025-01-01, bis = 2025-05-15 }, "
                                                              "{ von = 2025-07-01 } ]"))
    entries = eintraege(("2025-05-20", "FK2", None, "Beratung", 2),
                        ("2025-06-03", "FK2", None, "Beratung", 1.5),
                        ("2025-06-04", "FK2", None, "Beratung", 2))
    found = check_stunden_unbesetzt(Jahresdaten(config, 2025, eintraege=entries, monate=tuple(range(1, 13))))
    assert [(f.schwere, f.code, f.datei, f.spalte, f.wert) for f in found] == \
        [("warnung", "stunden-unbesetzt", "ki.toml", "Stelle", "FK2")]
    assert "Juni 2025" in found[0].meldung and "3,50" in found[0].meldung
    assert check_stunden_unbesetzt(Jahresdaten(config, 2025, eintraege=entries, monate=(5,))) == []
    # and June has a Soll of 0, so the Quote is undefined rather than a division by zero
    juni = berechne_soll_ist(entries, config, 2025, [6]).zeilen[0]
    assert (juni.soll, juni.ist, juni.quote) == (0, 3.5, None)


def test_bis_is_inclusive_for_the_soll(tmp_path):
    # besetzt until Friday 14.03.2025: March 3.–7. and 10.–14. = 10 working days × 7.8 = 78 h
    config = konfig(tmp_path, programm(), stelle("FK1", besetzt="[ { von = 2025-01-01, bis = 2025-03-14 } ]"))
    assert [soll_stunden(config.stelle("FK1"), 2025, m) for m in (3, 4)] == [78, 0]


def test_ist_counts_the_year_and_the_stelle_only(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"), stelle("FK2"))
    entries = eintraege(("2024-01-08", "FK1", None, "Beratung", 5),
                        ("2025-01-07", "FK1", None, "Beratung", 3),
                        ("2025-01-09", "FK2", None, "Beratung", 2),
                        ("2026-01-07", "FK1", None, "Beratung", 7))
    # January 2025: FK1 3 h (not the 5 h of 2024 nor the 7 h of 2026), FK2 2 h
    frame = berechne_soll_ist(entries, config, 2025, [1]).frame()
    assert frame[["Stelle", "Ist"]].values.tolist() == [["FK1", 3.0], ["FK2", 2.0]]


def test_rounding_of_hours_differences_and_quotes(tmp_path):
    # 39.37 h a week: 7.874 h a working day; January 22 × 7.874 = 173.228 h, February 20 × 7.874 = 157.48 h
    config = konfig(tmp_path, programm(), stelle("FK9", wochenstunden=39.37))
    entries = eintraege(("2025-01-07", "FK9", None, "Beratung", 100.0),
                        ("2025-01-08", "FK9", None, "Beratung", 1 / 3))
    ergebnis = berechne_soll_ist(entries, config, 2025, [1, 2])
    # January: Ist 100.333…, Differenz 100.333… − 173.228 = −72.894…, Quote 100.333…/173.228 = 0.57919…
    # February: nothing documented, Differenz −157.48, Quote 0
    assert ergebnis.frame().to_dict("records") == [
        {"Stelle": "FK9", "Monat": "2025-01", "Soll": 173.23, "Ist": 100.33, "Differenz": -72.89,
         "Quote": 0.5792},
        {"Stelle": "FK9", "Monat": "2025-02", "Soll": 157.48, "Ist": 0.0, "Differenz": -157.48, "Quote": 0.0}]
    # both months: Soll 330.708, Differenz 100.333… − 330.708 = −230.374…, Quote 0.30339…
    assert ergebnis.summen_frame().to_dict("records") == [
        {"Stelle": "FK9", "Bezeichnung": "Stelle FK9", "Soll": 330.71, "Ist": 100.33, "Differenz": -230.37,
         "Quote": 0.3034}]
    assert ergebnis.to_json() == {"FK9": {"soll": 330.71, "ist": 100.33, "monate": {
        "2025-01": {"soll": 173.23, "ist": 100.33}, "2025-02": {"soll": 157.48, "ist": 0.0}}}}
    assert ergebnis.summen()[0].soll == Fraction("330.708")


def test_only_lehrkraefte_lose_the_soll(tmp_path):
    # soll_lehrkraefte = "keine" takes the Soll of the Lehrkraft only: the Fachkraft keeps 22 × 7.8 = 171.6 h
    config = konfig(tmp_path, programm(), stelle("FK1"),
                    stelle("L1", pauschale=None, foerderung="Land", art="Lehrkraft"),
                    regeln='soll_lehrkraefte = "keine"')
    frame = berechne_soll_ist(eintraege(), config, 2025, [1]).frame()
    assert frame["Soll"].tolist()[0] == 171.6
    assert frame["Soll"].isna().tolist() == [False, True]


def test_besetzt_only_on_a_holiday_or_a_single_day(tmp_path):
    # FK3 besetzt Sat 26.04.–Thu 01.05.2025: April 28.–30. are 3 working days (23.4 h Soll), May only
    # the holiday 01.05. (0 h): without hours, keine-stunden for April, not for May
    config = konfig(tmp_path, programm(), stelle("FK3", besetzt="[ { von = 2025-04-26, bis = 2025-05-01 } ]"))
    assert [soll_stunden(config.stelle("FK3"), 2025, m) for m in (4, 5)] == [Fraction("23.4"), 0]
    found = check_keine_stunden(Jahresdaten(config, 2025, eintraege=eintraege(), monate=(4, 5)))
    assert [f.meldung.split(" ist im ")[1][:10] for f in found] == ["April 2025"]
    # FK2 besetzt until 01.05. and again from 30.06.: hours in May and June are within a besetzt month
    config = konfig(tmp_path, programm(), stelle("FK2", besetzt="[ { von = 2025-01-01, bis = 2025-05-01 }, "
                                                              "{ von = 2025-06-30 } ]"))
    entries = eintraege(("2025-05-05", "FK2", None, "Beratung", 2),
                        ("2025-06-02", "FK2", None, "Beratung", 1))
    assert check_stunden_unbesetzt(Jahresdaten(config, 2025, tuple(range(1, 13)), entries)) == []
    # 30.06. is a Monday: 7.8 h Soll in June
    assert soll_stunden(config.stelle("FK2"), 2025, 6) == Fraction("7.8")


def test_without_logs_the_monthly_checks_find_nothing(tmp_path):
    # `kibericht foerderung` without logs runs the year's rules with no entries at all
    from kibericht.regeln.register import JAHR, pruefe

    config = konfig(tmp_path, programm(), stelle("FK1"))
    ohne = Jahresdaten(config, 2025, eintraege=None, monate=(1, 2))
    assert check_keine_stunden(ohne) == [] and check_stunden_unbesetzt(ohne) == []
    assert [f.code for f in pruefe(JAHR, ohne) if f.code in ("keine-stunden", "stunden-unbesetzt")] == []
