"""Stage 2: find the input files, check each package, and read its sheets as raw cells."""
