"""The package's shape, checked: who may import what, no cycles, short functions, complete exports.

Subpackages (``simcompare.text``, ``simcompare.sketch``, ...) talk to each other through public names only;
``simcompare._core`` is reached through its dispatcher (the names its ``__init__`` exports), never through
its private modules. Imports inside functions count: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import simcompare

PACKAGE = Path(simcompare.__file__).parent
ROOT = PACKAGE.parent
MAX_LINES = 80
#: Top-level private modules other subpackages may import from: the version and the kernel dispatcher.
PRIVATE_ENTRY_POINTS = {"simcompare._version", "simcompare._core", "simcompare._compat"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _subpackage(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _imports(module: str) -> list[tuple[int, str, str]]:
    """(line, imported module, imported name or "") for every import of a simcompare module in ``module``."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, "") for a in node.names if a.name.startswith("simcompare")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("simcompare"):
                target = node.module
            else:
                continue
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:  # `from . import module`
                    found.append((node.lineno, f"{target}.{alias.name}", ""))
                else:
                    found.append((node.lineno, target, alias.name))
    return found


def _is_private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def test_no_module_imports_a_private_name_of_another_subpackage():
    offences = []
    for module in MODULES:
        for line, target, name in _imports(module):
            if _subpackage(target) == _subpackage(module):
                continue
            private_path = target not in PRIVATE_ENTRY_POINTS and any(map(_is_private, target.split(".")[1:]))
            if private_path or _is_private(name):
                offences.append(f"{module}:{line} imports {target}{'.' + name if name else ''}")
    assert offences == []


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for _, target, name in _imports(module):
            target = f"{target}.{name}" if f"{target}.{name}" in MODULES else target
            while target not in MODULES:  # a name inside a module: the module
                target = target.rsplit(".", 1)[0]
            if target != module:
                graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found




def test_no_import_cycles():
    graph = _graph()
    # A module importing its own package's __init__ (or an ancestor's) would always close a loop through the
    # re-exports; that is itself forbidden, so keep those edges and let the cycle show.
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _compiled(node: ast.FunctionDef) -> bool:
    names = {ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list}
    return bool(names & {"njit", "numba.njit", "jit", "intrinsic"})


def _body_lines(node: ast.FunctionDef) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]  # the docstring
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def test_no_function_over_80_lines_outside_compiled_kernels():
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not _compiled(node):
                if _body_lines(node) > MAX_LINES:
                    long.append(f"{module}.{node.name}: {_body_lines(node)} lines")
    assert long == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_declares_all_and_it_is_complete(module):
    mod = importlib.import_module(module)
    assert isinstance(getattr(mod, "__all__", None), (list, tuple)), f"{module} has no __all__"
    missing = [name for name in mod.__all__ if not hasattr(mod, name)]
    assert missing == []


def _readme_api() -> set[str]:
    """The names in README's "Public API" table (first column, up to the first '(' or space)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Public API", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([A-Za-z_][A-Za-z0-9_]*)(?![.\w])", section, flags=re.MULTILINE))


def test_the_package_exports_what_the_readme_documents():
    assert _readme_api() == set(simcompare.__all__) - {"__version__"}


def test_old_import_paths_warn_and_still_work():
    with pytest.warns(DeprecationWarning, match="simcompare.pipeline is deprecated"):
        from simcompare.pipeline import dedup
    assert dedup is simcompare.dedup
    with pytest.warns(DeprecationWarning, match="import from simcompare.report.comparison_html"):
        from simcompare.html import render_html
    assert render_html is importlib.import_module("simcompare.report.comparison_html").render_html
    assert callable(simcompare.normalize)  # importing the old module did not replace the function


def test_the_old_terminal_views_of_simcompare_report_warn_and_still_work():
    from simcompare.report import terminal

    with pytest.warns(DeprecationWarning, match="import it from simcompare.report.terminal"):
        from simcompare.report import print_comparison
    assert print_comparison is terminal.print_comparison
