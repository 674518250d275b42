"""The report's sections as values: what the workbook's sheets and the PDF show, built once from
the report value (`regeln.bericht.Bericht`) for the internal or the public version.

Each section holds its tables as display frames (columns named as shown, the Summe row
included) and the words around them; the workbook writes the frames as they are, the PDF sets
the same rows in its narrower layout (the accessors below give them row by row). So both show
the same figures, and one place decides which: here (and, for the sections about the Stellen,
`abschnitte_stellen`). That includes the public version: where it differs (groups of Stellen
instead of Stellen, no staff list, no check summary), the section is built differently here, and
the sheets and the PDF render what they get — the place for any further rule about what may be
published.

Nothing is computed here: figures come from `regeln` (the sums of the tables from
`regeln.tabellen`), wording from `texte`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kibericht.ausgabe import texte
from kibericht.ausgabe.abschnitte_oeffentlich import Zahlen, geheim, zeigen
from kibericht.ausgabe.abschnitte_stellen import (
    ANTEIL,
    Gruppentabellen,
    Personaltabellen,
    Stellentabellen,
    gruppen,
    personal,
    stellen,
    unbesetzte_stellen,
)
from kibericht.ausgabe.texte import SUMME, Status
from kibericht.periode import MONATSKURZ
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.geheimhaltung import FUSSNOTE, MIT_SCHWERPUNKT, ZEICHEN, anteil, bis
from kibericht.regeln.meilensteine import MeilensteinStand, meilensteine_frame
from kibericht.regeln.nicht_gezaehlt import nicht_gezaehlt
from kibericht.regeln.quote import Monatsquote
from kibericht.regeln.tabellen import anzahl_tabelle, mit_summen, mit_summenzeile
from kibericht.schema import load_schema
from kibericht.zahlen import cent

EINTRAEGE, TEILNEHMENDE, STUNDEN = "Einträge", "Teilnehmende", "Stunden"  # column headings


@dataclass(frozen=True)
class Zeile:
    """A row of a table by category, as the PDF sets it."""

    name: str
    eintraege: int | str  # public version: ZEICHEN („.“) for a figure kept secret
    teilnehmende: float | str
    stunden: float | str
    anteil: float | str | None


def _zeilen(tabelle: pd.DataFrame, spalte: str) -> list[Zeile]:
    """The rows of a category table (`kategorien`), its Summe row left out."""
    return [Zeile(r[spalte], r[EINTRAEGE], r[TEILNEHMENDE], r[STUNDEN], r[ANTEIL])
            for r in tabelle.iloc[:-1].to_dict("records")]


def kategorien(frame: pd.DataFrame, spalte: str, z: Zahlen | None = None,
               tabelle: str | None = None) -> pd.DataFrame:
    """Entries, Teilnehmende, hours and share per category (an aggregation of `regeln`), with
    the Summe row; the public version (`z`) with the figures of the catalogue's `tabelle`."""
    if z is not None:
        werte = z.kategorien(frame, tabelle)
        summe = z.gesamt()
        table = pd.DataFrame({spalte: [*map(str, frame.index), SUMME],
                              EINTRAEGE: [*werte["eintraege"], summe["eintraege"]],
                              TEILNEHMENDE: [*werte["teilnehmende"], summe["teilnehmende"]],
                              STUNDEN: [*werte["stunden"], summe["stunden"]],
                              ANTEIL: [*werte["anteil"], summe["anteil"]]})
        return table.astype(object)
    table = pd.DataFrame({
        spalte: list(frame.index),
        EINTRAEGE: frame["eintraege"].astype(int).tolist(),
        TEILNEHMENDE: frame["teilnehmende"].tolist(),
        STUNDEN: frame["stunden"].tolist(),
        ANTEIL: frame["anteil"].tolist() if frame["anteil"].notna().any() else [None] * len(frame),
    })
    return mit_summenzeile(table, spalte, SUMME)


