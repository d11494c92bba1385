"""The console: every command's text reaches any code page without an error.

Redirected (``deckbuilder diff HEAD > review.txt`` on a cp932 Windows, a pipe, a log) the text
is written as UTF-8, which every editor opens. On a terminal (or where ``PYTHONIOENCODING``
names an encoding) the terminal's own encoding stays, and a character it lacks (an em dash
in cp932, ～ or 髙 in EUC-JP, a variation selector in either) is shown as ``?`` instead of
ending the command.
"""

from __future__ import annotations

import io
import os
import sys


def prepare() -> None:
    """Set up stdout and stderr once, before a command prints anything."""
    for stream in (sys.stdout, sys.stderr):
        _prepare(stream)


def say(text: str) -> None:
    """A last line on stderr, where the reader may be gone with the same Ctrl-C (``| tee``)."""
    try:
        print(text, file=sys.stderr, flush=True)
    except BrokenPipeError:
        detach()


def detach() -> None:
    """The reader has gone (``| tee`` ended by the same Ctrl-C, ``| head``): what is left goes
    to the null device, so neither the next message nor the flush at exit fails."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass  # not a file (a test's capture)
    os.close(devnull)


def _prepare(stream: object) -> None:
    if not isinstance(stream, io.TextIOWrapper):
        return  # already replaced by a caller (a test's capture): theirs to encode
    if stream.isatty() or os.environ.get("PYTHONIOENCODING"):
        stream.reconfigure(errors="replace")
    else:
        stream.reconfigure(encoding="utf-8", errors="replace")
