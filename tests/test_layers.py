"""The package's layers: no import cycle, and each layer imports only those below it.

Read from the source with ``ast`` (module-level imports only: an import inside a function
runs later, and one under ``if TYPE_CHECKING`` never does)."""

from __future__ import annotations

import ast
from pathlib import Path

import scorer

ROOT = Path(scorer.__file__).parent


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _top_imports(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.If, ast.Try)):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    yield sub


def graph() -> dict[str, set[str]]:
    """Module -> the scorer modules it imports when it is imported."""
    modules = {_module(p): p for p in ROOT.rglob("*.py")}
    out: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps = set()
        for node in _top_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                mod = node.module or ""
                base = f"{base}.{mod}".strip(".") if node.level else mod
                # "from . import x" names a module when x is one
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            deps |= {t for t in targets if t in modules and t != name}
        out[name] = deps
    return out


def _cycle(g: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(g[n]):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_cycle():
    assert _cycle(graph()) is None, " -> ".join(_cycle(graph()) or [])


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_signals_sit_below_features_report_and_model():
    g = graph()
    above = {"scorer.features", "scorer.report", "scorer.pipeline", "scorer.model",
             "scorer.explain", "scorer.api", "scorer.cli", "scorer.batch"}
    for name, deps in g.items():
        if name.startswith("scorer.signals"):
            bad = {d for d in deps if d in above or d.startswith(("scorer.model.", "scorer.batch."))}
            assert not bad, f"{name} imports {bad}"


def test_the_cli_calls_the_public_api_only():
    """scorer/cli.py parses options and calls ``scorer.<command>``: it imports the public
    package, its errors and settings, and the views, nothing that does the work."""
    allowed = {"scorer", "scorer.errors", "scorer.settings", "scorer.render",
               "scorer.render_html"}
    tree = ast.parse((ROOT / "cli.py").read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):  # every import, in functions too
        if isinstance(node, ast.ImportFrom) and node.level:
            mod = "scorer" + (f".{node.module}" if node.module else "")
            used |= ({f"{mod}.{a.name}" for a in node.names} if not node.module else {mod})
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scorer"):
            used.add(node.module)
        elif isinstance(node, ast.Import):
            used |= {a.name for a in node.names if a.name.startswith("scorer")}
    assert used and used <= allowed, used - allowed


def test_every_public_name_resolves():
    import scorer as S

    for name in S.__all__:
        assert getattr(S, name) is not None, name
    with __import__("pytest").raises(AttributeError):
        S.no_such_name  # noqa: B018