@dataclass(frozen=True)
class Titelblock:
    titel: str  # "Monatsbericht März 2025"
    ki: str
    fassung: str | None  # "Öffentliche Fassung", None for the internal report
    untertitel: str
    zeitraum: str  # "Zeitraum 01.03.2025 – 31.03.2025 · Stand 31.03.2025"
    stand: str  # "Stand 31.03.2025"
    zeitraum_titel: str  # "März 2025"


@dataclass(frozen=True)
class Gesamt:
    """The period's totals: the Summe row of the PDF's tables."""

    eintraege: int | str  # public version: ZEICHEN where kept secret
    teilnehmende: int | str
    stunden: float | str
    anteil: float | None  # 1 (100 %), None without hours


@dataclass(frozen=True)
class Vergleichstabelle:
    """The key figures of the period beside its comparisons, and the quota."""

    ueberschriften: tuple[str, ...]
    zeilen: tuple[tuple[str, str, tuple], ...]  # label, kind of number, one value per column
    mindestanteil: float
    quote: Status
    quote_bis_jetzt: Status | None  # a monthly report: since January
    fehlende_zeilen: int  # faulty rows of other months left out of the comparisons


@dataclass(frozen=True)
class Foerdertabellen:
    jahr: int
    regel: str
    programme: tuple[dict, ...]  # per programme: its amounts and „Status“ (read only)
    status: tuple[Status, ...]  # per programme
    gegen_hoechstbetrag: pd.DataFrame  # the programmes with förderfähig and Überschreitung
    kumuliert: pd.DataFrame
    je_stelle: pd.DataFrame | None  # internal only
    je_stelle_und_monat: pd.DataFrame | None  # internal only


@dataclass(frozen=True)
class Schwerpunkttabellen:
    schwerpunkte: pd.DataFrame  # per Schwerpunkt with title, Handlungsfeld, Zieldimension
    matrix_titel: str
    matrix: pd.DataFrame | None  # hours Schwerpunkt × Stelle (internal only)
    handlungsfelder: pd.DataFrame
    zieldimensionen: pd.DataFrame
    gesamt: Gesamt

    def je_handlungsfeld(self) -> list[tuple[Zeile, list[Zeile]]]:
        """Each Handlungsfeld of the schema with its Schwerpunkte („SP1 – Titel“)."""
        felder = load_schema().handlungsfelder
        sp = self.schwerpunkte.iloc[:-1].to_dict("records")
        return [(feld, [Zeile(f"{r['Schwerpunkt']} – {r['Titel']}", r[EINTRAEGE], r[TEILNEHMENDE],
                              r[STUNDEN], r[ANTEIL]) for r in sp if r["Handlungsfeld"] == feld.name])
                for feld in _zeilen(self.handlungsfelder, "Handlungsfeld") if feld.name in felder]

    def ohne(self) -> Zeile:
        """The work without a Schwerpunkt."""
        return next(z for z in _zeilen(self.schwerpunkte, "Schwerpunkt") if z.name == OHNE_SCHWERPUNKT)


@dataclass(frozen=True)
class Taetigkeitstabellen:
    taetigkeiten: pd.DataFrame  # every Tätigkeit of the configuration
    # counts Tätigkeit × Handlungsfeld and × Schwerpunkt, with Summe column; the public version
    # shows them for January to the last month of a year only (None in a monthly report)
    nach_handlungsfeld: pd.DataFrame | None
    nach_schwerpunkt: pd.DataFrame | None
    legende: tuple[tuple[str, str], ...]  # (id, title) of the Schwerpunkte among those columns
    handlungsfelder: pd.DataFrame
    gesamt: Gesamt

    def mit_eintraegen(self) -> list[Zeile]:
        return [z for z in _zeilen(self.taetigkeiten, "Tätigkeit") if _gezaehlt(z.eintraege)]

    def summen(self, tabelle: pd.DataFrame) -> dict[str, int]:
        """The Summe row of a count table, by column."""
        return {k: v for k, v in tabelle.iloc[-1].items() if k != "Tätigkeit"}

    def anzahlen(self, tabelle: pd.DataFrame) -> dict[str, dict[str, int]]:
        """The counts of a count table: Tätigkeit → column → count (Summe row left out)."""
        return {r["Tätigkeit"]: r for r in tabelle.iloc[:-1].to_dict("records")}

    def felder_mit_eintraegen(self) -> list[str]:
        summen = self.summen(self.nach_handlungsfeld)
        return [f for f in load_schema().handlungsfelder if _gezaehlt(summen[f])]

    def schwerpunkte_mit_eintraegen(self) -> list[str]:
        summen = self.summen(self.nach_schwerpunkt)
        return [c for c in self.nach_schwerpunkt.columns[1:-1] if _gezaehlt(summen[c])]


