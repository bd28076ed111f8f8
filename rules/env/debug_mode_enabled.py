"""Debug switches must be off in production configuration.

## What it does
Reports, in production env files, compose `environment` (after interpolation) and Dockerfile `ENV` of the
shipped stage:
- `DEBUG=*` or any `debug` module namespace list (`DEBUG=express:*,app:*`);
- `DEBUG`, `DJANGO_DEBUG`, `FLASK_DEBUG`, `APP_DEBUG` or `*_DEBUG` set to true/1/yes;
- `FLASK_ENV=development`, `ASPNETCORE_ENVIRONMENT=Development`, `GIN_MODE=debug`;
- `NODE_OPTIONS` containing `--inspect` or `--inspect-brk`.

## Why it matters in production
Framework debug modes serve interactive error pages with stack traces, settings and sometimes a code console
(Werkzeug); Laravel's `APP_DEBUG` prints environment variables on errors. `--inspect` opens the V8 inspector,
which runs arbitrary code for whoever can reach its port. `DEBUG=*` floods logs with request details.

## Example
```env path=.env.production
NODE_ENV=production
DEBUG=*
NODE_OPTIONS=--inspect=0.0.0.0:9229
```

## Use instead
```env path=.env.production
NODE_ENV=production
NODE_OPTIONS=--max-old-space-size=512
```

## References
- https://nodejs.org/en/learn/getting-started/security-best-practices#debug-port-exposure
- https://docs.djangoproject.com/en/stable/ref/settings/#debug
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import is_falsy, is_truthy, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV015", name="debug-mode-enabled", kinds=("env", "compose", "dockerfile"), severity="warning",
    checklist=("secrets.debug-endpoints",), cwe=(489, 215),
)
MESSAGES = {
    "namespaces": "{name} turns on debug logging for every matching module; remove it in production",
    "flag": "{name} turns on debug mode, which shows stack traces and internals to clients; set it to false",
    "mode": "{name} selects a development mode that shows internals to clients; use the production mode",
    "inspect": "NODE_OPTIONS opens the Node inspector, which runs code for whoever reaches its port; remove "
               "--inspect",
}
_FLAG = lazy(r"^((\w+_)?DEBUG|DEBUG_MODE|(\w+_)?DEBUG_ENABLED)$", re.I)
_MODES = {"FLASK_ENV": ("development",), "ASPNETCORE_ENVIRONMENT": ("development",), "GIN_MODE": ("debug",),
          "DOTNET_ENVIRONMENT": ("development",), "APP_ENV": ("local", "development", "dev"),
          "RAILS_ENV": ("development",), "RACK_ENV": ("development",), "MIX_ENV": ("dev",)}


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        name, value = s.name.upper(), s.value.strip().strip("'\"")
        if name == "NODE_OPTIONS" and re.search(r"--inspect(-brk)?\b", value):
            yield ctx.finding(s.span, s.key, "inspect", path=s.path)
        elif name in _MODES and value.lower() in _MODES[name]:
            yield ctx.finding(s.span, s.key, "mode", path=s.path, name=s.name)
        elif _FLAG.match(name):
            if is_truthy(value):
                yield ctx.finding(s.span, s.key, "flag", path=s.path, name=s.name)
            elif name == "DEBUG" and value and not is_falsy(value) and ("*" in value or ":" in value):
                yield ctx.finding(s.span, s.key, "namespaces", path=s.path, name=s.name)
