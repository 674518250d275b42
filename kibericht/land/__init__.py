"""The Meldung to the Land and the state's consolidation of all KIs' Meldungen.

A KI sends the Land one Meldung per closed month: a Frictionless Tabular Data Package in a zip,
`Meldung_<KI-Kennung>_JJJJ-MM.zip`, holding only aggregates and the head of the KI's Ablage
chain. The flow, each step a module::

    format        the schema of the Meldung as data (resources, fields, version) and the value
                  `Meldungsinhalt` that both sides share
    meldung       the KI side: its report values and its filing → Meldungsinhalt, with the
                  disclosure control as a parameter (`geheimhaltung`)
    aus_ablage    the Meldung of a closed month from the Ablage alone
    schreiben     Meldungsinhalt → deterministic zip bytes
    lesen         zip → Meldungsinhalt, safely (no zip bomb), every problem a finding
    tabellen      the check of a CSV against its Table Schema (Frictionless' error types and
                  positions)
    stimmig       what a Table Schema cannot say: the declared schema is the version's, withheld
                  figures have their reason, the chain extract links up
    eingang       what the checks across Meldungen need of one file
    kette         the chain heads of one KI's Meldungen: rewritten, forked, truncated
    bestand       the set of Meldungen of a run: duplicates, contradictions, missing, late
    speicher      the embedded store (DuckDB): each file read once, years in one query
    uebersicht    the Landesübersicht as a value and its JSON document
    mappe, pdf    the Landesübersicht as workbook and PDF

The use case (paths in, a frozen result out) is `anwendung/zusammenfassung.py`; the command
`cli/befehl_zusammenfassen.py` only renders its result. The state's modules (lesen … pdf) import
neither pandas nor the KI's report modules; the KI side (meldung, aus_ablage, geheimhaltung)
computes the Meldung from the KI's report values.
"""
