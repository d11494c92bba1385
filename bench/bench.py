"""Benchmark: cold build, rebuild after one figure changes, and LibreOffice's conversion time.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "deckbuilder.cli"]


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, largest child process so far) of one command."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    secs = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return secs, peak


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proj = copy_project(Path(tmp) / "proj")
        cold, peaks = [], []
        for i in range(args.runs):
            out = Path(tmp) / f"cold{i}"
            secs, peak = timed([*CLI, "build", str(proj / "deck"), "-o", str(out), "-q"])
            cold.append(secs)
            peaks.append(peak)
        out = Path(tmp) / "warm"
        timed([*CLI, "build", str(proj / "deck"), "-o", str(out), "-q"])
        warm = []
        for _ in range(args.runs):
            bump_first_figure(proj / "deck" / "figures.yaml")
            warm.append(timed([*CLI, "build", str(proj / "deck"), "-o", str(out), "-q"])[0])
        cold_med, warm_med = statistics.median(cold), statistics.median(warm)
        print(
            f"cold build (44 slides, PPTX + PDF): median {cold_med:.2f} s "
            f"over {args.runs} runs ({', '.join(f'{s:.2f}' for s in cold)})"
        )
        print(
            f"rebuild after one figure changes:  median {warm_med:.2f} s "
            f"({100 * warm_med / cold_med:.0f} % of cold)"
        )
        print(f"peak memory (largest process):     {max(peaks):.0f} MB")
        soffice = shutil.which("soffice")
        if soffice:
            lo = []
            for i in range(args.runs):
                lo_out = Path(tmp) / f"lo{i}"
                lo.append(
                    timed(
                        [
                            soffice,
                            "--headless",
                            "--convert-to",
                            "pdf",
                            "--outdir",
                            str(lo_out),
                            str(out / "report.pptx"),
                        ]
                    )[0]
                )
            print(f"LibreOffice PPTX -> PDF alone:     median {statistics.median(lo):.2f} s")
        else:
            print("LibreOffice not installed: no comparison")


if __name__ == "__main__":
    main()
