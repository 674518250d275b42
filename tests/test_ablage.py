"""The Ablage itself: manifests that cannot be trusted, the chain, the lock, atomic elements."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kibericht.ablage import ablegen, manifest, reste
from kibericht.ablage.kette import lies_ablage
from kibericht.ablage.sperre import AblageGesperrt, gesperrt


def _wiedereroeffnung(nr: int, vorgaenger: str | None, ziel_sha: str = "0" * 64) -> dict:
    return {"art": "wiedereroeffnung", "format": 1, "nr": nr, "monat": "2025-03", "ki": "KI",
            "kibericht": "0.1.0", "zeitpunkt": "2025-04-07T10:00:00+02:00", "grund": "Korrektur",
            "wiedereroeffnet": {"nr": 1, "manifest": "x.json", "sha256": ziel_sha},
            "vorgaenger": vorgaenger}


def test_a_sealed_manifest_reads_back():
    data = manifest.versiegeln(_wiedereroeffnung(1, None))
    daten = manifest.lesen(data)
    assert daten["grund"] == "Korrektur" and daten["siegel"] == manifest.siegel(daten)
    assert data.endswith(b"\n") and json.loads(data)["art"] == "wiedereroeffnung"


@pytest.mark.parametrize("kaputt, grund", [
    (lambda d: d.replace(b"Korrektur", b"Korrektor"), "Siegel"),
    (lambda d: d.replace(b"\n  ", b"\n    "), "umformatiert"),
    (lambda d: d[: len(d) // 2], "kein lesbares JSON"),
    (lambda d: b"\xff\xfe" + d, "kein lesbares JSON"),
    (lambda d: b"[1, 2]", "kein JSON-Objekt"),
    (lambda d: b'{"siegel": NaN}', "nie schreibt"),
    (lambda d: b"", "kein lesbares JSON"),
])
def test_a_damaged_manifest_is_a_clear_error_never_a_traceback(kaputt, grund):
    with pytest.raises(manifest.ManifestFehler, match=grund):
        manifest.lesen(kaputt(manifest.versiegeln(_wiedereroeffnung(1, None))))


def test_a_manifest_with_a_recomputed_seal_but_missing_fields_is_rejected():
    daten = _wiedereroeffnung(1, None)
    del daten["grund"]
    with pytest.raises(manifest.ManifestFehler, match="grund"):
        manifest.lesen(manifest.versiegeln(daten))


def _glied(ordner: Path, daten: dict) -> bytes:
    folder = ordner / manifest.ordner_name(daten["nr"], daten["monat"], daten["art"])
    folder.mkdir(parents=True)
    data = manifest.versiegeln(daten)
    (folder / manifest.manifest_name(daten["monat"], daten["art"])).write_bytes(data)
    return data


def test_an_ablage_that_does_not_exist_is_empty_and_is_not_created(tmp_path):
    stand = lies_ablage(tmp_path / "abschluesse")
    assert stand.glieder == () and stand.befunde == () and stand.abgleich() is None
    assert not (tmp_path / "abschluesse").exists()


def test_the_chain_must_link_every_element_to_its_predecessor(tmp_path):
    import hashlib

    ordner = tmp_path / "abschluesse"
    erstes = _glied(ordner, _wiedereroeffnung(1, None))
    _glied(ordner, _wiedereroeffnung(2, hashlib.sha256(erstes).hexdigest()))
    _glied(ordner, _wiedereroeffnung(3, "1" * 64))
    codes = [(f.code, Path(f.datei).parent.name) for f in lies_ablage(ordner).befunde]
    # reopenings of a month that is not closed, and one wrong link
    assert ("abschluss-kette", "0003_2025-03_Wiedereroeffnung") in codes
    assert sum(code == "abschluss-kette" for code, _ in codes) == 4


def test_a_missing_element_and_a_missing_manifest_are_reported(tmp_path):
    ordner = tmp_path / "abschluesse"
    _glied(ordner, _wiedereroeffnung(1, None))
    (ordner / "0003_2025-03_Abschluss").mkdir()
    befunde = lies_ablage(ordner).befunde
    meldungen = {f.code: f.meldung for f in befunde}
    assert "Nr. 0002" in meldungen["abschluss-kette"]
    assert "Das Manifest fehlt" in meldungen["abschluss-ungueltig"]


def test_leftovers_of_an_interrupted_run_never_count_and_are_cleaned(tmp_path):
    ordner = tmp_path / "abschluesse"
    (ordner / ".neu-1234" / "x").mkdir(parents=True)
    (ordner / "Notizen.txt").write_text("eigene Notiz", encoding="utf-8")
    stand = lies_ablage(ordner)
    assert stand.glieder == () and stand.befunde == ()
    reste.aufraeumen(ordner)
    assert sorted(p.name for p in ordner.iterdir()) == ["Notizen.txt"]


def test_a_failing_element_leaves_the_ablage_as_it_was(tmp_path):
    ordner = tmp_path / "abschluesse"
    ordner.mkdir()
    with pytest.raises(OSError), ablegen.neues_glied(ordner, "0001_2025-03_Abschluss") as tmp:
        (tmp / "Monatsbericht_2025-03.xlsx").write_bytes(b"halb")
        raise OSError("Datenträger voll")
    assert list(ordner.iterdir()) == []


def test_the_lock_excludes_a_second_writer_and_dies_with_its_process(tmp_path):
    ordner = tmp_path / "abschluesse"
    code = textwrap.dedent(f"""
        import sys
        from kibericht.ablage.sperre import gesperrt
        with gesperrt({str(ordner)!r}):
            print("gesperrt", flush=True)
            sys.stdin.read()
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parent.parent)
    try:
        assert holder.stdout.readline().strip() == "gesperrt"
        with pytest.raises(AblageGesperrt), gesperrt(ordner, warten=0.3):
            pass
    finally:
        holder.kill()  # a killed process must not leave the Ablage locked
        holder.wait()
    with gesperrt(ordner, warten=5):
        pass


