"""deckbuilder: build the Digital Agency report deck (PPTX + PDF) from YAML sources."""

__version__ = "0.1.0"
