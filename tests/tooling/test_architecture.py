"""The architecture the README describes, read from the source with ``ast`` (nothing is imported):
stages import one way, no cycles, no overgrown definitions, every stage folder introduces itself."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "deckbuilder"

# The stages in the order a build runs them; a module may import its own stage or any before it.
# The top modules come first; pdf, powerpoint and web share a rank as siblings.
TOP_MODULES = ("errors", "xmltext", "cachefiles", "memo", "scene", "workers", "version")
STAGE_RANK = {
    **dict.fromkeys(TOP_MODULES, 0),
    "text": 1,
    "source": 2,
    "layout": 3,
    "pictures": 4,
    "check": 5,
    "pdf": 6,
    "powerpoint": 6,
    "web": 6,
    "commands": 7,
    "cli": 8,
    "": 8,  # the package's own __init__
}
SIBLINGS = frozenset({"pdf", "powerpoint", "web"})
MAX_TOP_MODULES = 8
MAX_DEFINITION_LINES = 150


@dataclass(frozen=True)
class Import:
    """One import statement of one module, resolved to the module it loads."""

    importer: str
    imported: str
    line: int


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """``deckbuilder.text.fonts`` for ``text/fonts.py``; a package is named by its folder."""
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(package: Path = PACKAGE) -> list[Path]:
    return sorted(package.rglob("*.py"))


def known_modules(package: Path = PACKAGE) -> set[str]:
    return {module_name(path, package) for path in source_files(package)}


def imports_of(path: Path, known: set[str], package: Path = PACKAGE) -> Iterator[Import]:
    """Every import of the package's own modules in ``path``, at any depth (a function's imports
    count: they run just the same, only later)."""
    importer = module_name(path, package)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield Import(importer, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module not in known:
                continue
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                target = submodule if submodule in known else node.module
                yield Import(importer, target, node.lineno)


def import_graph(package: Path = PACKAGE) -> list[Import]:
    known = known_modules(package)
    return [edge for path in source_files(package) for edge in imports_of(path, known, package)]


def stage_of(module: str) -> str:
    """The stage a module belongs to: its first folder, or its own name at the top."""
    parts = module.split(".")[1:]
    return parts[0] if parts else ""


def imports_running_up(edges: list[Import]) -> list[Import]:
    return [
        edge
        for edge in edges
        if STAGE_RANK[stage_of(edge.imported)] > STAGE_RANK[stage_of(edge.importer)]
    ]


def sibling_imports(edges: list[Import]) -> list[Import]:
    return [
        edge
        for edge in edges
        if {stage_of(edge.importer), stage_of(edge.imported)} <= SIBLINGS
        and stage_of(edge.importer) != stage_of(edge.imported)
    ]


def find_cycle(edges: list[Import]) -> list[str]:
    """One import cycle as the modules along it (empty when there is none), depth first."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if edge.importer != edge.imported:
            graph.setdefault(edge.importer, set()).add(edge.imported)
    done: set[str] = set()
    for start in sorted(graph):
        cycle = _cycle_from(start, graph, done, [])
        if cycle:
            return cycle
    return []


def _cycle_from(
    module: str, graph: dict[str, set[str]], done: set[str], path: list[str]
) -> list[str]:
    if module in path:
        return [*path[path.index(module) :], module]
    if module in done:
        return []
    for imported in sorted(graph.get(module, ())):
        cycle = _cycle_from(imported, graph, done, [*path, module])
        if cycle:
            return cycle
    done.add(module)
    return []


def long_definitions(package: Path = PACKAGE) -> list[str]:
    """Every function or class longer than the limit, as ``file:line name (n lines)``."""
    found = []
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for path in source_files(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, definitions) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_DEFINITION_LINES:
                    where = path.relative_to(package)
                    found.append(f"{where}:{node.lineno} {node.name} ({lines} lines)")
    return found


def _shown(edges: list[Import]) -> str:
    return "\n".join(f"{e.importer}:{e.line} imports {e.imported}" for e in edges)


GRAPH = import_graph()


def stage_folders(package: Path = PACKAGE) -> list[Path]:
    return sorted({path.parent for path in source_files(package)} - {package})


def test_the_graph_is_read() -> None:
    """Guards the tests below against passing on an empty graph."""
    assert len(GRAPH) > 100
    assert "deckbuilder.commands.build" in {e.imported for e in GRAPH if e.importer.endswith("cli")}


def test_every_module_has_a_stage() -> None:
    unknown = {stage_of(module) for module in known_modules()} - set(STAGE_RANK)
    assert not unknown, f"modules outside the stage order: {sorted(unknown)}"


def test_no_import_cycles() -> None:
    cycle = find_cycle(GRAPH)
    assert not cycle, " → ".join(cycle)


def test_no_import_runs_back_up_the_stages() -> None:
    assert imports_running_up(GRAPH) == [], _shown(imports_running_up(GRAPH))


def test_pdf_powerpoint_and_web_do_not_import_one_another() -> None:
    assert sibling_imports(GRAPH) == [], _shown(sibling_imports(GRAPH))


def test_at_most_eight_modules_at_the_top() -> None:
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert len(top) <= MAX_TOP_MODULES, top


def test_no_definition_over_150_lines() -> None:
    assert long_definitions() == []


@pytest.mark.parametrize("folder", stage_folders(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_stage_folder_introduces_itself(folder: Path) -> None:
    init = folder / "__init__.py"
    assert init.is_file(), f"{folder} has no __init__.py"
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), (
        f"{init} has no docstring"
    )


# The checks themselves, on a small package that breaks each rule once.


def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "deckbuilder"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_the_checks_find_an_import_running_up_and_a_sibling_import(tmp_path: Path) -> None:
    package = _write(
        tmp_path,
        {
            "__init__.py": "",
            "errors.py": "",
            "text/__init__.py": '"""text."""',
            "text/fonts.py": "def f():\n    from deckbuilder.source.model import Deck\n",
            "source/__init__.py": '"""source."""',
            "source/model.py": "from deckbuilder import errors\n",
            "web/__init__.py": "",
            "web/render.py": "from deckbuilder.pdf import struct\n",
            "pdf/__init__.py": '"""pdf."""',
            "pdf/struct.py": "",
        },
    )
    edges = import_graph(package)
    assert [(e.importer, e.imported) for e in imports_running_up(edges)] == [
        ("deckbuilder.text.fonts", "deckbuilder.source.model")
    ]
    assert [(e.importer, e.imported) for e in sibling_imports(edges)] == [
        ("deckbuilder.web.render", "deckbuilder.pdf.struct")
    ]
    assert find_cycle(edges) == []
    assert [f.name for f in stage_folders(package)] == ["pdf", "source", "text", "web"]


def test_the_checks_find_a_cycle_and_a_long_definition(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_DEFINITION_LINES))
    package = _write(
        tmp_path,
        {
            "__init__.py": "",
            "text/__init__.py": "",
            "text/a.py": "import deckbuilder.text.b\n",
            "text/b.py": f"from deckbuilder.text import c\n\n\ndef long():\n{body}\n",
            "text/c.py": "def later():\n    from deckbuilder.text.a import x\n",
        },
    )
    cycle = find_cycle(import_graph(package))
    assert cycle[0] == cycle[-1] and set(cycle) == {f"deckbuilder.text.{m}" for m in "abc"}
    assert long_definitions(package) == [f"text/b.py:4 long ({MAX_DEFINITION_LINES + 1} lines)"]
