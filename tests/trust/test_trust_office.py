"""Trust, part two (issue 20): the machines Japanese offices use and the faults that happen
there. Consoles in cp932 and EUC-JP, a full disk, file systems without links, output folders
that cannot be written, Ctrl-C, watch's messages, installing without the network.
"""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

import pytest

from cmdkit import edit, git_repo, outputs
from deckbuilder.cli import main
from helpers import ROOT, make_project

FIGS = "deck/figures.yaml"


# The small project, and the current folder is the project.
pytestmark = pytest.mark.project(deck="cli", chdir=True)


def shown(out: Path) -> dict[str, bytes]:
    """What the user sees in out/: the outputs, not the build's own folders."""
    return {k: v for k, v in outputs(out).items() if not k.startswith(".")}


# --- file systems without symbolic links (FAT/exFAT sticks, SMB shares) ------------------------


def test_where_links_fail_the_outputs_are_plain_files(project: Path, monkeypatch):
    """Links refused by the file system (EPERM, as on exFAT or an SMB mount) on any platform:
    the outputs are renamed into place as files, and a rebuild replaces them."""

    def refused(*_a, **_k):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", refused)
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    pdf, pptx = project / "out/report.pdf", project / "out/report.pptx"
    for p in (pdf, pptx):
        assert p.is_file() and not p.is_symlink()
    assert not os.path.lexists(project / "out/.current")
    before = pdf.read_bytes()
    edit(project / FIGS, "value: 7959", "value: 8123")
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert pdf.read_bytes() != before and pdf.read_bytes()[:5] == b"%PDF-"
    left = [p.name for p in (project / "out").iterdir() if p.name not in (".cache", ".lock")]
    assert sorted(left) == [".builds", ".record.json", "report.html", "report.pdf", "report.pptx"]
    assert list((project / "out/.builds").iterdir()) == []