def _gezaehlt(wert) -> bool:
    """A count above 0; a count kept secret is never 0 (an empty figure is no secret)."""
    return geheim(wert) or wert > 0


@dataclass(frozen=True)
class Meilensteintabelle:
    jahr: int
    stichtag: dt.date
    staende: tuple[MeilensteinStand, ...]
    tabelle: pd.DataFrame
    bilanz: Status | None  # None without milestones
    ist: tuple = ()  # public version: per milestone (Ist or ZEICHEN, status or ZEICHEN)

    def ist_und_status(self, i: int) -> tuple:
        """The Ist (None: not countable) and status of the i-th milestone as shown."""
        if self.ist:
            return self.ist[i]
        s = self.staende[i]
        return s.ist, s.status


@dataclass(frozen=True)
class Monatstabellen:
    titel: str
    tabelle: pd.DataFrame  # the months of `Bericht.quote_monate`
    matrix: pd.DataFrame | None  # an annual report: hours Schwerpunkt × month
    im_bericht: tuple[tuple[Monatsquote, int], ...]  # the report's own months, with their entries
    # public version: the report's own months as the PDF shows them (month, entries, hours,
    # hours with Schwerpunkt, share, status), ZEICHEN where kept secret
    oeffentlich: tuple[tuple, ...] = ()


@dataclass(frozen=True)
class Pruefstand:
    befunde: str  # „0 Fehler, 4 Warnungen, 0 Hinweise“
    dateien: int
    nicht_gezaehlt: int  # rows of the period with errors, left out
    kopien: tuple[tuple[str, int], ...] = ()  # copies of workbooks left out: (file, its rows)


def _pruefstand(b: Bericht) -> Pruefstand:
    """The check's summary; rows of a copied workbook count as a copy, not as rows with errors."""
    ng = nicht_gezaehlt(b.nicht_gezaehlt, b.findings)
    return Pruefstand(texte.befund_zahlen(b), len(b.dateien), ng.zeilen_mit_fehlern, ng.kopien)


@dataclass(frozen=True)
class Abschnitte:
    """The sections of one report, internal or public."""

    oeffentlich: bool
    monatlich: bool
    titel: Titelblock
    kurzfassung: tuple[str, ...]
    datenschutz: str | None  # the note of the public version
    kennzahlen: Vergleichstabelle
    foerderung: Foerdertabellen
    schwerpunkte: Schwerpunkttabellen
    taetigkeiten: Taetigkeitstabellen
    meilensteine: Meilensteintabelle
    personal: Personaltabellen
    monate: Monatstabellen
    kommunen: pd.DataFrame
    stellen: Stellentabellen | None  # internal only
    stellengruppen: Gruppentabellen | None  # public only
    pruefung: Pruefstand | None  # internal only
    fussnote: str | None = None  # public only: „. = Zahlenwert geheim zu halten“
    verfahren: str | None = None  # public only: the rule and the protection, in one sentence
    pruefcode: str | None = None  # a filed monthly report: its closing's Prüfcode (signature block)


