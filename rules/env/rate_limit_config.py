"""Rate limits configured through the environment must actually limit.

## What it does
Reports, in production env files and compose `environment` (after interpolation):
- `RATE_LIMIT_MAX_REQUESTS`, `RATE_LIMIT_MAX`, `RATE_LIMIT_REQUESTS`, `RATE_LIMIT_POINTS`,
  `THROTTLE_LIMIT` (and `*_RATE_LIMIT_MAX`) set to 0, which disables the limiter in many libraries
  (or blocks all traffic in others);
- the same limit set so high that it allows more than `max-per-minute` requests per minute, counting the
  window from `RATE_LIMIT_WINDOW_MS` / `RATE_LIMIT_WINDOW` / `*_WINDOW_SECONDS` / `*_WINDOW_MINUTES`
  beside it (one minute, express-rate-limit's default, when none is set);
- `RATE_LIMIT_ENABLED=false`, `DISABLE_RATE_LIMIT=true`, `RATE_LIMIT_DISABLED=true`.

## Why it matters in production
Rate limits are what stand between a login endpoint and credential stuffing, and between an expensive
endpoint and a denial of service. A limit of a hundred thousand requests a minute per client is no limit.

## Example
```env path=.env.production
RATE_LIMIT_WINDOW_MS=60000
RATE_LIMIT_MAX_REQUESTS=1000000
```

## Use instead
```env path=.env.production
RATE_LIMIT_WINDOW_MS=900000
RATE_LIMIT_MAX_REQUESTS=100
```

## References
- https://express-rate-limit.mintlify.app/reference/configuration
- https://cheatsheetseries.owasp.org/cheatsheets/Denial_of_Service_Cheat_Sheet.html
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import is_falsy, is_truthy, setting_scopes, written_here
from linter.api import lazy

META = RuleMeta(
    id="ENV012", name="rate-limit-config", kinds=("env", "compose"), severity="warning",
    checklist=("backend.rate-limiting",), cwe=(770, 307),
    options={"max-per-minute": {"type": "integer", "minimum": 1, "default": 1000,
                                "description": "most requests per client per minute a limit may allow"}},
)
MESSAGES = {
    "zero": "{name} is 0, which turns the limiter off (or blocks every request); set a real limit such as 100 "
            "per 15 minutes",
    "high": "{name} allows about {rate} requests per minute per client; lower it to a limit real users reach "
            "(at most {max} per minute)",
    "disabled": "{name} turns rate limiting off; keep it on in production",
}
_MAX = lazy(r"^(\w+_)?(RATE_?LIMIT(_MAX(_REQUESTS)?|_REQUESTS|_POINTS|_LIMIT|_COUNT)?|THROTTLE_LIMIT|"
                  r"RATE_LIMIT_MAX_REQ)$", re.I)
_WINDOW = lazy(r"^(\w+_)?(RATE_?LIMIT|THROTTLE)_(WINDOW|WINDOW_MS|WINDOW_SECONDS|WINDOW_SEC|WINDOW_MINUTES|"
                     r"WINDOW_MIN|DURATION|TTL|DURATION_SECONDS|WINDOW_IN_MS|TIME_WINDOW)$", re.I)
_ON = lazy(r"^(\w+_)?RATE_?LIMIT(ING)?_(ENABLED|ENABLE|ON)$", re.I)
_OFF = lazy(r"^(\w+_)?(DISABLE_RATE_?LIMIT(ING|ER)?|RATE_?LIMIT(ING)?_DISABLED|SKIP_RATE_?LIMIT)$", re.I)


def _window_minutes(setting) -> float | None:
    try:
        number = float(setting.value.strip().strip("'\""))
    except ValueError:
        return None
    name = setting.name.upper()
    if name.endswith(("_MINUTES", "_MIN")):
        return number
    if name.endswith(("_SECONDS", "_SEC")) or (name.endswith(("_TTL", "_DURATION")) and number < 10000):
        return number / 60
    return number / 60000  # express-rate-limit's windowMs


def check(doc, ctx):
    limit = ctx.options["max-per-minute"]
    for scope in setting_scopes(ctx.model, doc):
        window = next((s for s in scope if _WINDOW.match(s.name) and s.value), None)
        minutes = _window_minutes(window) if window is not None else 1.0
        for s in scope:
            if not written_here(s, doc) or not s.literal or s.value is None:
                continue
            value = s.value.strip().strip("'\"")
            if _ON.match(s.name) and is_falsy(value) or _OFF.match(s.name) and is_truthy(value):
                yield ctx.finding(s.span, s.key, "disabled", path=s.path, name=s.name)
            elif _MAX.match(s.name) and re.fullmatch(r"\d+", value):
                count = int(value)
                if count == 0:
                    yield ctx.finding(s.span, s.key, "zero", path=s.path, name=s.name)
                elif minutes and count / minutes > limit:
                    yield ctx.finding(s.span, s.key, "high", path=s.path, name=s.name,
                                      rate=f"{count / minutes:,.0f}", max=limit)
