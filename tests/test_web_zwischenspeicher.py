"""Values computed once per key, also when many ask at once; an exception is raised to every
waiting caller and not kept."""

from __future__ import annotations

import threading
import time

import pytest

from kibericht.web.zwischenspeicher import Zwischenspeicher


def test_many_callers_at_once_compute_once():
    z, zaehler = Zwischenspeicher(), []

    def berechnen():
        zaehler.append(1)
        time.sleep(0.1)
        return 42

    werte = []
    threads = [threading.Thread(target=lambda: werte.append(z.holen("k", berechnen))) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert werte == [42] * 20 and len(zaehler) == 1 and z.berechnet == 1


def test_an_exception_is_not_kept():
    z, versuche = Zwischenspeicher(), []

    def faellt():
        versuche.append(1)
        raise ValueError("x")

    for _ in range(2):
        with pytest.raises(ValueError):
            z.holen("k", faellt)
    assert len(versuche) == 2 and z.holen("k", lambda: 1) == 1


def test_the_oldest_values_go():
    z = Zwischenspeicher(groesse=2)
    for k in "abc":
        z.holen(k, lambda k=k: k)
    assert z.holen("a", lambda: "neu") == "neu" and z.holen("c", lambda: "x") == "c"
