"""Atomic writes: the temporary file sits beside the target and gets the usual permissions; every
failure is a German sentence naming the place, also one a library wraps in its own exception."""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
import sys
import tempfile

import pytest

from kibericht.ausgabe.atomar import (
    AusgabeFehler,
    Schreibziel,
    atomic_path,
    grund,
    ohne_nachrufe,
    os_fehler,
    write_bytes_atomic,
)


@pytest.mark.skipif(os.name == "nt", reason="no umask on Windows")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077, 0o002])
def test_result_has_the_permissions_of_a_new_file_under_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        write_bytes_atomic(tmp_path / "a.png", b"x")
        with atomic_path(tmp_path / "b.xlsx") as tmp:
            assert tmp.parent == tmp_path and tmp.name.startswith(".b.xlsx.")
            assert stat.S_IMODE(tmp.stat().st_mode) == 0o666 & ~umask
            tmp.write_bytes(b"y")
        assert os.umask(umask) == umask  # left as it was
    finally:
        os.umask(old)
    for name in ("a.png", "b.xlsx"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.xlsx"]


def test_failure_keeps_the_old_file_and_removes_the_temporary_one(tmp_path):
    target = tmp_path / "bericht.xlsx"
    target.write_bytes(b"alt")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"halb")
        raise RuntimeError("abgebrochen")
    assert target.read_bytes() == b"alt"
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.xlsx"]


def test_missing_folder_is_created_and_names_do_not_collide(tmp_path):
    target = tmp_path / "neu" / "a.xlsx"
    with atomic_path(target) as first, atomic_path(target) as second:
        assert first != second
        first.write_bytes(b"1")
        second.write_bytes(b"2")
    assert target.read_bytes() == b"1"  # the outer one is renamed last


def _oserror(code: int, filename: str | None = None) -> OSError:
    return OSError(code, os.strerror(code), filename)


@pytest.mark.parametrize(("code", "text"), [
    (errno.ENOSPC, "kein Platz mehr frei"),
    (getattr(errno, "EDQUOT", errno.ENOSPC), "Speicherkontingent"),
    (errno.EFBIG, "größer, als das Laufwerk"),
    (errno.EIO, "meldet das Laufwerk einen Fehler"),
    (errno.EROFS, "schreibgeschützt"),
])
def test_every_reason_is_a_german_sentence_naming_the_place(tmp_path, code, text, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    if code == getattr(errno, "EDQUOT", None) == errno.ENOSPC:
        pytest.skip("no EDQUOT on this platform")
    meldung = grund(_oserror(code), tmp_path / "berichte" / "a.xlsx")
    assert text in meldung and "berichte" in meldung
    assert not re.search(r"\b(the|space|device|error)\b", meldung, re.IGNORECASE), meldung


def test_a_full_folder_for_temporary_files_is_named_as_such(tmp_path, monkeypatch):
    temp = tmp_path / "temp"
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    meldung = grund(_oserror(errno.ENOSPC, str(temp / "kibericht-x" / "tmp1234")), tmp_path / "b" / "a.xlsx")
    assert f"Ordner für temporäre Dateien „{temp.as_posix()}“" in meldung and "TMPDIR" in meldung
    # the error names the output's own folder: the output's drive is full
    meldung = grund(_oserror(errno.ENOSPC, str(tmp_path / "b" / "x.tmp")), tmp_path / "b" / "a.xlsx")
    assert "Auf dem Laufwerk von" in meldung and "temporäre" not in meldung


def test_a_library_wrapping_the_systems_error_is_understood(tmp_path):
    from xlsxwriter.exceptions import FileCreateError

    inner = _oserror(errno.ENOSPC)
    assert os_fehler(FileCreateError(inner)) is inner and os_fehler(ValueError("x")) is None
    with pytest.raises(AusgabeFehler, match="kein Platz mehr frei") as fehler, \
            atomic_path(tmp_path / "a.xlsx"):
        raise FileCreateError(inner)
    assert fehler.value.ursache is inner and fehler.value.befund.code == "ausgabe-nicht-schreibbar"
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone, and the folder's lock


def test_an_archive_abandoned_on_a_full_disk_is_closed_without_a_word(tmp_path, monkeypatch):
    from xlsxwriter import Workbook

    berichte = []
    monkeypatch.setattr(sys, "unraisablehook", berichte.append)

    class Voll(Schreibziel):
        def write(self, data):
            if self.tell() + len(data) > 2000 and self.fehler is None:
                self.fehler = _oserror(errno.ENOSPC)
                raise self.fehler
            return super().write(data)

    with pytest.raises(AusgabeFehler), atomic_path(tmp_path / "a.xlsx") as tmp, Voll(tmp) as ziel:
        wb = Workbook(ziel)
        ws = wb.add_worksheet()
        for row in range(2000):
            ws.write_string(row, 0, f"Zeile {row}")
        wb.close()  # XlsxWriter raises FileCreateError and leaves its ZipFile open
    del wb, ws
    gc.collect()
    assert berichte == [] and list(tmp_path.iterdir()) == []


def test_reports_of_abandoned_objects_are_silenced_only_meanwhile(monkeypatch):
    berichte = []
    monkeypatch.setattr(sys, "unraisablehook", berichte.append)

    class Laut:
        def __del__(self):
            raise OSError(errno.ENOSPC, "voll")

    with ohne_nachrufe():
        Laut()
    assert berichte == [] and sys.unraisablehook == berichte.append
    Laut()
    assert len(berichte) == 1
