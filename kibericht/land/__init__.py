"""The Meldung to the Land and the state's consolidation of all KIs' Meldungen.

A KI sends the Land one Meldung per closed month: a Frictionless Tabular Data Package in a zip,
`Meldung_<KI-Kennung>_JJJJ-MM.zip`, holding only aggregates and the head of the KI's Ablage
chain. The flow, each step a module::

    format        the schema of the Meldung as data (resources, fields, version) and the value
                  `Meldungsinhalt` that both sides share
    meldung       the KI side: its report values and its filing → Meldungsinhalt, with the
                  disclosure control as a parameter
    schreiben     Meldungsinhalt → deterministic zip bytes
    lesen         zip → Meldungsinhalt, safely (no zip bomb), every problem a finding
    tabellen      the check of a CSV against its Table Schema (Frictionless' error types and
                  positions)
    stimmig       what a Table Schema cannot say: the declared schema is the version's, withheld
                  figures have their reason, the chain extract links up
    kette         the chain heads of one KI's Meldungen: rewritten, forked, truncated
    bestand       the set of Meldungen of a run: duplicates, contradictions, missing, late
    speicher      the embedded store (DuckDB): each file read once, years in one query
    uebersicht    the Landesübersicht as a value and its JSON document
    mappe, pdf    the Landesübersicht as workbook and PDF
    zusammenfassen  the use case: paths in, a frozen result out

Nothing here imports the command line; `cli/zusammenfassen.py` only renders the result. The
state's modules (lesen … zusammenfassen) import neither pandas nor the KI's report modules.
"""
