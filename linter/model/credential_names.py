"""What a secret-looking name holds in Python source: the names the settings rules own (SECRET_KEY, JWT keys,
database passwords) and the values under a secret's name that are not credentials (a header name, a cache key, an
email body). PY001 and PY019 judge with the same words, so a value one of them lets pass the other does too."""
from __future__ import annotations

import re

from ..lazyre import lazy
from ..secrets import PUBLIC_BY_DESIGN, constant_name, is_template_marker, name_words, names_itself, password_hash

SECRET_KEY_NAME = lazy(r"^(\w+_)?SECRET_KEY$|^secret_key$", re.I)


def is_jwt_setting_name(name: str) -> bool:
    return bool(re.search(r"jwt|signing_key|token_secret", name, re.I))


def is_db_setting_name(name: str) -> bool:
    return bool(re.search(r"(^|_)(db|database|postgres|pg|mysql|mariadb|mssql|mongo\w*|redis)(_|$)|_dsn$|"
                          r"database_url", name, re.I))


# a KEY that names a lookup key (a cache key, the header a token travels in, the request attribute or
# environment variable it is kept under), not a credential. COOKIE,
# STORAGE, STATE and CONTEXT are left out: SESSION_COOKIE_KEY, *_STORAGE_KEY (an S3 secret) and STATE_KEY
# name keys that sign or encrypt
_LOOKUP_KEY_NAME = lazy(r"(^|_)(HEADER|CACHE|QUERY|PARAM|LOOKUP|SORT|FIELD|META|LOCK|"
                        r"IDEMPOTENCY|PARTITION|ROUTING|DICT|JSON|FORM|URL|KWARG|SETTINGS)_KEY$|"
                        r"_KEY_(NAME|PREFIX|FIELD|HEADER)$|(^|_)(BODY|SUBJECT|TEMPLATE|MESSAGE|TEXT|LABEL|HELP|"
                        r"TITLE|PROMPT|ERROR|URL|PATH|HEADER|FIELD|NAME|PREFIX|SUFFIX|ATTR|ATTRIBUTE|VAR|"
                        r"VARIABLE)$", re.I)
# a KEY holding lowercase words joined by `_`, `-` or `.` ("polar_auth_session", "seat_based_pricing_enabled",
# Django's own SESSION_KEY = "_auth_user_id"): the name a cookie, a flag, a cache or session entry is stored under;
# a generated key has digits or mixed case, save a product's name heading the words ("SearXNG_limiter.token", a
# Valkey entry). A SALT of words ("email-verification") is the namespace a signer
# (Django's signing, itsdangerous) keeps apart, documented as needing no secrecy; a random salt is still judged
_WORDS_KEY = lazy(r"_?(?:[A-Z][A-Za-z]{1,20}[-_.][a-z][a-z0-9]+(?:[-_.][a-z][a-z0-9]*){0,8}|"
                  r"[a-z][a-z0-9]+(?:[-_.][a-z][a-z0-9]*){1,8})")
