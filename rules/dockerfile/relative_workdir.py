r"""WORKDIR must be an absolute path.

## What it does
Reports a `WORKDIR` whose path is relative (`WORKDIR app`, `WORKDIR ../src`). Absolute paths, Windows
drive paths (`C:\app`) and paths that start with a variable (`$HOME/app`) are fine.

## Why it matters in production
A relative WORKDIR is resolved against whatever the previous WORKDIR was, including one inherited from
the base image: the same line puts files in a different place when the base image changes, and the
`CMD` that expects `/app/server.js` no longer finds it.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR app
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
```

## References
- https://docs.docker.com/reference/dockerfile/#workdir
- https://github.com/hadolint/hadolint/wiki/DL3000
"""

from linter.api import RuleMeta
from linter.api import lazy
from linter.api.secrets import shorten

META = RuleMeta(
    id="DKF017", name="dockerfile-relative-workdir", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.dockerfile-hygiene",), security=False,
    peers=("hadolint:DL3000", "checkov:CKV_DOCKER_10", "kics:6b376af8-cfe8-49ab-a08d-f32de23661a4"),
)
MESSAGES = {"relative": "WORKDIR {dir} is relative to the previous WORKDIR; use an absolute path"}
_ABSOLUTE = lazy(r"^(/|\$|~|[A-Za-z]:|\\\\)")


def check(doc, ctx):
    for ins in doc.instructions:
        if ins.name != "WORKDIR":
            continue
        words = ins.words()
        if words and not _ABSOLUTE.match(words[0]):
            yield ctx.finding(ins.span, doc.key(ins, "relative"), "relative", dir=shorten(words[0], 60))
