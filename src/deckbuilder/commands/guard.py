"""The edit guard: a build never replaces an output that a person has changed since.

Each build records what it wrote, a SHA-256 per output name, in ``OUT/.record.json``. Before
a build replaces ``OUT/report.pptx`` (or the PDF, or the web page), the file there must still
be one of the recorded digests: saved in place through the link or replaced by a new file (as
PowerPoint and LibreOffice save), an edited output stops the build. ``deckbuilder pull`` adds
the digest of a file whose edits it took back, so the next build replaces it without a word;
``--force`` keeps the edited bytes beside the outputs under a name that says so.

A file is hashed only when its status may have changed: with each digest the record keeps the
status of the file the build wrote (device, inode, size, modification and change times in ns,
taken before the file could be reached through ``OUT/``). Any write to the file after that sets
its modification time, any ``utime`` or rename its change time, to the clock's time then, and the
record written just before the switch (``accept_new``) is newer than the status kept: so a file
whose status is unchanged holds the bytes of the digest. Kept only where that holds: POSIX (on
Windows the "change" time is the creation time) and a status older than that record (a coarse
clock's tick shared with the write would hide a same-size edit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from deckbuilder.errors import Diagnostic, SourceError, Where, rel

RECORD = ".record.json"
KEEP = 8  # accepted digests kept per name (the newest): a few builds and pulls back


def digest_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


Status = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns


def status(st: os.stat_result) -> Status:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def current_digest(path: Path, known: tuple[str, Status] | None) -> str:
    """The file's digest: the one recorded with its status while that status is unchanged."""
    if known is not None and status(path.stat()) == known[1]:
        return known[0]
    return digest_of(path)


@dataclass(frozen=True)
class Edited:
    """An output that is not what any build or pull left there."""

    path: Path
    changed: dt.datetime  # the file's modification time, local
    digest: str

    @property
    def when(self) -> str:
        return self.changed.strftime("%Y-%m-%d %H:%M")

    def kept_name(self) -> str:
        """``report.edited-20261206-2031.pptx``: what ``--force`` keeps it as."""
        stem, suffix = self.path.stem, self.path.suffix
        return f"{stem}.edited-{self.changed.strftime('%Y%m%d-%H%M%S')}{suffix}"


