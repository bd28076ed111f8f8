"""Judging configuration values, secrets above all, without ever repeating them.

Rules use these helpers to say *what* is wrong with a value (length, placeholder,
low entropy, a vendor default); the engine keeps every value a rule judged secret
and scrubs it from all output as a last line of defence (:class:`Redactor`), and
reporters show source lines through :func:`mask_line`.

Unlike secret scanners, which drop low-entropy values to stay quiet, the weakness
helpers exist to catch exactly those: ``changeme`` in a production JWT_SECRET is
the finding, not noise.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from urllib.parse import unquote
from .lazyre import GuardedPattern, WordGuard, lazy

PLACEHOLDER_WORDS = (
    "secret", "changeme", "change_me", "change-me", "changeit", "password", "passwd", "placeholder", "example",
    "your", "replace", "todo", "fixme", "xxx", "test", "dummy", "default", "sample", "insert", "put_", "enter",
    "mysecret", "supersecret", "s3cr3t", "letmein", "admin", "qwerty", "123456", "abc123", "foobar", "token",
    "jwt", "key", "here", "generate", "random", "strong", "dev", "local",
    # words describing the value to put (`someRandomStringWith32Characters`, `random_string_of_32_chars`)
    "string", "characters", "chars",
)
# Whole values (letters and digits only, lower case) that people leave in place of a secret.
PLACEHOLDER_VALUES = frozenset({
    "secret", "changeme", "changeit", "changethis", "password", "placeholder", "example", "none", "null", "nil",
    "todo", "tbd", "xxx", "test", "testing", "dummy", "default", "sample", "mysecret", "supersecret",
    "secretkey", "jwtsecret", "yoursecret", "yoursecretkey", "letmein", "admin", "qwerty", "123456", "12345678",
    "password123", "password1", "abc123", "foobar", "foo", "bar", "token", "s3cr3t", "pass", "root", "undefined",
    "sessionsecret", "keyboardcat", "mypassword", "secret123", "apikey", "yourapikey", "notasecret", "redacted",
    "empty",
})
# Passwords that ship as defaults in images, tutorials and vendor docs.
DEFAULT_PASSWORDS = frozenset({
    "postgres", "postgrespassword", "mysql", "root", "rootpassword", "sa", "admin", "admin123", "administrator",
    "password", "pass", "passw0rd", "p4ssw0rd", "p4ssword", "p@ssw0rd", "p@ssword", "password1", "password123",
    "123456", "1234", "12345", "12345678", "123456789", "qwerty", "letmein", "changeme", "secret", "guest",
    "mongo", "mongodb", "mariadb", "redis", "docker", "user", "test", "example", "default", "toor", "welcome",
    "welcome1", "strongpassword", "yourstrongpassword", "yourstrongpassw0rd", "mssql", "sqlserver", "oracle",
    "keycloak", "grafana", "minio", "minioadmin", "rabbitmq", "elastic", "changeit", "pgadmin", "dbpassword",
})
# ...and a mask shown instead of one (`***CHANGED***`, `** redacted **`)
_TEMPLATE = lazy(r"^<[^>]*>$|^\{\{.*\}\}$|^\[[^\]]*\]$|^%[^%]+%$|^\$\{[^}]*\}$|^_+$|^\.\.\.$|^\*+$|"
                 r"^\*{2,}[A-Za-z _-]{0,30}\*{2,}$")
# a duration written for a parser ("15 minutes", "5s", "1.5 hours"): a setting's time, never a credential
_DURATION = lazy(r"\d+(\.\d+)?\s?(ms|s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)", re.I)
_REFERENCE = lazy(r"^\$(\{[^}]*\}|[A-Za-z_]\w*|\()")
_BOOLEAN = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1", "y", "n"})

KNOWN_SECRET_FORMATS = (
    lazy(r"(?<![A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])"),  # AWS access key id
    lazy(r"gh[pousr]_[A-Za-z0-9]{36,}"),  # GitHub tokens
    lazy(r"github_pat_[A-Za-z0-9_]{40,}"),  # GitHub fine-grained token
    lazy(r"glpat-[A-Za-z0-9_-]{20,}"),  # GitLab personal token
    lazy(r"(sk|rk)_live_[A-Za-z0-9]{20,}"),  # Stripe-style live keys
    lazy(r"xox[baprs]-[A-Za-z0-9-]{10,}"),  # Slack
    lazy(r"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+"),  # Slack webhook
    lazy(r"AIza[0-9A-Za-z_-]{35}"),  # Google API key
    lazy(r"GOCSPX-[A-Za-z0-9_-]{20,}"),  # Google OAuth client secret
    lazy(r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----"),
    lazy(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+"),  # a JWT
    lazy(r"SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}"),  # SendGrid
    lazy(r"sq0(atp|csp)-[0-9A-Za-z_-]{22,43}"),  # Square
    lazy(r"amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),  # Amazon MWS
    lazy(r"(?<![0-9a-f])[0-9a-f]{32}-us[0-9]{1,2}(?![0-9])"),  # Mailchimp
    lazy(r"(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])"),  # Twilio API key
    lazy(r"npm_[A-Za-z0-9]{36}"),  # npm token
    # OpenAI / Anthropic style keys, starting a token: "task-links-from-..." in a route path holds "sk-" too
    lazy(r"(?<![A-Za-z0-9_-])sk-(proj-|ant-)?[A-Za-z0-9_-]{32,}"),
    lazy(r"AccountKey=[A-Za-z0-9+/=]{40,}"),  # Azure storage connection string
    lazy(r"(?<![A-Za-z0-9])key-[0-9a-f]{32}(?![0-9a-f])"),  # Mailgun
)
# All of them as two patterns: "is any there?" is two searches instead of one per format (rules ask it of every
# string literal of the source). The formats that begin with a fixed text go together: the regex engine then
# skips to where one of their first characters is; a lookbehind or a class first would make it try everywhere.
_ANY_KNOWN_FORMAT = tuple(
    lazy("|".join(f"(?:{p._source[0]})" for p in KNOWN_SECRET_FORMATS if p._source[0].startswith(("(?<", "[")) == g)
         or "(?!)")  # (an empty group: a pattern that never matches)
    for g in (False, True))


# For each group of _ANY_KNOWN_FORMAT, texts one of which every match of its formats contains: each format's
# longest run of plain characters (or choice of them, `(AKIA|ASIA)`) outside repeats and lookarounds. A value
# holding none of a group's texts matches none of its formats, so the group is not searched (a search tries every
# format at every position: the lookbehind group cost 45,000 instructions a value). tests/test_lazyre.py works
# them out from the patterns and fails until this table says the same.
_FORMAT_NEEDLES = (
    ("gh", "github_pat_", "glpat-", "rk_live_", "sk_live_", "xox", "hooks.slack.com/services/T", "AIza", "GOCSPX-",
     "-----BEGIN ", ".eyJ", "SG.", "sq0atp-", "sq0csp-", "amzn.mws.", "npm_", "AccountKey="),
    ("AKIA", "ASIA", "-us", "SK", "sk-", "key-"),
)

# ---- names --------------------------------------------------------------------------------------
_STRONG_WORDS = {"SECRET", "SECRETS", "PASSWORD", "PASSWORDS", "PASSWD", "PWD", "PASS", "PASSPHRASE", "TOKEN",
                 "TOKENS", "CREDENTIAL", "CREDENTIALS", "CREDS", "SALT", "APIKEY", "PRIVATEKEY", "SECRETKEY",
                 "ACCESSKEY", "AUTHKEY", "DSN", "PW", "PSW"}  # PSW: Jenkins' credentials() binding, X_USR/X_PSW
_KEY_QUALIFIERS = {"API", "PRIVATE", "ACCESS", "SIGNING", "ENCRYPTION", "MASTER", "AUTH", "APP", "SECRET",
                   "CLIENT", "SERVICE", "LICENSE", "HMAC", "CIPHER", "CRYPT", "CRYPTO", "SESSION", "COOKIE",
                   "WEBHOOK", "JWT", "ADMIN", "STRIPE", "SENDGRID", "MAILGUN", "TWILIO", "OPENAI", "ACCOUNT"}
_PUBLIC_KEY_WORDS = {"PUBLIC", "PUBLISHABLE", "SITE", "PUB", "ID",
                     # a captcha's key with no other word is its site key, written into every page that shows
                     # the widget; its vendors name the other one the secret key (RECAPTCHA_SECRET_KEY)
                     "CAPTCHA", "RECAPTCHA", "HCAPTCHA", "TURNSTILE"}
_PUBLIC_WORDS = {"PUBLIC", "PUBLISHABLE"}
_SECRET_PAIRS = {"APIKEY", "PRIVATEKEY", "SECRETKEY", "ACCESSKEY"}
# A last word that makes the variable *about* a secret rather than the secret itself.
_NOT_VALUE = {"FILE", "FILES", "PATH", "DIR", "URI", "HOST", "HOSTNAME", "PORT", "USER", "USERNAME", "NAME",
              "ID", "EXPIRES", "EXPIRY", "EXPIRATION", "EXPIRE", "IN", "TTL", "AGE", "ALGORITHM", "ALGORITHMS",
              "ALG", "LENGTH", "LEN", "MIN", "MAX", "ENABLED", "DISABLED", "ENABLE", "DISABLE", "HEADER", "ISSUER",
              "AUDIENCE", "TYPE", "PROVIDER", "MODE", "FIELD", "PARAM", "PREFIX", "SUFFIX", "REQUIRED", "POLICY",
              "ROUNDS", "LIFETIME", "TIMEOUT", "DURATION", "VERSION", "REGION", "ENDPOINT", "STRATEGY",
              "LOCATION", "ENV", "SCOPE", "SCOPES", "COUNT", "SIZE", "LIMIT", "WINDOW", "ATTEMPTS", "VALIDITY",
              "FORMAT", "ENCODING", "CHARSET", "SERVICE", "RESET", "POLICY", "COMPLEXITY", "STRENGTH", "HASHER",
              "METHOD", "SECONDS", "MINUTES", "HOURS", "DAYS", "MS", "SEC", "MINS", "ISS", "AUD", "KID", "URL",
              "DOMAIN", "CALLBACK", "REDIRECT", "ROUTE", "SECURE", "SAMESITE", "HTTPONLY", "HTTP", "STORE",
              "BACKEND", "DRIVER", "ENGINE", "LEVEL", "CACHE", "KEYS", "PATTERN", "REGEX", "SUBJECT", "TEMPLATE",
              "MESSAGE", "LABEL", "TITLE",
              # Django's convention for a pluggable class, named by its dotted path
              # (ORGANIZATION_TOKEN_FORM_CLASS = "organizations.forms.TokenForm")
              "CLASS", "CLASSES",
              # a duration or a limit (RESET_PASSWORD_LOCK_TIME, TOKEN_UPDATE_LAST_LOGIN_THRESHOLD), a marker written
              # in a secret's place (VAULT_SAVED_SECRET_MARK, PASSWORD_MASK) or an event that befell one
              # (CENSOR_TOKEN_CHANGED, PASSWORD_CHANGED): the secret word qualifies the last one, the head of the name
              "TIME", "THRESHOLD", "DELAY", "INTERVAL", "COOLDOWN", "MARK", "MARKER", "MASK", "SENTINEL",
              "PLACEHOLDER", "CHANGED", "UPDATED", "EXPIRED", "REVOKED", "CREATED", "DELETED", "SAVED",
              # what the page does with a secret (SECRET_VISUAL_MASK_CSS_RULE, SECRET_MASK_BLUR_FILTER), the folder
              # secrets are kept under (SECRET_METADATA_ROOT) or a flag about one (CREDENTIAL_RETRY_FLAG)
              "RULE", "RULES", "FILTER", "STYLE", "CSS", "SELECTOR", "ROOT", "FLAG", "FLAGS",
              # the outcome of a check on one (PASSWORD_INVALID, REFRESH_TOKEN_NOT_FOUND, TOKEN_ALREADY_USED,
              # API_KEY_MISSING): the name of an error code or of the message a client is shown
              "INVALID", "INCORRECT", "WRONG", "MISMATCH", "MISSING", "FOUND", "USED", "REUSED", "FAILED",
              "DENIED", "REJECTED"}
# One member of an enumeration of kinds (SCAN_TYPE_SECRETS = "Secrets Scan", FIELD_TYPE_PASSWORD = "password"):
# the secret word after one of these names a category, not a value held
_CATEGORY_WORDS = {"TYPE", "TYPES", "KIND", "KINDS", "CATEGORY"}
_SECRET_CARRIERS = {"DATABASE_URL", "DB_URL", "DB_URI", "DATABASE_URI", "MONGO_URL", "MONGO_URI", "MONGODB_URI",
                    "MONGODB_URL", "REDIS_URL", "AMQP_URL", "RABBITMQ_URL", "CONNECTION_STRING",
                    "DB_CONNECTION_STRING", "SENTRY_DSN", "DSN"}


def name_words(name: str) -> list[str]:
    """``jwtSecretKey`` / ``JWT-SECRET.key`` -> ['JWT', 'SECRET', 'KEY']."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.upper()) if w]


