"""Atomic writes: the temporary file sits beside the target and gets the usual permissions."""

from __future__ import annotations

import os
import stat

import pytest

from kibericht.ausgabe.atomar import atomic_path, write_bytes_atomic


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
