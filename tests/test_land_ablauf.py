"""As a KI and the state use it (issue „Die Meldung an das Land“, Done when): a KI closes three
months and so writes three Meldungen; the state's `zusammenfassen` over them and 53 generated KIs
writes a Landesübersicht whose figures equal the KI's own reports; an Ablage rewritten
consistently after the second month is found by the state from the Meldungen alone and by the
Prüfcode printed on the signed PDF; and no Meldung holds a figure that traces to one person.

Everything runs through the command line, as a new user would run it.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from scipy import sparse
from scipy.optimize import linprog

from benchmarks.meldungen import KI as GenerierteKI
from kibericht.ablage import manifest
from kibericht.ablage.kette import lies_ablage
from kibericht.ablage.nachrechnen import abweichungen
from kibericht.ablage.pruefcode import pruefcode
from kibericht.ablauf import load_entries
from kibericht.cli import cli
from kibericht.konfig import load_config
from kibericht.land.schreiben import meldung_bytes
from kibericht.regeln.abschluss import abdruck
from kibericht.regeln.geheimhaltung import bis, monat
from kibericht.regeln.termine import teilnehmende_einmal
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx
from tests.test_geheimhaltung_angriff import Angreifer, _beitraege

pytest.importorskip("duckdb")
MONATE = ("2025-01", "2025-02", "2025-03")
KENNUNG = "KI-TESTKREIS"
TAGE = {1: (6, 7, 8, 9, 10), 2: (3, 4, 5, 6, 7), 3: (3, 4, 5, 6, 7)}  # Monday to Friday


def monatszeilen(m: int, mehr: float = 0.0) -> list[list]:
    """A month of three Stellen: SP1 (Bildung) worked by all three, SP2 (Querschnitt) by FK1
    alone, work without Schwerpunkt by all; one Netzwerktreffen logged by FK2 and L1 (one
    Termin). `mehr`: hours added to the month's first entry."""
    t = TAGE[m]
    zeilen = [
        entry(t[0], "FK1", "Bildung", "SP1", "Beratung", "Alfter", 3.0 + m / 4 + mehr, 4, month=m),
        entry(t[1], "FK1", "Querschnitt", "SP2", "Veranstaltung", "Bornheim", 2.5, 15, month=m),
        entry(t[2], "FK1", "Übergreifend", None, "Verwaltung", None, 2.0, None, month=m),
        entry(t[0], "FK2", "Bildung", "SP1", "Beratung", "Bornheim", 2.75, 3, month=m),
        entry(t[3], "FK2", "Bildung", "SP1", "Netzwerktreffen", "Alfter", 2.0, 12, month=m),
        entry(t[2], "FK2", "Übergreifend", None, "Verwaltung", None, 1.5 + m / 4, None, month=m),
        entry(t[3], "L1", "Bildung", "SP1", "Netzwerktreffen", "Alfter", 2.0, 12, month=m),
        entry(t[4], "L1", "Bildung", "SP1", "Fortbildung", "Eitorf", 3.25, 9, month=m),
        entry(t[1], "L1", "Übergreifend", None, "Gremienarbeit", "kreisweit", 1.0 + m / 2, None, month=m),
    ]
    return zeilen


def nachweise_schreiben(root: Path, mehr_im_januar: float = 0.0) -> None:
    write_xlsx(root / "nachweise" / "Nachweise_2025.xlsx",
               {"Januar": [HEADER, *monatszeilen(1, mehr_im_januar)], "Februar": [HEADER, *monatszeilen(2)],
                "März": [HEADER, *monatszeilen(3)]})


def kibericht(root: Path, *args: str):
    """A command run in the KI's folder, as its staff run it (paths in its output relative to it)."""
    frueher = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(frueher)


def abschliessen(root: Path, monat_: str) -> dict:
    result = kibericht(root, "abschliessen", "nachweise", "--monat", monat_, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pdf_text(pfad: Path) -> str:
    return "".join(seite.extract_text() for seite in PdfReader(pfad).pages)


def code_vom_papier(pfad: Path) -> str:
    """The Prüfcode as a person reads it off the signed PDF."""
    gefunden = re.findall(r"Prüfcode: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})", pdf_text(pfad))
    assert len(gefunden) == 1, gefunden
    return gefunden[0]


@pytest.fixture(scope="module")
def zwei_monate(tmp_path_factory) -> tuple[Path, dict]:
    """The KI after closing January and February: its folder and what each close printed."""
    root = tmp_path_factory.mktemp("ablauf") / "ki"
    root.mkdir()
    (root / "ki.toml").write_text(KI_TOML, encoding="utf-8")
    nachweise_schreiben(root)
    return root, {m: abschliessen(root, m) for m in MONATE[:2]}


@pytest.fixture
def ki(zwei_monate, tmp_path) -> tuple[Path, dict]:
    """A copy of the KI after February (the Ablage stores paths relative to its folder)."""
    root, ausgaben = zwei_monate
    shutil.copytree(root, tmp_path / "ki")
    return tmp_path / "ki", copy.deepcopy(ausgaben)


def eingang_mit_53_kis(ziel: Path) -> None:
    """The Meldungen of January to March 2025 of 53 generated KIs, as the state receives them."""
    ziel.mkdir(parents=True, exist_ok=True)
    for i in range(1, 54):
        generiert = GenerierteKI(i)
        for m in MONATE:
            inhalt = generiert.monat(m)
            (ziel / inhalt.dateiname).write_bytes(meldung_bytes(inhalt))


def senden(root: Path, monat_: str, eingang: Path) -> Path:
    quelle = root / "meldungen" / f"Meldung_{KENNUNG}_{monat_}.zip"
    eingang.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(quelle, eingang / quelle.name))


