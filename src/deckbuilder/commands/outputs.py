"""The output folder: both files from one build or neither, one build at a time, checked first.

Layout of ``out/`` (the names the user opens are symbolic links into one build's folder)::

    report.pptx -> .current/report.pptx
    report.pdf  -> .current/report.pdf
    png         -> .current/png          (with --png)
    .current    -> .builds/<id>          the single switch
    .builds/<id>/report.pptx, report.pdf, png/
    .lock                                held while a build writes

A build writes its folder under ``.builds/`` completely, then replaces ``.current`` with one
rename: a reader (or a kill at any instant) sees the old pair or the new pair, never a mix. The
next build sweeps what a killed one left. Where the folder's file system refuses symbolic links
(FAT/exFAT, SMB shares, Windows without developer mode; probed, not assumed per platform) the old
files are moved aside and the new ones renamed into place; the old ones are put back if a rename
fails, or by the next build if this one was killed in between.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deckbuilder.commands import diskfull
from deckbuilder.commands.guard import Status, status
from deckbuilder.errors import Diagnostic, SourceError, Where, rel

BUILDS, CURRENT, LOCK = ".builds", ".current", ".lock"
OWNED_NAMES = ("png",)  # folders in out/ that a build owns (PNG previews)


def problem(path: Path, message: str) -> SourceError:
    """An environment problem: the user's to fix, so exit 1, with the path and what to do."""
    return SourceError(Diagnostic(Where(rel(path)), message, "error", None, "output"))


# --- preflight ---------------------------------------------------------------------------------


def preflight(out: Path) -> None:
    """Make sure ``out/`` can be written before anything is rendered (exit 1 if not)."""
    shown = rel(out)
    if out.exists() and not out.is_dir():
        raise problem(
            out, f"{shown} is a file, not a folder: remove it, or choose another folder with -o"
        )
    if not out.exists():
        parent = _existing_parent(out)
        if not parent.is_dir():
            raise problem(parent, f"{rel(parent)} is a file, not a folder: choose another -o")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise problem(
                parent,
                f"cannot create {shown}/: {rel(parent)}/ is not writable ({exc.strerror}); "
                "make it writable, or choose another folder with -o",
            ) from None
    for folder in [out, *_cache_dirs(out)]:
        _probe(folder, out)


def check_names(out: Path, names: list[str]) -> None:
    """The output names must be free for a file (not a folder the user made)."""
    for name in names:
        p = out / name
        if p.is_dir() and not p.is_symlink():
            raise problem(
                p,
                f"{rel(p)} is a folder: rename or remove it, so the {Path(name).suffix[1:].upper()}"
                " can be written there",
            )


