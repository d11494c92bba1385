"""Builds you can trust (issue 11): what check refuses, build refuses; both files or neither;
no stray workers; the user's folder problems reported as the user's (exit 1, before rendering).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures.process import _process_worker
from pathlib import Path

import pikepdf
import pytest
from pptx import Presentation
from pypdf import PdfReader

from cmdkit import copy_built, edit, outputs
from deckbuilder.cli import main
from deckbuilder.workers import LazyPool, ctrl_c_deferred, worker_pool
from helpers import ROOT, flat, make_project, slide_text

SLIDE = "deck/slides/02-kpis.yaml"
SECTION = "deck/slides/03-section.yaml"


pytestmark = pytest.mark.project(deck="cli")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, cli_built: Path) -> Path:
    return copy_built(cli_built, tmp_path_factory.mktemp("trust") / "proj")


def copy_of(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "proj"
    shutil.copytree(built, project, symlinks=True)
    monkeypatch.chdir(project)
    return project


# --- one validation path -----------------------------------------------------------------------

UNSHOWN = {
    "lead-on-closing": (
        "layout: closing\ntitle: おわりに\nstatement: 以上\nlead: 消える導入文\n",
        f"{SECTION}:4:1: error: slide 3: 'lead' is not shown by layout 'closing'",
    ),
    "panels-on-statement": (
        "layout: statement\ntitle: 方針\nstatement: 以上\npanels:\n  - blocks: [{text: 消える}]\n",
        f"{SECTION}:4:1: error: slide 3: 'panels' is not shown by layout 'statement'",
    ),
    "label-left-on-closing": (
        "layout: closing\ntitle: おわりに\nlabel: 方針\nstatement: 以上\n",
        f"{SECTION}:3:1: error: slide 3: 'label' is not shown by layout 'closing'",
    ),
}


@pytest.mark.parametrize("name", list(UNSHOWN))
def test_build_and_watch_refuse_what_check_refuses(name, built, tmp_path, capsys, monkeypatch):
    text, expect = UNSHOWN[name]
    project = copy_of(built, tmp_path, monkeypatch)
    good = outputs(project / "out")
    (project / SECTION).write_text(text, encoding="utf-8")

    assert main(["check", "deck"]) == 1
    checked = capsys.readouterr().out
    assert expect in checked, checked
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    assert expect in err and "render" not in err, err  # stopped before rendering
    assert outputs(project / "out") == good
    assert main(["watch", "deck", "-o", "out", "--once", "-q"]) == 1
    assert expect in capsys.readouterr().err
    assert outputs(project / "out") == good


def test_one_overflow_is_reported_once(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    edit(project / SLIDE, "- text: 登録数は", "- text: " + "長い文章です。" * 200 + "登録数は")
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "overflows" in ln]
    assert len(lines) == 1, err


# --- ranges ------------------------------------------------------------------------------------

FIGS = "deck/figures.yaml"
RANGES = {
    "huge-value": (
        FIGS,
        "value: 39\n",
        f"value: 1{'0' * 308}\n",  # as digits: an exponent (1e308) is refused as it is read
        f"{SLIDE}:12:9: error: slide 2: figure 'mynacard.rate_2021' ({FIGS}:7:1) is 1{'0' * 308}: "
        "too large for a chart to draw",
    ),
    "ring-over-100": (
        SLIDE,
        "kind: before_after",
        "kind: ring",
        "figure 'mynacard.rate_2021' (deck/figures.yaml:7:1) is 150: a ring chart shows a "
        "percentage from 0 to 100",
    ),
    "negative-bar": (
        FIGS,
        "value: 39\n",
        "value: -10\n",
        "is -10: a before_after chart cannot show a negative value",
    ),
}


@pytest.mark.parametrize("name", list(RANGES))
def test_values_a_chart_cannot_draw_are_errors(name, built, tmp_path, capsys, monkeypatch):
    file, old, new, expect = RANGES[name]
    project = copy_of(built, tmp_path, monkeypatch)
    good = outputs(project / "out")
    edit(project / file, old, new)
    if name == "ring-over-100":
        edit(project / FIGS, "value: 39\n", "value: 150\n")  # a ring shows the first figure
    assert main(["check", "deck"]) == 1
    assert expect in capsys.readouterr().out
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    assert expect in err and "Traceback" not in err, err
    assert outputs(project / "out") == good


def test_a_slide_listed_twice_is_an_error(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    edit(
        project / "deck/deck.yaml",
        "  - 03-section.yaml\n",
        "  - 03-section.yaml\n  - 02-kpis.yaml\n",
    )
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    assert (
        "deck/deck.yaml:14:5: error: slide 4: '02-kpis.yaml' is listed twice in 'slides' "
        "(also as slide 2)"
    ) in err, err
    assert not (project / "out" / "report.pdf").exists()


# --- the output folder: the user's to fix, exit 1, before rendering ----------------------------


def test_out_is_a_file(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    (project / "out").write_text("not a folder")
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    assert "out: error: out is a file, not a folder: remove it, or choose another" in err, err
    assert "render" not in err and "internal error" not in err


def test_output_name_is_a_folder(built, tmp_path, capsys, monkeypatch):
    project = copy_of(built, tmp_path, monkeypatch)
    good = outputs(project / "out")
    (project / "out/report.pdf").unlink()
    (project / "out/report.pdf").mkdir()
    good = outputs(project / "out")
    edit(project / FIGS, "value: 7959", "value: 8123")
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    assert "out/report.pdf: error: out/report.pdf is a folder: rename or remove it" in err, err
    assert "render" not in err
    assert outputs(project / "out") == good  # the PPTX was not replaced either


def test_a_failed_switch_leaves_the_old_pair(built, tmp_path, capsys, monkeypatch):
    project = copy_of(built, tmp_path, monkeypatch)
    good = {k: v for k, v in outputs(project / "out").items() if not k.startswith(".")}
    edit(project / FIGS, "value: 7959", "value: 8123")
    real = os.replace

    def failing(src, dst, *a, **k):
        if str(dst).endswith(".current"):
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", failing)
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    err = capsys.readouterr().err
    assert "could not replace the outputs (Permission denied); the previous ones are" in err
    now = {k: v for k, v in outputs(project / "out").items() if not k.startswith(".")}
    assert now == good


@pytest.fixture
def no_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project built once where symbolic links cannot be made (Windows without developer
    mode); the current folder is the project."""
    from deckbuilder.commands import outputs as out_mod

    project = make_project(tmp_path / "proj", "cli")
    monkeypatch.chdir(project)
    monkeypatch.setattr(out_mod, "_symlinks_work", lambda _out: False)
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    return project


