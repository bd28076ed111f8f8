"""Load rule modules from folders: the built-ins are simply the first folder.

A rule module is found by walking a folder for ``*.py`` files that define
``META``; nothing registers itself on import. ``META`` is validated against
``schemas/rule-metadata.schema.json`` and the checklist catalog.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from .api import RuleMeta
from .errors import UsageError
from .resources import builtin_rules_dir, load_json_schema


@dataclass
class Rule:
    meta: RuleMeta
    module: ModuleType
    path: Path
    messages: dict[str, str] = field(default_factory=dict)
    builtin: bool = True

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].strip() if self.doc else self.meta.name

    def check(self, doc, ctx):
        return self.module.check(doc, ctx)


def _import(path: Path, package: str) -> ModuleType:
    name = f"{package}.{path.stem}_{hashlib.sha1(str(path).encode()).hexdigest()[:8]}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise UsageError(f"{path}: cannot be loaded as a rule module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(name, None)
        raise UsageError(f"{path}: rule module failed to load: {type(exc).__name__}: {exc}") from None
    return module


def load_folder(folder: Path, builtin: bool) -> list[Rule]:
    if not folder.is_dir():
        raise UsageError(f"{folder}: rules folder not found")
    package = "prodlint_rules_" + hashlib.sha1(str(folder).encode()).hexdigest()[:8]
    rules = []
    for path in sorted(folder.rglob("*.py")):
        if path.name.startswith("_") or "__pycache__" in path.parts:
            continue
        module = _import(path, package)
        meta = getattr(module, "META", None)
        if meta is None:
            continue
        if not isinstance(meta, RuleMeta) or not callable(getattr(module, "check", None)):
            raise UsageError(f"{path}: META must be a linter.api.RuleMeta and the module must define check()")
        rules.append(Rule(meta, module, path, dict(getattr(module, "MESSAGES", {}) or {}), builtin))
    return rules


def validate_meta(rule: Rule, checklist_ids: set[str]) -> None:
    import jsonschema

    try:
        jsonschema.validate(rule.meta.as_dict(), load_json_schema("rule-metadata.schema.json"))
    except jsonschema.ValidationError as exc:
        where = ".".join(str(p) for p in exc.path) or "META"
        raise UsageError(f"{rule.path}: invalid rule metadata at '{where}': {exc.message}") from None
    unknown = [c for c in rule.meta.checklist if c not in checklist_ids]
    if unknown:
        raise UsageError(f"{rule.path}: unknown checklist id '{unknown[0]}' in rule {rule.id}")
    if not rule.doc:
        raise UsageError(f"{rule.path}: rule {rule.id} has no docstring (its documentation)")


def load_rules(extra_dirs: list[Path], checklist_ids: set[str]) -> list[Rule]:
    rules = load_folder(builtin_rules_dir(), builtin=True)
    for folder in extra_dirs:
        rules.extend(load_folder(folder, builtin=False))
    seen_ids: dict[str, Path] = {}
    seen_names: dict[str, Path] = {}
    for rule in rules:
        validate_meta(rule, checklist_ids)
        for table, value in ((seen_ids, rule.meta.id), (seen_names, rule.meta.name)):
            if value in table:
                raise UsageError(f"{rule.path}: rule '{value}' is already defined in {table[value]}")
            table[value] = rule.path
    return sorted(rules, key=lambda r: r.id)


def matches(rule_meta: RuleMeta, selector: str) -> bool:
    """A selector is a rule id, a rule name, or an id prefix (``CMP`` or ``CMP0``)."""
    selector = selector.strip()
    return (rule_meta.id == selector or rule_meta.name == selector
            or (selector.isupper() and rule_meta.id.startswith(selector)))


def resolve_options(rule: Rule, configured: dict) -> dict:
    import jsonschema

    options = {name: spec.get("default") for name, spec in rule.meta.options.items()}
    for name, value in configured.items():
        if name not in rule.meta.options:
            raise UsageError(f'unknown option "{name}" for rule {rule.id} ({rule.meta.name})')
        schema = {k: v for k, v in rule.meta.options[name].items() if k != "default"}
        try:
            jsonschema.validate(value, schema)
        except jsonschema.ValidationError as exc:
            raise UsageError(f'option "{name}" of rule {rule.id}: {exc.message}') from None
        options[name] = value
    return options
