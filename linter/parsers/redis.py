"""redis.conf: ``directive arg ...`` lines with ``#`` comments and redis's quoting.

No library parses redis.conf; the format is one directive per line, split the
way redis's own ``sdssplitargs`` does (double quotes with escapes, single quotes).
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass

from ..api import Span
from . import Document


@dataclass
class RedisDirective:
    name: str  # lower case
    args: list[str]
    line: int
    span: Span


class RedisDocument(Document):
    kind = "redis"

    def __init__(self, file):
        super().__init__(file)
        self.directives: list[RedisDirective] = []

    def all(self, name: str) -> list[RedisDirective]:
        return [d for d in self.directives if d.name == name]

    def last(self, name: str) -> RedisDirective | None:
        found = self.all(name)
        return found[-1] if found else None


def parse(file) -> RedisDocument:
    doc = RedisDocument(file)
    for number, raw in enumerate(file.text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=False, posix=True)
        except ValueError:
            doc.problem("unbalanced quotes", number, 1 + len(raw) - len(raw.lstrip()))
            continue
        if not words:
            continue
        col = 1 + len(raw) - len(raw.lstrip())
        doc.directives.append(RedisDirective(words[0].lower(), words[1:], number,
                                             Span(number, col, number, len(raw.rstrip()) + 1)))
    return doc
