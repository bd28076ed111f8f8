"""A JWT signing secret in production must be long and random.

## What it does
Reports `JWT_SECRET` and its relatives (`*_JWT_SECRET`, `JWT_SECRET_KEY`, `JWT_PRIVATE_KEY`,
`ACCESS_TOKEN_SECRET`, `REFRESH_TOKEN_SECRET`, `NEXTAUTH_SECRET`) whose value, as written in a production env
file, a compose `environment` entry (after interpolation: a `${JWT_SECRET:-changeme}` default counts) or a
Dockerfile `ENV` of the shipped stage, is shorter than `min-length` characters, low in entropy, a placeholder
(`secret`, `changeme`, `<STRONG_RANDOM_SECRET_32_CHARS_MIN>`, `your-secret-here`) or a repeated pattern.
A value only the deploy environment supplies (`${JWT_SECRET}`, `${JWT_SECRET:?}`) is not judged here.

## Why it matters in production
Anyone who knows or guesses the HMAC secret can mint a token for any user, administrators included. Short or
dictionary secrets fall to offline brute force from a single captured token. Secret scanners deliberately
ignore low-entropy values to stay quiet; this rule reports exactly those. The message says how long the value
is, never what it is.

## Example
```env path=.env.production
NODE_ENV=production
JWT_SECRET=changeme
```

## Use instead
```env path=.env.production
NODE_ENV=production
JWT_SECRET=u8Vq3N0pXyR7tLm2Zc9Kd4Wf6Hb1Jg5Se8Ta3Qn7Yx0Pv2
```

## References
- https://datatracker.ietf.org/doc/html/rfc7518#section-3.2
- https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import is_jwt_secret_name, secret_value, weakness, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV001", name="weak-jwt-secret", kinds=("env", "compose", "dockerfile"), severity="error",
    checklist=("secrets.jwt-secret",), cwe=(521, 798),
    options={"min-length": {"type": "integer", "minimum": 16, "default": 32,
                            "description": "fewest characters a signing secret may have"}},
)
MESSAGES = {
    "weak": "{name} {why}; use at least {min} random characters, e.g. the output of `openssl rand -base64 48`",
}
_PATH = lazy(r"^(\.{0,2}/|~/|[A-Za-z]:\\)|\.(pem|key|crt|jwk|json)$", re.I)


def check(doc, ctx):
    minimum = ctx.options["min-length"]
    for s in written_settings(ctx.model, doc):
        if not is_jwt_secret_name(s.name) or _PATH.search(s.value.strip()):
            continue
        why = weakness(s.value, minimum)
        if why:
            yield ctx.finding(s.key_span, s.key, "weak", path=s.path, name=s.name, why=why,
                              min=minimum, secret=secret_value(s.value))
