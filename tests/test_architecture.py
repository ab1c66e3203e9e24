"""The import graph between the portal's apps: no cycle, and ``core``/``lib`` import no content app;
and each URL namespace is named after the app whose views answer its addresses.

Every import in every module of ``portal/<app>/`` (function-level ones too: moving an import into a
function hides a dependency, it does not remove it) is read with ``ast``; migrations are left out.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.urls import URLResolver, get_resolver

PORTAL = Path(__file__).resolve().parent.parent / "portal"

# The apps everything else builds on: they may import each other, nothing above them.
FOUNDATION = {"core", "lib"}

# Imports that break the rules, each with what will remove it. Empty: a new entry needs a reason why
# the import cannot go the right way (the pages app gathers countries, forum and practices; core
# writes the API's error body; the practice columns live with the practices).
ALLOWED: dict[tuple[str, str], str] = {}


def apps() -> list[str]:
    return sorted(path.parent.name for path in PORTAL.glob("*/__init__.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PORTAL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` for each absolute or relative import of a ``portal.`` module."""
    found = []
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
            else:
                found.append((node.lineno, node.module or ""))
    return [(line, name) for line, name in found if name.startswith("portal.")]


def cross_app_imports() -> list[tuple[str, str, str, str]]:
    """``(from app, to app, "file:line", imported module)`` for every import between two apps."""
    names = set(apps())
    found = []
    for app in names:
        for path in sorted((PORTAL / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, name in imports(path):
                target = name.split(".")[1]
                if target in names and target != app and (module_name(path), name) not in ALLOWED:
                    found.append((app, target, f"{path.relative_to(PORTAL.parent)}:{line}", name))
    return found


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The apps on each cycle of the graph (Tarjan's strongly connected components of two or more)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_foundation_apps_import_no_other_app():
    offending = [
        f"{where} imports {name}"
        for source, target, where, name in cross_app_imports()
        if source in FOUNDATION and target not in FOUNDATION
    ]
    assert offending == []


def test_no_import_cycle_between_apps():
    found = cross_app_imports()
    loops = cycles({(source, target) for source, target, _, _ in found})
    offending = [
        f"{where} imports {name}"
        for loop in loops
        for source, target, where, name in found
        if source in loop and target in loop
    ]
    assert loops == [], "\n".join(offending)


def test_every_allowed_import_still_exists():
    """An entry of ALLOWED that no module needs any more is taken off, so that the list only shrinks."""
    present = {
        (module_name(path), name)
        for path in PORTAL.rglob("*.py")
        if "migrations" not in path.parts
        for _, name in imports(path)
    }
    assert sorted(set(ALLOWED) - present) == []


def test_the_checker_sees_a_cycle_and_a_relative_import():
    assert cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert ("portal.exports.urls", "portal.exports") in {
        ("portal.exports.urls", name) for _, name in imports(PORTAL / "exports" / "urls.py")
    }


def view_modules(patterns, namespace: str = "") -> list[tuple[str, str, str]]:
    """``(namespace, pattern, module of the view)`` for every address the portal answers."""
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            found += view_modules(pattern.url_patterns, inner)
        else:
            view = pattern.callback
            owner = getattr(view, "view_class", None) or getattr(view, "cls", None) or view
            if not hasattr(owner, "__module__") or not hasattr(owner, "__qualname__"):
                owner = type(owner)  # a Feed instance
            found.append((namespace, str(pattern.pattern), owner.__module__))
    return found


def test_each_url_namespace_is_named_after_the_app_whose_views_answer_it():
    """``{% url 'forum:participation' %}`` leads to ``portal/forum/``: a newcomer finds a page's code
    from its URL name. The API's namespace holds the api app's views and each app's ``api`` package."""
    offending = []
    for namespace, pattern, module in view_modules(get_resolver().url_patterns):
        if not namespace or namespace == "admin" or not module.startswith("portal."):
            continue
        parts = module.split(".")
        if namespace == "api" and (parts[1] == "api" or parts[2:3] == ["api"]):
            continue
        if parts[1] != namespace:
            offending.append(f"{namespace}: {pattern} answered by {module}")
    assert offending == []


def test_the_namespace_checker_looks_inside_nested_includes():
    namespaces = {namespace for namespace, _, _ in view_modules(get_resolver().url_patterns)}
    assert {"pages", "countries", "forum", "practices", "subscriptions", "accounts", "exports", "api"} <= namespaces


def test_every_page_people_read_has_a_namespace():
    """Only machine-facing addresses (health check, robots and favicon, media, the API's catch-all)
    are named at the root; a page's name says which app answers it (``pages:open_data``)."""
    machine_facing = {"healthz", "robots.txt", "favicon.ico", "^media/(?P<path>.+)$", "^api/"}
    unnamed = [
        f"{pattern} answered by {module}"
        for namespace, pattern, module in view_modules(get_resolver().url_patterns)
        if not namespace and module.startswith("portal.") and pattern not in machine_facing
    ]
    assert unnamed == []
