"""Results kept by what they were made from, for the next build: in memory for a process that
builds again and again (watch), and on disk (``OUT/.cache/memo``) for the next run.

A rebuild after one figure changes then re-reads one file, re-lays out the slides that show
that figure and rewrites their parts; everything else is taken from here. Keys are the inputs
themselves (file bytes, frozen model objects), never times or paths alone, so a kept result is
right by construction; on disk they are hashed together with the code that made them.
Each memo holds a bounded number of entries in memory, the oldest dropped first.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from deckbuilder import cachefiles

V = TypeVar("V")

_DISK: list[on_disk] = []  # where a build keeps results, while it runs


class Memo(Generic[V]):
    def __init__(self, size: int = 2048, disk: str = ""):
        self.size = size
        self.disk = disk  # a name: results also kept on disk during a build that allows it
        self.kept: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        if key in self.kept:  # a watch's rebuild: no key hashed
            self.kept.move_to_end(key)
            return self.kept[key]
        path = self._path(key)  # hashed once, for the look-up and the keeping
        found = self._find(key, path)
        if found is not None:
            return found
        value = make()
        self._put(key, value, path)
        return value

    def find(self, key: Hashable) -> V | None:
        """The kept result, from memory or disk, or None."""
        return self._find(key, self._path(key))

    def put(self, key: Hashable, value: V) -> None:
        self._put(key, value, self._path(key))

    def _find(self, key: Hashable, path: Path | None) -> V | None:
        if key in self.kept:
            self.kept.move_to_end(key)
            return self.kept[key]
        value = _DISK[-1].load(path) if path is not None else None
        if value is not None:
            self._remember(key, value)
        return value

    def _put(self, key: Hashable, value: V, path: Path | None) -> None:
        if path is not None:
            _DISK[-1].later[path] = value
        self._remember(key, value)

    def _remember(self, key: Hashable, value: V) -> None:
        self.kept[key] = value
        if len(self.kept) > self.size:
            self.kept.popitem(last=False)

    def clear(self) -> None:
        self.kept.clear()

    def _path(self, key: Hashable) -> Path | None:
        if not self.disk or not _DISK:
            return None
        digest = hashlib.sha256(f"{code_digest()}\n{key!r}".encode()).hexdigest()[:40]
        path = _DISK[-1].folder / self.disk / f"{digest}.pickle"
        _DISK[-1].used.add(path)
        return path


class on_disk:  # noqa: N801  (used as a context manager, like open)
    """Keep disk-backed memos' results under ``folder`` while the block runs; when it ends
    without an error, what this build did not use is removed (the folder never grows).

    The results are written when the block ends (after the build has published its files); a
    first build (no folder yet) tries no file."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[Path] = set()
        self.fresh = False
        self.later: dict[Path, Any] = {}  # results to write when the block ends

    def __enter__(self) -> on_disk:
        self.fresh = not self.folder.is_dir()
        _DISK.append(self)
        return self

    def load(self, path: Path) -> Any:
        return None if self.fresh else _load(path)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        _DISK.pop()
        if exc_type is not None and not issubclass(exc_type, Exception):  # type: ignore[arg-type]
            return  # Ctrl-C, exit: nothing more is written
        for path, value in self.later.items():
            _save(path, value)
        if exc_type is not None:
            return
        for old in self.folder.glob("*/*.pickle"):
            if old not in self.used:
                old.unlink(missing_ok=True)


# Code-hash policy for the memos on disk: every module of the package, read once per process
# (a program whose code changes is a new process).
@cache
def code_digest() -> str:
    """The package's own code: a kept result never outlives a change to what made it."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def _load(path: Path) -> Any:
    data = cachefiles.read(path)
    if data is None:
        return None  # not there: make it
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None  # written by something else: make it again


def _save(path: Path, value: Any) -> None:
    cachefiles.write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
