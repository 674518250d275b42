"""The Förderung page: the document of `kibericht foerderung` with the same logs; instalments in
whole cents that add up; the Stellen's vacancies in words."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kibericht.zahlen import de_zahl
from tests.web_helfer import im_prozess, tabelle


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_the_json_twin_is_the_command_lines_document(web):
    code, cli = web.cli_json("foerderung", "--jahr", "2025")
    assert code == 0 and web.client.get("/foerderung.json?jahr=2025").json() == cli


def test_instalments_and_vacancies(web):
    _, cli = web.cli_json("foerderung", "--jahr", "2025")
    html = web.client.get("/foerderung?jahr=2025").text
    monate = tabelle(html, "Anspruch je Stelle und Monat")
    kopf = monate[0]
    assert kopf[:5] == ["Monat", "FK1", "FK2", "VW1", "VA1"]
    fk2 = [z[2] for z in monate[1:13]]
    assert fk2 == [f"{de_zahl(v)} €" for v in cli["stellen"]["FK2"]["monate"]]
    summe = sum(Fraction(str(v)) for v in cli["stellen"]["FK2"]["monate"])
    assert monate[13][2] == f"{de_zahl(float(summe))} €" == f"{de_zahl(cli['stellen']['FK2']['anspruch'])} €"
    assert fk2[5] == "0,00 €"  # June: vacant
    stellen = {z[0]: z for z in tabelle(html, "Stellen und ihre Besetzung")[1:]}
    assert stellen["FK2"][4] == "01.01.2025–15.05.2025; ab 01.07.2025"
    assert stellen["FK1"][4] == "01.01.2025–31.08.2025; ab 01.09.2025 (0,75 VZÄ)"
    assert stellen["L1"][6] == "nicht gezählt"
    programme = tabelle(html, "Programme gegen den Höchstbetrag")
    assert programme[1][1] == f"{de_zahl(cli['programme']['KI']['anspruch'])} €"
    assert "im Rahmen" in programme[1][4]


def test_every_figure_on_the_page_is_the_command_lines(web):
    _, cli = web.cli_json("foerderung", "--jahr", "2025")
    html = web.client.get("/foerderung?jahr=2025").text

    def euro(wert: float) -> str:
        return f"{de_zahl(wert)} €"

    monate = tabelle(html, "Anspruch je Stelle und Monat")
    kopf = monate[0][1:]
    spalten = {name: [z[i + 1] for z in monate[1:]] for i, name in enumerate(kopf)}
    for stelle, d in cli["stellen"].items():
        assert spalten[stelle] == [euro(b) for b in d["monate"]] + [euro(d["anspruch"])], stelle
    for name, d in cli["programme"].items():
        kumuliert = d["monate_kumuliert"]
        je_monat = [kumuliert[0]] + [round(b - a, 2) for a, b in zip(kumuliert, kumuliert[1:], strict=False)]
        assert spalten[f"{name} gesamt"] == [euro(b) for b in je_monat] + [euro(d["anspruch"])]
    programme = {z[0]: z[1:] for z in tabelle(html, "Programme gegen den Höchstbetrag")[1:]}
    assert programme == {name: [euro(d["anspruch"]), euro(d["hoechstbetrag"]), euro(d["foerderfaehig"]),
                                "✓ im Rahmen"] for name, d in cli["programme"].items()}
    stellen = {z[0]: z for z in tabelle(html, "Stellen und ihre Besetzung")[1:]}
    for stelle, d in cli["stellen"].items():
        assert stellen[stelle][5:] == [euro(d["pauschale"]), euro(d["anspruch"])]
    assert {s for s, z in stellen.items() if z[6] == "nicht gezählt"} == set(cli["ohne_pauschale"])
    soll_ist = {z[0]: z[1:3] for z in tabelle(html, "Soll- und Ist-Stunden 2025 (bis zum letzten Monat mit "
                                                    "Einträgen)")[1:]}
    assert soll_ist == {s: [de_zahl(d["soll"]), de_zahl(d["ist"])] for s, d in cli["soll_ist"].items()}