def abschnitte(b: Bericht, oeffentlich: bool = False) -> Abschnitte:
    """The sections of `b`, for the public version where `oeffentlich` (every figure from the
    logs looked up in its disclosure control, `abschnitte_oeffentlich`)."""
    if oeffentlich:
        return _oeffentlich(b, Zahlen.aus(b))
    s = b.summary
    gesamt = Gesamt(s.eintraege, s.teilnehmende, s.stunden, s.anteil_gesamt)
    handlungsfelder = kategorien(s.nach_handlungsfeld, "Handlungsfeld")
    return Abschnitte(
        oeffentlich=oeffentlich,
        monatlich=b.monatlich,
        titel=Titelblock(texte.titel(b), b.config.name, texte.OEFFENTLICH if oeffentlich else None,
                         texte.untertitel(oeffentlich), texte.zeitraum(b), texte.stand(b), b.titel),
        kurzfassung=tuple(texte.kurzfassung(b, oeffentlich, unbesetzte_stellen(b))),
        datenschutz=texte.DATENSCHUTZ if oeffentlich else None,
        kennzahlen=_kennzahlen(b),
        foerderung=_foerderung(b, oeffentlich),
        schwerpunkte=_schwerpunkte(b, oeffentlich, handlungsfelder, gesamt),
        taetigkeiten=_taetigkeiten(b, handlungsfelder, gesamt),
        meilensteine=Meilensteintabelle(b.periode.jahr, b.stichtag, b.meilensteine,
                                        meilensteine_frame(b.meilensteine).drop(columns=["Titel"]),
                                        texte.meilenstein_status(b)),
        personal=personal(b, oeffentlich),
        monate=_monate(b),
        kommunen=kategorien(s.nach_kommune, "Kommune"),
        stellen=None if oeffentlich else stellen(b),
        stellengruppen=gruppen(b) if oeffentlich else None,
        pruefung=None if oeffentlich else _pruefstand(b),
    )


def _kennzahlen(b: Bericht) -> Vergleichstabelle:
    spalten = b.vergleich.spalten()
    zeilen = tuple((label, art, tuple(texte.wert(k, feld) for _, k in spalten))
                   for label, feld, art in texte.KENNZAHLEN)
    s = b.summary
    return Vergleichstabelle(tuple(texte.vergleich_ueberschriften(b)), zeilen, s.mindestanteil,
                             texte.quote_status(s.erfuellt),
                             texte.quote_status(s.quote_bis_jetzt.erfuellt) if b.monatlich else None,
                             b.nicht_gezaehlt_vergleich)


def _foerder_zeilen(b: Bericht) -> list[dict]:
    """One row per programme: the month and January to it (monthly report), the year's
    entitlement, the cap and the status."""
    rows = []
    monat = b.periode.start.month if b.monatlich else None
    for p in b.foerderung.programme:
        row = {"Programm": p.name}
        if monat is not None:
            row["im Monat"] = cent(p.im_monat(monat))
            row["Januar bis Monat"] = cent(p.bis_monat(monat))
        row["Anspruch im Jahr"] = cent(p.anspruch)
        row["Höchstbetrag"] = None if p.hoechstbetrag is None else cent(p.hoechstbetrag)
        row["Status"] = texte.programm_status(p).text
        rows.append(row)
    return rows


def _foerderung(b: Bericht, oeffentlich: bool) -> Foerdertabellen:
    f = b.foerderung
    rows = _foerder_zeilen(b)
    for r, p in zip(rows, f.programme, strict=True):
        r["förderfähig"] = cent(p.foerderfaehig)
        r["Überschreitung"] = cent(p.ueberschreitung)
        r["Status"] = r.pop("Status")
    je_stelle = je_monat = None
    if not oeffentlich:
        frame = f.stellen_frame()
        gefoerdert = frame[frame["Pauschale/Jahr"].notna()]
        monate = gefoerdert[["Stelle", *MONATSKURZ]].set_index("Stelle").T
        je_stelle = frame[["Stelle", "Bezeichnung", "Programm", "Pauschale/Jahr", "Summe"]].rename(
            columns={"Summe": "Anspruch im Jahr"})
        monate.insert(0, "Monat", _monatsnamen(f.jahr))
        je_monat = mit_summenzeile(monate.reset_index(drop=True), "Monat", SUMME)
    kumuliert = f.kumuliert_frame().reset_index()
    kumuliert["Monat"] = _monatsnamen(f.jahr)
    return Foerdertabellen(f.jahr, f.regel, tuple(_foerder_zeilen(b)),
                           tuple(texte.programm_status(p) for p in f.programme), pd.DataFrame(rows),
                           kumuliert, je_stelle, je_monat)


