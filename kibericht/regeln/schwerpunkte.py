"""A Schwerpunkt counts only within its two-year period, and should match its Handlungsfeld.

SP1 (2025–2026) on an entry of 12.01.2027 is the error `schwerpunkt-zeitraum` (the row is not
counted); SP1 belongs to Bildung, so SP1 with Handlungsfeld Querschnitt is the warning
`handlungsfeld-abweichend`.
"""

from __future__ import annotations

from kibericht.befunde import Code, Finding, befund
from kibericht.regeln.kontext import Eintragsdaten
from kibericht.schema import load_schema


def check_schwerpunkt_zeitraum(k: Eintragsdaten) -> list[Finding]:
    entries, config = k.eintraege, k.config
    findings: list[Finding] = []
    if entries.empty:
        return findings
    von = {s.id: s.von for s in config.schwerpunkte}
    bis = {s.id: s.bis for s in config.schwerpunkte}
    hf = {s.id: s.handlungsfeld for s in config.schwerpunkte}
    sp = entries["schwerpunkt"]
    known = sp.isin(list(von)) & entries["datum"].notna()
    if not known.any():
        return findings
    year = entries.loc[known, "datum"].dt.year
    outside = (year < sp[known].map(von)) | (year > sp[known].map(bis))
    for index in outside[outside].index:
        row = entries.loc[index]
        s = config.schwerpunkt(row["schwerpunkt"])
        findings.append(befund(Code.SCHWERPUNKT_ZEITRAUM, row["_datei"], row["_blatt"], int(row["_zeile"]),
                               "Schwerpunkt", row["schwerpunkt"],
                               f"Der Schwerpunkt {s.id} gilt nur {s.von}–{s.bis}, der Eintrag ist vom "
                               f"{row['datum']:%d.%m.%Y}. Wählen Sie einen Schwerpunkt dieses Jahres "
                               "oder lassen Sie die Zelle leer."))
    field_ok = entries.loc[known, "handlungsfeld"].isin(list(load_schema().handlungsfelder))
    mismatch = field_ok & (entries.loc[known, "handlungsfeld"] != sp[known].map(hf)) & ~outside
    for index in mismatch[mismatch].index:
        row = entries.loc[index]
        findings.append(befund(Code.HANDLUNGSFELD_ABWEICHEND, row["_datei"], row["_blatt"],
                               int(row["_zeile"]), "Handlungsfeld", row["handlungsfeld"],
                               f"Der Schwerpunkt {row['schwerpunkt']} gehört zum Handlungsfeld "
                               f"„{hf[row['schwerpunkt']]}“, eingetragen ist „{row['handlungsfeld']}“. "
                               "Prüfen Sie, ob Schwerpunkt oder Handlungsfeld stimmen."))
    return findings
