"""Use COPY for local files; ADD only where its extra behaviour is wanted.

## What it does
Reports an `ADD` whose sources are all local files or folders that are not tar archives (`.tar`,
`.tar.gz`/`.tgz`, `.tar.bz2`, `.tar.xz`, `.gz`, `.bz2`, `.xz`, `.zst`), i.e. an ADD that copies exactly like
COPY. A `.zip` is reported too: ADD does not unpack it. Remote sources are DKF014's business. A source
that is an unresolved variable is reported as well, since it names a local file or a URL that needs a
checksum.

## Why it matters in production
ADD silently unpacks archives and fetches URLs, so a reader (and a reviewer) cannot tell from the line
what ends up in the image; a file renamed to `.tar` changes behaviour. COPY does one thing. Docker's own
guidance is to prefer COPY.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
ADD package.json package-lock.json ./
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
```

## References
- https://docs.docker.com/build/building/best-practices/#add-or-copy
- https://github.com/hadolint/hadolint/wiki/DL3020
"""
import re

from linter.api import RuleMeta
from linter.api.dockerfile import copy_sources
from linter.api import lazy

META = RuleMeta(
    id="DKF016", name="dockerfile-add-instead-of-copy", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.dockerfile-hygiene",), security=False,
    peers=("hadolint:DL3020", "checkov:CKV_DOCKER_4", "semgrep:prefer-copy-over-add",
           "kics:9513a694-aa0d-41d8-be61-3271e056f36b"),
)
MESSAGES = {
    "add": "ADD copies local files here exactly like COPY; use COPY (ADD also unpacks archives and fetches URLs)",
}
_REMOTE = lazy(r"^(https?|ftp)://|^git@|\.git(#|$)", re.I)
_ARCHIVE = lazy(r"\.(tar|tgz|tbz2?|txz|tzst|gz|bz2|xz|zst|lz|lzma)$", re.I)


def check(doc, ctx):
    for ins in doc.instructions:
        if ins.name != "ADD":
            continue
        found = copy_sources(doc, ins)
        if found and not any(_REMOTE.search(s) or _ARCHIVE.search(s.rstrip("*")) for s in found):
            yield ctx.finding(ins.span, doc.key(ins, "local"), "add")
