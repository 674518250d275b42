"""What an interrupted filing leaves (`.neu-…`) is removed by the next command that writes to the
Ablage or checks it — also when that command stops early — never while another run files, and
never anything filed; `verifizieren` stays correct."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kibericht.ablage import reste, sperre
from kibericht.ablage.kette import lies_ablage
from kibericht.cli import cli
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def geschlossen(tmp_path_factory):
    root = tmp_path_factory.mktemp("ki")
    (root / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    write_xlsx(root / "nachweise" / "FK1.xlsx", {"März": [HEADER, entry(3), entry(4, stunden=1.5)],
                                                 "April": [HEADER, entry(2, month=4)]})
    result = run("abschliessen", root / "nachweise", "--monat", "2025-03", "--config", root / "ki.toml")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def ki(geschlossen, tmp_path):
    shutil.copytree(geschlossen, tmp_path / "ki")
    root = tmp_path / "ki"
    rest = root / "abschluesse" / ".neu-0123456789abcdef"
    (rest / "sub").mkdir(parents=True)
    (rest / "Monatsbericht_2025-04.xlsx").write_bytes(b"halb")
    return root


def _inhalt(ablage):
    return {p.relative_to(ablage).as_posix(): p.read_bytes() for p in sorted(ablage.rglob("*"))
            if p.is_file()}


def test_verifizieren_removes_the_leftover_and_nothing_filed(ki):
    ablage = ki / "abschluesse"
    gefiled = {k: v for k, v in _inhalt(ablage).items() if not k.startswith(".neu-")}
    result = run("verifizieren", "--config", ki / "ki.toml")
    assert result.exit_code == 0, result.output
    assert _inhalt(ablage) == gefiled and not list(ablage.glob(".neu-*"))


def test_abschliessen_stopped_early_still_removes_it(ki):
    # March is closed already: a usage error, yet what a killed run left is gone first
    result = run("abschliessen", ki / "nachweise", "--monat", "2025-03", "--config", ki / "ki.toml")
    assert result.exit_code == 2
    assert not list((ki / "abschluesse").glob(".neu-*"))


def test_never_while_another_run_files(ki):
    ablage = ki / "abschluesse"
    with sperre.gesperrt(ablage):
        assert reste.reste_entfernen(ablage) is False
        assert run("verifizieren", "--config", ki / "ki.toml").exit_code == 0
        assert list(ablage.glob(".neu-*"))  # the other run's folder stays
    assert reste.reste_entfernen(ablage) is True


def test_only_kiberichts_own_hidden_folders(ki):
    ablage = ki / "abschluesse"
    (ablage / ".neu-notizen").mkdir()  # not our naming
    (ablage / ".neu-abcdef").write_text("eine Datei")  # not a folder
    reste.reste_entfernen(ablage)
    assert sorted(p.name for p in ablage.glob(".neu-*")) == [".neu-abcdef", ".neu-notizen"]
    assert lies_ablage(ablage, dateien_pruefen=True).fehlerfrei


def test_a_read_only_ablage_is_checked_as_it_is(ki, monkeypatch):
    # an auditor's copy: the lock file cannot be made (as root a chmod would not stop the test)
    def schreibgeschuetzt(ordner, warten=None):
        raise PermissionError(13, "Keine Berechtigung", str(ordner))

    monkeypatch.setattr(reste, "gesperrt", schreibgeschuetzt)
    assert reste.reste_entfernen(ki / "abschluesse") is False
    result = run("verifizieren", "--config", ki / "ki.toml")
    assert result.exit_code == 0, result.output
    assert list((ki / "abschluesse").glob(".neu-*"))
