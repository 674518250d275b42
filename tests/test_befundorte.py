"""Findings grouped by workbook and by Stelle: each finding in exactly one group, a row's
finding under the Stelle written in that row, a whole workbook's under its usual Stelle."""

from __future__ import annotations

from kibericht import anwendung
from kibericht.anwendung.befundorte import OHNE_DATEI, OHNE_STELLE, nach_datei, nach_stelle
from kibericht.befunde import Code, befund
from tests.conftest import HEADER, entry, write_xlsx


def test_by_stelle_and_by_workbook(tmp_path, config_path):
    n = tmp_path / "n"
    write_xlsx(n / "a.xlsx", {"März": [HEADER, entry(3), entry(4, stunden="abc"), entry(5, stelle="L1",
                                                                                    stunden=-1)]})
    write_xlsx(n / "b.xlsx", {"März": [HEADER, entry(3, stelle="FK9"), entry(4, stelle="FK2")]})
    (n / "leer.xlsx").write_bytes(b"")
    e = anwendung.pruefen([n], config_path)
    gruppen = nach_stelle(e.befunde, e.nachweise, ["FK1", "FK2", "L1"])
    assert [(g.name, [(f.datei[-6:], f.zeile, f.code) for f in g.befunde]) for g in gruppen] == [
        ("FK1", [("a.xlsx", 3, Code.STUNDEN_UNGUELTIG)]),
        ("L1", [("a.xlsx", 4, Code.STUNDEN_BEREICH)]),
        ("FK9", [("b.xlsx", 2, Code.STELLE_UNBEKANNT)]),
        (OHNE_STELLE, [("r.xlsx", None, Code.DATEI_LEER)])]
    assert sum(len(g.befunde) for g in gruppen) == len(e.befunde)
    assert [(g.fehler, g.warnungen) for g in gruppen] == [(1, 0), (1, 0), (1, 0), (1, 0)]
    dateien = nach_datei(e.befunde)
    assert [g.name.rsplit("/", 1)[1] for g in dateien] == ["a.xlsx", "b.xlsx", "leer.xlsx"]
    assert [len(g.befunde) for g in dateien] == [2, 1, 1]


def test_a_finding_about_a_whole_workbook_goes_to_its_usual_stelle(tmp_path):
    import pandas as pd

    from kibericht.ablauf import LoadResult

    rows = pd.DataFrame({"_datei": ["w.xlsx"] * 3, "_blatt": ["S"] * 3, "_zeile": [2, 3, 4],
                         "stelle": ["L1", "FK1", "FK1"]})
    result = LoadResult(entries=rows, rejected=rows.iloc[0:0], findings=[])
    ganz = befund(Code.DATEI_DOPPELT, "w.xlsx", meldung="Kopie")
    ohne = befund(Code.KONFIG_VERWECHSELBAR, "", meldung="ähnlich")
    gruppen = nach_stelle([ganz, ohne], result)
    assert [(g.name, [f.code for f in g.befunde]) for g in gruppen] == [
        ("FK1", [Code.DATEI_DOPPELT]), (OHNE_STELLE, [Code.KONFIG_VERWECHSELBAR])]
    assert [g.name for g in nach_datei([ganz, ohne])] == ["w.xlsx", OHNE_DATEI]
