"""Package managers must check package signatures during the build.

## What it does
Reports, in every stage, a `RUN` that installs packages without signature checks: `apt-get`/`apt`
`--allow-unauthenticated`, `--force-yes`, `--allow-insecure-repositories` or
`-o APT::Get::AllowUnauthenticated=true`, a `[trusted=yes]` apt source, `apk --allow-untrusted`,
`yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck` or `--setopt=gpgcheck=0`, `zypper --no-gpg-checks`,
`rpm --nosignature`/`--nodigest`/`--noverify`/`--nofiledigest`/`--nogpgcheck`, and `GOSUMDB=off`
(`ENV`, `ARG`, `export`, a command prefix or `go env -w`). An `ONBUILD RUN` or `ONBUILD ENV` counts too: it runs in the
build of every image made FROM this one.

## Why it matters in production
Signatures are what proves a package came from the distribution and not from whoever controls the mirror,
the proxy or the DNS answer. With the check off, a tampered package installs silently and runs as root
during the build, and its binaries ship in the image.

## Example
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --allow-unauthenticated ca-certificates
```

## Use instead
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ca-certificates
```

## References
- https://wiki.debian.org/SecureApt
- https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper
"""
import re

from linter.api import RuleMeta
from linter.api import lazy

META = RuleMeta(
    id="DKF013", name="dockerfile-package-verification", kinds=("dockerfile",), severity="error",
    checklist=("hardening.supply-chain",), cwe=(494,),
    peers=("checkov:CKV2_DOCKER_7", "checkov:CKV2_DOCKER_8", "checkov:CKV2_DOCKER_9", "checkov:CKV2_DOCKER_10",
           "checkov:CKV2_DOCKER_11"),
)
MESSAGES = {
    "flag": "`{command} {flag}` installs packages without checking their signatures; remove it (import the "
            "repository's key instead)",
    "trusted": "an apt source marked [trusted=yes] skips signature checks; import the repository's signing key "
               "(signed-by=) instead",
    "gosumdb": "GOSUMDB=off skips the Go checksum database; remove it (use GONOSUMDB for private modules only)",
}
_APT_FLAGS = ("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories")
# `--nogpgcheck` is yum's spelling; written on rpm it says the same intent (Checkov CKV2_DOCKER_9 reads it there too)
_RPM_FLAGS = ("--nosignature", "--nodigest", "--noverify", "--nofiledigest", "--nogpgcheck")
_YUM = ("yum", "dnf", "tdnf", "microdnf", "yum-config-manager", "dnf-config-manager")
_APT_OPTION = lazy(r"(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories)=(1|true|yes)", re.I)
_GPGCHECK_OFF = lazy(r"^(.*\.)?(repo_)?gpgcheck=(0|false|no)$", re.I)


def check(doc, ctx):
    for ins in doc.steps():
        if ins.name in ("ENV", "ARG"):
            for name, value in ins.keyvalues():
                if name.upper() == "GOSUMDB" and (value or "").strip("'\"").lower() == "off":
                    yield ctx.finding(ins.span, doc.key(ins, name), "gosumdb")
            continue
        if ins.name != "RUN":
            continue
        hit = next((h for h in map(_command, ins.commands()) if h), None)
        if hit:
            message, fmt = hit
            yield ctx.finding(ins.span, doc.key(ins, "signatures", fmt.get("command", message)), message, **fmt)


def _command(cmd):
    name = cmd.name
    if any(w.text.split("=")[0] == "GOSUMDB" and w.text.lower().endswith("=off") for w in cmd.assignments) or \
            ((name == "export" or (name == "go" and cmd.args[:2] == ["env", "-w"]))
             and any(a.lower() == "gosumdb=off" for a in cmd.args)):
        return "gosumdb", {}
    if name in ("apt-get", "apt", "aptitude"):
        for flag in _APT_FLAGS:
            if cmd.has_flag(flag):
                return "flag", {"command": name, "flag": flag}
        if any(_APT_OPTION.search(a) for a in cmd.args):
            return "flag", {"command": name, "flag": "-o APT::Get::AllowUnauthenticated=true"}
    if name == "apk" and cmd.has_flag("--allow-untrusted"):
        return "flag", {"command": "apk", "flag": "--allow-untrusted"}
    if name in _YUM:
        if cmd.has_flag("--nogpgcheck"):
            return "flag", {"command": name, "flag": "--nogpgcheck"}
        for arg in cmd.args:
            if arg.startswith("--setopt=") and _GPGCHECK_OFF.match(arg[len("--setopt="):].replace("'", "")
                                                                    .replace('"', "")):
                return "flag", {"command": name, "flag": "--setopt=gpgcheck=0"}
    if name == "zypper" and cmd.has_flag("--no-gpg-checks", "--no-gpg-check"):
        return "flag", {"command": "zypper", "flag": "--no-gpg-checks"}
    if name == "rpm":
        flag = next((f for f in _RPM_FLAGS if cmd.has_flag(f)), None)
        if flag:
            return "flag", {"command": "rpm", "flag": flag}
    if any("trusted=yes" in a.replace(" ", "") for a in cmd.args) and \
            any(a == "deb" or a.startswith(("deb ", "deb [")) for a in cmd.args):
        return "trusted", {"command": "apt-source"}
    return None
