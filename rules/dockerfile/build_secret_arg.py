"""Secrets must not be passed to the shipped image as build arguments.

## What it does
Reports an `ARG` whose name says it holds a secret (`NPM_TOKEN`, `GITHUB_TOKEN`, `DB_PASSWORD`, ...) and
that is declared in the stage that ships (the compose `target`, else the final stage) or a stage it is built
`FROM`, with no default or with a default that only stands in for the secret (`placeholder`, `changeme`,
`${TOKEN}`): the real value still comes through `--build-arg`. An `ARG` used only in a builder stage is fine:
its value does not reach the shipped image. (A real secret *value* written in the Dockerfile is reported by
DKF011 instead; a default that names a file, such as `/run/secrets/token`, carries no secret.)

## Why it matters in production
`docker build --build-arg NPM_TOKEN=...` records the value in the image: `docker history` shows every
`RUN` that saw it, and provenance attestations list build arguments. Anyone who can pull the image can read
the token. BuildKit secrets (`RUN --mount=type=secret`) give the step the value without storing it.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
ARG NPM_TOKEN
WORKDIR /app
COPY . .
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci --omit=dev && rm .npmrc
USER node
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev
USER node
CMD ["node", "server.js"]
```

## References
- https://docs.docker.com/build/building/secrets/
- https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.dockerfile import shipped
from linter.api.secrets import hardcoded_secret, is_secret_name

META = RuleMeta(
    id="DKF024", name="dockerfile-secret-build-arg", kinds=("dockerfile",), severity="warning",
    checklist=("docker.secrets",), cwe=(522,),
    peers=("hadolint:DL3064", "semgrep:secret-in-build-arg", "kics:781e75f7-bf43-4ab7-bae7-a08ad6607af3",
           "kics:c3e1b6ae-d92c-44b3-8ed5-1f5442bab6a4", "kics:cb9598a8-30e2-400b-b8e6-65e5e5d6bb9c"),
)
MESSAGES = {
    "arg": "ARG {name} passes a secret as a build argument, which the image history records; use "
           "`RUN --mount=type=secret` instead",
}


def check(doc, ctx):
    seen = set()
    for stage, _services in shipped(doc, ctx.model):
        for ins in stage.inherited("ARG"):
            for name, value in ins.keyvalues():
                if is_secret_name(name) and _stands_in(name, value) and (ins.line, name) not in seen:
                    seen.add((ins.line, name))
                    yield ctx.finding(ins.span, doc.key(ins, name), "arg", name=name)


# a default that names a file or toggles something is not where the secret goes
_NOT_A_SECRET = lazy(r"^(true|false|yes|no|on|off|none|null|\d{1,6}|~?/.*|\./.*|[A-Za-z]:\\.*)$", re.I)


def _stands_in(name, value):
    """The ARG receives its secret at build time: no default, or one that is no real secret (DKF011 reports those)."""
    v = (value or "").strip().strip("'\"").strip()
    if not v:
        return True
    return not _NOT_A_SECRET.match(v) and not hardcoded_secret(name, v)