def test_three_months_closed_sent_and_consolidated_equal_the_kis_own_reports(ki, tmp_path):
    root, ausgaben = ki
    ausgaben["2025-03"] = abschliessen(root, "2025-03")
    eingang = tmp_path / "eingang"
    eingang_mit_53_kis(eingang)
    for m in MONATE:
        doc = ausgaben[m]
        # the Prüfcode printed by abschliessen is the one on the filed PDF and workbook
        pdf = next(root / p for p in doc["dateien"] if p.endswith(".pdf"))
        assert code_vom_papier(pdf) == doc["pruefcode"]
        assert doc["meldung"]["datei"] == f"meldungen/Meldung_{KENNUNG}_{m}.zip"
        assert doc["meldung"]["fehler"] == []
        gesendet = senden(root, m, eingang)
        assert hashlib.sha256(gesendet.read_bytes()).hexdigest() == doc["meldung"]["sha256"]

    # `meldung` writes each again from the Ablage alone, byte for byte, without the logs
    shutil.rmtree(root / "nachweise")
    for m in MONATE:
        neu = kibericht(root, "meldung", "--monat", m, "--ausgabe", str(tmp_path / "neu"), "--format", "json")
        assert neu.exit_code == 0, neu.output
        assert json.loads(neu.stdout)["sha256"] == ausgaben[m]["meldung"]["sha256"]
        assert (tmp_path / "neu" / f"Meldung_{KENNUNG}_{m}.zip").read_bytes() == \
            (eingang / f"Meldung_{KENNUNG}_{m}.zip").read_bytes()
    nachweise_schreiben(root)

    land = CliRunner().invoke(cli, ["zusammenfassen", str(eingang), "--ausgabe", str(tmp_path / "land"),
                                    "--format", "json"])
    assert land.exit_code in (0, 3), land.output  # 3: some generated KIs are over their cap
    d = json.loads(land.stdout)
    assert d["fehler"] == []
    assert len(d["kis"]) == 54 and {m["status"] for m in d["meldungen"]} == {"eingereicht"}
    zeilen = {m["monat"]: m for m in d["meldungen"] if m["ki"] == KENNUNG}
    assert sorted(zeilen) == list(MONATE) and [zeilen[m]["kette_nr"] for m in MONATE] == [1, 2, 3]
    for m in MONATE:
        bericht = kibericht(root, "bericht", "nachweise", "--monat", m, "--ausgabe",
                            str(tmp_path / "berichte"), "--format", "json")
        assert bericht.exit_code == 0, bericht.output
        b, z = json.loads(bericht.stdout), zeilen[m]
        assert (z["stunden"], z["stunden_bis_monat"]) == (b["stunden"], b["bis_jetzt"]["stunden"])
        assert (z["schwerpunktanteil"], z["schwerpunktanteil_bis_monat"]) == \
            (b["schwerpunktanteil"], b["schwerpunktanteil_bis_jetzt"])
        assert (z["mindestanteil"], z["quote_erfuellt"]) == (b["mindestanteil"], b["quote_erfuellt"])
        assert z["quote_erfuellt_bis_monat"] == (b["schwerpunktanteil_bis_jetzt"] >= b["mindestanteil"])
        assert {p: {k: f[k] for k in ("monat", "bis_monat", "anspruch", "hoechstbetrag", "ueberschritten")}
                for p, f in z["foerderung"].items()} == \
            {p: {k: f[k] for k in ("monat", "bis_monat", "anspruch", "hoechstbetrag", "ueberschritten")}
             for p, f in b["foerderung"].items()}
        assert z["stunden"] > 0 and z["foerderung"]


# -- a consistent rewrite after the second month ---------------------------------------------

