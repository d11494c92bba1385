"""Files kept between builds under ``OUT/.cache/``: written whole or not at all, never the
reason a build fails (a cache that cannot be written only costs time), swept of the temp
files a killed or failed write left, and bounded in size, the least recently used first.
"""

from __future__ import annotations

import os
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
    if cache.is_dir():
        for tmp in cache.rglob("*.tmp"):
            _remove(tmp)


def bound(cache: Path, limit: int | None = None) -> None:
    """Remove the least recently used files until the cache holds at most ``limit`` bytes."""
    limit = LIMIT if limit is None else limit
    if not cache.is_dir():
        return
    files = []
    for p in cache.rglob("*"):
        try:
            st = p.lstat()
        except OSError:
            continue
        if p.is_file():
            files.append((st.st_mtime_ns, st.st_size, p))
    total = sum(size for _t, size, _p in files)
    for _t, size, p in sorted(files):
        if total <= limit:
            break
        _remove(p)
        total -= size


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