def names_itself(name: str, value) -> bool:
    """The value spells its own name, or the last words of it: an enum of names (``updateOwnAccessToken:
    'updateOwnAccessToken'``, ``PROPERTY_API_KEY_GHOSTFOLIO = 'API_KEY_GHOSTFOLIO'``, the key a setting is stored
    under) or a build-time substitution marker (``POSTHOG_API_KEY = '__POSTHOG_API_KEY__'``, replaced when the
    release is built). No generator of credentials writes the words of the variable holding them. Narrower than
    :func:`spelled_from_name`, which also takes digits and generic secret words (`emailpassword123`): such a value
    is a format shown in an example file, yet in code a password all the same (weak, and reported as one)."""
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value.strip()):
        return False
    spelled, named = name_words(value.strip()), name_words(name)
    if not spelled:
        return False
    if _spells(spelled, named):
        return True
    # a name's short form of a secret word spelled out in full by a value of two words or more (SCOPE_RESET_PW =
    # "reset_password", the name of a token scope); a one-word value ("password" for DB_PASS) stays a password
    return len(spelled) >= 2 and _spells(spelled, _spelled_out(named))


def _spells(spelled: list[str], named: list[str]) -> bool:
    # the words may be cut elsewhere ("mail-gun-api-key" for MAILGUN_API_KEY): compare the letters, from a
    # word of the name on
    letters = "".join(spelled)
    if any("".join(named[i:]) == letters for i in range(len(named))):
        return True
    # the whole name under a namespace: a hapi auth scheme's name `'fxa-oauth-refreshToken'` registered as the
    # strategy `'refreshToken'`, a storage key `'myapp:accessToken'`; two words of the name at least, so that
    # a value merely ending in "key" or "token" is not taken for one
    if len(named) >= 2 and len(spelled) > len(named) and spelled[-len(named):] == named:
        return True
    # or two words of it or more, in its order: the entry a value is kept under ("nextPageToken" for
    # NEXT_PAGE_TOKEN_KEY, "secret_metadata" for SECRET_METADATA_ROOT)
    return len(spelled) >= 2 and any("".join(named[i:j]) == letters
                                     for i in range(len(named)) for j in range(i + 2, len(named) + 1))


_IDENTIFIER = lazy(r"[A-Za-z_][A-Za-z0-9_.-]{0,120}")
# the short forms names use for a secret word, read as the word a value spells out (SCOPE_RESET_PW =
# "reset_password", the name of a token scope)
_ABBREVIATIONS = {"PW": "PASSWORD", "PWD": "PASSWORD", "PASSWD": "PASSWORD", "PSWD": "PASSWORD", "PASS": "PASSWORD",
                  "TOK": "TOKEN", "SEC": "SECRET"}


def _spelled_out(words: list[str]) -> list[str]:
    return [_ABBREVIATIONS.get(w, w) for w in words]


def is_secret_name(name: str) -> bool:
    """A variable whose value is itself a secret (JWT_SECRET, DB_PASSWORD, STRIPE_KEY, apiKey), not a variable
    about one (JWT_SECRET_FILE, PASSWORD_MIN_LENGTH, TOKEN_EXPIRES_IN)."""
    upper = name.upper()
    if upper in _SECRET_CARRIERS or upper.endswith(("_DATABASE_URL", "_CONNECTION_STRING", "_DSN")):
        return True
    words = name_words(name)
    if not words or words[-1] in _NOT_VALUE or _CATEGORY_WORDS & set(words[:-1]):
        return False
    joined = {a + b for a, b in zip(words, words[1:])}
    strong = [i for i, w in enumerate(words) if w in _STRONG_WORDS]
    # MAPBOX_PUBLIC_TOKEN, publishable tokens: made to be shown to every browser, as PUBLIC_KEY is (a
    # "public password" is still a password)
    if strong and all(words[i] in ("TOKEN", "TOKENS") and i > 0 and words[i - 1] in _PUBLIC_WORDS for i in strong) \
            and not joined & _SECRET_PAIRS:
        return False
    if strong or joined & _SECRET_PAIRS:
        return True
    if words[-1] in ("KEY", "K") and len(words) > 1:
        return words[-2] not in _PUBLIC_KEY_WORDS and (words[-2] in _KEY_QUALIFIERS or len(words) == 2)
    return False


# ---- values -------------------------------------------------------------------------------------
def entropy_bits_per_char(value: str) -> float:
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def is_reference(value: str) -> bool:
    """``${VAR}``, ``$VAR``, ``$(cmd)``: the value is decided somewhere else."""
    return bool(_REFERENCE.match(value.strip()))