def _monatsnamen(jahr: int, monate=range(1, 13)) -> list[str]:
    """„Januar 2025“ …: the months of a table, named as every report names a month."""
    return [texte.monat_titel(f"{jahr}-{m:02d}") for m in monate]


def _schwerpunkte(b: Bericht, oeffentlich: bool, handlungsfelder: pd.DataFrame,
                  gesamt: Gesamt) -> Schwerpunkttabellen:
    s = b.summary
    sp_info = {sp.id: sp for sp in b.config.schwerpunkte}
    zd_names = load_schema().zieldimensionen
    rows = []
    for key, r in s.nach_schwerpunkt.iterrows():
        sp = sp_info.get(key)
        rows.append({
            "Schwerpunkt": key,
            "Titel": sp.titel if sp else texte.OHNE_THEMENSCHWERPUNKT,
            "Handlungsfeld": sp.handlungsfeld if sp else "",
            "Zieldimension": f"{sp.zieldimension} – {zd_names.get(sp.zieldimension, '')}" if sp else "",
            EINTRAEGE: int(r["eintraege"]),
            TEILNEHMENDE: r["teilnehmende"],
            STUNDEN: r["stunden"],
            ANTEIL: r["anteil"],
        })
    if oeffentlich:
        titel, source = texte.SCHWERPUNKT_JE_GRUPPE, b.gruppen.schwerpunkt_gruppe
    else:
        titel, source = texte.SCHWERPUNKT_JE_STELLE, s.schwerpunkt_stelle
    zieldimensionen = kategorien(s.nach_zieldimension, "Zieldimension")
    zieldimensionen["Zieldimension"] = [f"{k} – {zd_names[k]}" if k in zd_names else k
                                        for k in zieldimensionen["Zieldimension"]]
    return Schwerpunkttabellen(mit_summenzeile(pd.DataFrame(rows), "Schwerpunkt", SUMME), titel,
                               mit_summen(source, "Schwerpunkt", SUMME), handlungsfelder, zieldimensionen,
                               gesamt)


def _taetigkeiten(b: Bericht, handlungsfelder: pd.DataFrame, gesamt: Gesamt) -> Taetigkeitstabellen:
    s = b.summary
    nach_schwerpunkt = anzahl_tabelle(s.taetigkeit_schwerpunkt, "Tätigkeit", SUMME)
    return Taetigkeitstabellen(
        kategorien(s.nach_taetigkeit, "Tätigkeit"),
        anzahl_tabelle(s.taetigkeit_handlungsfeld, "Tätigkeit", SUMME), nach_schwerpunkt,
        tuple((sp.id, sp.titel) for sp in b.config.schwerpunkte if sp.id in nach_schwerpunkt.columns),
        handlungsfelder, gesamt)


def _monate(b: Bericht) -> Monatstabellen:
    s = b.summary
    months = b.quote_monate
    tabelle = pd.DataFrame({
        "Monat": [texte.monat_titel(m.monat) for m in months],
        "Einträge": [s.eintraege_je_monat.get(m.monat, 0) for m in months],
        "Stunden": [m.werte.stunden for m in months],
        "Stunden mit Schwerpunkt": [m.werte.stunden_schwerpunkte for m in months],
        "Schwerpunktanteil": [m.werte.anteil for m in months],
        texte.MINDESTANTEIL: [texte.mindestanteil_erreicht(m.werte.anteil, m.unterschritten) for m in months],
        "fehlende Stunden": [m.fehlstunden for m in months],
    })
    matrix = None
    if not b.monatlich:
        werte = s.schwerpunkt_monat
        werte = werte[[c for c in werte.columns if int(c[5:]) in b.monate] or list(werte.columns)]
        matrix = mit_summen(werte, "Schwerpunkt", SUMME, [texte.monat_titel(c) for c in werte.columns])
    im_bericht = tuple((m, s.eintraege_je_monat.get(m.monat, 0)) for m in s.quote_bis_jetzt.monate
                       if int(m.monat[5:]) in b.monate)
    return Monatstabellen(texte.MONATE_SEIT_JAHRESBEGINN if b.monatlich else texte.MONATE, tabelle, matrix,
                          im_bericht)




