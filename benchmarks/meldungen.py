"""Synthetic Meldungen of many KIs and months, for the benchmark of `zusammenfassen` and the tests.

Each KI files one month after the other; its Ablage chain grows by one Abschluss per month
(hashes derived from KI, number and month, so the same call gives the same files). The figures
are quarter hours that add up as a real Meldung's do: the rows of every `nach_…` table of a
period sum to the period's hours (Schwerpunkte to the Schwerpunkt hours), the year to date is
the sum of the months, a few cells are withheld as the disclosure control would.

    python benchmarks/meldungen.py ORDNER [--kis 54] [--jahre 5] [--start 2021]

writes ORDNER/JJJJ-MM/Meldung_<Kennung>_JJJJ-MM.zip (54 × 60 = 3.240 Meldungen by default).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kibericht.land.format import HANDLUNGSFELDER, OHNE, Kettenkopf, Meldungsinhalt  # noqa: E402
from kibericht.land.schreiben import meldung_bytes  # noqa: E402
from kibericht.zahlen import halb_auf, raten  # noqa: E402

TAETIGKEITEN = (
    "Beratung",
    "Veranstaltung",
    "Fortbildung",
    "Netzwerktreffen",
    "Gremienarbeit",
    "Konzeptentwicklung",
    "Projektarbeit",
    "Öffentlichkeitsarbeit",
    "Verwaltung",
    "Sonstiges",
)
SCHWERPUNKTE = (
    ("SP1", "Bildungsteilhabe neu zugewanderter Kinder", "Bildung", "I"),
    ("SP2", "Ehrenamt und Vereine für die Arbeitsmarktintegration", "Querschnitt", "II"),
    ("SP3", "Frauen mit internationaler Familiengeschichte in Arbeit", "Querschnitt", "I"),
    ("SP4", "Kommunales Integrationsmanagement: Fallmanagement", "KIM", "III"),
)
SPERRE = "geheim zu halten (weniger als 3 Stellen)"


def kennung(i: int) -> str:
    return f"KREIS-{i:02d}"


def glied_sha(kennung: str, nr: int, monat: str, vorgaenger: str | None) -> str:
    return hashlib.sha256(f"{kennung}|{nr}|{monat}|{vorgaenger}".encode()).hexdigest()


def _teile(gesamt: int, n: int, rng: random.Random) -> list[int]:
    """`gesamt` quarter hours split into `n` parts (each a multiple of 25 hundredths)."""
    viertel = gesamt // 25
    schnitte = sorted(rng.randint(0, viertel) for _ in range(n - 1))
    teile = [b - a for a, b in zip([0, *schnitte], [*schnitte, viertel], strict=True)]
    return [t * 25 for t in teile]


def _h(hundertstel: int) -> Decimal:
    return Decimal(hundertstel) / 100


class KI:
    """One synthetic KI: its identity, its random figures and its chain, month after month."""

    def __init__(self, i: int, seed: int = 0):
        self.kennung = kennung(i)
        self.name = f"Kommunales Integrationszentrum Kreis {i:02d}"
        self.rng = random.Random(seed * 1000 + i)
        self.kommunen = [f"Gemeinde {i:02d}-{k}" for k in range(1, 6)] + ["kreisweit", OHNE]
        self.kette: list[tuple] = []
        self.jahr_summe: dict = {}
        self.anspruch = 165000 + (7000 if i % 9 == 0 else 0)  # every 9th KI over its cap

    def monat(self, monat: str, spaet: bool = False) -> Meldungsinhalt:
        rng = self.rng
        jahr, m = int(monat[:4]), int(monat[5:])
        if m == 1:
            self.jahr_summe = {}
        sp_stunden = {sp[0]: rng.randint(20, 120) * 100 for sp in SCHWERPUNKTE}
        ohne = rng.randint(100, 420) * 100 if self.rng.random() < 0.9 else rng.randint(500, 900) * 100
        gesamt = sum(sp_stunden.values()) + ohne
        ohne_hf = dict(zip(HANDLUNGSFELDER, _teile(ohne, 4, rng), strict=True))
        tabellen_monat = {
            "nach_schwerpunkt": dict(sp_stunden),
            "nach_handlungsfeld": {
                hf: ohne_hf[hf] + sum(sp_stunden[s[0]] for s in SCHWERPUNKTE if s[2] == hf)
                for hf in HANDLUNGSFELDER
            },
            "nach_zieldimension": {
                **{
                    zd: sum(sp_stunden[s[0]] for s in SCHWERPUNKTE if s[3] == zd) for zd in ("I", "II", "III")
                },
                OHNE: ohne,
            },
            "nach_taetigkeit": dict(zip(TAETIGKEITEN, _teile(gesamt, len(TAETIGKEITEN), rng), strict=True)),
            "nach_kommune": dict(zip(self.kommunen, _teile(gesamt, len(self.kommunen), rng), strict=True)),
        }
        teilnahmen = {
            name: {k: (v // 100) * rng.randint(0, 3) for k, v in werte.items()}
            for name, werte in tabellen_monat.items()
        }
        tabellen = {}
        for name, werte in tabellen_monat.items():
            zeilen = []
            for zeitraum in ("monat", "bis_monat"):
                for key, h in werte.items():
                    t = teilnahmen[name][key]
                    if zeitraum == "bis_monat":
                        summe = self.jahr_summe.setdefault((name, key), [0, 0])
                        summe[0] += h
                        summe[1] += t
                        h, t = summe
                    gesperrt = zeitraum == "monat" and rng.random() < 0.04
                    zeilen.append(
                        (
                            zeitraum,
                            key,
                            None if gesperrt else _h(h),
                            SPERRE if gesperrt else None,
                            None if gesperrt else t,
                            SPERRE if gesperrt else None,
                        )
                    )
            tabellen[name] = zeilen
        sp = sum(sp_stunden.values())
        bis = self.jahr_summe.setdefault("gesamt", [0, 0])
        bis[0] += gesamt
        bis[1] += sp
        tn = sum(teilnahmen["nach_handlungsfeld"].values())
        tn_bis = sum(self.jahr_summe[("nach_handlungsfeld", hf)][1] for hf in HANDLUNGSFELDER)
        tabellen["kennzahlen"] = [
            (
                z,
                _h(h),
                None,
                _h(s),
                None,
                halb_auf(Fraction(s, h), 4),
                None,
                Decimal("0.5000"),
                2 * s >= h,
                t,
                None,
            )
            for z, h, s, t in (("monat", gesamt, sp, tn), ("bis_monat", bis[0], bis[1], tn_bis))
        ]
        tabellen["schwerpunkte"] = [
            (s[0], s[1], s[2], s[3], 2021 + 2 * ((jahr - 2021) // 2), 2022 + 2 * ((jahr - 2021) // 2))
            for s in SCHWERPUNKTE
        ]
        tabellen["meilensteine"] = [
            (
                "SP1",
                1,
                jahr,
                "Netzwerktreffen für Lehrkräfte (4–6)",
                "Netzwerktreffen",
                4,
                6,
                min(m // 2, 7),
                None,
                f"{monat}-28",
                "auf Kurs" if m // 2 < 4 else "erreicht",
            ),
            (
                "SP4",
                1,
                jahr,
                "Steuerungsgruppe ist eingerichtet",
                None,
                None,
                None,
                None,
                None,
                f"{monat}-28",
                "manuell prüfen",
            ),
        ]
        tabellen["besetzung"] = [
            ("monatsmittel", Decimal("6.5000"), Decimal("6.0000"), Decimal("0.5000")),
            ("monatsende", Decimal("6.5000"), Decimal("6.0000"), Decimal("0.5000")),
        ]
        monate = raten([Fraction(self.anspruch, 12)] * 12)
        tabellen["foerderung"] = [
            (
                "KI",
                halb_auf(monate[m - 1], 2),
                halb_auf(sum(monate[:m]), 2),
                Decimal(self.anspruch),
                Decimal(170000),
                Decimal(min(self.anspruch, 170000)),
                self.anspruch > 170000,
            )
        ]
        vorgaenger = self.kette[-1][3] if self.kette else None
        nr = len(self.kette) + 1
        sha = glied_sha(self.kennung, nr, monat, vorgaenger)
        self.kette.append((nr, "abschluss", monat, sha, vorgaenger))
        tabellen["kette"] = list(self.kette)
        folgemonat = f"{jahr + (m == 12)}-{m % 12 + 1:02d}"
        zeit = f"{folgemonat}-{22 if spaet else 5:02d}T10:00:00+01:00"
        return Meldungsinhalt(
            self.kennung, self.name, monat, "0.1.0", zeit, Kettenkopf(nr, 1, sha, vorgaenger), tabellen
        )


def monate(start: int, jahre: int) -> list[str]:
    return [f"{j}-{m:02d}" for j in range(start, start + jahre) for m in range(1, 13)]


def erzeuge(ordner: Path, kis: int = 54, jahre: int = 5, start: int = 2021) -> int:
    """Write the Meldungen of `kis` KIs for `jahre` years into `ordner`/JJJJ-MM/; returns their number."""
    n = 0
    alle = [KI(i) for i in range(1, kis + 1)]
    for monat in monate(start, jahre):
        ziel = Path(ordner) / monat
        ziel.mkdir(parents=True, exist_ok=True)
        for ki in alle:
            inhalt = ki.monat(monat, spaet=(ki.rng.random() < 0.02))
            (ziel / inhalt.dateiname).write_bytes(meldung_bytes(inhalt))
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description="Erzeugt synthetische Meldungen vieler KI.")
    parser.add_argument("ordner", type=Path)
    parser.add_argument("--kis", type=int, default=54)
    parser.add_argument("--jahre", type=int, default=5)
    parser.add_argument("--start", type=int, default=2021)
    args = parser.parse_args()
    n = erzeuge(args.ordner, args.kis, args.jahre, args.start)
    print(f"{n} Meldungen in {args.ordner}")


if __name__ == "__main__":
    main()
