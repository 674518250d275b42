"""`kibericht einrichten`: create or edit ki.toml by answering questions (or from a file of
answers), with the Pauschale this configuration gives shown as it goes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from kibericht import anwendung
from kibericht.anwendung import Aufruffehler
from kibericht.anwendung import einrichtung as ein
from kibericht.befunde import Code, befund
from kibericht.cli.befehl_foerderung import foerderung_text
from kibericht.cli.darstellung import echo, emit_json
from kibericht.cli.einrichten_fragen import (
    befunde_zeigen,
    besetzung,
    betrag_fragen,
    foerderung_problem,
    folgen_der_stelle,
    frage,
    item_fragen,
    ja_nein,
    leer_oder,
    liste,
)
from kibericht.cli.optionen import Pfad, common_options
from kibericht.zahlen import anzahl

PROGRAMM_FREI = ("Land", "Eigenmittel")


@click.command("einrichten")
@common_options
@click.option("--jahr", metavar="JJJJ", default=None,
              help="Jahr, für das die Pauschale je Stelle und Monat gezeigt wird (Standard: das erste "
                   "Förderjahr).")
@click.option("--antworten", type=Pfad(dir_okay=False, path_type=Path), default=None,
              help="Die Antworten aus einer Datei (TOML) lesen statt zu fragen, z. B. für Skripte.")
@click.option("--ueberschreiben", is_flag=True,
              help="Mit --antworten: eine vorhandene, geänderte ki.toml ersetzen.")
def einrichten(config_path: Path, fmt: str, jahr: str | None, antworten: Path | None,
               ueberschreiben: bool) -> int:
    """Legt die Konfiguration ki.toml an oder bearbeitet sie, durch Fragen in einfachen Worten.

    Gefragt wird, was ein KI weiß: Name, Kreis oder kreisfreie Stadt, Kommunen, Förderprogramme
    mit Höchstbetrag je Jahr, die Stellen (Art, Umfang, Wochenstunden, Förderung, Pauschale je
    Jahr, Besetzung und Vakanzen), die Themenschwerpunkte mit Meilensteinen und die Ordner.
    Jede Antwort wird sofort mit denselben Regeln geprüft wie ki.toml. Beträge werden aus einer
    Tabelle mit Quelle vorgeschlagen und lassen sich immer ändern. Nach jeder Stelle zeigt der
    Befehl die Pauschale je Monat, am Ende die Übersicht; geschrieben wird erst nach Rückfrage.
    Eine vorhandene ki.toml wird bearbeitet: Kommentare und alles Übrige bleiben erhalten.
    Eingabe übernimmt den Wert in [Klammern]; „?“ erklärt eine Frage.

    \b
    Beispiel:
      kibericht einrichten
      kibericht einrichten --config ki.toml --jahr 2025
      kibericht einrichten --antworten antworten.toml --format json
    """
    vorhanden = config_path.is_file()
    entwurf = ein.entwurf_aus_datei(config_path) if vorhanden else ein.neuer_entwurf()
    if antworten is not None:
        return _aus_datei(entwurf, config_path, antworten, jahr, fmt, ueberschreiben)
    if fmt == "json":
        raise Aufruffehler("--format json geht nur mit --antworten (ohne Fragen).")
    echo(f"Einrichtung von „{config_path.as_posix()}“" + (": die vorhandene Datei wird bearbeitet; "
         "Kommentare und alles, was hier nicht gefragt wird, bleiben erhalten." if vorhanden else
         " (neu)."))
    echo("Eingabe übernimmt den Wert in [Klammern]; „?“ erklärt eine Frage; Strg+C bricht ab, ohne "
         "etwas zu schreiben.")
    _datei_befunde(entwurf)
    entwurf = _nicht_erfragtes(entwurf, config_path)
    entwurf = _ki(entwurf)
    folgejahr = anwendung.jahr(jahr, "das Jahr") if jahr is not None else entwurf.jahre[0]
    entwurf = _programme(entwurf)
    entwurf = _stellen(entwurf, folgejahr)
    entwurf = _schwerpunkte(entwurf)
    entwurf = _ordner(entwurf)
    _zusammenfassung(entwurf, folgejahr)
    if not ja_nein(f"„{config_path.as_posix()}“ jetzt schreiben?", True):
        echo("Nichts geschrieben.")
        return 0
    ergebnis = ein.speichern(entwurf, config_path)
    _geschrieben(ergebnis, folgejahr)
    return ergebnis.exit_code


# ---------------------------------------------------------------------------- without questions

def _aus_datei(entwurf: ein.Entwurf, config_path: Path, antworten: Path, jahr: str | None, fmt: str,
               ueberschreiben: bool) -> int:
    ergebnis = ein.antworten_anwenden(entwurf, ein.antworten_lesen(antworten))
    pruefung = ein.pruefe_entwurf(ergebnis.entwurf)
    befunde = ergebnis.befunde or tuple(b for b in pruefung.befunde if b.schwere == "fehler")
    if not ergebnis.ok or not pruefung.ok:
        if fmt == "json":
            emit_json({"fehler": [_befund_json(b, antworten) for b in befunde if b.schwere == "fehler"]})
        else:
            echo("Die Antworten ergeben noch keine gültige Konfiguration; nichts wurde geschrieben:",
                 err=True)
            for b in befunde:
                echo(f"  {_wo(b)}{b.meldung}", err=True)
        return 2
    entwurf = ergebnis.entwurf
    jahre = entwurf.jahre or (dt.date.today().year,)
    folgejahr = anwendung.jahr(jahr, "das Jahr") if jahr is not None else jahre[0]
    gespeichert = ein.speichern(entwurf, config_path, ueberschreiben=ueberschreiben)
    folgen = ein.folgen(entwurf, folgejahr)
    if fmt == "json":
        emit_json({**gespeichert.dokument, "foerderung": folgen.dokument})
    else:
        if folgen.ergebnis is not None:
            for zeile in foerderung_text(folgen.ergebnis.foerderung, folgen.ergebnis.config, None,
                                         list(folgen.ergebnis.jahres_befunde)):
                echo(zeile)
            echo()
        _geschrieben(gespeichert, folgejahr)
    return gespeichert.exit_code


def _befund_json(b: ein.Feldbefund, antworten: Path) -> dict[str, Any]:
    """A wrong answer as a finding like every command's (`{"fehler": [Befund]}`: code, file,
    position), and where it stands among the answers (step, item, field)."""
    befund_ = befund(Code.KONFIG_UNGUELTIG, antworten.as_posix(), None, None, b.feld, None, b.meldung)
    return {**befund_.to_json(), "schritt": b.schritt, "nr": None if b.nr is None else b.nr + 1,
            "feld": b.feld}


def _wo(b: ein.Feldbefund) -> str:
    if b.schritt is None:
        return ""
    nr = "" if b.nr is None else f" Nr. {b.nr + 1}"
    feld = f", {b.feld}" if b.feld else ""
    return f"[{b.schritt}{nr}{feld}] "


# ---------------------------------------------------------------------------- the steps

def _datei_befunde(entwurf: ein.Entwurf) -> None:
    if entwurf.vorlage is None:
        return
    befunde = ein.pruefe_entwurf(entwurf).befunde
    if befunde:
        echo("In der Datei steht noch etwas, das nicht gilt; es wird bei der passenden Frage geprüft:")
        for b in befunde:
            echo(f"  {_wo(b)}{b.meldung}")


def _nicht_erfragtes(e: ein.Entwurf, config_path: Path) -> ein.Entwurf:
    """Errors of the file in keys no question asks: answering could never correct them (the step
    would be asked again and again). Each is named with its line in the file as read and removed
    once the user agrees; without that, nothing is written."""
    datei = config_path.as_posix()
    for f in ein.nicht_erfragt(e, config_path.name):
        echo()
        echo(f"{datei}:{f.zeile}: {f.meldung}")
        if not ja_nein(f"  Danach fragt die Einrichtung nicht. Entfernen: {f.was}?", True):
            raise Aufruffehler(f"Nichts wurde geschrieben. Korrigieren Sie Zeile {f.zeile} in „{datei}“ oder "
                               "lassen Sie die Einrichtung sie entfernen.")
        e = ein.ohne(e, f)  # keys are found by table and position: the other lines stay valid
    return e


def _ueberschrift(text: str) -> None:
    echo()
    echo(text)


def _ki(e: ein.Entwurf) -> ein.Entwurf:
    _ueberschrift("1. Das KI")

    def fragen(v: dict[str, str]) -> dict[str, str]:
        kreis = frage("ki", "kreis", v.get("kreis", ""))
        gebiet = ein.gebiet(kreis)
        if kreis and gebiet is None:
            echo("  (Kein Kreis und keine kreisfreie Stadt in NRW mit diesem Namen: die Kommunen bitte "
                 "selbst eintragen.)")
        vorschlag = f"Kommunales Integrationszentrum {gebiet.name}" if gebiet is not None else ""
        name = v.get("name") or vorschlag
        a = {"kreis": kreis, "name": frage("ki", "name", name)}
        kommunen = v.get("kommunen") or (", ".join(gebiet.kommunen) if gebiet is not None else "")
        a["kommunen"] = frage("ki", "kommunen", kommunen, label="Kommunen (durch Komma getrennt)")
        a["jahre"] = frage("ki", "jahre", v.get("jahre") or str(dt.date.today().year),
                           label="Förderjahre (z. B. 2025 oder 2025-2026)")
        # a file being edited keeps what it says (no key: the default applies)
        a["anteilig"] = frage("ki", "anteilig", v.get("anteilig") or ("" if e.vorlage else "tagesgenau"))
        return a

    return item_fragen(e, "ki", fragen, ein.formular_von(e, "ki")).entwurf


def _programme(e: ein.Entwurf) -> ein.Entwurf:
    _ueberschrift("2. Förderprogramme (aus denen Stellen eine Pauschale erhalten)")
    gebiet = ein.gebiet(e.kreis)
    art = gebiet.art if gebiet is not None else ein.KREIS

    def bearbeite(e: ein.Entwurf, nr: int | None, v: dict[str, str] | None = None) -> ein.Entwurf:
        def fragen(v: dict[str, str]) -> dict[str, str]:
            name = v["name"] if v.get("name") and nr is None else frage("programm", "name", v.get("name", ""))
            ort = f"in [[programme]] Nr. {(nr if nr is not None else len(e.programme)) + 1}"
            echo("  Höchstbetrag je Jahr (laut Bescheid):")
            return {"name": name, **betrag_fragen("programm", "hoechstbetrag", v, e.jahre, ort,
                                                    lambda j: ein.vorschlag_hoechstbetrag(name, art, j))}
        vorgaben = v if v is not None else ein.formular_von(e, "programm", nr)
        return item_fragen(e, "programm", fragen, vorgaben, nr).entwurf

    e = liste(e, "programm", e.programme, lambda p: f"Programm „{ein.formulartext(p.name)}“",
               lambda e, nr: bearbeite(e, nr))
    erstes = not e.programme
    while True:
        name = frage("programm", "name", "KI" if erstes else "", pruefe=leer_oder("programm", "name"),
                     label="Name des Programms (leer: keines)" if erstes else
                     "Weiteres Programm anlegen? Name (leer: keines)")
        if not name:
            return e
        e = bearbeite(e, None, {"name": name})
        erstes = False


def _stellen(e: ein.Entwurf, jahr: int) -> ein.Entwurf:
    _ueberschrift("3. Stellenplan (jede Stelle; ein Wechsel der Person ist ein neuer Besetzungszeitraum)")
    programme = [str(p.name) for p in e.programme]

    def bearbeite(e: ein.Entwurf, nr: int | None, v: dict[str, str] | None = None) -> ein.Entwurf:
        def fragen(v: dict[str, str]) -> dict[str, str]:
            sid = v["id"] if v.get("id") and nr is None else frage("stelle", "id", v.get("id", ""))
            ort = f"bei Stelle „{sid}“"
            a = {"id": sid, "bezeichnung": frage("stelle", "bezeichnung", v.get("bezeichnung", ""), ort)}
            a["art"] = frage("stelle", "art", v.get("art", ""), ort)
            a["umfang"] = frage("stelle", "umfang", v.get("umfang") or "1", ort)
            lehrkraft = a["art"] == "Lehrkraft"
            a["wochenstunden"] = frage("stelle", "wochenstunden", v.get("wochenstunden") or ("41" if lehrkraft
                                                                                             else "39"), ort)
            standard = "Land" if lehrkraft else (programme[0] if programme else "Eigenmittel")
            a["foerderung"] = frage("stelle", "foerderung", v.get("foerderung") or standard, ort,
                                    label=f"Förderung ({', '.join([*programme, *PROGRAMM_FREI])})",
                                    pruefe=lambda antwort: foerderung_problem(e, nr, {**a,
                                                                                      "foerderung": antwort}))
            if a["foerderung"] not in PROGRAMM_FREI:
                echo("  Pauschale je Jahr bei voller Besetzung:")
                wert = ein.pruefe_antwort("stelle", "umfang", a["umfang"]).wert
                umfang = float(wert) if isinstance(wert, float) else 1.0
                a.update(betrag_fragen("stelle", "pauschale", v, e.jahre, ort, lambda j: (
                    ein.vorschlag_pauschale(a["foerderung"], a["art"], umfang, j))))
            a.update(besetzung(v, ort))
            return a
        vorgaben = v if v is not None else ein.formular_von(e, "stelle", nr)
        ergebnis = item_fragen(e, "stelle", fragen, vorgaben, nr)
        neu = nr if nr is not None else len(ergebnis.entwurf.stellen) - 1
        folgen_der_stelle(ergebnis.entwurf, neu, jahr)
        return ergebnis.entwurf

    e = liste(e, "stelle", e.stellen, lambda s: f"Stelle „{ein.formulartext(s.id)}“ "
               f"({ein.formulartext(s.art)}, {ein.formulartext(s.umfang) or '1'} VZÄ, "
               f"{ein.formulartext(s.foerderung)})", lambda e, nr: bearbeite(e, nr))
    while True:
        sid = frage("stelle", "id", "", pruefe=leer_oder("stelle", "id"),
                    label="Neue Stelle: Kürzel (wie in der Spalte „Stelle“, z. B. FK1; leer: keine weitere)")
        if not sid:
            if e.stellen:
                return e
            echo("  Es braucht mindestens eine Stelle.")
            continue
        e = bearbeite(e, None, {"id": sid})


def _schwerpunkte(e: ein.Entwurf) -> ein.Entwurf:
    _ueberschrift("4. Themenschwerpunkte des Zweijahreszeitraums (vom Ausschuss beschlossen)")

    def bearbeite(e: ein.Entwurf, nr: int | None, v: dict[str, str] | None = None) -> ein.Entwurf:
        def fragen(v: dict[str, str]) -> dict[str, str]:
            sid = v["id"] if v.get("id") and nr is None else frage("schwerpunkt", "id", v.get("id", ""))
            ort = f"bei Schwerpunkt „{sid}“"
            a = {"id": sid}
            for feld in ("titel", "handlungsfeld", "zieldimension", "von", "bis", "ziel"):
                vorgabe = v.get(feld) or {"von": str(e.jahre[0]), "bis": str(e.jahre[0] + 1)}.get(feld, "")
                a[feld] = frage("schwerpunkt", feld, vorgabe, ort)
            return a
        vorgaben = v if v is not None else ein.formular_von(e, "schwerpunkt", nr)
        ergebnis = item_fragen(e, "schwerpunkt", fragen, vorgaben, nr)
        e = ergebnis.entwurf
        return _meilensteine(e, nr if nr is not None else len(e.schwerpunkte) - 1)

    e = liste(e, "schwerpunkt", e.schwerpunkte, lambda s: f"Schwerpunkt „{ein.formulartext(s.id)}“ "
               f"({ein.formulartext(s.titel)[:50]})", lambda e, nr: bearbeite(e, nr))
    while True:
        sid = frage("schwerpunkt", "id", "", pruefe=leer_oder("schwerpunkt", "id"),
                    label="Neuer Schwerpunkt: Kürzel (z. B. SP1; leer: keiner)")
        if not sid:
            return e
        e = bearbeite(e, None, {"id": sid})


def _meilensteine(e: ein.Entwurf, eltern: int) -> ein.Entwurf:
    sp = e.schwerpunkte[eltern]
    jahre = range(sp.von, sp.bis + 1) if isinstance(sp.von, int) and isinstance(sp.bis, int) else range(0)
    vorhanden = {m.jahr: nr for nr, m in enumerate(sp.meilensteine)}
    for jahr in jahre:
        nr = vorhanden.get(jahr)
        v = ein.formular_von(e, "meilenstein", nr, eltern) if nr is not None else {}
        ort = f"bei Schwerpunkt „{sp.id}“, Meilenstein {jahr}"
        text = frage("meilenstein", "text", v.get("text", ""), ort, pruefe=lambda t: None,
                     label=f"  Meilenstein {jahr} (leer: keiner)")
        if not text:
            continue

        def fragen(v: dict[str, str], jahr: int = jahr, text: str = text, ort: str = ort) -> dict[str, str]:
            a = {"jahr": str(jahr), "text": text}
            a["taetigkeit"] = frage("meilenstein", "taetigkeit", v.get("taetigkeit", ""), ort,
                                    label="  gezählte Tätigkeit (leer: nicht zählbar)")
            if a["taetigkeit"]:
                a["mindestens"] = frage("meilenstein", "mindestens", v.get("mindestens", ""), ort)
                a["hoechstens"] = frage("meilenstein", "hoechstens", v.get("hoechstens", ""), ort,
                                        label="höchstens (leer: ohne Obergrenze)")
            return a
        e = item_fragen(e, "meilenstein", fragen, v, nr, eltern).entwurf
    return e


def _ordner(e: ein.Entwurf) -> ein.Entwurf:
    _ueberschrift("5. Ordner (relativ zum Ordner der ki.toml)")

    def fragen(v: dict[str, str]) -> dict[str, str]:
        vorschlag = "" if e.vorlage else "nachweise"
        return {"nachweise": frage("ordner", "nachweise", v.get("nachweise") or vorschlag,
                                   label="Ordner der Nachweise (leer: keiner)" if e.vorlage else None),
                "ablage": frage("ordner", "ablage", v.get("ablage", ""),
                                label="Ordner der Ablage (leer: „abschluesse“ neben der ki.toml)")}

    return item_fragen(e, "ordner", fragen, ein.formular_von(e, "ordner")).entwurf


def _zusammenfassung(e: ein.Entwurf, jahr: int) -> None:
    _ueberschrift(f"6. Zusammenfassung: die Landesförderung {jahr} mit dieser Konfiguration")
    folgen = ein.folgen(e, jahr)
    if folgen.ergebnis is None:  # each step was accepted, so this is a contradiction between steps
        raise Aufruffehler("Die Konfiguration ist noch nicht gültig; nichts wurde geschrieben:\n"
                           + "\n".join(f"  {_wo(b)}{b.meldung}" for b in folgen.befunde))
    for zeile in foerderung_text(folgen.ergebnis.foerderung, folgen.ergebnis.config, None,
                                 list(folgen.ergebnis.jahres_befunde)):
        echo(zeile)
    befunde_zeigen(ein.pruefe_entwurf(e).befunde)
    echo()


def _geschrieben(ergebnis: ein.Speicherergebnis, jahr: int) -> None:
    config = ergebnis.config
    echo(f"Geschrieben: {ergebnis.datei.as_posix()} ({anzahl(len(config.stellen), 'Stelle', 'Stellen')}, "
         f"Programme: {', '.join(p.name for p in config.programme) or 'keine'}, "
         f"{anzahl(len(config.schwerpunkte), 'Schwerpunkt', 'Schwerpunkte')}).")
    if ergebnis.ordner_angelegt is not None:
        echo(f"Ordner für die Tätigkeitsnachweise angelegt: {ergebnis.ordner_angelegt.as_posix()}")
    erste = config.stellen[0].id
    ordner = config.nachweise.as_posix() if config.nachweise is not None else "ORDNER_DER_NACHWEISE"
    datei = ergebnis.datei.as_posix()
    echo("Nächste Schritte: eine Vorlage je Stelle, z. B. "
         f"kibericht vorlage --config {datei} --jahr {jahr} --stelle {erste} "
         f"--ausgabe {ordner}/Nachweis_{erste}_{jahr}.xlsx; dann die ausgefüllten Nachweise prüfen mit "
         f"kibericht pruefen {ordner} --config {datei}.")