def umschreiben(ablage: Path, aendern) -> None:
    """Rewrite the Ablage from its first closing on, as consistently as the Ablage allows (as
    `tests/test_papier.faelschen` does): `aendern(daten)` changes the first closing's entries;
    fingerprints, every figure `verifizieren` recomputes, the Prüfcode, the files' hashes and the
    seal are recomputed, and every later element is relinked and resealed."""
    neu: dict[str, str] = {}
    for glied in lies_ablage(ablage).glieder:
        daten = copy.deepcopy(glied.daten)
        if glied.nr == 1:
            aendern(daten)
            for e in daten["eintraege"]["liste"]:
                e["abdruck"] = abdruck(e["werte"])
            liste = daten["eintraege"]["liste"]
            daten["eintraege"]["stunden"] = round(sum(e["werte"]["stunden"] for e in liste), 6)
            for a in abweichungen(daten):
                teile = a.zahl.split(".")
                ziel = daten
                for teil in teile[:-1]:
                    ziel = ziel[teil]
                ziel[teile[-1]] = a.nachgerechnet
        daten["vorgaenger"] = neu.get(daten["vorgaenger"], daten["vorgaenger"])
        daten["pruefcode"] = pruefcode(daten)
        for d in daten["dateien"]:
            pfad = glied.ordner / d["datei"]
            d["sha256"], d["bytes"] = hashlib.sha256(pfad.read_bytes()).hexdigest(), pfad.stat().st_size
        data = manifest.versiegeln(daten)
        glied.manifest.write_bytes(data)
        neu[glied.sha256] = hashlib.sha256(data).hexdigest()


def eine_stunde_mehr(daten: dict) -> None:
    eintrag = next(e for e in daten["eintraege"]["liste"] if e["werte"]["stelle"] == "FK1")
    eintrag["werte"]["stunden"] += 1.0


def test_a_consistent_rewrite_after_the_second_month_is_found_by_the_state_and_by_the_paper(ki, tmp_path):
    root, ausgaben = ki
    eingang = tmp_path / "eingang"
    eingang_mit_53_kis(eingang)
    papier = {}
    for m in MONATE[:2]:
        senden(root, m, eingang)
        pdf = next(root / p for p in ausgaben[m]["dateien"] if p.endswith(".pdf"))
        papier[m] = code_vom_papier(pdf)  # the signed paper in the state's file

    # the logs and the Ablage rewritten together: one more hour in January, everything relinked
    nachweise_schreiben(root, mehr_im_januar=1.0)
    umschreiben(root / "abschluesse", eine_stunde_mehr)
    eigene_pruefung = kibericht(root, "verifizieren", "nachweise")
    assert eigene_pruefung.exit_code == 0, eigene_pruefung.output  # the KI's own check cannot tell
    maerz = abschliessen(root, "2025-03")
    assert maerz["meldung"]["fehler"] == []
    senden(root, "2025-03", eingang)

    # the state, from the Meldungen alone
    land = CliRunner().invoke(cli, ["zusammenfassen", str(eingang), "--ausgabe", str(tmp_path / "land"),
                                    "--format", "json"])
    assert land.exit_code == 1, land.output
    d = json.loads(land.stdout)
    assert [(f["code"], f["ki"], f["monat"]) for f in d["fehler"]] == \
        [("kette-umgeschrieben", KENNUNG, "2025-03")]
    assert "(Januar 2025, Februar 2025)" in d["fehler"][0]["meldung"]

    # the paper: the codes read off the signed PDFs of January and February are not in the Ablage
    for m in MONATE[:2]:
        r = kibericht(root, "verifizieren", "--pruefcode", papier[m])
        assert r.exit_code == 1, r.output
        assert f"Prüfcode {papier[m]}: nicht gefunden." in r.stdout
        assert "nachträglich verändert oder ersetzt" in r.stdout
    # March's paper, printed after the rewrite, belongs to the rewritten Ablage
    pdf = next(root / p for p in maerz["dateien"] if p.endswith(".pdf"))
    r = kibericht(root, "verifizieren", "--pruefcode", code_vom_papier(pdf))
    assert r.exit_code == 0 and "Der Abschluss März 2025 (Version 1, Nr. 0003) ist unverändert" in r.stdout


# -- no figure of a Meldung traces to one person ---------------------------------------------

# the attacker's own reading of a Meldung: resource → (table of the public catalogue, key per row)
TABELLEN = {"nach_handlungsfeld": "handlungsfeld", "nach_schwerpunkt": "schwerpunkt",
            "nach_zieldimension": "zieldimension", "nach_taetigkeit": "taetigkeit", "nach_kommune": "kommune"}


