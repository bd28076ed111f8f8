"""Access tokens in production must expire, within days rather than months.

## What it does
Reports, in production env files and compose `environment` (after interpolation):
- `JWT_EXPIRES_IN`, `JWT_EXPIRATION`, `JWT_EXPIRY`, `JWT_TTL`, `ACCESS_TOKEN_EXPIRES_IN`,
  `ACCESS_TOKEN_TTL` (and their `JWT_ACCESS_*` forms) longer than `max-days`, or set to never expire
  (`0`, `-1`, `never`). Values are read as the `ms` library and jsonwebtoken read them (`15m`, `24h`,
  `7d`, `1y`); a bare number is seconds unless the name says `_MS`, `_MINUTES`, `_HOURS` or `_DAYS`.
- a configuration that sets `JWT_SECRET` but no expiry at all (when `require-expiry` is on).

Refresh-token lifetimes (`REFRESH_TOKEN_EXPIRES_IN`) are not judged: they are meant to be long.

## Why it matters in production
A stolen access token is valid until it expires; JWTs usually cannot be revoked. A token that lives for a
year, or forever, turns one leaked log line or browser extension into permanent access.

## Example
```env path=.env.production
JWT_SECRET=${JWT_SECRET}
JWT_EXPIRES_IN=365d
```

## Use instead
```env path=.env.production
JWT_SECRET=${JWT_SECRET}
JWT_EXPIRES_IN=24h
```

## References
- https://github.com/auth0/node-jsonwebtoken#token-expiration-exp-claim
- https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#token-sidejacking
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import setting_scopes, written_here
from linter.api import lazy

META = RuleMeta(
    id="ENV013", name="jwt-expiry", kinds=("env", "compose"), severity="warning",
    checklist=("backend.jwt-expiry",), cwe=(613,), precision="medium",
    options={
        "max-days": {"type": "number", "exclusiveMinimum": 0, "default": 30,
                     "description": "longest lifetime an access token may have, in days"},
        "require-expiry": {"type": "boolean", "default": True,
                           "description": "report a JWT_SECRET with no expiry setting beside it"},
    },
)
MESSAGES = {
    "long": "{name} lets access tokens live about {days} days; keep it at most {max} days (24h is common) and "
            "use refresh tokens for longer sessions",
    "never": "{name} makes access tokens never expire; set a lifetime such as 24h",
    "missing": "{name} is set but no JWT_EXPIRES_IN is; set an access-token lifetime such as 24h",
}
_EXPIRY = lazy(r"^(\w+_)?(JWT(_ACCESS)?(_TOKEN)?|ACCESS_TOKEN|AUTH_TOKEN|TOKEN)_(EXPIRES_IN|EXPIRATION|"
                     r"EXPIRATION_TIME|EXPIRY|EXPIRE|EXPIRES|TTL|LIFETIME|EXP|EXPIRY_TIME|VALIDITY)"
                     r"(_MS|_SECONDS|_SEC|_MINUTES|_MIN|_HOURS|_DAYS)?$", re.I)
_ANY_EXPIRY = lazy(r"(JWT|TOKEN).*(EXPIR|TTL|LIFETIME|VALIDITY|_EXP$)|(EXPIR|TTL).*(JWT|TOKEN)", re.I)
# The secret of tokens this application issues itself (other JWT keys, such as a hub's publisher key or a
# third party's app secret, verify tokens someone else issues, with a lifetime set there).
_ISSUER_SECRET = lazy(r"^(JWT(_ACCESS)?_(SECRET|SECRET_KEY|PRIVATE_KEY)|ACCESS_TOKEN_SECRET)$", re.I)
_UNIT = {"ms": 1 / 86400000, "msec": 1 / 86400000, "msecs": 1 / 86400000, "millisecond": 1 / 86400000,
         "milliseconds": 1 / 86400000, "s": 1 / 86400, "sec": 1 / 86400, "secs": 1 / 86400,
         "second": 1 / 86400, "seconds": 1 / 86400, "m": 1 / 1440, "min": 1 / 1440, "mins": 1 / 1440,
         "minute": 1 / 1440, "minutes": 1 / 1440, "h": 1 / 24, "hr": 1 / 24, "hrs": 1 / 24, "hour": 1 / 24,
         "hours": 1 / 24, "d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7, "y": 365.25,
         "yr": 365.25, "yrs": 365.25, "year": 365.25, "years": 365.25}
_SUFFIX_UNIT = {"_MS": "ms", "_SECONDS": "s", "_SEC": "s", "_MINUTES": "m", "_MIN": "m", "_HOURS": "h",
                "_DAYS": "d"}


def lifetime_days(name: str, value: str) -> float | None:
    """Days a token lives, -1 for never, None when the value cannot be read."""
    v = value.strip().strip("'\"").lower()
    if v in ("never", "none", "infinite", "infinity", "false", "0", "-1", "unlimited"):
        return -1
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*([a-z]*)", v)
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2)
    if not unit:
        unit = next((u for suffix, u in _SUFFIX_UNIT.items() if name.upper().endswith(suffix)), "s")
    if unit not in _UNIT:
        return None
    return -1 if number <= 0 else number * _UNIT[unit]


def check(doc, ctx):
    max_days = ctx.options["max-days"]
    for scope in setting_scopes(ctx.model, doc):
        for s in scope:
            if not written_here(s, doc) or not s.literal or not s.value or not _EXPIRY.match(s.name) or \
                    "REFRESH" in s.name.upper():
                continue
            days = lifetime_days(s.name, s.value)
            if days == -1:
                yield ctx.finding(s.span, s.key, "never", path=s.path, name=s.name)
            elif days is not None and days > max_days:
                yield ctx.finding(s.span, s.key, "long", path=s.path, name=s.name, days=f"{days:g}"
                                  if days < 10 else f"{days:.0f}", max=f"{max_days:g}")
        if not ctx.options["require-expiry"] or any(_ANY_EXPIRY.search(s.name) for s in scope):
            continue
        secret = next((s for s in scope if _ISSUER_SECRET.match(s.name) and written_here(s, doc)), None)
        if secret is not None:
            yield ctx.finding(secret.key_span, secret.key + ".expiry", "missing", path=secret.path,
                              name=secret.name)
