"""Bad input never crashes the tool: each class of bad input gets exit 1, a message naming the
file (and the line, where there is one), no traceback, and the last good outputs stay as they
were. Every case runs through the command line, as a user would meet it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cmdkit import copy_built, edit, outputs
from deckbuilder.cli import main


@dataclass
class Case:
    file: str  # relative to the project
    write: Callable[[Path], None]
    expect: str  # in stderr: "file:line:col: error: …" or "file: error: …"


def text(content: str) -> Callable[[Path], None]:
    return lambda p: p.write_text(content, encoding="utf-8")


def data(content: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(content)


def replace(old: str, new: str) -> Callable[[Path], None]:
    return lambda p: edit(p, old, new)


SLIDE = "deck/slides/02-kpis.yaml"
DECK = "deck/deck.yaml"
FIGS = "deck/figures.yaml"
TOKENS = "layouts/ministry/tokens.yaml"
LAYOUTS = "layouts/ministry/layouts.yaml"

CASES = {
    # malformed YAML
    "unclosed-flow": Case(SLIDE, replace("columns: 2", "columns: [2"), f"{SLIDE}:4:10: error:"),
    "bad-indent": Case(SLIDE, replace("title: マイナ", " title: マイナ"), f"{SLIDE}:3:7: error:"),
    "tab-indent": Case(FIGS, replace("  value: 7959", "\tvalue: 7959"), f"{FIGS}:2:1: error:"),
    "duplicate-key": Case(SLIDE, replace("columns: 2", "columns: 2\ncolumns: 3"), f"{SLIDE}:5:1:"),
    "deck-yaml-syntax": Case(DECK, replace("date: 2025-09-05", "date: : x"), f"{DECK}:2:7:"),
    # wrong types
    "columns-text": Case(SLIDE, replace("columns: 2", "columns: three"), f"{SLIDE}:4:1: error:"),
    "panels-scalar": Case(
        SLIDE, text("layout: content\ntitle: x\npanels: 5\n"), f"{SLIDE}:3:1: error: slide 2:"
    ),
    "slide-is-a-list": Case(SLIDE, text("- layout\n- content\n"), f"{SLIDE}:1:1: error: slide 2:"),
    "figure-value-text": Case(
        FIGS, replace("value: 950", "value: lots"), f"{FIGS}:20:10: error: figure 'ai.users'"
    ),
    "slides-not-a-list": Case(DECK, replace("slides:\n", "slides: 3\nx:\n"), f"{DECK}:11:1:"),
    "title-a-mapping": Case(SLIDE, replace("title: マイナ", "title: {a: 1}\nx: マイナ"), SLIDE),
    # unknown names
    "unknown-figure": Case(
        SLIDE, replace("ai.users]", "ai.user]"), f"{SLIDE}:9:37: error: slide 2: unknown figure"
    ),
    "unknown-layout": Case(
        SLIDE, replace("layout: content", "layout: contnt"), "(did you mean 'content'?)"
    ),
    "unknown-block": Case(SLIDE, replace("- text:", "- txt:"), f"{SLIDE}:8:9: error: slide 2:"),
    "unknown-key": Case(SLIDE, replace("\nnotes:", "\nnote:"), f"{SLIDE}:19:1: error: slide 2:"),
    "unknown-style": Case(
        LAYOUTS, replace("style: cover-title", "style: cover-titel"), f"{LAYOUTS}:11:5: error:"
    ),
    # empty files
    "empty-slide": Case(SLIDE, text(""), f"{SLIDE}: error: slide 2: file is empty"),
    "comment-only": Case(FIGS, text("# nothing yet\n"), f"{FIGS}: error: file is empty"),
    "missing-slide": Case(
        SLIDE, lambda p: p.unlink(), f"{DECK}:12:5: error: slide 2: slide file {SLIDE} not found"
    ),
    # binary files
    "binary-slide": Case(SLIDE, data(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), f"{SLIDE}: error:"),
    "not-utf8": Case(
        FIGS,
        data("値: 1\n".encode("shift_jis")),
        f"{FIGS}:1:1: error: is not UTF-8 text (it looks like Shift_JIS): save it as UTF-8",
    ),
    "utf-16": Case(FIGS, data("値: 1\n".encode("utf-16")), f"{FIGS}: error: is saved as UTF-16"),
    "colour-unquoted": Case(
        TOKENS,
        replace('key: "#0017C1"', "key: #0017C1"),
        f"{TOKENS}:15:3: error: colour 'key' has no value: in YAML # starts a comment, so quote",
    ),
    # paths that lead outside the project
    "slide-path-up": Case(
        DECK, replace("  - 03-section.yaml", "  - ../../secret.yaml"), "leads outside"
    ),
    "slide-path-absolute": Case(
        DECK, replace("  - 03-section.yaml", "  - /etc/passwd"), f"{DECK}:13:5: error:"
    ),
    # YAML tags that would construct Python objects
    "python-object": Case(
        SLIDE,
        replace("title: マイナ", "title: !!python/object/apply:os.system ['touch PWNED']\nx: マ"),
        f"{SLIDE}:3:8: error: slide 2: YAML tag",
    ),
    "python-name": Case(FIGS, text("a: !!python/name:os.system\n"), f"{FIGS}:1:4: error:"),
    "custom-tag": Case(DECK, replace("title: テスト報告", "title: !secret x"), f"{DECK}:1:8:"),
    # huge files
    "huge-file": Case(SLIDE, text("notes: " + "あ" * 400_000 + "\n"), "file is too large"),
    "deep-nesting": Case(SLIDE, text("a: " + "[" * 200 + "]" * 200 + "\n"), "nested deeper"),
    # anchors, aliases, self-reference
    "self-reference": Case(SLIDE, text("panels: &p [*p]\n"), "anchors and aliases"),
    "billion-laughs": Case(
        FIGS,
        text('a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\nd: [*c,*c,*c]\n'),
        f"{FIGS}:2:8: error: anchors and aliases",
    ),
    "merge-key": Case(SLIDE, text("base: &b {layout: content}\nslide:\n  <<: *b\n"), SLIDE),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_and_changes_nothing(
    name: str, cli_built: Path, tmp_path: Path, capsys, monkeypatch
):
    case = CASES[name]
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    (tmp_path / "secret.yaml").write_text("layout: content\ntitle: secret\n", encoding="utf-8")
    monkeypatch.chdir(proj)
    good = outputs(proj / "out")
    case.write(proj / case.file)

    code = main(["build", "deck", "-o", "out"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert case.expect in err, err
    assert case.file in err  # the message names the file at fault
    assert "Traceback" not in err and "internal error" not in err
    assert err.rstrip().endswith("nothing was written.")
    assert outputs(proj / "out") == good  # the last good outputs, untouched
    assert not (proj / "PWNED").exists()

    # check says the same, and writes nothing either.
    code = main(["check", "deck"])
    out = capsys.readouterr().out
    assert code == 1 and case.expect in out and "Traceback" not in out
    assert outputs(proj / "out") == good


# Inputs that once crashed inside the engine (a one-line "internal error", exit 70): each is now
# checked in the module named and reported against the file, with exit 1.
KNOWN_CRASHES = {
    "deck-size-text (loader.py: size.width_in)": Case(
        DECK, replace("language: ja-JP", "language: ja-JP\nsize: {width_in: wide}"), DECK
    ),
    "deck-size-zero (loader.py: size.width_in)": Case(
        DECK, replace("language: ja-JP", "language: ja-JP\nsize: {width_in: 0}"), DECK
    ),
    "figure-value-inf (loader.py: value)": Case(FIGS, replace("value: 950", "value: .inf"), FIGS),
    "figure-value-nan (loader.py: value)": Case(FIGS, replace("value: 950", "value: .nan"), FIGS),
    "empty-timeline (loader.py: timeline)": Case(
        SLIDE, replace("- kpis: [mynaportal.accounts, ai.users]", "- timeline: []"), SLIDE
    ),
    "style-size-text (theme.py: styles)": Case(
        TOKENS, replace("size: 28, weight: 700", "size: big, weight: 700"), TOKENS
    ),
    "style-not-a-mapping (theme.py: styles)": Case(
        TOKENS, replace("  note:  ", "  note: 5\n  x:  "), TOKENS
    ),
    "slot-without-x (theme.py: slots)": Case(
        LAYOUTS, replace("{x: 112, y: 224,", "{y: 224,"), LAYOUTS
    ),
    "body-style-missing (theme.py: styles the body needs)": Case(
        TOKENS,
        lambda p: (
            edit(p, "  note:  ", "  noot:  "),
            edit(p.parents[2] / SLIDE, "- text:", "- note: 注\n      - text:"),
        ),
        TOKENS,
    ),
    "unknown-layout-set (build.py/theme.py: names the layouts/ folder, not deck.yaml)": Case(
        DECK, replace("layouts: ministry", "layouts: minstry"), f"{DECK}:7:"
    ),
    "canvas-zero (theme.py: canvas)": Case(
        TOKENS, replace("canvas: {width: 1280", "canvas: {width: 0"), TOKENS
    ),
    "stale-after-text (loader.py: read after the last check)": Case(
        DECK, replace("language: ja-JP", "language: ja-JP\nstale_after_months: x"), DECK
    ),
    "title-a-list (loader.py: read after the last check)": Case(
        DECK, replace("title: テスト報告", "title: [a]"), DECK
    ),
}


def _run_known(name: str, cli_built: Path, tmp_path: Path, capsys, monkeypatch):
    case = KNOWN_CRASHES[name]
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    good = outputs(proj / "out")
    case.write(proj / case.file)
    code = main(["build", "deck", "-o", "out"])
    return case, code, capsys.readouterr().err, good, proj


@pytest.mark.parametrize("name", list(KNOWN_CRASHES))
def test_known_crashes_show_no_traceback(name, cli_built, tmp_path, capsys, monkeypatch):
    _case, code, err, good, proj = _run_known(name, cli_built, tmp_path, capsys, monkeypatch)
    assert code in (1, 70), err
    assert "Traceback" not in err
    assert outputs(proj / "out") == good


@pytest.mark.parametrize("name", list(KNOWN_CRASHES))
def test_known_crashes_name_the_file(name, cli_built, tmp_path, capsys, monkeypatch):
    case, code, err, _good, _proj = _run_known(name, cli_built, tmp_path, capsys, monkeypatch)
    assert code == 1 and case.expect in err and "internal error" not in err, err
