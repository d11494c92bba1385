"""pre-commit hooks and the GitHub workflow: valid for their tools, and doing what they say."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cmdkit import edit, git, git_repo
from helpers import ROOT, make_project

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github/workflows/deck.yml"


def tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} not installed (the dev extra)")
    return path


def run(*cmd: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


# --- the GitHub workflow ----------------------------------------------------------------------


def test_workflow_is_valid_for_github():
    cj = tool("check-jsonschema")
    res = run(cj, "--builtin-schema", "vendor.github-workflows", WORKFLOW)
    assert res.returncode == 0, res.stdout + res.stderr


def test_github_schema_refuses_a_broken_workflow(tmp_path: Path):
    """The schema check is live: a misspelt event and a job without runs-on are refused."""
    cj = tool("check-jsonschema")
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = tmp_path / "deck.yml"
    broken.write_text(text.replace("    runs-on: ubuntu-latest\n", ""), encoding="utf-8")
    res = run(cj, "--builtin-schema", "vendor.github-workflows", broken)
    assert res.returncode == 1 and "runs-on" in res.stdout


def test_workflow_installs_checks_builds_tests_diffs_and_uploads():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert set(flow[True]) == {"push", "pull_request"}  # YAML 1.1 reads `on` as true
    steps = flow["jobs"]["deck"]["steps"]
    script = "\n".join(s.get("run", "") for s in steps)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for install in (
        ".venv/bin/pip install -q -r requirements.lock -e .",  # Quick start, the build
        ".venv/bin/pip install -q -r requirements-dev.lock",  # Quick start, the test tools
    ):
        assert install in readme and install in script
    for command in ("deckbuilder check", "deckbuilder build", "python -m pytest"):
        assert f".venv/bin/{command}" in script
    diff = next(s for s in steps if "--html" in s.get("run", ""))
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert '"origin/$BASE_REF"' in diff["run"]  # the base branch, never pasted into the script
    uploads = [s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/upload")]
    assert all(f"out/report.{ext}" in uploads[0] for ext in ("pptx", "pdf", "html"))
    assert uploads[1] == "out/diff.html"


# --- pre-commit -------------------------------------------------------------------------------


def test_pre_commit_files_are_valid():
    pc = tool("pre-commit")
    res = run(pc, "validate-manifest", ".pre-commit-hooks.yaml")
    assert res.returncode == 0, res.stdout + res.stderr
    res = run(pc, "validate-config", ".pre-commit-config.yaml")
    assert res.returncode == 0, res.stdout + res.stderr
    offered = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    used = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = {h["id"]: h for h in used["repos"][0]["hooks"]}
    for hook in offered:  # the config runs the offered hooks as they are
        assert {k: local[hook["id"]][k] for k in ("entry", "files")} == {
            k: hook[k] for k in ("entry", "files")
        }


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_pre_commit_stops_a_commit_with_a_misspelt_block(tmp_path: Path):
    pc, _ = tool("pre-commit"), tool("check-jsonschema")
    proj = make_project(tmp_path / "proj", "cli")
    shutil.copy(ROOT / ".pre-commit-config.yaml", proj)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "cache")
    assert run("deckbuilder", "schema", cwd=proj, env=env).returncode == 0
    git_repo(proj)
    res = run(pc, "run", "--all-files", cwd=proj, env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "deckbuilder check" in res.stdout and "Passed" in res.stdout
    edit(proj / "deck/slides/02-kpis.yaml", "- kpis:", "- kpi:")
    git(proj, "add", "-A")
    res = run(pc, "run", cwd=proj, env=env)
    assert res.returncode == 1
    assert "unknown block 'kpi' (did you mean 'kpis'?)" in res.stdout  # deckbuilder check
    assert "'kpi' is not one of ['text', 'bullets'" in res.stdout  # the slide schema
    # A figure added without regenerating the schemas: the schema hook rewrites them, and stops.
    git(proj, "checkout", "-q", "--", ".")
    figures = proj / "deck/figures.yaml"
    figures.write_text(
        figures.read_text(encoding="utf-8")
        + "new.figure:\n  value: 1\n  unit: 件\n  as_of: null\n  label: a\n  source: b\n",
        encoding="utf-8",
    )
    git(proj, "add", "-A")
    res = run(pc, "run", cwd=proj, env=env)
    assert res.returncode == 1 and "files were modified by this hook" in res.stdout
    assert '"new.figure"' in (proj / "schema/slide.schema.json").read_text(encoding="utf-8")
