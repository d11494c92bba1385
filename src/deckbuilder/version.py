"""The program's version: shown by ``--version`` and written into the PDF as its producer. Kept
below every stage, so the writers can name it without importing the package's entry point."""

__version__ = "0.1.0"  # as pyproject.toml says
