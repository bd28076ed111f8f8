"""What a Node package runs: the command its start script ends in, the files its entry reaches through
relative imports, and whether an app is the package's or a side server one function runs for itself.

A package may create several apps (a setup wizard served until the database is configured, a metrics
endpoint, a test double); the app-level rules judge the one the package serves, and that is the one its
entry (package.json's `main`, the file `npm start` runs) creates or imports, not the file that sorts first.

This module reads a file's analysis only through its methods (node.py imports it, not the other way).
"""
from __future__ import annotations

import re

from .node_links import module_file

# `npm run start-server`, `npm run-script serve`, `yarn serve`, `yarn run serve`, `pnpm serve`: another script
_RUNS_SCRIPT = re.compile(r"(?:^|[\s;&|])(?:(?:npm|pnpm)\s+(?:run(?:-script)?\s+)?|yarn\s+(?:run\s+)?)([\w:.@/-]+)")
# npm's own commands a script may invoke that name no script of the package
_NPM_COMMANDS = {"install", "i", "ci", "test", "exec", "dlx", "add", "build"}

_FUNCTION_SCOPES = {"function_declaration", "function_expression", "function", "arrow_function", "method_definition",
                    "generator_function_declaration", "generator_function"}


def start_command(scripts: dict, runs_file) -> str:
    """The start script, or the script it hands over to (`"start": "npm run start-server"`): the last script
    named whose command runs a file (a chain's server comes after its build step), up to three hand-overs.
    ``runs_file(command)`` says whether a command names the file it runs."""
    command = scripts.get("start") or ""
    seen = {"start"}
    for _ in range(3):
        if not isinstance(command, str) or runs_file(command):
            break
        names = [m.group(1) for m in _RUNS_SCRIPT.finditer(command)]
        names = [n for n in names if n not in seen and n not in _NPM_COMMANDS and isinstance(scripts.get(n), str)]
        if not names:
            break
        chosen = next((n for n in reversed(names) if runs_file(scripts[n])), names[-1])
        seen.add(chosen)
        command = scripts[chosen]
    return command if isinstance(command, str) else ""


def reach(project, entry: str, imports_of) -> dict[str, int]:
    """rel -> how many relative imports away from ``entry`` a file of the scanned tree is (0 for the entry).
    ``imports_of(rel)`` gives the module specifiers a file imports or requires."""
    depth = {entry: 0}
    frontier = [entry]
    while frontier:
        following = []
        for rel in frontier:
            for spec in sorted(imports_of(rel)):
                if not spec.startswith("."):
                    continue
                target = module_file(project, rel, spec)
                if target is not None and target not in depth:
                    depth[target] = depth[rel] + 1
                    following.append(target)
        frontier = following
    return depth


def runs_for_itself(node) -> bool:
    """Whether an app created at ``node`` (the creating call) lives only in a local of a function: the function
    creates it, serves it and lets it go (a setup page served until the database is configured), where the
    package's app is created when its module loads, in a constructor or a class field, or handed back to the
    caller (`return app`, `this.app = express()`, `module.exports = app`)."""
    function = node.parent
    while function is not None and function.type not in _FUNCTION_SCOPES:
        if function.type in ("class_body", "program"):
            return False  # a class field (`app = express()`) or the module's top level
        function = function.parent
    if function is None:
        return False
    name = function.child_by_field_name("name")
    if function.type == "method_definition" and name is not None and name.text == b"constructor":
        return False
    holder = node.parent
    while holder is not None and holder.type in ("parenthesized_expression", "await_expression", "as_expression",
                                                 "non_null_expression", "satisfies_expression"):
        holder = holder.parent
    if holder is None or holder == function:  # `() => express()`: the arrow's value
        return False
    if holder.type == "return_statement":
        return False
    if holder.type == "assignment_expression":
        left = holder.child_by_field_name("left")
        if left is not None and left.type in ("member_expression", "subscript_expression"):
            return False  # stored on an object the caller holds
        target = left
    elif holder.type == "variable_declarator":
        target = holder.child_by_field_name("name")
    else:
        return True  # `express().listen(port)`: used where it is made
    if target is None or target.type != "identifier":
        return False  # destructured or otherwise bound: not judged
    return not _escapes(function, target.text)


def _escapes(function, name: bytes) -> bool:
    """Whether the local ``name`` leaves ``function``: returned (`return app`, `return { app, server }`), or
    stored on an object (`this.app = app`)."""
    stack = [function.child_by_field_name("body") or function]
    while stack:
        node = stack.pop()
        if node.type == "return_statement" and _names(node, name):
            return True
        if node.type == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and left.type in ("member_expression", "subscript_expression") and \
                    right is not None and right.type == "identifier" and right.text == name:
                return True
        stack.extend(node.named_children)
    return False


def _names(node, name: bytes) -> bool:
    stack = [node]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "shorthand_property_identifier") and node.text == name:
            return True
        stack.extend(node.named_children)
    return False
