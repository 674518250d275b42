"""The forms of the guided setup: for one step of `anwendung.einrichtung` (the KI, a programme,
a Stelle, a Schwerpunkt, a milestone, the folders) the fields with their German labels and help
(`einrichtung.schritte()`, from the keys of ki.toml), their values, the findings of the use case
at the field they name, and the suggestions of the documented tables.

Nothing here checks an answer: every message comes from `einrichtung.pruefe_schritt` (the rules
and messages of ki.toml), and every suggestion from `einrichtung.vorschlag_pauschale`,
`vorschlag_hoechstbetrag` and `gebiet`. This module only lays them out::

    f = formular(entwurf, Ziel("stelle", None), werte, befunde=ergebnis.befunde, jahr=2025)
    f.gruppen[0].felder[0].name, f.gruppen[0].felder[0].meldungen
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from kibericht.anwendung import einrichtung as ein
from kibericht.zahlen import de_zahl

FEHLER, WARNUNG, HINWEIS = "fehler", "warnung", "hinweis"
BETRAEGE = {"programm": "hoechstbetrag", "stelle": "pauschale"}  # the step's amount per year
ZEITRAUM_TEILE = ("von", "bis", "umfang", "notiz")
ZEITRAUM_LABEL = {"von": "besetzt ab", "bis": "besetzt bis", "umfang": "Stellenanteil im Zeitraum (VZÄ)",
                  "notiz": "Notiz (nur als Kommentar)"}
ZEITRAUM_HILFE = {"von": "Datum, z. B. 01.03.2025.", "bis": "Leer: weiterhin besetzt.",
                  "umfang": "Leer: der Stellenanteil der Stelle.",
                  "notiz": "Z. B. „neue Person“ – keine Namen; steht nur als Kommentar in ki.toml."}
PROGRAMM_NAMEN = ("KI", "KOMM-AN", "KIM")


@dataclass(frozen=True)
class Ziel:
    """Which form: a step and its item (`nr` from 0; None: a new one), for a milestone the
    Schwerpunkt it belongs to (`eltern`)."""

    schritt: str
    nr: int | None = None
    eltern: int | None = None

    @property
    def url(self) -> str:
        """The form's address: /einstellungen/einrichten/stelle/2, …/schwerpunkt/1/meilenstein/neu."""
        nr = "neu" if self.nr is None else str(self.nr + 1)
        if self.schritt in ("ki", "ordner"):
            return f"/einstellungen/einrichten/{self.schritt}"
        if self.schritt == "meilenstein":
            assert self.eltern is not None
            return f"/einstellungen/einrichten/schwerpunkt/{self.eltern + 1}/meilenstein/{nr}"
        return f"/einstellungen/einrichten/{self.schritt}/{nr}"

    def trifft(self, b: ein.Feldbefund) -> bool:
        """Whether a finding of the whole draft belongs to this item."""
        return b.schritt == self.schritt and (self.schritt in ("ki", "ordner") or b.nr == self.nr) \
            and b.eltern == self.eltern


@dataclass(frozen=True)
class Meldung:
    text: str
    schwere: str = FEHLER


Meldungen = Mapping[str | None, tuple[Meldung, ...]]  # by the field they name (None: the item)
Vorschlaege = Mapping[str, tuple[str | None, str]]  # by field: (value or None, the sentence beside it)


@dataclass(frozen=True)
class Feld:
    """One control: its name in the form, label, help, value, kind (`text`, `auswahl`,
    `textbereich`, `betrag`), the choices of a selection, the id of its list of suggestions
    (`liste`), the findings at it and a suggestion beside it (`vorschlag`)."""

    name: str
    label: str
    hilfe: str = ""
    wert: str = ""
    pflicht: bool = False
    art: str = "text"
    auswahl: tuple[tuple[str, str], ...] = ()
    liste: str | None = None
    meldungen: tuple[Meldung, ...] = ()
    vorschlag: str = ""

    @property
    def fehlerhaft(self) -> bool:
        return any(m.schwere == FEHLER for m in self.meldungen)


