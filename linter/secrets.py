"""Judging secret values without ever repeating them.

Rules use these helpers to say *what* is wrong with a value (length, placeholder,
low entropy); the engine keeps every value a rule judged secret and scrubs it
from all output as a last line of defence.
"""
from __future__ import annotations

import math
import re
from collections import Counter

PLACEHOLDER_WORDS = (
    "secret", "changeme", "change_me", "change-me", "changeit", "password", "passwd", "placeholder", "example",
    "your", "replace", "todo", "fixme", "xxx", "test", "dummy", "default", "sample", "insert", "put_", "enter",
    "mysecret", "supersecret", "s3cr3t", "letmein", "admin", "qwerty", "123456", "abc123", "foobar", "token",
    "jwt", "key", "here", "generate", "random", "strong", "dev", "local",
)
_ANGLE = re.compile(r"^<[^>]*>$|^\{\{.*\}\}$|^\[[^\]]*\]$|^%[^%]+%$")
_SECRET_NAME = re.compile(r"(SECRET|PASSWORD|PASSWD|PWD|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|"
                          r"AUTH|SIGNING|ENCRYPTION_?KEY|_PASS$|^PASS|SALT|DSN|CONNECTION_?STRING|DATABASE_URL)",
                          re.I)
KNOWN_SECRET_FORMATS = (
    re.compile(r"AKIA[0-9A-Z]{16}"),  # AWS access key id
    re.compile(r"gh[pousr]_[A-Za-z0-9]{36,}"),  # GitHub tokens
    re.compile(r"(sk|rk)_live_[A-Za-z0-9]{20,}"),  # Stripe
    re.compile(r"xox[baprs]-[A-Za-z0-9-]{10,}"),  # Slack
    re.compile(r"AIza[0-9A-Za-z_-]{35}"),  # Google API key
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+"),  # a JWT
    re.compile(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),  # SendGrid
)


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def entropy_bits_per_char(value: str) -> float:
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def is_placeholder(value: str) -> bool:
    v = value.strip().strip("'\"")
    lower = v.lower()
    if not v or _ANGLE.match(v):
        return True
    if len(set(v)) <= 2:
        return True
    compact = re.sub(r"[^a-z0-9]", "", lower)
    if compact in {"secret", "changeme", "changeit", "password", "placeholder", "example", "none", "null", "todo",
                   "xxx", "test", "dummy", "default", "sample", "mysecret", "supersecret", "secretkey",
                   "jwtsecret", "yoursecret", "yoursecretkey", "letmein", "admin", "qwerty", "123456",
                   "12345678", "password123", "abc123", "foobar", "token", "s3cr3t", "pass", "root"}:
        return True
    hits = sum(1 for word in PLACEHOLDER_WORDS if word in lower)
    return hits >= 2 or lower.startswith(("your", "change", "replace", "put", "insert", "enter", "my-", "my_"))


def is_sequence(value: str) -> bool:
    """abcdef..., 123456..., or one short chunk repeated."""
    if len(value) < 4:
        return False
    diffs = {ord(b) - ord(a) for a, b in zip(value, value[1:])}
    if len(diffs) == 1 and diffs.pop() in (-1, 0, 1):
        return True
    for size in range(1, len(value) // 2 + 1):
        if len(value) % size == 0 and value[:size] * (len(value) // size) == value:
            return True
    return False


def weakness(value: str, min_length: int = 32, min_entropy: float = 3.0) -> str | None:
    """Why a value is too weak to be a signing secret, in words that do not repeat it; None if strong."""
    v = value.strip()
    if v.startswith("${") or v.startswith("$"):
        return None  # a reference, resolved somewhere else
    if is_placeholder(v):
        return "is a placeholder"
    if is_sequence(v):
        return "is a repeated or sequential pattern"
    if len(v) < min_length:
        return f"has {len(v)} characters"
    if entropy_bits_per_char(v) < min_entropy:
        return "is low in entropy"
    return None


def looks_real_secret(value: str) -> bool:
    """A value a person should not commit: a known token format, or long and random-looking."""
    v = value.strip().strip("'\"")
    if not v or v.startswith("$") or is_placeholder(v):
        return False
    if any(p.search(v) for p in KNOWN_SECRET_FORMATS):
        return True
    return len(v) >= 16 and entropy_bits_per_char(v) >= 3.5 and not re.fullmatch(r"[a-z]+([-_.][a-z]+)*", v)


class Redactor:
    """Every secret value seen in a run; scrub() removes them from any text about to be written."""

    MASK = "****"

    def __init__(self):
        self._values: set[str] = set()
        self._pattern = None

    def add(self, value: str | None) -> None:
        if value is None:
            return
        value = value.strip()
        if len(value) >= 3 and value not in self._values:
            self._values.add(value)
            self._pattern = None

    def __bool__(self) -> bool:
        return bool(self._values)

    def scrub(self, text: str) -> str:
        if not self._values or not text:
            return text
        if self._pattern is None:
            ordered = sorted(self._values, key=len, reverse=True)
            # whole tokens only, so a weak secret that is a common word does not garble prose around it
            self._pattern = re.compile("|".join(r"(?<![A-Za-z0-9_])" + re.escape(v) + r"(?![A-Za-z0-9_])"
                                                for v in ordered))
        return self._pattern.sub(self.MASK, text)


_ASSIGNMENT = re.compile(
    r"""(?P<key>[A-Za-z_][\w.-]*(?:SECRET|PASSWORD|PASSWD|PWD|TOKEN|KEY|CREDENTIAL|AUTH|PASS|SALT|DSN)[\w-]*)"""
    r"""(?P<sep>["']?\s*[:=]\s*|\s+)(?P<value>"[^"]*"|'[^']*'|[^\s,;#}]+)""", re.I)
_URL_PASSWORD = re.compile(r"(?P<pre>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s/]+)(?=@)", re.I)


def mask_line(text: str) -> str:
    """A source line fit to show: values assigned to secret-looking names and URL passwords masked."""
    def assignment(m):
        value = m.group("value")
        if value.startswith("${") or value.startswith("process.env") or value.lower() in ("true", "false"):
            return m.group(0)
        quote = value[0] if value[:1] in "'\"" else ""
        return f"{m.group('key')}{m.group('sep')}{quote}{Redactor.MASK}{quote}"
    text = _ASSIGNMENT.sub(assignment, text)
    return _URL_PASSWORD.sub(lambda m: m.group("pre") + Redactor.MASK, text)
