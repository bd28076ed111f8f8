"""Credential files must not be copied into the image that ships, not even to delete them later.

## What it does
Reports a `COPY`/`ADD` in the stage that ships (or a stage it is built `FROM`) whose source is a
credential file: `.npmrc`, `.yarnrc.yml`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`,
`.dockercfg`, `.docker/config.json`, `.aws/credentials`, or an SSH private key (`id_rsa`,
`id_ed25519`, ...). An `.npmrc`/`.yarnrc.yml` that the repository holds and that only refers to
variables (`_authToken=${NPM_TOKEN}`) carries no secret and is not reported; one that is generated
at build time (not in the repository) or holds a literal token is. A builder stage may use such a
file: its layers do not ship.

## Why it matters in production
Every instruction is a layer: `COPY .npmrc .` then `RUN npm ci && rm .npmrc` still ships the token in
the `COPY` layer, readable by anyone who can pull the image (`docker save`, `dive`). BuildKit secrets
(`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`) give the step the file without
writing it to any layer; or use the file in a builder stage and copy only the result.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev && rm .npmrc
COPY . .
USER node
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
```

## References
- https://docs.docker.com/build/building/secrets/
- https://docs.npmjs.com/docker-and-private-modules
"""
import posixpath
import re

from linter.api import RuleMeta, lazy
from linter.api.dockerfile import copy_sources, shipped
from linter.api.repository import repository

META = RuleMeta(
    id="DKF025", name="dockerfile-credential-file-layer", kinds=("dockerfile",), severity="error",
    checklist=("docker.secrets",), cwe=(538,),
)
MESSAGES = {
    "copied": "{file} is copied into a layer of the shipped image, where it stays even if a later step deletes "
              "it; use a BuildKit secret (`RUN --mount=type=secret,...`) or a builder stage",
}
_FILES = {".npmrc", ".yarnrc.yml", ".pypirc", ".netrc", ".git-credentials", ".pgpass", ".dockercfg",
          "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"}
_PATHS = (".docker/config.json", ".aws/credentials")
_TEMPLATED = {".npmrc", ".yarnrc.yml"}  # config files that may refer to variables instead of holding tokens
_LITERAL_AUTH = lazy(r"(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)\s*[=:]\s*[\"']?(?!\$)\S", re.I)


def _credential(source: str) -> str | None:
    path = posixpath.normpath(source.strip("\"'"))
    name = posixpath.basename(path)
    if name in _FILES or any(path == p or path.endswith("/" + p) for p in _PATHS):
        return name
    return None


def _holds_no_secret(ctx, doc, source: str) -> bool:
    """A templated config file in the build context that only names variables. The context is the one a
    compose file builds with, else the nearest of the Dockerfile's folder and the folders above it that holds
    the file (a monorepo's services build from its root, where the shared .yarnrc.yml is)."""
    repo = repository(ctx.model, ctx)
    folder = posixpath.dirname(doc.file.rel)
    folders = [c for c, _ in sorted(repo.build_contexts().get(doc.file.rel, ()), key=lambda c: c[0])]
    while True:
        folders.append(folder)
        if not folder:
            break
        folder = posixpath.dirname(folder)
    name = source.strip("\"'").lstrip("/")
    for context in folders:
        head = repo.head(posixpath.normpath(posixpath.join(context, name)))  # never through a link
        if head is not None:
            return not _LITERAL_AUTH.search(head.decode("utf-8", "replace"))
    return False


def check(doc, ctx):
    seen = set()
    for stage, _services in shipped(doc, ctx.model):
        for member in stage.chain():
            for ins in member.instructions:
                if ins.name not in ("COPY", "ADD") or "from" in ins.flags or ins.line in seen:
                    continue
                for source in copy_sources(doc, ins):
                    name = _credential(source)
                    if name is None or (name in _TEMPLATED and _holds_no_secret(ctx, doc, source)):
                        continue
                    seen.add(ins.line)
                    yield ctx.finding(ins.span, doc.key(ins, name), "copied", file=name)
                    break