# "super_secret_cookie" is a weak key, not a name; a secret's noun closing the words ("face_token", "api_key") names
# the entry where one is kept
_SECRET_WORD = lazy(r"secret|key|pass|pwd|token|sign")
_SECRET_NOUNS = frozenset({"token", "key", "secret", "password", "signature"})
# a value that is one template placeholder and nothing else ('{module}', '%(name)s', '{{ token }}'): what a
# formatter replaces, as a TOKEN of a name template does
_PLACEHOLDER_ONLY = lazy(r"\{\{?[ \t]?\w{1,40}[ \t]?\}\}?|%\(\w{1,40}\)[sdr]")
# an HTTP header name: "Authorization", "X-API-Key"
_HEADER_VALUE = lazy(r"^(Authorization|Proxy-Authorization|Cookie|Set-Cookie|Bearer|Token|X(-[A-Za-z0-9]+)+)$", re.I)
# a namespaced cache or lock key, lowercase words joined by colons ("sumo:wiki:full-rebuild"): the name of
# a Redis entry, which no generator of secrets produces
_NAMESPACED_KEY = lazy(r"^[a-z][a-z0-9_.-]{0,40}(:[a-z0-9_.-]{1,40}){2,8}$")
# a route's path ("/api/v1/api-keys/{key_id:uuid}/revoke" under API_KEY_REVOKE): lowercase segments and
# path parameters, which no generator of secrets writes
_ROUTE_PATH = lazy(r"(/(\{[\w:]{1,40}\}|<[\w:]{1,40}>|[a-z0-9][a-z0-9_.-]{0,40})){2,12}/?")
# what makes words a sentence rather than a passphrase ("correct horse battery staple"): a word ended by
# sentence punctuation. One fixed-width step per match attempt, so nothing backtracks on a long value
_SENTENCE_PUNCTUATION = lazy(r"[A-Za-z][.,;:!?](?:\s|$)")
# a message template's placeholder: {site}, {{ user }}, %(name)s
_TEMPLATE_MARKER = lazy(r"\{\{?[ \t]?\w{0,40}[ \t]?\}|%\(\w{1,40}\)[sdr]")
_WORD = lazy(r"[A-Za-z][a-z']{0,30}[,.;:!?]?")
# the small words a sentence cannot do without and a generated passphrase rarely draws twice
_FUNCTION_WORDS = frozenset("""a an the to of in on at for by with from and or but not no is are was were be been
must can will should may do does did you your we our it its this that these those what which who when where how
if than then as""".split())
# the name of a hashing or signing algorithm (Flask-Security's SECURITY_PASSWORD_HASH = "pbkdf2_sha512", a
# JWT_ALGORITHM = "HS256"): which method is used, never a key for it
_ALGORITHM_VALUE = lazy(r"(?:pbkdf2|bcrypt|argon2(?:id|i|d)?|scrypt|sha(?:1|224|256|384|512)|md5|blake2[bs]?"
                        r"|plaintext|(?:des|bsdi|md5|sha1|sha256|sha512)_crypt|[HRE]S(?:256|384|512)|PS(?:256|384|512))"
                        r"(?:[-_](?:sha(?:1|224|256|384|512)|crypt|hmac|sha3_\d{3}))?", re.I)
# a bcrypt salt in its modular crypt form ("$2b$12$" and 22 characters): bcrypt writes it at the head of every
# hash it makes, so it is public wherever a hash is
_BCRYPT_SALT = lazy(r"\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{22}")
# a sentinel in dunder form ("__app_pending_bot_token__"): a marker code compares with, written by hand, never a
# generator's output (a build-time marker spelling the name is names_itself's)
_SENTINEL = lazy(r"__[a-z][a-z0-9]*(?:_[a-z0-9]+)*__")
# a camelCase field, an underscore or dollar sign in front allowed (`_supplementalDetails`, `$userId`)
_CAMEL_FIELD = lazy(r"[_$]{0,2}([a-z]{2,}(?:[A-Z][a-z]+){1,5})")
_VOWEL = lazy(r"[aeiouy]", re.I)
# a regular expression's character class with its quantifier ("[A-Za-z0-9-]+" under _DATA_URL_TOKEN): a pattern
_LOWER_WORDS = lazy(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+){2,12}")
_CHARACTER_CLASS = lazy(r"\[[^\]\s]{2,80}\][+*?{]")
_PROSE_SCAN = 2000  # a sentence shows itself in its first lines; a long blob is not read to its end


def prose(value: str) -> bool:
    """A sentence (several words, most of them dictionary-like, with sentence punctuation or two of the small
    words sentences are made of) or a message template (words around a {placeholder}): an email body, a help
    text. A PEM block is never prose, and a passphrase of plain words has neither."""
    v = value[:_PROSE_SCAN]
    if "-----BEGIN" in v:
        return False
    words = v.split()
    if len(words) < 2:
        return False
    if _TEMPLATE_MARKER.search(v):
        return True
    wordy = sum(1 for w in words if _WORD.fullmatch(w))
    if len(words) < 3 or 2 * wordy < len(words):
        return False
    small = sum(1 for w in words if w.lower().strip(",.;:!?") in _FUNCTION_WORDS)
    return small >= 2 or bool(_SENTENCE_PUNCTUATION.search(v))


