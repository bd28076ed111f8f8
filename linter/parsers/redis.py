"""redis.conf: ``directive arg ...`` lines with ``#`` comments and redis's quoting.

No library parses redis.conf. Redis trims each line, skips it when it starts
with ``#``, and splits the rest with ``sdssplitargs``: outside quotes a
backslash is an ordinary character; ``"..."`` knows ``\\n \\r \\t \\b \\a \\xHH``
and ``\\<char>``; ``'...'`` knows only ``\\'``; a quoted part may be glued to
an unquoted one, and a closing quote must be followed by a space or the end of
the line. A ``#`` after a directive is an argument, not a comment. Every
argument keeps its span, so rules can point at the value they judge.
"""
from __future__ import annotations


from ..api import Span
from . import Document
from ..record import Record
from ..textlines import source_lines

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}
_HEX = "0123456789abcdefABCDEF"


class RedisDirective(Record):
    """One redis.conf directive (or redis-server command-line option) and its arguments."""
    name: str  # lower case
    args: list[str]
    line: int
    span: Span  # the whole directive
    arg_spans: list[Span]  # one per argument, as written (quotes included)
    external: bool  # given on redis-server's command line (another file), not written here

    __slots__ = _fields = ("name", "args", "line", "span", "arg_spans", "external")

    def __init__(self, name, args, line, span, arg_spans=None, external=False):
        self.name = name
        self.args = args
        self.line = line
        self.span = span
        self.arg_spans = [] if arg_spans is None else arg_spans
        self.external = external

    def arg_span(self, index: int) -> Span:
        """The span of argument ``index``, or of the directive when it has no such argument."""
        return self.arg_spans[index] if 0 <= index < len(self.arg_spans) else self.span


class RedisSettings:
    """Directives in the order redis applies them, asked by name: a file, a file with command-line options
    added, or command-line options alone. Every judgement below reads settings through this."""

    def __init__(self, directives: list | None = None):
        self.directives: list[RedisDirective] = directives or []

    def all(self, name: str) -> list[RedisDirective]:
        return [d for d in self.directives if d.name == name]

    def last(self, name: str) -> RedisDirective | None:
        found = self.all(name)
        return found[-1] if found else None


class RedisDocument(Document, RedisSettings):
    kind = "redis"

    def __init__(self, file):
        Document.__init__(self, file)
        RedisSettings.__init__(self)

    @property
    def is_sentinel(self) -> bool:
        """A Sentinel configuration: its directives are ``sentinel ...``, not a server's."""
        return any(d.name == "sentinel" for d in self.directives)


class _Unbalanced(ValueError):
    pass


