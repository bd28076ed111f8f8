"""Configuration: ``[tool.prodlint]`` in pyproject.toml or ``.prodlint.toml``; the closest file wins.

A configuration found by searching belongs to the scanned repository, which is not trusted: the search
never goes above the repository (the git work tree holding the scanned root, else the scanned root itself),
so a file in a parent folder of a checkout never applies, and what such a configuration turns off is
announced (see linter/steering.py). A file named with ``--config`` is the user's own and trusted.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .errors import UsageError
from .resources import load_json_schema
from .record import Record


def _toml():
    """The TOML reader, imported only when there is a configuration to read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


DEFAULT_FAIL_ON = "warning"  # the one default: the exit code must not change because a config file appears
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_FILE_SIZE_CEILING = 64 * 1024 * 1024  # whatever a configuration asks, no single file is read past this


class Config(Record):
    """The validated configuration of a run (defaults when no file is found)."""
    path: Path | None
    select: list[str]
    ignore: list[str]
    fail_on: str
    rules_dirs: list[Path]
    exclude: list[str]
    max_file_size: int
    roles: dict[str, list[str]]
    per_file_ignores: dict[str, list[str]]
    severity: dict[str, str]
    rules: dict[str, dict]
    require_reason: bool
    baseline: Path | None
    cache: bool
    in_tree: bool  # found in the scanned repository (untrusted), not named with --config
    raw: dict  # the validated settings as written
    untracked: str | None  # none | env | all: which git-ignored files are read (untracked.py)
    peer_directives: bool  # other linters' inline directives suppress the rules covering theirs

    _fields = ("path", "select", "ignore", "fail_on", "rules_dirs", "exclude", "max_file_size", "roles",
               "per_file_ignores", "severity", "rules", "require_reason", "baseline", "cache", "in_tree", "raw",
               "untracked", "peer_directives")

    def __init__(self, path=None, select=None, ignore=None, fail_on=DEFAULT_FAIL_ON, rules_dirs=None, exclude=None,
                 max_file_size=DEFAULT_MAX_FILE_SIZE, roles=None, per_file_ignores=None, severity=None, rules=None,
                 require_reason=False, baseline=None, cache=True, in_tree=False, raw=None, untracked=None,
                 peer_directives=True):
        self.path = path
        self.select = [] if select is None else select
        self.ignore = [] if ignore is None else ignore
        self.fail_on = fail_on
        self.rules_dirs = [] if rules_dirs is None else rules_dirs
        self.exclude = [] if exclude is None else exclude
        self.max_file_size = max_file_size
        self.roles = {} if roles is None else roles
        self.per_file_ignores = {} if per_file_ignores is None else per_file_ignores
        self.severity = {} if severity is None else severity
        self.rules = {} if rules is None else rules
        self.require_reason = require_reason
        self.baseline = baseline
        self.cache = cache
        self.in_tree = in_tree
        self.raw = {} if raw is None else raw
        self.untracked = untracked
        self.peer_directives = peer_directives

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "(defaults)"


def repository_top(start: Path) -> Path:
    """The highest folder whose configuration may apply to a scan of ``start``: the git work tree holding it
    (the folder with ``.git``), else ``start`` itself."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest ``.prodlint.toml`` or pyproject with [tool.prodlint], from ``start`` up to the top of its
    repository (:func:`repository_top`), never above."""
    directory = start.resolve()
    top = repository_top(directory)
    while True:
        dedicated = directory / ".prodlint.toml"
        if dedicated.is_file():
            return dedicated, _read(dedicated, top)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            data = _read(pyproject, top)
            section = data.get("tool", {}).get("prodlint") if isinstance(data.get("tool"), dict) else None
            if section is not None:
                return pyproject, {"__section__": "[tool.prodlint]", **section}
        if directory == top or directory.parent == directory:
            return None
        directory = directory.parent


MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path, root: Path | None = None) -> dict:
    """``root``: where a configuration found in the repository must stay (a symbolic link out is refused)."""
    from .files import Unreadable, read_bytes
    tomllib = _toml()
    try:
        return tomllib.loads(read_bytes(path, MAX_CONFIG_BYTES, root).decode("utf-8"))
    except Unreadable as exc:
        raise UsageError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: cannot be read (not UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path}: invalid TOML: nested too deeply") from None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"{explicit}: configuration file not found")
        data = _read(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("prodlint", {})
        found = (explicit, data)
    else:
        found = find_config(start)
    if found is None:
        return Config()
    path, data = found
    data = {k: v for k, v in data.items() if k != "__section__"}
    validate(path, data)
    base = path.parent
    return Config(
        path=path,
        in_tree=explicit is None,
        raw=data,
        select=data.get("select", []),
        ignore=data.get("ignore", []),
        fail_on=data.get("fail-on", DEFAULT_FAIL_ON),
        rules_dirs=[(base / d).resolve() for d in data.get("rules-dirs", [])],
        exclude=data.get("exclude", []),
        max_file_size=min(data.get("max-file-size", DEFAULT_MAX_FILE_SIZE), MAX_FILE_SIZE_CEILING),
        roles=data.get("roles", {}),
        per_file_ignores=data.get("per-file-ignores", {}),
        severity=data.get("severity", {}),
        rules=data.get("rules", {}),
        require_reason=data.get("require-reason", False),
        baseline=(base / data["baseline"]) if "baseline" in data else None,
        cache=data.get("cache", True),
        untracked=data.get("untracked"),
        peer_directives=data.get("peer-directives", True),
    )


def validate(path: Path, data: dict) -> None:
    import jsonschema

    schema = load_json_schema("config.schema.json")
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if not errors:
        return
    error = errors[0]
    where = ".".join(str(p) for p in error.path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        key = ".".join(filter(None, [where, extra[0] if extra else ""]))
        raise UsageError(f"{path}: unknown key '{key}'")
    raise UsageError(f"{path}: '{where or '(top level)'}': {error.message}")
