"""Where the built-in rules and schemas live: inside the installed package, or beside it in a checkout."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_SOURCE_NAMES = {"schemas": "schemas", "builtin_rules": "rules"}


def package_dir(name: str) -> Path:
    installed = _HERE / name
    if installed.is_dir():
        return installed
    return _HERE.parent / _SOURCE_NAMES[name]


def schema_path(filename: str) -> Path:
    return package_dir("schemas") / filename


@lru_cache(maxsize=None)
def load_json_schema(filename: str) -> dict:
    import json
    return json.loads(schema_path(filename).read_text(encoding="utf-8"))


def builtin_rules_dir() -> Path:
    return package_dir("builtin_rules")
