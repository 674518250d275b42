"""Soll/Ist hours and the monthly warnings keine-stunden and stunden-unbesetzt."""

from __future__ import annotations

from fractions import Fraction

from kibericht.regeln.kontext import Kontext
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
    found = check_keine_stunden(Kontext(config, entries, jahr=2025, monate=(1, 2)))
    # FK1 lacks February; FK2 lacks January (vacant in February: no warning); L1 is paid by the Land
    assert [(f.code, f.datei, f.blatt, f.zeile, f.spalte, f.wert) for f in found] == [
        ("keine-stunden", "ki.toml", None, None, "Stelle", "FK1"),
        ("keine-stunden", "ki.toml", None, None, "Stelle", "FK2"),
    ]
    assert "Februar 2025" in found[0].meldung and "Januar 2025" in found[1].meldung
    # the monthly report checks one month only
    assert [f.wert for f in check_keine_stunden(Kontext(config, entries, jahr=2025, monate=(1,)))] == ["FK2"]


def test_stunden_unbesetzt_only_for_a_month_vacant_throughout(tmp_path):
    # vacant 16.05.–30.06.: hours in May are fine for this check (besetzt until 15.05.), June is not
    config = konfig(tmp_path, programm(), stelle("FK2", besetzt="[ { von = 2025-01-01, bis = 2025-05-15 }, "
                                                              "{ von = 2025-07-01 } ]"))
    entries = eintraege(("2025-05-20", "FK2", None, "Beratung", 2),
                        ("2025-06-03", "FK2", None, "Beratung", 1.5),
                        ("2025-06-04", "FK2", None, "Beratung", 2))
    found = check_stunden_unbesetzt(Kontext(config, entries, jahr=2025, monate=tuple(range(1, 13))))
    assert [(f.schwere, f.code, f.datei, f.spalte, f.wert) for f in found] == \
        [("warnung", "stunden-unbesetzt", "ki.toml", "Stelle", "FK2")]
    assert "Juni 2025" in found[0].meldung and "3,50" in found[0].meldung
    assert check_stunden_unbesetzt(Kontext(config, entries, jahr=2025, monate=(5,))) == []
    # and June has a Soll of 0, so the Quote is undefined rather than a division by zero
    juni = berechne_soll_ist(entries, config, 2025, [6]).zeilen[0]
    assert (juni.soll, juni.ist, juni.quote) == (0, 3.5, None)
