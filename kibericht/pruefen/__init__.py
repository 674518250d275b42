"""Stage 3: map the sheets' columns, type every cell and validate the entries."""
