"""Facts of the report value the outputs show: the months a report shows its quota for, and the
tally of the milestones."""

from __future__ import annotations

from kibericht.periode import Periode
from kibericht.regeln.bericht import Meilensteinbilanz, berechne_bericht
from kibericht.regeln.meilensteine import AUF_KURS, ERREICHT, IM_VERZUG, UEBER_HOECHSTZAHL
from tests.stellenplan import eintraege, konfig, programm, stelle


def test_the_months_a_report_shows_its_quota_for(tmp_path):
    config = konfig(tmp_path, programm(), stelle("FK1"))
    entries = eintraege(("2025-01-10", "FK1", "SP1", "Beratung", 2.0),
                        ("2025-03-03", "FK1", None, "Verwaltung", 1.0))
    perioden = {"2025-02": Periode.parse_monat("2025-02"), "2025": Periode.parse_jahr(2025),
                "2024": Periode.parse_jahr(2024)}
    monate = {name: [m.monat for m in berechne_bericht(entries, config, p).quote_monate]
              for name, p in perioden.items()}
    # a monthly report: January to its month; a year: the months up to the last with entries;
    # a year without entries: all twelve
    assert monate["2025-02"] == ["2025-01", "2025-02"]
    assert monate["2025"] == ["2025-01", "2025-02", "2025-03"]
    assert monate["2024"] == [f"2024-{m:02d}" for m in range(1, 13)]


class _Stand:
    def __init__(self, ist, status):
        self.ist, self.status = ist, status


def test_the_milestone_tally():
    staende = (_Stand(5, ERREICHT), _Stand(9, UEBER_HOECHSTZAHL), _Stand(1, AUF_KURS), _Stand(0, IM_VERZUG),
               _Stand(None, "manuell prüfen"), _Stand(None, "manuell prüfen"))
    assert Meilensteinbilanz.aus(staende) == Meilensteinbilanz(erreicht=2, auf_kurs=1, im_verzug=1, manuell=2)
    assert Meilensteinbilanz.aus(()) == Meilensteinbilanz(0, 0, 0, 0)