@dataclass(frozen=True)
class Gruppe:
    """A fieldset: its fields, findings that name it as a whole (`name`, e.g. „besetzt“), the
    groups inside it (a Stelle's periods) and the buttons that act on it (`knoepfe`: aktion,
    label)."""

    name: str
    titel: str
    hilfe: str
    felder: tuple[Feld, ...] = ()
    meldungen: tuple[Meldung, ...] = ()
    zeilen: tuple[Gruppe, ...] = ()
    knoepfe: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Formular:
    ziel: Ziel
    titel: str
    hilfe: str
    gruppen: tuple[Gruppe, ...]
    meldungen: tuple[Meldung, ...] = ()  # about the item as a whole
    fokus: str | None = None  # the field the cursor is put into
    listen: dict[str, tuple[str, ...]] = field(default_factory=dict)  # datalists by id

    @property
    def felder(self) -> tuple[Feld, ...]:
        """Every field, a Stelle's periods included, in the order of the form."""
        return tuple(f for g in self.gruppen for f in (*g.felder, *(f for z in g.zeilen for f in z.felder)))

    @property
    def fehlerhaft(self) -> bool:
        """Whether a field, a group or the item has an error."""
        gruppen = (m for g in self.gruppen for m in g.meldungen)
        return any(f.fehlerhaft for f in self.felder) or any(m.schwere == FEHLER
                                                             for m in (*self.meldungen, *gruppen))


# ---------------------------------------------------------------------------- the step's fields

@lru_cache(maxsize=1)
def _schritte() -> dict[str, ein.Schritt]:
    return {s.name: s for s in ein.schritte()}


def schritt(name: str) -> ein.Schritt:
    return _schritte()[name]


def _beschreibung(schritt_name: str, feld: str) -> ein.Formularfeld:
    return next(f for f in schritt(schritt_name).felder if f.name == feld)


def meldungen_nach_feld(befunde: tuple[ein.Feldbefund, ...]) -> dict[str | None, tuple[Meldung, ...]]:
    """The findings of an item by the field they name (None: the item as a whole)."""
    nach: dict[str | None, list[Meldung]] = {}
    for b in befunde:
        nach.setdefault(b.feld, []).append(Meldung(b.meldung, b.schwere))
    return {k: tuple(v) for k, v in nach.items()}


def _feld(schritt_name: str, name: str, werte: Mapping[str, str], meldungen: Meldungen,
          vorschlaege: Vorschlaege, art: str | None = None,
          auswahl: tuple[tuple[str, str], ...] | None = None, label: str | None = None,
          hilfe: str | None = None, liste: str | None = None) -> Feld:
    b = _beschreibung(schritt_name, name.split("_")[0] if name.startswith(tuple(BETRAEGE.values())) else name)
    wahl = auswahl if auswahl is not None else tuple((w, w) for w in b.auswahl)
    text = hilfe if hilfe is not None else b.hilfe
    if b.beispiel and art != "auswahl" and not wahl and hilfe is None:
        text = f"{text} Beispiel: {b.beispiel}"
    return Feld(name, label or b.label, text, werte.get(name, ""), b.pflicht and not name[-4:].isdigit(),
                art or ("auswahl" if wahl else "text"), wahl, liste, meldungen.get(name, ()),
                vorschlaege[name][1] if name in vorschlaege else "")


def _mit_leerem(auswahl: tuple[str, ...], leer: str) -> tuple[tuple[str, str], ...]:
    return (("", leer), *((w, w) for w in auswahl))


def _ki(werte: Mapping[str, str], m: Meldungen, v: Vorschlaege) -> tuple[Gruppe, ...]:
    f = [_feld("ki", "kreis", werte, m, v, liste="gebiete"),
         _feld("ki", "name", werte, m, v),
         _feld("ki", "kommunen", werte, m, v, art="textbereich",
               hilfe="Durch Komma getrennt. „kreisweit“ ist immer zusätzlich erlaubt."),
         _feld("ki", "jahre", werte, m, v, hilfe="Ein Jahr oder ein Zeitraum, z. B. 2025 oder 2025-2026: "
               "für diese Jahre werden Pauschalen und Höchstbeträge eingetragen."),
         _feld("ki", "anteilig", werte, m, v, auswahl=_mit_leerem(("tagesgenau", "volle_monate"),
                                                                   "nicht angegeben (tagesgenau)"))]
    knopf = (("vorschlag", "Name und Kommunen aus dem Kreis einsetzen"),)
    return (Gruppe("", "Das KI", "", tuple(f), knoepfe=knopf),)


