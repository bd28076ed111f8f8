"""Database settings an ORM reads from files of its own: TypeORM's `ormconfig.json`, the Sequelize CLI's
`config/config.json` and Prisma's `schema.prisma`.

They are no JavaScript, so no rule reads them as source, yet they are where many backends commit their
database password. The package manifest says which ORM the package uses; the ORM's documentation says where
it looks. Each setting comes with its position so a finding points at the literal.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..lazyre import lazy
from .node_orm_tls import orm_tls_settings

_NOT_PRODUCTION = lazy(r"^(dev|development|test|testing|local|ci|e2e)$", re.I)
_ENV_PLACEHOLDER = lazy(r"^\s*(\$\{?\w+\}?|<[^>]*>|%\w+%)\s*$")
_PRISMA_BLOCK = lazy(r"^[^\S\n]*datasource\s+\w+\s*\{", re.M)
_PRISMA_URL = lazy(r'^[^\S\n]*(url|directUrl|shadowDatabaseUrl)\s*=\s*"((?:[^"\\\n]|\\.)*)"', re.M)
_SQL_TYPES = {"postgres", "mysql", "mariadb", "mssql", "cockroachdb", "oracle", "mongodb", "postgresql"}
_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class OrmSetting:
    rel: str  # the file, relative to the repository root
    line: int
    column: int  # of the value
    what: str  # password | user | url, or a TLS option's name (see node_orm_tls)
    value: str
    driver: str  # TypeORM | Sequelize | Prisma


def orm_settings(project, scope: str, dependencies: set) -> list[OrmSetting]:
    """The user, password and connection URL settings, and the TLS switches, written in the ORM files of one
    package (its production environments only), for the ORMs its dependencies name."""
    prefix = f"{scope}/" if scope else ""
    out: list[OrmSetting] = []
    if dependencies & {"typeorm", "@nestjs/typeorm"}:
        out += _json_file(project, prefix + "ormconfig.json", "TypeORM", ("username", "password", "url"))
    if dependencies & {"sequelize", "sequelize-typescript", "sequelize-cli"}:
        out += _json_file(project, prefix + "config/config.json", "Sequelize", ("username", "password"))
    if dependencies & {"@prisma/client", "prisma"}:
        for rel in (prefix + "prisma/schema.prisma", prefix + "schema.prisma"):
            out += _prisma_settings(project, rel)
    return out


def _json_file(project, rel: str, driver: str, keys: tuple) -> list[OrmSetting]:
    """The credentials and the TLS switches of one JSON configuration, read and parsed once."""
    text = _read(project, rel)
    if not text:
        return []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    return _json_settings(rel, text, data, driver, keys) + [
        OrmSetting(rel, line, column, what, value, driver)
        for line, column, what, value in orm_tls_settings(text, data, driver)]


def _read(project, rel: str) -> str | None:
    from ..files import Unreadable, read_text
    path = project.root / rel
    if not path.is_file() or project.role(rel) != "production":
        return None
    try:
        text, _ = read_text(path, min(project.max_bytes, _MAX_BYTES), project.root)
    except (Unreadable, OSError):
        return None
    return text


def _prisma_settings(project, rel: str) -> list[OrmSetting]:
    """`url = "postgresql://user:pass@host/db"` in a datasource block; `env("DATABASE_URL")` is not a literal."""
    text = _read(project, rel)
    if not text or not _PRISMA_BLOCK.search(text):
        return []
    out = []
    body_end, line, counted = 0, 1, 0
    for block in _PRISMA_BLOCK.finditer(text):
        if block.start() < body_end:
            continue  # inside the block before (blocks do not nest): each block's body is searched once
        end = text.find("}", block.end())
        body_start, body_end = block.end(), (end if end != -1 else len(text))
        for m in _PRISMA_URL.finditer(text, body_start, body_end):
            offset = m.start(2) - 1
            # lines counted on from the match before: counted from the top for each, thousands of `url =`
            # lines cost their number times the file's length
            line += text.count("\n", counted, offset)
            counted = offset
            out.append(OrmSetting(rel, line, offset - (text.rfind("\n", 0, offset) + 1) + 1, "url", m.group(2),
                                  "Prisma"))
    return out


def _json_settings(rel: str, text: str, data, driver: str, keys: tuple) -> list[OrmSetting]:
    """Settings of a JSON configuration: one connection object, a list of them (TypeORM) or one per
    environment (Sequelize); development and test environments are left out."""
    entries: list[tuple[str | None, dict]] = []
    if isinstance(data, list):
        entries = [(e.get("name") if isinstance(e.get("name"), str) else None, e) for e in data if isinstance(e, dict)]
    elif isinstance(data, dict) and driver == "Sequelize":
        entries = [(k, v) for k, v in data.items() if isinstance(v, dict)]
    elif isinstance(data, dict):
        entries = [(None, data)]
    positions = _JsonPositions(text)
    out = []
    for section, entry in entries:
        if section is not None and _NOT_PRODUCTION.match(section):
            continue
        if driver == "TypeORM" and str(entry.get("type", "")).lower() not in _SQL_TYPES:
            continue
        for key in keys:
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip() or _ENV_PLACEHOLDER.match(value):
                continue
            where = positions.of(section if driver == "Sequelize" else None, key, value)
            if where is not None:
                what = "user" if key == "username" else key
                out.append(OrmSetting(rel, where[0], where[1], what, value, driver))
    return out


class _JsonPositions:
    """Where `"key": "value"` pairs are written, by the top-level section they are in."""
    _PAIR = lazy(r'"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|[{\[])')

    def __init__(self, text: str):
        self.text = text
        self.found: list[tuple[str | None, str, str, int]] = []  # (section, key, raw value, offset)
        depth, section, i = 0, None, 0
        pairs = {m.start(): m for m in self._PAIR.finditer(text)}
        in_string = False
        while i < len(text):
            ch = text[i]
            if in_string:
                if ch == "\\":
                    i += 2
                    continue
                in_string = ch != '"'
                i += 1
                continue
            m = pairs.get(i)
            if m is not None:
                if m.group(2).startswith('"'):
                    self.found.append((section, m.group(1), m.group(2), m.start(2)))
                    i = m.end()
                    continue
                if depth == 1:
                    section = m.group(1)
                i = m.end() - 1
                continue
            if ch == '"':
                in_string = True
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
            i += 1

    def of(self, section, key: str, value: str):
        for found_section, found_key, raw, offset in self.found:
            if found_key != key or (section is not None and found_section != section):
                continue
            try:
                if json.loads(raw) != value:
                    continue
            except ValueError:
                continue
            return _position(self.text, offset)
        return None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