def test_without_symbolic_links_the_files_are_renamed_into_place(no_links: Path):
    """Windows without the right to make links: each file is renamed into place, as a file."""
    project = no_links
    pdf = project / "out" / "report.pdf"
    assert pdf.is_file() and not pdf.is_symlink()
    assert not (project / "out" / "report.pptx").is_symlink()
    before = pdf.read_bytes()
    edit(project / FIGS, "value: 7959", "value: 8123")
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    assert pdf.read_bytes() != before
    assert "8,123" in flat(PdfReader(str(pdf)).pages[1].extract_text())
    left = [p.name for p in (project / "out").iterdir() if ".bak-" in p.name or ".new-" in p.name]
    assert left == []


def test_without_symbolic_links_a_file_held_open_leaves_the_old_pair(no_links, capsys, monkeypatch):
    """The PDF cannot be replaced (open in a viewer, as Windows refuses): the PPTX already
    renamed is put back, and the message says what to do."""
    project = no_links
    good = {k: v for k, v in outputs(project / "out").items() if not k.startswith(".")}
    edit(project / FIGS, "value: 7959", "value: 8123")
    real = os.replace

    shown = project / "out" / "report.pdf"

    def held_open(src, dst, *a, **k):  # Windows moves neither onto nor away an open file
        if shown in (Path(src).absolute(), Path(dst).absolute()):
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", held_open)
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    err = capsys.readouterr().err
    assert "the previous ones are unchanged. Is one of them open in PowerPoint" in err
    now = {k: v for k, v in outputs(project / "out").items() if not k.startswith(".")}
    assert now == good


class Killed(BaseException):
    """Stands for the process dying: nothing after it runs, no rollback."""


