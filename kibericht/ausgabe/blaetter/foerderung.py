"""The sheet „Förderung“: the Landesförderung of the year, the programmes against their caps and
the entitlement month by month; internal also the Pauschale per Stelle and per Stelle and month.
"""

from __future__ import annotations

from kibericht.ausgabe import texte
from kibericht.ausgabe.blaetter.blatt import Mappe, neues_blatt, notiz, ueberschrift
from kibericht.ausgabe.blaetter.tabelle import tabelle

NAME = "Förderung"
# Programm / Monat / Stelle, then amounts (internal: the Bezeichnung in column B), the Status
ERSTE, BEZEICHNUNG, BETRAG, STATUS = 14.5, 26, 15, 18


def schreiben(mappe: Mappe) -> None:
    fmt, f = mappe.fmt, mappe.teile.foerderung
    tabellen = [f.gegen_hoechstbetrag, f.kumuliert, f.je_stelle, f.je_stelle_und_monat]
    spalten = max(len(t.columns) for t in tabellen if t is not None)
    breiten = [ERSTE, BEZEICHNUNG if f.je_stelle is not None else BETRAG, *[BETRAG] * (spalten - 2)]
    if "Status" in f.gegen_hoechstbetrag.columns:
        breiten[list(f.gegen_hoechstbetrag.columns).index("Status")] = STATUS
    satz = neues_blatt(mappe, NAME, breiten)
    ueberschrift(satz, mappe, texte.foerderung_titel(f.jahr, f.regel))
    frame = f.gegen_hoechstbetrag
    tabelle(satz, fmt, frame, texte.FOERDERUNG_PROGRAMME,
            kinds={c: "text" if c in ("Programm", "Status") else "euro" for c in frame.columns})
    tabelle(satz, fmt, f.kumuliert, texte.FOERDERUNG_KUMULIERT,
            kinds={c: "euro" for c in f.kumuliert.columns[1:]})
    if f.je_stelle is not None:
        satz.umbruch()  # the tables per Stelle start on a page of their own
        tabelle(satz, fmt, f.je_stelle, texte.pauschale_je_stelle(f.jahr),
                kinds={"Pauschale/Jahr": "euro", "Anspruch im Jahr": "euro"})
        monate = f.je_stelle_und_monat
        tabelle(satz, fmt, monate, texte.pauschale_je_stelle_und_monat(f.jahr),
                kinds={c: "euro" for c in monate.columns[1:]}, summe=True)
    notiz(satz, fmt, texte.FOERDERUNG_NOTIZ)
    satz.fertig()
