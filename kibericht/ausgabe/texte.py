"""The wording of the report, in one place: titles, headings, labels, notes and footnotes of the
workbook, the PDF, the charts and the terminal.

What more than one of them shows comes first (the title, the subtitle, the status texts, the
Kurzfassung, the key figures); then, face by face, the titles and notes only the workbook's
sheets, only the PDF or only the charts show. Column headings stay beside the table they head
(`abschnitte`, the PDF's parts), and axis units, the names of drawn series and the alt texts
beside the chart (`diagramme`); every other title, note or verdict a reader reads is here.
Nothing is computed: the functions put figures of the report value (`regeln.bericht.Bericht`)
into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from kibericht.befunde import FEHLER, HINWEIS, WARNUNG, by_severity
from kibericht.konfig import Stelle
from kibericht.periode import MONATSNAMEN
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.besetzungsstand import Besetzungsstand
from kibericht.regeln.meilensteine import MeilensteinStand
from kibericht.regeln.vergleich import Kennzahlen
from kibericht.zahlen import anzahl, cent, de_kurz, de_prozent, de_zahl

# ------------------------------------------------------------------ shared by every face

UNTERTITEL = "Berichtspflicht über Art und Umfang der Aufgabenwahrnehmung"
OEFFENTLICH = "Öffentliche Fassung"
DATENSCHUTZ = ("Öffentliche Fassung: ohne Zahlen je Stelle und ohne Namen; Stellen nur nach Art "
               "zusammengefasst, Gruppen unter drei Stellen als „weitere Stellen“ (§ 18 DSG NRW, "
               "§ 72 LPVG NRW). Zahlen, die auf eine Person schließen ließen, sind gesperrt („.“); "
               "alle übrigen Zahlen und Summen sind die des internen Berichts.")
GEHEIM = "Zahlenwert geheim zu halten"
BESTAETIGUNG = "Sachlich richtig und vollständig:"
UNTERSCHRIFT = "Datum, Unterschrift Leitung"
PRUEFCODE = "Prüfcode"
# beside the code of a filed report; in a monthly report not (yet) filed, instead of the code
PRUEFCODE_NOTIZ = ("Mit diesem Code lässt sich prüfen, ob die Ablage des KI diesen Abschluss unverändert "
                   "enthält: kibericht verifizieren --pruefcode CODE.")
PRUEFCODE_ENTWURF = ("Prüfcode: erst im abgeschlossenen Bericht. Unterschrieben wird der Bericht, den "
                     "kibericht abschliessen in der Ablage ablegt; er trägt den Prüfcode.")

ERSTELLT_MIT = "erstellt mit kibericht"
SUMME = "Summe"
KURZFASSUNG = "Kurzfassung"
KENNZAHLEN_TITEL = "Kennzahlen und Vergleich"
QUOTE = "Schwerpunktquote"
QUOTE_ZEITRAUM = "Schwerpunktquote im Zeitraum"
QUOTE_BIS_JETZT = "Schwerpunktquote seit Jahresbeginn"
TAETIGKEITEN = "Tätigkeiten: Anzahl, Teilnehmende und Stunden"
TAETIGKEITEN_JE_SCHWERPUNKT = "Anzahl der Tätigkeiten nach Themenschwerpunkt"
MONATE_SEIT_JAHRESBEGINN = "Stunden und Schwerpunktanteil je Monat seit Jahresbeginn"
MONATE = "Stunden und Schwerpunktanteil je Monat"
KEINE_PROGRAMME = "Keine Förderprogramme konfiguriert."
BESETZUNG = "Besetzung des Stellenplans"
MINDESTANTEIL = "Mindestanteil"


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


def pruefcode_zeile(code: str) -> str:
    """„Prüfcode: 7KQ2-M4XD-9P3A-H1TB-R6WG“ (the code in its printed groups)."""
    return f"{PRUEFCODE}: {code}"


def untertitel(oeffentlich: bool) -> str:
    return UNTERTITEL + (f" – {OEFFENTLICH}" if oeffentlich else "")


def zeitraum(bericht: Bericht) -> str:
    """„Zeitraum 01.03.2025 – 31.03.2025 · Stand 31.03.2025“."""
    return f"Zeitraum {bericht.periode.start:%d.%m.%Y} – {bericht.stichtag:%d.%m.%Y} · {stand(bericht)}"


def foerderung_titel(jahr: int, regel: str) -> str:
    """„Landesförderung 2025 (Pauschale, Anteilsregel tagesgenau)“."""
    return f"Landesförderung {jahr} (Pauschale, Anteilsregel {regel})"


def monat_titel(monat: str) -> str:
    """„März 2025“ for "2025-03": the one way every report names a month."""
    return f"{MONATSNAMEN[int(monat[5:]) - 1]} {monat[:4]}"


def meilensteine_label(jahr: int) -> str:
    return f"Meilensteine {jahr}"


def meilensteine_titel(jahr: int, stichtag: dt.date) -> str:
    """„Meilensteine 2025 (Stand 31.03.2025)“: the sheet's title and the PDF's heading."""
    return f"{meilensteine_label(jahr)} (Stand {stichtag:%d.%m.%Y})"


def besetzung_satz(besetzung: Besetzungsstand) -> str:
    """„Am 31.03.2025: alle 5,5 VZÄ besetzt (6 Stellen).“"""
    return (f"Am {besetzung.stichtag:%d.%m.%Y}: {besetzung.text} "
            f"({anzahl(besetzung.stellen, 'Stelle', 'Stellen')}).")


def besetzung_am(stichtag: dt.date) -> str:
    return f"Besetzung am {stichtag:%d.%m.%Y}"


def vergleich_ohne_fehler(zeilen: int, verweis: bool) -> str:
    """The note that faulty rows of other months are not in the comparisons."""
    return (f"Die Vergleichswerte enthalten {anzahl(zeilen, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} "
            "anderer Monate nicht" + (" (siehe Prüfprotokoll)." if verweis else "."))


def quote_status(erfuellt: bool | None) -> Status:
    if erfuellt is None:
        return Status("– nicht bestimmbar (keine Einträge)", None)
    return Status("✓ erfüllt", True) if erfuellt else Status("✗ nicht erfüllt", False)


GEHEIM_STATUS = Status(".", None)  # a status that would tell about a figure kept secret


def programm_status(p) -> Status:
    if p.hoechstbetrag is None:
        return Status("– kein Höchstbetrag", None)
    if p.ueberschritten:
        return Status(f"✗ überschritten um {de_zahl(cent(p.ueberschreitung))} €", False)
    return Status("✓ eingehalten", True)


def meilenstein_status(bericht: Bericht) -> Status | None:
    if not bericht.meilensteine:
        return None
    b = bericht.meilensteinbilanz
    text = (f"{b.erreicht} erreicht, {b.auf_kurs} auf Kurs, {b.im_verzug} im Verzug, "
            f"{b.manuell} manuell zu prüfen")
    return Status(("✗ " if b.im_verzug else "✓ ") + text, not b.im_verzug)


def meilenstein_status_oeffentlich(bilanz: dict[str, int]) -> Status:
    """The milestones' balance of the public version: a milestone whose Ist is kept secret is
    counted as such, never by its status."""
    text = (f"{bilanz['erreicht']} erreicht, {bilanz['auf_kurs']} auf Kurs, {bilanz['im_verzug']} im Verzug, "
            + (f"{bilanz['geheim']} geheim zu halten (.), " if bilanz["geheim"] else "")
            + f"{bilanz['manuell']} manuell zu prüfen")
    return Status(("✗ " if bilanz["im_verzug"] else "✓ ") + text, not bilanz["im_verzug"])


def mindestanteil_erreicht(anteil: float | None, unterschritten: bool) -> str:
    """Whether a month met the minimum share (the column „Mindestanteil“): „✓ erreicht“ /
    „✗ nicht erreicht“; „–“ without entries."""
    if anteil is None:
        return "–"
    return "✗ nicht erreicht" if unterschritten else "✓ erreicht"


def meilenstein_ziel(m: MeilensteinStand, ist=None) -> str:
    """„5 / 4–8“: counted against the least (and most) wanted; „–“ where it is not countable;
    `ist`: the Ist as published where it differs (public version: „.“)."""
    if m.ist is None:
        return "–"
    return f"{m.ist if ist is None else ist} / {m.meilenstein.mindestens}" + (
        f"–{m.meilenstein.hoechstens}" if m.meilenstein.hoechstens else "")


def wert(k: Kennzahlen | None, feld: str):
    """One figure of a comparison column; None where the input holds no entry."""
    if k is None:
        return None
    return {"eintraege": k.eintraege, "teilnehmende": k.teilnehmende, "stunden": k.stunden,
            "stunden_schwerpunkte": k.stunden_schwerpunkte, "anteil": k.anteil}[feld]


# the rows of the key figures: label, field of `Kennzahlen`, kind of number
KENNZAHLEN = [("Tätigkeiten (Einträge)", "eintraege", "ganzzahl"),
              ("Teilnehmende", "teilnehmende", "ganzzahl"),
              ("Stunden", "stunden", "stunden"),
              ("davon mit Themenschwerpunkt", "stunden_schwerpunkte", "stunden"),
              ("Schwerpunktanteil", "anteil", "prozent")]


# the comparisons headed by their name over their period („Vormonat\nFebruar 2025“)
VERGLEICHE = {"vormonat": "Vormonat", "vorjahresmonat": "Vorjahresmonat",
              "vorjahr": "Vorjahr, gleiche Monate"}
# the columns headed by their period, and by these words where the input holds no entry for it
OHNE_EINTRAEGE = {"zeitraum": "Zeitraum", "bis_jetzt": "Januar bis Berichtsmonat"}


def vergleich_ueberschriften(bericht: Bericht) -> list[str]:
    """The column headings of the key figures: the period, then its comparisons."""
    result = []
    for spalte, k in bericht.vergleich.spalten():
        if spalte in VERGLEICHE:
            name = VERGLEICHE[spalte]
            result.append(f"{name}\n{k.titel}" if k else f"{name}\n(keine Einträge)")
        else:
            result.append(OHNE_EINTRAEGE[spalte] if k is None else k.titel)
    return result


def befund_zahlen(bericht: Bericht) -> str:
    groups = by_severity(bericht.findings)
    text = ", ".join(anzahl(len(groups[s]), *w) for s, w in (
        (FEHLER, ("Fehler", "Fehler")), (WARNUNG, ("Warnung", "Warnungen")),
        (HINWEIS, ("Hinweis", "Hinweise"))))
    if bericht.fehler_andere_monate:
        text += f"; {anzahl(len(bericht.fehler_andere_monate), 'Fehler', 'Fehler')} in anderen Monaten"
    return text


def kurzfassung(bericht: Bericht, oeffentlich: bool = False,
                unbesetzt: Sequence[tuple[Stelle, Fraction]] = ()) -> list[str]:
    """A few sentences for the Leitung and the committee: what was done, the quota, funding
    (and a cap exceeded, by how much), milestones, staffing (and which Stellen are vacant at the
    Stichtag: `unbesetzt`, each with its vacant VZÄ)."""
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
    saetze += _foerderung_saetze(bericht)
    m = meilenstein_status(bericht)
    if m is not None:
        saetze.append(f"{meilensteine_label(bericht.periode.jahr)}: {m.text.lstrip('✓✗ ')}.")
    saetze.append(_besetzung_satz(bericht, [unbesetzt_stelle(st, vza) for st, vza in unbesetzt]))
    if not oeffentlich and bericht.fehler_andere_monate:
        saetze.append(f"{anzahl(len(bericht.fehler_andere_monate), 'Fehler', 'Fehler')} in Einträgen "
                      "anderer Monate sind im Prüfprotokoll genannt; sie betreffen diesen Bericht nicht.")
    return saetze


def kurzfassung_oeffentlich(bericht: Bericht, werte: dict) -> list[str]:
    """The Kurzfassung of the public version: the same sentences, every figure from the logs as
    published (`werte`); a figure kept secret is named as such, a status that would tell about
    it is left out."""
    s = bericht.summary
    zeit = f"Von {bericht.titel}" if " bis " in bericht.titel else f"Im {bericht.titel}"
    n, h, tn = werte["eintraege"], werte["stunden"], werte["teilnehmende"]
    vormonat = werte["vormonat_stunden"]
    geheim = f"{GEHEIM} (.)"
    stunden = f"Stunden: {geheim}" if isinstance(h, str) else f"{de_zahl(h)} Stunden"
    if isinstance(n, str):
        satz = f"{zeit} hat das KI Tätigkeiten dokumentiert (Anzahl: {geheim}; {stunden})"
    else:
        satz = f"{zeit} hat das KI {anzahl(n, 'Tätigkeit', 'Tätigkeiten')} mit {stunden} dokumentiert"
    if vormonat is not None:
        satz += f" (Vormonat: {geheim if isinstance(vormonat, str) else de_zahl(vormonat) + ' Stunden'})"
    if isinstance(tn, str):
        satz += f"; Teilnehmende: {geheim}."
    else:
        satz += f"; an ihnen nahmen {de_zahl(tn, 0)} Personen teil." if tn else "."
    saetze = [satz]
    a = werte["anteil"]
    seit = ""
    if bericht.monatlich:
        b = werte["anteil_bis_jetzt"]
        seit = f"; seit Jahresbeginn {geheim if isinstance(b, str) else de_prozent(b)}"
    if isinstance(a, str):
        saetze.append(f"Anteil der Stunden für die Themenschwerpunkte: {geheim}{seit}.")
    else:
        quote = quote_status(s.erfuellt).text.lstrip("✓✗– ")
        saetze.append(f"{de_prozent(a)} der Stunden dienten den Themenschwerpunkten (Mindestanteil "
                      f"{de_prozent(s.mindestanteil, 0)}: {quote}{seit}).")
    saetze += _foerderung_saetze(bericht)
    if bericht.meilensteine:
        m = meilenstein_status_oeffentlich(werte["bilanz"])
        saetze.append(f"{meilensteine_label(bericht.periode.jahr)}: {m.text.lstrip('✓✗ ')}.")
    # the public version names no Stelle: where the KI has several groups of Stellen, the groups
    # with vacant VZÄ (as the sheet „Besetzung“ publishes them)
    gruppen = bericht.gruppen.besetzungsstand
    saetze.append(_besetzung_satz(bericht, [f"{g.name}: {de_kurz(float(g.unbesetzt_stichtag))} VZÄ"
                                            for g in gruppen if g.unbesetzt_stichtag > 0]
                                  if len(gruppen) > 1 else []))
    return saetze


def _foerderung_saetze(bericht: Bericht) -> list[str]:
    """A sentence per programme: the Pauschale of the month and since January (monthly report),
    the year's entitlement and the cap, and by how much it is exceeded."""
    saetze = []
    monat = bericht.periode.start.month if bericht.monatlich else None
    for p in bericht.foerderung.programme:
        cap = "" if p.hoechstbetrag is None else f", Höchstbetrag {de_zahl(cent(p.hoechstbetrag))} €"
        if p.ueberschritten:
            cap += f" – überschritten um {de_zahl(cent(p.ueberschreitung))} €"
        bisher = "" if monat is None else (f"{de_zahl(cent(p.im_monat(monat)))} € im Monat, "
                                           f"{de_zahl(cent(p.bis_monat(monat)))} € seit Januar, ")
        saetze.append(f"Pauschale {p.name}: {bisher}Anspruch im Jahr {de_zahl(cent(p.anspruch))} €{cap}.")
    return saetze


