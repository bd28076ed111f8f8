"""Configuration: ``[tool.prodlint]`` in pyproject.toml or ``.prodlint.toml``; the closest file wins."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .resources import load_json_schema


def _toml():
    """The TOML reader, imported only when there is a configuration to read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


DEFAULT_FAIL_ON = "warning"  # the one default: the exit code must not change because a config file appears


@dataclass
class Config:
    path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = DEFAULT_FAIL_ON
    rules_dirs: list[Path] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = 2 * 1024 * 1024
    roles: dict[str, list[str]] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict] = field(default_factory=dict)
    require_reason: bool = False
    baseline: Path | None = None
    cache: bool = True
    untracked: str | None = None  # none | env | all: which git-ignored files are read (untracked.py)

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "(defaults)"


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest ``.prodlint.toml`` or pyproject with [tool.prodlint], from ``start`` upwards."""
    directory = start.resolve()
    while True:
        dedicated = directory / ".prodlint.toml"
        if dedicated.is_file():
            return dedicated, _read(dedicated)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            data = _read(pyproject)
            section = data.get("tool", {}).get("prodlint") if isinstance(data.get("tool"), dict) else None
            if section is not None:
                return pyproject, {"__section__": "[tool.prodlint]", **section}
        if (directory / ".git").exists() or directory.parent == directory:
            return None
        directory = directory.parent


def _read(path: Path) -> dict:
    tomllib = _toml()
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc})") from None
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
        select=data.get("select", []),
        ignore=data.get("ignore", []),
        fail_on=data.get("fail-on", DEFAULT_FAIL_ON),
        rules_dirs=[(base / d).resolve() for d in data.get("rules-dirs", [])],
        exclude=data.get("exclude", []),
        max_file_size=data.get("max-file-size", 2 * 1024 * 1024),
        roles=data.get("roles", {}),
        per_file_ignores=data.get("per-file-ignores", {}),
        severity=data.get("severity", {}),
        rules=data.get("rules", {}),
        require_reason=data.get("require-reason", False),
        baseline=(base / data["baseline"]) if "baseline" in data else None,
        cache=data.get("cache", True),
        untracked=data.get("untracked"),
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
