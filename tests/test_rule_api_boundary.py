"""Rules reach prodlint through one door: ``linter.api`` and its submodules.

A plugin author copies a built-in rule; what the built-in imports is what the plugin will depend on, so
the built-ins may import nothing else of prodlint (at module level or inside a function).
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted((ROOT / "rules").rglob("*.py")) + sorted((ROOT / "fixtures" / "plugin_rules").glob("*.py"))


def prodlint_imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "linter" or node.module.startswith("linter."):
                out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name == "linter" or a.name.startswith("linter.")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            out.append((node.lineno, "." * node.level + (node.module or "")))
    return out


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_rule_imports_only_the_api(path):
    outside = [(line, mod) for line, mod in prodlint_imports(path)
               if not (mod == "linter.api" or mod.startswith("linter.api."))]
    assert outside == [], f"{path.name} imports prodlint internals: {outside}"


def test_the_boundary_check_sees_internal_imports(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def check(doc, ctx):\n    from linter.model.node import analysis\n    yield from ()\n")
    assert prodlint_imports(bad) == [(2, "linter.model.node")]
