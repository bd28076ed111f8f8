"""Packages installed in an image should have pinned versions.

## What it does
Reports, in every stage, a `RUN` that installs OS packages by name without a version:
`apt-get`/`apt install pkg` (pin with `pkg=1.2.3-1`), `apk add pkg` (`pkg=1.2.3-r0`, `pkg~1.2`),
`yum`/`dnf`/`tdnf`/`microdnf install pkg` (`pkg-1.2.3`), `zypper install pkg` (`pkg=1.2.3`), and the
language package managers that install by name: `pip`/`pip3`/`python -m pip install pkg`
(`pkg==1.2.3`; a requirements or constraints file is the pin; `--upgrade pip setuptools wheel`
refreshes the installer and is not judged), `npm install pkg` (`pkg@1.2.3`; a bare
`npm install`/`npm ci` follows the lockfile), `gem install pkg` (`pkg:1.2.3` or `-v 1.2.3`),
`go install module` (`module@v1.2.3`; `@latest` is no pin, `./...` is the project's own code).
Local package files, URLs, package groups (`@core`), capability names (`'dnf-command(config-manager)'`)
and names held in variables are not judged. The exec form (`RUN ["apk", "add", "curl"]`) counts too.

## Why it matters in production
An unpinned install takes whatever the mirror has on the day of the build: rebuilding last month's
commit gives a different image, a new package version can break the build or the application without a
change in the repository, and a compromised package gets in on the next build. This is a note: pinning
means updating the pins deliberately, together with the pinned base image.

## Example
```dockerfile path=Dockerfile
FROM alpine:3.19
RUN apk add --no-cache curl
```

## Use instead
```dockerfile path=Dockerfile
FROM alpine:3.19
RUN apk add --no-cache curl=8.5.0-r0
```

## References
- https://github.com/hadolint/hadolint/wiki/DL3008
- https://github.com/hadolint/hadolint/wiki/DL3018
- https://github.com/hadolint/hadolint/wiki/DL3013 (pip), DL3016 (npm), DL3028 (gem), DL3033/DL3041 (yum/dnf),
  DL3037 (zypper)
"""
import re

from linter.api import RuleMeta
from linter.api import lazy

META = RuleMeta(
    id="DKF015", name="dockerfile-unpinned-packages", kinds=("dockerfile",), severity="note",
    checklist=("hardening.supply-chain",), security=False,
)
MESSAGES = {
    "unpinned": "`{command}` installs {packages} without a version; pin each package ({example})",
}
_MANAGERS = {
    # name: (install verbs, options that take a value, how a pinned name looks, pin example)
    "apt-get": ({"install"}, {"-o", "-t", "-c", "--target-release", "--option", "--config-file"},
                lazy(r"=|\.deb$"), "pkg=1.2.3-1"),
    "apt": ({"install"}, {"-o", "-t", "-c", "--target-release", "--option"}, lazy(r"=|\.deb$"),
            "pkg=1.2.3-1"),
    "apk": ({"add"}, {"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--cache-dir",
                      "--keys-dir", "--repositories-file", "--dir"},
            lazy(r"[=<>~]|\.apk$"), "pkg=1.2.3-r0"),
    "yum": ({"install"}, {"-c", "--config", "--installroot", "--releasever", "--setopt", "--enablerepo",
                          "--disablerepo", "-x", "--exclude"}, lazy(r"-\d|\.rpm$|[=<>]"), "pkg-1.2.3"),
    "zypper": ({"install", "in"}, {"-r", "--repo", "-t", "--type", "--from"}, lazy(r"[=<>]|\.rpm$"),
               "pkg=1.2.3"),
}
for _alias in ("dnf", "tdnf", "microdnf"):
    _MANAGERS[_alias] = _MANAGERS["yum"]
_PIP_VALUES = {"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-t",
               "--target", "--prefix", "--root", "-f", "--find-links", "--trusted-host", "--platform",
               "--python-version", "--implementation", "--abi", "--src", "--upgrade-strategy", "--cache-dir",
               "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
               "--global-option", "--install-option", "--config-settings", "-C", "--progress-bar", "-e",
               "--editable"}
