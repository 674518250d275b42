"""The protection the secondary suppression gives each primary suppressed figure, measured on the
witnesses it finds: every witness moves its figure by the whole protection interval
δ = max(15 % of the value, one unit) upwards and min(δ, value) downwards, and changes no figure
that stays published.

The attack tests (`test_geheimhaltung_angriff`) show that no published table narrows a figure
below ± 15 %; on a KI whose suppressions protect more than owed they cannot see a protection
computed too small. This test can: a witness asked to move a figure by less than δ is caught
whatever else protects it."""

from __future__ import annotations

import numpy as np
import pytest

from kibericht.regeln.geheimhaltung import geheimhaltung_des_jahres
from kibericht.regeln.geheimhaltung.programm import OFFEN, Programm
from kibericht.regeln.geheimhaltung.schutz import EINHEIT
from tests.geheimhaltung_ki import zufalls_ki


@pytest.mark.parametrize("seed, stellen, monate", [(41, 3, 2), (42, 6, 3)])
def test_every_witness_moves_its_figure_by_the_whole_protection_interval(tmp_path, monkeypatch, seed, stellen,
                                                                         monate):
    config, entries, letzter = zufalls_ki(tmp_path, seed, stellen, monate)
    gemessen = []
    echt = Programm.zeuge

    def zeuge(self, s, richtung, betrag):
        d, geaendert = echt(self, s, richtung, betrag)
        jahr = self.jahr
        v = float(jahr.mm.werte[s])
        bewegung = float((jahr.mm.matrix[s] @ d)[0])
        # the figures published up to this month that the witness changes (a figure shown in
        # several tables by its first cell, `vertreter`)
        bewegt = np.flatnonzero(np.abs(jahr.mm.matrix @ d) > 1e-6 * max(1.0, betrag))
        offen = {int(jahr.vertreter[r]) for r in bewegt
                 if jahr.status[r] == OFFEN and jahr.mm.schritt[r] <= self.m}
        gemessen.append((jahr.mm.messgroesse, v, richtung, betrag, bewegung, offen, geaendert))
        return d, geaendert

    monkeypatch.setattr(Programm, "zeuge", zeuge)
    geheimhaltung_des_jahres(entries, config, 2025, letzter, speicher=None)
    assert gemessen, "the KI must have primary suppressed figures to protect"
    for mess, v, richtung, betrag, bewegung, offen, geaendert in gemessen:
        delta = max(0.15 * v, EINHEIT.get(mess, 1.0))
        soll = delta if richtung > 0 else min(delta, v)
        assert betrag >= soll * (1 - 1e-9), (mess, v, richtung, betrag)
        assert richtung * bewegung >= soll * (1 - 1e-6), (mess, v, richtung, bewegung)
        # what the witness changes of the figures still published is suppressed with it
        assert offen <= {int(g) for g in geaendert}, (mess, v, offen)
