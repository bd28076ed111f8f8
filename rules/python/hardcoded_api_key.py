"""API keys and tokens must not be written in Python backend source.

## What it does
Reports, in production Python code of a Django, Flask, FastAPI or Starlette backend:

- any string literal holding a credential in a known token format (AWS access key ids, GitHub, GitLab, Stripe
  live, Slack, SendGrid, Twilio and OpenAI keys, Google API keys and OAuth client secrets, private-key blocks,
  signed JWTs), wherever it is written;
- a random-looking literal (16 characters or more, high entropy, digits or mixed case) given a name that says it
  is a secret (`api_key`, `access_token`, `client_secret`, `WEBHOOK_SECRET`, `password`): assigned to a variable
  or attribute (`stripe.api_key = "..."`), passed as a keyword argument (`Minio(secret_key="...")`), written under
  a dictionary key (`{"X-Api-Key": "..."}`), given as a parameter's default (`def client(token="...")`), compared
  with (`if token == "..."`), or written as the fallback of an environment read (`os.getenv("HOOK", "...")` with
  a secret-named variable, also inside a call);
- any literal given to a name that holds a password (`password`, `smtp_pwd`, `EMAIL_PASSWD`, `passphrase`) in
  the same places, whatever it looks like: a parameter's default (`def connect(host, password="s3cure-enough")`,
  every caller that leaves the argument out logs in with it), an assignment (`password = "blerg"`, a class
  attribute, `creds["password"] = "..."`), a keyword argument (`login(password="...")`), a dictionary entry
  (`{"password": "hunter22"}`): a short or word-like password opens the same login as a random one (`None`, an
  empty string, a template such as `"<password>"`, words with spaces, a value naming a field or a variable,
  `PASSWORD_FIELD = "password"`, `PASSWORD = "BW_PASSWORD"`, and one plain word in a table with no user or host
  beside it, `{"password": "textbox"}`, pass; a comparison may refuse the value it names, so there only a
  random-looking one is reported).

Placeholders (`your-api-key`, `changeme`, `xxx`), a hashing algorithm's name (`"pbkdf2_sha512"`), a bcrypt salt
(`"$2b$12$..."`, public in every hash it makes), a salt of words (HKDF's `salt=b"app-client-secret-v1"`) or a
constant only ever passed as a key derivation's or a signer's `salt=` (`PBKDF2HMAC(salt=_KDF_SALT)`), a
private-key header named in a message without the key after it, a model's name in capitals, a regular expression,
the password parameter of a developer's function (`def create_dev_user(password="...")`), values that spell their
own name (`API_KEY = "API_KEY"`, a build-time marker `"__SENTRY_TOKEN__"`), template strings, header names and cache
keys under a secret's name, schema examples (`Field(examples=[...])`, `json_schema_extra`) and development
configuration classes are not reported; test files are not production. Settings named as secrets (module-level
settings, `app.config`, configuration classes) and their environment fallbacks are PY001's, JWT keys PY002's,
database passwords PY011's and the passwords of seeded accounts PY020's: each mistake is reported once.

## Why it matters in production
A key in the repository is a key in every clone, fork, CI log and backup, and in the history after it is deleted.
Keys in public repositories are found by scanners within minutes of a push. Move the key to the environment or a
secret store and rotate it: the committed value must be considered leaked.

## Example
```text path=requirements.txt
fastapi==0.111
```
```python path=app/payments.py
import stripe
from fastapi import FastAPI

app = FastAPI()
stripe.api_key = "sk_live_51Hx3bQ2eZvKYlo2CabcdefGHIJklmnOPQRst"
```

## Use instead
```text path=requirements.txt
fastapi==0.111
```
```python path=app/payments.py
import os

import stripe
from fastapi import FastAPI

app = FastAPI()
stripe.api_key = os.environ["STRIPE_API_KEY"]
```

## References
- https://cwe.mitre.org/data/definitions/798.html
- https://bandit.readthedocs.io/en/latest/plugins/b105_hardcoded_password_string.html
- https://bandit.readthedocs.io/en/latest/plugins/b106_hardcoded_password_funcarg.html
- https://bandit.readthedocs.io/en/latest/plugins/b107_hardcoded_password_default.html
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.python import (NON_PRODUCTION_CLASS, documentation_examples, named_literals, salt_names,
                               settings_secret_spans)
from linter.api.secrets import (is_placeholder, is_secret_name, known_format, looks_real_secret, mapping_entry,
                                name_words, names_itself, not_a_credential, secret_value, written_password)

META = RuleMeta(
    id="PY019", name="python-hardcoded-api-key", kinds=("python",), severity="error",
    checklist=("secrets.in-repo",), cwe=(798, 259),
    peers=("bandit:B105", "bandit:B106", "bandit:B107", "ruff:S105", "ruff:S106", "ruff:S107"),
)
MESSAGES = {
    "known": "a credential in a known token format is written in the source; move it to the environment or a "
             "secret store and rotate it",
    "named": "`{name}` is given a literal that looks like a real credential; read it from the environment (or a "
             "secret store) and rotate it",
    "default": "the parameter `{name}` defaults to a password written in the source, which every caller that leaves "
               "it out logs in with; require the argument or read it from the environment",
    "password": "`{name}` is given a password written in the source, whatever it looks like it opens the same "
                "login in every deployment; read it from the environment (or a secret store) and rotate it",
    "fallback": "`{name}` falls back to a literal credential when {env} is unset; read os.environ[\"{env}\"] so a "
                "missing variable fails at start-up, and rotate the committed value",
}
# a parameter that takes a password (B107): `password`, `admin_passwd`, `smtp_pwd`, `passphrase`
_PASSWORD_NAME = lazy(r"(pass(word|wd|phrase)?|pwd)$", re.I)
# Bandit's places where a name gives a literal to a password (B105 assignments, B106 keyword arguments, B107
# defaults) and a dictionary entry: there a password is one whatever it looks like (`"root"`, `"changeme"`): the
# login it opens does not depend on how random it looks. Fallbacks and setters name an environment or settings
# entry, which PY001/PY011 judge; a comparison may as well refuse the value (`if password == "default": raise`)
# as accept it, so only a random-looking one is reported there
_PASSWORD_PLACES = frozenset({"default", "assignment", "keyword", "key"})
# a template filled in at run time: {token}, %(key)s, %s
_TEMPLATE = lazy(r"\{[\w.\[\]]*\}|%(\(\w+\))?[sdr]")
# an HTTP authorization value: the scheme, then the credential it carries
_AUTH_SCHEME = lazy(r"^(Bearer|Token|Basic|Bot|ApiKey)\s+(\S+)$", flags=0)
_AUTH_NAMES = frozenset({"authorization", "proxy-authorization", "auth", "auth_header", "authorization_header"})
# a dotted Python path (`authentication.backends.oidc.OIDCAuthPasswordBackend`): a setting naming the class that
# checks passwords or tokens, not a credential
_DOTTED_PATH = lazy(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")
# the header of a private-key block alone is a marker a parser looks for, not a key
_PEM_MARKER = lazy(r"^\s*-----(BEGIN|END) [A-Z ]*PRIVATE KEY( BLOCK)?-----\s*$")
# a private-key block with its key: base64 lines after the header. Without them the header is named in a
# message ("check the key begins with `-----BEGIN OPENSSH PRIVATE KEY-----`"), as a parser's marker is
_PEM_HEADER = lazy(r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----")
_PEM_BODY = lazy(r"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----\s*(?:[A-Za-z-]+: [^\n]*\n)*\s*[A-Za-z0-9+/=]{20}")


# the words of a function made for developers or tests (`create_dev_user`, `seed_demo_data`, `make_test_client`)
_DEVELOPER_WORDS = frozenset({"DEV", "DEVELOPMENT", "TEST", "TESTS", "TESTING", "DEMO", "FAKE", "DUMMY", "SAMPLE",
                              "FIXTURE", "MOCK", "LOCAL"})


def check(doc, ctx):
    claimed = settings_secret_spans(doc, ctx.model)
    examples = documentation_examples(doc)
    seen = set()
    for value, node, scope in doc.strings:
        if len(value) < 12 or not known_format(value) or id(node) in examples or _shown(value) or \
                scope and NON_PRODUCTION_CLASS.search(scope):
            continue
        span = doc.span(node)
        seen.add(id(node))
        if span not in claimed:
            yield ctx.finding(span, "literal.known", "known", secret=value)
    for lit in named_literals(doc):
        if id(lit.node) in seen or id(lit.node) in examples or lit.scope and NON_PRODUCTION_CLASS.search(lit.scope):
            continue
        if lit.place == "default" and lit.function and _DEVELOPER_WORDS & set(name_words(lit.function)):
            continue  # `def create_dev_user(password="password1234")`: the account a developer's command makes
        secret = _credential(lit.name, lit.value, lit.place, lit.siblings)
        if secret is None or lit.place == "assignment" and lit.name in salt_names(doc):
            continue  # a constant only ever given as `salt=` to a signer or a key derivation: public by design
        seen.add(id(lit.node))
        span = doc.span(lit.node)
        if span in claimed:
            continue
        password = _PASSWORD_NAME.search(lit.name) is not None
        message = "fallback" if lit.env else "default" if lit.place == "default" and password \
            else "password" if password and not looks_real_secret(secret) else "named"
        yield ctx.finding(span, f"literal.{lit.name}", message, secret=secret_value(secret), name=lit.name,
                          env=lit.env)


def _shown(value: str) -> bool:
    """A known format written to be shown, not used: AWS's documented example keys, a placeholder, a bare marker."""
    return "EXAMPLE" in value or is_placeholder(value) or bool(_PEM_MARKER.match(value)) or \
        ("-----BEGIN" in value and not known_format(_PEM_HEADER.sub("", value)) and not _PEM_BODY.search(value))


def _credential(name: str, value: str, place: str, siblings=()) -> str | None:
    """The credential a secret-named literal holds (the token of ``"Bearer <token>"``), when it looks real. A
    password parameter's default is one whatever it looks like: every caller that leaves it out logs in with it."""
    value = value.strip()
    if place in _PASSWORD_PLACES and _PASSWORD_NAME.search(name) and written_password(name, value) and \
            not _TEMPLATE.search(value) and is_secret_name(name) and not (place == "key" and mapping_entry(value, siblings)):
        return value
    scheme = _AUTH_SCHEME.match(value)
    if scheme and name.lower() in _AUTH_NAMES:
        value = scheme.group(2)
    elif not is_secret_name(name):
        return None
    if len(value) < 16 or names_itself(name, value) or _TEMPLATE.search(value) or value.startswith(("/", ".")) or \
            _DOTTED_PATH.fullmatch(value) or \
            not looks_real_secret(value) or not_a_credential(name, value) or not _generated(value):
        return None
    return value


def _generated(value: str) -> bool:
    """A generator's output has digits or both cases; words joined by punctuation (`app:token-refresh`) do not."""
    has_digit = any(c.isdigit() for c in value)
    return has_digit or any(c.isupper() for c in value) and any(c.islower() for c in value)