_LANGUAGE = {
    # name: (install verbs, options that take a value, how a pinned name looks, pin example)
    "pip": ({"install"}, _PIP_VALUES, lazy(r"[=<>~!]=?|@|\.(whl|tar\.gz|zip)$"), "pkg==1.2.3"),
    "npm": ({"install", "i", "add", "isntall"}, {"--prefix", "--registry", "--cache", "--tag", "-w", "--workspace"},
            lazy(r"^@?[^@]+@.|\.tgz$|^(git|github|file|https?):|^[\w.-]+/[\w.-]+(#.*)?$"), "pkg@1.2.3"),
    "gem": ({"install", "i"}, {"-i", "--install-dir", "-n", "--bindir", "-s", "--source", "-P", "--trust-policy",
                               "--platform", "-g", "--file"}, lazy(r":\d|\.gem$"), "pkg:1.2.3"),
    "go": ({"install"}, {"-C", "-p", "-tags", "-ldflags", "-gcflags", "-o", "-mod", "-modfile", "-overlay",
                         "-pkgdir", "-asmflags", "-buildmode", "-compiler", "-installsuffix", "-toolexec"},
           lazy(r"@(?!latest$)."), "module@v1.2.3"),
}
_INSTALLER = {"pip", "setuptools", "wheel"}
for _alias in ("pip3", "pip2"):
    _LANGUAGE[_alias] = _LANGUAGE["pip"]


def _language_words(cmd):
    """(manager name, install words) for a language package manager, ``python -m pip`` included."""
    name, args = cmd.name, cmd.args
    if re.match(r"^python[\d.]*$", name) and args[:2] == ["-m", "pip"]:
        name = "pip"
        rest = args[2:]
    elif name in _LANGUAGE:
        rest = args
    else:
        return None, []
    verbs, values, _, _ = _LANGUAGE[name]
    words, i = [], 0
    while i < len(rest):
        arg = rest[i]
        if arg.startswith("-") and len(arg) > 1:
            if arg in values:
                i += 1
        else:
            words.append(arg)
        i += 1
    if not words or words[0] not in verbs:
        return None, []
    if name == "gem" and any(a in ("-v", "--version") or a.startswith("--version=") for a in rest):
        return None, []  # one version for the gems named
    if name == "pip" and any(a in ("-U", "--upgrade") for a in rest):
        # `pip install --upgrade pip setuptools wheel` refreshes the installer, not the application
        words = [words[0]] + [w for w in words[1:] if w.lower() not in _INSTALLER]
    return name, words


def check(doc, ctx):
    for ins in doc.instructions:
        if ins.name != "RUN":
            continue
        for cmd in ins.commands():
            language, words = _language_words(cmd)
            if language is not None:
                verbs, values, pinned, example = _LANGUAGE[language]
                loose = [w for w in words[1:] if not _skip(w.lstrip("@")) and not pinned.search(w)]
                if loose:
                    shown = ", ".join(loose[:4]) + (", ..." if len(loose) > 4 else "")
                    yield ctx.finding(ins.span, doc.key(ins, language, "install"), "unpinned",
                                      command=f"{language} {words[0]}", packages=shown, example=example)
                    break
                continue
            manager = _MANAGERS.get(cmd.name)
            if manager is None:
                continue
            verbs, values, pinned, example = manager
            words = cmd.positional(values)
            if cmd.name == "zypper":
                words = [w for w in words if w not in ("--non-interactive", "-n")]
            if not words or words[0] not in verbs:
                continue
            loose = [w for w in words[1:] if not _skip(w) and not pinned.search(w)]
            if loose:
                shown = ", ".join(loose[:4]) + (", ..." if len(loose) > 4 else "")
                yield ctx.finding(ins.span, doc.key(ins, cmd.name, "install"), "unpinned",
                                  command=f"{cmd.name} {words[0]}", packages=shown, example=example)
                break


def _skip(word: str) -> bool:
    return ("$" in word or word.startswith(("@", ".", "/", "http://", "https://", "-")) or "(" in word
            or "*" in word or not re.match(r"^[A-Za-z0-9]", word))
