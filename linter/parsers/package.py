"""package.json as data, with the position of each top-level key and dependency name."""
from __future__ import annotations

import json
import re

from ..api import Span
from . import Document


class PackageDocument(Document):
    kind = "package"

    def __init__(self, file):
        super().__init__(file)
        self.data: dict = {}

    def dependencies(self, *sections: str) -> dict[str, str]:
        sections = sections or ("dependencies",)
        found: dict[str, str] = {}
        for section in sections:
            value = self.data.get(section)
            if isinstance(value, dict):
                found.update({k: v for k, v in value.items() if isinstance(v, str)})
        return found

    @property
    def scripts(self) -> dict[str, str]:
        value = self.data.get("scripts")
        return {k: v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}

    def key_span(self, *path: str) -> Span:
        """Where a key (``"scripts", "start"``) is written; searched in order, so nested keys resolve."""
        text = self.file.text
        pos = 0
        for key in path:
            m = re.compile(r'"' + re.escape(key) + r'"\s*:').search(text, pos)
            if not m:
                break
            pos = m.start()
        line, col = self.file.position(pos)
        return Span.at(line, col, len(path[-1]) + 2 if path else 1)


def parse(file) -> PackageDocument:
    doc = PackageDocument(file)
    try:
        data = json.loads(file.text)
    except ValueError as exc:
        doc.problem(f"invalid JSON: {getattr(exc, 'msg', 'syntax error')}", getattr(exc, "lineno", 1),
                    getattr(exc, "colno", 1))
        return doc
    except RecursionError:
        doc.problem("nesting deeper than the parser can follow", 1)
        return doc
    if not isinstance(data, dict):
        doc.problem("package.json is not a JSON object", 1)
        return doc
    doc.data = data
    return doc
