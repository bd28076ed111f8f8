"""TLS switches in the ORM files that are JSON: Sequelize's `config/config.json` (per environment, under
`dialectOptions`) and TypeORM's `ormconfig.json` (under `ssl` or `extra.ssl`).

The same settings written in JavaScript are judged by the rule on the source (JS018); these give it the JSON
ones, each with the position of its key (node_orm_files makes them OrmSetting rows whose ``what`` names
the option (`rejectUnauthorized`, `minVersion`, `maxVersion`, `ssl`, `tls`, `encrypt`,
`trustServerCertificate`) and whose ``value`` is the JSON value as text). Development and test environments
are left out, as everywhere else.
"""
from __future__ import annotations

import json
import re

_NOT_PRODUCTION = re.compile(r"^(dev|development|test|testing|local|ci|e2e)$", re.I)
_HOLDERS = ("dialectOptions", "extra", "options", "ssl", "tls")
_MAX_DEPTH = 3


def orm_tls_settings(text: str, data, driver: str) -> list[tuple[int, int, str, str]]:
    """(line, column, option, JSON value) of each switch in a production JSON configuration, given its text
    and what it parses to."""
    if isinstance(data, dict) and driver == "Sequelize":
        entries = [(k, v) for k, v in data.items() if isinstance(v, dict)]
    elif isinstance(data, list):
        entries = [(None, e) for e in data if isinstance(e, dict)]
    elif isinstance(data, dict):
        entries = [(None, data)]
    else:
        return []
    out = []
    for section, entry in entries:
        if section is not None and _NOT_PRODUCTION.match(section):
            continue
        start = _section_start(text, section)
        for key, value in _switches(entry, None, 0):
            where = _position(text, key, value, start)
            if where is not None:
                out.append((where[0], where[1], key, json.dumps(value)))
    return out


def _switches(obj: dict, parent: str | None, depth: int):
    """(option, value) of every TLS-relevant option, wherever the drivers nest it."""
    for key, value in obj.items():
        if isinstance(value, dict) and key in _HOLDERS and depth < _MAX_DEPTH:
            yield from _switches(value, key, depth + 1)
        elif key in ("ssl", "tls", "encrypt") and value is False or key == "trustServerCertificate" and value is True:
            yield key, value
        elif key in ("rejectUnauthorized", "minVersion", "maxVersion") and parent in ("ssl", "tls"):
            yield key, value


def _section_start(text: str, section: str | None) -> int:
    if section is None:
        return 0
    m = re.search(r'"' + re.escape(section) + r'"\s*:\s*\{', text)
    return m.end() if m else 0


def _position(text: str, key: str, value, start: int):
    """Where the first `"key": value` at or after the section's start (the JSON value as json.dumps writes it,
    whitespace aside)."""
    pattern = r'"' + re.escape(key) + r'"\s*:\s*(' + re.escape(json.dumps(value)) + r')'
    m = re.compile(pattern).search(text, start)
    if m is None:
        return None
    offset = m.start()
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
