"""Trust, part two (issue 20): the machines Japanese offices use and the faults that happen
there. Consoles in cp932 and EUC-JP, a full disk, file systems without links, output folders
that cannot be written, Ctrl-C, watch's messages, installing without the network.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cmdkit import edit, git_repo, make_project, outputs
from deckbuilder.cli import main

FIGS = "deck/figures.yaml"


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small project; the current folder is the project."""
    p = make_project(tmp_path / "proj")
    monkeypatch.chdir(p)
    return p


def shown(out: Path) -> dict[str, bytes]:
    """What the user sees in out/: the outputs, not the build's own folders."""
    return {k: v for k, v in outputs(out).items() if not k.startswith(".")}


# --- file systems without symbolic links (FAT/exFAT sticks, SMB shares) ------------------------


def test_where_links_fail_the_outputs_are_plain_files(proj: Path, monkeypatch):
    """Links refused by the file system (EPERM, as on exFAT or an SMB mount) on any platform:
    the outputs are renamed into place as files, and a rebuild replaces them."""

    def refused(*_a, **_k):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", refused)
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    pdf, pptx = proj / "out/report.pdf", proj / "out/report.pptx"
    for p in (pdf, pptx):
        assert p.is_file() and not p.is_symlink()
    assert not os.path.lexists(proj / "out/.current")
    before = pdf.read_bytes()
    edit(proj / FIGS, "value: 7959", "value: 8123")
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert pdf.read_bytes() != before and pdf.read_bytes()[:5] == b"%PDF-"
    left = [p.name for p in (proj / "out").iterdir() if p.name not in (".cache", ".lock")]
    assert sorted(left) == [".builds", "report.pdf", "report.pptx"]
    assert list((proj / "out/.builds").iterdir()) == []


def test_where_links_work_they_are_used(proj: Path):
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert (proj / "out/report.pdf").is_symlink()
    assert not [p for p in (proj / "out").iterdir() if "probe" in p.name]


# --- every command that writes files checks the output folder first ----------------------------


@pytest.mark.parametrize("command", ["preview", "diff"])
@pytest.mark.parametrize("bad", ["out-is-a-file", "sub-is-a-file", "unwritable"])
def test_preview_and_diff_png_check_the_output_folder(proj, capsys, monkeypatch, command, bad):
    git_repo(proj)
    edit(proj / FIGS, "value: 7959", "value: 8123")
    sub = "preview" if command == "preview" else "diff"
    out = proj / "out"
    if bad == "out-is-a-file":
        out.write_text("not a folder")
    elif bad == "sub-is-a-file":
        out.mkdir()
        (out / sub).write_text("not a folder")
    else:
        out.mkdir()
        out.chmod(0o555)
        if os.geteuid() == 0:  # root writes through mode bits: refuse as the kernel would
            real = Path.write_bytes

            def refused(self: Path, data: bytes) -> int:
                if self.absolute().parent == out:
                    raise PermissionError(errno.EACCES, "Permission denied", str(self))
                return real(self, data)

            monkeypatch.setattr(Path, "write_bytes", refused)
    argv = ["preview", "deck"] if command == "preview" else ["diff", "HEAD", "--png"]
    try:
        code = main([*argv, "-o", "out", "-q"])
    finally:
        out.chmod(0o755) if out.is_dir() else None
    err = capsys.readouterr().err
    assert code == 1, err
    expected = {
        "out-is-a-file": "out: error: out is a file, not a folder",
        "sub-is-a-file": f"out/{sub}: error: out/{sub} is a file, not a folder",
        "unwritable": "out: error: out/ is not writable (Permission denied)",
    }[bad]
    assert expected in err, err
    assert "internal error" not in err and "Traceback" not in err
