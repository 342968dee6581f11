"""The package layout keeps its promises (ARCHITECTURE.md): small modules, and no area importing
from an area above it, at the top of ``skill/`` and among the handler areas alike."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKILL = ROOT / "skill"
MAX_LINES = 300

#: Areas of ``skill/``, lowest first: each may import only from itself and areas before it.
LAYERS = (
    "config",
    "speech",
    "logs",
    "persistence",
    "reminders",
    "safety",
    "conversation",
    "routines",
    "audio",
    "handlers",
    "alexa",
    "web",
    "tools",
)
#: Areas inside ``skill/handlers/``, lowest first, under the same rule.
HANDLER_LAYERS = (
    "base",
    "playback",
    "safety",
    "reminders",
    "memory",
    "routines",
    "conversation",
)


def _modules() -> list[Path]:
    return sorted(SKILL.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> set[str]:
    """Every ``skill.…`` module or name imported by ``path`` (type-checking imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "skill" or name.startswith("skill.")}


def _area(dotted: str, layers: tuple[str, ...], prefix: str) -> str | None:
    if not dotted.startswith(prefix):
        return None
    head = dotted[len(prefix) :].split(".", maxsplit=1)[0]
    return head if head in layers else None


def _violations(layers: tuple[str, ...], prefix: str) -> list[str]:
    wrong = []
    for path in _modules():
        own = _area(_module_name(path), layers, prefix)
        if own is None:
            continue
        for name in _imported(path):
            other = _area(name, layers, prefix)
            if other is not None and layers.index(other) > layers.index(own):
                wrong.append(f"{_module_name(path)} ({own}) imports {name} ({other})")
    return wrong


def test_every_module_and_package_of_skill_belongs_to_an_area() -> None:
    top = {p.stem if p.is_file() else p.name for p in SKILL.iterdir() if p.name != "__pycache__"}
    top -= {"__init__", "content"}
    assert top == set(LAYERS)
    handler_areas = {
        p.stem if p.is_file() else p.name
        for p in (SKILL / "handlers").iterdir()
        if p.name != "__pycache__"
    } - {"__init__"}
    assert handler_areas == set(HANDLER_LAYERS)


def test_no_area_imports_from_an_area_above_it() -> None:
    assert _violations(LAYERS, "skill.") == []


def test_no_handler_area_imports_from_a_handler_area_above_it() -> None:
    assert _violations(HANDLER_LAYERS, "skill.handlers.") == []


def test_the_rule_catches_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is not vacuous: a safety module importing a handler is reported."""
    fake = tmp_path / "skill"
    (fake / "safety").mkdir(parents=True)
    (fake / "safety" / "check.py").write_text("from skill.handlers.base import Context\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "SKILL", fake)
    assert _violations(LAYERS, "skill.") == [
        "skill.safety.check (safety) imports skill.handlers.base.Context (handlers)"
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SKILL)))
def test_modules_stay_readable_in_one_sitting(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_every_path_the_map_names_exists() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text()
    path = r"`((?:skill|interaction_model|infra|tests|bench|docs)/[\w./<>-]*)`"
    named = set(re.findall(path, text))
    assert len(named) > 30
    missing = [p for p in sorted(named) if "<" not in p and not (ROOT / p).exists()]
    assert missing == []


def test_every_name_the_map_places_in_a_module_is_defined_there() -> None:
    """ "`alexa` in `skill/web/webhook.py`": a top-level function, class or constant there."""
    text = " ".join((ROOT / "ARCHITECTURE.md").read_text().split())
    placed = re.findall(r"`(\w+)`(?: \w+){0,3} in `(skill/[\w/]+\.py)`", text)
    assert len(placed) > 15
    missing = []
    for name, path in placed:
        tree = ast.parse((ROOT / path).read_text())
        defined = {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        } | {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        if name not in defined:
            missing.append(f"{name} in {path}")
    assert missing == []


@pytest.mark.parametrize(
    ("marker", "layers", "prefix"),
    [("layers", LAYERS, "skill/"), ("handler layers", HANDLER_LAYERS, "skill/handlers/")],
)
def test_the_map_states_the_layering_this_test_keeps(
    marker: str, layers: tuple[str, ...], prefix: str
) -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text()
    rule = re.search(f"<!-- {marker} -->(.*?)<!-- /{marker} -->", text, re.S)
    assert rule is not None
    assert tuple(re.findall(f"`{re.escape(prefix)}(\\w+)", rule.group(1))) == layers
