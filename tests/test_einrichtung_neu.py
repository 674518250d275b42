"""A new ki.toml from a draft (konfig/einrichtung_neu): it loads without findings, reads back to
the same draft, and explains itself — every section, and the source of every suggested amount."""

from __future__ import annotations

import dataclasses
import re

from kibericht.konfig import load_config
from kibericht.konfig.einrichtung import entwurf_aus_text
from kibericht.konfig.einrichtung_toml import als_toml
from tests.test_einrichtung_toml import _entwurf


def test_a_new_file_loads_without_findings_and_reads_back_to_the_same_draft(tmp_path):
    e = _entwurf()
    path = tmp_path / "ki.toml"
    path.write_text(als_toml(e), "utf-8")
    config = load_config(path)
    assert config.befunde == ()
    fk1 = config.stelle("FK1")
    assert (fk1.umfang, fk1.pauschale.fuer(2025), fk1.pauschale.fuer(2026)) == (0.75, 42750.0, 43000.0)
    assert [(b.von.isoformat(), b.bis and b.bis.isoformat(), b.umfang) for b in fk1.besetzt] == [
        ("2025-03-01", "2025-06-30", 0.75), ("2025-09-01", None, 0.5)]
    assert config.programm("KI").hoechstbetrag.je_jahr == ((2025, 364500.0), (2026, 200000.0))
    assert config.schwerpunkt("SP1").meilensteine[0].hoechstens == 6
    assert config.nachweise == tmp_path / "nachweise"
    wieder = entwurf_aus_text(path.read_text("utf-8"))
    ohne_notiz = tuple(dataclasses.replace(s, herkunft=None, besetzt=tuple(
        dataclasses.replace(p, notiz="") for p in s.besetzt) if isinstance(s.besetzt, tuple) else None)
        for s in e.stellen)
    assert tuple(dataclasses.replace(s, herkunft=None) for s in wieder.stellen) == ohne_notiz
    assert (wieder.name, wieder.kommunen, wieder.nachweise, wieder.ablage, wieder.jahre) == (
        e.name, e.kommunen, e.nachweise, e.ablage, (2025, 2026))


def test_a_new_file_explains_itself():
    text = als_toml(_entwurf())
    assert "# Kreis oder kreisfreie Stadt: Kreis Düren" in text
    assert "# [[stellen]] – Stellenplan" in text
    assert "#   umfang: Stellenanteil in Vollzeitäquivalenten." in text
    # the suggested cap (6 × 57 000 + 22 500) names its source; the own 2026 amount says so
    assert re.search(r"# Höchstbetrag 2025: Vorschlag: 6 Fachkraftstellen × 57\.000 €", text)
    assert "2026: eingetragener Betrag (laut Bescheid)" in text
    assert "# Pauschale 2025: Vorschlag: 57.000 € je volle Stelle × 0,75" in text
    assert "{ von = 2025-03-01, bis = 2025-06-30 },  # Elternzeit ab Juli" in text  # a note: comment only
    assert all(len(line) <= 100 for line in text.splitlines() if line.startswith("#"))
