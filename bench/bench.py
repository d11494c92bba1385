"""Benchmark: cold build, rebuild after one figure changes, side by side with LibreOffice
converting our PPTX and with pandoc + LibreOffice on a plain deck of the same size; a
440-slide deck (the 44 copied ten times): build time and peak memory across all processes,
preview's peak; watch's latency from saving a figure to both files replaced; ``pull`` of an
edited 44-slide PPTX (python-pptx edits, and the same after a LibreOffice round trip).

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench.py [--runs N] [--only X]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import plain_deck  # bench/, beside this file

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "deckbuilder.cli"]


def timed(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and all its descendants)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    secs = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return secs, cpu


def peak_rss_mb() -> float:
    """The largest resident size of any child process waited for so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def libreoffice(tmp: Path) -> tuple[list[str], dict[str, str]]:
    """soffice as a ministry PC runs it: the deck's font installed (visible to fontconfig) and a
    profile that already exists (its first start, which builds it, is not counted)."""
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{ROOT / 'assets' / 'fonts'}</dir><cachedir>{tmp / 'fc-cache'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "FONTCONFIG_FILE": str(conf)}
    soffice = shutil.which("soffice") or "soffice"
    cmd = [soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless"]
    return cmd, env


def bytecode_as_installed() -> None:
    """Run deckbuilder as a user's Python does: its modules' compiled bytecode kept in
    __pycache__ (written here once, as pip writes it for an installed package). A machine that
    sets PYTHONDONTWRITEBYTECODE would otherwise recompile all of them, 0.08 s, on every run."""
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        print("(PYTHONDONTWRITEBYTECODE is set here; measuring with bytecode kept, as installed)")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)


