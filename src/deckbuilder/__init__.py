"""deckbuilder: build the Digital Agency report deck (PPTX + PDF) from YAML sources."""

from deckbuilder.version import __version__

__all__ = ["__version__", "run"]


def run() -> None:
    """The ``deckbuilder`` command. Nothing is imported before Ctrl-C can be answered: an
    interrupt while Python loads the program ends it quietly (exit 130), never a traceback."""
    try:
        from deckbuilder.cli import run as command
    except KeyboardInterrupt:
        import sys

        sys.stderr.write("Stopped (Ctrl-C) before anything was done; nothing was written.\n")
        raise SystemExit(130) from None
    command()
