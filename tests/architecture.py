"""The app dependency graph, built from the source (架构检查).

Every ``import`` and ``from … import`` in a project app counts, function-local ones included:
a circle hidden inside a function is still a circle. Migrations are left out (they name
other apps' models by label, as Django requires) and so are tests.

Run ``python -m tests.architecture`` to print the graph and any cycle; the test suite
(``tests/test_architecture.py``) fails on a cycle.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Project packages that are not Django apps but belong to the graph.
EXTRA_PACKAGES = ("rtpt_site",)
SKIP_PARTS = {"migrations", "__pycache__"}


def project_apps() -> list[str]:
    """Top-level packages of the project that hold Django apps (an ``apps.py``) plus the site."""
    found = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))
    return found + [name for name in EXTRA_PACKAGES if name not in found]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: -(node.level - 1)]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            found.add(target)
            # "from resources import signals" imports the module resources.signals.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def import_edges() -> dict[str, dict[str, list[str]]]:
    """{app: {other app: [modules of app that import it]}}."""
    apps = project_apps()
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            if SKIP_PARTS.intersection(path.relative_to(ROOT).parts):
                continue
            module = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for target in _imported_modules(tree, module, path.name == "__init__.py"):
                other = target.split(".")[0]
                if other in apps and other != app and module not in edges[app][other]:
                    edges[app][other].append(module)
    return {app: dict(targets) for app, targets in edges.items()}


def cycles(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Every elementary circle of the graph, each once, starting at its smallest name."""
    graph = {app: sorted(targets) for app, targets in edges.items()}
    found: set[tuple[str, ...]] = set()

    def walk(start: str, node: str, trail: list[str]) -> None:
        for nxt in graph.get(node, []):
            if nxt == start:
                found.add(tuple(trail))
            elif nxt not in trail and nxt > start:
                walk(start, nxt, trail + [nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return [list(c) for c in sorted(found)]


def main() -> int:
    edges = import_edges()
    print("App dependencies (an arrow: imports from):")
    for app in project_apps():
        targets = sorted(edges.get(app, {}))
        print(f"  {app:10s} -> {', '.join(targets) if targets else '(nothing)'}")
    found = cycles(edges)
    for circle in found:
        print("CYCLE: " + " -> ".join(circle + circle[:1]))
        for a, b in zip(circle, circle[1:] + circle[:1], strict=True):
            print(f"    {a} -> {b}: {', '.join(edges[a][b])}")
    print("no cycle" if not found else f"{len(found)} cycle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
