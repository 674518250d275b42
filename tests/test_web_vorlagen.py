"""Vorlagen: a template per Stelle chosen from the Stellenplan (never a path), one sheet per month."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.web_helfer import download, im_prozess


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_a_template_per_stelle(web):
    fk1 = web.client.get("/vorlagen.json").json()["stellen"][2]
    assert fk1 == {"id": "FK1", "bezeichnung": "Fachkraft Sozialpädagogik"}
    antwort = download(web, web.post("/vorlagen", {"stelle": "FK1", "jahr": "2025"}), ".xlsx")
    assert "Taetigkeitsnachweis_2025_FK1.xlsx" in antwort.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(antwort.content))
    monate = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
    assert wb.sheetnames[0] == "Anleitung" and {f"{m} 2025" for m in monate} <= set(wb.sheetnames)
    assert sorted(p.name for p in web.nachweise.iterdir())[0].startswith("Nachweis")  # nothing written there


def test_an_unknown_stelle_or_year_is_refused(web):
    assert web.post("/vorlagen", {"stelle": "../ki.toml", "jahr": "2025"}).status_code == 404
    assert web.post("/vorlagen", {"stelle": "FK1", "jahr": "x"}).status_code == 400
