"""The questions of `kibericht einrichten`: one prompt per field, in plain German, with the
suggested or present value as default, „?“ for help, and the message of ki.toml at once when an
answer cannot be used. The checks are the use case's (`anwendung.einrichtung`); here they are
only asked and shown."""

from __future__ import annotations

from collections.abc import Callable

import click

from kibericht.anwendung import einrichtung as ein
from kibericht.cli.darstellung import echo

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