def copy_project(dest: Path) -> Path:
    for name in ("deck", "layouts", "assets"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def bump_first_figure(figures: Path) -> None:
    text = figures.read_text(encoding="utf-8")
    m = re.search(r"^(\s+value:\s*)(\d+)", text, re.M)
    assert m, "no figure value found"
    new = text[: m.start(2)] + str(int(m.group(2)) + 1) + text[m.end(2) :]
    figures.write_text(new, encoding="utf-8")


# --- memory across a process tree (Linux /proc) ------------------------------------------------


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return found


def memory_mb(pids: list[int]) -> tuple[float, float, float]:
    """(sum of RSS, sum of PSS, largest RSS) in MB. PSS shares the pages forked workers have
    in common with the parent, so it is the honest total; RSS counts them in every process."""
    rss = pss = top = 0.0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    kb = int(line.split()[1])
                    rss += kb
                    top = max(top, kb)
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return rss / 1024, pss / 1024, top / 1024


def peak_of(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, float, float]:
    """Wall seconds, and the peaks of (sum RSS, sum PSS, largest RSS) sampled every 50 ms."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = [0.0, 0.0, 0.0]
    while proc.poll() is None:
        for i, v in enumerate(memory_mb(tree(proc.pid))):
            peaks[i] = max(peaks[i], v)
        time.sleep(0.05)
    secs = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{cmd[3]} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return secs, peaks[0], peaks[1], peaks[2]


def ten_times(proj: Path) -> Path:
    """A deck of the 44 slides copied ten times (each copy its own files: listing a file twice
    is an error)."""
    deck = proj / "deck"
    text = (deck / "deck.yaml").read_text(encoding="utf-8")
    head, _, listed = text.partition("slides:\n")
    names = re.findall(r"^\s*-\s*(\S+)\s*$", listed, re.M)
    lines = []
    for k in range(10):
        for n in names:
            copy = f"x{k}-{n}"
            shutil.copy(deck / "slides" / n, deck / "slides" / copy)
            lines.append(f"  - {copy}\n")
    (deck / "deck.yaml").write_text(head + "slides:\n" + "".join(lines), encoding="utf-8")
    return deck


def scale(tmp: Path) -> float:
    """The 440-slide deck's cold build time over the 44-slide deck's (the same process)."""
    small = copy_project(tmp / "small")
    t44, *_ = peak_of([*CLI, "build", str(small / "deck"), "-o", str(tmp / "o44"), "-q"])
    big = copy_project(tmp / "big")
    deck = ten_times(big)
    t440, rss, pss, top = peak_of([*CLI, "build", str(deck), "-o", str(tmp / "o440"), "-q"])
    print(
        f"440-slide cold build:              {t440:.1f} s ({t440 / t44:.1f} x {t44:.1f} s for 44)"
    )
    print(f"  peak across processes:           {pss:.0f} MB PSS ({rss:.0f} MB summed RSS,")
    print(f"                                   largest process {top:.0f} MB)")
    secs, rss, pss, top = peak_of([*CLI, "preview", str(deck), "-o", str(tmp / "p440"), "-q"])
    print(f"440-slide preview:                 {secs:.1f} s, largest process {top:.0f} MB,")
    print(f"                                   {pss:.0f} MB PSS in all")
    return t440 / t44


# --- watch latency -----------------------------------------------------------------------------


def watch_latency(tmp: Path, runs: int) -> float:
    """Save a figure, time until out/.current (the single switch) names a new build."""
    proj = copy_project(tmp / "watched")
    out = tmp / "wout"
    proc = subprocess.Popen(
        [*CLI, "watch", str(proj / "deck"), "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (out / ".current").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
        took = []
        for _ in range(runs):
            before = os.readlink(out / ".current")
            bump_first_figure(proj / "deck" / "figures.yaml")
            saved = time.perf_counter()
            while os.readlink(out / ".current") == before:
                time.sleep(0.002)
            took.append(time.perf_counter() - saved)
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait()
    shown = ", ".join(f"{t:.2f}" for t in took)
    print(f"watch, save -> both files replaced: median {statistics.median(took):.2f} s ({shown})")
    return statistics.median(took)


def edited_report(proj: Path) -> Path:
    """The report built, then edited as a person would: a title and a KPI value."""
    from pptx import Presentation

    subprocess.run([*CLI, "build", "-q"], cwd=proj, check=True)
    pptx = proj / "out" / "report.pptx"
    prs = Presentation(str(pptx))
    slide = prs.slides[9]
    title = slide.shapes.title.text_frame.paragraphs[0].runs[0]
    title.text = title.text.replace("使うへ", "活用へ")
    prs.save(str(pptx))
    return pptx


def pull_time(tmp: Path, runs: int) -> None:
    proj = copy_project(tmp / "pull")
    pptx = edited_report(proj)
    cmd = [*CLI, "pull", str(pptx), "--diff"]  # --diff: writes nothing, so every run is alike
    took = [timed(cmd, cwd=proj)[0] for _ in range(runs)]
    print(f"pull, 44 slides, python-pptx edit:  median {statistics.median(took):.2f} s")
    if not shutil.which("soffice"):
        return
    (tmp / "pull-lo").mkdir()
    cmd_lo, env = libreoffice(tmp / "pull-lo")
    rt = tmp / "pull-lo" / "rt"
    subprocess.run(
        [*cmd_lo, "--convert-to", "pptx", "--outdir", str(rt), str(pptx)],
        env=env,
        check=True,
        capture_output=True,
    )
    shutil.copy(rt / "report.pptx", pptx)
    took = [timed(cmd, cwd=proj)[0] for _ in range(runs)]
    print(f"pull after a LibreOffice round trip: median {statistics.median(took):.2f} s")


# --- side by side: deckbuilder, LibreOffice, pandoc + LibreOffice -------------------------------


@dataclass
class Timing:
    """Wall and CPU seconds of one pipeline over the runs (medians taken)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, secs: tuple[float, float]) -> None:
        self.wall.append(secs[0])
        self.cpu.append(secs[1])

    @property
    def w(self) -> float:
        return statistics.median(self.wall)

    @property
    def c(self) -> float:
        return statistics.median(self.cpu)