def test_without_symbolic_links_a_build_killed_mid_rename_leaves_the_old_pair(
    no_links, monkeypatch
):
    project = no_links
    good = {k: v for k, v in outputs(project / "out").items() if not k.startswith(".")}
    edit(project / FIGS, "value: 7959", "value: 8123")
    real = os.replace

    def dies_at_the_pdf(src, dst, *a, **k):
        if Path(dst).name == "report.pdf":
            raise Killed
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", dies_at_the_pdf)
    with pytest.raises(Killed):
        main(["build", "deck", "-o", "out", "-q"])
    monkeypatch.setattr(os, "replace", real)
    assert not (project / "out" / "report.pdf").exists()  # the new PPTX is in, the PDF not yet
    # The next build fails (a bad figure) but first puts the old pair back.
    edit(project / FIGS, "value: 8123", "value: lots")
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    now = {k: v for k, v in outputs(project / "out").items() if not k.startswith(".")}
    assert now == good
    assert not [p for p in (project / "out").iterdir() if ".bak-" in p.name]


def as_nobody() -> list[str]:
    """Run as another user where we are root (root writes through any mode bits)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.parametrize("where", ["out", "out/.cache", "parent"])
def test_a_folder_that_cannot_be_written_is_the_users_problem(where: str):
    base = Path(tempfile.mkdtemp(prefix="deckbuilder-ro-", dir="/tmp"))
    try:
        base.chmod(0o755)
        project = make_project(base / "proj", "cli")
        home = base / "home"
        home.mkdir()
        for p in [base, *base.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        runner = as_nobody()
        out = project / "out"
        env = {**os.environ, "MPLCONFIGDIR": str(home), "HOME": str(home)}
        build = [sys.executable, "-m", "deckbuilder.cli", "build", "deck", "-o"]
        if where == "parent":
            target, dest, shown = project / "ro", "ro/out", "ro"
            target.mkdir()
        else:
            dest = "out"
            res = subprocess.run([*build, dest], cwd=project, env=env, capture_output=True)
            assert res.returncode == 0, res.stderr
            for p in [out, *out.rglob("*")]:
                if not p.is_symlink():
                    p.chmod(0o777 if p.is_dir() else 0o666)
            target, shown = project / where, where
        target.chmod(0o555)
        if not runner:
            home.chmod(0o777)
        else:
            os.chown(home, 65534, 65534)
        before = outputs(out) if out.exists() else {}
        res = subprocess.run(
            [*runner, *build, dest], cwd=project, env=env, capture_output=True, text=True
        )
        assert res.returncode == 1, res.stderr
        assert f"{shown}/ is not writable (Permission denied)" in res.stderr, res.stderr
        assert "render" not in res.stderr and "internal error" not in res.stderr
        assert (outputs(out) if out.exists() else {}) == before
    finally:
        for p in [base, *base.rglob("*")]:
            if not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(base)


# --- both files or neither, whenever the build is killed ---------------------------------------

# Runs the command line with every rename, link and symlink counted; the Nth ends the process on
# the spot (os._exit: no cleanup, as with kill -9). N walks through every such step of a build.
KILL_AT_STEP = """
import os, sys
n, count = int(sys.argv[1]), [0]
def wrap(orig):
    def call(*a, **k):
        count[0] += 1
        if count[0] == n:
            os._exit(9)
        return orig(*a, **k)
    return call
for name in ("replace", "rename", "link", "symlink", "unlink"):
    setattr(os, name, wrap(getattr(os, name)))
