"""The catalogue of public tables: every figure a public report or the Meldung may show.

One place says which tables exist, over which Merkmale (dimensions) and with which measures.
Each table is published for two kinds of Zeitraum: a month (`monat 3` = März) and the year to
date (`bis 3` = Januar bis März); the Jahresbericht over January to L shows `bis L`, the months
1..L and nothing else, so every public figure of a year is one cell of this catalogue. The cross
tables of Tätigkeiten (× Handlungsfeld or Schwerpunkt, and the Termine) are year to date only:
per month, in a KI of a few Stellen, nearly every one of their cells falls under the primary
rule, and the figures around them would have to go with them.

A table over Merkmale (a, b) has every combination of their Ausprägungen and every margin:
the key ("SP1", SUMME) is the row total of SP1, (SUMME, SUMME) the table's total; a table with
`raender=False` has the combinations only.

    >>> [t.name for t in KATALOG][:3]
    ['gesamt', 'schwerpunktbindung', 'schwerpunkt']

Measures: `stunden` (hours), `eintraege` (number of entries), `teilnahmen` (the participants,
each Termin once: `regeln.termine`, as the internal report counts them) and `termine` (the number
of Termine, for the milestones that count Termine). Shares are no cells of their own: a share is
published only where its numerator and its denominator are (see `ergebnis.anteil`), so it adds
nothing an attacker could use.

The figures of the public report map to the catalogue as follows:
- Kennzahlen (month, Vormonat, Januar bis Berichtsmonat; Vorjahresmonat and Vorjahr from the
  previous year's own disclosure control): `gesamt` and `schwerpunktbindung` („davon mit
  Themenschwerpunkt“ = key MIT_SCHWERPUNKT), month and year to date;
- Monate (and the chart of the Schwerpunktanteil): `gesamt`, `schwerpunktbindung` per month;
- Schwerpunkte, Handlungsfelder (also the PDF's table nested by Handlungsfeld), Zieldimensionen,
  Tätigkeiten, Kommunen (and their charts): the one-way tables of the same name;
- Anzahl nach Handlungsfeld / Themenschwerpunkt: `taetigkeit_handlungsfeld`,
  `taetigkeit_schwerpunkt` (entries, year to date: the monthly report shows them for January to
  its month); a milestone's Ist is a cell of `termine` (or, counting entries, of
  `taetigkeit_schwerpunkt`);
- Stellengruppen: `stellengruppe` (entries, hours), `stellengruppe_bindung` (hours with
  Schwerpunkt), month and year to date; hours per Schwerpunkt and Stellengruppe are not public
  (with groups of three Stellen nearly every cell would be „.“);
- Stunden je Schwerpunkt und Monat (Jahresbericht): `schwerpunkt`, `monat 1` … `monat L`.
The Meldung (hours and Teilnahmen by Handlungsfeld, Schwerpunkt, Zieldimension, Tätigkeit and
Kommune, month and year to date) takes the one-way tables.
"""

from __future__ import annotations

from dataclasses import dataclass

SUMME = "Summe"
MIT_SCHWERPUNKT = "mit Schwerpunkt"

STUNDEN = "stunden"
EINTRAEGE = "eintraege"
TEILNAHMEN = "teilnahmen"
TERMINE = "termine"
MESSGROESSEN = {STUNDEN: "Stunden", EINTRAEGE: "Einträge", TEILNAHMEN: "Teilnehmende", TERMINE: "Termine"}
ALLE = (STUNDEN, EINTRAEGE, TEILNAHMEN)

MONAT = "monat"
BIS = "bis"


@dataclass(frozen=True, order=True)
class Zeitraum:
    """A month (`art="monat"`) or January to that month (`art="bis"`) of the report's year."""

    monat: int
    art: str = MONAT

    @property
    def monate(self) -> tuple[int, ...]:
        return (self.monat,) if self.art == MONAT else tuple(range(1, self.monat + 1))

    def label(self, jahr: int) -> str:
        """„2025-03“, „2025-01 bis 2025-03“ (as the comparisons of a report name them)."""
        if self.art == MONAT or self.monat == 1:
            return f"{jahr}-{self.monat:02d}"
        return f"{jahr}-01 bis {jahr}-{self.monat:02d}"


def monat(m: int) -> Zeitraum:
    return Zeitraum(m, MONAT)


def bis(m: int) -> Zeitraum:
    return Zeitraum(m, BIS)


@dataclass(frozen=True)
class Tabelle:
    """A public table: its Merkmale and the measures it shows."""

    name: str
    titel: str
    merkmale: tuple[str, ...]
    messgroessen: tuple[str, ...]
    zeitraeume: tuple[str, ...] = (MONAT, BIS)  # BIS only: never for a single month
    raender: bool = True  # False: the inner cells only, no row or column totals


KATALOG: tuple[Tabelle, ...] = (
    Tabelle("gesamt", "Kennzahlen", (), ALLE),
    Tabelle("schwerpunktbindung", "davon mit Themenschwerpunkt", ("bindung",), ALLE),
    Tabelle("schwerpunkt", "nach Themenschwerpunkt", ("schwerpunkt",), ALLE),
    Tabelle("handlungsfeld", "nach Handlungsfeld", ("handlungsfeld",), ALLE),
    Tabelle("zieldimension", "nach Zieldimension", ("zieldimension",), ALLE),
    Tabelle("taetigkeit", "nach Tätigkeit", ("taetigkeit",), ALLE),
    Tabelle("kommune", "nach Kommune", ("kommune",), ALLE),
    Tabelle("taetigkeit_handlungsfeld", "Tätigkeiten nach Handlungsfeld",
            ("taetigkeit", "handlungsfeld"), (EINTRAEGE,), (BIS,)),
    Tabelle("taetigkeit_schwerpunkt", "Tätigkeiten nach Themenschwerpunkt",
            ("taetigkeit", "schwerpunkt"), (EINTRAEGE,), (BIS,)),
    Tabelle("stellengruppe", "nach Stellengruppe", ("stellengruppe",), (STUNDEN, EINTRAEGE)),
    Tabelle("stellengruppe_bindung", "Stunden mit Schwerpunkt nach Stellengruppe",
            ("stellengruppe", "bindung"), (STUNDEN,)),
    Tabelle("termine", "Termine nach Tätigkeit und Themenschwerpunkt", ("taetigkeit", "schwerpunkt"),
            (TERMINE,), (BIS,), raender=False),
)
TABELLEN = {t.name: t for t in KATALOG}

# The finest classifications the tables are margins of (see `modell`): every table is a margin
# of one block; the blocks agree on their common Merkmale.
BLOECKE: dict[str, tuple[str, ...]] = {
    "inhalt": ("taetigkeit", "schwerpunkt", "handlungsfeld"),
    "kommune": ("kommune",),
    "gruppe": ("stellengruppe", "schwerpunkt"),
}
# Merkmale that are functions of the Schwerpunkt
AUS_SCHWERPUNKT = ("zieldimension", "bindung")


def block_der_tabelle(tabelle: Tabelle) -> str:
    """The block a table is a margin of: the first whose Merkmale (and what follows from
    them) cover the table's."""
    for name, merkmale in BLOECKE.items():
        abgeleitet = set(merkmale) | (set(AUS_SCHWERPUNKT) if "schwerpunkt" in merkmale else set())
        if set(tabelle.merkmale) <= abgeleitet:
            return name
    raise ValueError(f"table {tabelle.name} is no margin of a block")