def _jahre_der_betraege(name: str, werte: Mapping[str, str], jahre: tuple[int, ...]) -> list[int]:
    im_formular = {int(k.rsplit("_", 1)[1]) for k in werte if re.fullmatch(rf"{name}_\d{{4}}", k)}
    return sorted(set(jahre) | im_formular)


def _betraege(schritt_name: str, werte: Mapping[str, str], m: Meldungen,
              v: Vorschlaege, jahre: tuple[int, ...], titel: str, hilfe: str) -> Gruppe:
    """An amount per year (`pauschale_2025` …), or one for all years where the file gives one."""
    name = BETRAEGE[schritt_name]
    b = _beschreibung(schritt_name, name)
    if werte.get(name) or not jahre:
        felder = [_feld(schritt_name, name, werte, m, v, art="betrag", label="Betrag für alle Jahre in €",
                        hilfe="Ein Betrag für jedes Jahr. Für Beträge je Jahr leeren Sie das Feld und tragen "
                              "Förderjahre beim KI ein.")]
    else:
        felder = [_feld(schritt_name, f"{name}_{j}", werte, m, v, art="betrag", label=f"{j} in €",
                        hilfe="") for j in _jahre_der_betraege(name, werte, jahre)]
    knoepfe = (("vorschlag", "Vorgeschlagene Beträge einsetzen"),)
    return Gruppe(name, titel, f"{hilfe} {b.hilfe.split('. ', 1)[-1]}", tuple(felder), m.get(name, ()),
                  knoepfe=knoepfe)


def _programm(werte: Mapping[str, str], m: Meldungen, v: Vorschlaege,
              jahre: tuple[int, ...]) -> tuple[Gruppe, ...]:
    name = Gruppe("", "Programm", "",
                  (_feld("programm", "name", werte, m, v, liste="programme"),))
    return (name, _betraege("programm", werte, m, v, jahre, "Höchstbetrag je Jahr",
                            "Für alle Stellen des Programms zusammen, laut Bescheid."))


def zeitraeume_im_formular(werte: Mapping[str, str]) -> list[int]:
    """The numbers of the besetzt periods a form holds (besetzt_1_…, besetzt_2_…)."""
    return sorted({int(x.group(1)) for k in werte if (x := re.fullmatch(r"besetzt_(\d+)_\w+", k))})


