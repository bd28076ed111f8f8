"""Change directory with WORKDIR, not `cd` in RUN.

## What it does
Reports a `cd` in a `RUN` that is not inside a subshell (`(cd src && make)` is fine). When `cd` is the
last command of the step it has no effect at all, and the message says so.

## Why it matters in production
Each `RUN` starts in the WORKDIR: a `cd` only lasts until the end of its own step, so the next step
silently runs somewhere else, and a later edit that splits the `RUN` changes where files go. `WORKDIR`
states the directory once, for every following instruction, and creates it if needed.
Unlike KICS, prodlint reports an absolute `cd` too; like KICS, it ignores `cd` in `CMD`.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
COPY . /app
RUN cd /app && npm ci --omit=dev
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
```

## References
- https://docs.docker.com/build/building/best-practices/#workdir
- https://github.com/hadolint/hadolint/wiki/DL3003
"""
from linter.api import RuleMeta
from linter.api.secrets import shorten

META = RuleMeta(
    id="DKF018", name="dockerfile-cd", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.dockerfile-hygiene",), security=False,
    peers=("hadolint:DL3003", "semgrep:use-workdir", "kics:f4a6bcd3-e231-4acf-993c-aa027be50d2e"),
)
MESSAGES = {
    "workdir": "`cd {dir}` inside RUN lasts only for this step; set the directory with WORKDIR {dir}",
    "useless": "`cd {dir}` is the last command of this RUN and has no effect; use WORKDIR {dir} instead",
}


def check(doc, ctx):
    for ins in doc.instructions:
        if ins.name != "RUN" or not ins.shell_form:
            continue
        commands = [c for c in ins.commands() if not c.nested]
        for index, cmd in enumerate(commands):
            if cmd.name != "cd" or cmd.depth > 0 or cmd.wrappers:
                continue
            path = shorten(cmd.args[0] if cmd.args else "~", 60)
            if path in ("-", "..", "/") and index > 0:
                continue  # going back after work done elsewhere
            last = index == len(commands) - 1
            yield ctx.finding(ins.span, doc.key(ins, "cd"), "useless" if last else "workdir", dir=path)
            break
