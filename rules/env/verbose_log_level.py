"""Production log levels should be info or warn, not debug or trace.

## What it does
Reports `LOG_LEVEL`, `LOGLEVEL`, `LOGGING_LEVEL`, `*_LOG_LEVEL`, `LOGGING_LEVEL_ROOT` and `RUST_LOG` set, in a
production env file, compose `environment` (after interpolation) or Dockerfile `ENV` of the shipped stage,
to `debug`, `trace`, `silly`, `verbose`, `all` or `finest`.

## Why it matters in production
Debug logging writes request bodies, headers, tokens and query parameters to log storage that many more
people can read than the database; it also multiplies log volume and cost and slows the service under load.

## Example
```env path=.env.production
LOG_LEVEL=debug
```

## Use instead
```env path=.env.production
LOG_LEVEL=info
```

## References
- https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV011", name="verbose-log-level", kinds=("env", "compose", "dockerfile"), severity="warning",
    checklist=("logging.level",), cwe=(532,), security=False,
)
MESSAGES = {
    "verbose": "{name} is '{level}'; use info or warn in production so logs do not collect request data and "
               "secrets",
}
_NAME = lazy(r"^((\w+_)?LOG_?LEVEL|LOGGING_LEVEL(_ROOT)?|LOGGER_LEVEL|RUST_LOG|(\w+_)?LOGLEVEL)$", re.I)
VERBOSE = ("debug", "trace", "silly", "verbose", "all", "finest", "finer", "debug2", "debug3")


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        if not _NAME.match(s.name):
            continue
        value = s.value.strip().strip("'\"").lower()
        # RUST_LOG may be a list of module=level directives; the most verbose one decides.
        levels = [part.rsplit("=", 1)[-1].strip() for part in re.split(r"[,\s]+", value) if part]
        level = next((lv for lv in levels if lv in VERBOSE), None)
        if level:
            yield ctx.finding(s.span, s.key, "verbose", path=s.path, name=s.name, level=level)