def test_a_share_without_locks_still_builds(project: Path, monkeypatch):
    """flock refused (an NFS or SMB mount without a lock service): built all the same."""
    fcntl = pytest.importorskip("fcntl")

    def no_locks(*_a: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert (project / "out/report.pdf").read_bytes()[:5] == b"%PDF-"


def test_where_links_work_they_are_used(project: Path):
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert (project / "out/report.pdf").is_symlink()
    assert not [p for p in (project / "out").iterdir() if "probe" in p.name]


# --- every command that writes files checks the output folder first ----------------------------


@pytest.mark.parametrize("command", ["preview", "diff"])
@pytest.mark.parametrize("bad", ["out-is-a-file", "sub-is-a-file", "unwritable"])
def test_preview_and_diff_png_check_the_output_folder(project, capsys, monkeypatch, command, bad):
    git_repo(project)
    edit(project / FIGS, "value: 7959", "value: 8123")
    sub = "preview" if command == "preview" else "diff"
    out = project / "out"
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


# --- consoles in any code page -----------------------------------------------------------------

# Each lacks a character of the text: — (U+2014) is in neither cp932 nor EUC-JP, ～ and 髙 are
# in cp932 only.
ODD = "髙橋—～"


def odd_project(tmp_path: Path) -> Path:
    """A project whose source, titles and text hold ODD, in git, with a change in the text."""
    p = make_project(tmp_path / "proj", "cli")
    edit(p / FIGS, "source: テスト p.3", f"source: テスト{ODD} p.3")
    edit(p / "deck/slides/02-kpis.yaml", "title: マイナンバーカードは", f"title: {ODD}カードは")
    # The section repeats slide 2's title: check warns, quoting it.
    title = f"{ODD}カードは持つから使うへ"
    edit(p / "deck/slides/03-section.yaml", "行政のデジタル変革と取組成果", title)
    git_repo(p)
    edit(p / "deck/slides/02-kpis.yaml", "に達しました。", f"に達しました{ODD}。")
    return p


COMMANDS: dict[str, list[str | bytes]] = {
    "check": ["check", "deck"],
    "figures": ["figures", "deck"],
    "diff": ["diff", "HEAD"],
    "build": ["build", "deck", "-o", f"出力{ODD}"],
}
SHOWS = {"check": "is also the title", "figures": "テスト", "diff": "に達しました", "build": "出力"}


def run_in(
    project: Path, argv: list[str | bytes], **env: str
) -> subprocess.CompletedProcess[bytes]:
    """The command in a new process, its output redirected (as `> review.txt` does)."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    return subprocess.run(
        [sys.executable, "-m", "deckbuilder.cli", *argv],
        cwd=project,
        env={**base, **env},
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return odd_project(tmp_path_factory.mktemp("odd"))


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_a_console_code_page_lacking_a_character_gets_a_replacement(odd, command, encoding):
    res = run_in(odd, COMMANDS[command], PYTHONIOENCODING=encoding)
    err = res.stderr.decode(encoding)
    assert res.returncode == 0, err
    text = res.stdout.decode(encoding) + err
    assert SHOWS[command] in text and "Traceback" not in text and "internal error" not in text
    kept = "".join(c if _encodes(c, encoding) else "?" for c in ODD)
    assert kept in text and ODD not in text, (kept, text)


def _encodes(c: str, encoding: str) -> bool:
    try:
        c.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.fixture(scope="module")
def euc_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An EUC-JP locale made here (localedef), as a Japanese Unix office has."""
    if not shutil.which("localedef") or not Path("/usr/share/i18n/locales/ja_JP").exists():
        pytest.skip("localedef or the ja_JP locale source is missing")
    where = tmp_path_factory.mktemp("locale")
    made = subprocess.run(
        ["localedef", "-i", "ja_JP", "-f", "EUC-JP", str(where / "ja_JP.eucJP")],
        capture_output=True,
    )
    if made.returncode not in (0, 1):  # 1: warnings only
        pytest.skip(f"localedef failed: {made.stderr.decode(errors='replace')}")
    return {"LOCPATH": str(where), "LANG": "ja_JP.eucJP", "LC_ALL": "ja_JP.eucJP"}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_redirected_output_in_an_euc_jp_locale_is_utf8(odd, euc_locale, command):
    argv, expected = COMMANDS[command], ODD
    if command == "build":  # a name typed in this locale arrives in its encoding
        argv, expected = ["build", "deck", "-o", "出力〜".encode("euc_jp")], "出力〜"
    res = run_in(odd, argv, **euc_locale)
    err = res.stderr.decode("utf-8")
    assert res.returncode == 0, err
    text = res.stdout.decode("utf-8") + err
    assert SHOWS[command] in text and expected in text, text


class Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_a_terminal_keeps_its_encoding_and_shows_what_it_lacks_as_a_question_mark(
    encoding: str, monkeypatch
):
    from deckbuilder.commands import console

    raw = io.BytesIO()
    term = Terminal(raw, encoding=encoding, errors="strict")
    monkeypatch.setattr(sys, "stdout", term)
    console.prepare()
    print(f"タイトル{ODD}", file=term, flush=True)
    kept = "".join(c if _encodes(c, encoding) else "?" for c in ODD)
    assert raw.getvalue().decode(encoding) == f"タイトル{kept}\n"


# --- a full disk -------------------------------------------------------------------------------


def no_space(path: object) -> OSError:
    return OSError(errno.ENOSPC, "No space left on device", str(path))


def temp_files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.name.endswith(".tmp"))


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_built: Path) -> Path:
    """The small project built; the current folder is the project."""
    from cmdkit import copy_built

    p = copy_built(cli_built, tmp_path / "proj")
    monkeypatch.chdir(p)
    return p


