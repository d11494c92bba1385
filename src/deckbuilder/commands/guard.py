"""The edit guard: a build never replaces an output that a person has changed since.

Each build records what it wrote, a SHA-256 per output name, in ``OUT/.record.json``. Before
a build replaces ``OUT/report.pptx`` (or the PDF, or the web page), the file there must still
be one of the recorded digests: saved in place through the link or replaced by a new file (as
PowerPoint and LibreOffice save), an edited output stops the build. ``deckbuilder pull`` adds
the digest of a file whose edits it took back, so the next build replaces it without a word;
``--force`` keeps the edited bytes beside the outputs under a name that says so.
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


def read_record(out: Path) -> dict[str, list[str]] | None:
    """The accepted digests per output name; None where no build with a guard wrote here."""
    try:
        data = json.loads((out / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, dict):
        return None
    lists = {k: v for k, v in outputs.items() if isinstance(v, list)}
    return {k: [d for d in v if isinstance(d, str)] for k, v in lists.items()}


def write_record(out: Path, record: dict[str, list[str]]) -> None:
    """Replace the record in one rename (a kill leaves the old or the new, never half)."""
    body = json.dumps({"version": 1, "outputs": record}, indent=1, sort_keys=True)
    tmp = out / f"{RECORD}.new-{os.getpid()}"
    tmp.write_text(body + "\n", encoding="utf-8")
    os.replace(tmp, out / RECORD)


def edited_outputs(out: Path, names: Iterable[str]) -> list[Edited]:
    """Outputs in ``out`` that differ from every digest the record accepts for them."""
    record = read_record(out)
    if record is None:
        return []  # outputs of a deckbuilder without the guard, or none yet
    found = []
    for name in names:
        path = out / name
        if not path.is_file():
            continue
        digest = digest_of(path)
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


def accept_new(out: Path, written: dict[str, str]) -> dict[str, list[str]]:
    """Before the switch: the record accepts the old outputs and the new ones, so a build
    killed between the switch and ``settle`` leaves nothing that looks edited."""
    record = read_record(out) or {}
    merged = {n: [*record.get(n, []), d] for n, d in written.items()}
    for name, digests in record.items():
        merged.setdefault(name, digests)
    write_record(out, {n: _newest(d) for n, d in merged.items()})
    return merged


def settle(out: Path, written: dict[str, str]) -> None:
    """After the switch: only what this build wrote is accepted."""
    write_record(out, {n: [d] for n, d in written.items()})


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
