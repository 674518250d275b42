"""Stage 1: the configuration `ki.toml` of one KI, read into typed, frozen objects."""