def unbesetzt_stelle(stelle: Stelle, vza: Fraction) -> str:
    """„FK2 Fachkraft Sozialwissenschaft: 1 VZÄ“: a Stelle vacant (in part) at the Stichtag."""
    return f"{stelle.id} {stelle.bezeichnung}: {de_kurz(float(vza))} VZÄ"


def _besetzung_satz(bericht: Bericht, unbesetzt: list[str]) -> str:
    """„Besetzung am 30.06.2025: 1 von 5,5 VZÄ unbesetzt – FK2 Fachkraft Sozialwissenschaft: 1 VZÄ.“"""
    b = bericht.besetzungsstand
    wer = f" – {'; '.join(unbesetzt)}" if unbesetzt else ""
    return f"{besetzung_am(b.stichtag)}: {b.text}{wer}."


# ------------------------------------------------------------------ the workbook's sheets

UMSETZUNG = "Stand der Umsetzung"
BEFUNDE = "Befunde der Prüfung"
DATEIEN = "Eingelesene Dateien"
NICHT_GEZAEHLT_ZEILEN = "Nicht gezählte Zeilen (Fehler)"
KOPIEN = "Kopien von Arbeitsmappen"
VERWEIS_BLAETTER = "Diagramme im Blatt „Diagramme“, Einzelheiten in den folgenden Blättern."
TAETIGKEITEN_JE_FELD = "Anzahl der Tätigkeiten nach Handlungsfeld"
TAETIGKEITEN_FELDER = "Tätigkeiten und Teilnehmende nach Handlungsfeld"
MEILENSTEINE_NOTIZ = ("Zählbare Meilensteine: Ist = Zahl der Termine dieser Tätigkeit mit diesem "
                      "Schwerpunkt vom 1. Januar bis zum Stichtag (Einträge gleichen Datums, gleicher "
                      "Tätigkeit, gleichen Schwerpunkts und gleicher Kommune sind ein Termin; oder Zahl der "
                      "Einträge, wo „zaehlt = \"eintraege\"“ gesetzt ist); Soll bis Stichtag = mindestens × "
                      "abgelaufene volle Monate ÷ 12, abgerundet; „auf Kurs“, wenn das Ist es erreicht.")