from deckbuilder.cli import main
from deckbuilder.workers import LazyPool, ctrl_c_deferred, worker_pool
sys.exit(main(sys.argv[2:]))
"""


def value_in_pair(out: Path) -> str | None:
    """The figure both files show, asserting they are complete and agree; None if neither."""
    pptx, pdf = out / "report.pptx", out / "report.pdf"
    if not pptx.exists() and not pdf.exists():
        return None
    slides = Presentation(str(pptx)).slides
    text = flat(slide_text(slides[1]))
    page = "".join((PdfReader(str(pdf)).pages[1].extract_text() or "").split())
    shown = [v for v in ("7,959", "8,123") if v in text]
    assert len(shown) == 1 and shown[0] in page, (shown, text[:200], page[:200])
    web = (out / "report.html").read_text(encoding="utf-8")  # the third file of the build
    assert [v for v in ("7,959", "8,123") if v in web] == shown
    return shown[0]


def only_expected_files(out: Path) -> None:
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        ".builds",
        ".cache",
        ".current",
        ".lock",
        ".record.json",
        "report.html",
        "report.pdf",
        "report.pptx",
    ]
    assert len(list((out / ".builds").iterdir())) == 1


def test_killed_at_every_step_the_pair_matches(project: Path):
    figs = project / FIGS
    cli = [sys.executable, "-c", KILL_AT_STEP]
    args = ["build", "deck", "-o", "out", "-q"]
    assert subprocess.run([*cli, "0", *args], cwd=project).returncode == 0
    assert value_in_pair(project / "out") == "7,959"
    step, completed = 1, 0
    while completed < 2 and step < 80:
        # Alternate the figure, so a mixed pair would show two values.
        new, old = ("8123", "7959") if step % 2 else ("7959", "8123")
        edit(figs, f"value: {old}", f"value: {new}")
        res = subprocess.run([*cli, str(step), *args], cwd=project, capture_output=True, text=True)
        assert "Traceback" not in res.stderr
        shown = value_in_pair(project / "out")
        assert shown is not None
        if res.returncode == 0:
            completed += 1
            assert shown.replace(",", "") == new
        step += 1
    assert completed == 2, "the build never ran to the end"
    assert step > 8  # it was killed at each of many steps before that
    # A clean build afterwards sweeps whatever the killed ones left.
    assert subprocess.run([*cli, "0", *args], cwd=project).returncode == 0
    only_expected_files(project / "out")


def test_killed_mid_render_the_pair_matches(project: Path):
    args = [sys.executable, "-m", "deckbuilder.cli", "build", "deck", "-o", "out", "-q"]
    started = time.monotonic()
    assert subprocess.run(args, cwd=project).returncode == 0
    cold = time.monotonic() - started  # killed at fifths of a cold build: mid-render each time
    value = "7959"
    for delay in (cold * f for f in (0.2, 0.4, 0.6, 0.8, 0.95)):
        other = "8123" if value == "7959" else "7959"
        edit(project / FIGS, f"value: {value}", f"value: {other}")
        value = other
        shutil.rmtree(project / "out" / ".cache", ignore_errors=True)  # cold: killed mid-render
        proc = subprocess.Popen(args, cwd=project)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert value_in_pair(project / "out") is not None
    assert subprocess.run(args, cwd=project).returncode == 0
    assert value_in_pair(project / "out") == f"{int(value):,}"
    only_expected_files(project / "out")


# --- workers die with the build ----------------------------------------------------------------


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.update(int(c) for c in task.read_text().split())
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_worker_outlives_the_build(project: Path, sig: int):
    args = [sys.executable, "-m", "deckbuilder.cli", "build", "deck", "-o", "out"]
    proc = subprocess.Popen(args, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = children(proc.pid)
        time.sleep(0.02)
    assert workers, "no worker seen"  # the chart worker starts at once on a first build
    proc.send_signal(sig)
    # The caller reading our stdout gets end of file at once: no worker holds it open.
    got_eof = threading.Event()
    reader = threading.Thread(target=lambda: (proc.stdout.read(), got_eof.set()), daemon=True)
    reader.start()
    killed = time.monotonic()
    proc.wait()
    while any(alive(w) for w in workers) and time.monotonic() - killed < 1.0:
        time.sleep(0.02)
    assert not any(alive(w) for w in workers), "a worker outlived the build"
    assert got_eof.wait(max(0.0, 1.0 - (time.monotonic() - killed))), "stdout held open"


def test_ctrl_c_deferred_runs_the_block_to_its_end_then_raises():
    ran_on = False
    with pytest.raises(KeyboardInterrupt), ctrl_c_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler has run by now
        ran_on = True
    assert ran_on
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _ctrl_c_in_the_fork(*args: object, **kwargs: object) -> None:
    """The pool's worker loop, with a Ctrl-C reaching the worker before its own start-up."""
    os.kill(os.getpid(), signal.SIGINT)
    _process_worker(*args, **kwargs)


def test_ctrl_c_reaching_a_worker_as_it_forks_is_not_its_traceback(monkeypatch, capfd):
    """CI saw 'Process ForkProcess-1:' (the worker's own traceback) after a Ctrl-C."""
    from concurrent.futures import process

    monkeypatch.setattr(process, "_process_worker", _ctrl_c_in_the_fork)
    with worker_pool(1, least=1) as pool:
        assert pool is not None
        assert pool.submit(signal.getsignal, signal.SIGINT).result(timeout=30) == signal.SIG_IGN
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ForkProcess" not in err, err


def test_ctrl_c_as_the_pools_thread_starts_is_a_ctrl_c(monkeypatch: pytest.MonkeyPatch):
    """Was 'internal error: RuntimeError: cannot join thread before it is started'."""
    from concurrent.futures import process

    def interrupted(_thread: threading.Thread) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(process._ExecutorManagerThread, "start", interrupted)
    with pytest.raises(KeyboardInterrupt), worker_pool(1, least=1) as pool:
        assert pool is not None
        pool.submit(int)


