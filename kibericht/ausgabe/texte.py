"""The words and tables a report shows, shared by the workbook, the PDF and the terminal.

Everything here renders the report value (`regeln.bericht.Bericht`) as German text or as small
tables of display values; nothing is computed that the report value does not already hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, by_severity
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.meilensteine import AUF_KURS, ERREICHT, IM_VERZUG, UEBER_HOECHSTZAHL
from kibericht.regeln.vergleich import Kennzahlen
from kibericht.zahlen import anzahl, cent, de_prozent, de_zahl

UNTERSCHRIFT = "Datum, Unterschrift Leitung"
OEFFENTLICH = "Öffentliche Fassung"
DATENSCHUTZ = ("Öffentliche Fassung: ohne Zahlen je Stelle und ohne Namen; Stellen nur nach Art "
               "zusammengefasst, Gruppen unter drei Stellen als „weitere Stellen“ (§ 18 DSG NRW, "
               "§ 72 LPVG NRW). Die Summen sind die des internen Berichts.")


@dataclass(frozen=True)
class Status:
    """A verdict: its text, and whether it is good (None: neither). The text itself says it
    („✓ …“, „✗ …“), so that it does not depend on the colour of the cell."""

    text: str
    ok: bool | None


def art(bericht: Bericht) -> str:
    return "Monatsbericht" if bericht.monatlich else "Jahresbericht"


def titel(bericht: Bericht) -> str:
    """„Monatsbericht März 2025“, „Jahresbericht 2025“, „Jahresbericht Januar bis Juni 2025“."""
    if bericht.titel == f"Jahr {bericht.periode.jahr}":
        return f"Jahresbericht {bericht.periode.jahr}"
    return f"{art(bericht)} {bericht.titel}"


def stand(bericht: Bericht) -> str:
    """„Stand 31.03.2025“: the date of the newest entry, never the date of the run."""
    return f"Stand {bericht.stand:%d.%m.%Y}" if bericht.stand else "Stand: keine Einträge"


def quote_status(erfuellt: bool | None) -> Status:
    if erfuellt is None:
        return Status("– nicht bestimmbar (keine Einträge)", None)
    return Status("✓ erfüllt", True) if erfuellt else Status("✗ nicht erfüllt", False)


def programm_status(p) -> Status:
    if p.hoechstbetrag is None:
        return Status("– kein Höchstbetrag", None)
    if p.ueberschritten:
        return Status(f"✗ überschritten um {de_zahl(cent(p.ueberschreitung))} €", False)
    return Status("✓ eingehalten", True)


def meilenstein_status(bericht: Bericht) -> Status | None:
    if not bericht.meilensteine:
        return None
    countable = [m for m in bericht.meilensteine if m.ist is not None]
    erreicht = sum(1 for m in countable if m.status in (ERREICHT, UEBER_HOECHSTZAHL))
    kurs = sum(1 for m in countable if m.status == AUF_KURS)
    verzug = sum(1 for m in countable if m.status == IM_VERZUG)
    manuell = len(bericht.meilensteine) - len(countable)
    text = f"{erreicht} erreicht, {kurs} auf Kurs, {verzug} im Verzug, {manuell} manuell zu prüfen"
    return Status(("✗ " if verzug else "✓ ") + text, not verzug)


def wert(k: Kennzahlen | None, feld: str):
    """One figure of a comparison column; None where the input holds no entry."""
    if k is None:
        return None
    return {"eintraege": k.eintraege, "teilnehmende": k.teilnehmende, "stunden": k.stunden,
            "stunden_schwerpunkte": k.stunden_schwerpunkte, "anteil": k.anteil}[feld]


KENNZAHLEN = [("Tätigkeiten (Einträge)", "eintraege", "ganzzahl"),
              ("Teilnehmende", "teilnehmende", "ganzzahl"),
              ("Stunden", "stunden", "stunden"),
              ("davon mit Themenschwerpunkt", "stunden_schwerpunkte", "stunden"),
              ("Schwerpunktanteil", "anteil", "prozent")]


def vergleich_ueberschriften(bericht: Bericht) -> list[str]:
    """The column headings of the key figures: the period, then its comparisons."""
    result = []
    for name, k in bericht.vergleich.spalten():
        if name in ("Vormonat", "Vorjahresmonat", "Vorjahr, gleiche Monate"):
            result.append(f"{name}\n{k.titel}" if k else f"{name}\n(keine Einträge)")
        else:
            result.append(name if k is None else k.titel)
    return result


def foerder_zeilen(bericht: Bericht) -> list[dict]:
    """One row per programme: the month and January to it (monthly report), the year's
    entitlement, the cap and the status."""
    rows = []
    monat = bericht.periode.start.month if bericht.monatlich else None
    for p in bericht.foerderung.programme:
        row = {"Programm": p.name}
        if monat is not None:
            row["im Monat"] = cent(p.im_monat(monat))
            row["Januar bis Monat"] = cent(p.bis_monat(monat))
        row["Anspruch im Jahr"] = cent(p.anspruch)
        row["Höchstbetrag"] = None if p.hoechstbetrag is None else cent(p.hoechstbetrag)
        row["Status"] = programm_status(p).text
        rows.append(row)
    return rows


def befund_zahlen(bericht: Bericht) -> str:
    groups = by_severity(bericht.findings)
    text = ", ".join(anzahl(len(groups[s]), *w) for s, w in (
        (FEHLER, ("Fehler", "Fehler")), (WARNUNG, ("Warnung", "Warnungen")),
        (HINWEIS, ("Hinweis", "Hinweise"))))
    if bericht.fehler_andere_monate:
        text += f"; {anzahl(len(bericht.fehler_andere_monate), 'Fehler', 'Fehler')} in anderen Monaten"
    return text


def kurzfassung(bericht: Bericht, oeffentlich: bool = False) -> list[str]:
    """A few sentences for the Leitung and the committee: what was done, the quota, funding,
    milestones, staffing."""
    s, v = bericht.summary, bericht.vergleich
    zeit = f"Von {bericht.titel}" if " bis " in bericht.titel else f"Im {bericht.titel}"
    saetze = [f"{zeit} hat das KI {anzahl(s.eintraege, 'Tätigkeit', 'Tätigkeiten')} mit "
              f"{de_zahl(s.stunden)} Stunden dokumentiert"
              + (f" (Vormonat: {de_zahl(v.vormonat.stunden)} Stunden)" if v.vormonat else "")
              + (f"; an ihnen nahmen {de_zahl(s.teilnehmende, 0)} Personen teil." if s.teilnehmende
                 else ".")]
    quote = quote_status(s.erfuellt).text.lstrip("✓✗– ")
    saetze.append(f"{de_prozent(s.anteil)} der Stunden dienten den Themenschwerpunkten (Mindestanteil "
                  f"{de_prozent(s.mindestanteil, 0)}: {quote}"
                  + (f"; seit Jahresbeginn {de_prozent(s.quote_bis_jetzt.anteil)}" if bericht.monatlich
                     else "")
                  + ").")
    monat = bericht.periode.start.month if bericht.monatlich else None
    for p in bericht.foerderung.programme:
        cap = "" if p.hoechstbetrag is None else f", Höchstbetrag {de_zahl(cent(p.hoechstbetrag))} €"
        if monat is not None:
            saetze.append(f"Pauschale {p.name}: {de_zahl(cent(p.im_monat(monat)))} € im Monat, "
                          f"{de_zahl(cent(p.bis_monat(monat)))} € seit Januar, Anspruch im Jahr "
                          f"{de_zahl(cent(p.anspruch))} €{cap}.")
        else:
            saetze.append(f"Pauschale {p.name}: Anspruch im Jahr {de_zahl(cent(p.anspruch))} €{cap}"
                          + (" – überschritten." if p.ueberschritten else "."))
    m = meilenstein_status(bericht)
    if m is not None:
        saetze.append(f"Meilensteine {bericht.periode.jahr}: {m.text.lstrip('✓✗ ')}.")
    stand = bericht.besetzungsstand
    saetze.append(f"Besetzung am {stand.stichtag:%d.%m.%Y}: {stand.text}.")
    if not oeffentlich and bericht.fehler_andere_monate:
        saetze.append(f"{anzahl(len(bericht.fehler_andere_monate), 'Fehler', 'Fehler')} in Einträgen "
                      "anderer Monate sind im Prüfprotokoll genannt; sie betreffen diesen Bericht nicht.")
    return saetze