# ------------------------------------------------------------------ the public version

def _oeffentlich(b: Bericht, z: Zahlen) -> Abschnitte:
    """The sections of the public version: the same layout, every figure from the logs as
    the disclosure control publishes it; no table per Stelle, none per Schwerpunkt and group
    of Stellen, the counts by Tätigkeit × Handlungsfeld or Schwerpunkt only in an annual report."""
    s = b.summary
    summe = z.gesamt()
    gesamt = Gesamt(summe["eintraege"], summe["teilnehmende"], summe["stunden"], summe["anteil"])
    handlungsfelder = kategorien(s.nach_handlungsfeld, "Handlungsfeld", z, "handlungsfeld")
    staende = b.meilensteine
    ist = tuple(z.meilenstein(m) for m in staende)
    tabelle = meilensteine_frame(staende).drop(columns=["Titel"]).astype(object)
    tabelle["Ist"] = [i for i, _ in ist]
    tabelle["Status"] = [status for _, status in ist]
    return Abschnitte(
        oeffentlich=True,
        monatlich=b.monatlich,
        titel=Titelblock(texte.titel(b), b.config.name, texte.OEFFENTLICH, texte.untertitel(True),
                         texte.zeitraum(b), texte.stand(b), b.titel),
        kurzfassung=tuple(texte.kurzfassung_oeffentlich(b, _kurzwerte(b, z))),
        datenschutz=texte.DATENSCHUTZ,
        kennzahlen=_kennzahlen_oeffentlich(b, z),
        foerderung=_foerderung(b, True),
        schwerpunkte=_schwerpunkte_oeffentlich(b, z, handlungsfelder, gesamt),
        taetigkeiten=_taetigkeiten_oeffentlich(b, z, handlungsfelder, gesamt),
        meilensteine=Meilensteintabelle(b.periode.jahr, b.stichtag, staende, tabelle,
                                        texte.meilenstein_status_oeffentlich(z.meilensteinbilanz(staende))
                                        if staende else None, ist),
        personal=personal(b, True),
        monate=_monate_oeffentlich(b, z),
        kommunen=kategorien(s.nach_kommune, "Kommune", z, "kommune"),
        stellen=None,
        stellengruppen=_gruppen_oeffentlich(b, z),
        pruefung=None,
        fussnote=FUSSNOTE,
        verfahren=b.geheimhaltung.verfahren_text(),
    )


def _kurzwerte(b: Bericht, z: Zahlen) -> dict:
    """The figures the Kurzfassung quotes, as published."""
    vormonat = z.kennzahlen("vormonat", b.vergleich.vormonat) if b.monatlich else None
    werte = {"eintraege": z.wert("gesamt", "eintraege"), "stunden": z.wert("gesamt", "stunden"),
             "teilnehmende": z.wert("gesamt", "teilnahmen"), "anteil": z.kennzahlen_anteil(),
             "vormonat_stunden": None if vormonat is None else vormonat["stunden"],
             "quote_offen": z.quote_offen(), "bilanz": z.meilensteinbilanz(b.meilensteine)}
    if b.monatlich:
        werte["anteil_bis_jetzt"] = z.kennzahlen_anteil(bis(z.zeitraum.monat))
    return werte


