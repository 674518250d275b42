"""The Quote page: month, January to month, year and the two-year period as `kibericht quote`
gives them for the same sample, the Fehlstunden of a month below the minimum, the chart."""

from __future__ import annotations

import pytest

from tests.web_helfer import im_prozess, tabelle


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def test_the_json_twin_holds_the_command_lines_documents(web):
    seite = web.client.get("/quote.json?monat=2025-08").json()
    for name, args in (("monat", ("--monat", "2025-08")), ("jahr", ("--jahr", "2025")),
                       ("periode", ("--periode", "2025-2026"))):
        code, cli = web.cli_json("quote", *args)
        assert seite[name] == cli, name
    assert seite["monat"]["erfuellt"] is False and seite["monat"]["fehlstunden"] == {"2025-08": 95.38}


def test_the_page_shows_month_year_to_date_year_and_period(web):
    html = web.client.get("/quote?monat=2025-08").text
    zeilen = tabelle(html, "Schwerpunktanteil gegen den Mindestanteil von 50 %")
    assert [z[0] for z in zeilen[1:]] == ["August 2025", "Januar bis August 2025", "Jahr 2025",
                                          "Zeitraum 2025–2026 (Zweijahreszeitraum)"]
    assert zeilen[1][1:] == ["555,25", "182,25", "32,8 %", "✗ nicht erreicht", "95,38"]
    assert zeilen[3][3:5] == ["56,5 %", "✓ erreicht"]  # 5.488 of 9.705 hours
    monate = tabelle(html, "Schwerpunktanteil je Monat 2025")
    assert monate[8][0] == "August 2025" and monate[8][5] == "95,38"
    assert 'src="/quote/diagramm.png?monat=2025-08"' in html
    png = web.client.get("/quote/diagramm.png?monat=2025-08")
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"


def test_the_default_month_is_the_newest(web):
    assert "Dezember 2025" in web.client.get("/quote").text
    assert web.client.get("/quote?monat=13").status_code == 400