def _compact(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def is_template_marker(value: str) -> bool:
    """A value that only marks where one goes (`<token>`, `{{ secret }}`, `${X}`, `xxxx`, empty): no value is
    written. Unlike a placeholder word (`changeme`), it cannot be deployed as the secret itself."""
    v = value.strip().strip("'\"").strip()
    return not v or bool(_TEMPLATE.match(v)) or len(set(v)) <= 2 or v.startswith(("<", "{{"))


def is_placeholder(value: str) -> bool:
    v = value.strip().strip("'\"").strip()
    lower = v.lower()
    if not v or _TEMPLATE.match(v):
        return True
    if "-----BEGIN" in v and "-----END" not in v and ("..." in v or "\u2026" in v):
        return True  # `-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgk...`: documentation elides the key it shows
    if len(set(v)) <= 2:
        return True
    if _compact(v) in PLACEHOLDER_VALUES:
        return True
    if v.startswith(("<", "{{")) or _made_of_placeholder_words(lower):
        return True
    prefix = next((p for p in _PLACEHOLDER_PREFIXES if lower.startswith(p)), None)
    # a word to replace opens it: `your-api-key`, `change_me_please`, `todo`; not the first letters of a
    # random value that happen to spell one (`xXxnKq/tCt...`, `PUTq8...`)
    if prefix is None:
        return False
    written, rest = v[:len(prefix)], v[len(prefix):]
    if written not in (prefix, prefix.upper(), prefix.capitalize()):
        return False  # `xXX...`: a word to replace is written in one case, random letters in any
    if rest and rest[0] in "+/":
        return False  # base64's own characters (`xxx+fzD...`), never a placeholder's separator
    return (not rest or not rest[0].isalnum() or v == lower
            or (v[:len(prefix)] == prefix.capitalize() and rest[0].isupper()))  # `ChangeMe123`, `YourKey`


_PLACEHOLDER_PREFIXES = ("your", "change", "replace", "put", "insert", "enter", "my-", "my_", "xxx", "todo",
                         "fixme")


def _made_of_placeholder_words(lower: str) -> bool:
    """Two placeholder words or more that make up a good part of the value (`super-secret-jwt-key-here`).
    Short words turn up by chance in a long random value (`...fxXxfnaukKMIkEyd...` holds "xxx" and "key"),
    so a few letters of words in it prove nothing."""
    hits = [word for word in PLACEHOLDER_WORDS if word in lower]
    if len(hits) < 2:
        return False
    covered = [False] * len(lower)
    for word in hits:
        start = lower.find(word)
        while start >= 0:
            covered[start:start + len(word)] = [True] * len(word)
            start = lower.find(word, start + 1)
    letters = sum(ch.isalnum() for ch in lower)
    return bool(letters) and sum(c for c, ch in zip(covered, lower) if ch.isalnum()) >= 0.3 * letters


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
    """Why a value is too weak to be a signing secret, in words that do not repeat it; None if strong.

    The answer completes "JWT_SECRET ...", e.g. "has 12 characters" or "is a placeholder".
    """
    v = value.strip()
    if is_reference(v):
        return None  # resolved somewhere else
    if not v:
        return "is empty"
    if is_sequence(v):
        return "is a repeated or sequential pattern"
    if is_placeholder(v):
        return "is a placeholder"
    if len(v) < min_length:
        return f"has {len(v)} characters"
    if entropy_bits_per_char(v) < min_entropy:
        return "is low in entropy"
    return None


def password_weakness(value: str, min_length: int = 12, username: str | None = None) -> str | None:
    """Why a value is too weak to be a password (a vendor default, a placeholder, the user name, too short)."""
    v = value.strip()
    if is_reference(v):
        return None
    if not v:
        return "is empty"
    compact = _compact(v)
    if v.lower() in DEFAULT_PASSWORDS or compact in DEFAULT_PASSWORDS:
        return "is a well-known default"
    if username and v.lower() == username.strip().lower():
        return "equals the user name"
    if username and len(username.strip()) >= 4 and username.strip().lower() in v.lower():
        # the first guess after the user name itself (`myshoppassword` for shop), whatever its length
        return "contains the user name"
    return weakness(v, min_length, min_entropy=2.5)


# the passwords a seed or bootstrap script gives the first accounts (admin/admin123, test/test123)
_ACCOUNT_DEFAULTS = frozenset({
    "admin", "admin1", "admin12", "admin123", "admin1234", "admin@123", "administrator", "password", "password1",
    "password123", "passw0rd", "p@ssw0rd", "p@ssword", "changeme", "changeme123", "123456", "12345678", "123456789",
    "qwerty", "qwerty123", "letmein", "welcome", "welcome1", "welcome123", "secret", "secret123", "test", "test123",
    "test1234", "root", "toor", "default", "demo", "demo123", "user123", "guest", "pass123", "abc123", "iloveyou",
})


def default_account_password(value: str) -> bool:
    """A password an account is created with that anyone would try first: a well-known default
    (``admin123``), a placeholder (``changeme``) or shorter than 8 characters."""
    return len(value) < 8 or value.strip().lower() in _ACCOUNT_DEFAULTS or is_placeholder(value)


def secret_value(value: str | None) -> str | None:
    """What a rule passes as ``secret=``: the value, unless it is a published default or a template
    placeholder (``postgres``, ``admin``, ``changeme``) that hides nothing. Registering such common words
    would make the engine mask them in every message of every rule."""
    if value is None:
        return None
    v = value.strip().strip("'\"").strip()
    if v.lower() in DEFAULT_PASSWORDS or _compact(v) in PLACEHOLDER_VALUES or _TEMPLATE.match(v) or \
            len(set(v)) <= 2:
        return None
    return value


def printed_anyway(value: str | None, owner: str | None, beside) -> bool:
    """The value equals a name every output prints as it is: ``owner`` (the service it belongs to), or the value
    of a setting ``beside`` it (objects with ``name`` and ``value``) that is no secret (``POSTGRES_USER=gitea``
    beside ``POSTGRES_PASSWORD=gitea``). Masking it hides nothing (the user name is in the snippet) and garbles
    every message naming the service or image (``service '****'``, ``****/****:1.22``); the line holding the
    password is still masked by its name."""
    if value is None:
        return False
    v = value.strip().strip("'\"").strip().lower()
    shown = [owner] + [s.value for s in beside if not is_secret_name(s.name)]
    return bool(v) and any(isinstance(s, str) and v == s.strip().lower() for s in shown)


PUBLIC_BY_DESIGN = lazy(r"(phc_|pk_(live|test)_)[A-Za-z0-9]+$")
_CAPITALS = lazy(r"[A-Z][A-Z0-9_.]{2,80}")
_HEAD_WORD = lazy(r"[A-Z]*[AEIOUY][A-Z]*")
# the stored form of a password (bcrypt, argon2, sha-crypt, passlib's and Django's pbkdf2/scrypt): what a
# database keeps instead of the password. Written in source it is a dummy for constant-time checks or a
# fixture's row; it lets nobody log in, since the password it was made from is not in it.
_PASSWORD_HASH = lazy(
    r"\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+"
    r"|\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}"
    r"|\$(?:pbkdf2(?:-sha\d+)?|scrypt)\$[^$\s]+\$[^$\s]+\$[^$\s]+"
    r"|(?:pbkdf2_sha\d+|argon2|bcrypt_sha256|scrypt)\$\S+\$\S+")


def constant_name(value: str) -> bool:
    """The name of a constant, an enum member, a model or a setting, in capitals with separators
    ("OPENAI_GPT5_5", "VERTEX_GEMINI_2.5_FLASH_LITE", "GLADYS_OPEN_API_KEY" naming the stored key), headed by a
    word: generators of keys do not write SCREAMING_SNAKE_CASE."""
    if not _CAPITALS.fullmatch(value):
        return False
    parts = re.split(r"[_.]", value)
    return len(parts) >= 2 and all(parts) and _HEAD_WORD.fullmatch(parts[0]) is not None


def password_hash(value: str) -> bool:
    """The value is a password's stored hash, not a password or key."""
    return _PASSWORD_HASH.fullmatch(value.strip()) is not None


def looks_real_secret(value: str) -> bool:
    """A value a person should not commit: a known token format, or long and random-looking."""
    v = value.strip().strip("'\"")
    if not v or is_reference(v) or is_placeholder(v):
        return False
    if known_format(v):
        return True
    # words joined by separators are a name or a code (`auth/invalid_access_token`, an error code), never random
    if re.search(r"\s", v) or re.fullmatch(r"[a-z]+([-_./:][a-z]+)*", v) or re.match(r"^[a-z][a-z0-9+.-]*://", v, re.I):
        return False
    # keys their vendors publish to every browser: PostHog's write-only project key, Stripe's publishable key
    if PUBLIC_BY_DESIGN.match(v) or constant_name(v) or password_hash(v):
        return False
    return len(v) >= 16 and entropy_bits_per_char(v) >= 3.5 and _classes(v) >= 2


def spelled_from_name(name: str, value: str) -> bool:
    """The value spells its own variable's name (digits and separators aside): `emailpassword123` for
    EMAIL_HOST_PASSWORD, `redis_password` for REDIS_PASSWORD. Someone wrote it from the name to show the
    format; a credential generated or chosen for use is not made of the name it is stored under."""
    letters = re.sub(r"[^a-z]", "", value.lower())
    words = [w for w in re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()) if len(w) >= 2]
    if len(letters) < 4 or not words:
        return False
    covered = [False] * len(letters)
    for word in set(words) | {"pass", "pwd", "secret", "key", "token"}:
        start = letters.find(word)
        while start >= 0:
            covered[start:start + len(word)] = [True] * len(word)
            start = letters.find(word, start + 1)
    return all(covered)


def _classes(v: str) -> int:
    return sum(bool(re.search(p, v)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))


def known_format(value: str) -> bool:
    """The value holds a token in a vendor's documented format (AWS, GitHub, Stripe, Slack, ...)."""
    for pattern, needles in zip(_ANY_KNOWN_FORMAT, _FORMAT_NEEDLES):  # (see _FORMAT_NEEDLES)
        if any(n in value for n in needles) and pattern.search(value) is not None:
            return True
    return False


