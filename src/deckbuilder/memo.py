"""Results kept by what they were made from, for the next build: in memory for a process that
builds again and again (watch), and on disk (``OUT/.cache/memo``) for the next run.

A rebuild after one figure changes then re-reads one file, re-lays out the slides that show
that figure and rewrites their parts; everything else is taken from here. Keys are the inputs
themselves (file bytes, frozen model objects), never times or paths alone, so a kept result is
right by construction; on disk they are hashed together with the code that made them.
Each memo holds a bounded number of entries in memory, the oldest dropped first.
"""

from __future__ import annotations

import dataclasses
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


Slot = tuple[str, str]  # (memo's disk name, digest of the key): where a result is kept


class Memo(Generic[V]):
    def __init__(self, size: int = 2048, disk: str = ""):
        self.size = size
        self.disk = disk  # a name: results also kept on disk during a build that allows it
        self.kept: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        if key in self.kept:  # a watch's rebuild: no key hashed
            self.kept.move_to_end(key)
            return self.kept[key]
        slot = self._slot(key)  # hashed once, for the look-up and the keeping
        found = self._find(key, slot)
        if found is not None:
            return found
        value = make()
        self._put(key, value, slot)
        return value

    def find(self, key: Hashable) -> V | None:
        """The kept result, from memory or disk, or None."""
        return self._find(key, self._slot(key))

    def put(self, key: Hashable, value: V) -> None:
        self._put(key, value, self._slot(key))

    def _find(self, key: Hashable, slot: Slot | None) -> V | None:
        if key in self.kept:
            self.kept.move_to_end(key)
            return self.kept[key]
        value = _DISK[-1].load(slot) if slot is not None else None
        if value is not None:
            self._remember(key, value)
        return value

    def _put(self, key: Hashable, value: V, slot: Slot | None) -> None:
        if slot is not None:
            _DISK[-1].later[slot] = value
        self._remember(key, value)

    def _remember(self, key: Hashable, value: V) -> None:
        self.kept[key] = value
        if len(self.kept) > self.size:
            self.kept.popitem(last=False)

    def clear(self) -> None:
        self.kept.clear()

    def _slot(self, key: Hashable) -> Slot | None:
        if not self.disk or not _DISK:
            return None
        disk = _DISK[-1]
        text = key_text(key, disk.reprs)
        digest = hashlib.sha256(f"{code_digest()}\n{text}".encode()).hexdigest()[:40]
        disk.used.setdefault(self.disk, set()).add(digest)
        return self.disk, digest


def key_text(key: object, seen: dict[int, tuple[object, str]]) -> str:
    """``repr(key)``, with the repr of each dataclass object in a key tuple made once per build:
    the same slide is in four memos' keys, and its repr (2 KB, a dataclass's repr calling its
    fields') was most of the 0.04 s a build spent hashing keys. Keys are hashable, so what they
    hold does not change; ``seen`` holds each object, so its id is not reused while kept."""
    if type(key) is tuple:
        parts = [key_text(k, seen) for k in key]
        return f"({', '.join(parts)}{',' if len(parts) == 1 else ''})"
    if dataclasses.is_dataclass(key) and not isinstance(key, type):
        found = seen.get(id(key))
        if found is None or found[0] is not key:
            found = seen[id(key)] = (key, repr(key))
        return found[1]
    return repr(key)


PACK = "kept.pickle"  # one file per memo: {digest: pickled result}


class on_disk:  # noqa: N801  (used as a context manager, like open)
    """Keep disk-backed memos' results under ``folder`` while the block runs; when it ends
    without an error, what this build did not use is removed (the folder never grows).

    Each memo's results are one file, ``folder/NAME/kept.pickle``, read whole when the memo
    first misses in memory and written again only when a result was added or dropped: a
    first build used to create a file per result (400 of them, 0.13 s of the kernel's time
    on this machine), a rebuild to open each. The results are written when the block ends
    (after the build has published its files); a first build (no folder yet) reads nothing."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: dict[str, set[str]] = {}  # memo name -> digests looked up this build
        self.fresh = False
        self.later: dict[Slot, Any] = {}  # results to write when the block ends
        self.packs: dict[str, dict[str, bytes]] = {}  # memo name -> its file, as read
        self.reprs: dict[int, tuple[object, str]] = {}  # key parts' reprs (``key_text``)

    def __enter__(self) -> on_disk:
        self.fresh = not self.folder.is_dir()
        _DISK.append(self)
        return self

    def pack(self, name: str) -> dict[str, bytes]:
        if name not in self.packs:
            self.packs[name] = {} if self.fresh else _read_pack(self.folder / name / PACK)
        return self.packs[name]

    def load(self, slot: Slot) -> Any:
        blob = self.pack(slot[0]).get(slot[1])
        return None if blob is None else _loads(blob)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        _DISK.pop()
        if exc_type is not None and not issubclass(exc_type, Exception):  # type: ignore[arg-type]
            return  # Ctrl-C, exit: nothing more is written
        made: dict[str, dict[str, Any]] = {}
        for (name, digest), value in self.later.items():
            made.setdefault(name, {})[digest] = value
        for name in sorted(set(self.used) | set(made)):
            # After an error, keep what is there: the next build may need it again.
            keep = None if exc_type is not None else self.used.get(name, set())
            self._write(name, made.get(name, {}), keep)
        if exc_type is None:
            self._drop_others(set(self.used) | set(made))

    def _write(self, name: str, made: dict[str, Any], keep: set[str] | None) -> None:
        """The memo's file: what it held (only what this build used, ``keep``) and ``made``."""
        old = self.pack(name)
        new = {d: b for d, b in old.items() if keep is None or d in keep}
        for digest, value in made.items():
            new[digest] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if made or len(new) != len(old):
            cachefiles.write(self.folder / name / PACK, pickle.dumps(new, protocol=5))

    def _drop_others(self, names: set[str]) -> None:
        """Memos this build did not use, and files of an older layout (a file per result)."""
        if not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for old in sub.glob("*.pickle"):
                if sub.name not in names or old.name != PACK:
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


def _read_pack(path: Path) -> dict[str, bytes]:
    data = cachefiles.read(path)
    found = _loads(data) if data is not None else None
    if not isinstance(found, dict):
        return {}  # not there, or written by something else: made again
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, bytes)}


def _loads(data: bytes) -> Any:
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None  # written by something else: make it again