def _kennzahlen_oeffentlich(b: Bericht, z: Zahlen) -> Vergleichstabelle:
    spalten = [z.kennzahlen(name, k) for name, k in b.vergleich.spalten()]
    zeilen = tuple((label, art, tuple(None if k is None else k[feld] for k in spalten))
                   for label, feld, art in texte.KENNZAHLEN)
    s = b.summary
    quote = texte.quote_status(s.erfuellt) if z.quote_offen() else texte.GEHEIM_STATUS
    bis_jetzt = None
    if b.monatlich:
        bis_jetzt = texte.quote_status(s.quote_bis_jetzt.erfuellt) if z.quote_offen(bis(z.zeitraum.monat)) \
            else texte.GEHEIM_STATUS
    return Vergleichstabelle(tuple(texte.vergleich_ueberschriften(b)), zeilen, s.mindestanteil, quote,
                             bis_jetzt, 0)


def _schwerpunkte_oeffentlich(b: Bericht, z: Zahlen, handlungsfelder: pd.DataFrame,
                              gesamt: Gesamt) -> Schwerpunkttabellen:
    s = b.summary
    sp_info = {sp.id: sp for sp in b.config.schwerpunkte}
    zd_names = load_schema().zieldimensionen
    rows = []
    for key in s.nach_schwerpunkt.index:
        sp = sp_info.get(key)
        werte = z.kategorie("schwerpunkt", str(key))
        rows.append({
            "Schwerpunkt": key,
            "Titel": sp.titel if sp else texte.OHNE_THEMENSCHWERPUNKT,
            "Handlungsfeld": sp.handlungsfeld if sp else "",
            "Zieldimension": f"{sp.zieldimension} – {zd_names.get(sp.zieldimension, '')}" if sp else "",
            EINTRAEGE: werte["eintraege"], TEILNEHMENDE: werte["teilnehmende"], STUNDEN: werte["stunden"],
            ANTEIL: werte["anteil"],
        })
    rows.append({"Schwerpunkt": SUMME, "Titel": "", "Handlungsfeld": "", "Zieldimension": "",
                 EINTRAEGE: gesamt.eintraege, TEILNEHMENDE: gesamt.teilnehmende, STUNDEN: gesamt.stunden,
                 ANTEIL: gesamt.anteil})
    zieldimensionen = kategorien(s.nach_zieldimension, "Zieldimension", z, "zieldimension")
    zieldimensionen["Zieldimension"] = [f"{k} – {zd_names[k]}" if k in zd_names else k
                                        for k in zieldimensionen["Zieldimension"]]
    return Schwerpunkttabellen(pd.DataFrame(rows).astype(object), "", None, handlungsfelder,
                               zieldimensionen, gesamt)


def _taetigkeiten_oeffentlich(b: Bericht, z: Zahlen, handlungsfelder: pd.DataFrame,
                              gesamt: Gesamt) -> Taetigkeitstabellen:
    s = b.summary
    taetigkeiten = [str(t) for t in s.taetigkeit_handlungsfeld.index]
    nach_feld = nach_sp = None
    if not b.monatlich:
        nach_feld = z.kreuz("taetigkeit_handlungsfeld", taetigkeiten,
                            [str(c) for c in s.taetigkeit_handlungsfeld.columns], "Tätigkeit")
        nach_sp = z.kreuz("taetigkeit_schwerpunkt", taetigkeiten,
                          [str(c) for c in s.taetigkeit_schwerpunkt.columns], "Tätigkeit")
    legende = tuple((sp.id, sp.titel) for sp in b.config.schwerpunkte
                    if nach_sp is not None and sp.id in nach_sp.columns)
    return Taetigkeitstabellen(kategorien(s.nach_taetigkeit, "Tätigkeit", z, "taetigkeit"), nach_feld,
                               nach_sp,
                               legende, handlungsfelder, gesamt)


