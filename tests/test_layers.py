"""The package's layers: load → validate → lay out → render → site → adapters.

Every module belongs to one part; a part may import only the parts its row
of `ALLOWED` names (itself included). An import that is not allowed is an
upward or sideways one: move the shared thing down instead.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import portal_sop

PACKAGE = Path(portal_sop.__file__).parent

# The module names (dotted, inside portal_sop) of each part, longest prefix wins.
PARTS = {
    "base": [
        "model", "values", "catalogue", "findings", "errors", "spec", "paths", "output", "templating",
        "schema_findings", "readers", "cache", "fingerprint", "kinerja.model", "kinerja.monev", "inputs", "safeyaml", "textcheck",
        "parallel",
    ],
    "sop": ["sop"],
    "kinerja": ["kinerja.loader", "kinerja.checks"],
    "validation": ["validation"],
    "flowchart": ["flowchart"],
    "pdf": ["pdf"],
    "kinerja-pages": ["kinerja.pages", "kinerja.opendata", "kinerja.monev_pages"],
    "authoring": ["authoring"],
    "review": ["review"],
    "site": ["site"],
    "search": ["search"],
    "adapters": ["adapters", "__main__"],
}

# part -> the parts it may import (besides itself). Read from the bottom up.
ALLOWED = {
    "base": set(),
    "sop": {"base"},
    "kinerja": {"base"},
    "validation": {"base", "sop", "kinerja"},
    "flowchart": {"base"},
    "pdf": {"base", "flowchart"},
    "kinerja-pages": {"base"},
    "authoring": {"base", "sop", "kinerja", "validation"},
    "review": {"base", "sop", "kinerja", "validation", "flowchart", "pdf"},
    "site": {"base", "flowchart", "pdf", "kinerja-pages"},
    "search": {"base", "kinerja-pages"},
    "adapters": {"base", "sop", "kinerja", "validation", "flowchart", "pdf", "kinerja-pages", "authoring", "review", "site", "search"},
}

# Only the adapters may know the site generator.
ADAPTER_ONLY = ("mkdocs",)


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            body = ast.parse(path.read_text("utf-8")).body
            if all(isinstance(node, ast.Expr) for node in body):
                continue  # a package marker (at most a docstring) belongs to no layer
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def part_of(module: str) -> str:
    best, best_len = None, -1
    for part, prefixes in PARTS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = part, len(prefix)
    if best is None:
        raise AssertionError(f"portal_sop.{module} belongs to no part of tests/test_layers.py; add it to PARTS")
    return best


def _imports(module: str) -> list[tuple[str, int]]:
    """Modules of portal_sop (dotted) and outside top-level names that
    `module` imports anywhere in its body, type-checking imports included."""
    path = PACKAGE / (module.replace(".", "/") if module else "")
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    is_package = path.name == "__init__.py"
    here = module.split(".") if module else []
    package = here if is_package else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
                if node.module is None or all(
                    (PACKAGE.joinpath(*target, alias.name).with_suffix(".py").exists() or PACKAGE.joinpath(*target, alias.name).is_dir())
                    for alias in node.names
                ):
                    for alias in node.names:
                        candidate = target + [alias.name]
                        if PACKAGE.joinpath(*candidate).with_suffix(".py").exists() or PACKAGE.joinpath(*candidate).is_dir():
                            found.append((".".join(candidate), node.lineno))
                        else:
                            found.append((".".join(target), node.lineno))
                else:
                    found.append((".".join(target), node.lineno))
            elif node.module:
                found.append(("!" + node.module, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("portal_sop."):
                    found.append((alias.name.removeprefix("portal_sop."), node.lineno))
                else:
                    found.append(("!" + alias.name, node.lineno))
    return found


MODULES = [m for m in _modules() if m]


@pytest.mark.parametrize("module", [m for m in MODULES if m != "__main__"])
def test_module_imports_on_its_own(module):
    importlib.import_module(f"portal_sop.{module}")


def test_every_module_has_a_part():
    for module in MODULES:
        part_of(module)


def test_no_import_goes_up_or_sideways():
    problems = []
    for module in MODULES:
        mine = part_of(module)
        for target, line in _imports(module):
            if target.startswith("!"):
                top = target[1:].split(".")[0]
                if top in ADAPTER_ONLY and mine != "adapters":
                    problems.append(f"portal_sop.{module}:{line} imports {target[1:]}: only adapters may")
                continue
            if not target:
                continue
            theirs = part_of(target)
            if theirs != mine and theirs not in ALLOWED[mine]:
                problems.append(f"portal_sop.{module}:{line} ({mine}) imports portal_sop.{target} ({theirs})")
    assert not problems, "\n".join(problems)


def test_the_table_is_layered():
    """No two parts may import each other, through any chain: the table
    itself has no cycle, so the parts stack into floors."""
    def reach(part, seen):
        for other in ALLOWED[part]:
            if other not in seen:
                seen.add(other)
                reach(other, seen)
        return seen
    for part in ALLOWED:
        assert part not in reach(part, set()), part


def test_the_scan_sees_imports():
    # A broken scan must not pass silently: these edges exist.
    edges = {(m, t) for m in MODULES for t, _ in _imports(m)}
    assert ("adapters.cli", "validation") in edges
    assert ("flowchart.layout", "model") in edges
    assert ("adapters.mkdocs_plugin", "!mkdocs.plugins") in edges