def split_args(line: str) -> list[tuple[str, int, int]]:
    """(argument, start, end) for each argument of ``line``, offsets 0-based and end-exclusive."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in " \t\r\n":
            i += 1
        if i >= n:
            return out
        start = i
        chars: list[str] = []
        in_double = in_single = False
        while True:
            if in_double:
                if i >= n:
                    raise _Unbalanced()
                ch = line[i]
                if ch == "\\" and i + 3 < n and line[i + 1] == "x" and line[i + 2] in _HEX and line[i + 3] in _HEX:
                    chars.append(chr(int(line[i + 2:i + 4], 16)))
                    i += 4
                    continue
                if ch == "\\" and i + 1 < n:
                    chars.append(_ESCAPES.get(line[i + 1], line[i + 1]))
                    i += 2
                    continue
                if ch == '"':
                    if i + 1 < n and line[i + 1] not in " \t\r\n":
                        raise _Unbalanced()
                    i += 1
                    break
                chars.append(ch)
                i += 1
            elif in_single:
                if i >= n:
                    raise _Unbalanced()
                ch = line[i]
                if ch == "\\" and i + 1 < n and line[i + 1] == "'":
                    chars.append("'")
                    i += 2
                    continue
                if ch == "'":
                    if i + 1 < n and line[i + 1] not in " \t\r\n":
                        raise _Unbalanced()
                    i += 1
                    break
                chars.append(ch)
                i += 1
            else:
                if i >= n or line[i] in " \t\r\n":
                    break
                ch = line[i]
                if ch == '"':
                    in_double = True
                elif ch == "'":
                    in_single = True
                else:
                    chars.append(ch)
                i += 1
        out.append(("".join(chars), start, i))


def parse(file) -> RedisDocument:
    doc = RedisDocument(file)
    for number, raw in enumerate(source_lines(file.text), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip())
        try:
            words = split_args(raw)
        except _Unbalanced:
            doc.problem("unbalanced quotes", number, indent + 1)
            continue
        if not words:
            continue
        spans = [Span(number, start + 1, number, end + 1) for _, start, end in words[1:]]
        doc.directives.append(RedisDirective(words[0][0].lower(), [w for w, _, _ in words[1:]], number,
                                             Span(number, indent + 1, number, len(raw.rstrip()) + 1), spans))
    return doc


# ---- what the directives mean together (asked by the RDS rules) -----------------------------

# ACL categories of the commands reviewers ask to disable (COMMAND INFO, Redis 7).
COMMAND_CATEGORIES = {
    "flushall": {"keyspace", "write", "slow", "dangerous"},
    "flushdb": {"keyspace", "write", "slow", "dangerous"},
    "config": {"admin", "slow", "dangerous"},
    "debug": {"admin", "slow", "dangerous"},
    "keys": {"keyspace", "read", "slow", "dangerous"},
    "shutdown": {"admin", "slow", "dangerous"},
    "module": {"admin", "slow", "dangerous"},
    "monitor": {"admin", "slow", "dangerous"},
    "save": {"admin", "slow", "dangerous"},
}


class AclUser(Record):
    """One ``user NAME rule...`` line, evaluated from ``reset`` as redis does for configured users."""
    name: str
    directive: RedisDirective
    enabled: bool
    nopass_index: int | None  # argument index of an effective ``nopass``
    passwords: list[tuple[str, int]]  # (clear-text password, argument index)
    hashed: bool  # a ``#<sha256>`` password
    rules: list[str]  # command rules in order

    __slots__ = _fields = ("name", "directive", "enabled", "nopass_index", "passwords", "hashed", "rules")

    def __init__(self, name, directive, enabled=False, nopass_index=None, passwords=None, hashed=False, rules=None):
        self.name = name
        self.directive = directive
        self.enabled = enabled
        self.nopass_index = nopass_index
        self.passwords = [] if passwords is None else passwords
        self.hashed = hashed
        self.rules = [] if rules is None else rules

    @property
    def has_password(self) -> bool:
        return bool(self.passwords) or self.hashed

    def allows(self, command: str) -> bool:
        """Whether the user may run ``command`` (a full subcommand grant counts as allowed)."""
        command = command.lower()
        categories = COMMAND_CATEGORIES.get(command, set())
        allowed = False
        for rule in self.rules:
            lower = rule.lower()
            if lower in ("allcommands", "+@all"):
                allowed = True
            elif lower in ("nocommands", "-@all", "reset"):
                allowed = False
            elif lower[:2] in ("+@", "-@") and lower[2:] in categories:
                allowed = lower[0] == "+"
            elif lower[1:] == command and lower[0] in "+-":
                allowed = lower[0] == "+"
            elif lower[0] == "+" and lower[1:].split("|", 1)[0] == command:
                allowed = True
        return allowed


def _acl_user(d: RedisDirective) -> AclUser | None:
    if not d.args:
        return None
    user = AclUser(d.args[0], d)
    for index, rule in enumerate(d.args[1:], start=1):
        lower = rule.lower()
        if lower == "on":
            user.enabled = True
        elif lower == "off":
            user.enabled = False
        elif lower == "nopass":
            user.nopass_index, user.passwords, user.hashed = index, [], False
        elif lower == "resetpass":
            user.nopass_index, user.passwords, user.hashed = None, [], False
        elif lower == "reset":
            user.enabled, user.nopass_index, user.passwords, user.hashed = False, None, [], False
            user.rules.append("reset")
        elif rule.startswith(">"):
            user.passwords.append((rule[1:], index))
            user.nopass_index = None
        elif rule.startswith("<"):
            user.passwords = [p for p in user.passwords if p[0] != rule[1:]]
        elif rule.startswith("#"):
            user.hashed, user.nopass_index = True, None
        elif rule.startswith(("+", "-")) or lower in ("allcommands", "nocommands"):
            user.rules.append(rule)
    return user


def acl_users(doc: RedisDocument) -> dict[str, AclUser]:
    """Users defined in the file, the last definition of a name winning."""
    users: dict[str, AclUser] = {}
    for d in doc.all("user"):
        user = _acl_user(d)
        if user is not None:
            users[user.name] = user
    return users


def requirepass(doc: RedisDocument) -> RedisDirective | None:
    """The effective ``requirepass`` line (None when absent); its value may be empty."""
    return doc.last("requirepass")


def auth_unknown(doc: RedisDocument) -> bool:
    """Authentication is configured where this file cannot show it: an ACL file or an included file."""
    return bool(doc.all("aclfile") or doc.all("include"))


def default_user_open(doc: RedisDocument) -> bool:
    """The default user accepts connections without a password (the state redis starts in)."""
    default = acl_users(doc).get("default")
    if default is not None:
        return default.enabled and default.nopass_index is not None
    req = requirepass(doc)
    return req is None or not (req.args and req.args[0])


_ALL_INTERFACES = {"0.0.0.0", "*", "::", "::*", "[::]"}


def open_to_network(doc: RedisDocument) -> tuple[RedisDirective, int, str] | None:
    """Where a server with a password-less default user is opened to other hosts, as (directive, argument
    index, "protected-mode" | "bind-all"); None when it is not. ``protected-mode yes`` written in the file is
    the safeguard: since Redis 7 it refuses every remote client of a password-less default user, whatever
    ``bind`` says. Settings given on a compose command line (``external``) are judged there."""
    if auth_unknown(doc) or not default_user_open(doc):
        return None
    mode = doc.last("protected-mode")
    if mode is not None and mode.args:
        if mode.args[0].lower() == "yes":
            return None
        if mode.args[0].lower() == "no" and not mode.external:
            return mode, 0, "protected-mode"
    bind = doc.last("bind")
    if bind is not None and not bind.external:
        for index, address in enumerate(bind.args):
            if address.lstrip("-") in _ALL_INTERFACES:
                return bind, index, "bind-all"
    return None


def command_disabled(doc: RedisDocument, command: str) -> bool:
    """Renamed away, or denied to every enabled user (the default user being open to all commands
    unless the file defines it)."""
    command = command.lower()
    for d in doc.all("rename-command"):
        if len(d.args) == 2 and d.args[0].lower() == command and d.args[1].lower() != command:
            return True
    if command == "debug":
        setting = doc.last("enable-debug-command")
        if setting is not None and setting.args and setting.args[0].lower() in ("no", "local"):
            return True
    users = acl_users(doc)
    if "default" not in users:
        return False  # the default user keeps +@all
    return not any(u.enabled and u.allows(command) for u in users.values())


def rdb_enabled(doc: RedisDocument) -> bool:
    """Snapshots are on: redis's default save points unless ``save ""`` (or nothing after it) clears them."""
    saves = doc.all("save")
    if not saves:
        return True
    points = 0
    for d in saves:
        if not d.args or (len(d.args) == 1 and not d.args[0].strip()):
            points = 0
        else:
            points += max(len(" ".join(d.args).split()) // 2, 1)
    return points > 0


# ---- the configuration redis actually runs with ----------------------------------------------

_ARITY = {"rename-command": 2}


def _command_line_directives(options: dict[str, list[str]], line: int) -> list[RedisDirective]:
    """``redis-server --name value ...`` options as directives; they apply after the file's own."""
    out = []
    span = Span(line, 1)
    for name, values in options.items():
        name = name.lower()
        if name == "save":
            groups, pair = [], []
            for value in values:
                if not value.strip():
                    groups.append([""])
                    continue
                pair.append(value)
                if len(pair) == 2:
                    groups.append(pair)
                    pair = []
        elif name in _ARITY:
            size = _ARITY[name]
            groups = [values[i:i + size] for i in range(0, len(values), size)]
        else:
            groups = [values]
        out.extend(RedisDirective(name, list(g), line, span, [], external=True) for g in groups)
    return out


def command_line_settings(options: dict[str, list[str]]) -> RedisSettings:
    """The settings of a ``redis-server --name value ...`` command line with no configuration file."""
    return RedisSettings(_command_line_directives(options, 1))


def with_command_line(doc: RedisDocument, options: dict[str, list[str]]) -> RedisDocument:
    """A view of ``doc`` with command-line options added, as redis applies them (they win)."""
    view = RedisDocument(doc.file)
    view.problems = doc.problems
    view.directives = list(doc.directives) + _command_line_directives(options, len(source_lines(doc.file.text)) + 1)
    return view


def run_views(doc: RedisDocument, command_lines: list[dict[str, list[str]]]) -> list[RedisDocument]:
    """The configurations this file is run with: once per compose service that loads it with its
    command-line options, or the file alone when nothing in the repository loads it."""
    if not command_lines:
        return [doc]
    return [with_command_line(doc, options) for options in command_lines]