def veroeffentlicht(zip_pfad: Path) -> list[tuple]:
    """Every hours and Teilnahmen cell of a Meldung, read from its CSVs: (table, measure,
    Zeitraum, key, value or None)."""
    m = int(zip_pfad.stem[-2:])
    zellen = []
    with zipfile.ZipFile(zip_pfad) as archiv:
        for ressource, tabelle in [("kennzahlen", None), *TABELLEN.items()]:
            text = archiv.read(f"{ressource}.csv").decode("utf-8")
            for zeile in csv.DictReader(io.StringIO(text)):
                zeitraum = monat(m) if zeile["zeitraum"] == "monat" else bis(m)
                if tabelle is None:
                    zellen += [("gesamt", "stunden", zeitraum, (), zeile["stunden"]),
                               ("schwerpunktbindung", "stunden", zeitraum, ("mit Schwerpunkt",),
                                zeile["stunden_schwerpunkte"]),
                               ("gesamt", "teilnahmen", zeitraum, (), zeile["teilnahmen"])]
                    continue
                key = zeile[ressource.removeprefix("nach_")]
                if ressource == "nach_zieldimension" and key == "ohne":
                    key = "ohne Schwerpunkt"
                zellen += [(tabelle, "stunden", zeitraum, (key,), zeile["stunden"]),
                           (tabelle, "teilnahmen", zeitraum, (key,), zeile["teilnahmen"])]
    return [(t, mess, z, k, float(w) if w != "" else None) for t, mess, z, k, w in zellen]


def test_no_figure_of_the_three_meldungen_traces_to_one_person(ki):
    """An LP intruder holding all three Meldungen, and knowing that every figure is a sum of one
    non-negative cross table month × Tätigkeit × Schwerpunkt × Handlungsfeld × Kommune, computes
    min and max of every figure the primary rule protects (checked here from the entries per
    Stelle); each must stay open by ± 15 % around its true value, and none may be published."""
    root, _ = ki
    abschliessen(root, "2025-03")
    config = load_config(root / "ki.toml")
    entries = load_entries([root / "nachweise"], config).entries
    entries = entries.assign(teilnehmende=teilnehmende_einmal(entries))  # each Termin once
    a = Angreifer(config, entries, 2025, 3)
    zellen = [z for m in MONATE for z in veroeffentlicht(root / "meldungen" / f"Meldung_{KENNUNG}_{m}.zip")]
    geprueft = 0
    for mess in ("stunden", "teilnahmen"):
        eigene = [z for z in zellen if z[1] == mess]
        offen = [z for z in eigene if z[4] is not None]
        a_eq = sparse.csr_matrix(np.array([a.auswahl(a.var, t, zr, k) for t, _, zr, k, _ in offen],
                                          dtype=float))
        b_eq = [w for *_, w in offen]
        for tabelle, _, zeitraum, key, wert in eigene:
            # who contributes: hours an entry's Stelle; a Termin's participants every Stelle in it
            beitraege = _beitraege(a.rows, mess)
            je_stelle = beitraege.loc[a.auswahl(beitraege, tabelle, zeitraum, key)] \
                .groupby("stelle")[mess].sum()
            je_stelle = je_stelle[je_stelle > 1e-9]
            wahr = float(a.rows.loc[a.auswahl(a.rows, tabelle, zeitraum, key), mess].sum())
            if wert is not None:
                assert wert == pytest.approx(wahr), (tabelle, zeitraum, key)
            heikel = len(je_stelle) > 0 and (len(je_stelle) < 3 or je_stelle.max() > 0.85 * wahr)
            if not heikel:
                continue
            assert wert is None, f"published, though it traces to one person: {tabelle} {zeitraum} {key}"
            ziel = a.auswahl(a.var, tabelle, zeitraum, key).astype(float)
            lo = linprog(ziel, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            hi = linprog(-ziel, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            assert lo.status == 0, lo.message
            oben = np.inf if hi.status == 3 else -hi.fun
            assert lo.fun <= 0.85 * wahr + 1e-6 and oben >= 1.15 * wahr - 1e-6, \
                (tabelle, mess, zeitraum, key, wahr, lo.fun, oben)
            geprueft += 1
    assert geprueft >= 10  # SP2 is FK1's alone: there was something to attack


def test_the_entries_are_as_the_scenario_says():
    """The scenario's premises: SP2 by one Stelle, SP1 by three, no Stelle dominating the month."""
    frame = pd.DataFrame([dict(zip(HEADER, z, strict=True)) for z in monatszeilen(2)])
    assert set(frame.loc[frame["Schwerpunkt"] == "SP2", "Stelle"]) == {"FK1"}
    assert set(frame.loc[frame["Schwerpunkt"] == "SP1", "Stelle"]) == {"FK1", "FK2", "L1"}
    je_stelle = frame.groupby("Stelle")["Stunden"].sum()
    assert je_stelle.max() < 0.85 * je_stelle.sum()
