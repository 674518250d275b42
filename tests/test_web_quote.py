"""The Quote page: month, January to month, year and the two-year period as `kibericht quote`
gives them for the same sample, the Fehlstunden of a month below the minimum, the chart."""

from __future__ import annotations

from fractions import Fraction

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


def test_every_figure_on_the_page_is_the_command_lines(web, tmp_path):
    from kibericht.zahlen import de_prozent, de_zahl

    html = web.client.get("/quote?monat=2025-08").text
    _, monat = web.cli_json("quote", "--monat", "2025-08")
    _, jahr = web.cli_json("quote", "--jahr", "2025")
    _, periode = web.cli_json("quote", "--periode", "2025-2026")
    _, bericht = web.cli_json("bericht", "--monat", "2025-08", "--ausgabe", str(tmp_path / "aus"))

    def anteil(teil: float, ganz: float) -> str:
        # from the hours, not from the JSON's share: that is rounded to four places already, and
        # rounding it again for display can differ from the page's one rounding (56,548 % → 56,5 %)
        return de_prozent(float(Fraction(str(teil)) / Fraction(str(ganz))))

    def zahlen(d: dict) -> list[str]:
        return [de_zahl(d["stunden"]), de_zahl(d["stunden_schwerpunkte"]),
                anteil(d["stunden_schwerpunkte"], d["stunden"])]

    zeilen = {z[0]: z[1:] for z in tabelle(html, "Schwerpunktanteil gegen den Mindestanteil von 50 %")[1:]}
    assert zeilen["August 2025"][:3] == zahlen(monat)
    assert zeilen["August 2025"][4] == de_zahl(monat["fehlstunden"]["2025-08"])
    assert zeilen["Januar bis August 2025"][:3] == zahlen(bericht["bis_jetzt"])
    assert zeilen["Jahr 2025"][:3] == zahlen(jahr)
    assert zeilen["Zeitraum 2025–2026 (Zweijahreszeitraum)"][:3] == zahlen(periode)
    monate = tabelle(html, "Schwerpunktanteil je Monat 2025")[1:]
    def zahl(text: str) -> float:
        return float(text.replace(".", "").replace(",", "."))

    # each month's hours give the command line's share, and the page shows that share
    assert [round(zahl(z[2]) / zahl(z[1]), 4) for z in monate] == list(jahr["monate"].values())
    assert [z[3] for z in monate] == [anteil(zahl(z[2]), zahl(z[1])) for z in monate]
    assert sum(Fraction(str(zahl(z[1]))) for z in monate) == Fraction(str(jahr["stunden"]))
    assert {z[0]: z[5] for z in monate if z[5]} == {"August 2025": de_zahl(jahr["fehlstunden"]["2025-08"])}
    schwerpunkte = tabelle(html, "Stunden je Schwerpunkt (Anteil an allen Stunden)")[1:]
    assert {z[0]: [z[2], z[3]] for z in schwerpunkte} == {
        sp: [de_zahl(v["stunden"]), anteil(v["stunden"], monat["stunden"])]
        for sp, v in monat["nach_schwerpunkt"].items()}
    stellen = tabelle(html, "Schwerpunktanteil der eigenen Stunden je Stelle")[1:]
    assert {z[0]: z[1:] for z in stellen} == {s: zahlen(v) for s, v in monat["nach_stelle"].items()}
