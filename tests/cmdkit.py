"""What the command tests do to a project: edit a file, make it a git repository, read its
outputs, build it once. The project itself is ``helpers.make_project``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from helpers import make_project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), encoding="utf-8")


def git(cwd: Path, *args: str) -> str:
    res = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return res.stdout


def git_repo(project: Path) -> Path:
    """Make the project a git repository with one commit of everything."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "first")
    return project


def outputs(out: Path) -> dict[str, bytes]:
    """Every file under out/ (the cache excluded), by relative path."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(out).parts
    }


def copy_built(built: Path, dest: Path) -> Path:
    """A copy of a built project at ``dest`` (its out/ links are relative, so they point into
    the copy): the same starting point as building it there, without the build."""
    shutil.copytree(built, dest, symlinks=True)
    return dest


def built_once(dest: Path, prepare: Callable[[Path], object] | None = None) -> Path:
    """A project at ``dest`` (changed by ``prepare``) and its good outputs in ``dest/out``: the
    starting point of the tests that check a bad input changes nothing."""
    from deckbuilder.cli import main

    make_project(dest, "cli")
    if prepare is not None:
        prepare(dest)
    assert main(["build", str(dest / "deck"), "-o", str(dest / "out"), "-q"]) == 0
    return dest
