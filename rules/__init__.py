"""Built-in YAML rule packs, shipped as package data."""