def not_a_credential(name: str, value) -> bool:
    """A secret-looking name holding something that is not a credential: an email body
    (``DEFAULT_PASSWORD_RESET_BODY``), the header a token travels in (``HEADER_KEY = "Authorization"``), a
    cache key's name (``REBUILD_TOKEN = "app:wiki:rebuild"``). Only for the names PY001 guesses at; SECRET_KEY
    itself is always judged."""
    if not isinstance(value, str):
        return False
    v = value.strip()
    return bool(_LOOKUP_KEY_NAME.search(name) or _HEADER_VALUE.match(v) or _NAMESPACED_KEY.match(v) or prose(v)
                or _ROUTE_PATH.fullmatch(v) or _PLACEHOLDER_ONLY.fullmatch(v) or _entry_name(name, v)
                or _ALGORITHM_VALUE.fullmatch(v) is not None
                or (name_words(name)[-1:] == ["SALT"] and _BCRYPT_SALT.fullmatch(v) is not None)
                or _SENTINEL.fullmatch(v) or constant_name(v) or password_hash(v) or _CHARACTER_CLASS.search(v)
                or PUBLIC_BY_DESIGN.match(v) or _text_lines(v) or _named_after(name, v) or _field_name(v))


def _field_name(value: str) -> bool:
    """A record's field written in camelCase, words a vowel each (``_supplementalDetails`` under
    SUPPLEMENT_KEY, ``userId`` under USER_ID_KEY): the key a document is read by, not a secret. A generator's
    mixed case does not fall into words this way."""
    match = _CAMEL_FIELD.fullmatch(value)
    if match is None or _SECRET_WORD.search(value.lower()):
        return False  # `mySecretPassword` is a person's weak password, not a field
    return all(_VOWEL.search(w) for w in re.findall(r"[A-Z]?[a-z]+", match.group(1)))


def _named_after(name: str, value: str) -> bool:
    """Lowercase words that repeat two words of the name or more ("durable-agent-remint-scope-tokens-v1" under
    REMINT_SCOPE_TOKENS_PATCH), a name whose head is not the secret: an identifier made from the name (a patch,
    a migration, an event), not a secret."""
    words = name_words(name)
    if not _LOWER_WORDS.fullmatch(value) or not words or _SECRET_WORD.search(words[-1].lower()):
        return False  # ADMIN_PASSWORD = "admin-password-2024" is a weak password, the head of its name the secret
    named = {w for w in words if len(w) >= 3}
    return len(named & {w.upper() for w in re.split(r"[-_.]", value)}) >= 2


def _text_lines(value: str) -> bool:
    """Several lines that hold no key block: a code sample shown to users, a template, a document. A credential
    is one token; the multi-line ones (PEM keys, a service account's JSON) carry a `-----BEGIN` block."""
    return value.count("\n") >= 2 and "-----BEGIN" not in value


def _entry_name(name: str, value: str) -> bool:
    """A KEY or SALT holding words: the name of an entry or a signer's namespace, not a key. A salt keeps hashes
    (or a key derivation, HKDF's `salt=b"app-oidc-client-secret-v1"`) apart and is stored beside what it salts:
    words naming its purpose are its usual form, whatever secret words they mention."""
    if name_words(name)[-1:] not in (["KEY"], ["SALT"]) or not _WORDS_KEY.fullmatch(value):
        return False
    if name_words(name)[-1:] == ["SALT"]:
        return True
    words = re.split(r"[-_.]", value.lstrip("_").lower())
    if words[-1] in _SECRET_NOUNS:
        words.pop()
    return not any(_SECRET_WORD.search(w) for w in words)


def judged_value(name: str, value) -> bool:
    """A value worth judging: a non-empty string that is not the variable's own name (a config key)."""
    return isinstance(value, str) and bool(value.strip()) and value.strip().lower() != name.lower()


