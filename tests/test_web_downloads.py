"""Downloads by ID: only IDs handed out, only files that still exist, each with its type."""

from __future__ import annotations

from kibericht.web.downloads import Downloads


def test_ids_are_random_and_only_known_ones_are_served(tmp_path):
    d = Downloads()
    pdf = tmp_path / "Monatsbericht_2025-03.pdf"
    pdf.write_bytes(b"%PDF")
    a, b = d.anmelden(pdf), d.anmelden(pdf, "anders.pdf")
    assert a.id != b.id and len(a.id) >= 20 and a.url == f"/dateien/{a.id}"
    assert d.holen(a.id) == a and d.holen("x") is None and d.holen(str(pdf)) is None
    assert (a.name, b.name, a.medientyp) == ("Monatsbericht_2025-03.pdf", "anders.pdf", "application/pdf")
    pdf.unlink()
    assert d.holen(a.id) is None
