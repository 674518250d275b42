"""The Nachweiscache gives a second use case the checked entries of the first while nothing
changed, and reads and checks again (only the changed file) as soon as something did."""

from __future__ import annotations

import os
import threading

from kibericht import anwendung
from kibericht.anwendung import Nachweiscache, monat
from kibericht.befunde import Code
from tests.conftest import HEADER, entry, write_xlsx


def _logs(folder, stunden=2.0):
    for stelle in ("FK1", "FK2", "L1"):
        write_xlsx(folder / f"{stelle}.xlsx", {"März": [HEADER, entry(3, stelle=stelle, stunden=stunden),
                                                        entry(4, stelle=stelle, sp=None)]})


def test_a_second_use_case_reuses_the_checked_entries(tmp_path, config_path):
    n = tmp_path / "n"
    _logs(n)
    cache = Nachweiscache()
    erste = anwendung.pruefen([n], config_path, cache=cache)
    assert len(cache.gelesen) == 3 and cache.wiederverwendet == 0
    quote = anwendung.quote([n], config_path, monat("2025-03"), cache=cache)
    assert cache.wiederverwendet == 1 and cache.gelesen == []
    assert quote.nachweise.ergebnis is erste.nachweise  # the same entries, not read again
    ohne = anwendung.quote([n], config_path, monat("2025-03"))
    assert quote.dokument == ohne.dokument


def test_a_changed_file_is_read_again_and_only_that_one(tmp_path, config_path):
    n = tmp_path / "n"
    _logs(n)
    cache = Nachweiscache()
    anwendung.pruefen([n], config_path, cache=cache)
    write_xlsx(n / "FK2.xlsx", {"März": [HEADER, entry(3, stelle="FK2", stunden="x")]})
    st = (n / "FK2.xlsx").stat()
    os.utime(n / "FK2.xlsx", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    neu = anwendung.pruefen([n], config_path, cache=cache)
    assert [p.name for p in cache.gelesen] == ["FK2.xlsx"]
    assert [(f.datei.rsplit("/", 1)[1], f.zeile, f.code) for f in neu.befunde if f.schwere == "fehler"] == [
        ("FK2.xlsx", 2, Code.STUNDEN_UNGUELTIG)]
    (n / "L1.xlsx").unlink()
    assert "L1.xlsx" not in " ".join(anwendung.pruefen([n], config_path, cache=cache).nachweise.files)
    assert len(cache._ergebnisse) == 1  # the newest result replaced the older ones: no stale copies kept


def test_a_closed_month_or_another_configuration_is_not_answered_from_memory(tmp_path, config_path):
    n = tmp_path / "n"
    _logs(n)
    cache = Nachweiscache()
    anwendung.pruefen([n], config_path, cache=cache)
    anwendung.abschliessen([n], config_path, monat("2025-03"), cache=cache)
    write_xlsx(n / "FK1.xlsx", {"März": [HEADER, entry(3, stelle="FK1", stunden=5.0),
                                         entry(4, stelle="FK1", sp=None)]})
    st = (n / "FK1.xlsx").stat()
    os.utime(n / "FK1.xlsx", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    codes = [f.code for f in anwendung.pruefen([n], config_path, cache=cache).befunde]
    assert Code.NACHTRAEGLICHE_AENDERUNG in codes
    config_path.write_text(config_path.read_text("utf-8").replace("max_stunden_pro_tag = 10",
                                                                  "max_stunden_pro_tag = 1"), "utf-8")
    warnungen = [f.code for f in anwendung.pruefen([n], config_path, cache=cache).befunde]
    assert Code.TAGESHOECHSTZAHL in warnungen


def test_threads_asking_at_once_read_once(tmp_path, config_path):
    n = tmp_path / "n"
    _logs(n)
    cache = Nachweiscache()
    ergebnisse = []
    def pruefen():
        ergebnisse.append(anwendung.pruefen([n], config_path, cache=cache))

    threads = [threading.Thread(target=pruefen) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.wiederverwendet == 3
    assert len({id(e.nachweise) for e in ergebnisse}) == 1
