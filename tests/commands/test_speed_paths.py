"""The build's shortcuts stay safe: the edit guard hashes only files whose status changed, the
pristine copy is the staged PPTX's bytes, never the same file, and a memo is one file."""

from __future__ import annotations

import datetime
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deckbuilder.commands import guard, pristine
from deckbuilder.commands.build import build
from deckbuilder.errors import SourceError
from deckbuilder.memo import PACK, Memo, key_text, on_disk

posix_only = pytest.mark.skipif(os.name != "posix", reason="statuses are kept on POSIX only")


def hashed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the guard hashes from now on."""
    seen: list[Path] = []
    real = guard.digest_of

    def counting(path: Path) -> str:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(guard, "digest_of", counting)
    return seen


@posix_only
def test_a_rebuild_hashes_no_output_it_wrote_and_kept_unchanged(project: Path, monkeypatch):
    out = project / "out"
    build(project / "deck", out)
    kept = json.loads((out / guard.RECORD).read_text(encoding="utf-8"))["status"]
    assert sorted(kept) == ["report.html", "report.pdf", "report.pptx"]
    seen = hashed(monkeypatch)
    build(project / "deck", out)
    assert seen == []


@posix_only
def test_a_same_size_edit_with_its_time_put_back_is_still_refused(project: Path, monkeypatch):
    out = project / "out"
    build(project / "deck", out)
    html = out / "report.html"
    before = html.stat()
    data = bytearray(html.read_bytes())
    data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
    with open(html, "r+b") as fh:  # in place, through the link, same size
        fh.write(data)
    os.utime(html, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old time put back
    assert html.stat().st_mtime_ns == before.st_mtime_ns
    seen = hashed(monkeypatch)
    with pytest.raises(SourceError, match="was changed after the last build"):
        build(project / "deck", out)
    assert html in seen


@posix_only
def test_a_status_not_older_than_the_record_is_not_kept(tmp_path: Path):
    written = {"report.pdf": "ab" * 32}
    now = (1, 2, 3, 10**18, 10**18)
    guard.settle(tmp_path, written, {"report.pdf": now}, before=10**18)
    assert "status" not in json.loads((tmp_path / guard.RECORD).read_text(encoding="utf-8"))
    guard.settle(tmp_path, written, {"report.pdf": now}, before=10**18 + 1)
    kept = json.loads((tmp_path / guard.RECORD).read_text(encoding="utf-8"))["status"]
    assert kept == {"report.pdf": ["ab" * 32, 1, 2, 3, 10**18, 10**18]}


def test_the_pristine_copy_is_the_built_bytes_in_a_file_of_its_own(project: Path):
    out = project / "out"
    build(project / "deck", out)
    built = (out / "report.pptx").resolve()
    (copy,) = pristine.copies(out / ".cache")
    assert copy.read_bytes() == built.read_bytes()
    assert copy.name == f"{guard.digest_of(built)[:16]}.pptx"
    assert not os.path.samefile(copy, built)  # a save in place cannot reach it


def test_a_memo_is_one_file_rewritten_only_when_its_results_change(tmp_path: Path):
    kept: Memo[int] = Memo(4, disk="t")
    folder = tmp_path / "memo"
    with on_disk(folder):
        assert kept.get("a", lambda: 1) == 1
        assert kept.get("b", lambda: 2) == 2
    pack = folder / "t" / PACK
    assert [p.name for p in pack.parent.iterdir()] == [PACK]
    written = pack.stat().st_ino
    made: list[str] = []
    kept.clear()
    with on_disk(folder):  # both from the file: nothing made, the file left as it was
        assert kept.get("a", lambda: made.append("a") or 0) == 1
        assert kept.get("b", lambda: made.append("b") or 0) == 2
    assert made == [] and pack.stat().st_ino == written
    kept.clear()
    with on_disk(folder):  # only "a" used: "b" is dropped from the file
        assert kept.get("a", lambda: 0) == 1
    kept.clear()
    with on_disk(folder):
        assert kept.get("b", lambda: 3) == 3


def test_a_memo_file_written_by_something_else_is_made_again(tmp_path: Path):
    kept: Memo[int] = Memo(4, disk="t")
    folder = tmp_path / "memo"
    (folder / "t").mkdir(parents=True)
    (folder / "t" / PACK).write_bytes(b"not a pickle")
    with on_disk(folder):
        assert kept.get("a", lambda: 5) == 5
    kept.clear()
    with on_disk(folder):
        assert kept.get("a", lambda: 0) == 5


def test_the_workers_warm_up_imports_matplotlib():
    """A first build's worker imports matplotlib while the main process loads and lays out,
    not when its first chart arrives."""
    code = (
        "import sys; from deckbuilder.pictures import chart_files; "
        "chart_files._import_matplotlib(); print('matplotlib.backends.backend_pdf' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_the_font_tables_both_processes_use_are_imported_once_before_the_fork():
    """Not once in each process after it (0.03 s of the worker's CPU)."""
    code = (
        "import sys; from deckbuilder.pictures import chart_files; "
        "from deckbuilder.workers import worker_pool\n"
        "name = 'fontTools.ttLib.tables.otTables'\n"
        "with worker_pool(1, least=1) as pool:\n"
        "    chart_files.warm_up(pool)\n"
        "    theirs = pool.submit(eval, f'id(__import__(\"sys\").modules[{name!r}])').result()\n"
        "print(theirs == id(sys.modules[name]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True", done.stderr  # the parent's module, inherited


def test_a_build_leaves_the_garbage_collector_as_it_found_it(project: Path):
    gc.unfreeze()
    threshold = gc.get_threshold()
    build(project / "deck", project / "out")
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0  # nothing left out of its passes


def test_a_key_is_hashed_from_its_repr_with_each_object_written_once():
    other = Memo(1)  # not a dataclass: its own repr
    slide = guard.Edited(Path("a"), datetime.datetime(2026, 1, 2), "d")  # a frozen dataclass
    seen: dict[int, tuple[object, str]] = {}
    for key in [(slide, True), (slide,), ("x", 1.5, None, (slide, b"\x00")), slide, (), other]:
        assert key_text(key, seen) == repr(key)
    assert [v[0] for v in seen.values()] == [slide]  # made once, kept with the object


def test_without_fork_matplotlib_draws_on_the_main_thread_and_the_files_are_the_same(
    project: Path, monkeypatch: pytest.MonkeyPatch
):
    """Windows has no fork: the charts and the thumbnail are drawn in the build's process, and
    matplotlib is not thread-safe, so none of it runs on the thread that saves the PDF."""
    import multiprocessing
    import threading

    from deckbuilder.pictures import chart_files

    forked = project / "forked"
    build(project / "deck", forked)
    threads: list[str] = []

    def on_thread(fn):  # noqa: ANN001, ANN202
        def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            threads.append(threading.current_thread().name)
            return fn(*args, **kwargs)

        return run

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(chart_files, "draw_chart", on_thread(chart_files.draw_chart))
    monkeypatch.setattr(chart_files, "thumbnail", on_thread(chart_files.thumbnail))
    alone = project / "alone"
    build(project / "deck", alone)
    assert len(threads) >= 2 and set(threads) == {"MainThread"}, threads  # a chart, the thumbnail
    for name in ("report.pptx", "report.pdf", "report.html"):
        assert (alone / name).read_bytes() == (forked / name).read_bytes(), name