def _stelle(werte: Mapping[str, str], m: Meldungen, v: Vorschlaege,
            jahre: tuple[int, ...], programme: tuple[str, ...], zeitraeume: int) -> tuple[Gruppe, ...]:
    foerderung = tuple(dict.fromkeys((*programme, *ein.NICHT_PAUSCHAL)))
    wert = werte.get("foerderung", "")
    wahl = tuple((p, p) for p in foerderung) if wert in foerderung or not wert else \
        ((wert, wert), *((p, p) for p in foerderung))  # a value of the file that is no programme: shown
    art = werte.get("art", "")
    arten = _beschreibung("stelle", "art").auswahl
    art_wahl = _mit_leerem(arten, "bitte wählen") if art in arten or not art else \
        ((art, art), *((a, a) for a in arten))
    angaben = Gruppe("", "Die Stelle", "", (
        _feld("stelle", "id", werte, m, v, hilfe="Das Kürzel, das die Mitarbeitenden in die Spalte „Stelle“ "
              "schreiben, z. B. FK1. Eindeutig; bleibt gleich, wenn die Person wechselt."),
        _feld("stelle", "bezeichnung", werte, m, v),
        _feld("stelle", "art", werte, m, v, auswahl=art_wahl),
        _feld("stelle", "umfang", werte, m, v,
              hilfe="Stellenanteil in Vollzeitäquivalenten, z. B. 1 oder 0,5."),
        _feld("stelle", "wochenstunden", werte, m, v),
        _feld("stelle", "foerderung", werte, m, v, auswahl=wahl,
              hilfe="Ein Förderprogramm (Schritt 2), „Land“ (vom Land bezahlt, z. B. Lehrkräfte; keine "
                    "Pauschale) oder „Eigenmittel“.")))
    betraege = _betraege("stelle", werte, m, v, jahre, "Pauschale je Jahr bei voller Besetzung",
                         "Der Betrag für diese Stelle bei voller Besetzung (bei einer halben Stelle der "
                         "Betrag der halben Stelle); nur bei einem Förderprogramm.")
    nummern = zeitraeume_im_formular(werte)
    nummern += [max(nummern, default=0) + i for i in range(1, max(0, zeitraeume - len(nummern)) + 1)]
    zeilen = tuple(Gruppe(f"besetzt_{n}", f"Zeitraum {j}", "", tuple(
        Feld(f"besetzt_{n}_{t}", ZEITRAUM_LABEL[t], ZEITRAUM_HILFE[t], werte.get(f"besetzt_{n}_{t}", ""),
             meldungen=m.get(f"besetzt_{n}_{t}", ())) for t in ZEITRAUM_TEILE))
        for j, n in enumerate(nummern, start=1))
    besetzung = Gruppe("besetzt", "Besetzung und Vakanzen",
                       "Ohne Zeitraum ist die Stelle ganzjährig besetzt. Wechselt die Person, ändert sich "
                       "der Umfang oder ist die Stelle zeitweise unbesetzt, tragen Sie je Person und Umfang "
                       "einen Zeitraum ein; die Zeit dazwischen ist Vakanz. Namen gehören nicht hierher.",
                       meldungen=m.get("besetzt", ()), zeilen=zeilen,
                       knoepfe=(("zeitraum", "Weiteren Zeitraum hinzufügen"),))
    return angaben, betraege, besetzung


def _schwerpunkt(werte: Mapping[str, str], m: Meldungen, v: Vorschlaege) -> tuple[Gruppe, ...]:
    felder = [_feld("schwerpunkt", n, werte, m, v, art="textbereich" if n in ("zielbezug", "ziel") else None)
              for n in ein.FELDER["schwerpunkt"]]
    return (Gruppe("", "Der Schwerpunkt", "", tuple(felder)),)


def _meilenstein(werte: Mapping[str, str], m: Meldungen, v: Vorschlaege) -> tuple[Gruppe, ...]:
    felder = [_feld("meilenstein", n, werte, m, v, art="textbereich" if n == "text" else None)
              for n in ein.FELDER["meilenstein"]]
    return (Gruppe("", "Der Meilenstein", "", tuple(felder)),)


def _ordner(werte: Mapping[str, str], m: Meldungen, v: Vorschlaege) -> tuple[Gruppe, ...]:
    felder = (_feld("ordner", "nachweise", werte, m, v),
              _feld("ordner", "ablage", werte, m, v, hilfe=_beschreibung("ordner", "ablage").hilfe
                    + " Leer: „abschluesse“ neben der ki.toml."))
    return (Gruppe("", "Ordner", "", felder),)


# ---------------------------------------------------------------------------- suggestions

def _betrag_text(betrag: object) -> str:
    return de_zahl(float(betrag), 2).removesuffix(",00")  # type: ignore[arg-type]


