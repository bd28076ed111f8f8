"""RUN must not use sudo.

## What it does
Reports a `RUN` that calls `sudo` (anywhere in the step, also in the exec form, and an `ONBUILD RUN`, which
runs in the build of every image made FROM this one). Installing the `sudo` package is not reported by this
rule.

## Why it matters in production
Build steps already run as the current `USER`; `sudo` only works when the image ships sudo with a
password-less rule, which lets any process in the running container become root. Switch with `USER root`
for the steps that need it and back to the unprivileged user afterwards.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
USER node
RUN sudo apk add --no-cache curl=8.5.0-r0
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
RUN apk add --no-cache curl=8.5.0-r0
USER node
```

## References
- https://github.com/hadolint/hadolint/wiki/DL3004
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="DKF022", name="dockerfile-sudo", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.privileged",), cwe=(250,),
    peers=("hadolint:DL3004", "checkov:CKV2_DOCKER_1", "semgrep:no-sudo-in-dockerfile",
           "kics:8ada6e80-0ade-439e-b176-0b28f6bce35a"),
)
MESSAGES = {"sudo": "RUN uses sudo; use `USER root` for the steps that need it and switch back to a "
                    "non-root USER, and do not ship sudo"}


def check(doc, ctx):
    for ins in doc.steps():
        if ins.name != "RUN":
            continue
        if any("sudo" in cmd.wrappers or cmd.name == "sudo" for cmd in ins.commands()):
            yield ctx.finding(ins.span, doc.key(ins, "sudo"), "sudo")