def hardcoded_secret(name: str, value: str | None) -> bool:
    """A variable's literal value is a credential someone committed (not a reference, path or placeholder).

    Secret-named variables count once the value looks chosen (``pass!1213Fs``); any variable counts when
    its value is in a vendor token format. Vendor defaults (``postgres``) count: they are committed credentials
    too. Placeholders (``changeme``, ``<your-key>``) do not: nothing real was committed.
    """
    if value is None:
        return False
    v = value.strip().strip("'\"").strip()
    if not v or is_reference(v) or v.startswith(("/run/secrets/", "/var/run/secrets/", "file:", "vault:",
                                                 "arn:aws:secretsmanager", "arn:aws:ssm", "projects/")):
        return False
    if known_format(v):
        return True
    if not is_secret_name(name) or names_itself(name, v):
        return False
    pw = url_password(v)
    if pw is not None:
        return bool(pw) and not is_reference(pw) and not is_placeholder(pw)
    if re.match(r"^[a-z][a-z0-9+.-]*://", v, re.I) or v.lower() in _BOOLEAN or re.fullmatch(r"\d{1,6}", v) or \
            _DURATION.fullmatch(v):
        return False
    if is_placeholder(v):
        return False
    if v.lower() in DEFAULT_PASSWORDS:
        return True
    if is_sequence(v) or len(v) < 6:
        return False
    return _classes(v) >= 2 or entropy_bits_per_char(v) >= 3.0


# ---- names ----------------------------------------------------------------------------------------
_JWT_SECRET_NAME = lazy(
    r"^(?!.*PUBLIC)(\w+_)?JWT(_?\w+?)?_?(SECRET|SECRET_KEY|KEY|PRIVATE_KEY|SIGNING_KEY|SIGNING_SECRET)$"
    r"|^(\w+_)?(ACCESS|REFRESH|AUTH|ID)_TOKEN_SECRET$|^(NEXT)?AUTH_SECRET$|^TOKEN_SECRET$|^SIGNING_KEY$", re.I)
_CAMEL = lazy(r"(?<=[a-z0-9])(?=[A-Z])")


def is_jwt_secret_name(name: str) -> bool:
    """A variable, setting or option that holds a JWT signing key, in any spelling: ``JWT_SECRET``,
    ``ACCESS_TOKEN_SECRET``, ``NEXTAUTH_SECRET``, SimpleJWT's ``SIGNING_KEY``, ``jwtSecret``, ``jwt_secret_key``.
    Public keys are not secrets."""
    bare = _CAMEL.sub("_", name.strip().strip("'\"").rsplit(".", 1)[-1])
    return bool(_JWT_SECRET_NAME.match(bare))


# ---- URLs -----------------------------------------------------------------------------------------
_URL = lazy(r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:(?P<user>[^:@/\s]*)(?::(?P<password>[^/\s]*))?@)?"
                  r"(?P<host>\[[^\]]*\]|[^:/?#\s]*)(?::(?P<port>\d+))?(?P<rest>[/?#].*)?$", re.I | re.S)


def parse_url(value: str) -> dict | None:
    """scheme, user, password, host, port, rest of a URL-shaped value; None when it is not one."""
    m = _URL.match(value.strip())
    if not m:
        return None
    parts = m.groupdict()
    parts["scheme"] = parts["scheme"].lower()
    parts["host"] = (parts["host"] or "").lower().strip("[]")
    return parts


# A password may hold '@' itself (only '/' and spaces end it): the userinfo runs to the last '@' before the host.
_URL_USERINFO = lazy(r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<user>[^:/@\s]*)(?::(?P<password>[^\s/]*))?@", re.I)


def url_userinfo(value: str) -> tuple[str, str, str | None] | None:
    """(scheme, user, password or None) of a URL-shaped value that starts with credentials, whatever follows
    the ``@`` (several hosts, a socket path); None without credentials."""
    m = _URL_USERINFO.match(value.strip())
    return (m.group("scheme").lower(), m.group("user"), m.group("password")) if m else None


def embedded_url_password(text: str) -> tuple[str, str] | None:
    """(user, password) of the first URL with a password anywhere in ``text``."""
    m = _URL_PASSWORD.search(text)
    return (m.group("user"), m.group("pw")) if m else None


def url_password(value: str) -> str | None:
    """The password written inside a URL (``postgres://user:pw@host``), '' for ``user:@``, None when none."""
    parts = parse_url(value)
    if parts is None or parts["password"] is None:
        return None
    return unquote(parts["password"])


def is_local_host(host: str) -> bool:
    host = host.lower().strip("[]")
    return host in ("localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal") or \
        host.endswith(".localhost") or host.startswith("127.")


def is_private_host(host: str) -> bool:
    """A name only resolvable inside a network: a compose service, *.internal, *.local, an RFC 1918 address."""
    host = host.lower()
    if is_local_host(host) or "." not in host:
        return True
    if host.endswith((".local", ".internal", ".lan", ".svc", ".cluster.local", ".home", ".intranet", ".corp")):
        return True
    return bool(re.match(r"^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)", host))


def is_truthy(value: str | None) -> bool:
    return value is not None and value.strip().strip("'\"").lower() in ("true", "1", "yes", "on", "y")


def is_falsy(value: str | None) -> bool:
    return value is not None and value.strip().strip("'\"").lower() in ("false", "0", "no", "off", "n")


# ---- redaction ------------------------------------------------------------------------------------
class Redactor:
    """Every secret value seen in a run; scrub() removes them from any text about to be written."""

    MASK = "****"
    _MASK_CHARS = "*#•█"

    def __init__(self):
        self._values: set[str] = set()
        self._pattern = None
        self._mask = self.MASK
        # Each value's case variants and their characters, judged once when the value is added: a run that
        # alternates add() and scrub() (a repository rule over hundreds of env files) rebuilds the automaton
        # after every new value, and judging every value again each time made that quadratic.
        self._variants: set[str] = set()
        self._used: set[str] = set()
        self._folded = None  # the values in one letter case (scrub_any_case), built when first asked

    def add(self, value: str | None) -> None:
        if value is None:
            return
        value = value.strip()
        if len(value) >= 3 and value not in self._values:
            self._values.add(value)
            for variant in _case_variants(value):
                if variant not in self._variants:
                    self._variants.add(variant)
                    self._used.update(variant)
            self._pattern = None
            self._folded = None

    def __bool__(self) -> bool:
        return bool(self._values)

    @property
    def values(self) -> set[str]:
        return set(self._values)

    def _compile(self) -> None:
        import ahocorasick  # one automaton finds every (overlapping) occurrence of every value in one pass
        used = self._used
        # A mask made of a character no value contains can never complete a value, so one pass suffices.
        char = next((c for c in self._MASK_CHARS if c not in used), None)
        if char is None:
            char = next(chr(c) for c in range(0xE000, 0x110000) if chr(c) not in used)
        self._mask = char * 4
        automaton = ahocorasick.Automaton()
        for variant in self._variants:
            automaton.add_word(variant, len(variant))
        automaton.make_automaton()
        self._pattern = automaton

    def scrub(self, text: str) -> str:
        if not self._values or not text:
            return text
        if self._pattern is None:
            self._compile()
        return self._masked(text, self._pattern.iter(text))

    def scrub_any_case(self, text: str) -> str:
        """``scrub``, matching every value in any letter case: for the repository's words that name something
        (a directive's rule ids), where `LETMEIN99` is the password `letmein99` written as an id is written.
        Prose keeps ``scrub``: a word-like value in any case would mask every name it spells (`wordpress`)."""
        if not self._values or not text:
            return text
        if self._folded is None:
            import ahocorasick
            automaton = ahocorasick.Automaton()
            for value in {_fold(v) for v in self._values}:
                automaton.add_word(value, len(value))
            automaton.make_automaton()
            self._folded = automaton
        if self._pattern is None:
            self._compile()  # the mask: a character no value holds, as scrub's
        return self._masked(text, self._folded.iter(_fold(text)))

    def scrub_line(self, text: str) -> str:
        """``scrub`` for a source line shown (a snippet, a quoted line): the ids of a directive on it (prodlint's
        or another linter's) are scrubbed in any letter case, as ``scrub_any_case`` does for the directive's
        own findings; a finding on the line with `# prodlint: ignore[LETMEIN99]` quoted it whole."""
        text = self.scrub(text)
        at = _DIRECTIVE_HEAD.search(text) if self._values and text else None
        return text if at is None else text[:at.end()] + self.scrub_any_case(text[at.end():])

    def _masked(self, text: str, hits) -> str:
        """The text with the union of every occurrence (``(end, length)`` pairs), overlapping ones included,
        as one mask per covered run."""
        spans = sorted((end + 1 - length, end + 1) for end, length in hits)
        if not spans:
            return text
        out, pos = [], 0
        run_start, run_end = spans[0]
        for start, end in spans[1:]:
            if start <= run_end:
                run_end = max(run_end, end)
                continue
            out += [text[pos:run_start], self._mask]
            pos, (run_start, run_end) = run_end, (start, end)
        out += [text[pos:run_start], self._mask, text[run_end:]]
        return "".join(out)


# where a directive's ids begin, whichever tool's (linter.suppress, linter.peer_directives): literal heads only,
# linear on any line
_DIRECTIVE_HEAD = GuardedPattern(
    r"prodlint\s{0,20}:|hadolint|checkov|bridgecrew|nosec|noqa|nosem|njsscan-ignore|kics-scan", re.I,
    ("prodlint", "hadolint", "checkov", "bridgecrew", "nosec", "noqa", "nosem", "njsscan-ignore", "kics-scan"))


