"""The check of a Meldung's CSVs reports what Frictionless (the reference implementation of the Table
Schema) reports: the same error types at the same rows and fields."""

from __future__ import annotations

import io
import zipfile

import pytest

from kibericht.konfig import load_config
from kibericht.land.format import RESSOURCE
from kibericht.land.schreiben import meldung_bytes
from kibericht.land.tabellen import pruefe_fremdschluessel, pruefe_tabelle
from tests.conftest import KI_TOML
from tests.meldung_helfer import inhalt

frictionless = pytest.importorskip("frictionless")

# damaged rows per table, in the layout of the written CSV (header row 1)
SCHAEDEN = {
    "nach_handlungsfeld": [
        "monat,Bildung,abc,,10,",  # not a number
        "monat,Sport,1.00,,-1,",  # not in the enum, below the minimum
        "monat,KIM,0.00,,0,,überzählig",  # an extra cell
        "monat,Querschnitt",  # missing cells
        ",,,,,",  # a blank row
        "monat,Bildung,2.00,,1,",  # a repeated key
        "woche,KIM, 3.5 ,,x,",  # enum, a number with spaces (valid), not an integer
        "bis_monat,Übergreifend,1e2,,1.0,",  # exponent notation is a number, 1.0 no integer
        "bis_monat,,NaN,,,",  # required key empty
    ],
    "kennzahlen": [
        "monat,1.00,,1.00,,1.5,,0.5,vielleicht,1,",  # above the maximum, not a boolean
        "bis_monat,1.00,,1.00,,0.5,,,TRUE,1,",  # required mindestanteil empty; TRUE is a boolean
    ],
    "meilensteine": [
        "SP9,1,2025,Text,,,,,,2025-03-31,auf Kurs",  # foreign key
        "SP1,0,2025,Text,,,,,,31.03.2025,fertig",  # minimum, not a date, enum
    ],
    "kette": [
        "1,abschluss,2025-13,abc,",  # pattern of month and hash
    ],
}


@pytest.fixture(scope="module")
def tabellen(tmp_path_factory) -> dict[str, str]:
    ordner = tmp_path_factory.mktemp("ki")
    (ordner / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    data = meldung_bytes(inhalt(ordner, load_config(ordner / "ki.toml")))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist()}


def _beschaedigt(tabellen: dict[str, str]) -> dict[str, str]:
    result = dict(tabellen)
    for name, zeilen in SCHAEDEN.items():
        result[f"{name}.csv"] = result[f"{name}.csv"] + "\r\n".join(zeilen) + "\r\n"
    return result


def _unsere(texte: dict[str, str]) -> set[tuple]:
    fehler, zeilen = [], {}
    for name, ressource in RESSOURCE.items():
        zeilen[name], eigene = pruefe_tabelle(ressource, texte[f"{name}.csv"])
        fehler += [(name, f.art, f.zeile, f.feld) for f in eigene]
    ziele = {"schwerpunkte": {(w[0],) for _, w in zeilen["schwerpunkte"]}}
    for name, ressource in RESSOURCE.items():
        fehler += [
            (name, f.art, f.zeile, f.feld) for f in pruefe_fremdschluessel(ressource, zeilen[name], ziele)
        ]
    return set(fehler)


def _frictionless(texte: dict[str, str], ordner) -> set[tuple]:
    for name, text in texte.items():
        (ordner / name).write_bytes(text.encode())
    report = frictionless.validate(str(ordner / "datapackage.json"))
    result = set()
    for task in report.tasks:
        for e in task.errors:
            feld = getattr(e, "field_name", None) or None
            if e.type == "foreign-key":
                feld = e.field_names[0]
            result.add((task.name, e.type, getattr(e, "row_number", None), feld))
    return result


def test_the_written_meldung_is_valid_for_both(tabellen, tmp_path):
    assert _unsere(tabellen) == set() == _frictionless(tabellen, tmp_path)


def test_damaged_tables_give_the_same_errors_at_the_same_rows_and_fields(tabellen, tmp_path):
    texte = _beschaedigt(tabellen)
    unsere = _unsere(texte)
    assert unsere == _frictionless(texte, tmp_path)
    # and the check found what was put in (not merely nothing on both sides)
    assert len(unsere) > 20
    assert {art for _, art, _, _ in unsere} >= {
        "type-error",
        "constraint-error",
        "extra-cell",
        "missing-cell",
        "blank-row",
        "primary-key",
        "foreign-key",
    }


def test_a_wrong_header_is_found_by_both(tabellen, tmp_path):
    texte = dict(tabellen)
    texte["besetzung.csv"] = texte["besetzung.csv"].replace("besetzt_vza", "besetzt", 1)
    texte["kette.csv"] = texte["kette.csv"].replace(",vorgaenger", ",vorgaenger,extra", 1)
    unsere = {(n, a, f) for n, a, _, f in _unsere(texte) if a.endswith("label")}
    theirs = {(n, a, f) for n, a, _, f in _frictionless(texte, tmp_path) if a.endswith("label")}
    assert (
        unsere == theirs == {("besetzung", "incorrect-label", "besetzt_vza"), ("kette", "extra-label", None)}
    )
