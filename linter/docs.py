"""A rule's docstring is its documentation: fixed sections, and fenced examples that the tests run.

Fences carry a path and optionally options in their info string::

    ```yaml path=docker-compose.yml
    ```env path=.env.production options={"min-length": 40}

Fences under one heading form one small repository.
"""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from .lazyre import lazy

SECTIONS = ("What it does", "Why it matters in production", "Example", "Use instead", "Options",
            "Fix safety", "References")
REQUIRED = ("What it does", "Why it matters in production", "Example", "Use instead")
_FENCE = lazy(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```\s*$", re.M | re.S)


@dataclass
class ExampleFile:
    path: str
    text: str
    lang: str
    options: dict = field(default_factory=dict)


def sections(doc: str) -> dict[str, str]:
    """{heading: body} for every ``## heading``; the summary is under ''."""
    out: dict[str, str] = {}
    current = ""
    lines: list[str] = []
    for line in doc.splitlines():
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            out[current] = "\n".join(lines).strip("\n")
            current, lines = m.group(1), []
        else:
            lines.append(line)
    out[current] = "\n".join(lines).strip("\n")
    return out


def section_order(doc: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^##\s+(.+?)\s*$", doc, re.M)]


def examples(body: str) -> list[ExampleFile]:
    found = []
    for m in _FENCE.finditer(body):
        info = m.group("info").strip()
        lang, _, rest = info.partition(" ")
        attrs = {}
        options_text = None
        if "options=" in rest:
            rest, _, options_text = rest.partition("options=")
        for token in shlex.split(rest):
            key, _, value = token.partition("=")
            attrs[key] = value
        options = json.loads(options_text) if options_text else {}
        if "path" in attrs:
            found.append(ExampleFile(attrs["path"], m.group("body"), lang, options))
    return found


def render_markdown(rule, options_schema: dict) -> str:
    """The rule's documentation as Markdown, with its Options section generated from META."""
    doc = rule.doc
    parts = sections(doc)
    out = [f"# {rule.meta.id} {rule.meta.name}", "", parts.get("", "")]
    for heading in section_order(doc):
        if heading == "Options":
            continue
        out += ["", f"## {heading}", "", parts[heading]]
    if options_schema:
        out += ["", "## Options", ""]
        for name, spec in options_schema.items():
            desc = spec.get("description", "")
            out.append(f"- `{name}` (default `{json.dumps(spec.get('default'))}`){': ' + desc if desc else ''}")
    return "\n".join(out).strip() + "\n"


def render_text(markdown: str) -> str:
    text = re.sub(r"^```[^\n]*\n", "", markdown, flags=re.M)
    text = re.sub(r"^```\s*$\n?", "", text, flags=re.M)
    return text
