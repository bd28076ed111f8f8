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
Nothing is evaluated. envsubst's `${VAR}` is left alone: nginx's parser reads it as a word. A placeholder
that stands alone on its line (`${NGINX_EVENTS_BLOCK}`, `$NGINX_SSL_CONFIG`) is where the deployment pastes
whole directives, or nothing: it is blanked (`blank_directive_placeholders`), since read as a directive it
would swallow the text up to the next `;` (an `events {}` block's closing brace and the whole `http {}` after
it).
"""
from __future__ import annotations

import re

_CLOSERS = {"{": "}}", "%": "%}", "#": "#}"}
_BOUND = {"{": 500, "%": 500, "#": 2000}  # real expressions and tags are a line or two
_TAG_WORD = re.compile(r"\{%[-+]?\s*(\w+)")
_OPENERS = frozenset({"if", "for", "macro", "block", "call", "filter", "with", "autoescape", "raw"})
_BRANCHES = frozenset({"elif", "else"})


_ALONE = re.compile(r"(?m)^([ \t]*)(\$\{\w+\}|\$\w+)([ \t]*(?:#[^\n]*)?)$")


def blank_directive_placeholders(text: str) -> str:
    """``text`` with each envsubst placeholder that stands alone on its line replaced by blanks of its length."""
    if "$" not in text:
        return text
    return _ALONE.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3), text)


def has_template_syntax(text: str) -> bool:
    return ("{{" in text or "{%" in text) and next(_tokens(text), None) is not None


def neutralise(text: str, variable: bool = False) -> str:
    """``text`` with its template expressions, tags and comments replaced as described above. ``variable``:
    an expression becomes a compose variable nothing sets (`$T____`), which the compose rules already take as
    a value only the deploy environment knows (a bare word would be read as a literal: `image: T___` is an
    untagged image)."""
    if not has_template_syntax(text):
        return text
    out: list[str] = []
    stack: list[bool] = []  # per open block: whether its current branch is skipped
    skipped = [0]  # how many of them are (kept as a count: a thousand unclosed ifs cost no more than one)
    last = 0

    def skipping() -> bool:
        return skipped[0] > 0

    def keep(segment: str) -> str:
        # a skipped branch keeps only its line breaks
        return re.sub(r"[^\n]", " ", segment) if skipping() else segment

    for start, end in _tokens(text):
        out.append(keep(text[last:start]))
        token = text[start:end]
        blank = re.sub(r"[^\n]", " ", token)
        if token.startswith("{{"):
            out.append(blank if skipping() else _placeholder(token, variable))
        elif token.startswith("{%"):
            word = _TAG_WORD.match(token)
            name = word.group(1) if word else ""
            if name in _OPENERS:
                stack.append(False)
            elif name in _BRANCHES and stack:
                if not stack[-1]:
                    stack[-1] = True  # the first branch was the one kept
                    skipped[0] += 1
            elif name.startswith("end") and stack:
                skipped[0] -= stack.pop()
            out.append(blank)
        else:
            out.append(blank)
        last = end
    out.append(keep(text[last:]))
    return "".join(out)


def skipped_branches(text: str) -> list[int]:
    """Lines of the `elif`/`else` tags whose branches ``neutralise`` blanks although they hold configuration:
    the repository chooses which branch comes first, so a production setting written in an `{% else %}`
    branch was checked by nobody with nothing said (the run announces these lines; linter.checker)."""
    if not has_template_syntax(text):
        return []
    found: set[int] = set()
    stack: list[int | None] = []  # per open block: the line of its first elif/else once one is met
    skips: list[int] = []  # those lines, innermost last: the branches being skipped
    line, pos, last = 1, 0, 0
    for start, end in _tokens(text):
        if skips and text[last:start].strip():
            found.add(skips[-1])
        token = text[start:end]
        if token.startswith("{%"):
            word = _TAG_WORD.match(token)
            name = word.group(1) if word else ""
            if name in _OPENERS:
                stack.append(None)
            elif name in _BRANCHES and stack and stack[-1] is None:
                line += text.count("\n", pos, start)
                pos = start
                stack[-1] = line
                skips.append(line)
            elif name.startswith("end") and stack:
                if stack.pop() is not None:
                    skips.pop()
        last = end
    if skips and text[last:].strip():
        found.add(skips[-1])
    return sorted(found)


def _tokens(text: str):
    """(start, end) of each expression, tag and comment, left to right. Each opener looks for its closer a
    bounded distance ahead (str.find, in C), so a hostile file of unclosed `{{` costs a linear scan."""
    i = text.find("{")
    n = len(text)
    while i != -1 and i + 1 < n:
        kind = text[i + 1]
        closer = _CLOSERS.get(kind)
        if closer is not None:
            j = text.find(closer, i + 2, i + 2 + _BOUND[kind] + len(closer))
            if j != -1:
                yield i, j + len(closer)
                i = text.find("{", j + len(closer))
                continue
        i = text.find("{", i + 1)


def _placeholder(token: str, variable: bool = False) -> str:
    """One word as long as the expression (an expression spanning lines keeps its line breaks)."""
    lines = token.split("\n")
    word = "$T" if variable else "T"
    return "\n".join((word + "_" * (len(part) - len(word))) if i == 0 else " " * len(part)
                     for i, part in enumerate(lines))
