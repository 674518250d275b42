"""A closing checks itself: every figure recomputed from its filed entries, and its Prüfcode."""

from __future__ import annotations

import copy
import json
import shutil

import pytest

from kibericht.ablage import manifest
from kibericht.ablage.kette import lies_ablage
from kibericht.ablage.nachrechnen import abweichungen, pruefe_abschluss
from kibericht.ablage.pruefcode import pruefcode
from kibericht.regeln.abschluss import abdruck
from tests.ablage_ki import KI


@pytest.fixture(scope="module")
def maerz(tmp_path_factory):
    """The manifest content of a closed March: odd hours (0:20, 0,1), no Schwerpunkt, no Kommune."""
    ki = KI(tmp_path_factory.mktemp("nachrechnen") / "ki")
    glied = ki.schliessen("2025-03")
    return ki, glied


def _stunden_aendern(daten: dict, index: int, stunden: float) -> dict:
    """An entry's hours changed and its fingerprint recomputed, as a forger does."""
    daten = copy.deepcopy(daten)
    e = daten["eintraege"]["liste"][index]
    e["werte"]["stunden"] = stunden
    e["abdruck"] = abdruck(e["werte"])
    return daten


def test_a_closing_recomputes_to_every_figure_it_states(maerz):
    _, glied = maerz
    bericht = glied.daten["bericht"]
    assert (bericht["stunden"], bericht["nach_stelle"], bericht["teilnehmende"]) == \
        (4.93, {"FK1": 4.5, "FK2": 0.33, "L1": 0.1}, 15)
    assert abweichungen(glied.daten) == []
    assert pruefe_abschluss(glied.daten, "x.json") == []


