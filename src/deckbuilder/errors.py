"""Problems in the sources, reported like a linter: ``file:line:col: error: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Where:
    """A place in a source file (1-based line and column; 0 when unknown)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


@dataclass
class Diagnostic:
    where: Where
    message: str
    severity: str = "error"  # "error" or "warning"
    slide: int | None = None
    code: str = "source"  # for tools (check --format json); never empty

    def __str__(self) -> str:
        sep = ", " if self.code == "overflow" else ": "
        slide = f"slide {self.slide}{sep}" if self.slide else ""
        return f"{self.where}: {self.severity}: {slide}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.where.file,
            "line": self.where.line,
            "column": self.where.col,
            "severity": self.severity,
            "slide": self.slide,
            "code": self.code,
            "message": self.message,
        }


class SourceError(Exception):
    """One or more problems in the sources; the build stops and writes nothing."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def error(
    where: Where, message: str, slide: int | None = None, code: str = "source"
) -> SourceError:
    return SourceError(Diagnostic(where, message, "error", slide, code))


@dataclass
class Collector:
    """Gathers diagnostics so one run reports every problem, not just the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, d: Diagnostic) -> None:
        self.items.append(d)

    def extend(self, ds: list[Diagnostic]) -> None:
        self.items.extend(ds)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SourceError(self.errors)


def rel(path: Path, root: Path | None = None) -> str:
    """A path as the user typed it, relative to the working directory when possible."""
    if root is None and not path.is_absolute() and ".." not in path.parts:
        return str(path)  # already so: resolving it and the directory cost 0.1 ms a file
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def suggest(word: str, choices: Iterable[str]) -> str:
    """A did-you-mean for a name the sources misspelt: " (did you mean 'x'?)" or ""."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
