"""The output stage: everything kibericht writes for people to read, rendered from values of the
earlier stages; nothing here computes a figure.

The report (`kibericht bericht`, and the report filed by `abschliessen`):

- `berichtsmappe.write_report(out_dir, bericht)` writes the workbook, the charts and the PDF of one
  report value (`regeln.bericht.Bericht`), all files together or none (`atomar`);
- `abschnitte` (and `abschnitte_stellen`) build the report's sections once from the report value:
  tables as display frames, the words around them, internal or public version;
- `blaetter/` holds the workbook's sheets, one module each, and `blaetter.BLAETTER`, their order
  and why; `blaetter/blatt.py` what every sheet shares (print setup, title, notes);
- `pdf` sets the same sections as the committee PDF (`pdf_seiten`: fonts, styles, page frame);
- `diagramme` draws the charts (matplotlib, set up by `matplotlib_ordner`), on the second core
  while the workbook is written (`nebenher`);
- `texte` holds the wording of all of them and of the terminal; `zellformate` the workbook's cell
  formats and table writer; `daten_blatt` and `xlsx_intern` the fast writer of the Daten sheet;
- `dokument` the JSON document of `bericht --format json`.

Besides the report: `vorlage` (the blank Tätigkeitsnachweis) and `markiert` (marked copies of
faulty logs).

Adding a sheet to the report workbook touches exactly these files:

1. `blaetter/<name>.py`, new: a docstring saying what the sheet shows, `NAME` (the sheet's name)
   and `schreiben(mappe)`, which adds the sheet with `blatt.neues_blatt(mappe, NAME)` (A4,
   header, footer) and writes it from `mappe.teile` (the sections);
2. `blaetter/__init__.py`: its import and one `Blatt(...)` entry in `BLAETTER` where it is to stand,
   saying in which version (`intern`, `oeffentlich`), whether always (`zeigen`), and whether it
   touches every entry or finding (`alle_zeilen=True`: then at the end of the list);
3. `texte.py`: its title and notes;
4. only where it shows figures no section holds yet: `abschnitte.py` (a section, or a field of
   one) and, for a figure not yet computed, the module of `regeln/` that computes it (sums of
   tables: `regeln/tabellen.py`).

Its test goes into `tests/test_report.py` (open the written workbook again and check the sheet's
figures); `tests/test_blaetter.py` checks the list.
"""
