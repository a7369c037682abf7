"""The layout of the house (docs/architecture.md), checked so that it does not drift:
the top level holds only the shared core, no module grows past 400 lines, modules
import each other without cycles, and services leave the request to the views."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "weltoffen"
#: The factory and the shared core the design names; everything else is a package.
TOP_LEVEL_MODULES = {"__init__.py", "extensions.py", "config.py", "crypto.py"}
TOP_LEVEL_PACKAGES = {
    "audit", "permissions", "platform",  # shared core and plumbing
    "auth", "network", "selfcheck", "benchmark", "charts", "forum", "incidents", "dialogue", "home", "ops",
    "static", "templates", "translations",  # not Python
}
MAX_LINES = 400
#: Names a service module must not take from Flask: the request belongs to the views.
REQUEST_NAMES = {"request", "session", "abort", "current_user", "g"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def test_the_top_level_holds_only_the_shared_core():
    modules = {p.name for p in PACKAGE.glob("*.py")}
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert modules == TOP_LEVEL_MODULES, sorted(modules ^ TOP_LEVEL_MODULES)
    assert packages == TOP_LEVEL_PACKAGES, sorted(packages ^ TOP_LEVEL_PACKAGES)


@pytest.mark.parametrize("folder", ["weltoffen", "tests", "bench"])
def test_no_module_is_past_400_lines(folder):
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / folder).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these by responsibility: {long}"


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, path: Path) -> set[str]:
    """The weltoffen modules `module` imports, at module level or inside a function
    (a deferred import hides a cycle, it does not remove it)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, path, node)
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if candidate in MODULES else source)
    return {m for m in found if m in MODULES and m != module}


def test_modules_import_each_other_without_cycles():
    graph = {m: _imports(m, p) for m, p in MODULES.items()}
    # A package's __init__ importing its own submodules is how packages register;
    # a cycle through that is not a cycle between rooms.
    for module, targets in graph.items():
        if MODULES[module].name == "__init__.py":
            graph[module] = {t for t in targets if not t.startswith(module + ".")}
    cycles, state, stack = [], {}, []

    def walk(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_services_take_nothing_from_the_request():
    offenders = []
    for module, path in MODULES.items():
        if not (module.endswith(".services") or ".services." in module):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in {"flask", "flask_login"}:
                taken = {a.name for a in node.names} & REQUEST_NAMES
                if taken:
                    offenders.append(f"{module}: {sorted(taken)}")
    assert not offenders, offenders
