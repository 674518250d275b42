"""Use case „einrichten“: create or edit a KI's ki.toml by answering what the KI knows.

The faces (`kibericht einrichten`, the Einstellungen page of the web app) drive it step by step::

    entwurf = entwurf_aus_datei("ki.toml")            # or neuer_entwurf()
    schritt = pruefe_schritt(entwurf, "stelle", {"id": "FK1", "art": "Fachkraft", …})
    if schritt.ok:
        entwurf = schritt.entwurf                      # else show schritt.befunde at their fields
    folgen(entwurf, 2025).ergebnis.foerderung          # the Pauschale per Stelle and month
    speichern(entwurf, "ki.toml")                      # a file `load_config` reads without findings

Every answer is checked with the rules and messages of ki.toml (`pruefe_antwort` for one field,
`pruefe_schritt` for one item including what the loader checks across keys); suggestions come
from the documented tables in `schemas/` (`vorschlag_pauschale`, `vorschlag_hoechstbetrag`,
`kommunen_von`). Nothing here prints, asks or exits; a draft that cannot be saved is an
`Aufruffehler` with one finding per problem.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibericht.anwendung.aufruf import Aufruffehler, anzeige, fehler_bei
from kibericht.befunde import Code, Finding, befund, ursache
from kibericht.konfig import ConfigError, KIConfig, load_config
from kibericht.konfig.einrichtung import FEHLER, FELDER, Entwurf, Feldbefund, Rohwert, entwurf_aus_text
from kibericht.konfig.einrichtung_formular import (
    entferne,
    feld_schluessel,
    formular_von,
    formulartext,
    pruefe_antwort,
    setze,
)
from kibericht.konfig.einrichtung_toml import (
    Dateifehler,
    Entwurfspruefung,
    als_toml,
    nicht_erfragt,
    ohne,
    pruefe_entwurf,
)
from kibericht.konfig.feldpruefung import Feldpruefung
from kibericht.konfig.modell import NICHT_PAUSCHAL, JahresWert
from kibericht.konfig.schluessel import schluessel
from kibericht.konfig.toml_zeilen import toml_syntaxfehler
from kibericht.konfig.vorschlaege import (
    KREIS,
    KREISFREI,
    Gebiet,
    Vorschlag,
    gebiet,
    gebiete,
    kommunen_von,
    vorschlag_hoechstbetrag,
    vorschlag_pauschale,
)
from kibericht.regeln.urteil import EXIT_OK

if TYPE_CHECKING:
    from kibericht.anwendung.auswertung import FoerderErgebnis

__all__ = [
    "FELDER", "KREIS", "KREISFREI", "Dateifehler", "Entwurf", "Entwurfspruefung", "Feldbefund",
    "Feldpruefung", "Folgen", "Formularfeld", "Gebiet", "Rohwert", "Schritt", "Schrittergebnis",
    "Speicherergebnis", "Vorschlag", "antworten_anwenden", "antworten_lesen", "entferne",
    "entwurf_aus_datei", "folgen", "formular_von", "formulartext", "gebiet", "gebiete", "kommunen_von",
    "neuer_entwurf", "nicht_erfragt", "ohne", "pruefe_antwort", "pruefe_entwurf", "pruefe_schritt",
    "schritte", "speichern", "text_des_entwurfs", "vorschlag_hoechstbetrag", "vorschlag_pauschale",
    "NICHT_PAUSCHAL", "JahresWert",  # for a face: funding without Pauschale, an amount per year
]


# ---------------------------------------------------------------------------- the steps

@dataclass(frozen=True)
class Formularfeld:
    """One field of a step's form: its name in the form, German label and help, an example,
    whether it must be answered and the allowed values (a choice). An amount is given per year
    as `pauschale_2025`, `pauschale_2026` … (or `pauschale` for all years), a besetzt period as
    `besetzt_1_von`, `besetzt_1_bis`, `besetzt_1_umfang`, `besetzt_1_notiz`, then `besetzt_2_…`."""

    name: str
    label: str
    hilfe: str
    beispiel: str = ""
    pflicht: bool = False
    auswahl: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schritt:
    name: str
    titel: str
    hilfe: str
    felder: tuple[Formularfeld, ...]
    liste: bool  # one form per item (a Stelle, a programme …)


_EIGENE_FELDER = {
    ("ki", "kreis"): Formularfeld(
        "kreis", "Kreis oder kreisfreie Stadt", "Für die Vorschläge: die Städte und Gemeinden des Kreises "
        "als Kommunen, der Höchstbetrag nach der Art des KI. Steht nicht in ki.toml (nur als Kommentar).",
        "Rhein-Sieg-Kreis"),
    ("ki", "jahre"): Formularfeld(
        "jahre", "Förderjahre", "Die Jahre, für die Pauschalen und Höchstbeträge eingetragen werden (meist "
        "der Zweijahreszeitraum der Schwerpunkte).", "2025-2026", pflicht=True),
    ("stelle", "besetzt"): Formularfeld(
        "besetzt", "Besetzung", "Zeiträume, in denen die Stelle besetzt ist: besetzt_1_von, besetzt_1_bis, "
        "besetzt_1_umfang, besetzt_1_notiz, dann besetzt_2_… Ohne Zeitraum ganzjährig besetzt. Ein Wechsel "
        "der Person ist ein neuer Zeitraum; die Stelle bleibt.", "01.03.2025"),
}


def _formularfeld(schritt: str, feld: str) -> Formularfeld:
    if (schritt, feld) in _EIGENE_FELDER:
        return _EIGENE_FELDER[(schritt, feld)]
    ziel = feld_schluessel(schritt, feld)
    assert ziel is not None, (schritt, feld)
    s = schluessel(*ziel)
    auswahl = s.erlaubt() if s.auswahl else ()
    hilfe = s.hilfe
    if s.name in ("pauschale", "hoechstbetrag"):  # in a form: `pauschale_2025` … or `pauschale` (all years)
        hilfe += " Beträge wie 57.000 oder 57000; maßgeblich ist der Bescheid."
    return Formularfeld(feld, s.label, hilfe, s.beispiel.strip('"'), s.pflicht, auswahl)


_TITEL = {
    "ki": ("Das KI", "Name, Kreis oder kreisfreie Stadt, Kommunen, Förderjahre und die Kürzung der "
           "Pauschale."),
    "programm": ("Förderprogramme", "Jedes Programm, aus dem Stellen gefördert werden, mit seinem "
                 "Höchstbetrag je Jahr laut Bescheid."),
    "stelle": ("Stellenplan", "Jede Stelle: Art, Stellenanteil, Wochenstunden, Förderung, Pauschale je Jahr "
               "und wann sie besetzt war oder ist."),
    "schwerpunkt": ("Themenschwerpunkte", "Die vom Ausschuss beschlossenen Schwerpunkte des "
                    "Zweijahreszeitraums."),
    "meilenstein": ("Meilensteine", "Ein Meilenstein je Schwerpunkt und Jahr; mit Tätigkeit und Mindestzahl "
                    "wird er aus den Nachweisen gezählt."),
    "ordner": ("Ordner", "Wo die Tätigkeitsnachweise liegen und wo abgeschlossene Monate abgelegt werden."),
}


def schritte() -> tuple[Schritt, ...]:
    """The steps in the order they are asked, each with its form fields."""
    return tuple(Schritt(name, *_TITEL[name], tuple(_formularfeld(name, f) for f in FELDER[name]),
                         liste=name not in ("ki", "ordner")) for name in FELDER)


# ---------------------------------------------------------------------------- the draft

def neuer_entwurf() -> Entwurf:
    """An empty draft for a new ki.toml."""
    return Entwurf()


def entwurf_aus_datei(pfad: Path | str) -> Entwurf:
    """The draft of an existing ki.toml, to edit it (comments and unknown parts are kept). Values
    that fail their check are kept as `Rohwert` and reported by `pruefe_entwurf`."""
    pfad = Path(pfad)
    try:
        text = pfad.read_text("utf-8-sig")
    except FileNotFoundError:
        raise fehler_bei(f"Die Konfiguration „{anzeige(pfad)}“ gibt es nicht.", pfad,
                         Code.KONFIG_FEHLT) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fehler_bei(f"Die Konfiguration „{anzeige(pfad)}“ kann nicht gelesen werden ({ursache(exc)}).",
                         pfad, Code.KONFIG_UNLESBAR) from None
    try:
        return entwurf_aus_text(text, pfad.name)
    except ConfigError as exc:
        raise Aufruffehler("Die Konfiguration ist kein gültiges TOML und kann so nicht bearbeitet werden:\n"
                           + "\n".join(f"  {e}" for e in exc.errors), exc.befunde) from None


@dataclass(frozen=True)
class Schrittergebnis:
    """The draft with one step's answers, and the findings of that step's item: each field's
    own and what the loader finds across keys. Keep the previous draft while `ok` is false."""

    entwurf: Entwurf
    befunde: tuple[Feldbefund, ...]

    @property
    def ok(self) -> bool:
        return not any(b.schwere == FEHLER for b in self.befunde)


def pruefe_schritt(entwurf: Entwurf, schritt: str, formular: Mapping[str, str], nr: int | None = None,
                   eltern: int | None = None) -> Schrittergebnis:
    """Take the answers of one step (`nr`: the item; None: a new one) and check them: every
    field as ki.toml checks it, then the whole draft with the loader, keeping the findings that
    name this item."""
    neu, eigene = setze(entwurf, schritt, formular, nr, eltern)
    if any(b.schwere == FEHLER for b in eigene):
        return Schrittergebnis(neu, eigene)
    listen = {"programm": neu.programme, "stelle": neu.stellen, "schwerpunkt": neu.schwerpunkte}
    if nr is None and schritt in listen:
        nr = len(listen[schritt]) - 1
    elif nr is None and schritt == "meilenstein" and eltern is not None:
        nr = len(neu.schwerpunkte[eltern].meilensteine) - 1
    pruefung = pruefe_entwurf(neu)
    nr_passt = schritt in ("ki", "ordner")
    return Schrittergebnis(neu, tuple(b for b in pruefung.befunde if b.schritt == schritt
                                      and (nr_passt or b.nr == nr) and b.eltern == eltern))


def antworten_anwenden(entwurf: Entwurf, antworten: Mapping[str, Any]) -> Schrittergebnis:
    """Apply a whole set of answers (for scripts: `kibericht einrichten --antworten datei.toml`):
    `[ki]`, `[[programm]]`, `[[stelle]]`, `[[schwerpunkt]]` with `[[schwerpunkt.meilenstein]]`,
    `[ordner]`, each holding the form fields of its step (without `kommunen`, the towns of the
    `kreis`). A programme, Stelle or Schwerpunkt with
    the name or id of one in the draft replaces it; others are added. Values may be text or
    numbers; every finding of every step is returned."""
    befunde: list[Feldbefund] = []

    def texte(tabelle: Mapping[str, Any]) -> dict[str, str]:
        return {k: (", ".join(map(str, v)) if isinstance(v, list) else str(v)) for k, v in tabelle.items()
                if not isinstance(v, (dict, list)) or k == "kommunen"}

    def schritt(name: str, formular: Mapping[str, Any], nr: int | None = None,
                eltern: int | None = None) -> None:
        nonlocal entwurf
        ergebnis = pruefe_schritt(entwurf, name, texte(formular), nr, eltern)
        befunde.extend(ergebnis.befunde)
        if ergebnis.ok:
            entwurf = ergebnis.entwurf

    def nummer(items: tuple[Any, ...], schluessel_name: str, wert: object) -> int | None:
        return next((i for i, item in enumerate(items) if getattr(item, schluessel_name) == wert), None)

    if "ki" in antworten:
        ki = {**formular_von(entwurf, "ki"), **texte(antworten["ki"])}
        if not ki.get("kommunen"):  # the towns of the Kreis, as the questions suggest them
            ki["kommunen"] = ", ".join(kommunen_von(ki.get("kreis", "")))
        schritt("ki", ki)
    for p in antworten.get("programm", []):
        schritt("programm", p, nummer(entwurf.programme, "name", p.get("name")))
    for s in antworten.get("stelle", []):
        schritt("stelle", s, nummer(entwurf.stellen, "id", s.get("id")))
    for sp in antworten.get("schwerpunkt", []):
        nr = nummer(entwurf.schwerpunkte, "id", sp.get("id"))
        schritt("schwerpunkt", sp, nr)
        eltern = nummer(entwurf.schwerpunkte, "id", sp.get("id"))
        if eltern is None:
            continue
        for m in sp.get("meilenstein", []):
            jahr = int(m["jahr"]) if str(m.get("jahr", "")).isdigit() else None
            schritt("meilenstein", m, nummer(entwurf.schwerpunkte[eltern].meilensteine, "jahr", jahr), eltern)
    if "ordner" in antworten:
        schritt("ordner", {**formular_von(entwurf, "ordner"), **texte(antworten["ordner"])})
    return Schrittergebnis(entwurf, tuple(befunde))


def antworten_lesen(pfad: Path | str) -> dict[str, Any]:
    """A file of answers (TOML) for `antworten_anwenden`."""
    pfad = Path(pfad)
    try:
        text = pfad.read_text("utf-8-sig")
    except FileNotFoundError:
        raise fehler_bei(f"Die Datei mit den Antworten „{anzeige(pfad)}“ gibt es nicht.", pfad,
                         Code.DATEI_FEHLT) from None
    except (OSError, UnicodeDecodeError) as exc:
        grund = ursache(exc) if isinstance(exc, OSError) else "sie ist nicht in UTF-8 gespeichert"
        raise fehler_bei(f"Die Datei mit den Antworten „{anzeige(pfad)}“ kann nicht gelesen werden "
                         f"({grund}).", pfad) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # tomllib's English, in German with line and column
        syntax = toml_syntaxfehler(str(exc), text, anzeige(pfad))
        raise Aufruffehler(f"Die Datei mit den Antworten „{anzeige(pfad)}“: {syntax.meldung}",
                           [syntax]) from None


# ---------------------------------------------------------------------------- consequences

@dataclass(frozen=True)
class Folgen:
    """What the draft means for the money of `jahr`: the result of `kibericht foerderung` for it
    (`ergebnis`: per Stelle and month, per programme against its cap, the warnings), or — while
    the draft has errors — None and the findings that stand in the way."""

    jahr: int
    ergebnis: FoerderErgebnis | None
    befunde: tuple[Feldbefund, ...] = ()

    @property
    def dokument(self) -> dict[str, Any]:
        """The JSON document of `kibericht foerderung --jahr JAHR` for the draft."""
        if self.ergebnis is None:
            return {"jahr": self.jahr, "fehler": [dataclasses.asdict(b) for b in self.befunde]}
        return self.ergebnis.dokument


def folgen(entwurf: Entwurf, jahr: int) -> Folgen:
    """The Pauschale per Stelle and month and each programme against its cap in `jahr`, as
    `kibericht foerderung` computes them for the configuration the draft would write."""
    from kibericht.anwendung.auswertung import foerderung

    pruefung = pruefe_entwurf(entwurf)
    if pruefung.config is None:
        return Folgen(jahr, None, tuple(b for b in pruefung.befunde if b.schwere == FEHLER))
    # the configuration alone: the logs folder it names may not exist yet
    return Folgen(jahr, foerderung(dataclasses.replace(pruefung.config, nachweise=None), jahr))


# ---------------------------------------------------------------------------- saving

@dataclass(frozen=True)
class Speicherergebnis:
    """The ki.toml written: its path, whether it is new (there was no file), the configuration
    as `load_config` reads it, and the logs folder created for it (None: none was needed)."""

    datei: Path
    neu: bool
    config: KIConfig
    ordner_angelegt: Path | None = None

    exit_code = EXIT_OK

    @property
    def befunde(self) -> tuple[Finding, ...]:
        return self.config.befunde

    @property
    def dateien(self) -> tuple[Path, ...]:
        return (self.datei,)

    @property
    def dokument(self) -> dict[str, Any]:
        return {"datei": anzeige(self.datei), "neu": self.neu, "stellen": len(self.config.stellen),
                "programme": [p.name for p in self.config.programme],
                "schwerpunkte": [s.id for s in self.config.schwerpunkte],
                "nachweise": None if self.config.nachweise is None else anzeige(self.config.nachweise),
                "ordner_angelegt": None if self.ordner_angelegt is None else anzeige(self.ordner_angelegt),
                "warnungen": [f.to_json() for f in self.config.befunde]}


def _als_befund(b: Feldbefund, datei: str) -> Finding:
    return befund(Code.KONFIG_UNGUELTIG, datei, None, None, b.feld, None, b.meldung)


def speichern(entwurf: Entwurf, pfad: Path | str, ueberschreiben: bool = False) -> Speicherergebnis:
    """Write the draft to `pfad` (atomically) and create its logs folder when missing. Refused
    (nothing written): a draft with errors, an existing file that is not the one being edited
    (unless `ueberschreiben`), a file that changed on disk since it was read for editing."""
    from kibericht.ausgabe.atomar import AusgabeFehler, write_bytes_atomic

    pfad = Path(pfad)
    pruefung = pruefe_entwurf(entwurf, pfad.name)
    if pruefung.config is None:
        fehler = [b for b in pruefung.befunde if b.schwere == FEHLER]
        raise Aufruffehler("Die Konfiguration ist noch nicht vollständig oder fehlerhaft; nichts wurde "
                           "geschrieben:\n" + "\n".join(f"  {b.meldung}" for b in fehler),
                           [_als_befund(b, anzeige(pfad)) for b in fehler])
    vorhanden = pfad.is_file()
    if entwurf.vorlage is not None and vorhanden:
        try:
            jetzt = pfad.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise fehler_bei(f"„{anzeige(pfad)}“ kann nicht gelesen werden ({ursache(exc)}).", pfad) from None
        if jetzt != entwurf.wie_gelesen and not ueberschreiben:
            raise fehler_bei(f"„{anzeige(pfad)}“ wurde geändert, seit sie zum Bearbeiten gelesen wurde. "
                             "Nichts wurde geschrieben; starten Sie die Einrichtung erneut, damit keine "
                             "Änderung verloren geht.", pfad)
    elif vorhanden and not ueberschreiben:
        raise fehler_bei(f"„{anzeige(pfad)}“ gibt es schon; sie wird nicht ohne Rückfrage überschrieben. "
                         "Bearbeiten Sie sie (kibericht einrichten --config DATEI) oder bestätigen Sie das "
                         "Überschreiben.", pfad)
    try:
        write_bytes_atomic(pfad, pruefung.text.encode("utf-8"))
    except AusgabeFehler as exc:
        raise Aufruffehler(exc.meldung, [exc.befund]) from None
    try:
        config = load_config(pfad)
    except ConfigError as exc:  # cannot happen: the same text was checked above
        raise Aufruffehler("\n".join(exc.errors), exc.befunde) from None
    angelegt = None
    if config.nachweise is not None and not config.nachweise.exists():
        try:
            config.nachweise.mkdir(parents=True)
        except OSError as exc:
            raise fehler_bei(f"Der Ordner der Nachweise „{anzeige(config.nachweise)}“ kann nicht angelegt "
                             f"werden ({ursache(exc)}). ki.toml ist geschrieben.", config.nachweise) from None
        angelegt = config.nachweise
    return Speicherergebnis(pfad, not vorhanden, config, angelegt)


def text_des_entwurfs(entwurf: Entwurf) -> str:
    """The text ki.toml would get (to show it before saving)."""
    return als_toml(entwurf)
