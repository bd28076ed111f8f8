"""A build step must not run outside BuildKit's sandbox (`RUN --security=insecure`).

## What it does
Reports a `RUN` (in any stage, and an `ONBUILD RUN`, which runs in the build of every image made FROM this one)
with `--security=insecure`. `--security=sandbox`, the default, is fine.

## Why it matters in production
`--security=insecure` runs the step like a privileged container: every capability, every device, no seccomp
or AppArmor profile. Whatever the step runs, a post-install script of a dependency included, can take over
the machine that builds the image, its cache and the credentials it holds, and write into the images it
produces. The build must also be started with the `security.insecure` entitlement, so the whole build runs
with that permission.

## Example
```dockerfile path=Dockerfile
# syntax=docker/dockerfile:1-labs
FROM debian:12-slim
RUN --security=insecure mount -t tmpfs none /mnt && make install
```

## Use instead
```dockerfile path=Dockerfile
# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN --mount=type=tmpfs,target=/mnt make install
```

## References
- https://docs.docker.com/reference/dockerfile/#run---security
- https://docs.docker.com/reference/cli/docker/buildx/build/#allow
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="DKF027", name="dockerfile-insecure-build-step", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.privileged",), cwe=(250,),
    peers=("semgrep:run-security-insecure",),
)
MESSAGES = {"insecure": "RUN --security=insecure runs this step without the build sandbox, like a privileged "
                        "container; use a mount (`--mount=type=tmpfs|cache|secret`) or do the step outside the build"}


def check(doc, ctx):
    for ins in doc.steps():
        if ins.name == "RUN" and ins.flags.get("security", "").lower() == "insecure":
            yield ctx.finding(ins.span, doc.key(ins, "security"), "insecure")
