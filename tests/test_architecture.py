"""The floor plan holds: apps depend on each other one way, modules stay readable."""

import re
from pathlib import Path

from tests.architecture import ROOT, cycles, import_edges, project_apps

MAX_MODULE_LINES = 600


def test_no_import_cycle_between_apps_counting_function_local_imports():
    found = cycles(import_edges())
    assert found == [], "import cycles between apps: " + "; ".join(" -> ".join(c + c[:1]) for c in found)


def test_home_is_the_shared_floor_and_imports_no_feature_app():
    assert import_edges().get("home", {}) == {}


def test_the_graph_sees_function_local_imports(tmp_path, monkeypatch):
    """A circle hidden in a function body is found (the check would be worthless otherwise)."""
    for app, body in {
        "alpha": "def f():\n    from beta.models import X\n",
        "beta": "from alpha import thing\n",
    }.items():
        (tmp_path / app).mkdir()
        (tmp_path / app / "apps.py").write_text("")
        (tmp_path / app / "logic.py").write_text(body)
    monkeypatch.setattr("tests.architecture.ROOT", tmp_path)
    assert cycles(import_edges()) == [["alpha", "beta"]]


def test_no_module_over_600_lines():
    too_long = {}
    for app in project_apps():
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES:
                too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}


def test_readme_links_stay_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", readme)
    outside = [t for t in targets if t.startswith(("http:", "https:", "/", "..")) or ".." in Path(t).parts]
    assert outside == []
    for target in targets:
        assert (ROOT / target.split("#")[0]).exists(), target
