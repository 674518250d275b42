"""The sections about the Stellen: hours per Stelle (internal version) or per group of Stellen
(public version), and the staffing of the Stellenplan, built from the report value for
`abschnitte`.

These are the sections where the two versions differ most: the internal one names each Stelle,
the public one shows only groups of at least three Stellen (`regeln.gruppen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.texte import SUMME
from kibericht.konfig import Stelle
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.besetzungsstand import Besetzungsstand
from kibericht.regeln.tabellen import mit_summenzeile
from kibericht.zahlen import exakt

ANTEIL = "Anteil an allen Stunden"  # the column heading of a share of all hours


@dataclass(frozen=True)
class Personaltabellen:
    """The staffing at the Stichtag and month by month; per group (public) or per Stelle."""

    besetzung: Besetzungsstand
    satz: str  # „Am 31.03.2025: alle 5,5 VZÄ besetzt (6 Stellen).“
    je_monat: pd.DataFrame
    je_gruppe: pd.DataFrame | None  # public only
    je_stelle: pd.DataFrame | None  # internal only


@dataclass(frozen=True)
class Stellentabellen:
    """Hours per Stelle with the Summe row, and the Soll/Ist tables."""

    stunden: pd.DataFrame
    soll_ist: tuple[tuple[str, pd.DataFrame], ...]  # (title, table)


@dataclass(frozen=True)
class Gruppentabellen:
    """Hours per group of Stellen with the Summe row, and which Arten each group holds."""

    stunden: pd.DataFrame
    arten: tuple[str, ...]  # „alle Stellen: Assistenz, Fachkraft, …“ per group


def personal(b: Bericht, oeffentlich: bool) -> Personaltabellen:
    """The staffing section; the public version per group of Stellen, never per Stelle."""
    besetzung = b.besetzungsstand
    je_monat = pd.DataFrame([{
        "Monat": m.titel, "VZÄ im Stellenplan": float(m.stellenplan), "VZÄ besetzt": float(m.besetzt),
        "VZÄ unbesetzt": float(m.unbesetzt), "VZÄ unbesetzt am Monatsende": float(m.unbesetzt_monatsende),
        "Besetzung": m.text} for m in besetzung.monate])
    je_gruppe = je_stelle = None
    if oeffentlich:
        je_gruppe = pd.DataFrame([{
            "Stellengruppe": g.name, "Stellen": g.stellen, "VZÄ im Stellenplan": float(g.stellenplan),
            "VZÄ besetzt": float(g.besetzt_stichtag), "VZÄ unbesetzt": float(g.unbesetzt_stichtag),
            "Besetzung": g.text} for g in b.gruppen.besetzungsstand])
    else:
        je_stelle = pd.DataFrame([{
            "Stelle": st.id, "Bezeichnung": st.bezeichnung, "Art": st.art, "Förderung": st.foerderung,
            "VZÄ im Stellenplan": st.umfang, "VZÄ besetzt": st.besetzt_am(besetzung.stichtag)}
            for st in b.config.stellen])
    return Personaltabellen(besetzung, texte.besetzung_satz(besetzung), je_monat, je_gruppe, je_stelle)


def stellen(b: Bericht) -> Stellentabellen:
    """The hours per Stelle (internal version only)."""
    s = b.summary
    rows = []
    for stelle in b.config.stellen:
        r = s.nach_stelle.loc[stelle.id]
        rows.append({
            "Stelle": stelle.id, "Bezeichnung": stelle.bezeichnung, "Art": stelle.art,
            "Förderung": stelle.foerderung, "Einträge": int(r["eintraege"]), "Stunden": r["stunden"],
            "Stunden mit Schwerpunkt": r["schwerpunkte"], "Schwerpunktanteil": r["schwerpunktanteil"],
            ANTEIL: r["anteil"],
        })
    total = mit_summenzeile(pd.DataFrame(rows), "Stelle", SUMME)
    total.loc[total.index[-1], "Schwerpunktanteil"] = s.anteil
    total.loc[total.index[-1], ANTEIL] = s.anteil_gesamt
    blocks = [(texte.soll_ist(b.titel), b.soll_ist.summen_frame())]
    if not b.monatlich:
        je_monat = b.soll_ist.frame()
        je_monat["Monat"] = [texte.monat_titel(m) for m in je_monat["Monat"]]
        blocks.append((texte.SOLL_IST_JE_MONAT, je_monat))
    return Stellentabellen(total, tuple(blocks))


def unbesetzte_stellen(b: Bericht) -> tuple[tuple[Stelle, Fraction], ...]:
    """The Stellen vacant at the report's Stichtag, each with its vacant VZÄ (internal version)."""
    stichtag = b.besetzungsstand.stichtag
    frei = ((st, exakt(st.umfang) - exakt(st.besetzt_am(stichtag))) for st in b.config.stellen)
    return tuple((st, vza) for st, vza in frei if vza > 0)


def gruppen(b: Bericht) -> Gruppentabellen:
    """The hours per group of Stellen (public version only)."""
    g = b.gruppen
    frame = g.nach_gruppe
    table = pd.DataFrame({
        "Stellengruppe": list(frame.index), "Stellen": frame["stellen"].tolist(),
        "VZÄ im Stellenplan": frame["vza"].tolist(), "Einträge": frame["eintraege"].tolist(),
        "Stunden": frame["stunden"].tolist(), "Stunden mit Schwerpunkt": frame["schwerpunkte"].tolist(),
        "Schwerpunktanteil": frame["schwerpunktanteil"].tolist()})
    table = mit_summenzeile(table, "Stellengruppe", SUMME)
    table.loc[table.index[-1], "Schwerpunktanteil"] = b.summary.anteil
    arten = tuple(f"{gruppe.name}: {', '.join(sorted({st.art for st in gruppe.stellen}))}"
                  for gruppe in g.gruppen)
    return Gruppentabellen(table, arten)
