r"""A RUN with a pipe must fail when any command of the pipe fails.

## What it does
Reports a shell-form `RUN` with a pipe (`curl ... | tar x`) whose status can hide a failure, when the shell
in force is not told to `-o pipefail`: neither a `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (bash, zsh,
ksh or ash) nor a `set -o pipefail` earlier in the same RUN. `SHELL` is followed through `FROM <stage>`; a
PowerShell or cmd `SHELL` is not judged. `/bin/sh -o pipefail` is reported, as `sh` may not support it.

A pipe that cannot hide a failure is not reported, unlike hadolint's DL4006: one whose commands before the
last cannot fail (`echo y | pecl install redis`, `printf "y\n" | ...`), and one that ends in `grep` (not
`-v` or `-c`), which fails on the empty output of a failed command (`apt-cache policy x | grep -q Candidate`).

## Why it matters in production
A pipe's status is the status of its last command: `curl https://... | tar xz` "succeeds" when the download
fails, and the image is built without the files it needs, to fail only at run time.

## Example
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
```

## Use instead
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
```

## References
- https://github.com/hadolint/hadolint/wiki/DL4006
"""
from linter.api import RuleMeta
from linter.api.shell import hides_failure, pipelines, sets_pipefail

META = RuleMeta(
    id="DKF019", name="dockerfile-pipefail", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.dockerfile-hygiene",), security=False,
    peers=("hadolint:DL4006", "semgrep:set-pipefail", "kics:efbf148a-67e9-42d2-ac47-02fa1c0d0b22"),
)
MESSAGES = {
    "pipefail": "this RUN pipes commands but a failure before the last one is ignored; add "
                "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before it (or start it with set -o pipefail)",
}
_PIPEFAIL_SHELLS = {"bash", "zsh", "ksh", "ash", "mksh"}


def shell_pipefail(argv) -> bool | None:
    """True when a SHELL runs with pipefail, None when it is not a POSIX-like shell at all."""
    if not argv:
        return False
    program = argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if program.startswith(("pwsh", "powershell", "cmd")):
        return None
    if program not in _PIPEFAIL_SHELLS:
        return False
    args = argv[1:]
    return any(a == "pipefail" and i > 0 and args[i - 1].startswith("-") and args[i - 1].endswith("o")
               for i, a in enumerate(args))


def check(doc, ctx):
    for ins in doc.instructions:
        if ins.name != "RUN" or not ins.shell_form:
            continue
        commands = ins.commands()
        risky = [p for p in pipelines(commands) if hides_failure(p)]
        if not risky:
            continue
        shell = ins.stage.shell_at(ins) if ins.stage is not None else None
        state = shell_pipefail(shell)
        if state is None or state:
            continue
        if sets_pipefail(commands, risky[0][0]):
            continue
        yield ctx.finding(ins.span, doc.key(ins, "pipefail"), "pipefail")
