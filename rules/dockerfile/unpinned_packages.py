"""Packages installed in an image should have pinned versions.

## What it does
Reports, in every stage, a `RUN` that installs OS packages by name without a version:
`apt-get`/`apt install pkg` (pin with `pkg=1.2.3-1`), `apk add pkg` (`pkg=1.2.3-r0`, `pkg~1.2`),
`yum`/`dnf`/`tdnf`/`microdnf install pkg` (`pkg-1.2.3`), `zypper install pkg` (`pkg=1.2.3`), and the
language package managers that install by name: `pip`/`pip3`/`python -m pip install pkg`
(`pkg==1.2.3`; a requirements or constraints file is the pin; `--upgrade pip setuptools wheel`
refreshes the installer and is not judged), `npm install pkg` (`pkg@1.2.3`; a bare
`npm install`/`npm ci` follows the lockfile), `gem install pkg` (`pkg:1.2.3` or `-v 1.2.3`),
`pipx install pkg` (`pkg==1.2.3`), `go install`/`go get`/`go run module` (`module@v1.2.3`; `@latest`
is no pin, `./...` and `main.go` are the project's own code), and `yum`/`dnf module install name`
(`name:stream`). A VCS requirement is pinned by the ref it names (pip `git+https://host/repo@v1.2`, npm
`git+ssh://git@host:repo.git#v1.2`, `user/repo#v1.2`); without one it follows the default branch. Local
paths and package files, archives, URLs to archives, package groups (`@core`), capability names
(`'dnf-command(config-manager)'`), names held in variables and what follows `--` (gem build options) are
not judged. A variable is judged as what it holds in this `RUN` when that is certain: an `ARG`/`ENV` the
Dockerfile declares only in another stage (or as a global `ARG` the stage does not redeclare) does not
cross the `FROM`, so `git-core-${version}` there installs `git-core-` unpinned (unless the stage's base
image may set it: official images set `<IMAGE>_VERSION`). The exec form (`RUN ["apk", "add", "curl"]`) counts too, and so does an `ONBUILD RUN`, which
installs in the build of every image made FROM this one.

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
from linter.api.dockerfile import expand

META = RuleMeta(
    id="DKF015", name="dockerfile-unpinned-packages", kinds=("dockerfile",), severity="note",
    checklist=("hardening.supply-chain",), security=False,
    peers=("hadolint:DL3008", "hadolint:DL3013", "hadolint:DL3016", "hadolint:DL3018", "hadolint:DL3028",
           "hadolint:DL3033", "hadolint:DL3037", "hadolint:DL3041", "hadolint:DL3062",
           "kics:965a08d7-ef86-4f14-8792-4a3b2098937e", "kics:d3499f6d-1651-41bb-a9a7-de925fea487b",
           "kics:6452c424-1d92-4deb-bb18-a03e95d579c4", "kics:562952e4-0348-4dea-9826-44f3a2c6117b",
           "kics:93d88cf7-f078-46a8-8ddc-178e03aeacf1", "kics:02d9c71f-3ee8-4986-9c27-1a20d0d19bfc",
           "kics:e36d8880-3f78-4546-b9a1-12f0745ca0d5", "kics:22cd11f7-9c6c-4f6e-84c0-02058120b341"),
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
               "--editable", "--root-user-action", "--only-binary", "--no-binary", "--report", "--use-feature",
               "--use-deprecated", "--keyring-provider", "--python", "--pip-args", "--suffix", "--index-url",
               # pip 25.1: `--group [path:]name` installs a dependency group of pyproject.toml, pinned there
               "--group"}
_NPM_VALUES = {"--prefix", "--registry", "--cache", "--tag", "-w", "--workspace", "--loglevel", "--userconfig",
               "--omit", "--include", "--install-strategy", "--before", "--otp", "--scope", "--location"}
_LANGUAGE = {
    # name: (install verbs, options that take a value, how a pinned name looks, pin example)
    "pip": ({"install"}, _PIP_VALUES, lazy(r"[=<>~!]=?|@|\.(whl|tar\.gz|zip)$"), "pkg==1.2.3"),
    "pipx": ({"install", "inject"}, _PIP_VALUES, lazy(r"[=<>~!]=?|@|\.(whl|tar\.gz|zip)$"), "pkg==1.2.3"),
    "npm": ({"install", "i", "add", "isntall"}, _NPM_VALUES, lazy(r"^@?[^@]+@."), "pkg@1.2.3"),
    "gem": ({"install", "i"}, {"-i", "--install-dir", "-n", "--bindir", "-s", "--source", "-P", "--trust-policy",
                               "--platform", "-g", "--file"}, lazy(r":\d|\.gem$"), "pkg:1.2.3"),
    "go": ({"install", "get", "run"}, {"-C", "-p", "-tags", "-ldflags", "-gcflags", "-o", "-mod", "-modfile",
                                       "-overlay", "-pkgdir", "-asmflags", "-buildmode", "-compiler",
                                       "-installsuffix", "-toolexec", "-exec"},
           lazy(r"@(?!latest$)."), "module@v1.2.3"),
}
_INSTALLER = {"pip", "setuptools", "wheel"}
for _alias in ("pip3", "pip2"):
    _LANGUAGE[_alias] = _LANGUAGE["pip"]
_STREAM = lazy(r":[\w.-]+")
# a requirement that names where to fetch from: a VCS URL (pip `git+https://host/repo@ref`, npm
# `git+ssh://git@host:repo#ref`, `github:user/repo#ref`) is pinned only by the ref it names
_VCS = lazy(r"^(git\+|hg\+|svn\+|bzr\+|git:|github:|gitlab:|bitbucket:|gist:)", re.I)
_ARCHIVE = lazy(r"\.(whl|tgz|tar|tar\.gz|tar\.bz2|tar\.xz|zip|gem)$", re.I)


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
    if "--" in rest:
        rest = rest[:rest.index("--")]  # what follows `--` is passed on (gem build options, a program's args)
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
    if name in ("pip", "pipx") and any(a in ("-c", "--constraint") or a.startswith("--constraint=")
                                       for a in rest):
        return None, []  # a constraints file pins every package it names, as a requirements file does
    if name == "pip" and any(a in ("-U", "--upgrade") for a in rest):
        # `pip install --upgrade pip setuptools wheel` refreshes the installer, not the application
        words = [words[0]] + [w for w in words[1:] if w.lower() not in _INSTALLER]
    if name == "go":
        if words[0] == "run":
            words = words[:2]  # `go run pkg args...`: the rest are the program's arguments
        # a module path starts with a domain (`golang.org/x/tools`); `./cmd`, `main.go` are the project's code
        words = [words[0]] + [w for w in words[1:] if "." in w.split("/")[0].split("@")[0] and
                              not w.endswith(".go")]
    return name, words


def _language_pinned(language: str, word: str, pinned) -> bool | None:
    """Whether a package word is pinned; None when it is no package from an index (a path, an archive)."""
    if _VCS.match(word) or (language == "npm" and re.match(r"^[\w.-]+/[\w.-]+(#.*)?$", word)):
        if language == "npm":
            return "#" in word
        # pip: `git+https://host/repo.git@v1.2#egg=x`; the `user@` of an ssh URL names no ref
        location = re.sub(r"^[\w+]+://([^/@]*@)?", "", word.split("#", 1)[0])
        return "@" in location
    if _ARCHIVE.search(word) or word.startswith(("~", "file:")) or (language in ("pip", "pipx") and "/" in word):
        return None
    return bool(pinned.search(word))


_VAR = lazy(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


class _Scopes:
    """Which variables the Dockerfile declares, and which a stage chain declares, each worked out once per file:
    asked afresh for every RUN, a Dockerfile of thousands of stages and variables cost the square (a 300 kB one
    took over a minute)."""

    def __init__(self, doc):
        self._doc = doc
        self._everywhere = None
        self._own = {}  # id(stage) -> the names its own ARG and ENV lines declare
        self._seen = {}  # (id(stage), name) -> whether the stage's chain declares the name
        self._roots = {}  # id(stage) -> the first stage of its chain

    def _names(self, instructions):
        return {k for i in instructions if i.name in ("ARG", "ENV") for k, _ in i.keyvalues()}

    def everywhere(self) -> set[str]:
        if self._everywhere is None:
            doc = self._doc
            self._everywhere = self._names(doc.global_args) | {k for s in doc.stages for k in self._own_names(s)}
        return self._everywhere

    def _own_names(self, stage) -> set[str]:
        names = self._own.get(id(stage))
        if names is None:
            names = self._own[id(stage)] = self._names(stage.instructions)
        return names

    def root(self, stage):
        """``stage.root``, for every stage at once: a stage is built FROM an earlier one, so in file order each
        parent's root is known before its children ask (``stage.root`` walks the chain on every call)."""
        if not self._roots:
            for s in self._doc.stages:
                parent = s.parent
                self._roots[id(s)] = s if parent is None else self._roots.get(id(parent)) or parent.root
        return self._roots.get(id(stage)) or stage.root

    def in_chain(self, stage, name: str) -> bool:
        """Whether the stage, or one it is built FROM, declares ``name``; the answer is kept for every stage
        walked, so each (stage, name) is walked once."""
        path, seen, found = [], set(), False
        while stage is not None and id(stage) not in seen:
            known = self._seen.get((id(stage), name))
            if known is not None:
                found = known
                break
            seen.add(id(stage))
            path.append(stage)
            if name in self._own_names(stage):
                found = True
                break
            stage = stage.parent
        for walked in path:
            self._seen[(id(walked), name)] = found
        return found