def test_the_lock_excludes_a_second_writer_in_the_same_process(tmp_path):
    ordner = tmp_path / "abschluesse"
    with gesperrt(ordner), pytest.raises(AblageGesperrt), gesperrt(ordner, warten=0):
        pass


def test_foreign_folders_and_a_manifest_that_is_a_folder_are_no_traceback(tmp_path):
    ordner = tmp_path / "abschluesse"
    (ordner / "0001_2025-13_Abschluss").mkdir(parents=True)  # no month: not an element
    (ordner / "0002_2025-03_Abschluss.json").write_text("{}", encoding="utf-8")  # a file, not a folder
    (ordner / "0001_2025-03_Abschluss" / "Abschluss_2025-03.json").mkdir(parents=True)
    stand = lies_ablage(ordner, dateien_pruefen=True)
    assert [g.nr for g in stand.glieder] == [1] and not stand.glieder[0].intakt
    assert [f.code for f in stand.befunde] == ["abschluss-ungueltig"]


def test_a_filed_file_name_must_stay_inside_its_folder():
    daten = {**_wiedereroeffnung(1, None), "art": "abschluss", "version": 1,
             "konfiguration": {"datei": "ki.toml", "sha256": "0" * 64}, "eingaben": [], "bericht": {},
             "eintraege": {"anzahl": 0, "stunden": 0, "salz": "00", "liste": []}}
    del daten["grund"], daten["wiedereroeffnet"]
    for name in ("../ki.toml", "C:ki.toml", "a\\b.xlsx"):
        daten["dateien"] = [{"datei": name, "sha256": "0" * 64, "bytes": 1}]
        with pytest.raises(manifest.ManifestFehler, match="einfacher Dateiname"):
            manifest.lesen(manifest.versiegeln(daten))
    daten["dateien"] = [{"datei": "Monatsbericht_2025-03.xlsx", "sha256": "0" * 64, "bytes": 1}]
    assert manifest.lesen(manifest.versiegeln(daten))["art"] == "abschluss"
