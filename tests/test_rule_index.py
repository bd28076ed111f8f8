"""The built-in rules' shipped index (schemas/rule-index.json): current, used only when it matches the files."""
from __future__ import annotations

import shutil

from linter import loader, rule_index
from linter.resources import builtin_rules_dir, schema_path


def test_shipped_index_is_current():
    current = schema_path(loader.SHIPPED_INDEX).read_text(encoding="utf-8") == rule_index.render()
    assert current, "schemas/rule-index.json is stale: run `python -m linter.rule_index` after changing a rule, " \
                    "the rule metadata schema or the checklist"


def test_no_cache_run_takes_the_same_rules_from_the_shipped_index(monkeypatch):
    folder = builtin_rules_dir()
    imported = loader.load_folder(folder, True, use_cache=False)
    monkeypatch.setattr(loader, "imported_folder", lambda *a, **k: (_ for _ in ()).throw(AssertionError("imported")))
    shipped = loader.load_folder(folder, True, use_cache=False)
    assert [(r.meta, str(r.path)) for r in shipped] == [(r.meta, str(r.path)) for r in imported]
    assert all(r._module is None for r in shipped)  # nothing imported to select rules
    assert shipped[0].doc == imported[0].doc  # a doc, asked for, comes from the module


def test_edited_rule_folder_is_imported_not_taken_from_the_index(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    files = loader._rule_files(folder)
    assert loader.shipped_index(folder, files) is not None  # same contents elsewhere: still the index
    first = folder / files[0][0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert loader.shipped_index(folder, loader._rule_files(folder)) is None
    (folder / "compose" / "extra_rule.py").write_text("X = 1\n", encoding="utf-8")
    first.write_text(first.read_text(encoding="utf-8").replace("\n# edited\n", ""), encoding="utf-8")
    assert loader.shipped_index(folder, loader._rule_files(folder)) is None  # a file more


def test_custom_checklist_or_plugin_folder_never_uses_the_shipped_index(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(loader, "shipped_index", lambda *a: calls.append(a))
    folder = tmp_path / "plugins"
    folder.mkdir()
    loader.load_folder(folder, False, use_cache=False)
    assert calls == []
