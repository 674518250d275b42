"""The solver: HiGHS through highspy's core class, silent, and scipy's linprog where highspy lacks
it; both give a protection the attack cannot break."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from kibericht.regeln.geheimhaltung import Schwellen, _rechnen
from kibericht.regeln.geheimhaltung.loeser import _kern, loeser
from tests.geheimhaltung_ki import zufalls_ki
from tests.test_geheimhaltung_angriff import Angreifer, eng


def _programm(kern):
    # min z0 + 2 z1, z0 + z1 − z2 = 0, z2 fixed at 3 later
    a = sparse.csc_matrix(np.array([[1.0, 1.0, -1.0]]))
    return loeser(a, np.array([1.0, 2.0, 0.0]), np.zeros(3), np.full(3, np.inf), kern=kern)


def test_both_solvers_solve_again_after_bounds_and_costs_change(capfd):
    for kern in (None, False):
        lp = _programm(kern)
        assert np.allclose(lp.loesen(), 0.0)
        lp.grenzen(np.array([2]), np.array([3.0]), np.array([3.0]))
        assert np.allclose(lp.loesen(), [3.0, 0.0, 3.0])
        lp.kosten(np.array([0, 1]), np.array([5.0, 1.0]))
        assert np.allclose(lp.loesen(), [0.0, 3.0, 3.0])
        lp.grenzen(np.array([1]), np.array([0.0]), np.array([1.0]))
        assert np.allclose(lp.loesen(), [2.0, 1.0, 3.0])
        lp.grenzen(np.array([0]), np.array([0.0]), np.array([0.0]))
        assert lp.loesen() is None  # infeasible
    assert capfd.readouterr() == ("", "")  # not even the banner


def test_highspy_core_class_is_there():
    assert _kern() is not None


def test_the_fallback_protects_as_well(tmp_path, capfd):
    config, entries, letzter = zufalls_ki(tmp_path, 71, 4, 2)
    g = _rechnen(entries, config, 2025, letzter, Schwellen(), kern=False)
    a = Angreifer(config, entries, 2025, letzter)
    for mess in ("stunden", "eintraege", "teilnahmen"):
        r = a.pruefe(g, mess)
        assert r["verstoesse"] == [] and eng(r["intervalle"]) == [], mess
    assert g.zaehlung()["sekundär"] > 0
    assert capfd.readouterr() == ("", "")
