"""A small project for the command tests: both layout sets, the fonts and a 3-slide deck.

Self-contained on purpose: the real deck/ changes while people edit it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from helpers import ROOT

DECK_YAML = """\
title: テスト報告
date: 2025-09-05
date_text: 2025年9月5日
organisation: デジタル庁
organisation_en: Digital Agency
language: ja-JP
layouts: ministry
output: report
stale_after_months: 18
slides:
  - 01-cover.yaml
  - 02-kpis.yaml
  - 03-section.yaml
"""

FIGURES_YAML = """\
mynaportal.accounts:
  value: 7959
  unit: 万件
  as_of: 2025年7月
  label: アカウント登録数
  source: テスト p.2
mynacard.rate_2021:
  value: 39
  unit: "%"
  as_of: 2021年11月
  label: 保有率
  source: テスト p.2
mynacard.rate_2025:
  value: 79
  unit: "%"
  as_of: 2025年7月
  label: 保有率
  source: テスト p.2
ai.users:
  value: 950
  unit: 人
  as_of: null
  prefix: 約
  label: AI利用人数
  source: テスト p.3
unused.figure:
  value: 12
  unit: 件
  as_of: 2025年1月
  label: どこにも出ない数
  source: テスト p.9
"""

SLIDES = {
    "01-cover.yaml": "layout: cover\ntitle: テスト報告の表紙\n",
    "02-kpis.yaml": """\
layout: content
breadcrumb: ２. 行政のデジタル変革と取組成果｜生活の変化２
title: マイナンバーカードは持つから使うへ
columns: 2
panels:
  - heading: マイナポータル
    blocks:
      - text: 登録数は{mynaportal.accounts}に達しました。
      - kpis: [mynaportal.accounts, ai.users]
  - heading: マイナンバーカード
    blocks:
      - chart:
          kind: before_after
          title: 保有率
          figures: [mynacard.rate_2021, mynacard.rate_2025]
      - image: {caption: マイナポータルの画面}
footnotes:
  - ※１. テスト用の脚注
notes: 保有率が上がりました。
""",
    "03-section.yaml": 'layout: section\nnumber: "2."\ntitle: 行政のデジタル変革と取組成果\n',
}


def make_project(dest: Path, sets: tuple[str, ...] = ("ministry", "ministry-print")) -> Path:
    """dest/ with layouts/<sets>, assets/fonts and deck/ (3 slides); returns dest."""
    for name in sets:
        shutil.copytree(ROOT / "layouts" / name, dest / "layouts" / name)
    shutil.copytree(ROOT / "assets" / "fonts", dest / "assets" / "fonts")
    deck = dest / "deck"
    (deck / "slides").mkdir(parents=True)
    (deck / "deck.yaml").write_text(DECK_YAML, encoding="utf-8")
    (deck / "figures.yaml").write_text(FIGURES_YAML, encoding="utf-8")
    for name, text in SLIDES.items():
        (deck / "slides" / name).write_text(text, encoding="utf-8")
    return dest


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


def built_once(dest: Path, prepare: Callable[[Path], object] | None = None) -> Path:
    """A project at ``dest`` (changed by ``prepare``) and its good outputs in ``dest/out``: the
    starting point of the tests that check a bad input changes nothing."""
    from deckbuilder.cli import main

    make_project(dest)
    if prepare is not None:
        prepare(dest)
    assert main(["build", str(dest / "deck"), "-o", str(dest / "out"), "-q"]) == 0
    return dest
