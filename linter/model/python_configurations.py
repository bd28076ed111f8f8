"""Django settings written as django-configurations classes.

django-configurations (``configurations.Configuration``) moves a settings module's values into classes, one
per environment, chosen at start-up by ``DJANGO_CONFIGURATION``:

    # settings/base.py                          # settings/production.py
    class Base(Configuration):                  from settings.base import Base
        DEBUG = False
        SESSION_COOKIE_SECURE = True            class Production(Base):
                                                    ALLOWED_ORIGINS = values.ListValue(...)

A class is the settings a deployment runs, its bases the settings it builds on: what ``from .base import *``
is to a plain settings module. :func:`class_settings` gives the Python model (:mod:`linter.model.python`) the
attributes of a module's production classes as its bindings, and each base class imported from another module
of the project as a star import of that module, so the settings chain is followed as for plain modules. Classes
named for development or tests (``Local``, ``Dev``, ``Test``) are left out, as ``settings/dev.py`` is.
Nothing is executed; a ``values.SecretValue()`` (read from the environment at start-up) resolves to nothing.
"""
from __future__ import annotations

import ast
import re

from ..lazyre import lazy

# `from settings.base import Base` / `from .base import Base` in a module that subclasses the name: the importer
# builds on that module as `from ... import *` would (read from the text, as the model's importer index is)
# (the module's dots, then a name that starts with a letter: `\.*[\w.]*` split a line of dots every way, quadratic)
_CLASS_IMPORT = lazy(r"^[ \t]*from[ \t]+(\.*(?:\w[\w.]*)?)[ \t]+import[ \t]+\(?([\w, \t]+)\)?", re.M)
_SUBCLASS = lazy(r"^[ \t]*class[ \t]+\w+[ \t]*\(([\w., \t]+)\)", re.M)
_IMPORTS_CONFIGURATIONS = lazy(r"^[ \t]*(?:from[ \t]+configurations\b|import[ \t]+configurations\b)", re.M)


def imports_configurations(text: str) -> bool:
    return _IMPORTS_CONFIGURATIONS.search(text) is not None


def class_settings(doc, bindings_of, configuration_module, non_production) -> tuple[list, list] | None:
    """(bindings, star imports) of a django-configurations module: the attributes of the classes production
    may choose (own first-defined bases in this module, then the class), and the project modules their bases
    come from, as ``(module with its leading dots, import node, conditional)``; None when the module defines no
    such class. ``bindings_of(doc, cls)`` gives a class's attribute bindings (the model's ``binding``);
    ``configuration_module(module)`` tells whether a module this one imports from (as written) defines
    django-configurations classes: a subclass module (``class Production(Base)``) need not import the package;
    ``non_production`` matches the names of the classes for development and tests."""
    if doc.module is None:
        return None
    imported = _imported_names(doc)
    if not any(m == "configurations" or m.startswith("configurations.") for m in doc.imports) and \
            not any(configuration_module(module) for module, _ in set(imported.values())):
        return None
    classes = {node.name: node for node in doc.module.body if isinstance(node, ast.ClassDef)}
    settings = _configurations(classes, imported, doc, configuration_module)
    if not settings:
        return None
    # the classes a deployment may pick: not named for development, and no production class builds on them
    # (``Base`` when ``Production(Base)`` is beside it; ``Base`` alone in base.py is what others build on)
    chosen = [name for name in settings if not non_production.search(name)]
    bases_of_chosen = {b for name in chosen for b in _base_names(classes[name])}
    leaves = [name for name in chosen if name not in bases_of_chosen] or chosen
    order: list[str] = []
    stars: list[tuple[str, object, bool]] = []
    entered: set[str] = set()
    for leaf in leaves:
        _collect(leaf, classes, imported, configuration_module, order, stars, 0, entered)
    bindings = [b for name in order for b in bindings_of(doc, name)]
    return bindings, stars


def importer_targets(text: str) -> list[str]:
    """Modules (as written, leading dots kept) whose imported names the module's classes subclass, read from
    its text: the modules a django-configurations class builds on, when they define such classes (the model
    checks)."""
    if "class" not in text:
        return []
    bases = {b.strip().split(".")[-1] for m in _SUBCLASS.finditer(text) for b in m.group(1).split(",")}
    out = []
    for m in _CLASS_IMPORT.finditer(text):
        names = {n.strip().split(" as ")[-1].strip() for n in m.group(2).split(",")}
        if names & bases and m.group(1) not in ("configurations", "configurations.values"):
            out.append(m.group(1))
    return out


def _imported_names(doc) -> dict[str, tuple[str, object]]:
    """Local name -> (module with its leading dots, import node) of the module-level ``from ... import``s."""
    out = {}
    for node in doc.module.body:
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":
                    out[alias.asname or alias.name] = (module, node)
    return out


def _base_names(node) -> list[str]:
    out = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            out.append(base.id)
        elif isinstance(base, ast.Attribute):
            out.append(ast.unparse(base))
    return out


def _configurations(classes: dict, imported: dict, doc, configuration_module) -> set[str]:
    """The classes that build on ``configurations.Configuration``, directly, through a base of this module (up to
    nine classes up) or through one imported from a module of such classes. Worked out from those bases down,
    each class once (``near_roots``): asked class by class along every path up, classes that each subclass all
    of the layer above were exponential (nine layers of six classes, 3 kB: 10 s; of ten, hours)."""

    def root(node) -> bool:
        for base in _base_names(node):
            full = doc.names.get(base.split(".")[0], base.split(".")[0]) + base[len(base.split(".")[0]):]
            if full.split(".")[0] == "configurations" and full.endswith("Configuration"):
                return True
            # a base imported from a project module of django-configurations classes
            if base in imported and configuration_module(imported[base][0]):
                return True
        return False
    bases = {name: _base_names(node) for name, node in classes.items()}
    return near_roots(bases, {name for name, node in classes.items() if root(node)}, 9)


def _collect(name: str, classes: dict, imported: dict, configuration_module, order: list[str], stars: list,
             depth: int, entered: set) -> None:
    """Bases before the class, as Python's attribute lookup makes the class's own values win. A class is entered
    once (``entered``; its place in ``order`` is fixed when its bases are done): classes naming each other as
    bases (no Python runs it, a file may write it) were entered again on every path up to the depth bound."""
    if depth > 8 or name in entered:
        return
    entered.add(name)
    for base in _base_names(classes[name]):
        if base in classes:
            _collect(base, classes, imported, configuration_module, order, stars, depth + 1, entered)
        elif base in imported and configuration_module(imported[base][0]):
            module, node = imported[base]
            if all(s[1] is not node for s in stars):
                stars.append((module, node, False))
    order.append(name)


def near_roots(classes: dict, roots: set[str], levels: int) -> set[str]:
    """The classes of this module (name -> base names) that are one of ``roots`` or build on one through fewer
    than ``levels`` classes of the module: one walk down from the roots, each class once. Asked class by class
    along every path up, classes that each subclass all of the layer above cost the number of paths (nine
    layers of six, 3 kB: 10 s; of ten, hours)."""
    below: dict[str, list[str]] = {}
    for name, bases in classes.items():
        for base in bases:
            if base in classes:
                below.setdefault(base, []).append(name)
    found, layer = set(roots), list(roots)
    for _ in range(levels - 1):
        layer = [sub for cls in layer for sub in below.get(cls, ()) if sub not in found]
        found.update(layer)
    return found
