"""A small KI that closes months through the library (without the CLI), for the Ablage tests.

`schliessen` files a month as `kibericht abschliessen` does; by default it writes a short text
report instead of workbook, charts and PDF (seconds per month), which carries the Prüfcode it
was given. Tests that need the real report pass `schreiben=ablegen.bericht_schreiben`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kibericht.ablage import ablegen
from kibericht.ablage.kette import Ablagestand, Glied, lies_ablage
from kibericht.ablauf import load_entries
from kibericht.konfig import load_config
from kibericht.periode import Periode
from kibericht.regeln.bericht import Bericht, berechne_bericht
from tests.conftest import HEADER, KI_TOML, entry, write_xlsx

MAERZ = [HEADER, entry(3, stunden=2.0), entry(4, stunden=1.5, kommune="Bornheim"),
         entry(5, sp=None, taet="Verwaltung", stunden=1.0, kommune=None),
         entry(6, stelle="FK2", sp="SP2", hf="Querschnitt", taet="Veranstaltung", stunden="0:20", tn=12),
         entry(7, stelle="L1", stunden=0.1, tn=3)]
APRIL = [HEADER, entry(1, month=4), entry(2, month=4, stunden=3.0, name="C. D."),
         entry(3, month=4, sp=None, taet="Verwaltung", stunden=4.25)]
MAI = [HEADER, entry(5, month=5, stunden=6.0), entry(6, month=5, sp="SP2", hf="Querschnitt", stunden=1.75)]


def kurzbericht(ordner: Path, bericht: Bericht, code: str) -> list[Path]:
    """A report of one text file that carries the Prüfcode (as the PDF does)."""
    path = Path(ordner) / f"Monatsbericht_{bericht.periode.label}.txt"
    path.write_text(f"{bericht.config.name}, {bericht.titel}: {bericht.summary.stunden} Std.\n"
                    f"Prüfcode: {code}\n", encoding="utf-8")
    return [path]


class KI:
    """ki.toml, nachweise/FK1.xlsx and the Ablage beside them."""

    def __init__(self, root: Path, **monate: list):
        self.root = root
        self.config_path = root / "ki.toml"
        self.nachweise = root / "nachweise"
        self.ablage = root / "abschluesse"
        root.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(KI_TOML, encoding="utf-8")
        self.schreiben_nachweise(**(monate or {"März": MAERZ, "April": APRIL, "Mai": MAI}))

    @classmethod
    def vorhanden(cls, root: Path) -> KI:
        """The KI in `root` as it is (e.g. a copy), without writing anything."""
        ki = cls.__new__(cls)
        ki.root, ki.config_path = root, root / "ki.toml"
        ki.nachweise, ki.ablage = root / "nachweise", root / "abschluesse"
        return ki

    def schreiben_nachweise(self, **monate: list) -> None:
        write_xlsx(self.nachweise / "FK1.xlsx", monate)

    def vorbereiten(self, monat: str) -> tuple[Ablagestand, Bericht, pd.DataFrame, list[str]]:
        """What `abschliessen` files for `monat`: the Ablage read in full, the report, the entries
        of the month and the input files (the logs must be free of errors in it)."""
        config = load_config(self.config_path)
        periode = Periode.parse_monat(monat)
        stand = lies_ablage(self.ablage, dateien_pruefen=True)
        assert stand.fehlerfrei, [f.render() for f in stand.befunde]
        self.ablage.mkdir(exist_ok=True)
        result = load_entries([self.nachweise], config, abgleich=stand.abgleich())
        assert not result.errors, [f.render() for f in result.errors]
        eintraege = pd.concat([result.entries, result.rejected[result.entries.columns]]) \
            if len(result.rejected) else result.entries
        eintraege = eintraege[periode.mask(eintraege["datum"])]
        bericht = berechne_bericht(result.entries, config, periode, result.rejected,
                                   tuple(result.findings), tuple(result.files))
        return stand, bericht, eintraege, result.files

    def schliessen(self, monat: str, schreiben=kurzbericht,
                   zeitpunkt: str = "2025-06-02T09:00:00+02:00") -> Glied:
        """File `monat` as `abschliessen` does."""
        stand, bericht, eintraege, dateien = self.vorbereiten(monat)
        return ablegen.abschluss_ablegen(stand, bericht, eintraege, dateien, self.config_path,
                                         zeitpunkt, schreiben)

    def wiedereroeffnen(self, monat: str, grund: str = "Korrektur") -> Glied:
        stand = lies_ablage(self.ablage)
        return ablegen.wiedereroeffnung_ablegen(stand, monat, grund, "KI Testkreis",
                                                "2025-06-03T09:00:00+02:00")
