"""``deckbuilder diff --html``: one self-contained page a reviewer opens, accessible (axe-core)."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cmdkit import edit, git, git_repo
from deckbuilder.cli import main
from deckbuilder.commands.diff_html import changed_regions
from helpers import ROOT, make_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
AXE = ROOT / "tests/axe/run-axe.mjs"


class Page(HTMLParser):
    """The tags of the page, with their attributes, and its text."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and (cls is None or a.get("class") == cls)]


@pytest.fixture
def changed(tmp_path: Path, monkeypatch) -> Path:
    """A project whose working tree changes a figure, a footnote and adds and removes a slide."""
    proj = git_repo(make_project(tmp_path / "proj", "cli"))
    monkeypatch.chdir(proj)
    edit(proj / "deck/figures.yaml", "value: 79\n", "value: 81\n")
    edit(proj / "deck/slides/02-kpis.yaml", "※１. テスト用の脚注", "※１. 改訂した脚注")
    edit(proj / "deck/deck.yaml", "  - 03-section.yaml\n", "  - 04-new.yaml\n")
    (proj / "deck/slides/04-new.yaml").write_text(
        "layout: closing\ntitle: 新しい結び\nstatement: [一行目]\n", encoding="utf-8"
    )
    return proj


def diff_html(capsys, *args: str) -> tuple[Path, str]:
    assert main(["diff", *args, "--html", "-o", "out"]) == 0
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err
    return Path(cap.out.rstrip("\n")), cap.err


def test_diff_html_is_one_self_contained_page(changed: Path, capsys):
    path, err = diff_html(capsys, "HEAD")
    assert path == Path("out/diff.html") and (changed / path).is_file()  # the path alone
    assert "render before | after images" in err and "write the HTML report" in err
    text = path.read_text(encoding="utf-8")
    page = Page(text)
    # Nothing is fetched: no scripts, links or frames; pictures inside; a CSP that forbids fetches.
    assert not page.all("script") and not page.all("link") and not page.all("iframe")
    assert "http://" not in text and "https://" not in text
    csp = next(a for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy")
    assert (csp["content"] or "").startswith("default-src 'none'; img-src data:")
    imgs = page.all("img")
    assert len(imgs) == 4  # slide 2 before and after, the added slide after, the removed before
    for img in imgs:
        src = img["src"] or ""
        assert src.startswith("data:image/png;base64,")
        with Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))) as im:
            assert im.size == (960, 540)
        assert img["alt"]
    words = " ".join(" ".join(page.text).split())
    # Figures changed, as printed.
    assert "mynacard.rate_2025 79%（2025年7月） 81%（2025年7月） slide 2" in words
    assert "before: HEAD after: working tree" in words
    # Slide 2: before | after, changed regions marked on both (the bar and its value label).
    assert "Before: HEAD, slide 2" in words and "After: working tree, slide 2" in words
    assert len(page.all("span", "mark")) >= 4
    assert "Removed: footnote: ※１. テスト用の脚注" in words
    assert "Added: footnote: ※１. 改訂した脚注" in words
    # Added and removed slides: the side that has none says so.
    assert "Slide 3 (added): 新しい結び" in words and "No slide at HEAD" in words
    assert "Slide 3 (removed): 行政のデジタル変革と取組成果" in words
    assert "No slide at working tree" in words
    # Japanese text is marked as Japanese for screen readers.
    assert '<span lang="ja">79%（2025年7月）</span>' in text


def test_diff_html_is_the_same_bytes_run_to_run(changed: Path, capsys):
    path, _ = diff_html(capsys, "HEAD")
    first = path.read_bytes()
    path, _ = diff_html(capsys, "HEAD")
    assert path.read_bytes() == first


def test_diff_html_without_changes(tmp_path: Path, capsys, monkeypatch):
    proj = git_repo(make_project(tmp_path / "proj", "cli"))
    monkeypatch.chdir(proj)
    git(proj, "commit", "-q", "--allow-empty", "-m", "nothing")
    path, _ = diff_html(capsys, "HEAD~1", "HEAD")
    assert "No changes to the deck." in path.read_text(encoding="utf-8")


def test_changed_regions_box_what_changed():
    def png(*rects: tuple[int, int, int, int]) -> bytes:
        im = Image.new("RGB", (960, 540), "white")
        for r in rects:
            ImageDraw.Draw(im).rectangle(r, fill="#0017C1")
        buf = io.BytesIO()
        im.save(buf, "PNG")
        return buf.getvalue()

    base = png()
    assert changed_regions(base, base) == []
    [(x, y, w, h)] = changed_regions(base, png((100, 50, 139, 69)))
    assert x <= 100 and y <= 50 and x + w >= 140 and y + h >= 70 and w < 80 and h < 60
    assert len(changed_regions(base, png((100, 50, 139, 69), (700, 400, 720, 420)))) == 2


# --- axe-core in Chromium ------------------------------------------------------------------------


def chromium() -> str | None:
    for path in (os.environ.get("DECKBUILDER_CHROMIUM"), "/usr/bin/chromium"):
        if path and Path(path).is_file():
            return path
    return None


needs_axe = pytest.mark.skipif(
    not (
        shutil.which("node")
        and chromium()
        and (ROOT / "node_modules/puppeteer-core").is_dir()
        and (ROOT / "node_modules/axe-core").is_dir()
    ),
    reason="needs node, chromium and `npm ci` (puppeteer-core, axe-core)",
)


def axe(page: Path) -> dict:
    res = subprocess.run(
        ["node", str(AXE), str(page.resolve()), str(chromium())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@needs_axe
def test_diff_html_passes_axe_wcag21_aa(changed: Path, capsys):
    path, _ = diff_html(capsys, "HEAD")
    result = axe(path)
    assert result["violations"] == []
    assert result["requests"] == []  # nothing fetched
    assert result["passes"] >= 15  # the rules did run: landmarks, alt text, contrast, tables…


@needs_axe
def test_axe_harness_finds_violations(tmp_path: Path):
    """The check is live: a picture without alt text and grey-on-white text are found."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#BBBBBB">faint</p></main></body></html>',
        encoding="utf-8",
    )
    ids = {v["id"] for v in axe(bad)["violations"]}
    assert {"image-alt", "color-contrast"} <= ids


def test_diff_html_into_a_file_is_a_clear_error(changed: Path, capsys):
    (changed / "out").write_text("not a folder", encoding="utf-8")
    assert main(["diff", "HEAD", "--html", "-o", "out"]) == 1
    cap = capsys.readouterr()
    assert "out is a file, not a folder" in cap.err and "Traceback" not in cap.err
    assert cap.out == ""
