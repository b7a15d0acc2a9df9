"""Apps depend on each other one way only: the credit bank imports neither workshops nor training
(they call it), and no app imports workshops (only the project's URLs include it)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(app: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update((str(path.relative_to(ROOT)), alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add((str(path.relative_to(ROOT)), node.module))
    return found


def offending(app: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{path}: {module}" for path, module in imported_modules(app) if module.split(".")[0] in forbidden)


def test_credits_imports_neither_workshops_nor_training():
    assert offending("credits", ("workshops", "training")) == []


@pytest.mark.parametrize("app", ["home", "resources", "search", "training", "showcase", "credits"])
def test_no_app_imports_workshops(app):
    assert offending(app, ("workshops",)) == []
