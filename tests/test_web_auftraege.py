"""Jobs: one after the other in the background, progress from the application layer, a German
error for a usage problem, a bug's page without its traceback, and a key that refuses a second
job of the same kind while the first waits or runs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kibericht.anwendung import Aufruffehler
from kibericht.web.auftraege import FEHLER, FERTIG, Auftraege, LaeuftSchon


@pytest.fixture
def auftraege():
    a = Auftraege()
    yield a
    a.beenden()


def test_jobs_run_one_after_the_other(auftraege):
    laeuft, reihenfolge = threading.Lock(), []

    def arbeit(nr):
        def tun(_):
            assert laeuft.acquire(blocking=False), "two jobs at once"
            reihenfolge.append(nr)
            threading.Event().wait(0.05)
            laeuft.release()
            return nr
        return tun

    jobs = [auftraege.starten(f"A{i}", "x", arbeit(i), "/") for i in range(5)]
    assert all(j.warten(10) for j in jobs)
    assert reihenfolge == [0, 1, 2, 3, 4] and [j.ergebnis for j in jobs] == [0, 1, 2, 3, 4]
    assert all(j.status == FERTIG and j.beendet >= j.begonnen for j in jobs)


def test_a_key_refuses_a_second_job_while_the_first_waits_or_runs(auftraege):
    tor = threading.Event()
    erster = auftraege.starten("Abschluss März", "x", lambda _: tor.wait(10), "/",
                               schluessel="ablage:2025-03")
    with pytest.raises(LaeuftSchon) as schon:
        auftraege.starten("Abschluss März", "x", lambda _: None, "/", schluessel="ablage:2025-03")
    assert schon.value.auftrag is erster
    anderer = auftraege.starten("Abschluss April", "x", lambda _: 1, "/", schluessel="ablage:2025-04")
    tor.set()
    assert erster.warten(10) and anderer.warten(10)
    nochmal = auftraege.starten("Abschluss März", "x", lambda _: 2, "/", schluessel="ablage:2025-03")
    assert nochmal.warten(10) and nochmal.ergebnis == 2


def test_progress_from_the_application_layer(auftraege):
    from kibericht.ablauf import Fortschritt

    def arbeit(a):
        dateien = (Path("a.xlsx"), Path("b.xlsx"))
        a.melden(Fortschritt("lese", dateien, 1, dateien[0]))
        return (a.schritt, a.gelesen, a.gesamt)

    job = auftraege.starten("Prüfen", "x", arbeit, "/")
    assert job.warten(10)
    assert job.ergebnis == ("Nachweise lesen: 1 von 2 Dateien (a.xlsx)", 1, 2)


def test_a_usage_problem_is_a_german_error_and_a_bug_is_reported_once(auftraege, capsys):
    def aufruf(_):
        raise Aufruffehler("Der Monat ist schon abgeschlossen.")

    def bug(_):
        raise ZeroDivisionError

    a, b = auftraege.starten("A", "x", aufruf, "/"), auftraege.starten("B", "x", bug, "/")
    assert a.warten(10) and b.warten(10)
    assert (a.status, a.fehler.meldung, a.interner_fehler) == (FEHLER, "Der Monat ist schon abgeschlossen.",
                                                                False)
    assert (b.status, b.fehler, b.interner_fehler) == (FEHLER, None, True)
    err = capsys.readouterr().err
    assert "interner Fehler bei „B“" in err and "ZeroDivisionError" in err
    nach = auftraege.starten("C", "x", lambda _: 3, "/")  # the worker goes on after a bug
    assert nach.warten(10) and nach.ergebnis == 3


def test_old_jobs_are_dropped_running_ones_kept(auftraege):
    from kibericht.web.auftraege import BEHALTEN

    tor = threading.Event()
    erster = auftraege.starten("läuft", "x", lambda _: tor.wait(10), "/")
    spaeter = [auftraege.starten(f"J{i}", "x", lambda _: None, "/") for i in range(BEHALTEN + 5)]
    assert auftraege.holen(erster.id) is erster  # a job that runs stays findable
    tor.set()
    assert all(j.warten(10) for j in spaeter)
    auftraege.starten("danach", "x", lambda _: None, "/").warten(10)
    assert auftraege.holen(spaeter[-1].id) is not None