def test_a_full_disk_is_the_users_problem_and_the_outputs_stay(built, capsys, monkeypatch):
    """The disk fills while the PDF is written and while the cache is (half of each written):
    exit 1 saying so, the previous pair byte for byte, no temp file anywhere."""
    from deckbuilder.commands import outputs as out_mod

    out = built / "out"
    good = shown(out)
    edit(built / FIGS, "value: 7959", "value: 8123")  # new charts, slides and pages to keep
    real_file, real_bytes = out_mod.Staged.file, Path.write_bytes

    def full_at_the_pdf(self, name: str, data: bytes) -> out_mod.Written:
        if name.endswith(".pdf"):
            real_file(self, name, data[: len(data) // 2])
            raise no_space(self.folder / name)
        return real_file(self, name, data)

    def full_cache(self: Path, data: bytes) -> int:
        if ".cache" in self.parts and self.name.endswith(".tmp"):
            real_bytes(self, data[: len(data) // 2])
            raise no_space(self)
        return real_bytes(self, data)

    monkeypatch.setattr(out_mod.Staged, "file", full_at_the_pdf)
    monkeypatch.setattr(Path, "write_bytes", full_cache)
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    assert "out: error: the disk is full (could not write out/report.pdf): " in err, err
    assert "the previous outputs are unchanged; free some space; out/.cache/ may be" in err
    assert "internal error" not in err and "Traceback" not in err
    assert shown(out) == good
    assert temp_files(out) == []
    assert list((out / ".builds").iterdir()) == [(out / ".current").resolve()]
    # Space again: the same build succeeds.
    monkeypatch.undo()
    monkeypatch.chdir(built)
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert shown(out) != good


def test_a_disk_full_as_the_outputs_switch_is_said_so(built, capsys, monkeypatch):
    good = shown(built / "out")
    edit(built / FIGS, "value: 7959", "value: 8123")
    real = os.symlink

    def full(src, dst, *a, **k):
        if ".current" in str(dst):
            raise no_space(dst)
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "symlink", full)
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    err = capsys.readouterr().err
    assert "out: error: the disk is full (could not write out/): the previous outputs" in err, err
    assert shown(built / "out") == good
    assert [p for p in (built / "out/.builds").iterdir()] == [(built / "out/.current").resolve()]


def test_a_disk_full_before_the_build_is_said_so(built, capsys, monkeypatch):
    good = shown(built / "out")
    edit(built / FIGS, "value: 7959", "value: 8123")

    def full(self: Path, data: bytes) -> int:
        raise no_space(self)

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    err = capsys.readouterr().err
    assert "out: error: the disk is full (could not write out/): the previous" in err, err
    assert shown(built / "out") == good


def test_a_full_disk_in_preview_is_exit_1(project: Path, capsys, monkeypatch):
    import deckbuilder.commands.preview as preview_mod

    def full(path: Path, data: bytes) -> None:
        raise no_space(path)

    monkeypatch.setattr(preview_mod, "atomic_write", full)
    assert main(["preview", "deck", "-o", "out", "-q"]) == 1
    err = capsys.readouterr().err
    assert "error: the disk is full (could not write out/preview/slide-01.png)" in err, err


def test_temp_files_a_killed_build_left_in_the_cache_are_swept(built: Path):
    cache = built / "out/.cache"
    left = [cache / "charts/.abc.svg.999.tmp", cache / "memo/layout/.x.pickle.999.tmp"]
    for p in left:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"half")
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert temp_files(built / "out") == []


def test_the_cache_is_bounded_the_least_recently_used_first(built: Path, monkeypatch):
    from deckbuilder import cachefiles

    cache = built / "out/.cache"
    files = [p for p in cache.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    old = cache / "charts/0123.old.png"
    old.write_bytes(b"x" * 1000)
    os.utime(old, (1, 1))  # used long ago
    monkeypatch.setattr(cachefiles, "LIMIT", size + 500)
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert not old.exists()
    after = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    assert after <= size + 500
    # What this build used was kept: a second build draws no chart again.
    charts = sorted(p.name for p in (cache / "charts").iterdir())
    assert charts and main(["build", "deck", "-o", "out", "-q"]) == 0
    assert sorted(p.name for p in (cache / "charts").iterdir()) == charts


# --- unbreakable runs that overflow ------------------------------------------------------------


def test_a_long_kpi_value_in_the_report_is_an_overflow(tmp_path: Path, capsys, monkeypatch):
    """The issue's case: 12,345,678万件 on slide 9 prints over the next card."""
    for part in ("deck", "layouts", "assets/fonts"):
        shutil.copytree(ROOT / part, tmp_path / part)
    monkeypatch.chdir(tmp_path)
    edit(
        tmp_path / FIGS,
        "mynaportal.accounts:\n  value: 7959",
        "mynaportal.accounts:\n  value: 12345678",
    )
    assert main(["check", "deck"]) == 1
    out = capsys.readouterr().out
    assert (
        "deck/slides/09-life-online.yaml:24:13: error: slide 9, slot body: '12,345,678万件' "
        "cannot be broken across lines and is 17 pt wider than its box; shorten it"
    ) in out, out


def test_build_refuses_an_unbreakable_overflow_and_keeps_the_outputs(built, capsys):
    good = shown(built / "out")
    edit(built / FIGS, "value: 7959", "value: 1234567890123")
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    err = capsys.readouterr().err
    assert (
        "deck/slides/02-kpis.yaml:9:16: error: slide 2, slot body: '1,234,567,890,123万件'" in err
    )
    assert shown(built / "out") == good
    assert main(["build", "deck", "-o", "out", "-q", "--allow-overflow"]) == 0


# --- Ctrl-C ------------------------------------------------------------------------------------


def interrupted_after(project: Path, delay: float, *argv: str) -> tuple[int, str]:
    """The installed command, sent Ctrl-C (SIGINT to its process group, as a terminal does)
    after ``delay`` seconds."""
    script = Path(sys.executable).with_name("deckbuilder")
    if not script.exists():
        pytest.skip("deckbuilder is not installed beside this Python")
    proc = subprocess.Popen(
        [str(script), *argv],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode()


@pytest.mark.parametrize("delay", [0.08, 0.15, 0.25, 0.35, 0.5])
def test_ctrl_c_in_the_first_half_second_prints_no_traceback(built: Path, delay: float):
    good = shown(built / "out")
    edit(built / FIGS, "value: 7959", "value: 8123")
    code, err = interrupted_after(built, delay, "build", "deck", "-o", "out")
    if code == 0:
        pytest.skip(f"the build had finished within {delay} s")
    assert code == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("Stopped (Ctrl-C)"), err
    # It says what out/ holds, and it is so.
    if "nothing was changed" in last or "before anything was done" in last:
        assert shown(built / "out") == good
    if "nothing was changed" in last:
        assert last.endswith("out/ holds the previous report.pdf, report.pptx."), last
    assert not [
        p
        for p in (built / "out/.builds").iterdir()
        if p.resolve() != (built / "out/.current").resolve()
    ]


def test_ctrl_c_with_no_outputs_yet_says_so(project: Path):
    code, err = interrupted_after(project, 0.3, "build", "deck", "-o", "out")
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "Stopped (Ctrl-C): out/ holds no outputs yet.", err


def test_ctrl_c_while_the_pipeline_loads_waits_for_the_import_to_end(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """A Ctrl-C inside pikepdf's native import aborted the process (SIGABRT, exit -6): the
    pipeline now loads whole, and the Ctrl-C is answered after."""
    import importlib

    real_import, loaded = importlib.import_module, []

    def import_interrupted(name: str) -> object:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the Ctrl-C has arrived by now
        loaded.append(name)
        return real_import(name)

    monkeypatch.chdir(project)
    monkeypatch.setattr("deckbuilder.cli.importlib.import_module", import_interrupted)
    assert main(["build", "deck", "-o", "out"]) == 130
    assert loaded == ["deckbuilder.commands.build"]
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("Stopped (Ctrl-C)")
    assert not (project / "out").exists() or not list((project / "out").glob("report.*"))


def test_ctrl_c_under_tee_is_exit_130_not_a_broken_pipe(built: Path):
    """`deckbuilder build 2>&1 | tee log`: Ctrl-C ends tee too, so the last line has no reader;
    the command still ends as stopped (130), not with an error about the pipe."""
    script = Path(sys.executable).with_name("deckbuilder")
    edit(built / FIGS, "value: 7959", "value: 8123")
    shell = subprocess.Popen(
        [
            "bash",
            "-c",
            f"{script} build deck -o out 2>&1 | tee log; echo ${{PIPESTATUS[0]}} > status",
        ],
        cwd=built,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    wait_for(built / "log", "load")
    os.killpg(shell.pid, signal.SIGINT)
    shell.wait(timeout=60)
    assert (built / "status").read_text().strip() in ("130", "0")  # 0: it had finished


# --- watch: its own messages, editors' files unseen, exit 0 under `| tee` ----------------------

EDITORS_FILES = [
    "4913",  # Vim's test that the folder is writable
    ".02-kpis.yaml.swp",  # Vim's swap
    "#02-kpis.yaml#",  # Emacs's autosave
    "02-kpis.yaml~",  # a backup
    "02-kpis.yaml___jb_tmp___",  # JetBrains' safe write
    "~$02-kpis.yaml",  # Office's owner file
    "02-kpis.yaml.orig",  # a merge leftover
]


def test_editors_files_are_not_sources():
    from deckbuilder.commands.watch import shown_file

    root = Path("/p/deck")
    for name in EDITORS_FILES:
        assert not shown_file(root, f"/p/deck/slides/{name}"), name
    for name in ("slides/02-kpis.yaml", "figures.yaml", "images/logo.svg", "images/2024.png"):
        assert shown_file(root, f"/p/deck/{name}"), name


def test_a_save_while_the_first_build_runs_is_built_next(project: Path):
    """The file events begin once the first build is done; a save made while it ran is not
    lost: the next build follows at once."""
    from deckbuilder.commands.watch import WatchState, _watch_loop, watched_roots

    reasons: list[list[str]] = []
    state = WatchState()

    def one_build(reason: list[str]) -> None:
        state.builds += 1
        reasons.append(reason)
        if len(reasons) == 1:  # the user saves while the first build runs
            edit(project / "deck/slides/02-kpis.yaml", "保有率が", "保有率は")

    ended = threading.Event()
    ended.set()  # the file events end at once: only what the loop saw itself is built
    _watch_loop(one_build, state, watched_roots(Path("deck"), None), 0.05, 3, None, ended)
    assert reasons == [[], ["deck/slides/02-kpis.yaml"]]


def wait_for(path: Path, text: str, count: int = 1, timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        seen = path.read_text(encoding="utf-8") if path.exists() else ""
        if seen.count(text) >= count:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in {path}: {seen}")


@pytest.mark.parametrize("into", ["tee", "file"])
def test_watch_says_its_own_words_and_ends_well_on_ctrl_c(project: Path, into: str):
    script = Path(sys.executable).with_name("deckbuilder")
    to = (
        "2>&1 | tee log; echo ${PIPESTATUS[0]} > status"
        if into == "tee"
        else "> log 2>&1; echo $? > status"
    )
    shell = subprocess.Popen(
        ["bash", "-c", f"{script} watch deck -o out {to}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    log = project / "log"
    try:
        wait_for(log, "Watching…")
        time.sleep(0.5)  # (a save during the first build has a test of its own)
        slides = project / "deck/slides"
        for name in EDITORS_FILES:  # an editor saving: its own files come and go
            (slides / name).write_text("x", encoding="utf-8")
        for name in EDITORS_FILES[:2]:
            (slides / name).unlink()
        edit(slides / "02-kpis.yaml", "保有率が", "保有率は")
        wait_for(log, "Watching…", 2)
        time.sleep(0.3)  # anything late would show as a third build
    finally:
        os.killpg(shell.pid, signal.SIGINT)
        shell.wait(timeout=60)
    text = log.read_text(encoding="utf-8")
    assert (project / "status").read_text().strip() == "0", text
    changed = [line for line in text.splitlines() if "changed:" in line]
    assert len(changed) == 1 and changed[0].endswith("changed: deck/slides/02-kpis.yaml"), text
    for foreign in ("KeyboardInterrupt", "Traceback", "change detected", "changes detected"):
        assert foreign not in text, text
    if into == "file":  # with tee, the reader went with the same Ctrl-C
        assert text.splitlines()[-1] == (
            "Stopped (Ctrl-C): out/ holds report.pdf, report.pptx from the last good build."
        ), text


# --- the install: what a build needs, then the test tools; offline from a wheelhouse -----------


def locked(name: str) -> dict[str, str]:
    """A lock file's pins, by normalised name (markers and includes left out)."""
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            req, version = line.split(";")[0].split("==")
            pins[norm(req)] = version.strip()
    return pins


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def needed(extras: tuple[str, ...]) -> set[str]:
    """Every package deckbuilder (with ``extras``) pulls in, on Linux or Windows, from the
    installed packages' own metadata."""
    from packaging.markers import default_environment
    from packaging.requirements import Requirement

    here = default_environment()
    systems = [
        here,
        {**here, "sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    ]
    seen: set[str] = set()
    todo = [("deckbuilder", extras)]
    while todo:
        name, wanted = todo.pop()
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # a Windows-only package, not installed here
        for text in requires:
            req = Requirement(text)
            envs = [{**env, "extra": e} for env in systems for e in ("", *wanted)]
            if req.marker and not any(req.marker.evaluate(env) for env in envs):
                continue
            if norm(req.name) not in seen:
                seen.add(norm(req.name))
                todo.append((req.name, tuple(req.extras)))
    return seen


def test_the_runtime_lock_is_what_a_build_needs_and_nothing_else():
    runtime = locked("requirements.lock")
    assert set(runtime) == needed(())
    for tool in ("pytest", "ruff", "mypy", "pypdf", "outloud", "openxml-audit"):
        assert tool not in runtime
    for name, version in runtime.items():
        assert metadata.version(name) == version, name


def test_the_dev_lock_adds_the_test_tools_on_top():
    text = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    assert "-r requirements.lock" in text.splitlines()
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert not set(runtime) & set(dev)
    assert set(runtime) | set(dev) == needed(("dev",))
    assert 'colorama==0.4.6 ; sys_platform == "win32"' in text  # pytest's, on Windows
    for name, version in dev.items():
        if name != "colorama":
            assert metadata.version(name) == version, name


def test_the_quick_start_is_two_commands_and_ci_runs_them_and_the_offline_install():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block == [
        "python3 -m venv .venv && .venv/bin/pip install -q -r requirements.lock -e . && "
        ".venv/bin/deckbuilder build",
        ".venv/bin/pip install -q -r requirements-dev.lock && .venv/bin/python -m pytest",
    ]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert all(line in ci.splitlines() for line in block)
    offline = readme.split("## Installing without the network", 1)[1].split("\n## ", 1)[0]
    for platform in ("--platform win_amd64", "--platform manylinux2014_x86_64"):
        assert "pip download -d wheelhouse -r requirements.lock" in offline and platform in offline
    install = "--no-index --find-links wheelhouse -r requirements.lock -e ."
    assert f".venv/bin/pip install -q {install}" in offline
    assert f".venv\\Scripts\\pip install -q {install}" in offline
    assert "pip download -q -d wheelhouse -r requirements.lock" in ci and install in ci
