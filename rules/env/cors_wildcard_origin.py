"""Production CORS origins must name the sites allowed to call the API, never `*`.

## What it does
Reports `CORS_ORIGIN`, `CORS_ORIGINS`, `ALLOWED_ORIGINS`, `CORS_ALLOWED_ORIGINS`, `CORS_ALLOW_ORIGIN` (and
`*_CORS_ORIGIN(S)`) whose value, as written in a production env file, compose `environment` entry or
Dockerfile `ENV`, is `*` or contains a `*` entry in its comma- or space-separated list, including a
subdomain wildcard such as `https://*.example.com`. `CORS_ORIGIN_ALLOW_ALL` / `CORS_ALLOW_ALL_ORIGINS` set to
true are reported too.

## Why it matters in production
A wildcard lets any web page read the API's responses from a visitor's browser. Combined with cookies or a
reflected origin, any site the user visits can act as the user. Subdomain wildcards trust every subdomain,
including forgotten ones an attacker can take over.

## Example
```env path=.env.production
CORS_ORIGIN=*
```

## Use instead
```env path=.env.production
CORS_ORIGIN=https://app.example.com,https://admin.example.com
```

## References
- https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS
- https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import is_truthy, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV002", name="cors-wildcard-origin", kinds=("env", "compose", "dockerfile"), severity="error",
    checklist=("secrets.cors-origins",), cwe=(942,),
)
MESSAGES = {
    "any": "{name} allows every origin (`*`); list the production front-end origins, e.g. https://app.example.com",
    "subdomain": "{name} allows a wildcard of subdomains; list each production origin explicitly",
    "allow-all": "{name} is true, which allows every origin; set it to false and list the allowed origins",
}
_ORIGINS = lazy(r"^(\w+_)?(CORS_(ALLOWED_)?ORIGINS?|ALLOWED_ORIGINS|CORS_ALLOW_ORIGINS?|CORS_WHITELIST"
                      r"|ACCESS_CONTROL_ALLOW_ORIGIN|CORS_ALLOWLIST)$", re.I)
_ALLOW_ALL = lazy(r"^(\w+_)?(CORS_ORIGIN_ALLOW_ALL|CORS_ALLOW_ALL_ORIGINS|CORS_ALLOW_ALL)$", re.I)


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        if _ALLOW_ALL.match(s.name) and is_truthy(s.value):
            yield ctx.finding(s.span, s.key, "allow-all", path=s.path, name=s.name)
        elif _ORIGINS.match(s.name):
            entries = [e.strip().strip("'\"[]") for e in re.split(r"[,\s]+", s.value) if e.strip()]
            if any(e in ("*", "'*'", '"*"') for e in entries):
                yield ctx.finding(s.span, s.key, "any", path=s.path, name=s.name)
            elif any("*" in e for e in entries):
                yield ctx.finding(s.span, s.key, "subdomain", path=s.path, name=s.name)
