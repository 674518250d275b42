"""A form's answers for one step of the setup, read into the draft (`konfig.einrichtung`).

A form gives its fields as text, the way a person writes them („0,5“, „57.000 €“, „01.03.2025“);
every field is checked with the rules and messages of ki.toml (`konfig.feldpruefung`)::

    >>> e, befunde = setze(Entwurf(), "ki", {"name": "KI Kreis Düren", "kommunen": "Düren, Jülich",
    ...                                      "jahre": "2025-2026"})
    >>> e.kommunen, e.jahre, befunde
    (('Düren', 'Jülich'), (2025, 2026), ())

Amounts come per year (`pauschale_2025`, …, or `pauschale` for all years), besetzt periods as
`besetzt_1_von`, `besetzt_1_bis`, `besetzt_1_umfang`, `besetzt_1_notiz`, `besetzt_2_…`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping

from kibericht.konfig.einrichtung import (
    FELDER,
    SCHRITT_TABELLE,
    BesetzungEntwurf,
    Entwurf,
    Feldbefund,
    MeilensteinEntwurf,
    ProgrammEntwurf,
    Rohwert,
    SchwerpunktEntwurf,
    StelleEntwurf,
)
from kibericht.konfig.feldpruefung import Feldpruefung, fehlt_meldung, formularwert, pruefe_feld, pruefe_wert
from kibericht.konfig.modell import JahresWert
from kibericht.konfig.schluessel import ERSTES_JAHR, LETZTES_JAHR, schluessel
from kibericht.zahlen import de_kurz, de_zahl

# ---------------------------------------------------------------------------- a form's answers

class _Formular:
    """Reads a form's texts for one item, collecting each field's finding."""

    def __init__(self, schritt: str, formular: Mapping[str, str], nr: int | None, eltern: int | None):
        self.schritt, self.formular, self.nr, self.eltern = schritt, formular, nr, eltern
        self.befunde: list[Feldbefund] = []

    def text(self, feld: str) -> str:
        return str(self.formular.get(feld, "") or "").strip()

    def befund(self, feld: str | None, meldung: str) -> None:
        self.befunde.append(Feldbefund(self.schritt, self.nr, feld, meldung, eltern=self.eltern))

    def feld(self, tabelle: str, name: str, ort: str | None = None, feld: str | None = None,
             wert: object | None = None) -> object:
        """The checked value of a field: None when empty and optional, or when wrong (reported)."""
        feld = feld or name
        result = pruefe_wert_text(tabelle, name, self.text(feld) if wert is None else wert, ort)
        return self._ergebnis(feld, result)

    def _ergebnis(self, feld: str, result: Feldpruefung) -> object:
        if not result.ok:
            self.befund(feld, result.meldung or "")
            return None
        return result.wert

    def betraege(self, tabelle: str, name: str, ort: str) -> JahresWert | None:
        """An amount given for all years (`name`) or per year (`name_2025`, …), each checked as
        ki.toml checks `{ 2025 = 57000 }`."""
        je_jahr = sorted((int(k.rsplit("_", 1)[1]), k) for k in self.formular
                         if re.fullmatch(rf"{name}_\d{{4}}", k) and self.text(k))
        if not je_jahr:
            immer = self.feld(tabelle, name, ort)
            return immer if isinstance(immer, JahresWert) else None
        paare = []
        for jahr, feld in je_jahr:
            wert = formularwert(tabelle, name, self.text(feld))
            result = pruefe_feld(tabelle, name, {str(jahr): wert}, ort)
            checked = self._ergebnis(feld, result)
            if isinstance(checked, JahresWert):
                paare.extend(checked.je_jahr)
        return JahresWert(None, tuple(paare)) if len(paare) == len(je_jahr) else None


def pruefe_wert_text(tabelle: str, name: str, text: object, ort: str | None = None) -> Feldpruefung:
    """One answer for key `name` of `tabelle` as a form gives it (text, or a list of texts): an
    empty answer is no value (or, for a required key, the loader's „fehlt“ message); anything
    else is read as a person means it and checked as ki.toml checks it."""
    s = schluessel(tabelle, name)
    if text == "" or text == []:
        return Feldpruefung(None, fehlt_meldung(s, ort) if s.pflicht else None)
    return pruefe_wert(s, formularwert(tabelle, name, text) if isinstance(text, str) else text, ort)


# a form field → the key of ki.toml it answers (besetzt_1_von → stellen.besetzt von, …)
def feld_schluessel(schritt: str, feld: str) -> tuple[str, str] | None:
    """The (table, key) of ki.toml a form field of `schritt` answers; None for the fields that are
    no key (kreis, jahre, a period's notiz)."""
    if schritt == "ki":
        return {"name": ("ki", "name"), "kommunen": ("ki", "kommunen"),
                "anteilig": ("regeln", "anteilig")}.get(feld)
    if schritt == "ordner":
        return (feld, "ordner") if feld in ("nachweise", "ablage") else None
    tabelle = SCHRITT_TABELLE[schritt]
    assert tabelle is not None
    if m := re.fullmatch(r"besetzt_\d+_(von|bis|umfang)", feld):
        return ("stellen.besetzt", m.group(1))
    if m := re.fullmatch(r"(pauschale|hoechstbetrag)_\d{4}", feld):
        return (tabelle, m.group(1))
    return (tabelle, feld) if feld in FELDER[schritt] and feld != "besetzt" else None


def pruefe_antwort(schritt: str, feld: str, text: str, ort: str | None = None) -> Feldpruefung:
    """Check one answer of a step at once (a prompt, a field that lost focus), with the message
    ki.toml would give for it; `ort` names where the key stands („bei Stelle „FK1““)."""
    text = text.strip()
    if schritt == "ki" and feld == "jahre":
        jahre, problem = jahre_aus_text(text)
        return Feldpruefung(jahre or None, problem)
    if schritt == "ki" and feld == "kommunen":
        return pruefe_wert_text("ki", "kommunen", [t.strip() for t in re.split(r"[\n;,]", text) if t.strip()],
                                ort)
    ziel = feld_schluessel(schritt, feld)
    if ziel is None:
        return Feldpruefung(text or None)
    tabelle, name = ziel
    if m := re.fullmatch(r"(pauschale|hoechstbetrag)_(\d{4})", feld):
        if not text:
            return Feldpruefung(None)
        result = pruefe_feld(tabelle, name, {m.group(2): formularwert(tabelle, name, text)}, ort)
        return result
    return pruefe_wert_text(tabelle, name, text, ort)


def _nummer(nr: int | None, items: tuple) -> int:
    """The item's number as the loader counts it (from 1; a new item comes last)."""
    return (nr if nr is not None else len(items)) + 1


def _ort(f: _Formular, schluessel_name: str, wort: str, tabelle: str, items: tuple) -> str:
    """Where a key of the item stands, as the loader says it: „bei Stelle „FK1““, or
    „in [[stellen]] Nr. 2“ while the item has no id."""
    kennung = f.text(schluessel_name)
    return f"bei {wort} „{kennung}“" if kennung else f"in [[{tabelle}]] Nr. {_nummer(f.nr, items)}"


def jahre_aus_text(text: str) -> tuple[tuple[int, ...], str | None]:
    """„2025“, „2025-2026“ or „2025, 2026“ as years, or why not."""
    text = text.strip()
    bereich = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", text)
    if bereich:
        von, bis = int(bereich.group(1)), int(bereich.group(2))
        jahre = list(range(von, bis + 1)) if von <= bis else []
    else:
        teile = [t for t in re.split(r"[,;\s]+", text) if t]
        jahre = [int(t) for t in teile if re.fullmatch(r"\d{4}", t)]
        if len(jahre) != len(teile):
            jahre = []
    if not jahre or not all(ERSTES_JAHR <= j <= LETZTES_JAHR for j in jahre) or len(jahre) > 10:
        return (), (f"„{text}“ sind keine Förderjahre. Schreiben Sie ein Jahr oder einen Zeitraum "
                    f"zwischen {ERSTES_JAHR} und {LETZTES_JAHR}, z. B. 2025 oder 2025-2026.")
    return tuple(sorted(set(jahre))), None


def _setze_ki(e: Entwurf, f: _Formular) -> Entwurf:
    kommunen_text = [t.strip() for t in re.split(r"[\n;,]", f.text("kommunen")) if t.strip()]
    kommunen = f.feld("ki", "kommunen", wert=kommunen_text) if kommunen_text else None
    if not kommunen_text:
        f.befund("kommunen", fehlt_meldung(schluessel("ki", "kommunen"), "in [ki]"))
    jahre, problem = jahre_aus_text(f.text("jahre")) if f.text("jahre") else (e.jahre, None)
    if problem:
        f.befund("jahre", problem)
    return dataclasses.replace(e, name=f.feld("ki", "name"), kommunen=kommunen, kreis=f.text("kreis"),
                               jahre=jahre, anteilig=f.feld("regeln", "anteilig"))


def _ersetze(items: tuple, nr: int | None, item: object) -> tuple:
    """`items` with `item` at `nr` (keeping where it came from), or appended when `nr` is None."""
    if nr is None or nr >= len(items):
        return (*items, item)
    item = dataclasses.replace(item, herkunft=items[nr].herkunft)  # type: ignore[type-var]
    return (*items[:nr], item, *items[nr + 1:])


def _setze_programm(e: Entwurf, f: _Formular) -> Entwurf:
    ort = f"in [[programme]] Nr. {_nummer(f.nr, e.programme)}"  # as the loader names a programme
    p = ProgrammEntwurf(f.feld("programme", "name", ort), f.betraege("programme", "hoechstbetrag", ort))
    return dataclasses.replace(e, programme=_ersetze(e.programme, f.nr, p))


def _besetzung_aus(f: _Formular, ort: str) -> tuple[BesetzungEntwurf, ...] | None:
    nummern = sorted({int(m.group(1)) for k in f.formular if (m := re.fullmatch(r"besetzt_(\d+)_\w+", k))
                      and f.text(k)})
    perioden = []
    for j, n in enumerate(nummern, start=1):
        port = f"{ort}, besetzt Nr. {j}"
        werte = [f.feld("stellen.besetzt", k, port, feld=f"besetzt_{n}_{k}")
                 for k in ("von", "bis", "umfang")]
        perioden.append(BesetzungEntwurf(*werte, notiz=f.text(f"besetzt_{n}_notiz")))
    return tuple(perioden) if perioden else None


def _setze_stelle(e: Entwurf, f: _Formular) -> Entwurf:
    ort = _ort(f, "id", "Stelle", "stellen", e.stellen)
    werte = {k: f.feld("stellen", k, ort) for k in ("id", "bezeichnung", "art", "umfang", "wochenstunden",
                                                     "foerderung")}
    stelle = StelleEntwurf(**werte, pauschale=f.betraege("stellen", "pauschale", ort),
                           besetzt=_besetzung_aus(f, ort))
    return dataclasses.replace(e, stellen=_ersetze(e.stellen, f.nr, stelle))


def _setze_schwerpunkt(e: Entwurf, f: _Formular) -> Entwurf:
    ort = _ort(f, "id", "Schwerpunkt", "schwerpunkte", e.schwerpunkte)
    werte = {k: f.feld("schwerpunkte", k, ort) for k in FELDER["schwerpunkt"]}
    alt = e.schwerpunkte[f.nr] if f.nr is not None and f.nr < len(e.schwerpunkte) else None
    sp = SchwerpunktEntwurf(**werte, meilensteine=alt.meilensteine if alt else ())
    return dataclasses.replace(e, schwerpunkte=_ersetze(e.schwerpunkte, f.nr, sp))


def _setze_meilenstein(e: Entwurf, f: _Formular) -> Entwurf:
    if f.eltern is None or not 0 <= f.eltern < len(e.schwerpunkte):
        f.befund(None, "Ein Meilenstein gehört zu einem Schwerpunkt; legen Sie zuerst den Schwerpunkt an.")
        return e
    sp = e.schwerpunkte[f.eltern]
    nummer = (f.nr if f.nr is not None else len(sp.meilensteine)) + 1
    ort = f"bei Schwerpunkt „{sp.id}“, Meilenstein Nr. {nummer}"
    m = MeilensteinEntwurf(*(f.feld("schwerpunkte.meilensteine", k, ort) for k in FELDER["meilenstein"]))
    sp = dataclasses.replace(sp, meilensteine=_ersetze(sp.meilensteine, f.nr, m))
    return dataclasses.replace(e, schwerpunkte=_ersetze(e.schwerpunkte, f.eltern, sp))


def _setze_ordner(e: Entwurf, f: _Formular) -> Entwurf:
    return dataclasses.replace(e, nachweise=f.feld("nachweise", "ordner", feld="nachweise"),
                               ablage=f.feld("ablage", "ordner", feld="ablage"))


_SETZE = {"ki": _setze_ki, "programm": _setze_programm, "stelle": _setze_stelle,
          "schwerpunkt": _setze_schwerpunkt, "meilenstein": _setze_meilenstein, "ordner": _setze_ordner}


def setze(entwurf: Entwurf, schritt: str, formular: Mapping[str, str], nr: int | None = None,
          eltern: int | None = None) -> tuple[Entwurf, tuple[Feldbefund, ...]]:
    """The draft with the answers of one step (`nr`: which item, None: a new one; `eltern`: the
    Schwerpunkt of a milestone), and each field's finding. A wrong field leaves its value out of
    the returned draft; keep the previous draft while there are findings."""
    if schritt not in _SETZE:
        raise ValueError(f"unknown step {schritt!r}")
    f = _Formular(schritt, formular, nr, eltern)
    return _SETZE[schritt](entwurf, f), tuple(f.befunde)


def entferne(entwurf: Entwurf, schritt: str, nr: int, eltern: int | None = None) -> Entwurf:
    """The draft without item `nr` of a list step (`programm`, `stelle`, `schwerpunkt`,
    `meilenstein`)."""
    if schritt == "meilenstein":
        assert eltern is not None
        sp = entwurf.schwerpunkte[eltern]
        sp = dataclasses.replace(sp, meilensteine=sp.meilensteine[:nr] + sp.meilensteine[nr + 1:])
        return dataclasses.replace(entwurf, schwerpunkte=_ersetze(entwurf.schwerpunkte, eltern, sp))
    feld = {"programm": "programme", "stelle": "stellen", "schwerpunkt": "schwerpunkte"}[schritt]
    items = getattr(entwurf, feld)
    return dataclasses.replace(entwurf, **{feld: items[:nr] + items[nr + 1:]})


# ---------------------------------------------------------------------------- back to form text

def formulartext(wert: object) -> str:
    """A draft value as a form shows it: 0.5 → „0,5“, 57000 → „57.000“, a date → „01.03.2025“,
    a list → „Alfter, Bornheim“; a Rohwert as it stood in the file."""
    if wert is None:
        return ""
    if isinstance(wert, Rohwert):
        return str(wert.wert)
    if isinstance(wert, bool):
        return str(wert).lower()
    if isinstance(wert, JahresWert):
        return "" if wert.immer is None else formulartext(wert.immer)
    if isinstance(wert, dt.date):
        return f"{wert:%d.%m.%Y}"
    if isinstance(wert, float):
        return de_zahl(wert, 2).removesuffix(",00") if wert >= 1000 else de_kurz(wert)
    if isinstance(wert, int):
        return str(wert)
    if isinstance(wert, tuple):
        return ", ".join(str(w) for w in wert)
    return str(wert)


def _jahre_text(jahre: tuple[int, ...]) -> str:
    """(2025,) → „2025“, (2025, 2026) → „2025-2026“, (2025, 2027) → „2025, 2027“."""
    if len(jahre) > 1 and list(jahre) == list(range(jahre[0], jahre[-1] + 1)):
        return f"{jahre[0]}-{jahre[-1]}"
    return ", ".join(str(j) for j in jahre)


def formular_von(entwurf: Entwurf, schritt: str, nr: int | None = None,
                 eltern: int | None = None) -> dict[str, str]:
    """The form texts of one step as the draft holds them (to show a form filled in)."""
    if schritt == "ki":
        return {"name": formulartext(entwurf.name), "kreis": entwurf.kreis,
                "kommunen": formulartext(entwurf.kommunen), "anteilig": formulartext(entwurf.anteilig),
                "jahre": _jahre_text(entwurf.jahre)}
    if schritt == "ordner":
        return {"nachweise": formulartext(entwurf.nachweise), "ablage": formulartext(entwurf.ablage)}
    assert nr is not None
    item: object
    if schritt == "meilenstein":
        assert eltern is not None
        item = entwurf.schwerpunkte[eltern].meilensteine[nr]
    else:
        item = {"programm": entwurf.programme, "stelle": entwurf.stellen,
                "schwerpunkt": entwurf.schwerpunkte}[schritt][nr]
    texte = {k: formulartext(getattr(item, k)) for k in FELDER[schritt] if k not in ("besetzt",)}
    for name in ("pauschale", "hoechstbetrag"):
        wert = getattr(item, name, None)
        if isinstance(wert, JahresWert):
            texte.update({f"{name}_{j}": formulartext(b) for j, b in wert.je_jahr})
    besetzt = getattr(item, "besetzt", None)
    if isinstance(besetzt, tuple):
        for n, p in enumerate(besetzt, start=1):
            texte.update({f"besetzt_{n}_{k}": formulartext(getattr(p, k)) for k in ("von", "bis", "umfang")})
            texte[f"besetzt_{n}_notiz"] = p.notiz
    return texte