def vorschlaege(entwurf: ein.Entwurf, schritt_name: str, werte: Mapping[str, str]) -> Vorschlaege:
    """What the tables suggest for the fields of a form, by field: (the value, None for a note
    only; the sentence shown beside the field with the computation and its source)."""
    if schritt_name == "ki":
        kreis = werte.get("kreis", "").strip()
        g = ein.gebiet(kreis)
        if g is None:
            kein = "Kein Kreis und keine kreisfreie Stadt in NRW mit diesem Namen: tragen Sie Name und " \
                   "Kommunen selbst ein."
            return {"kreis": (None, kein)} if kreis else {}
        name = f"Kommunales Integrationszentrum {g.name}"
        welche = (f"die {len(g.kommunen)} Städte und Gemeinden ({g.name})" if g.art == ein.KREIS
                  else f"die kreisfreie Stadt {g.name}")
        art = (f"Kreis mit {len(g.kommunen)} Städten und Gemeinden" if g.art == ein.KREIS
               else "kreisfreie Stadt")
        return {"kreis": (None, f"Gefunden: {g.name} ({art})."), "name": (name, f"Vorschlag: {name}."),
                "kommunen": (", ".join(g.kommunen), f"Vorschlag: {welche}.")}
    jahre = _jahre_der_betraege(BETRAEGE.get(schritt_name, "-"), werte, entwurf.jahre)
    if schritt_name == "programm":
        g = ein.gebiet(entwurf.kreis)
        gebiet = g.art if g is not None else ein.KREIS
        name = werte.get("name", "").strip()
        vor = {j: ein.vorschlag_hoechstbetrag(name, gebiet, j) for j in jahre} if name else {}
    elif schritt_name == "stelle":
        programm, art = werte.get("foerderung", ""), werte.get("art", "")
        umfang = ein.pruefe_antwort("stelle", "umfang", werte.get("umfang", "") or "1").wert
        vor = {j: ein.vorschlag_pauschale(programm, art, float(umfang), j) for j in jahre} \
            if programm and art and programm not in ein.NICHT_PAUSCHAL and isinstance(umfang, float) else {}
    else:
        return {}
    feld = BETRAEGE[schritt_name]
    return {f"{feld}_{j}": (_betrag_text(x.betrag), f"Vorschlag: {_betrag_text(x.betrag)} € ({x.rechnung}). "
                            f"Quelle: {x.quelle}, geprüft {x.geprueft:%d.%m.%Y}. Maßgeblich ist Ihr "
                            "Bescheid.") for j, x in vor.items() if x is not None}


def vorschlaege_einsetzen(werte: Mapping[str, str], vor: Vorschlaege) -> dict[str, str]:
    """The form's values with every suggestion put in."""
    return {**werte, **{k: wert for k, (wert, _) in vor.items() if wert is not None}}


def fehlende_vorschlaege(werte: Mapping[str, str], vor: Vorschlaege) -> dict[str, str]:
    """Suggestions for amount fields left empty, while no amount is given at all (a funded
    Stelle whose Pauschale was not typed): {} when any amount is given."""
    betraege = [k for k in werte if k.startswith(tuple(BETRAEGE.values()))]
    if any(str(werte[k]).strip() for k in betraege):
        return {}
    return {k: wert for k, (wert, _) in vor.items()
            if k.startswith(tuple(BETRAEGE.values())) and wert is not None}


# ---------------------------------------------------------------------------- the form

def vorgaben(entwurf: ein.Entwurf, ziel: Ziel) -> dict[str, str]:
    """The values a form shows first: the item as the draft holds it, or, for a new one, what
    the command line suggests too (a Stellenanteil of 1, 39 hours, the first programme …)."""
    if ziel.schritt in ("ki", "ordner") or ziel.nr is not None:
        werte = ein.formular_von(entwurf, ziel.schritt, ziel.nr, ziel.eltern)
        neu = entwurf.vorlage is None
        if ziel.schritt == "ki" and neu:
            werte["anteilig"] = werte.get("anteilig") or "tagesgenau"
            werte["jahre"] = werte.get("jahre") or str(dt.date.today().year)
        if ziel.schritt == "ordner" and neu and entwurf.nachweise is None:
            werte["nachweise"] = "nachweise"
        return werte
    erstes = entwurf.jahre[0] if entwurf.jahre else dt.date.today().year
    if ziel.schritt == "programm":
        werte = {"name": "KI" if not entwurf.programme else ""}
        return vorschlaege_einsetzen(werte, vorschlaege(entwurf, "programm", werte))
    if ziel.schritt == "stelle":
        programme = [str(p.name) for p in entwurf.programme]
        return {"umfang": "1", "foerderung": programme[0] if programme else "Eigenmittel"}
    if ziel.schritt == "schwerpunkt":
        return {"von": str(erstes), "bis": str(erstes + 1)}
    if ziel.schritt == "meilenstein":
        assert ziel.eltern is not None
        sp = entwurf.schwerpunkte[ziel.eltern]
        belegt = {m.jahr for m in sp.meilensteine}
        jahre = range(sp.von, sp.bis + 1) if isinstance(sp.von, int) and isinstance(sp.bis, int) else ()
        return {"jahr": str(next((j for j in jahre if j not in belegt), erstes))}
    return {}


