"""Files downloaded during the build must be verified: no `ADD <url>` without `--checksum`.

## What it does
Reports, in every stage, an `ADD` whose source is a URL (`http://`, `https://`, `ftp://`) or a git
repository, after global `ARG` defaults are applied, unless it gives `--checksum=sha256:...` (or, for git,
pins a full commit id), or the next `RUN` checks the file (`sha256sum -c`, `gpg --verify`, ...).

## Why it matters in production
`ADD https://...` fetches whatever the server returns at build time, with no integrity check: a
compromised or simply updated file changes the image without any change in the repository. Pinning a
checksum (or downloading with `curl` and checking `sha256sum -c`) makes the build fail instead.
Unlike hadolint, prodlint reports a URL `ADD` even though COPY cannot replace it: the point is the
missing verification.

## Example
```dockerfile path=Dockerfile
FROM alpine:3.19
ADD https://example.com/tool-1.4.2.tar.gz /opt/
```

## Use instead
```dockerfile path=Dockerfile
FROM alpine:3.19
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.4.2.tar.gz /opt/
```

## References
- https://docs.docker.com/reference/dockerfile/#verifying-a-remote-file-checksum-add---checksumchecksum-http-src-dest
"""
import re

from linter.api import RuleMeta
from linter.api.dockerfile import copy_sources, verified_after
from linter.api import lazy
from linter.api.secrets import shorten

META = RuleMeta(
    id="DKF014", name="dockerfile-add-remote", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.supply-chain",), cwe=(494,),
    peers=("hadolint:DL3020", "checkov:CKV_DOCKER_4", "kics:4b410d24-1cbe-4430-a632-62c9a931cf1c"),
)
MESSAGES = {
    "url": "ADD downloads {source} without verifying it; add --checksum=sha256:<digest>, or download with curl "
           "and check the digest with sha256sum -c",
}
_REMOTE = lazy(r"^(https?|ftp)://|^git@|\.git(#|$)", re.I)


def check(doc, ctx):
    for ins in doc.instructions:
        if ins.name != "ADD" or "checksum" in ins.flags or verified_after(ins):
            continue
        for source in copy_sources(doc, ins):
            if _REMOTE.search(source) and not re.search(r"#[0-9a-f]{40}$", source):
                yield ctx.finding(ins.span, doc.key(ins, "remote"), "url", source=_short(source))
                break


def _short(url: str) -> str:
    # the host and file name say which download it is; a query string may carry a token
    url = url.split("?", 1)[0].split("#", 1)[0]
    url = re.sub(r"//[^/@]*@", "//", url)
    return shorten(url, 80) if len(url) <= 80 else shorten(url, 77, "...")
