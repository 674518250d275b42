"""The Ablage: closed months, filed so that every later change is found and a filing can be
proven years later (§ 146 Abs. 4 AO, GoBD Rz. 107–112).

The Ablage is a folder (`[ablage] ordner` in ki.toml, default `abschluesse` beside it) holding a
chain of elements, one folder each, numbered without gap::

    abschluesse/
      0001_2025-03_Abschluss/          Abschluss_2025-03.json + Monatsbericht_2025-03.xlsx, …png
      0002_2025-04_Abschluss/
      0003_2025-03_Wiedereroeffnung/   Wiedereroeffnung_2025-03.json (reason, time, which filing)
      0004_2025-03_Abschluss/          the second version of March
      .sperre                          the lock of writers

Each manifest links to the sha256 of its predecessor's manifest bytes and carries its own seal
(`manifest`). `kette` reads and checks the chain, `ablegen` adds an element atomically, `sperre`
lets one writer at a time do so. The comparison of the logs with a closed month's fingerprints is
a rule (`regeln.abschluss`).

A seal and a chain kept in one folder prove nothing against whoever can rewrite that folder. So
a closing also checks itself (`nachrechnen`: its figures recomputed from its entries), and its
Prüfcode (`pruefcode`), printed on the signed report, lets the paper prove the filing
(`papier.pruefcode_pruefen`); `kette.kettenkopf` is the head a recipient of the Meldung holds.
"""
