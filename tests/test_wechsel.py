"""A set of files is switched old → new so that a kill at any rename leaves a folder the next
writer repairs to one complete set, never a mix; files held by another program are tried again;
only kibericht's own leftovers are removed; one writer per folder."""

from __future__ import annotations

import errno
import json
import os
import signal
import sys

import pytest

from kibericht.ausgabe import wechsel
from kibericht.ausgabe.atomar import AusgabeFehler, Ausgabegruppe, write_bytes_atomic
from tests.prozesse import aufraeumen, in_sitzung, starte_skript, warte_bis_tot, zeile

NAMEN = ("Monatsbericht_2025-03.xlsx", "Monatsbericht_2025-03_anzahl.png", "Monatsbericht_2025-03.pdf")


def _satz(ordner, version: str, namen=NAMEN) -> None:
    with Ausgabegruppe() as gruppe:
        for name in namen:
            gruppe.bytes(ordner / name, f"{version} {name}".encode())


def _inhalt(ordner) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(ordner.iterdir())}


def _versionen(ordner) -> set[str]:
    """Which versions the visible files of the set belong to."""
    return {text.split()[0] for name, text in _inhalt(ordner).items() if not name.startswith(".")}


class Tot(BaseException):
    """The process is gone: nothing after this happens (no handler runs, no rename)."""


