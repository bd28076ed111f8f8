"""A session or cookie signing secret in production must be long and random.

## What it does
Reports `SESSION_SECRET`, `COOKIE_SECRET`, `SESSION_KEY` (and `*_SESSION_SECRET`), and the framework
signing keys that play the same part — Django/Flask `SECRET_KEY`, Rails `SECRET_KEY_BASE`, Laravel
`APP_KEY` — whose value, as written in a production env file, compose `environment` entry (after
interpolation) or Dockerfile `ENV` of the shipped stage, is shorter than `min-length` characters, low in
entropy, a placeholder, a repeated pattern, or Django's generated `django-insecure-` development key.

## Why it matters in production
The session secret signs the session cookie. Whoever knows it can forge a session for any user; with some
session stores it also unlocks deserialisation of attacker-controlled data. A guessable value is as good as
none.

## Example
```env path=.env.production
SESSION_SECRET=keyboard cat
```

## Use instead
```env path=.env.production
SESSION_SECRET=Jm4pW9xQ2rT7vY1zB6nC3kF8hL0sD5gA2eR7uI4oP9wX1qZ6
```

## References
- https://expressjs.com/en/resources/middleware/session.html#secret
- https://docs.djangoproject.com/en/stable/ref/settings/#secret-key
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import secret_value, weakness, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV004", name="weak-session-secret", kinds=("env", "compose", "dockerfile"), severity="error",
    checklist=("secrets.session-secret",), cwe=(521, 798),
    options={"min-length": {"type": "integer", "minimum": 16, "default": 32,
                            "description": "fewest characters a session secret may have"}},
)
MESSAGES = {
    "weak": "{name} {why}; use at least {min} random characters, e.g. the output of `openssl rand -base64 48`",
}
_NAME = lazy(r"^((\w+_)?(SESSION|COOKIE)_(SECRET|SECRETS|KEY|SECRET_KEY|SIGNING_KEY)|"
                   r"(DJANGO_|FLASK_|APP_)?SECRET_KEY|SECRET_KEY_BASE|APP_KEY)$", re.I)


def check(doc, ctx):
    minimum = ctx.options["min-length"]
    for s in written_settings(ctx.model, doc):
        if not _NAME.match(s.name):
            continue
        value = s.value.strip()
        if value.startswith("base64:"):  # Laravel's APP_KEY encodes its 32 random bytes
            value = value[len("base64:"):]
            minimum_here = min(minimum, 40)
        else:
            minimum_here = minimum
        why = "is Django's generated development key" if value.startswith("django-insecure-") else \
            weakness(value, minimum_here)
        if why:
            yield ctx.finding(s.key_span, s.key, "weak", path=s.path, name=s.name, why=why,
                              min=minimum, secret=secret_value(s.value))