TITEL = {"ki": "Das KI", "ordner": "Ordner", "programm": "Förderprogramm", "stelle": "Stelle",
         "schwerpunkt": "Themenschwerpunkt", "meilenstein": "Meilenstein"}


def titel(entwurf: ein.Entwurf, ziel: Ziel) -> str:
    """„Stelle „FK1“ ändern“, „Neue Stelle“, „Meilenstein 2025 zu „SP1““ …"""
    if ziel.schritt in ("ki", "ordner"):
        return TITEL[ziel.schritt]
    if ziel.schritt == "meilenstein":
        assert ziel.eltern is not None
        sp = ein.formulartext(entwurf.schwerpunkte[ziel.eltern].id)
        return f"Neuer Meilenstein zu „{sp}“" if ziel.nr is None else f"Meilenstein zu „{sp}“ ändern"
    if ziel.nr is None:
        return {"programm": "Neues Förderprogramm", "stelle": "Neue Stelle",
                "schwerpunkt": "Neuer Themenschwerpunkt"}[ziel.schritt]
    items = {"programm": entwurf.programme, "stelle": entwurf.stellen, "schwerpunkt": entwurf.schwerpunkte}
    item = items[ziel.schritt][ziel.nr]
    kennung = ein.formulartext(getattr(item, "name" if ziel.schritt == "programm" else "id"))
    return f"{TITEL[ziel.schritt]} „{kennung}“ ändern"


def formular(entwurf: ein.Entwurf, ziel: Ziel, werte: Mapping[str, str],
             befunde: tuple[ein.Feldbefund, ...] = (), zeitraeume: int = 1,
             fokus: str | None = None) -> Formular:
    """The form of `ziel` with `werte`, the findings at their fields and the suggestions;
    a Stelle shows at least `zeitraeume` besetzt periods (empty ones to fill in)."""
    m = meldungen_nach_feld(befunde)
    v = vorschlaege(entwurf, ziel.schritt, werte)
    s = ziel.schritt
    gruppen: tuple[Gruppe, ...]
    if s == "ki":
        gruppen = _ki(werte, m, v)
    elif s == "programm":
        gruppen = _programm(werte, m, v, entwurf.jahre)
    elif s == "stelle":
        programme = tuple(str(p.name) for p in entwurf.programme if isinstance(p.name, str))
        gruppen = _stelle(werte, m, v, entwurf.jahre, programme, zeitraeume)
    elif s == "schwerpunkt":
        gruppen = _schwerpunkt(werte, m, v)
    elif s == "meilenstein":
        gruppen = _meilenstein(werte, m, v)
    else:
        gruppen = _ordner(werte, m, v)
    ohne = Formular(ziel, titel(entwurf, ziel), schritt(s).hilfe, gruppen)
    bekannt = {f.name for f in ohne.felder} | {g.name for g in gruppen}
    allgemein = tuple(x for k, ms in m.items() if k is None or k not in bekannt for x in ms)
    if fokus is None:
        fokus = next((f.name for f in ohne.felder if f.fehlerhaft), None)
    listen = {"gebiete": tuple(g.name for g in ein.gebiete()), "programme": PROGRAMM_NAMEN}
    return Formular(ziel, ohne.titel, ohne.hilfe, gruppen, allgemein, fokus, listen)
