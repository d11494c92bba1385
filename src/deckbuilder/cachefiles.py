"""Files kept between builds under ``OUT/.cache/``: written whole or not at all, never the
reason a build fails (a cache that cannot be written only costs time), swept of the temp
files a killed or failed write left, and bounded in size, the least recently used first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Charts, thumbnails, prepared pictures and memos together; the report needs about 5 MB, a
# deck of 440 slides about 50. Past this the files least recently used go first.
LIMIT = 256 * 2**20


def write(path: Path, data: bytes) -> None:
    """``path`` holds ``data`` or is as it was: a full disk leaves no temp file behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        _remove(tmp)


def read(path: Path) -> bytes | None:
    """The kept bytes, or None; a file read counts as used (its time is renewed)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    touch(path)
    return data


def touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache still serves


def sweep(cache: Path) -> None:
    """Temp files of writes that a killed build, or a full disk, left (run under the lock)."""
    for entry in _files(cache):
        if entry.name.endswith(".tmp"):
            _remove(Path(entry.path))


def bound(cache: Path, limit: int | None = None) -> None:
    """Remove the least recently used files until the cache holds at most ``limit`` bytes."""
    limit = LIMIT if limit is None else limit
    files = []
    for entry in _files(cache):
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        files.append((st.st_mtime_ns, st.st_size, entry.path))
    total = sum(size for _t, size, _p in files)
    for _t, size, path in sorted(files):
        if total <= limit:
            break
        _remove(Path(path))
        total -= size


def _files(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every file under ``folder`` (os.scandir: a build's bound costs a few milliseconds)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path))
        elif entry.is_file(follow_symlinks=False):
            yield entry


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