def _existing_parent(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _cache_dirs(out: Path) -> list[Path]:
    cache = out / ".cache"
    if not cache.is_dir():
        return []
    return [cache, *(p for p in cache.iterdir() if p.is_dir())]


def _probe(folder: Path, out: Path) -> None:
    """Create and remove a file: the only test that also holds for root and read-only mounts."""
    probe = folder / f".probe-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        if diskfull.is_full(exc):
            raise diskfull.problem(exc, out) from None
        where = f"{rel(folder)}/"
        fix = f"chmod u+w {rel(folder)}" if exc.errno in (errno.EACCES, errno.EPERM) else ""
        todo = f"make it writable ({fix}), " if fix else "free it, "
        raise problem(
            folder,
            f"{where} is not writable ({exc.strerror}): {todo}or choose another output folder "
            "with -o",
        ) from None


# --- one build at a time -----------------------------------------------------------------------


@contextmanager
def locked(out: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold ``out/.lock`` for the whole build; a second build waits and says so."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks in the standard library we rely on
        yield
        return
    path = out / LOCK
    try:
        fh = open(path, "a")  # noqa: SIM115 (held for the with block)
    except OSError as exc:
        raise problem(out, f"{rel(out)}/ is not writable ({exc.strerror})") from None
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another build is writing to {rel(out)}/; waiting for it to finish…")
            fcntl.flock(fh, fcntl.LOCK_EX)
        except OSError:  # a share that keeps no locks (ENOLCK, EOPNOTSUPP): build, as on Windows
            pass
        yield
    finally:
        fh.close()  # closing releases the lock


# --- publishing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A staged file: its SHA-256 and its status as written, for the guard."""

    name: str
    path: Path
    digest: str
    status: Status


@dataclass
class Staged:
    """A build's folder under ``out/.builds/``, filled before anything in out/ changes."""

    out: Path
    folder: Path
    digests: dict[str, str] = field(default_factory=dict)  # name -> SHA-256, for the guard
    statuses: dict[str, Status] = field(default_factory=dict)  # name -> its status when written

    def write(self, name: str, data: bytes) -> Path:
        return self.record(self.file(name, data))

    def file(self, name: str, data: bytes) -> Written:
        """``data`` written and made durable, with what the guard keeps of it; changes nothing
        here, so it may run on another thread (the write, fsync and hash let go of the
        interpreter). ``record`` it after."""
        path = self.folder / name
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            written = status(os.fstat(fh.fileno()))
        return Written(name, path, hashlib.sha256(data).hexdigest(), written)

    def record(self, w: Written) -> Path:
        self.statuses[w.name] = w.status
        self.digests[w.name] = w.digest
        return w.path

    def png_dir(self) -> Path:
        return self.folder / "png"


def stage(out: Path) -> Staged:
    builds = out / BUILDS
    builds.mkdir(exist_ok=True)
    folder = builds / f"{time.time_ns():x}-{os.getpid()}"
    folder.mkdir()
    return Staged(out, folder)


def publish(st: Staged, names: list[str]) -> list[Path]:
    """Make ``out/<name>`` show the staged build for every name, in one switch."""
    out = st.out
    links = _symlinks_work(out)
    try:
        if links:
            _switch(out, st.folder, names)
        else:
            _rename_pair(out, st.folder, names)
    except OSError as exc:
        shutil.rmtree(st.folder, ignore_errors=True)
        if diskfull.is_full(exc):  # even a link needs room in its folder
            raise diskfull.problem(exc, out) from None
        # Without links each file is replaced itself, which Windows refuses while it is open.
        hint = "" if links or not isinstance(exc, PermissionError) else _OPEN_HINT
        raise problem(
            Path(exc.filename or out),
            f"could not replace the outputs ({exc.strerror}); the previous ones are unchanged"
            + hint,
        ) from None
    sweep(out)
    return [out / n for n in names]


_OPEN_HINT = ". Is one of them open in PowerPoint or a PDF viewer? Close it and build again"


def _switch(out: Path, folder: Path, names: list[str]) -> None:
    current = out / CURRENT
    if current.is_dir() and not current.is_symlink():  # out/ was copied, links as folders
        os.replace(current, out / BUILDS / f"copied-{os.getpid()}")
    files = [n for n in names if n not in OWNED_NAMES]
    plain = [n for n in files if (out / n).exists() and not (out / n).is_symlink()]
    if plain:
        _adopt(out, files, plain)
    for n in names:
        link = out / n
        if n in OWNED_NAMES and link.is_dir() and not link.is_symlink():
            _remove_owned_dir(link)
        _link(link, f"{CURRENT}/{n}")
    _link(out / CURRENT, f"{BUILDS}/{folder.name}")


def _adopt(out: Path, files: list[str], plain: list[str]) -> None:
    """Outputs of an older deckbuilder (plain files): move the pair under .builds/ first, so
    each step below still shows one consistent pair (or, for a lone file, none)."""
    if len(plain) == len(files):
        old = out / BUILDS / f"adopted-{os.getpid()}"
        old.mkdir(exist_ok=True)
        for n in files:
            os.link(out / n, old / n)
        _link(out / CURRENT, f"{BUILDS}/{old.name}")
        return
    for n in plain:  # half a pair is not an output anyone should trust
        (out / n).unlink()


def _remove_owned_dir(path: Path) -> None:
    if all(p.suffix == ".png" for p in path.iterdir()):
        shutil.rmtree(path)


def _link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` with one rename (a symbolic link replaced atomically)."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    tmp = link.with_name(f".{link.name}.new-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _symlinks_work(out: Path) -> bool:
    """Whether this folder's file system takes symbolic links: asked of the folder itself, as
    FAT/exFAT sticks and SMB shares refuse them on any system (and Windows without developer
    mode on any disk)."""
    probe = out / f".symlink-probe-{os.getpid()}"
    try:
        os.symlink(BUILDS, probe)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True


def _rename_pair(out: Path, folder: Path, names: list[str]) -> None:
    """Without symbolic links: move the old files aside, then the new ones into place, then
    drop the old; if a rename fails, the old ones are put back. A build killed in between
    leaves the old files as ``.NAME.bak-PID``, which the next ``sweep`` puts back (or drops,
    when every new file had already arrived)."""
    backups: list[tuple[Path, Path]] = []
    try:
        for n in names:
            dest = out / n
            if dest.is_dir() and not dest.is_symlink():
                shutil.rmtree(dest)
            elif os.path.lexists(dest):
                bak = dest.with_name(f".{n}{BAK}{os.getpid()}")
                os.replace(dest, bak)
                backups.append((bak, dest))
        for n in names:
            os.replace(folder / n, out / n)
    except OSError:
        _put_back(backups)
        raise
    for bak, _dest in backups:
        bak.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


BAK = ".bak-"  # an old output moved aside while the new pair is renamed into place


def _put_back(backups: list[tuple[Path, Path]]) -> None:
    for bak, dest in backups:
        if dest.is_dir() and not dest.is_symlink():
            shutil.rmtree(dest)
        os.replace(bak, dest)


def _restore_moved_aside(out: Path) -> None:
    """What a build killed while renaming left: if every old file moved aside has its new one
    in place, the old ones go; otherwise they are put back, so out/ shows the old pair."""
    backups = [
        (p, out / p.name[1 : p.name.index(BAK)])
        for p in out.iterdir()
        if p.name.startswith(".") and BAK in p.name and p.is_file()
    ]
    if all(os.path.lexists(dest) for _bak, dest in backups):
        for bak, _dest in backups:
            bak.unlink(missing_ok=True)
    else:
        _put_back(backups)


def sweep(out: Path) -> None:
    """Remove what earlier (or killed) builds left: other build folders, half-made links,
    links to outputs the current build does not have, and temp files of older versions."""
    current = out / CURRENT
    keep = os.readlink(current).split("/")[-1] if current.is_symlink() else None
    builds = out / BUILDS
    # A .current that is not our link (out/ copied without its links): leave builds alone.
    known = keep is not None or not os.path.lexists(current)
    if known and builds.is_dir():
        for p in builds.iterdir():
            if p.name != keep:
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
    _restore_moved_aside(out)
    for p in out.iterdir():
        stale_temp = p.name.startswith(".") and ".new-" in p.name
        old_temp = p.name.startswith(".") and p.name.count(".") >= 3 and p.is_file()
        dangling = p.is_symlink() and os.readlink(p).startswith(CURRENT) and not p.exists()
        probe = p.name.startswith((".probe-", ".symlink-probe-"))
        if stale_temp or dangling or probe or (old_temp and _old_atomic_temp(p)):
            p.unlink(missing_ok=True)


def _old_atomic_temp(p: Path) -> bool:
    """A temp file of an older build's atomic write: ``.report.pdf.k3j2_x``."""
    parts = p.name.split(".")
    return len(parts) == 4 and parts[0] == "" and parts[2] in ("pptx", "pdf")


@contextmanager
def staging(out: Path) -> Iterator[Staged]:
    """A staged build folder, removed again if the build fails before publishing."""
    st = stage(out)
    try:
        yield st
    except BaseException:
        shutil.rmtree(st.folder, ignore_errors=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """One file written whole or not at all (a temporary file renamed over it)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
