"""Run-time hook of the desktop build for matplotlib; it replaces PyInstaller's own (`rthooks.dat`
beside this folder names it for matplotlib, and a hook folder of the spec comes first).

PyInstaller's hook (pyi_rth_mplconfig) points MPLCONFIGDIR at a new temporary folder on every start:
in a one-file build the program's files move to a new folder each time, and a kept font list would
name fonts that are gone. This build is one folder whose fonts stay where they are (and matplotlib
builds its list anew when a listed font file is missing, e.g. after the folder was moved). With
PyInstaller's hook every `bericht` would build the font list again (on a Windows PC with hundreds of
fonts that takes seconds), and an MPLCONFIGDIR the user set would be ignored.

So this hook does nothing: kibericht chooses matplotlib's folder itself, exactly as when it is
installed with pip (`kibericht/ausgabe/matplotlib_ordner.py`): matplotlib's default folder, or where
that is not writable a private folder in the temporary directory, kept across runs.
"""
