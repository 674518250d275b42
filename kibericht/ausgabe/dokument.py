"""The JSON document of `bericht` (contract §3), rendered from the report value.

    >>> bericht_dokument(bericht, paths)["schwerpunktanteil"]     # doctest: +SKIP
    0.6575
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from kibericht.befunde import FEHLER, WARNUNG, by_severity
from kibericht.regeln.aggregation import OHNE_SCHWERPUNKT
from kibericht.regeln.bericht import Bericht
from kibericht.regeln.foerderung import ProgrammAnspruch
from kibericht.regeln.geheimhaltung import FUSSNOTE, ZEICHEN
from kibericht.regeln.meilensteine import meilensteine_json
from kibericht.regeln.vergleich import Kennzahlen
from kibericht.zahlen import anteil_wert, cent, halb_auf, stunden_wert


def _hours_of(frame: pd.DataFrame) -> dict[str, float]:
    return {k: stunden_wert(v) for k, v in frame.loc[frame["eintraege"] > 0, "stunden"].items()}


def bericht_dokument(b: Bericht, dateien: list[Path], oeffentlich: bool = False) -> dict:
    """The figures, the written files and the errors and warnings of the report; the public
    version (`oeffentlich`) as `oeffentliches_dokument` gives it."""
    if oeffentlich:
        return oeffentliches_dokument(b, dateien)
    summary = b.summary
    sp = summary.nach_schwerpunkt
    sp = sp[(sp.index != OHNE_SCHWERPUNKT) & (sp["eintraege"] > 0)]
    groups = by_severity(b.findings)
    v = b.vergleich
    monat = b.periode.start.month if b.monatlich else None
    return {
        "zeitraum": summary.periode.label,
        "eintraege": summary.eintraege,
        "stunden": stunden_wert(summary.stunden),
        "stunden_schwerpunkte": stunden_wert(summary.stunden_schwerpunkte),
        "schwerpunktanteil": anteil_wert(summary.anteil),
        "mindestanteil": summary.mindestanteil,
        "quote_erfuellt": summary.erfuellt,
        "schwerpunktanteil_bis_jetzt": anteil_wert(summary.quote_bis_jetzt.anteil),
        "nach_schwerpunkt": {k: stunden_wert(v) for k, v in sp["stunden"].items()},
        "nach_stelle": _hours_of(summary.nach_stelle),
        "nach_taetigkeit": _hours_of(summary.nach_taetigkeit),
        "nach_kommune": _hours_of(summary.nach_kommune),
        "nach_handlungsfeld": _hours_of(summary.nach_handlungsfeld),
        "monate": {m.monat: anteil_wert(m.werte.anteil) for m in summary.quote_bis_jetzt.monate},
        "meilensteine": meilensteine_json(b.meilensteine),
        "foerderung": {p.name: _programm(p, monat) for p in b.foerderung.programme},
        "teilnehmende": summary.teilnehmende,
        "anzahl_nach_taetigkeit": {k: int(n) for k, n in summary.nach_taetigkeit["eintraege"].items()
                                   if n > 0},
        "vormonat": _kennzahlen(v.vormonat),
        "vorjahresmonat": _kennzahlen(v.vorjahresmonat),
        "bis_jetzt": _kennzahlen(v.bis_jetzt),
        **({} if b.monatlich else {"vorjahr": _kennzahlen(v.vorjahr)}),
        "zeitraum_text": b.titel,
        "stand": None if b.stand is None else b.stand.isoformat(),
        "besetzung": _besetzung(b),
        "dateien": [p.name for p in dateien],
        "fehler": [f.to_json() for f in groups[FEHLER]],
        "warnungen": [f.to_json() for f in groups[WARNUNG]],
        "fehler_andere_monate": [f.to_json() for f in b.fehler_andere_monate],
    }


def _kennzahlen(k: Kennzahlen | None) -> dict | None:
    return None if k is None else k.to_json()


def _programm(p: ProgrammAnspruch, monat: int | None) -> dict:
    """A programme against its cap; for a monthly report also the month and January to it."""
    result = {"anspruch": cent(p.anspruch),
              "hoechstbetrag": None if p.hoechstbetrag is None else cent(p.hoechstbetrag),
              "foerderfaehig": cent(p.foerderfaehig), "ueberschritten": p.ueberschritten}
    if monat is not None:
        result.update(monat=cent(p.im_monat(monat)), bis_monat=cent(p.bis_monat(monat)))
    return result


def _zahl(wert, art: str = "stunden"):
    """A figure of the public version for JSON: null where kept secret."""
    if _geheim(wert) or wert is None:
        return None
    if art == "stunden":
        return stunden_wert(wert)
    if art == "anteil":
        return anteil_wert(wert)
    return int(round(wert))


def _geheim(wert) -> bool:
    return isinstance(wert, str) and wert == ZEICHEN


def oeffentliches_dokument(b: Bericht, dateien: list[Path]) -> dict:
    """The JSON of `bericht --oeffentlich`: the keys of the internal document, every figure from
    the logs as the public version shows it (null where kept secret, the reason under
    „geheimhaltung“ → „gesperrt“, keyed like „nach_schwerpunkt.SP4“); no figure per Stelle, no
    finding (they name Stellen, files and rows: only their numbers)."""
    from kibericht.ausgabe.abschnitte import abschnitte
    from kibericht.ausgabe.abschnitte_oeffentlich import Zahlen, _schluessel

    teile = abschnitte(b, oeffentlich=True)
    z = Zahlen.aus(b)
    g = b.geheimhaltung
    gesperrt: dict[str, str] = {}

    def merke(name: str, zahl) -> None:
        if zahl.geheim:
            gesperrt[name] = zahl.grund

    def je(tabelle: str, frame: pd.DataFrame, name: str, mess: str = "stunden", art: str = "stunden",
           ohne: tuple = ()) -> dict:
        out = {}
        for k in frame.index:
            if k in ohne or frame.loc[k, "eintraege"] <= 0:
                continue
            zahl = z.zahl(tabelle, mess, _schluessel(tabelle, k))
            merke(f"{name}.{k}", zahl)
            out[str(k)] = None if zahl.geheim else _zahl(zahl.wert, art)
        return out

    summary = b.summary
    kennzahlen = {name: z.kennzahlen(name, k) for name, k in b.vergleich.spalten()}
    for name, werte in kennzahlen.items():
        for feld, wert in (werte or {}).items():
            if _geheim(wert):
                gesperrt[f"{name}.{feld}"] = "geheim"
    for feld in ("eintraege", "stunden", "teilnahmen"):
        merke(feld if feld != "teilnahmen" else "teilnehmende", z.zahl("gesamt", feld))
    k = kennzahlen["zeitraum"] or {}
    groups = by_severity(b.findings)
    monat = b.periode.start.month if b.monatlich else None
    meilensteine = []
    for s, (ist, _) in zip(b.meilensteine, teile.meilensteine.ist, strict=True):
        if s.ist is None:
            continue
        eintrag = s.to_json()
        if _geheim(ist):
            eintrag.update(ist=None, erreicht=None, status=None)
            gesperrt[f"meilensteine.{s.schwerpunkt.id}.{s.meilenstein.taetigkeit}"] = "geheim"
        meilensteine.append(eintrag)
    monate = {}
    for r in teile.monate.tabelle.to_dict("records"):
        monate[r["Monat"]] = _zahl(r["Schwerpunktanteil"], "anteil")
        if _geheim(r["Schwerpunktanteil"]):
            gesperrt[f"monate.{r['Monat']}"] = "geheim"
    return {
        "zeitraum": summary.periode.label,
        "oeffentlich": True,
        "eintraege": _zahl(k.get("eintraege", 0), "n"),
        "stunden": _zahl(k.get("stunden", 0.0)),
        "stunden_schwerpunkte": _zahl(k.get("stunden_schwerpunkte", 0.0)),
        "schwerpunktanteil": _zahl(k.get("anteil"), "anteil"),
        "mindestanteil": summary.mindestanteil,
        "quote_erfuellt": summary.erfuellt if z.quote_offen() else None,
        "schwerpunktanteil_bis_jetzt": _zahl(z.kennzahlen_anteil(z.g.bis(z.zeitraum.monat)), "anteil"),
        "nach_schwerpunkt": je("schwerpunkt", summary.nach_schwerpunkt, "nach_schwerpunkt",
                               ohne=(OHNE_SCHWERPUNKT,)),
        "nach_taetigkeit": je("taetigkeit", summary.nach_taetigkeit, "nach_taetigkeit"),
        "nach_kommune": je("kommune", summary.nach_kommune, "nach_kommune"),
        "nach_handlungsfeld": je("handlungsfeld", summary.nach_handlungsfeld, "nach_handlungsfeld"),
        "monate": monate,
        "meilensteine": meilensteine,
        "foerderung": {p.name: _programm(p, monat) for p in b.foerderung.programme},
        "teilnehmende": _zahl(k.get("teilnehmende", 0), "n"),
        "anzahl_nach_taetigkeit": je("taetigkeit", summary.nach_taetigkeit, "anzahl_nach_taetigkeit",
                                     "eintraege", "n"),
        **{name: _kennzahlen_oeffentlich(getattr(b.vergleich, name), kennzahlen.get(name))
           for name in ("vormonat", "vorjahresmonat", "bis_jetzt", *(() if b.monatlich else ("vorjahr",)))},
        "zeitraum_text": b.titel,
        "stand": None if b.stand is None else b.stand.isoformat(),
        "besetzung": _besetzung(b),
        "dateien": [p.name for p in dateien],
        "befunde": {"fehler": len(groups[FEHLER]), "warnungen": len(groups[WARNUNG])},
        "geheimhaltung": {"zeichen": ZEICHEN, "fussnote": FUSSNOTE, "verfahren": g.verfahren_text(),
                          "gesperrt": gesperrt},
    }


def _kennzahlen_oeffentlich(k: Kennzahlen | None, werte: dict | None) -> dict | None:
    if k is None or werte is None:
        return None
    return {"zeitraum": k.label, "eintraege": _zahl(werte["eintraege"], "n"),
            "stunden": _zahl(werte["stunden"]), "stunden_schwerpunkte": _zahl(werte["stunden_schwerpunkte"]),
            "schwerpunktanteil": _zahl(werte["anteil"], "anteil"),
            "teilnehmende": _zahl(werte["teilnehmende"], "n")}


def _besetzung(b: Bericht) -> dict[str, Any]:
    """The staffing at the Stichtag, the same in the internal and the public document (the VZÄ of
    all Stellen together)."""
    return {"stichtag": b.besetzungsstand.stichtag.isoformat(),
            "stellenplan_vza": float(halb_auf(b.besetzungsstand.stellenplan, 4)),
            "unbesetzt_vza": float(halb_auf(b.besetzungsstand.unbesetzt_stichtag, 4))}