def _read(out: Path) -> dict[str, object]:
    try:
        data = json.loads((out / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_record(out: Path) -> dict[str, list[str]] | None:
    """The accepted digests per output name; None where no build with a guard wrote here."""
    return _accepted(_read(out))


def _accepted(data: dict[str, object]) -> dict[str, list[str]] | None:
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        return None
    lists = {k: v for k, v in outputs.items() if isinstance(v, list)}
    return {k: [d for d in v if isinstance(d, str)] for k, v in lists.items()}


def _statuses(data: dict[str, object]) -> dict[str, tuple[str, Status]]:
    """The digests with the status of the file they were taken from (see the module's note)."""
    found = data.get("status")
    if not isinstance(found, dict):
        return {}
    good = {}
    for name, entry in found.items():
        if isinstance(entry, list) and len(entry) == 6 and isinstance(entry[0], str):
            if all(isinstance(n, int) for n in entry[1:]):
                good[name] = (entry[0], (entry[1], entry[2], entry[3], entry[4], entry[5]))
    return good


def write_record(
    out: Path, record: dict[str, list[str]], known: dict[str, tuple[str, Status]] | None = None
) -> int:
    """Replace the record in one rename (a kill leaves the old or the new, never half); with
    ``known``, the status of files whose digests need no hashing. Returns the record's own
    modification time (ns), a moment of the file system's clock."""
    data: dict[str, object] = {"version": 1, "outputs": record}
    if known:
        data["status"] = {n: [d, *st] for n, (d, st) in known.items()}
    body = json.dumps(data, indent=1, sort_keys=True)
    tmp = out / f"{RECORD}.new-{os.getpid()}"
    tmp.write_text(body + "\n", encoding="utf-8")
    written = tmp.stat().st_mtime_ns
    os.replace(tmp, out / RECORD)
    return written


def edited_outputs(out: Path, names: Iterable[str]) -> list[Edited]:
    """Outputs in ``out`` that differ from every digest the record accepts for them."""
    data = _read(out)
    record = _accepted(data)
    if record is None:
        return []  # outputs of a deckbuilder without the guard, or none yet
    known = _statuses(data)
    found = []
    for name in names:
        path = out / name
        if not path.is_file():
            continue
        digest = current_digest(path, known.get(name))
        if digest not in record.get(name, []):
            mtime = dt.datetime.fromtimestamp(path.stat().st_mtime)
            found.append(Edited(path, mtime, digest))
    return found


def refuse(edited: list[Edited]) -> SourceError:
    """One message per edited file: what changed, when, and the two ways on."""
    return SourceError([_refusal(e) for e in edited])


def _refusal(e: Edited) -> Diagnostic:
    shown = shown_path(e.path)
    kept = shown_path(e.path.with_name(e.kept_name()))
    pull = f"take the edits back into the YAML with `deckbuilder pull {shown}`, or "
    if not _pullable(e):
        pull = ""
    message = (
        f"was changed after the last build (saved {e.when}), and this build would replace it: "
        f"{pull}replace it with `deckbuilder build --force` (which keeps the edited file as {kept})"
    )
    return Diagnostic(Where(shown), message, "error", None, "edited-output")


def shown_path(path: Path) -> str:
    """The output's own name as the user knows it (not the build folder its link leads to)."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return rel(path)


def _pullable(e: Edited) -> bool:
    return e.path.suffix.lower() == ".pptx"


def keep_edited(e: Edited) -> Path:
    """Copy an edited file beside the outputs under its ``.edited-`` name (never deleted)."""
    dest = e.path.with_name(e.kept_name())
    n = 1
    while dest.exists():
        n += 1
        dest = e.path.with_name(f"{Path(e.kept_name()).stem}-{n}{e.path.suffix}")
    tmp = dest.with_name(f".{dest.name}.new-{os.getpid()}")
    tmp.write_bytes(e.path.read_bytes())
    os.replace(tmp, dest)
    return dest


def check(out: Path, names: list[str], force: bool, kept: dict[str, Path]) -> None:
    """Refuse (SourceError) to go on over an edited output; with ``force``, keep a copy of it
    first, noted in ``kept`` by digest. Called before rendering and again just before the
    switch, for a file saved while the build ran."""
    edited = [e for e in edited_outputs(out, names) if e.digest not in kept]
    if edited and not force:
        raise refuse(edited)
    for e in edited:
        kept[e.digest] = keep_edited(e)


def accept_new(out: Path, written: dict[str, str]) -> int:
    """Before the switch: the record accepts the old outputs and the new ones, so a build
    killed between the switch and ``settle`` leaves nothing that looks edited. Returns the
    moment it was written (ns, the file system's clock): statuses older than it can be kept."""
    record = read_record(out) or {}
    merged = {n: [*record.get(n, []), d] for n, d in written.items()}
    for name, digests in record.items():
        merged.setdefault(name, digests)
    return write_record(out, {n: _newest(d) for n, d in merged.items()})


def settle(
    out: Path, written: dict[str, str], statuses: dict[str, Status], before: int = 0
) -> None:
    """After the switch: only what this build wrote is accepted, with the status each file
    had when written where that is older than ``before`` (``accept_new``'s moment)."""
    known = {}
    if os.name == "posix":
        for name, st in statuses.items():
            if name in written and st[3] < before and st[4] < before:
                known[name] = (written[name], st)
    write_record(out, {n: [d] for n, d in written.items()}, known)


def accept_file(out: Path, name: str, path: Path) -> None:
    """``pull`` took back every edit of ``path`` (out/NAME): the next build may replace it."""
    record = read_record(out)
    if record is None:
        return
    record[name] = _newest([*record.get(name, []), digest_of(path)])
    write_record(out, record)


def _newest(digests: list[str]) -> list[str]:
    seen: list[str] = []
    for d in reversed(digests):
        if d not in seen:
            seen.append(d)
    return list(reversed(seen[:KEEP]))
