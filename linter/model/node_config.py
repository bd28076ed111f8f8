"""node-config (the `config` package): the value `config.get('a.b')` reads from a package's `config/` folder.

node-config merges `config/default.*`, then `config/{NODE_ENV}.*` (`production` in production), then
`config/custom-environment-variables.*`, which maps a key to an environment variable that wins when it is set.
A literal `default.yml` gives is therefore what production reads unless `production.*` or the mapped variable
replaces it: the same as `process.env.SECRET || 'secret'` written in the source, only in another file.

Read-only and bounded: the files are parsed with the project's YAML loader (JSON is read as YAML), nothing in
them is executed (`.js`/`.cjs` configuration files are left alone), and a file that fails to parse gives nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..api import Span

_EXTENSIONS = ("yml", "yaml", "json")
_MAX_BYTES = 256 * 1024
_GETTERS = {"config.get", "config.default.get"}


@dataclass(frozen=True)
class ConfigValue:
    value: str
    path: str  # the repository-relative file the literal is written in
    span: Span
    env: str | None  # the variable custom-environment-variables maps the key to, when one does


def config_key(info, call) -> str | None:
    """The key of a node-config `config.get('a.b')` call (the `config` package's, not any `.get`)."""
    if call is None or call.type != "call_expression":
        return None
    callee = call.child_by_field_name("function")
    qname = info.qualify(callee) if callee is not None else None
    if qname not in _GETTERS:
        return None
    args = call.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    return info.string(first) if first is not None else None


def config_value(project, scope: str, key: str) -> ConfigValue | None:
    """The string production reads for ``key`` from the package's node-config files, when one is written there:
    `production.*` first, else `default.*`; with the variable that overrides it, if any."""
    base = f"{scope}/config" if scope else "config"
    parts = key.split(".")
    env = None
    mapped = _lookup(_load(project, base, "custom-environment-variables"), parts)
    if mapped is not None:
        name = mapped[0]
        if isinstance(name, dict):  # `{ __name: SECRET, __format: json }`
            name = name.get("__name")
        env = name if isinstance(name, str) and re.fullmatch(r"\w+", name) else None
    for stage in ("production", "default"):
        loaded = _load(project, base, stage)
        found = _lookup(loaded, parts)
        if found is None:
            continue
        value, span = found
        if not isinstance(value, str):
            return None  # a number, a list, a mapping: not a key, and no lower stage is read
        return ConfigValue(value, loaded[1], span, env)
    return None


def _load(project, base: str, stage: str):
    """(root mapping, rel) of ``base/stage.{yml,yaml,json}``, or None."""
    memo = project.__dict__.setdefault("_node_config_files", {})
    if (base, stage) in memo:
        return memo[(base, stage)]
    memo[(base, stage)] = None
    from ..files import Unreadable, read_text
    for ext in _EXTENSIONS:
        rel = f"{base}/{stage}.{ext}"
        path = project.root / rel
        # through the tree's reader, as every file of the scanned tree: inside the repository only (a link
        # leaving it, `default.yml -> /etc/...`, or into `.git` is not read), a regular file, under the cap
        try:
            text, _ = read_text(path, _MAX_BYTES, project.root)
        except Unreadable:
            continue
        root = _parse(path, rel, text)
        if root is not None:
            memo[(base, stage)] = (root, rel)
            return memo[(base, stage)]
    return None


def _parse(path, rel: str, text: str):
    """The file's top mapping, read by the project's YAML parser with its refusals (alias and merge-key bombs,
    deep nesting); None for a file it refuses or that is no mapping."""
    from ..files import SourceFile
    from ..parsers.yaml_doc import parse
    doc = parse(SourceFile(path, rel, "yaml", text=text))
    return doc.root if not doc.problems and isinstance(doc.root, dict) else None


def _lookup(loaded, parts):
    """(value, span of the value) at the dotted key, or None."""
    if loaded is None:
        return None
    node = loaded[0]
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    if not isinstance(node, dict) or parts[-1] not in node:
        return None
    from ..parsers.yaml_doc import YamlDocument
    return node[parts[-1]], YamlDocument.value_span(node, parts[-1])