# the words of a password's name: a value that is one of them (`{"pass": "password"}`, `{"pwd": "passwd"}`) maps
# a field's names, it is no password
_PASSWORD_WORDS = frozenset({"PASSWORD", "PASSWORDS", "PASSWD", "PWD", "PASS", "PASSPHRASE", "PW", "PSWD"})
# the words of a stand-in, written where no password is meant to be (`"FAKEPASSWORD"` in a preview e-mail)
_SHOWN_WORDS = frozenset({"FAKE", "DUMMY", "EXAMPLE", "SAMPLE", "PLACEHOLDER", "REDACTED", "MASKED", "HIDDEN"})
# an environment variable's or a setting's name (`PASSWORD = "BW_PASSWORD"`): where the password is read from
_SETTING_NAME = lazy(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
# an identifier's or a key path's spelling: letters and digits in words joined by case, `_`, `-`, `:`, `.` or `/`
_IDENTIFIER_VALUE = lazy(r"[A-Za-z][A-Za-z0-9]*(?:[_:./-][A-Za-z0-9]+)*")
# a key path: words joined by `:`, `.` or `/` (and `_` within them), ending in a password's full word. A bare
# snake_case value (`"class_password"`) is a password Bandit's own example writes, unless it spells the name it is
# given (`dbPassword: 'db_password'`, names_itself)
_KEY_PATH = lazy(r"[A-Za-z][A-Za-z0-9_]*(?:[:./][A-Za-z0-9_]+)+")
_FULL_PASSWORD_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE"})
# one lowercase word or snake_case name (`"textbox"`, `"hidden"`, `"db_password"`): in a table with no account
# beside it, what a field maps to (a column, a widget); digits make it a password (`"hunter2"`)
_PLAIN_WORD = lazy(r"[a-z]{2,20}(?:_[a-z]{2,20}){0,3}")
# the keys that make a dictionary a set of credentials: who logs in, and where
_ACCOUNT_KEYS = frozenset({"user", "username", "user_name", "login", "host", "hostname", "server", "account",
                           "userid", "user_id", "uid"})


def password_name_value(value: str) -> bool:
    """A value under a password's name that names something rather than being a password: a field name made of
    a password's words (`"password"`, `"passwd"`, `"new_password"`) or about one (`"PasswordField"`), an
    environment variable, setting or key to read it from (`"BW_PASSWORD"`, `"SMTP_PASS"`, `"admin:password"`), or
    a stand-in that says so (`"FAKEPASSWORD"`, `"redacted"`)."""
    v = value.strip()
    words = name_words(v)
    if words == ["PASS"]:
        return False  # `"pass"` alone is the weak password itself far more often than a field's short name
    if any(w in v.upper() for w in _SHOWN_WORDS):
        return True  # `"FAKEPASSWORD"`, `"redacted"`: a stand-in shown where the password is not
    if _KEY_PATH.fullmatch(v) and words[-1] in _FULL_PASSWORD_WORDS:
        # a settings store's key (`"admin:password"`, `"smtp.password"`, `"users/password"`): where the password
        # is kept, as an environment variable's name is; a short `relay_pass` may be one
        return True
    if _IDENTIFIER_VALUE.fullmatch(v) and any(w in _PASSWORD_WORDS and nxt.isalpha()
                                              for w, nxt in zip(words, words[1:])):
        # a password's word then another word (`"PasswordField"`, `"password-input"`, `"password_hash"`): what a
        # form, a widget table or a schema calls the field, as the name `passwordField` is about a password and
        # not one; a value ending in the word (`"SuperSecretPassword"`, `"relay-pass"`) stays a password
        return True
    return bool(words) and set(words) <= _PASSWORD_WORDS | {"NEW", "OLD", "CURRENT", "CONFIRM", "USER", "ACCOUNT"} \
        and _SETTING_NAME.fullmatch(v) is None and any(w in _PASSWORD_WORDS for w in words) \
        or _SETTING_NAME.fullmatch(v) is not None


def written_password(name: str, value: str) -> bool:
    """A literal given to a password-named name that is a password whatever it looks like (Bandit's and njsscan's
    reading: `"root"` opens the same login as a random value). Not one: nothing written (empty, `<password>`,
    `xxxx`), words with spaces (a message), a value spelling its own name, a field or variable name, or a value
    that is no credential. Digits are a PIN even when they repeat (`"1212"`, `"0000"`): no one marks an empty slot
    with digits, while `xxxx` and `****` mark one."""
    v = value.strip()
    marker = is_template_marker(v) and not v.isdigit()
    return len(v) >= 4 and not any(c.isspace() for c in v) and not marker and not names_itself(name, v) and \
        not not_a_credential(name, v) and not password_name_value(v) and v.lower() not in _FLAG_WORDS and \
        not _DOTTED_NAME.fullmatch(v)


# a flag's value (`usable_password = 'true'` in a form's cleaned data) and a dotted name of three words or more (a
# data category `user.credentials.password`, a setting's path): what a password-named field holds besides passwords
_FLAG_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null"})
_DOTTED_NAME = lazy(r"[a-z][a-z_]*(?:\.[a-z][a-z_]*){2,}")


def mapping_entry(value: str, siblings) -> bool:
    """A dictionary entry holding one plain lowercase word with no account or server beside it (`{"text":
    "textbox", "password": "textbox"}`): a table mapping names, not credentials. `{"user": u, "password":
    "pass"}` and `{"password": "12345"}` are credentials."""
    return _PLAIN_WORD.fullmatch(value.strip()) is not None and \
        not any(k.lower() in _ACCOUNT_KEYS for k in siblings)