BESETZUNG_JE_MONAT = "Je Monat (VZÄ = Vollzeitäquivalente; besetzt im Monatsdurchschnitt, tagesgenau)"
SCHWERPUNKT_JE_MONAT = "Stunden je Schwerpunkt und Monat"
SCHWERPUNKTE = "Stunden nach Themenschwerpunkt"
OHNE_THEMENSCHWERPUNKT = "Arbeit ohne Themenschwerpunkt"
SCHWERPUNKT_JE_STELLE = "Stunden je Stelle und Schwerpunkt"
SCHWERPUNKT_JE_GRUPPE = "Stunden je Schwerpunkt und Stellengruppe"
NACH_HANDLUNGSFELD = "Stunden nach Handlungsfeld"
NACH_ZIELDIMENSION = "Stunden nach Zieldimension"
KOMMUNEN = "Tätigkeiten und Stunden nach Kommune"
STELLEN = "Stunden nach Stelle"
SOLL_IST_JE_MONAT = "Soll/Ist je Stelle und Monat"
STELLENGRUPPEN = "Stunden nach Stellengruppe"
FOERDERUNG_PROGRAMME = "Programme gegen den Höchstbetrag"
FOERDERUNG_KUMULIERT = "Anspruch kumuliert je Monat"
FOERDERUNG_NOTIZ = ("Monatsbeträge in ganzen Cent: der Stand nach jedem Monat ist der exakte Stand, "
                    "kaufmännisch auf den Cent gerundet; die Monate ergeben genau den Jahresbetrag.")