def _fold(text: str) -> str:
    """Lower case letter by letter, keeping every position (`İ` lowers to two characters: it stays)."""
    low = text.lower()
    if len(low) == len(text):  # no letter grew (none shrinks): every position is kept
        return low
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _case_variants(value: str) -> set[str]:
    """A value and, when it is random-looking, its upper- and lower-case forms: a parser may change a value's
    case when it quotes it (an unknown Dockerfile instruction is upper-cased). A word-like value (``wordpress``)
    keeps its case only, or every variable named after it would be masked too."""
    if looks_real_secret(value):
        return {value, value.upper(), value.lower()}
    return {value}


# ---- masking source lines ---------------------------------------------------------------------------
# Each masking pass scans the text position by position, and most texts (a finding's message, a source line)
# hold none of the words its matches need: a search for those words alone costs a fraction of the pass
# (masking was a tenth of a pre-commit run). Every such guard below is a word or text every match of its
# pattern contains, searched with the pattern's own flags, so it never skips a text the pass would change.
_SECRET_KEY_WORDS = "SECRET|PASS|PWD|PW|TOKEN|KEY|CREDENTIAL|CREDS|AUTH|SALT|DSN|URL|URI|CONNECTION|STRING|PRIVATE|CERT"
# A value is one shell-like word: quoted parts written next to each other or joined by `+` (`"ab""cd"`,
# `'ab' + 'cd'`) are one value, and a YAML tag or anchor before it (`!!str`, `&pw`) is not the value.
_QUOTED = r"""(?:"(?:[^"\\]|\\.)*"?|'[^']*'?)"""
_ASSIGNMENT = lazy(
    r"""(?P<key>(?<![\w.-])(?=[A-Za-z_])[\w.-]*?(?:""" + _SECRET_KEY_WORDS + r""")[\w.-]*)(?P<close>["']?)"""
    r"""(?P<sep>(?:\s*[:=]\s*|\s+)(?:(?:!!?[\w/:.-]*|&[\w-]+)[ \t]+)*)"""
    r"""(?P<value>""" + _QUOTED + r"""(?:""" + _QUOTED + r"""|[^\s,;"'`)\]}]+"""
    r"""|\s*\+\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'))*|\$\{[^}\s]*\}?|[^\s,;]+)""", re.I)
_ASSIGNMENT_GUARD = WordGuard(*_SECRET_KEY_WORDS.split("|"))
# A password inside a URL anywhere in a text: what masking hides and what makes a value a committed credential.
_URL_PASSWORD = lazy(r"(?P<pre>(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://(?P<user>[^:/@\s]*):)(?P<pw>[^\s/`'\"]+)(?=@)",
                     re.I)
_KEEP = lazy(r"^(\$\{[A-Za-z_]\w*(:?\?[^}]*)?\}|\$[A-Za-z_]\w*|process\.env\.\w+|os\.environ\S*|true|false|null"
                   r"|none)$", re.I)


_ALWAYS_MASKED_KEYS = {"requirepass", "masterauth", "password", "passwd", "pass", "pwd", "secret", "token",
                       "credentials", "auth_token"}
# Query parameters that carry a credential by convention (API keys, signed URLs).
_SECRET_QUERY_NAMES = {"key", "token", "secret", "password", "passwd", "pass", "pwd", "api_key", "apikey",
                       "access_token", "auth", "auth_token", "sig", "signature", "client_secret", "private_key",
                       "x-amz-signature", "x-goog-signature", "refresh_token", "id_token", "code", "session"}
# Clients whose short password option is written attached (mysql -pSECRET) or apart (redis-cli -a SECRET).
# An exec-form list (`["mysqladmin", "ping", "-pX"]`) quotes each argument: a quote ends the one before.
_SHORT_PASSWORD = lazy(
    r"(?P<cmd>\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlpump|mysqlsh|mariadb|mariadb-dump"
    r"|mariadb-admin)\b[^\n;&|]*?[\s\"',]-p)(?P<value>[^\s'\"`;|&)]+)"
    r"|(?P<cmd2>\bredis-cli\b[^\n;&|]*?[\s\"',]-a[\"',\s]+)(?P<value2>[^\s'\"`;|&),]+)")
# Clients whose password is an option with no secret in its name: `curl -u user:PASSWORD` (the part after the
# colon), `sshpass -p PASSWORD`, `docker login -p PASSWORD` (and the other registry clients).
_CLIENT_PASSWORD = lazy(
    r"(?P<pre>\b(?:curl|wget)\b[^\n;&|]*?[\s\"',](?:-u|-U|--user|--proxy-user)(?:=|[\"',\s]+|(?=\w))"
    r"[^\s:'\"`]*:)(?P<value>[^\s'\"`;|&)@]+)"
    r"|(?P<pre2>\b(?:sshpass|(?:docker|podman|buildah|skopeo|nerdctl|oras)\s+login|helm\s+registry\s+login)\b"
    r"[^\n;&|]*?[\s\"',]-p[\"',\s]*)(?P<value2>[^\s'\"`;|&),]+)")
