"""The Datenstand changes with every change a use case would see, and with nothing else."""

from __future__ import annotations

import os

from kibericht.anwendung import datenstand
from tests.conftest import HEADER, entry, write_xlsx


def _touch(path, plus=10**9):
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + plus))


def test_changes_that_matter_and_those_that_do_not(tmp_path, config_path):
    n, ablage = tmp_path / "n", tmp_path / "abschluesse"
    write_xlsx(n / "a.xlsx", {"März": [HEADER, entry(3)]})
    vorher = datenstand([n], config_path, ablage)
    assert datenstand([n], config_path, ablage) == vorher
    (n / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file: ignored as the use cases ignore it
    (n / "notiz.txt").write_text("x")
    assert datenstand([n], config_path, ablage) == vorher
    _touch(n / "a.xlsx")
    nachher = datenstand([n], config_path, ablage)
    assert nachher != vorher
    write_xlsx(n / "sub" / "b.xlsx", {"März": [HEADER, entry(4)]})
    assert datenstand([n], config_path, ablage) != nachher
    nachher = datenstand([n], config_path, ablage)
    _touch(config_path)
    assert datenstand([n], config_path, ablage) != nachher
    nachher = datenstand([n], config_path, ablage)
    (ablage / "0001_2025-03_Abschluss").mkdir(parents=True)
    assert datenstand([n], config_path, ablage) != nachher
    nachher = datenstand([n], config_path, ablage)
    (ablage / "0001_2025-03_Abschluss" / "Monatsbericht_2025-03.pdf").write_bytes(b"%PDF")
    assert datenstand([n], config_path, ablage) != nachher


def test_a_missing_input_is_a_state_of_its_own(tmp_path, config_path):
    fehlt = datenstand([tmp_path / "fehlt"], config_path, None)
    assert fehlt.dateien == (((tmp_path / "fehlt").as_posix(), -1, -1),)
    write_xlsx(tmp_path / "fehlt", {"März": [HEADER, entry(3)]})
    assert datenstand([tmp_path / "fehlt"], config_path, None) != fehlt