PRUEFPROTOKOLL = "Prüfprotokoll"
ALLE_BEFUNDE = "Alle Befunde"
KEINE_BEFUNDE = "Keine Befunde."
FEHLER_ANDERER_MONATE = ("Fehler in Einträgen anderer Monate – sie verhindern diesen Bericht nicht, "
                         "aber den Bericht ihres Monats")
NICHT_GEZAEHLT = "Zeilen mit Fehlern – nicht im Bericht gezählt (siehe Prüfprotokoll)"


def nach_stellengruppen_am(stichtag: dt.date) -> str:
    return f"Nach Stellengruppen am {stichtag:%d.%m.%Y}"


def je_stelle_am(stichtag: dt.date) -> str:
    return f"Je Stelle am {stichtag:%d.%m.%Y}"


def soll_ist(zeitraum_titel: str) -> str:
    """„Soll/Ist-Stunden je Stelle – März 2025“ (sheet Stellen and its chart)."""
    return f"Soll/Ist-Stunden je Stelle – {zeitraum_titel}"


def pauschale_je_stelle(jahr: int) -> str:
    return f"Pauschale je Stelle {jahr}"


def pauschale_je_stelle_und_monat(jahr: int) -> str:
    return f"Pauschale je Stelle und Monat {jahr}"