_CLIENT_GUARD = WordGuard("curl", "wget", "sshpass", "login")
# A secret a client reads from its standard input (`--password-stdin`, `gh auth login --with-token`), written
# into the pipe that feeds it (`echo X | docker login --password-stdin`, `printf '%s' X | ...`) or a here-string
# (`... --password-stdin <<< X`): the flag names no value of its own, so the value sits elsewhere on the line.
_STDIN_FLAG = r"--(?:(?:[a-z]{1,20}-)?(?:password|passwd|token|secret)-stdin|with-token)\b"
_STDIN_GUARD = WordGuard("stdin", "with-token")
_PIPED_SECRET = lazy(
    r"(?P<pre>\b(?:echo|printf)(?:[ \t]+-[neE]{1,3})*(?:[ \t]+(?:'%s[^'\n]{0,3}'|\"%s[^\"\n]{0,3}\"|%s))?[ \t]+)"
    r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s|;&'\"]+)(?=[ \t]*\|[^|;&\n]*" + _STDIN_FLAG + ")")
_HERE_STRING = lazy(r"(?P<pre><<<[ \t]*)(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|'\"]+)")
_STDIN_FLAG_RE = lazy(_STDIN_FLAG)
_HERE_STRING_REACH = 300  # characters before `<<<` where the command's flag is looked for: linear in the line
# Arguments written as a list (exec form, a YAML flow sequence): `"--requirepass", "X"`.
_LISTED_FLAG = lazy(r"""(?P<pre>["'](?P<dash>--?)(?P<name>[A-Za-z][\w-]*)["']\s*,\s*)(?P<value>"[^"]*"?|'[^']*'?)""")
# A Redis ACL rule (`user NAME on >password ~* +@all`, `ACL SETUSER NAME >password`): `>` adds a password and
# `<` removes one, both written in clear; `#`/`!` give its SHA-256, which a weak password is recovered from.
_REDIS_ACL = lazy(r"(?i)\b(?:user|setuser)[ \t]+\S+(?P<rules>[^\n]*)")
_ACL_EVIDENCE = lazy(r"(?i)(?:^|\s)(?:on|off|nopass|resetpass|reset|allkeys|allcommands|~\S*|[+-]@\S*)(?=\s|$)")
_ACL_PASSWORD = lazy(r"(?<=[\s\"'])(?P<op>[<>]|[#!](?=[0-9a-fA-F]{64}(?![0-9a-fA-F])))(?P<value>[^\s\"']+)")
# nginx's secure_link_md5 expression holds the link-signing secret among variables.
_ONLY_VARIABLES = lazy(r"(?:\$\{?\w+\}?|[\s:/._-])*")
_SECURE_LINK = lazy(r"(?P<pre>\bsecure_link_md5[ \t]+)(?P<value>\"[^\"\n]*\"?|'[^'\n]*'?|[^\s;]+)")
# A secret-named variable's literal fallback or default (`process.env.JWT_SECRET || "x"`, `getenv("DB_PASSWORD",
# "x")`, `os.environ.setdefault("SECRET_KEY", "x")`) and a subscript assignment (`app.config["SECRET_KEY"] = "x"`).
_FALLBACK = lazy(
    r"""(?P<pre>(?P<key>(?<![\w.-])[A-Za-z_][\w.-]*)(?P<q>["']?)(?P<mid>\s*(?:[)\]]\s*)?(?:\|\||\?\?|\bor\b|,|=(?!=))\s*))"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|`[^`\n]*`)(?P<post>\s*\))?""")
_OPERATOR = lazy(r"[|?&=!<>]+")
_FALLBACK_GUARD = lazy(r"\|\||\?\?|\bor\b|[\"']\s*,|\]\s*=")
# A URL whose user is a token (`https://TOKEN@github.com`, git's and many APIs' way of passing one).
_URL_TOKEN_USER = lazy(r"(?P<pre>(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://)(?P<user>[A-Za-z0-9_.~-]{20,})(?=@)", re.I)


def _masked_key(key: str) -> bool:
    bare = key.strip("'\"").rsplit(".", 1)[-1]
    return bare.lower() in _ALWAYS_MASKED_KEYS or is_secret_name(bare) or \
        bool(re.search(r"(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY)$", bare, re.I))


# A whole line that assigns one unquoted value: `KEY=value` in an env file (`export`, or a compose list item
# `- KEY=value`), `KEY: value` in YAML. Such a value runs to the end of the line, spaces included, up to a
# ` #` comment, so a passphrase (`SESSION_SECRET: correct horse battery`) is masked whole, not its first word.
# The YAML form takes only plain text: a value with quotes, brackets or separators is code or a flow collection.
_ENV_LINE = lazy(r"^(?P<pre>[ \t]*(?:-[ \t]+(?P<quote>[\"']?))?(?:export[ \t]+)?(?P<key>[A-Za-z_][\w.]*)[ \t]*=[ \t]*)(?=[^'\"\s])")
_YAML_LINE = lazy(r"^(?P<pre>[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][\w.-]*)[ \t]*:[ \t]+)(?=[^'\"\s|>&*!{\[#%@`])")
_NOT_PLAIN = lazy(r"['\"(){}\[\];,`]")
_COMMENT = lazy(r"[ \t]#")


def _whole_line_value(text: str):
    """(prefix, value, trailing comment) of a line assigning one unquoted value, or None."""
    m = _ENV_LINE.match(text)
    yaml = m is None
    if yaml:
        m = _YAML_LINE.match(text)
        if m is None:
            return None
    rest = text[m.end():]
    comment = _COMMENT.search(rest)
    value, post = (rest[:comment.start()], rest[comment.start():]) if comment else (rest, "")
    stripped = value.rstrip()
    post = value[len(stripped):] + post
    quote = "" if yaml else m.group("quote")
    if quote and stripped.endswith(quote):  # a quoted compose list item: - "KEY=value"
        stripped, post = stripped[:-1], quote + post
    if not stripped or (yaml and _NOT_PLAIN.search(stripped)):
        return None
    return m.group("pre"), m.group("key"), stripped, post


# An authorization header's credentials; without the header name, only after Bearer/Basic and only a value
# that is not a plain word ("Bearer tokens", "token format" are prose).
_AUTH_SCHEME = lazy(r"(?i)(?P<pre>\b(?P<header>(?:proxy-)?authorization[\"']?\s*[:=]?\s*[\"']?)?"
                    r"\b(?:bearer|basic|token|digest)\s+)(?P<value>[A-Za-z0-9._~+/=-]{6,})")


_AUTH_GUARD = WordGuard("bearer", "basic", "token", "digest")


def _mask_auth(text: str) -> str:
    if not _AUTH_GUARD.search(text):
        return text

    def one(m):
        if not m.group("header") and (re.fullmatch(r"[a-z]+", m.group("value"))
                                      or not re.match(r"(?i)bearer|basic", m.group("pre").lstrip())):
            return m.group(0)
        return m.group("pre") + Redactor.MASK
    return _AUTH_SCHEME.sub(one, text)


_SWITCH_FIRST = {"ALLOW", "ENABLE", "ENABLED", "DISABLE", "DISABLED", "REQUIRE", "REQUIRED", "USE", "SKIP", "NO",
                 "IS", "HAS", "WITH", "WITHOUT", "SERVER", "SHOW", "HIDE", "FORCE", "VERIFY", "CHECK"}
_PLURALS = {"TOKENS", "SECRETS", "PASSWORDS", "CREDENTIALS", "KEYS"}


def _switch_name(key: str | None) -> bool:
    """A setting about secrets rather than one (``ALLOW_EMPTY_PASSWORD``, nginx ``server_tokens``): a boolean
    beside it is a switch, not a password."""
    words = name_words(key or "")
    return len(words) > 1 and (words[0] in _SWITCH_FIRST or words[-1] in _PLURALS)


def _referenced(value: str) -> bool:
    """A URL's password written as a reference (``${REDIS_PASSWORD}``, ``$PW``): decided elsewhere."""
    bare = value.strip()
    return bool(re.fullmatch(r"\$\{[A-Za-z_]\w*(:?\?[^}]*)?\}|\$[A-Za-z_]\w*", bare)) or set(bare) <= set("*#•█")


def _shown(value: str, key: str | None = None) -> bool:
    """A value that may stay visible beside a secret name: a reference resolved elsewhere (``${VAR}``,
    ``$VAR``, ``process.env.X``), a mask already, a URL without
    credentials, or a boolean beside a switch's name (a password may well be ``on``)."""
    bare = value.strip().strip("'\"").strip()
    # a reference with a default (``${X:-changeme}``) writes the default: not shown
    if not bare or bool(_KEEP.match(bare)) or bare.startswith("$(") or \
            (bare.lower() in _BOOLEAN_WORDS and _switch_name(key)) or set(bare) <= set("*#•█"):
        return True
    # a URL without credentials (``proxy_pass http://backend``): its secret query values are masked on their own
    url = _URL.match(bare)
    return bool(url) and url.group("user") is None and "@" not in bare


_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null"})
_TOKEN_WORD = lazy(r"[A-Za-z0-9_+~-]{16,}={0,2}")
_HEX = lazy(r"(?:sha\d+[:-])?[0-9a-fA-F]+")


def _masked_value(pre: str, value: str) -> str:
    quote = value[0] if value[:1] in "'\"" else ""
    end = value[-1] if quote and len(value) > 1 and value[-1] == quote else ""
    return f"{pre}{quote}{Redactor.MASK}{end}"


# a character or word every match of mask_arguments' passes contains (the Redis ACL and secure_link passes
# above it have their own tests)
_ARGUMENT_GUARD = WordGuard("-", "?", "&", ";", "=", "requirepass", "masterauth")


def mask_arguments(text: str) -> str:
    """Every value of a secret-named command-line flag (``--requirepass X``, ``--password=X``, ``--secret 'X'``),
    of a client's short password option (``mysql -pX``, ``redis-cli -a X``), of a Redis password directive and
    of a secret-named URL query parameter (``?key=X``, ``&sig=X``), whatever its shape: hex, a word or a
    random string alike. References (``${VAR}``, ``$VAR``) stay."""
    if text and (">" in text or "<" in text or "#" in text or "!" in text):
        text = _mask_redis_acl(text)
    if text and "secure_link_md5" in text:
        text = _SECURE_LINK.sub(lambda m: m.group(0) if _ONLY_VARIABLES.fullmatch(m.group("value").strip("'\""))
                                else _masked_value(m.group("pre"), m.group("value")), text)
    if not text or not _ARGUMENT_GUARD.search(text):
        return text

    def value_of(m, secret_name: bool) -> str:
        value = m.group("value")
        if not secret_name or _shown(value, m.groupdict().get("name")):
            return m.group(0)
        return _masked_value(m.group("pre"), value)

    text = _FLAG_VALUE.sub(lambda m: value_of(m, _masked_key(m.group("name").replace("-", "_"))
                                              and not m.group("name").lower().endswith("stdin")), text)
    if _STDIN_GUARD.search(text):  # the flag reads its value from the pipe: the value is what is piped in
        text = _PIPED_SECRET.sub(lambda m: m.group(0) if _referenced(m.group("value").strip("'\""))
                                 else _masked_value(m.group("pre"), m.group("value")), text)
        if "<<<" in text:
            text = _HERE_STRING.sub(lambda m: m.group(0) if _referenced(m.group("value").strip("'\""))
                                    or not _STDIN_FLAG_RE.search(_command_before(text, m.start()))
                                    else _masked_value(m.group("pre"), m.group("value")), text)
    if "mysql" in text or "mariadb" in text or "redis-cli" in text:  # _SHORT_PASSWORD's commands
        text = _SHORT_PASSWORD.sub(
            lambda m: m.group(0) if _referenced(m.group("value") or m.group("value2"))
            else (m.group("cmd") or m.group("cmd2")) + Redactor.MASK, text)
    if _CLIENT_GUARD.search(text):
        text = _CLIENT_PASSWORD.sub(
            lambda m: m.group(0) if _referenced(m.group("value") or m.group("value2"))
            else (m.group("pre") or m.group("pre2")) + Redactor.MASK, text)
    if "," in text:
        text = _LISTED_FLAG.sub(lambda m: value_of(m, _masked_key(m.group("name").replace("-", "_"))
                                                   or (m.group("dash") == "-" and m.group("name") == "p")), text)

    if _DIRECTIVE_GUARD.search(text):
        text = _DIRECTIVE_VALUE.sub(lambda m: value_of(m, True), text)
    text = _QUERY_VALUE.sub(lambda m: value_of(m, m.group("name").lower() in _SECRET_QUERY_NAMES
                                               or _masked_key(m.group("name"))), text)
    return _NPM_AUTH.sub(lambda m: value_of(m, True), text)


def _command_before(text: str, end: int) -> str:
    """The command ``text[end]`` belongs to, up to ``end``: back to the last separator, at most
    _HERE_STRING_REACH characters (each here-string costs a bounded look back)."""
    start = max(0, end - _HERE_STRING_REACH)
    return text[max([start] + [text.rfind(sep, start, end) + 1 for sep in "\n;&|"]):end]


def _mask_redis_acl(text: str) -> str:
    def rules(m):
        if not _ACL_EVIDENCE.search(m.group("rules")):
            return m.group(0)
        start = m.start("rules") - m.start()
        return m.group(0)[:start] + _ACL_PASSWORD.sub(lambda p: p.group("op") + Redactor.MASK, m.group("rules"))
    return _REDIS_ACL.sub(rules, text)


def _mask_fallbacks(text: str) -> str:
    """Literal defaults and subscript assignments of secret-named variables (see ``_FALLBACK``)."""
    if not _FALLBACK_GUARD.search(text):
        return text

    def one(m):
        mid = m.group("mid")
        if "," in mid and not (m.group("q") and m.group("post")):
            return m.group(0)  # a list of names, not a name and its default
        if "=" in mid and "]" not in mid:
            return m.group(0)  # a plain assignment: the assignment pattern's
        if not _masked_key(m.group("key")) or _shown(m.group("value")[1:-1], m.group("key")):
            return m.group(0)
        value = m.group("value")
        return m.group("pre") + value[0] + Redactor.MASK + value[-1] + (m.group("post") or "")
    return _FALLBACK.sub(one, text)


def _mask_token_users(text: str) -> str:
    return _URL_TOKEN_USER.sub(lambda m: m.group("pre") + Redactor.MASK
                               if (_HEX.fullmatch(m.group("user")) and len(m.group("user")) >= 32)
                               or looks_real_secret(m.group("user")) else m.group(0), text)


# A command written as a YAML block sequence puts a flag and its value on two lines (`- --requirepass` then
# `- VALUE`): a line is masked knowing the line before it.
_FLAG_ITEM = lazy(r"""^[ \t]*-[ \t]+(?P<q>["']?)--?(?P<name>[A-Za-z][\w-]*)(?P=q)[ \t]*(?:#.*)?$""")
_ITEM_VALUE = lazy(r"""^(?P<pre>[ \t]*-[ \t]+)(?P<value>[^#\s].*?)(?P<post>[ \t]+#.*)?$""")


def mask_after(previous: str | None, text: str) -> str:
    """``text`` with its list item masked when the line before it is a secret-named flag on its own, and with
    the value of a flag that ends the line before it masked (a command continued over lines)."""
    if not previous or "-" not in previous:
        return text
    flag = _FLAG_ITEM.match(previous)
    if flag is None:
        return _mask_continued(previous, text)
    if not _masked_key(flag.group("name").replace("-", "_")):
        return text
    item = _ITEM_VALUE.match(text)
    if item is None or _shown(item.group("value")) or item.group("value").lstrip("'\"").startswith("-"):
        return text
    return _masked_value(item.group("pre"), item.group("value")) + (item.group("post") or "")


_CONTINUED_HEAD = 2000  # the part of the line above read for the command a flag belongs to (`redis-cli ... -a`)


def _mask_continued(previous: str, text: str) -> str:
    """A shell command continued with `\\` (a Dockerfile RUN, a script) or a YAML scalar folded over lines
    (`command: >`) writes a flag at the end of one line and its value at the start of the next
    (`--password \\` then `VALUE`): the line is masked as the rest of the line above, and only what that
    changes in it is taken."""
    head = previous.rstrip()
    if head.endswith("\\"):
        head = head[:-1].rstrip()
    head = head[-_CONTINUED_HEAD:]
    body = text.lstrip()
    if not head or not body or not re.search(r"(?:^|[\s\"',\[])-", head):
        return text
    alone = mask_arguments(head)
    joined = mask_arguments(f"{head} {body}")
    if not joined.startswith(alone + " "):
        return text
    rest = joined[len(alone) + 1:]
    if rest == mask_arguments(body):
        return text  # nothing of this line is an argument of the line above
    return text[:len(text) - len(body)] + rest


def mask_line(text: str) -> str:
    """A source line fit to show: values of secret-named assignments and flags, URL passwords and vendor tokens
    masked."""
    text = mask_arguments(text)
    whole = _whole_line_value(text)
    if whole is not None:
        pre, key, value, post = whole
        if _masked_key(key) and not _shown(value, key):
            text = pre + Redactor.MASK + post
    def assignment(m):
        key, value = m.group("key"), m.group("value")
        bare = value.strip("'\"")
        if _shown(value, key) or _OPERATOR.fullmatch(value):
            return m.group(0)  # `process.env.JWT_SECRET || "x"`: an operator, not the value (see _mask_fallbacks)
        if value in (")", "]", "}"):
            return m.group(0)  # `getenv("DB_PASSWORD" ) or "x"`: the call closes; its fallback is _mask_fallbacks'
        # the pattern casts a wide net; mask only what a secret-named key holds, or what looks like a secret
        if not (_masked_key(key) or looks_real_secret(bare)):
            return m.group(0)
        if re.fullmatch(r"\s+=\s+", m.group("sep")) and re.match(r"\(*[A-Za-z_$][\w.$]*[(\[]|\(+[A-Za-z_$][\w.$]*$", value):
            # source code calling something or reading a subscript (`token = jwt.sign({`, `secret =
            # process.env["JWT_SECRET"] || "x"`): not a value; a literal fallback after it is _mask_fallbacks'
            return m.group(0)
        quote = value[0] if value[:1] in "'\"" else ""
        end = value[-1] if quote and len(value) > 1 and value[-1] == quote else ""
        return f"{key}{m.group('close')}{m.group('sep')}{quote}{Redactor.MASK}{end}"
    if _ASSIGNMENT_GUARD.search(text):
        text = _mask_fallbacks(_ASSIGNMENT.sub(assignment, text))
    if "://" in text:
        text = _URL_PASSWORD.sub(lambda m: m.group(0) if _referenced(m.group("pw")) else m.group("pre") + Redactor.MASK,
                                 text)
        text = _mask_token_users(text)
    text = _mask_auth(text)
    text = _mask_known_formats(text)
    # any other word that looks like a token, wherever it stands (hex digests and hashes are left readable)
    # (nor names made of words: ALLOW_EMPTY_PASSWORD, --max-old-space-size)
    return _TOKEN_WORD.sub(lambda m: Redactor.MASK if _token_in_prose(m.group(0)) else m.group(0), text)


_FLAG_VALUE = lazy(r"""(?P<pre>(?<![\w-])--?(?P<name>[A-Za-z][\w-]*)(?:=|[ \t]+))(?!-)"""
                   r"""(?P<value>\\?"[^"]*"?|\\?'[^']*'?|[^\s'"`,;)\]]+)""")
_DIRECTIVE_VALUE = lazy(r"(?P<pre>(?:^|[`'\"{;\n=])[ \t]*(?:requirepass|masterauth)[ \t]+)(?P<value>[^\s'\"`;]+)", re.I)
_DIRECTIVE_GUARD = WordGuard("requirepass", "masterauth")
_QUERY_VALUE = lazy(r"(?P<pre>[?&](?P<name>[\w.-]+)=)(?P<value>[^&#\s'\"`;]+)")
_NPM_AUTH = lazy(r"(?P<pre>:_(?:authToken|auth|password)\s*=\s*)(?P<value>[^\s'\"`;]+)", re.I)


def _mask_known_formats(text: str) -> str:
    if not known_format(text):  # the usual case: none of the twenty substitutions would apply
        return text
    for pattern in KNOWN_SECRET_FORMATS:
        text = pattern.sub(Redactor.MASK, text)
    return text


# A run stamps thousands of findings whose messages and keys repeat (the same missing healthcheck in every
# service): masking is a dozen regular-expression passes, so short texts are masked once each.
_MEMO_MAX = 400


def mask_message(text: str) -> str:
    """Prose that may quote evidence (a finding's message, a parse error, a notice) with every secret-shaped
    part masked: values after secret-named command-line flags (``--requirepass X``), Redis password
    directives, secret-named URL query parameters (``?api_key=X``), npm auth settings, URL passwords,
    ``NAME=value`` / ``NAME: value`` assignments of secret names, authorization headers and token-shaped words.

    Unlike :func:`mask_line`, a name followed by a space is prose (``JWT_SECRET has 12 characters``), not an
    assignment, so messages stay readable."""
    if not text:
        return text
    return _mask_message_memo(text) if len(text) <= _MEMO_MAX else _mask_message(text)


@functools.lru_cache(maxsize=4096)
def _mask_message_memo(text: str) -> str:
    return _mask_message(text)


def _mask_message(text: str) -> str:
    text = mask_arguments(text)

    def assignment(m):
        if not re.search(r"[:=]", m.group("sep")):
            return m.group(0)  # "NAME is ..." is prose about the variable
        value = m.group("value")
        if _shown(value, m.group("key")) or not _masked_key(m.group("key")) or _OPERATOR.fullmatch(value):
            return m.group(0)
        if re.fullmatch(r":\s+", m.group("sep")) and re.fullmatch(r"[a-z]+", value) and \
                re.match(r" [a-z`(]", text[m.end():m.end() + 2]):
            return m.group(0)  # "has no password: add `requirepass` ..." is a sentence, not a setting
        if re.match(r"[A-Za-z_$][\w.$]*\(", value):
            return m.group(0)
        if value.startswith("?") and m.group("sep") == ":" and text[max(0, m.start() - 2):m.start()] == "${":
            return m.group(0)  # advice to write `${NAME:?}`: what follows `:?` is compose's error text, no value
        quote = value[0] if value[:1] in "'\"" else ""
        end = value[-1] if quote and len(value) > 1 and value[-1] == quote else ""
        return f"{m.group('key')}{m.group('close')}{m.group('sep')}{quote}{Redactor.MASK}{end}"
    if _ASSIGNMENT_GUARD.search(text):
        text = _mask_fallbacks(_ASSIGNMENT.sub(assignment, text))
    # advice may show the shape of a URL (redis://:PASSWORD@host): a placeholder there is no evidence
    if "://" in text:
        text = _URL_PASSWORD.sub(lambda m: m.group(0) if is_placeholder(m.group("pw")) or _referenced(m.group("pw"))
                                 else m.group("pre") + Redactor.MASK, text)
        text = _mask_token_users(text)
    text = _mask_auth(text)
    text = _mask_known_formats(text)
    return _TOKEN_WORD.sub(lambda m: Redactor.MASK if _token_in_prose(m.group(0)) else m.group(0), text)


def shorten(evidence: str, limit: int, ellipsis: str = "") -> str:
    """Evidence quoted by a message, masked first and then cut to ``limit`` characters (plus ``ellipsis`` when
    cut): cut first, ``https://user:SECRET@host`` would lose the ``@`` that makes its password recognisable."""
    masked = mask_message(evidence)
    if len(masked) <= limit:
        return masked
    return masked[:limit] + ellipsis


# words joined by one or two separators: `__` nests settings in .NET, pydantic-settings and Gitea
# (GITEA__database__PASSWD, ConnectionStrings__Default)
_NAME_LIKE = lazy(r"(?:[A-Za-z]+[0-9]{0,4}|[0-9]{1,4})(?:[-_.]{1,2}(?:[A-Za-z]+[0-9]{0,4}|[0-9]{1,4}))*")


def _token_in_prose(word: str) -> bool:
    """A word of a message that looks like a credential: random-looking, and not a name made of words
    (``--max-old-space-size``, ``GRAYLOG_SHA256_PASSWORD``, ``libcurl4-openssl-dev``, ``trustProxyHeaders``)
    nor a hex digest."""
    bare = word.strip("-_=")
    if _HEX.fullmatch(bare) or _NAME_LIKE.fullmatch(bare):
        return False
    return looks_real_secret(bare)


_HUNK = lazy(r"^@@ -(\d+)")


def mask_diff(diff: str, redactor: "Redactor | None" = None, originals: dict[str, str] | None = None) -> str:
    """A unified diff fit to print: every changed and context line masked like a snippet (headers too:
    a file name is no secret, but it is prose from the repository), judged values scrubbed. ``originals``:
    the text before the change of each file, by its ``--- `` header name, for the line above a hunk."""
    from .report.visible import inert_start, visible
    out = []
    previous = None  # the source line before this one (a flag whose value is on the next line)
    original: list[str] = []
    for line in diff.split("\n"):  # LF only: any other control inside a line is shown, never obeyed
        body = line[:-1] if line.endswith("\r") else line
        ending = line[len(body):]
        if body.startswith("--- "):
            original = (originals or {}).get(body[4:], "").split("\n")
        hunk = _HUNK.match(body)
        # judged values are scrubbed first: a pattern that masks part of one (the first word of a legacy
        # `ENV JWT_SECRET two words`) leaves it no longer whole, and its other words would be printed
        if body[:1] in ("+", "-", " ") and not body.startswith(("+++ ", "--- ")):
            source = body[1:]
            shown = redactor.scrub_line(source) if redactor is not None else source
            body = body[0] + mask_line(mask_after(previous, shown))
            previous = source
        else:
            body = mask_message(redactor.scrub(body) if redactor is not None else body)
            start = int(hunk.group(1)) if hunk else 0
            previous = original[start - 2].rstrip("\r") if 2 <= start <= len(original) + 1 else None
        if redactor is not None:
            body = redactor.scrub(body)
        out.append(inert_start(visible(body)) + ending)
    return "\n".join(out)


# ---- settings as the variable rules judge them ------------------------------------------------------
def by_scope(settings) -> dict:
    """{(service, path): {NAME: setting}}: the variables a service (or a file) sees together."""
    scopes: dict = {}
    for s in settings:
        scopes.setdefault((s.service, s.path), {})[s.name.upper()] = s
    return scopes


def effective(settings) -> list:
    """One setting per variable and scope: the last assignment wins, as in dotenv, compose and Docker."""
    out = {}
    for s in settings:
        out[(s.service, s.stage, s.name)] = s
    return list(out.values())


def shipped_stage_labels(doc, model=None) -> set[str]:
    """Labels (name or index) of the shipped stages (the final one, or the targets production builds name,
    see ``parsers.dockerfile.shipped``) and the stages they inherit ENV from."""
    if not doc.stages:
        return set()
    if model is None:
        return {s.label for s in doc.final_stage.chain()}
    from .parsers.dockerfile import shipped
    return {s.label for stage, _ in shipped(doc, model) for s in stage.chain()}


def written_settings(model, doc) -> list:
    """Settings this document writes with a literal value that reaches the running program.

    env files: every last assignment. compose: ``environment`` entries after interpolation whose value is
    written here (a ``${VAR:-default}`` default counts; a value only the deploy environment or ``.env``
    supplies does not). Dockerfiles: ``ENV`` of the shipped stage and the stages it is built from.
    """
    return doc.memo("written_settings", lambda: _written_settings(model, doc))


def _written_settings(model, doc) -> list:
    settings = effective(model.settings(doc))
    if doc.kind == "dockerfile":
        shipped = shipped_stage_labels(doc, model)
        settings = [s for s in settings if s.instruction == "ENV" and s.stage in shipped]
    elif doc.kind == "env":
        overridden = production_overrides(model, doc)
        settings = [s for s in settings if s.name not in overridden]
    return [s for s in settings if s.literal and s.value is not None]


_PRODUCTION_ENV_FILES = (".env.production", ".env.production.local", ".env.prod")


def production_overrides(model, doc) -> set[str]:
    """Names a plain ``.env`` defines that a sibling ``.env.production`` redefines: in production the
    sibling's value is the one loaded (Vite, Next.js, Create React App, dotenv-flow), so ``.env`` holds a
    development default for them."""
    from pathlib import Path
    path = Path(doc.file.path)
    if path.name != ".env":
        return set()
    names: set[str] = set()
    for sibling in _PRODUCTION_ENV_FILES:
        other = model.env_document(path.parent / sibling)
        if other is not None:
            names.update(e.key for e in other.entries)
    return names


def setting_scopes(model, doc) -> list[list]:
    """Groups of variables one program sees together: an env file; each compose service's environment
    (env_file entries included); a Dockerfile's shipped stage."""
    if doc.kind == "compose":
        return [service.environment() for service in model.compose_services(doc)]
    if doc.kind == "dockerfile":
        shipped = shipped_stage_labels(doc, model)
        return [[s for s in effective(model.settings(doc)) if s.instruction == "ENV" and s.stage in shipped]]
    return [effective(model.settings(doc))]


def written_here(setting, doc) -> bool:
    """The setting is written in this document's own syntax (not pulled in from an env_file)."""
    return setting.origin == doc.kind


def secret_ranges(text: str, values) -> set[tuple[int, int, int]]:
    """(line, column, length) of every occurrence of the values in a text: masks that outlive the values."""
    found: set[tuple[int, int, int]] = set()
    line_starts = None  # offsets of each line's start, found once: counting newlines per match was quadratic
    for value in values:
        if len(value) < 3:
            continue
        start = text.find(value)
        while start != -1:
            if line_starts is None:
                line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
            line = bisect.bisect_right(line_starts, start)
            found.add((line, start - line_starts[line - 1] + 1, len(value)))
            start = text.find(value, start + len(value))
    return found


# A judged value the source does not write in one run of characters: a YAML block scalar's lines, strings
# joined by concatenation (`'ab' 'cd'`, `'ab' + 'cd'`), escapes, a value continued over lines. Its pieces are
# the source's tokens (runs without spaces, quotes, backslashes or `+`) that are part of the value.
_PIECE = lazy(r"[^\s'\"`\\+]{4,}")


def written_pieces(text: str, value: str, tokens: set[str] | None = None) -> set[str]:
    """The parts of a judged value the text writes apart; empty when the text holds the value on one line.
    ``tokens``: the text's tokens, when the caller has them (one scan of a file for all its values)."""
    if len(value) < 4 or ("\n" not in value and value in text):
        return set()
    if tokens is None:
        tokens = text_tokens(text)
    return {t for t in tokens if len(t) <= len(value) and t in value and t != value and secret_value(t) is not None}


def text_tokens(text: str) -> set[str]:
    """The tokens :func:`written_pieces` looks among."""
    return set(_PIECE.findall(text))


def index_ranges(ranges) -> dict[int, list[tuple[int, int]]]:
    """(line, column, length) ranges grouped by line, for masking many lines of one file: filtering every
    range for each line made a file with thousands of judged values quadratic."""
    by_line: dict[int, list[tuple[int, int]]] = {}
    for line, column, length in ranges:
        by_line.setdefault(line, []).append((column, length))
    return by_line


MAX_SNIPPET_SOURCE = 4096  # longer lines (minified code) are shown from the file at report time


def masked_line(file, line: int, ranges, max_length: int | None = MAX_SNIPPET_SOURCE) -> str | None:
    """A file's line with judged values (by position) and secret-shaped text (by pattern) masked; None for a
    line longer than ``max_length`` (kept for later: a shortened line could end inside a secret another file
    judged)."""
    text = file.line_text(line)
    if max_length is not None and len(text) > max_length:
        return None
    return mask_line(mask_after(file.line_text(line - 1) if line > 1 else None, mask_ranges(text, line, ranges)))


def mask_ranges(line_text: str, line: int, ranges) -> str:
    """A line with the given (line, column, length) ranges replaced by the mask; ``ranges`` is a collection of
    them or their :func:`index_ranges`."""
    on_line = ranges.get(line, ()) if isinstance(ranges, dict) else [(c, n) for ln, c, n in ranges if ln == line]
    merged: list[list[int]] = []
    for column, length in sorted(on_line):
        if merged and column <= merged[-1][1]:  # overlapping values: mask their union once
            merged[-1][1] = max(merged[-1][1], column + length)
        else:
            merged.append([column, column + length])
    for start, end in reversed(merged):
        line_text = line_text[:start - 1] + Redactor.MASK + line_text[end - 1:]
    return line_text