def _sterben_nach(monkeypatch, k: int) -> list:
    """os.replace works `k` times; then the process 'dies': every later rename fails too."""
    echt, done = os.replace, []

    def replace(src, dst):
        if len(done) >= k:
            raise Tot()
        done.append((os.path.basename(src), os.path.basename(dst)))
        return echt(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return done


@pytest.mark.parametrize("k", range(9))  # 1 journal rename + 2 × 3 files + beyond
def test_a_kill_after_any_rename_is_repaired_by_the_next_writer(tmp_path, monkeypatch, k):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    _satz(ordner, "alt")
    done = _sterben_nach(monkeypatch, k)
    try:
        _satz(ordner, "neu")
        killed = False
    except Tot:
        killed = True
    monkeypatch.undo()
    assert killed == (k < 7), done
    # between the runs: never an old file beside a new one
    assert len(_versionen(ordner)) <= 1, _inhalt(ordner)
    # the next writer into the folder (here: another file) finishes the switch first
    write_bytes_atomic(ordner / "notiz.txt", b"x")
    erwartet = {name: f"{'neu' if k >= 1 else 'alt'} {name}" for name in NAMEN}
    assert _inhalt(ordner) == {**erwartet, "notiz.txt": "x"}


def test_the_renames_never_show_a_new_file_beside_an_old_one(tmp_path, monkeypatch):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    _satz(ordner, "alt")
    echt, gesehen = os.replace, []

    def replace(src, dst):
        echt(src, dst)
        gesehen.append(_versionen(ordner))

    monkeypatch.setattr(os, "replace", replace)
    _satz(ordner, "neu")
    assert gesehen and all(len(v) <= 1 for v in gesehen), gesehen
    monkeypatch.undo()
    assert {name for name in _inhalt(ordner)} == set(NAMEN)  # journal and old files gone


def test_a_file_held_by_excel_is_tried_again_then_replaced(tmp_path, monkeypatch):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    _satz(ordner, "alt")
    echt, versuche, pausen = os.replace, [], []
    sharing_violation = OSError(errno.EACCES, "Der Prozess kann nicht auf die Datei zugreifen")
    sharing_violation.winerror = 32

    def excel(src, dst):
        if os.path.basename(src) == NAMEN[0]:
            versuche.append(src)
            if len(versuche) <= 2:
                raise PermissionError(errno.EACCES, "Zugriff verweigert", str(src))
            if len(versuche) <= 3:
                raise sharing_violation
        return echt(src, dst)

    monkeypatch.setattr(os, "replace", excel)
    monkeypatch.setattr(wechsel.time, "sleep", pausen.append)
    _satz(ordner, "neu")
    assert len(versuche) == 4 and pausen == list(wechsel.WIEDERHOLEN[:3])
    monkeypatch.undo()
    assert _versionen(ordner) == {"neu"} and set(_inhalt(ordner)) == set(NAMEN)


@pytest.mark.parametrize(("name", "programm"), [
    (NAMEN[0], "in Excel geöffnet"),
    (NAMEN[2], "in einem PDF-Programm geöffnet"),
    (NAMEN[1], "in einem Bildbetrachter geöffnet"),
])
def test_a_file_held_for_good_names_its_program_and_keeps_the_old_set(tmp_path, monkeypatch, name, programm):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    _satz(ordner, "alt")
    echt, pausen = os.replace, []

    def gehalten(src, dst):
        if os.path.basename(src) == name:
            fehler = OSError(errno.EACCES, "sharing violation", str(src))
            fehler.winerror = 32
            raise fehler
        return echt(src, dst)

    monkeypatch.setattr(os, "replace", gehalten)
    monkeypatch.setattr(wechsel.time, "sleep", pausen.append)
    with pytest.raises(AusgabeFehler) as fehler:
        _satz(ordner, "neu")
    assert fehler.value.pfad == ordner / name
    assert f"„{(ordner / name).as_posix()}“" in fehler.value.meldung and programm in fehler.value.meldung
    assert sum(pausen) == pytest.approx(sum(wechsel.WIEDERHOLEN))  # 1–2 s of patience, no more
    assert 1.0 <= sum(wechsel.WIEDERHOLEN) <= 2.0
    monkeypatch.undo()
    assert _inhalt(ordner) == {n: f"alt {n}" for n in NAMEN}  # nothing moved, nothing left over


def test_put_back_fails_too_then_the_next_writer_finishes_the_switch(tmp_path, monkeypatch):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    _satz(ordner, "alt")
    echt, schritte = os.replace, []

    def wackelig(src, dst):
        schritte.append(os.path.basename(src))
        # the PDF cannot be moved away, nor can the workbook be put back: the share went away
        zurueck = os.path.basename(dst) == NAMEN[0] and str(src).endswith(".alt")
        if os.path.basename(src) == NAMEN[2] or zurueck:
            raise OSError(errno.EIO, "Eingabe-/Ausgabefehler", str(src))
        return echt(src, dst)

    monkeypatch.setattr(os, "replace", wackelig)
    with pytest.raises(AusgabeFehler, match="der nächste Befehl, der in diesen Ordner schreibt"):
        _satz(ordner, "neu")
    monkeypatch.undo()
    assert (ordner / wechsel.JOURNAL).exists()
    write_bytes_atomic(ordner / "notiz.txt", b"x")
    assert _inhalt(ordner) == {**{n: f"neu {n}" for n in NAMEN}, "notiz.txt": "x"}


def test_interrupted_by_ctrl_c_while_renaming_the_switch_is_finished(tmp_path, monkeypatch):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    _satz(ordner, "alt")
    echt, einmal = os.replace, []

    def strg_c(src, dst):
        echt(src, dst)
        if str(src).endswith(".alt") is False and not einmal and NAMEN[0] == os.path.basename(dst):
            einmal.append(1)
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", strg_c)
    with pytest.raises(KeyboardInterrupt):
        _satz(ordner, "neu")
    monkeypatch.undo()
    assert _inhalt(ordner) == {n: f"neu {n}" for n in NAMEN}


def test_only_kiberichts_own_leftovers_are_removed(tmp_path):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    unsere = [".Monatsbericht_2025-03.xlsx.1a2b3c4d.tmp", ".Monatsbericht_2025-03.pdf.0badf00d.alt",
              ".Monatsberich.89abcdef.tmp", "..kiberic.01234567.tmp"]
    fremde = [".hidden", "notizen.tmp", ".x.tmp", ".a.1234567.tmp", ".b.ABCDEF12.tmp", "a.12345678.tmp",
              ".c.12345678.tmp.bak", "~$Monatsbericht_2025-03.xlsx"]
    for name in unsere + fremde:
        (ordner / name).write_text("x")
    (ordner / ".d.12345678.tmp").mkdir()  # a folder is never ours
    (ordner / ".e.12345678.alt").symlink_to(ordner / "notizen.tmp")
    write_bytes_atomic(ordner / "a.png", b"png")
    assert sorted(p.name for p in ordner.iterdir()) == sorted(
        [*fremde, ".d.12345678.tmp", ".e.12345678.alt", "a.png"])


def test_a_journal_changed_by_hand_never_touches_another_file(tmp_path):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    (ordner / "meins.xlsx").write_text("meins")
    (tmp_path / "draussen.txt").write_text("draußen")
    for dateien in ([["meins.xlsx", "../draussen.txt", ".x.12345678.alt"]],
                    [["meins.xlsx", "notizen.txt", ".x.12345678.alt"]], "kaputt"):
        (ordner / "notizen.txt").write_text("notizen")
        (ordner / wechsel.JOURNAL).write_text(json.dumps({"dateien": dateien}))
        write_bytes_atomic(ordner / "a.png", b"png")
        assert _inhalt(ordner) == {"a.png": "png", "meins.xlsx": "meins", "notizen.txt": "notizen"}
        assert (tmp_path / "draussen.txt").read_text() == "draußen"


def test_temporary_names_are_no_longer_than_the_target(tmp_path):
    for name in ("Monatsbericht_2025-03_schwerpunkte_stellen.png", "Jahresbericht_2025.xlsx", "a.png"):
        neben = wechsel.nebenname(name, "tmp")
        assert wechsel.REST.fullmatch(neben)
        assert len(neben) <= max(len(name), 24)


LANGSAM = f"""
import os, sys, time
from pathlib import Path
from kibericht.ausgabe.atomar import Ausgabegruppe
ordner, version = Path(sys.argv[1]), sys.argv[2]
echt = os.replace
def langsam(src, dst):
    echt(src, dst)
    print("umbenannt", os.path.basename(src), flush=True)
    time.sleep(0.2)
os.replace = langsam
with Ausgabegruppe() as gruppe:
    for name in {NAMEN!r}:
        gruppe.bytes(ordner / name, (version + " " + name).encode())
print("fertig", flush=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc: Linux only")
@pytest.mark.parametrize("k", [1, 2, 4, 6])
def test_sigkill_between_slowed_renames_then_a_rerun_leaves_one_complete_set(tmp_path, k):
    ordner = tmp_path / "berichte"
    ordner.mkdir()
    _satz(ordner, "alt")
    proc = starte_skript(LANGSAM, tmp_path, str(ordner), "neu")
    try:
        for _ in range(k):
            assert zeile(proc).startswith("umbenannt")
        os.kill(proc.pid, signal.SIGKILL)
        assert warte_bis_tot(proc.pid)
    finally:
        aufraeumen(in_sitzung(proc.pid))
        proc.wait()
    assert len(_versionen(ordner)) <= 1, _inhalt(ordner)
    _satz(ordner, "dritte")  # the rerun
    assert _inhalt(ordner) == {n: f"dritte {n}" for n in NAMEN}


def test_the_examples_in_the_docstrings():
    import doctest

    assert doctest.testmod(wechsel).failed == 0