def plus(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return a[0] + b[0], a[1] + b[1]


def side_by_side(tmp: Path, runs: int) -> dict[str, Timing]:
    """Each run times every pipeline once, one after another (so a busy moment of the machine
    falls on all of them alike): deckbuilder cold (a new output folder: no ``.cache``) and after
    one figure changes, LibreOffice converting our PPTX, and pandoc md -> PPTX then LibreOffice
    -> PDF on a plain deck of the same size."""
    proj = copy_project(tmp / "proj")
    deck = str(proj / "deck")
    times = {k: Timing() for k in ("cold", "warm", "lo", "pandoc", "pandoc_lo")}
    warm_out = tmp / "warm"
    timed([*CLI, "build", deck, "-o", str(warm_out), "-q"])  # the kept results a rebuild uses
    lo_cmd: list[str] = []
    lo_env: dict[str, str] = {}
    pandoc = shutil.which("pandoc")
    seed = plain_deck.seed_text(ROOT)
    if shutil.which("soffice"):
        (tmp / "lo").mkdir()
        lo_cmd, lo_env = libreoffice(tmp / "lo")
        # The first start makes the profile and the font cache: not counted.
        subprocess.run(
            [
                *lo_cmd,
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp / "lo0"),
                str(warm_out / "report.pptx"),
            ],
            env=lo_env,
            check=True,
            capture_output=True,
        )
    if pandoc and seed:
        (tmp / "plain.md").write_text(plain_deck.markdown(seed), encoding="utf-8")
    for i in range(runs):
        times["cold"].add(timed([*CLI, "build", deck, "-o", str(tmp / f"cold{i}"), "-q"]))
        bump_first_figure(proj / "deck" / "figures.yaml")
        times["warm"].add(timed([*CLI, "build", deck, "-o", str(warm_out), "-q"]))
        if not lo_cmd:
            continue
        to_pdf = [*lo_cmd, "--convert-to", "pdf", "--outdir", str(tmp / f"lo{i}")]
        times["lo"].add(timed([*to_pdf, str(warm_out / "report.pptx")], env=lo_env))
        if pandoc and seed:
            md2pptx = [pandoc, str(tmp / "plain.md"), "-o", str(tmp / f"plain{i}.pptx")]
            first = timed(md2pptx)
            times["pandoc"].add(first)
            second = timed([*to_pdf, str(tmp / f"plain{i}.pptx")], env=lo_env)
            times["pandoc_lo"].add(plus(first, second))
    return {k: t for k, t in times.items() if t.wall}


def report(times: dict[str, Timing], watch: float | None, ratio440: float | None) -> None:
    """The table: each pipeline's wall and CPU time, then the issue's targets, met or not."""
    names = {
        "cold": "deckbuilder, cold (no out/.cache), 44 slides, 11 charts",
        "warm": "deckbuilder, one figure changed",
        "lo": "LibreOffice converting our PPTX to PDF",
        "pandoc": "  pandoc md -> PPTX alone",
        "pandoc_lo": "pandoc md -> PPTX, then LibreOffice -> PDF",
    }
    print()
    print(f"| {'pipeline':56} | wall (s) | CPU (s) |")
    print(f"|{'-' * 58}|----------|---------|")
    for key, t in times.items():
        print(f"| {names[key]:56} | {t.w:8.2f} | {t.c:7.2f} |")
    cold = times["cold"]
    checks: list[tuple[str, float, str, float]] = [
        ("one-figure rebuild / cold, wall", times["warm"].w / cold.w, "<=", 0.25)
    ]
    if "lo" in times:
        lo = times["lo"]
        checks += [
            ("cold / LibreOffice conversion, wall", cold.w / lo.w, "<=", 0.45),
            ("cold / LibreOffice conversion, CPU", cold.c / lo.c, "<=", 0.45),
        ]
    if "pandoc_lo" in times:
        peer = times["pandoc_lo"]
        checks += [
            ("cold / (pandoc + LibreOffice), wall", cold.w / peer.w, "<", 1.0),
            ("cold / (pandoc + LibreOffice), CPU", cold.c / peer.c, "<", 1.0),
        ]
    if watch is not None:
        checks.append(("watch, save -> both files, seconds", watch, "<=", 0.25))
    if ratio440 is not None:
        checks.append(("440 slides / 44 slides, wall", ratio440, "<=", 8.0))
    print()
    print(f"| {'ratio':40} | measured | target  | met |")
    print(f"|{'-' * 42}|----------|---------|-----|")
    for name, value, op, target in checks:
        met = value <= target if op == "<=" else value < target
        print(f"| {name:40} | {value:8.2f} | {op:>2}{target:5.2f} | {'yes' if met else 'NO':3} |")
    missing = [
        n for n, ok in (("soffice", "lo" in times), ("pandoc", "pandoc_lo" in times)) if not ok
    ]
    if missing:
        print(f"(not installed here: {', '.join(missing)}; their rows are left out)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    parts = ("build", "scale", "watch", "pull")
    ap.add_argument("--only", choices=parts, help="one part of the bench")
    args = ap.parse_args()
    bytecode_as_installed()
    watch = ratio440 = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "pull"):
            pull_time(Path(tmp), args.runs)
        if args.only in (None, "watch"):
            watch = watch_latency(Path(tmp), max(args.runs, 5))
        if args.only in (None, "scale") and Path("/proc/self/smaps_rollup").exists():
            ratio440 = scale(Path(tmp))
        if args.only in (None, "build"):
            times = side_by_side(Path(tmp), args.runs)
            print(f"peak memory (largest process):     {peak_rss_mb():.0f} MB")
            report(times, watch, ratio440)


if __name__ == "__main__":
    main()
