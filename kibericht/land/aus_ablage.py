"""The Meldung of a closed month from the Ablage alone: no logs, the same bytes every time.

    stand = lies_ablage(config.ablage, dateien_pruefen=True)
    inhalt = meldung_aus_ablage(stand, stand.geschlossen["2025-03"], config)

The figures come from the entries filed in the manifests: those of the month's closing and of
the current closing of every earlier month of its year (for January to the month); the chain
from the Ablage up to the closing; the disclosure control from the same entries
(`land.geheimhaltung`); everything the configuration decides (Stellenplan, Pauschalen,
Schwerpunkte, milestones) from ki.toml. `kibericht abschliessen` writes the Meldung this way
right after filing, `kibericht meldung` again later: the same Ablage, configuration and kibericht
version give the same bytes.

Before a Meldung is built, the month's report computed from the filed entries must reproduce the
figures the closing filed in its manifest (`bericht`): the month's figures, those of January to
the month, milestones, funding and staffing. They differ when ki.toml was changed since the
closing, or when an earlier month of the year whose entries the closed report counted is not (or
no longer) closed in the Ablage. Then no Meldung is written (`MeldungFehler` saying which
figures differ and why): the Meldung never shows other figures than the signed report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from kibericht.ablage.kette import Ablagestand, Glied, anzeige, datei_sha256
from kibericht.ablage.manifest import ABSCHLUSS
from kibericht.ausgabe.dokument import bericht_dokument
from kibericht.konfig import KIConfig
from kibericht.land.format import Meldungsinhalt
from kibericht.land.geheimhaltung import geheimhaltung_der_meldung
from kibericht.land.meldung import MeldungFehler, meldungsinhalt
from kibericht.periode import MONATSNAMEN, Periode
from kibericht.pruefen.kopfzeile import ENTRY_COLUMNS, ENTRY_DTYPES, empty_entries
from kibericht.regeln.bericht import berechne_bericht

# the figures of the filed report the Meldung shows, and what a reader calls them
GEPRUEFT = {
    "eintraege": "Einträge des Monats",
    "stunden": "Stunden des Monats",
    "stunden_schwerpunkte": "Stunden mit Schwerpunkt",
    "schwerpunktanteil": "Schwerpunktanteil",
    "mindestanteil": "Mindestanteil",
    "quote_erfuellt": "Urteil der Quote",
    "teilnehmende": "Teilnehmende",
    "nach_schwerpunkt": "Stunden je Schwerpunkt",
    "nach_taetigkeit": "Stunden je Tätigkeit",
    "nach_kommune": "Stunden je Kommune",
    "nach_handlungsfeld": "Stunden je Handlungsfeld",
    "schwerpunktanteil_bis_jetzt": "Schwerpunktanteil seit Januar",
    "monate": "Schwerpunktanteil der Monate seit Januar",
    "bis_jetzt": "Zahlen seit Januar",
    "meilensteine": "Meilensteine",
    "foerderung": "Förderung",
    "besetzung": "Besetzung des Stellenplans",
}
SEIT_JANUAR = ("schwerpunktanteil_bis_jetzt", "monate", "bis_jetzt")
# format 1 counted Teilnehmende and milestones per entry, not per Termin as reports do now
NICHT_IN_FORMAT_1 = ("teilnehmende", "bis_jetzt", "meilensteine")


def abschluesse_des_jahres(stand: Ablagestand, glied: Glied) -> list[Glied]:
    """The closings whose entries the Meldung of `glied` counts: the current closing of every
    month of its year before it, and `glied` itself, in the order of the months."""
    monat = glied.monat
    frueher = [g for m, g in sorted(stand.geschlossen.items()) if m[:4] == monat[:4] and m < monat]
    return [*frueher, glied]


def eintraege(glieder: Iterable[Glied]) -> pd.DataFrame:
    """The entries filed in the closings `glieder` (those dated in each closing's month), shaped
    like the valid entries of `load_entries` (no names: the Ablage has none)."""
    zeilen = []
    for g in glieder:
        monat = g.monat
        for e in g.daten["eintraege"]["liste"]:
            werte = e["werte"]
            if not str(werte.get("datum") or "").startswith(f"{monat}-"):
                continue
            zeilen.append({**{k: werte.get(k) for k in ENTRY_COLUMNS if k in werte and k != "mitarbeiter"},
                           "mitarbeiter": None, "_datei": e["datei"], "_blatt": e["blatt"],
                           "_zeile": e["zeile"]})
    if not zeilen:
        return empty_entries()
    # text as the reader keeps it (object, NaN where empty), whatever pandas would infer
    frame = pd.DataFrame(zeilen, columns=ENTRY_COLUMNS, dtype=object).fillna(np.nan)
    for spalte, typ in {**ENTRY_DTYPES, "_datei": str, "_blatt": str}.items():
        frame[spalte] = frame[spalte].astype(typ)
    return frame


def _normal(wert: object) -> object:
    """A value as its manifest holds it (JSON)."""
    return json.loads(json.dumps(wert, allow_nan=False))


def abweichungen(neu: Mapping, abgelegt: Mapping, format_: int = 2) -> list[str]:
    """The keys of `GEPRUEFT` whose values in the report document `neu` differ from the filed
    report `abgelegt` (a key the filed report lacks is not compared)."""
    result = []
    for key in GEPRUEFT:
        if key not in abgelegt or (format_ < 2 and key in NICHT_IN_FORMAT_1):
            continue
        if _normal(neu.get(key)) != abgelegt[key]:
            result.append(key)
    return result


def _monate_titel(monate: list[str]) -> str:
    return ", ".join(f"{MONATSNAMEN[int(m[5:]) - 1]} {m[:4]}" for m in monate)


def _warum(glied: Glied, stand: Ablagestand, abweichend: list[str], konfig_sha256: str | None) -> str:
    """Why the filed entries do not give the filed report, as far as the Ablage can tell."""
    monat = glied.monat
    gruende = []
    filed = glied.daten.get("konfiguration", {}).get("sha256")
    if konfig_sha256 is not None and filed is not None and konfig_sha256 != filed:
        gruende.append("Die ki.toml wurde seit dem Abschluss geändert. Schreiben Sie die Meldung mit der "
                       "ki.toml, mit der der Monat abgeschlossen wurde (--config), oder öffnen Sie den "
                       "Monat wieder und schließen Sie ihn erneut ab.")
    # the months before, with hours in the closed report (its series of shares), not closed
    reihe = glied.daten["bericht"].get("monate", {})
    offen = [m for m, anteil in sorted(reihe.items()) if m < monat and anteil is not None
             and m not in stand.geschlossen]
    if offen and any(k in SEIT_JANUAR for k in abweichend):
        gruende.append(f"Nicht abgeschlossen {'ist' if len(offen) == 1 else 'sind'} {_monate_titel(offen)}: "
                       "Die Zahlen seit Januar nimmt die Meldung aus den abgeschlossenen Monaten der Ablage, "
                       "der Bericht nahm sie aus den Nachweisen. Schließen Sie diese Monate zuerst ab "
                       f"(kibericht abschliessen NACHWEISE --monat {offen[0]}).")
    if not gruende:
        gruende.append("Ein früherer Monat des Jahres wurde nach diesem Abschluss wiedereröffnet oder neu "
                       "abgeschlossen, oder die Nachweise enthielten beim Abschluss Einträge, die in keinem "
                       "Abschluss stehen. Öffnen Sie den Monat wieder und schließen Sie ihn erneut ab; dann "
                       "gehört die Meldung zum neuen Abschluss.")
    return " ".join(gruende)


def meldung_aus_ablage(stand: Ablagestand, glied: Glied, config: KIConfig, *,
                       konfig_sha256: str | None = None) -> Meldungsinhalt:
    """The Meldung of the closing `glied` of `stand` (an Ablage read with `dateien_pruefen`).

    `konfig_sha256`: the hash of the ki.toml `config` was read from, to say so when it is not the
    one of the closing. Raises `MeldungFehler` (German) when the Ablage has errors, `glied` is not
    an intact closing, or its filed entries do not give its filed figures."""
    if not stand.vollstaendig:
        raise ValueError("meldung_aus_ablage needs an Ablage read with dateien_pruefen=True")
    if not stand.fehlerfrei:
        raise MeldungFehler(f"Die Ablage „{anzeige(stand.ordner)}“ hat Fehler (kibericht verifizieren nennt "
                            "sie); eine Meldung wird erst geschrieben, wenn sie aus der Sicherung "
                            "wiederhergestellt ist.")
    if glied.art != ABSCHLUSS or not glied.intakt:
        raise MeldungFehler(f"Nr. {glied.nr:04d} der Ablage ist kein intakter Abschluss.")
    periode = Periode.parse_monat(glied.monat)
    alle = eintraege(abschluesse_des_jahres(stand, glied))
    bericht = berechne_bericht(alle, config, periode)
    abweichend = abweichungen(bericht_dokument(bericht, []), glied.daten["bericht"],
                              glied.daten.get("format", 1))
    if abweichend:
        was = ", ".join(GEPRUEFT[k] for k in abweichend)
        raise MeldungFehler(
            f"Aus der Ablage ergeben sich für {periode.titel} andere Zahlen als im abgeschlossenen Bericht "
            f"(Nr. {glied.nr:04d}, Version {glied.daten['version']}): {was}. "
            f"{_warum(glied, stand, abweichend, konfig_sha256)}")
    bis_monat = berechne_bericht(alle, config, periode.bis_jetzt())
    return meldungsinhalt(bericht, glied, geheimhaltung_der_meldung(alle, config, periode),
                          bis_monat=bis_monat, kette=stand.glieder)


def konfig_pruefsumme(pfad: Path | None) -> str | None:
    """sha256 of ki.toml at `pfad` (None when there is no such file)."""
    try:
        return None if pfad is None else datei_sha256(Path(pfad))
    except OSError:
        return None
