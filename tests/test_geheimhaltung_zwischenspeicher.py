"""The store of the year's decisions: the same entries decided once, earlier months answered from
a later computation exactly as computed anew, threads waiting for one computation."""

from __future__ import annotations

import threading

import pandas as pd

from kibericht.regeln.geheimhaltung import Schwellen, Zwischenspeicher, geheimhaltung_des_jahres
from kibericht.regeln.geheimhaltung.zwischenspeicher import fingerabdruecke
from tests.geheimhaltung_ki import zufalls_ki


def _zaehlend(speicher):
    aufrufe = []

    def holen(entries, config, jahr, letzter):
        def rechnen():
            aufrufe.append(letzter)
            return geheimhaltung_des_jahres(entries, config, jahr, letzter, speicher=None)
        return speicher.holen(entries, config, jahr, letzter, Schwellen(), rechnen)
    return holen, aufrufe


def test_a_year_decided_once_answers_its_earlier_months_as_computed_anew(tmp_path):
    config, entries, _ = zufalls_ki(tmp_path, 61, 5, 4)
    holen, aufrufe = _zaehlend(Zwischenspeicher())
    jahr = holen(entries, config, 2025, 4)
    assert holen(entries, config, 2025, 4) is jahr
    for letzter in (1, 2, 3):
        assert holen(entries, config, 2025, letzter) == \
            geheimhaltung_des_jahres(entries, config, 2025, letzter, speicher=None)
    assert aufrufe == [4]
    # the same entries in another order: the same fingerprint
    holen(entries.sample(frac=1, random_state=4), config, 2025, 4)
    assert aufrufe == [4]


def test_other_entries_thresholds_or_later_months_are_computed(tmp_path):
    config, entries, _ = zufalls_ki(tmp_path, 62, 4, 3)
    holen, aufrufe = _zaehlend(Zwischenspeicher())
    holen(entries, config, 2025, 2)
    holen(entries, config, 2025, 3)  # March was not decided yet
    geaendert = entries.copy()
    geaendert.loc[geaendert.index[geaendert["datum"].dt.month == 2][0], "stunden"] += 0.25
    holen(geaendert, config, 2025, 3)
    holen(geaendert, config, 2025, 1)  # January is unchanged
    assert aufrufe == [2, 3, 3]
    a, _ = fingerabdruecke(entries, config, 2025, 3, Schwellen())
    b, _ = fingerabdruecke(entries, config, 2025, 3, Schwellen(mindestens_stellen=4))
    c, _ = fingerabdruecke(geaendert, config, 2025, 3, Schwellen())
    assert a[1] != b[1] and a[1] == c[1] and a[2] != c[2]


def test_unknown_values_answer_only_their_own_months(tmp_path):
    """An entry outside the configuration adds cells to every month: a later computation does
    not stand for an earlier one then."""
    config, entries, _ = zufalls_ki(tmp_path, 63, 3, 2)
    fremd = entries.iloc[[-1]].assign(taetigkeit="Sonstiges")
    entries = pd.concat([entries, fremd], ignore_index=True)
    holen, aufrufe = _zaehlend(Zwischenspeicher())
    holen(entries, config, 2025, 2)
    holen(entries, config, 2025, 1)
    assert aufrufe == [2, 1]


def test_threads_wait_for_one_computation(tmp_path):
    config, entries, _ = zufalls_ki(tmp_path, 64, 4, 2)
    holen, aufrufe = _zaehlend(Zwischenspeicher())
    ergebnisse = []
    threads = [threading.Thread(target=lambda: ergebnisse.append(holen(entries, config, 2025, 2)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert aufrufe == [2] and len(ergebnisse) == 4 and all(g is ergebnisse[0] for g in ergebnisse)


def test_the_store_keeps_the_latest_results(tmp_path):
    speicher = Zwischenspeicher(groesse=2)
    holen, aufrufe = _zaehlend(speicher)
    kis = [zufalls_ki(tmp_path, 65 + i, 3, 1)[1::-1] for i in range(3)]  # (entries, config)
    for entries, config in kis:
        holen(entries, config, 2025, 1)
    holen(*kis[2], 2025, 1)
    holen(*kis[0], 2025, 1)  # dropped
    assert aufrufe == [1, 1, 1, 1] and len(speicher._ergebnisse) == 2
