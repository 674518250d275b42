"""The questions of `kibericht einrichten`: one prompt per field, in plain German, with the
suggested or present value as default, „?“ for help, and the message of ki.toml at once when an
answer cannot be used. The checks are the use case's (`anwendung.einrichtung`); here they are
only asked and shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from kibericht.anwendung import einrichtung as ein
from kibericht.cli.darstellung import echo
from kibericht.periode import MONATSKURZ
from kibericht.zahlen import cent, de_zahl

HILFE = "?"


def ja_nein(frage: str, standard: bool) -> bool:
    """A yes/no question in German („ja“/„nein“, also „j“/„n“)."""
    vorgabe = "ja" if standard else "nein"
    while True:
        antwort = click.prompt(f"{frage} (ja/nein)", default=vorgabe, show_default=True).strip().lower()
        if antwort in ("j", "ja", "y", "yes"):
            return True
        if antwort in ("n", "nein", "no"):
            return False
        echo("  Bitte „ja“ oder „nein“ eingeben.")


def wahl(frage: str, moeglich: dict[str, str], standard: str) -> str:
    """One of a few answers given by their first letter or word, e.g. „b“ for „behalten“."""
    while True:
        antwort = click.prompt(f"{frage} ({', '.join(moeglich.values())})", default=standard,
                               show_default=True).strip().lower()
        for kurz, wort in moeglich.items():
            if antwort in (kurz, wort):
                return kurz
        echo(f"  Bitte eines davon eingeben: {', '.join(moeglich.values())}.")


def frage(schritt: str, feld: str, vorgabe: str = "", ort: str | None = None, label: str | None = None,
          hilfe: str = "", pruefe: Callable[[str], str | None] | None = None) -> str:
    """Ask one field until the answer passes the check of ki.toml (or `pruefe`); „?“ shows the
    help of the key. Returns the answer as typed (empty: the default was empty and kept)."""
    beschreibung = _feld(schritt, feld)
    text = label or beschreibung.label
    if beschreibung.auswahl:
        text += f" ({', '.join(beschreibung.auswahl)})"
    while True:
        antwort = click.prompt(text, default=vorgabe, show_default=bool(vorgabe)).strip()
        if antwort == HILFE:
            echo(f"  {hilfe or beschreibung.hilfe}")
            if beschreibung.beispiel:
                echo(f"  Beispiel: {beschreibung.beispiel}")
            continue
        if pruefe is not None:
            meldung = pruefe(antwort)
        else:
            meldung = ein.pruefe_antwort(schritt, feld, antwort, ort).meldung
        if meldung is None:
            return antwort
        echo(f"  {meldung}")


def _feld(schritt: str, feld: str) -> ein.Formularfeld:
    grund = feld.split("_")[0] if feld.startswith(("pauschale_", "hoechstbetrag_", "besetzt_")) else feld
    for s in ein.schritte():
        if s.name == schritt:
            for f in s.felder:
                if f.name == grund:
                    if grund == "besetzt":
                        teil = feld.rsplit("_", 1)[-1]
                        return ein.Formularfeld(feld, {"von": "besetzt ab (TT.MM.JJJJ)", "bis": "besetzt bis "
                                                       "(TT.MM.JJJJ, leer: weiterhin)", "umfang": "Umfang im "
                                                       "Zeitraum (VZÄ)", "notiz": "Notiz, nur als Kommentar "
                                                       "(z. B. „neue Person“, keine Namen)"}[teil], f.hilfe)
                    return f
    raise KeyError((schritt, feld))


def befunde_zeigen(befunde: tuple[ein.Feldbefund, ...]) -> None:
    for b in befunde:
        echo(f"  {'Fehler' if b.schwere == 'fehler' else 'Warnung'}: {b.meldung}")


def item_fragen(entwurf: ein.Entwurf, schritt: str, fragen: Callable[[dict[str, str]], dict[str, str]],
                vorgaben: dict[str, str], nr: int | None = None,
                eltern: int | None = None) -> ein.Schrittergebnis:
    """Ask an item (a Stelle, a programme …) until the loader accepts it with the rest of the
    configuration; the findings of a try are shown and its answers become the defaults."""
    while True:
        antworten = fragen(vorgaben)
        ergebnis = ein.pruefe_schritt(entwurf, schritt, antworten, nr, eltern)
        befunde_zeigen(ergebnis.befunde)
        if ergebnis.ok:
            return ergebnis
        echo("  Bitte die Angaben korrigieren.")
        vorgaben = antworten


def liste(e: ein.Entwurf, schritt: str, items: tuple[Any, ...], beschreibe: Any,
           bearbeite: Any) -> ein.Entwurf:
    """Existing items: keep, change or remove each. An item with errors in the file is shown with
    them and cannot be kept as it is (else the file could never be written)."""
    nr = 0
    for item in items:
        fehler = [b for b in ein.pruefe_entwurf(e).befunde
                  if b.schritt == schritt and b.nr == nr and b.schwere == "fehler"]
        befunde_zeigen(tuple(fehler))
        while True:
            antwort = wahl(f"{beschreibe(item)}:", {"b": "behalten", "ä": "ändern", "e": "entfernen"},
                           "ä" if fehler else "b")
            if antwort != "b" or not fehler:
                break
            echo("  So kann es nicht bleiben: bitte „ändern“ oder „entfernen“.")
        if antwort == "e":
            e = ein.entferne(e, schritt, nr)
            continue
        if antwort == "ä":
            e = bearbeite(e, nr)
        nr += 1
    return e


def betrag_fragen(schritt: str, feld: str, v: dict[str, str], jahre: tuple[int, ...], ort: str,
                   vorschlag: Any) -> dict[str, str]:
    """An amount per year, each with the table's suggestion (and its source) as default; an amount
    the file gives for all years stays one amount."""
    if v.get(feld):
        return {feld: frage(schritt, feld, v[feld], ort, label="Betrag für alle Jahre in €")}
    a = {}
    for jahr in jahre:
        vorgabe = v.get(f"{feld}_{jahr}", "")
        vor = vorschlag(jahr)
        if vor is not None:
            echo(f"  Vorschlag für {jahr}: {de_zahl(float(vor.betrag))} € ({vor.rechnung}). Quelle: "
                 f"{vor.quelle}, geprüft {vor.geprueft:%d.%m.%Y}. Maßgeblich ist Ihr Bescheid.")
            vorgabe = vorgabe or de_zahl(float(vor.betrag), 2).removesuffix(",00")
        a[f"{feld}_{jahr}"] = frage(schritt, f"{feld}_{jahr}", vorgabe, ort, label=f"Betrag {jahr} in €")
    return a


def leer_oder(schritt: str, feld: str) -> Any:
    """A check that lets an empty answer end a list and checks any other as ki.toml would."""
    return lambda antwort: None if not antwort else ein.pruefe_antwort(schritt, feld, antwort).meldung


def foerderung_problem(e: ein.Entwurf, nr: int | None, antworten: dict[str, str]) -> str | None:
    """Whether the Förderung names a programme of the configuration, with the loader's message
    (it is checked across keys: the answers so far are tried as the Stelle)."""
    ergebnis = ein.pruefe_schritt(e, "stelle", antworten, nr)
    return next((b.meldung for b in ergebnis.befunde if b.feld == "foerderung"), None)


def besetzung(v: dict[str, str], ort: str) -> dict[str, str]:
    """The besetzt periods: none (filled all the time) or one per person and Umfang."""
    vorhanden = sorted({k.split("_")[1] for k in v if k.startswith("besetzt_") and v[k]}, key=int)
    if not ja_nein("  Gab oder gibt es Zeiten, in denen die Stelle unbesetzt ist, einen Wechsel der Person "
                   "oder einen anderen Umfang?", bool(vorhanden)):
        return {}
    a: dict[str, str] = {}
    n = 1
    while True:
        port = f"{ort}, besetzt Nr. {n}"
        for teil in ("von", "bis", "umfang"):
            feld = f"besetzt_{n}_{teil}"
            a[feld] = frage("stelle", feld, v.get(feld, ""), port)
        a[f"besetzt_{n}_notiz"] = frage("stelle", f"besetzt_{n}_notiz", v.get(f"besetzt_{n}_notiz", ""))
        n += 1
        if not ja_nein("  Weiterer Besetzungszeitraum?", str(n) in vorhanden):
            return a


def folgen_der_stelle(e: ein.Entwurf, nr: int, jahr: int) -> None:
    """The Pauschale of the Stelle just entered, per month, and its programme against its cap."""
    folgen = ein.folgen(e, jahr)
    if folgen.ergebnis is None:
        return
    f = folgen.ergebnis.foerderung
    stelle = f.stellen[nr]
    if not stelle.gezaehlt:
        echo(f"  → {stelle.stelle.id}: keine Pauschale ({stelle.stelle.foerderung}).")
        return
    if stelle.pauschale is None:
        echo(f"  → {stelle.stelle.id}: für {jahr} ist keine Pauschale eingetragen (zählt 0 €).")
        return
    echo(f"  → {stelle.stelle.id} {jahr}: Pauschale {de_zahl(cent(stelle.pauschale))} € im Jahr, bei voller "
         f"Besetzung {de_zahl(cent(stelle.pauschale / 12))} € im Monat; Anspruch nach Besetzung "
         f"{de_zahl(cent(stelle.anspruch))} €:")
    monate = zip(MONATSKURZ, stelle.monate, strict=True)
    echo("    " + " · ".join(f"{m} {de_zahl(cent(b))}" for m, b in monate))
    for p in f.programme:
        if p.name == stelle.programm:
            grenze = "kein Höchstbetrag" if p.hoechstbetrag is None else \
                f"Höchstbetrag {de_zahl(cent(p.hoechstbetrag))} €"
            status = f", überschritten um {de_zahl(cent(p.ueberschreitung))} €" if p.ueberschritten else ""
            echo(f"  → Programm {p.name} {jahr}: Anspruch {de_zahl(cent(p.anspruch))} €, {grenze}{status}.")
