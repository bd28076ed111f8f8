"""RUN must not call interactive or host-management tools.

## What it does
Reports a `RUN` that runs `ssh`, an editor (`vim`, `vi`, `nano`, `emacs`), a process viewer (`top`,
`htop`, `ps`, `free`), `shutdown`/`reboot`/`halt`/`poweroff` or `ifconfig`, and `service`, `kill` or
`mount` as the last command of the step (an `ONBUILD RUN` too). Installing such a package
(`apt-get install vim`) is not reported.

## Why it matters in production
A build has no terminal and no running system: an editor or `top` hangs or fails the build, `service x
start` starts something that dies with the step, and `shutdown` or `mount` act on nothing (or fail
differently per builder). They are leftovers of interactive debugging, and usually mean the image is
expected to be logged into and changed by hand.

## Example
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
RUN service nginx start
```

## Use instead
```dockerfile path=Dockerfile
FROM nginx:1.25-alpine
CMD ["nginx", "-g", "daemon off;"]
```

## References
- https://github.com/hadolint/hadolint/wiki/DL3001
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="DKF020", name="dockerfile-interactive-command", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.dockerfile-hygiene",), security=False,
    peers=("hadolint:DL3001", "semgrep:nonsensical-command", "kics:9b6b0f38-92a2-41f9-b881-3a1083d99f1b"),
)
MESSAGES = {"interactive": "`{command}` is an interactive or host-management tool with nothing to act on "
                           "during a build; remove it from RUN"}
_ALWAYS = {"ssh", "vim", "vi", "nano", "emacs", "top", "htop", "ps", "free", "shutdown", "reboot", "halt",
           "poweroff", "ifconfig"}
_WHEN_LAST = {"service", "kill", "mount"}


def check(doc, ctx):
    for ins in doc.steps():
        if ins.name != "RUN":
            continue
        commands = ins.commands()
        for index, cmd in enumerate(commands):
            last = index == len(commands) - 1
            if cmd.name in _ALWAYS or (cmd.name in _WHEN_LAST and last):
                yield ctx.finding(ins.span, doc.key(ins, cmd.name), "interactive", command=cmd.name)
                break