def _monate_oeffentlich(b: Bericht, z: Zahlen) -> Monatstabellen:
    months = b.quote_monate
    zeilen = []
    for m in months:
        nr = int(m.monat[5:])
        if nr > z.g.letzter:  # a month after the last with entries: nothing to keep secret
            w = {"eintraege": 0, "stunden": 0.0, "stunden_schwerpunkte": 0.0, "anteil": None}
        else:
            w = z.monat(nr)
        offen = not geheim(w["anteil"])
        zeilen.append({
            "Monat": texte.monat_titel(m.monat), "Einträge": w["eintraege"], "Stunden": w["stunden"],
            "Stunden mit Schwerpunkt": w["stunden_schwerpunkte"], "Schwerpunktanteil": w["anteil"],
            texte.MINDESTANTEIL: ZEICHEN if not offen
            else texte.mindestanteil_erreicht(m.werte.anteil, m.unterschritten),
            "fehlende Stunden": m.fehlstunden if offen else ZEICHEN,
        })
    tabelle = pd.DataFrame(zeilen, columns=["Monat", "Einträge", "Stunden", "Stunden mit Schwerpunkt",
                                            "Schwerpunktanteil", texte.MINDESTANTEIL,
                                            "fehlende Stunden"])
    matrix = None
    if not b.monatlich and b.monate:
        werte = z.schwerpunkt_monate([str(k) for k in b.summary.schwerpunkt_monat.index], list(b.monate))
        werte.columns = [*_monatsnamen(b.periode.jahr, b.monate), SUMME]
        matrix = werte.reset_index(names="Schwerpunkt").astype(object)
    im_bericht = tuple((m, b.summary.eintraege_je_monat.get(m.monat, 0))
                       for m in b.summary.quote_bis_jetzt.monate if int(m.monat[5:]) in b.monate)
    oeffentlich = tuple(
        (r["Monat"], r["Einträge"], r["Stunden"], r["Stunden mit Schwerpunkt"], r["Schwerpunktanteil"],
         texte.mindestanteil_erreicht(m.werte.anteil, m.unterschritten)
         if not geheim(r["Schwerpunktanteil"]) else ZEICHEN)
        for r, m in zip(zeilen, months, strict=True) if int(m.monat[5:]) in b.monate)
    return Monatstabellen(texte.MONATE_SEIT_JAHRESBEGINN if b.monatlich else texte.MONATE, tabelle, matrix,
                          im_bericht, oeffentlich)


def _gruppen_oeffentlich(b: Bericht, z: Zahlen) -> Gruppentabellen:
    """The hours per group of Stellen, as published."""
    g = b.gruppen
    frame = g.nach_gruppe
    rows = []
    for name in frame.index:
        h = z.zahl("stellengruppe_bindung", "stunden", str(name), SUMME)
        sp = z.zahl("stellengruppe_bindung", "stunden", str(name), MIT_SCHWERPUNKT)
        rows.append({"Stellengruppe": name, "Stellen": int(frame.loc[name, "stellen"]),
                     "VZÄ im Stellenplan": frame.loc[name, "vza"],
                     "Einträge": z.wert("stellengruppe", "eintraege", str(name)),
                     "Stunden": z.wert("stellengruppe", "stunden", str(name)),
                     "Stunden mit Schwerpunkt": zeigen(sp), "Schwerpunktanteil": zeigen(anteil(sp, h))})
    h = z.zahl("gesamt", "stunden")
    sp = z.zahl("schwerpunktbindung", "stunden", MIT_SCHWERPUNKT)
    rows.append({"Stellengruppe": SUMME, "Stellen": int(frame["stellen"].sum()),
                 "VZÄ im Stellenplan": frame["vza"].sum(), "Einträge": z.wert("gesamt", "eintraege"),
                 "Stunden": zeigen(h), "Stunden mit Schwerpunkt": zeigen(sp),
                 "Schwerpunktanteil": zeigen(anteil(sp, h))})
    arten = tuple(f"{gruppe.name}: {', '.join(sorted({st.art for st in gruppe.stellen}))}"
                  for gruppe in g.gruppen)
    return Gruppentabellen(pd.DataFrame(rows).astype(object), arten)
