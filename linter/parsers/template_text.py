"""A template's text with its template syntax neutralised, so the configuration it renders can be parsed.

Deployment tools render configuration from templates before the server reads it: Ansible and Salt roles
(Jinja: `server_name {{ domain }};`, `{% if https %}...{% endif %}`), Helm and gomplate (Go templates:
`{{ .Values.host }}`, `{{ getenv "PORT" }}`). The directives around the placeholders are the deployment's own,
so they are checked as written; only the template language is taken out:

- an expression `{{ ... }}` becomes one word of the same length (`T______`): an unknown value, never a
  variable of the server's own language (an nginx `$name` would read as a client-controlled value); in a
  compose file it becomes a variable nothing sets (`$T_____`), compose's own unknown value;
- a tag `{% ... %}` and a comment `{# ... #}` become blanks;
- of an `if` chain the first branch is kept and the `elif`/`else` branches are blanked, so the text is one
  rendering the template can produce (keeping every branch would give a location two `proxy_pass`es); a
  loop's body is kept once.

Lengths and line breaks are kept, so every line and column reported points into the file as written.
Nothing is evaluated. envsubst's `${VAR}` is left alone: nginx's parser reads it as a word.
"""
from __future__ import annotations

import re

_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TAG_WORD = re.compile(r"\{%[-+]?\s*(\w+)")
_OPENERS = frozenset({"if", "for", "macro", "block", "call", "filter", "with", "autoescape", "raw"})
_BRANCHES = frozenset({"elif", "else"})


def has_template_syntax(text: str) -> bool:
    return ("{{" in text or "{%" in text) and _SYNTAX.search(text) is not None


def neutralise(text: str, variable: bool = False) -> str:
    """``text`` with its template expressions, tags and comments replaced as described above. ``variable``:
    an expression becomes a compose variable nothing sets (`$T____`), which the compose rules already take as
    a value only the deploy environment knows (a bare word would be read as a literal: `image: T___` is an
    untagged image)."""
    if not has_template_syntax(text):
        return text
    out: list[str] = []
    stack: list[bool] = []  # per open block: whether its current branch is skipped
    last = 0

    def skipping() -> bool:
        return any(stack)

    def keep(segment: str) -> str:
        # a skipped branch keeps only its line breaks
        return re.sub(r"[^\n]", " ", segment) if skipping() else segment

    for m in _SYNTAX.finditer(text):
        out.append(keep(text[last:m.start()]))
        token = m.group(0)
        blank = re.sub(r"[^\n]", " ", token)
        if token.startswith("{{"):
            out.append(blank if skipping() else _placeholder(token, variable))
        elif token.startswith("{%"):
            word = _TAG_WORD.match(token)
            name = word.group(1) if word else ""
            if name in _OPENERS:
                stack.append(False)
            elif name in _BRANCHES and stack:
                stack[-1] = True  # the first branch was the one kept
            elif name.startswith("end") and stack:
                stack.pop()
            out.append(blank)
        else:
            out.append(blank)
        last = m.end()
    out.append(keep(text[last:]))
    return "".join(out)


def _placeholder(token: str, variable: bool = False) -> str:
    """One word as long as the expression (an expression spanning lines keeps its line breaks)."""
    lines = token.split("\n")
    word = "$T" if variable else "T"
    return "\n".join((word + "_" * (len(part) - len(word))) if i == 0 else " " * len(part)
                     for i, part in enumerate(lines))