def diagramme_blatt(zeitraum_titel: str) -> str:
    return f"Diagramme – {zeitraum_titel}"


def dateien_gelesen(n: int) -> str:
    return f"{anzahl(n, 'Datei', 'Dateien')} gelesen:"


def weitere(n: int) -> str:
    return f"… und {n} weitere"


def befunde_zu(zeitraum_titel: str) -> str:
    return f"Befunde zu {zeitraum_titel} und zu ganzen Dateien"


def kopien(kopien_: tuple[tuple[str, int], ...]) -> str:
    """„1 Kopie mit 341 Zeilen, nicht gezählt“: the copies of workbooks (`datei-doppelt`)."""
    zeilen = sum(n for _, n in kopien_)
    return (f"{anzahl(len(kopien_), 'Kopie', 'Kopien')} mit {anzahl(zeilen, 'Zeile', 'Zeilen')}, "
            "nicht gezählt (siehe Prüfprotokoll)")


def kopien_nicht_gezaehlt(kopien_: tuple[tuple[str, int], ...]) -> str:
    """The copies of workbooks above the rows with errors: named, each once, not row by row."""
    return ("Nicht gezählt und hier nicht einzeln aufgeführt: Kopien anderer Arbeitsmappen "
            "[datei-doppelt] – " + "; ".join(f"{datei} ({anzahl(n, 'Zeile', 'Zeilen')})"
                                             for datei, n in kopien_) + ".")