def _out_of_scope(scopes: _Scopes, ins) -> dict[str, str]:
    """Variables the Dockerfile declares (ARG/ENV) but not where this RUN can see them: declared only in
    other stages, or global ARGs the stage chain does not redeclare. Docker expands them to nothing.
    Empty for an ONBUILD trigger (it runs in another build) and when the RUN reads no such variable."""
    if ins.onbuild or ins.stage is None:
        return {}
    text = "\n".join([ins.value, *(h[1] for h in ins.heredocs)])  # a heredoc's script reads variables too
    if "$" not in text:
        return {}
    read = set(_VAR.findall(text)) & scopes.everywhere()
    if not read:
        return {}
    read = {n for n in read if not scopes.in_chain(ins.stage, n)}
    # a shell variable the RUN sets itself (`v=1 &&`, `export v=`, `for v in`, `read v`) is not Docker's;
    # the external base image may set it: official images export `<IMAGE>_VERSION` (NODE_VERSION in node,
    # PYTHON_PIP_VERSION in python, YARN_VERSION in node too), which no line of this Dockerfile shows
    image = (scopes.root(ins.stage).image or "").rsplit("/", 1)[-1].split(":")[0].lower()
    return {n: "" for n in read
            if not re.search(rf"(^|[\s;&|(]){n}=|\b(for|read|export|local|declare)\s+(-\w+\s+)*{n}\b", text)
            and not (image and (n.split("_")[0].lower() in image or (image == "node" and n.startswith("YARN_"))))}


def _resolved(words, empty):
    """The words with out-of-scope variables expanded to nothing (words made only of them dropped)."""
    if not empty:
        return words
    out = []
    for w in words:
        if "$" in w and all(n in empty for n in _VAR.findall(w)):
            w = expand(w, empty) or ""
            if not w:
                continue
        out.append(w)
    return out


def check(doc, ctx):
    scopes = _Scopes(doc)
    for ins in doc.steps():
        if ins.name != "RUN":
            continue
        empty = None
        for cmd in ins.commands():
            if empty is None:
                empty = _out_of_scope(scopes, ins)
            language, words = _language_words(cmd)
            words = words[:1] + _resolved(words[1:], empty)
            if language is not None:
                verbs, values, pinned, example = _LANGUAGE[language]
                loose = [w for w in words[1:] if (_VCS.match(w) or not _skip(w.lstrip("@")))
                         and _language_pinned(language, w, pinned) is False]
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
            words = words[:1] + _resolved(words[1:], empty)
            if cmd.name == "zypper":
                words = [w for w in words if w not in ("--non-interactive", "-n")]
            if words[:2] == ["module", "install"] and manager is _MANAGERS["yum"]:
                words, pinned = words[1:], _STREAM  # a module follows its default stream unless one is named
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