def test_an_error_in_a_lazy_pool_ends_its_workers_at_once():
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), LazyPool(1, least=1) as lazy:
        lazy.submit(time.sleep, 30)
        raise KeyboardInterrupt
    assert time.monotonic() - started < 10  # not after the worker's 30 s job


def test_ctrl_c_as_the_pdfs_thread_starts_leaves_no_thread_and_the_old_outputs(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
):
    """The PDF is written on a thread: a Ctrl-C while that thread starts must not leave it
    writing into the staging folder the build is removing."""
    project = copy_of(built, tmp_path, monkeypatch)
    good = outputs(project / "out")
    real_start = threading._start_new_thread  # type: ignore[attr-defined]

    def start_then_ctrl_c(run, args):  # noqa: ANN001, ANN202
        ident = real_start(run, args)
        if getattr(run, "__self__", None) is not None and run.__self__.name.startswith(
            "ThreadPoolExecutor"
        ):
            os.kill(os.getpid(), signal.SIGINT)  # while Thread.start waits for it to run
        return ident

    from deckbuilder.commands import outputs as out_mod

    real_file = out_mod.Staged.file

    def slow_file(self, name: str, data: bytes) -> out_mod.Written:  # noqa: ANN001
        time.sleep(0.3)  # the thread is still writing when the Ctrl-C is answered
        return real_file(self, name, data)

    monkeypatch.setattr(out_mod.Staged, "file", slow_file)
    monkeypatch.setattr(threading, "_start_new_thread", start_then_ctrl_c)
    before = threading.active_count()
    assert main(["build", "deck", "-o", "out", "-q"]) == 130
    assert threading.active_count() == before  # the PDF's thread was joined
    assert outputs(project / "out") == good
    assert len(list((project / "out/.builds").iterdir())) == 1  # the current build's alone
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("Stopped (Ctrl-C)")


# --- variation sequences and glyph errors ------------------------------------------------------

KATSURAGI = "葛\U000e0100"  # 葛 with the variation selector the font maps in cmap format 14