# ------------------------------------------------------------------ the PDF's parts

PDF_SCHWERPUNKTE = "Nach Handlungsfeld und Themenschwerpunkt"
PDF_OHNE_SCHWERPUNKT = "ohne Themenschwerpunkt (alle Handlungsfelder)"
PDF_OHNE_SP = "ohne SP"  # the column of work without a Schwerpunkt, in a narrow table
PDF_DIAGRAMME = "Diagramme"


def keine_meilensteine(jahr: int) -> str:
    return f"Für {jahr} sind keine Meilensteine konfiguriert."


# ------------------------------------------------------------------ the charts

KEINE_EINTRAEGE = "Keine Einträge im Zeitraum"
KEINE_GEFOERDERTEN = "Keine geförderten Stellen"
UEBRIGE = "übrige ({})"  # the bars summed into one, with their number
LEGENDE_ERREICHT = "✓ Mindestanteil erreicht"
LEGENDE_VERFEHLT = "✗ unter Mindestanteil"


def diagramm_schwerpunkte(achse: str, zeitraum_titel: str) -> str:
    return f"Stunden nach {achse} und Schwerpunkt – {zeitraum_titel}"


def diagramm_anteil(zeitraum_titel: str) -> str:
    return f"Schwerpunktanteil je Monat – {zeitraum_titel}"


def diagramm_anzahl(zeitraum_titel: str) -> str:
    return f"Anzahl der Tätigkeiten – {zeitraum_titel}"


def diagramm_taetigkeiten(zeitraum_titel: str) -> str:
    return f"Stunden nach Tätigkeit – {zeitraum_titel}"


def diagramm_kommunen(zeitraum_titel: str) -> str:
    return f"Stunden nach Kommune – {zeitraum_titel}"


def diagramm_foerderung(jahr: int) -> str:
    return f"Pauschale kumuliert je Programm – {jahr}"