def test_a_changed_entry_with_a_new_seal_is_found_at_every_figure_it_moves(maerz, tmp_path):
    ki, glied = maerz
    ablage = tmp_path / "abschluesse"
    shutil.copytree(ki.ablage, ablage)
    [e] = [e for e in glied.daten["eintraege"]["liste"] if e["werte"]["stunden"] == 2.0]
    daten = _stunden_aendern(glied.daten, glied.daten["eintraege"]["liste"].index(e), 3.0)
    pfad = ablage / glied.manifest.relative_to(ki.ablage)
    pfad.write_bytes(manifest.versiegeln(daten))

    # the seal and the chain are right, and the commands that read only manifests trust it …
    assert lies_ablage(ablage).fehlerfrei
    # … but the full check recomputes the figures
    stand = lies_ablage(ablage, dateien_pruefen=True)
    assert {(f.code, f.datei) for f in stand.befunde} == {("abschluss-zahlen", pfad.as_posix())}
    assert [(a.zahl, a.angegeben, a.nachgerechnet) for a in abweichungen(daten)] == [
        ("bericht.stunden", 4.93, 5.93),
        ("bericht.stunden_schwerpunkte", 3.93, 4.93),
        ("bericht.schwerpunktanteil", 0.7973, 0.8315),
        ("bericht.monate.2025-03", 0.7973, 0.8315),
        ("bericht.nach_schwerpunkt.SP1", 3.6, 4.6),
        ("bericht.nach_stelle.FK1", 4.5, 5.5),
        ("bericht.nach_taetigkeit.Beratung", 3.6, 4.6),
        ("bericht.nach_kommune.Alfter", 2.43, 3.43),
        ("bericht.nach_handlungsfeld.Bildung", 4.6, 5.6),
        ("eintraege.stunden", 4.933333, 5.933333),
    ]
    meldungen = [f.meldung for f in stand.befunde]
    assert any("Die Zahl „Stunden der Stelle FK1“ passt nicht" in m and "4,50 Std." in m and "5,50 Std." in m
               and "„bericht.nach_stelle.FK1“" in m and "Nr. 0001" in m for m in meldungen)
    # the forger who kept the old Prüfcode is found by it too
    assert any(m.startswith("Der Prüfcode im Manifest") for m in meldungen)
    assert len(stand.befunde) == 11
    # verifizieren names the manifest and marks its closing
    from click.testing import CliRunner

    from kibericht.cli import cli

    result = CliRunner().invoke(cli, ["verifizieren", "--ablage", str(ablage), "--format", "json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 1 and doc["intakt"] is False and doc["glieder"][0]["intakt"] is False
    assert {(f["code"], f["datei"]) for f in doc["fehler"]} == {("abschluss-zahlen", pfad.as_posix())}


@pytest.mark.parametrize("aendern, zahl", [
    (lambda b: b.update(eintraege=6), "bericht.eintraege"),
    (lambda b: b.update(stunden=4.94), "bericht.stunden"),
    (lambda b: b.update(stunden=4.9333), "bericht.stunden"),  # not a rounded figure
    (lambda b: b.update(stunden="4,93"), "bericht.stunden"),
    (lambda b: b.update(stunden_schwerpunkte=3.92), "bericht.stunden_schwerpunkte"),
    (lambda b: b.update(schwerpunktanteil=0.7974), "bericht.schwerpunktanteil"),
    (lambda b: b.update(schwerpunktanteil=None), "bericht.schwerpunktanteil"),
    (lambda b: b["monate"].update({"2025-03": 0.5}), "bericht.monate.2025-03"),
    (lambda b: b.update(quote_erfuellt=False), "bericht.quote_erfuellt"),
    (lambda b: b.update(quote_erfuellt=None), "bericht.quote_erfuellt"),
    (lambda b: b.update(teilnehmende=16), "bericht.teilnehmende"),
    (lambda b: b.update(zeitraum="2025-04"), "bericht.zeitraum"),
    (lambda b: b["nach_stelle"].update(FK1=4.25), "bericht.nach_stelle.FK1"),
    (lambda b: b["nach_stelle"].pop("L1"), "bericht.nach_stelle.L1"),
    (lambda b: b["nach_stelle"].update(VW1=1.0), "bericht.nach_stelle.VW1"),
    (lambda b: b["nach_schwerpunkt"].update(SP2=0.5), "bericht.nach_schwerpunkt.SP2"),
    (lambda b: b["nach_kommune"].update(ohne=0.0), "bericht.nach_kommune.ohne"),
    (lambda b: b["nach_taetigkeit"].pop("Verwaltung"), "bericht.nach_taetigkeit.Verwaltung"),
    (lambda b: b["nach_handlungsfeld"].update(Querschnitt=1.0), "bericht.nach_handlungsfeld.Querschnitt"),
    (lambda b: b["anzahl_nach_taetigkeit"].update(Beratung=4), "bericht.anzahl_nach_taetigkeit.Beratung"),
    (lambda b: b.update(nach_kommune=[]), "bericht.nach_kommune"),
])
def test_each_stated_figure_is_checked_alone(maerz, aendern, zahl):
    daten = copy.deepcopy(maerz[1].daten)
    aendern(daten["bericht"])
    assert [a.zahl for a in abweichungen(daten)] == [zahl]


def test_figures_that_do_not_follow_from_the_entries_are_not_checked(maerz):
    daten = copy.deepcopy(maerz[1].daten)
    daten["bericht"]["foerderung"]["KI"]["monat"] = 1.0  # configuration
    daten["bericht"]["bis_jetzt"] = None  # other months
    daten["bericht"]["mindestanteil"] = 0.9  # configuration: the verdict is checked against it …
    assert [a.zahl for a in abweichungen(daten)] == ["bericht.quote_erfuellt"]  # … 79,73 % < 90 %


def _monat(*stunden: float, sp: bool = True, mindestanteil: float = 0.5, **bericht) -> dict:
    werte = [{"datum": "2025-03-03", "stelle": "FK1", "handlungsfeld": "Bildung",
              "schwerpunkt": "SP1" if sp or i else None, "taetigkeit": "Beratung", "kommune": "Alfter",
              "stunden": h, "teilnehmende": None, "beschreibung": None} for i, h in enumerate(stunden)]
    return {"monat": "2025-03", "eintraege": {"liste": [{"werte": w} for w in werte],
                                              "stunden": round(sum(stunden), 6)},
            "bericht": {"zeitraum": "2025-03", "eintraege": len(werte), "mindestanteil": mindestanteil,
                        "teilnehmende": 0, "nach_stelle": {}, "nach_schwerpunkt": {}, "nach_taetigkeit": {},
                        "nach_kommune": {}, "nach_handlungsfeld": {}, "anzahl_nach_taetigkeit": {},
                        "monate": {}, **bericht}}


def _stunden_falsch(daten: dict) -> list[str]:
    return [a.zahl for a in abweichungen(daten) if a.zahl in ("bericht.stunden", "bericht.quote_erfuellt")]


def test_hours_filed_to_six_decimals_allow_only_the_rounding_of_the_true_sum():
    # three times 0:20 was read as 1/3 h and filed as 0,333333: the report said 1,00
    assert _stunden_falsch(_monat(0.333333, 0.333333, 0.333333, stunden=1.0, quote_erfuellt=True)) == []
    assert _stunden_falsch(_monat(0.333333, 0.333333, 0.333333, stunden=0.99, quote_erfuellt=True)) == \
        ["bericht.stunden"]
    # in quarter hours there is exactly one right figure
    assert _stunden_falsch(_monat(1.25, 2.5, stunden=3.75, quote_erfuellt=True)) == []
    assert _stunden_falsch(_monat(1.25, 2.5, stunden=3.76, quote_erfuellt=True)) == ["bericht.stunden"]


def test_the_verdict_is_recomputed_and_only_exactly_at_the_minimum_taken_as_stated():
    # 2 of 3,75 hours with a Schwerpunkt: 53,3 % reaches 50 %; 1,75 of 3,75 does not
    assert _stunden_falsch(_monat(1.75, 2.0, sp=False, stunden=3.75, quote_erfuellt=False)) == \
        ["bericht.quote_erfuellt"]
    assert _stunden_falsch(_monat(2.0, 1.75, sp=False, stunden=3.75, quote_erfuellt=False)) == []
    assert _stunden_falsch(_monat(2.0, 1.75, sp=False, stunden=3.75, quote_erfuellt=True)) == \
        ["bericht.quote_erfuellt"]
    for urteil in (True, False):  # 2 of 4 hours against 50 %: the rounded values cannot decide
        assert _stunden_falsch(_monat(2.0, 2.0, sp=False, stunden=4.0, quote_erfuellt=urteil)) == []
    assert _stunden_falsch(_monat(2.0, 2.0, sp=False, stunden=4.0, quote_erfuellt=None)) == \
        ["bericht.quote_erfuellt"]


def test_a_pruefcode_that_does_not_fit_its_manifest_is_an_error(maerz):
    daten = copy.deepcopy(maerz[1].daten)
    richtig = daten["pruefcode"]
    daten["zeitpunkt"] = "2025-06-01T09:00:00+02:00"  # a change no figure shows
    assert abweichungen(daten) == []
    [f] = pruefe_abschluss(daten, "abschluesse/0001_2025-03_Abschluss/Abschluss_2025-03.json")
    assert (f.code, f.wert) == ("abschluss-zahlen", pruefcode(daten))
    assert richtig in f.meldung and "--pruefcode" in f.meldung


def test_every_month_of_the_sample_year_recomputes_to_its_figures(tmp_path):
    """No false alarm on a real year: 25 workbooks, every month as `abschliessen` would file it."""
    import pandas as pd

    from kibericht.ablage.ablegen import abschluss_inhalt
    from kibericht.ablage.kette import Ablagestand
    from kibericht.ablauf import load_entries
    from kibericht.konfig import load_config
    from kibericht.periode import Periode
    from kibericht.regeln.bericht import berechne_bericht
    from tests.conftest import SAMPLE

    config = load_config(SAMPLE / "ki.toml")
    result = load_entries([SAMPLE / "nachweise"], config)
    alle = pd.concat([result.entries, result.rejected[result.entries.columns]])
    for monat in range(1, 13):
        periode = Periode.parse_monat(f"2025-{monat:02d}")
        bericht = berechne_bericht(result.entries, config, periode, result.rejected, tuple(result.findings),
                                   tuple(result.files))
        daten = abschluss_inhalt(Ablagestand(tmp_path / "abschluesse"), bericht,
                                 alle[periode.mask(alle["datum"])], result.files, SAMPLE / "ki.toml", "")
        assert daten["bericht"]["eintraege"] > 150
        assert abweichungen(daten) == [], periode.label