def test_a_variation_sequence_the_font_maps_is_accepted(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    edit(project / SLIDE, "- text: 登録数は", f"- text: {KATSURAGI}城市の登録数は")
    assert main(["build", "deck", "-o", "out", "-q"]) == 0, capsys.readouterr().err
    pptx = Presentation("out/report.pptx").slides[1]
    text = flat(slide_text(pptx))
    assert f"{KATSURAGI}城市" in text  # the PPTX keeps the sequence; the font draws the variant
    assert f"{KATSURAGI}城市" in PdfReader("out/report.pdf").pages[1].extract_text()
    # The PDF draws the variant glyph itself, not the plain 葛 followed by nothing.
    from deckbuilder.pdf.fonts import glyphs_of

    g = glyphs_of(str(ROOT / "assets" / "fonts" / "BIZUDPGothic-Regular.ttf"))
    variant, plain = g.variants[(ord("葛"), 0xE0100)], g.gids[ord("葛")]
    assert variant != plain
    with pikepdf.open("out/report.pdf") as pdf:
        shown = [
            int.from_bytes(bytes(op.operands[0])[i : i + 2], "big")
            for op in pikepdf.parse_content_stream(pdf.pages[1])
            if str(op.operator) == "Tj"
            for i in range(0, len(bytes(op.operands[0])), 2)
        ]
    assert variant in shown and plain not in shown


def test_text_the_font_cannot_set_is_one_error_per_string_where_it_is(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    edit(project / SECTION, "title: 行政", "title: あ\U000e0100行政🙂の😀")
    edit(project / FIGS, "label: AI利用人数", "label: AI利用人数🙂")
    assert main(["check", "deck"]) == 1
    out = capsys.readouterr().out
    assert (
        f"{SECTION}:3:8: error: slide 3: the font BIZ UDPGothic has no glyph for the variation "
        "sequence あ+U+E0100 (not in the font's cmap format 14), '🙂' (U+1F642), '😀' (U+1F600)"
    ) in out, out
    assert f"{FIGS}:24:10: error: the font BIZ UDPGothic has no glyph for '🙂' (U+1F642)" in out
    assert out.count("no glyph") == 2
    assert main(["build", "deck", "-o", "out"]) == 1
    assert capsys.readouterr().err.count("no glyph") == 2


# --- smaller rough edges -----------------------------------------------------------------------


def test_deleting_a_slide_diffs_as_one_removed_slide(project: Path, capsys, monkeypatch):
    from cmdkit import git, git_repo

    if not shutil.which("git"):
        pytest.skip("git not installed")
    git_repo(project)
    monkeypatch.chdir(project)
    edit(project / "deck/deck.yaml", "  - 01-cover.yaml\n", "")
    kpis = "- kpis:\n          - {figure: mynaportal.accounts, date: false}"
    edit(project / SLIDE, "- kpis: [mynaportal.accounts, ai.users]", kpis)
    assert main(["diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "Slides changed (2):" in out, out  # the removed one and the edited one: none "moved"
    assert "moved:" not in out
    assert "slide 1 (removed): テスト報告の表紙" in out
    assert "- panel 1 › kpis 2 › card 2 › figure: ai.users" in out, out
    assert "show_date" not in out and "card 1 › date: no" in out
    # A slide that really changed place is still called moved.
    git(project, "checkout", "-q", "--", ".")
    edit(
        project / "deck/deck.yaml",
        "  - 02-kpis.yaml\n  - 03-section.yaml\n",
        "  - 03-section.yaml\n  - 02-kpis.yaml\n",
    )
    assert main(["diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert out.count("moved: was slide") == 1, out


def test_figures_table_aligns_by_display_width(project: Path, capsys):
    import unicodedata

    assert main(["figures", str(project / "deck")]) == 0
    lines = capsys.readouterr().out.splitlines()

    def col(line: str, ch_index: int) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:ch_index])

    header = lines[0]
    starts = [col(header, header.index(h)) for h in ("value", "unit", "as of", "slides")]
    for line in lines[2:-1]:  # on screen, each column starts where its heading does
        bounds = {col(line, i): i for i in range(len(line) + 1)}
        for c in starts:
            assert c in bounds and line[bounds[c] - 1] == " ", (line, c)
            assert line[bounds[c] - 2] == " " or c > len(line), (line, c)


def test_build_png_drops_images_of_removed_slides(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["build", "deck", "-o", "out", "--png", "-q"]) == 0
    assert sorted(p.name for p in Path("out/png").iterdir())[-1] == "slide-03.png"
    edit(project / "deck/deck.yaml", "  - 03-section.yaml\n", "")
    assert main(["build", "deck", "-o", "out", "--png", "-q"]) == 0
    assert sorted(p.name for p in Path("out/png").iterdir()) == ["slide-01.png", "slide-02.png"]


def test_json_problems_always_carry_a_code(project: Path, capsys, monkeypatch):
    import json

    monkeypatch.chdir(project)
    edit(project / SLIDE, "columns: 2", "columns: [2")
    assert main(["check", "deck", "--format", "json"]) == 1
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["yaml"]
    (project / FIGS).write_bytes("値: 1\n".encode("utf-16"))
    assert main(["check", "deck", "--format", "json"]) == 1
    # figures.yaml's problem no longer hides the slide's: both, in one run
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["encoding", "yaml"]


def test_the_repository_carries_no_scratch_files_and_the_readme_says_how_to_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    using = readme.split("## Using it", 1)[1].split("\n## ", 1)[0]
    assert ".venv/bin/deckbuilder" in using and "source .venv/bin/activate" in using
    head = (ROOT / "deck/figures.yaml").read_text(encoding="utf-8")
    assert "fragment" not in head and "/work/" not in head
    if shutil.which("git") and (ROOT / ".git").exists():
        tracked = subprocess.run(
            ["git", "ls-files", ".figfrag"], cwd=ROOT, capture_output=True, text=True
        )
        assert tracked.stdout == ""


def test_two_builds_into_one_folder_take_turns(built, tmp_path, monkeypatch):
    fcntl = pytest.importorskip("fcntl")
    project = copy_of(built, tmp_path, monkeypatch)
    edit(project / FIGS, "value: 7959", "value: 8123")
    cmd = [sys.executable, "-m", "deckbuilder.cli", "build", "deck", "-o", "out"]
    with open(project / "out/.lock", "a") as held:  # another build holds out/
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen(cmd, cwd=project, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None  # it waits its turn
        assert value_in_pair(project / "out") == "7,959"
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "another build is writing to out/; waiting for it to finish" in err
    assert value_in_pair(project / "out") == "8,123"
