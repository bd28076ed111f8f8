"""Which git-ignored files a run reads, and why.

The ``.env`` and ``.env.production`` that hold a deployment's real secrets are git-ignored in nearly every
repository, yet they are what deploys: a server's checkout or a handed-over archive has them. So they are
read, by this policy (``--untracked`` on the command line, ``untracked`` in the configuration):

``none``  no ignored file is read;
``env``   ignored env files: by ``prodlint audit`` all of them; by ``prodlint check`` those with production
          evidence: a production name (``.env.production``, ``prod.env``), or a production compose file that
          uses them (``env_file:``, or the ``.env`` beside it defining a variable it interpolates), or a
          ``--env-file`` in a deployment script (Makefile, shell script, CI workflow, package.json script)
          on a command that names no development compose file;
``all``   every ignored file of a known kind.

An env file is one by name (``.env``, ``.env.*``, ``*.env``) or by use (named by ``env_file:`` or
``--env-file``, whatever its name). Ignored env files left unread are listed in one notice that says how
to include them; other ignored files of known kinds are counted in the run's summary of skipped files.
Findings in ignored files say so (``Finding.untracked``); their values are masked like any other secret.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .classify import classify_name, is_source_name
from .discover import Notice
from .record import Record

MODES = ("none", "env", "all")
_ENV_FILE_FLAG = re.compile(r"--env-file(?:=|[ \t]+)(?:\"([^\"\n]+)\"|'([^'\n]+)'|([^\s;|&)`'\"]+))")
_COMPOSE_FILE_FLAG = re.compile(r"(?:^|\s)(?:-f|--file)(?:=|[ \t]+)[\"']?([^\s;|&)\"']+)")
_VARIABLE = re.compile(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_DOTENV_KEY = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=", re.M)
_PRODUCTION_WORDS = {"prod", "production", "live"}
_NOTICE_NAMES = 5  # names listed in the notice line; the rest are counted


class Decision(Record):
    """Which git-ignored files a run reads, and why."""

    read: list[str]  # ignored files to read, sorted
    kinds: dict[str, str]  # rel -> kind, for files an env_file names
    unread_env: list[str]  # ignored env files not read
    unread_other: int  # other ignored files of known kinds not read
    # files of the repository (not ignored) whose names say no kind, named by a compose file as what it uses
    # (`env_file: config/prod.vars`, `build.dockerfile: deploy/app.docker`): read as that kind, always
    by_use: dict[str, str]
    # files the deployment uses that lie in a folder discovery never enters (node_modules/, venv/, ...):
    # (rel, how it is used), announced since no rule checks them
    unentered: list[tuple[str, str]]

    _fields = ("read", "kinds", "unread_env", "unread_other", "by_use", "unentered")

    def __init__(self, read=None, kinds=None, unread_env=None, unread_other=0, by_use=None, unentered=None):
        self.read = [] if read is None else read
        self.kinds = {} if kinds is None else kinds
        self.unread_env = [] if unread_env is None else unread_env
        self.unread_other = unread_other
        self.by_use = {} if by_use is None else by_use
        self.unentered = [] if unentered is None else unentered


def decide(project, ignored: list[str], scripts: list[str], mode: str, audit: bool) -> Decision:
    """Choose among the git-ignored files of a run (``ignored``: their paths, known kinds only)."""
    references = _references(project, scripts)
    env_named = [r for r in ignored if classify_name(r) == "env"]
    dockerfiles = _dockerfile_references(project)
    mounted = _mounted_configs(project)
    by_use, tracked = _ignored_references(project, {**references, **dockerfiles, **mounted}, set(ignored))
    tracked_kinds = {r: "dockerfile" if r in dockerfiles else mounted[r][0][1] if r in mounted else "env"
                     for r in tracked}
    by_use = [r for r in by_use if r in references]  # an ignored Dockerfile is no env file to decide on
    candidates = sorted(set(env_named) | set(by_use))
    decision = Decision(kinds={r: "env" for r in by_use}, by_use=tracked_kinds,
                        unentered=_unentered(project, {**_compose_file_references(project, scripts), **references,
                                                       **dockerfiles, **mounted}))
    if mode == "none":
        decision.unread_env = candidates
        decision.unread_other = sum(1 for r in set(ignored) - set(candidates) if not classify_name(r).endswith("?"))
        return decision
    for rel in candidates:
        why = _production_evidence(rel, references.get(rel, []))
        if audit or mode == "all" or why:
            decision.read.append(rel)
        else:
            decision.unread_env.append(rel)
    others = [r for r in ignored if r not in set(candidates)]
    if mode == "all":
        decision.read = sorted(set(decision.read) | set(others))
    else:
        # source files (kinds ending in "?") count only once their content says they are backend code
        decision.unread_other = sum(1 for r in others if not classify_name(r).endswith("?"))
    return decision


def notice(decision: Decision, mode: str) -> Notice | None:
    """One line naming the ignored env files left unread and how to read them."""
    unread = decision.unread_env
    if not unread:
        return None
    shown = ", ".join(unread[:_NOTICE_NAMES]) + (f" and {len(unread) - _NOTICE_NAMES} more"
                                                 if len(unread) > _NOTICE_NAMES else "")
    count = f"{len(unread)} git-ignored env file{'s' if len(unread) != 1 else ''}"
    if mode == "none":
        return Notice("", f"{count} not read (--untracked none): {shown}")
    return Notice("", f"{count} not read, with no production evidence (a production name, or a production "
                      f"compose file or deployment script using them): {shown}; `--untracked all` or "
                      "`prodlint audit` reads them")


# ---- evidence ------------------------------------------------------------------------------------

def _production_name(rel: str) -> bool:
    words = set(re.split(r"[._-]+", rel.rsplit("/", 1)[-1].lower()))
    return bool(words & _PRODUCTION_WORDS)


def _production_evidence(rel: str, uses: list[tuple[str, object]]) -> str:
    if _production_name(rel):
        return "a production name"
    return next((why for why, production in uses if (production() if callable(production) else production)), "")


def _references(project, scripts: list[str]) -> dict[str, list[tuple[str, object]]]:
    """Env files by use: rel -> [(how it is used, whether that use is production: a bool, or a function
    that tells)]."""
    found: dict[str, list[tuple[str, bool]]] = {}

    def add(rel: str | None, why: str, production: bool) -> None:
        if rel is not None:
            found.setdefault(rel, []).append((why, production))

    for file in project.files_of("compose"):
        _compose_references(project, file, add)
    for rel in scripts:
        _script_references(project, rel, add)
        _copied_to_env(project, rel, add)
    return found


# `cp app.conf .env`, `mv x .env.prod`, `install -m 600 x .env`, `envsubst < .template.app.conf > .env`,
# `cat x > .env`: the file written is the env file, so what it is written from is one too
_COPY_TO_ENV = re.compile(r"(?:^|[;&|(]\s*|\bsudo\s+)(?:cp|mv|install)\s+(?:-[-\w=]+\s+(?:\d{3,4}\s+)?)*"
                          r"(?P<src>[^\s;&|<>$`'\"]+)\s+(?P<dest>[^\s;&|<>$`'\"]+)\s*(?:$|[;&|)])")
_RENDER_TO_ENV = re.compile(r"\b(?:envsubst(?:\s+(?:'[^']*'|\"[^\"]*\"))?|cat)\s*<?\s*(?P<src>[^\s;&|<>$`'\"]+)\s*>\s*"
                            r"(?P<dest>[^\s;&|<>$`'\"]+)")


def _copied_to_env(project, rel: str, add) -> None:
    """Env files a setup script writes from a file whose name says no kind (an env file kept under a `.conf`
    name, a template rendered with envsubst): that file holds the deployment's variables."""
    lines = _script_lines(project, rel, ".env")
    if not lines:
        return
    script_role = project.role(rel)
    directory = posixpath.dirname(rel)
    for line in lines:
        for match in list(_COPY_TO_ENV.finditer(line)) + list(_RENDER_TO_ENV.finditer(line)):
            dest = match.group("dest").rsplit("/", 1)[-1].lower()
            if not (dest == ".env" or dest.startswith(".env.")) or classify_name(match.group("src")) == "env":
                continue
            target = _script_path(project, directory, match.group("src"))
            # the file becomes the env file of the script's deployment; a production name written makes it
            # that machine's production settings
            production = script_role == "production" and not dest.endswith((".local", ".development", ".dev",
                                                                             ".test", ".example"))
            add(target, f"written to {dest} by {rel}", production)


def _compose_references(project, file, add) -> None:
    """``env_file`` entries and interpolation of a compose file, from its text: a line scan rather than a
    YAML parse, so that deciding costs a read of each compose file, not a parse (a warm run parses none)."""
    from .model.interpolate import interpolate

    text = "" if file.unreadable else file.text

    def production() -> bool:  # a role weighs the whole repository's evidence: asked only for a candidate
        return file.role == "production"

    directory = posixpath.dirname(file.rel)
    if "env_file" in text:
        for path in env_file_values(text):
            resolved = interpolate(path, {})
            if not resolved.runtime:
                add(_inside(project, directory, resolved.text), f"env_file in {file.rel}", production)
    if "$" not in text:
        return
    dotenv = posixpath.join(directory, ".env") if directory else ".env"
    used = set(_VARIABLE.findall(text))
    if used and used & _dotenv_keys(project, dotenv):
        add(dotenv, f"interpolated by {file.rel}", production)


_DOCKERFILE_KEY = re.compile(r"^(?P<indent>[ \t]*)dockerfile[ \t]*:[ \t]*(?P<value>.*)$")
_CONTEXT_KEY = re.compile(r"^(?P<indent>[ \t]*)context[ \t]*:[ \t]*(?P<value>.*)$")
_BUILD_FLOW = re.compile(r"\bbuild[ \t]*:[ \t]*\{(?P<body>[^}\n]*)\}")


def _dockerfile_references(project) -> dict[str, list]:
    """Dockerfiles a compose file builds under a name of their own (``build: {context: ., dockerfile:
    deploy/app.docker}``): rel -> [(how it is used, production)], from the text as for ``env_file``."""
    found: dict[str, list] = {}
    for file in project.files_of("compose"):
        text = "" if file.unreadable else file.text
        if "dockerfile" not in text:
            continue
        directory = posixpath.dirname(file.rel)
        for context, dockerfile in build_values(text):
            if "$" in context + dockerfile or "://" in context or context.startswith("git@"):
                continue
            rel = _inside(project, posixpath.join(directory, context or "."), dockerfile)
            if rel is not None:
                found.setdefault(rel, []).append((f"build.dockerfile in {file.rel}", False))
    return found


# A file bind-mounted where nginx or redis reads its configuration is one, whatever its name
# (`./deploy/site.cfg:/etc/nginx/conf.d/default.conf:ro`); the short volume syntax, from the text.
_BIND_MOUNT = re.compile(r"""^[ \t]*-[ \t]+["']?(?P<source>\.{1,2}/[^:"'\s]*):(?P<target>/[^:"'\s]+)""")
_NGINX_TARGET = re.compile(r"^/etc/nginx/(?:[\w.-]+\.conf|(?:conf\.d|http\.d|sites-enabled|sites-available|snippets)/[^/]+"
                           r"|templates/[^/]+\.template)$")
_REDIS_TARGET = re.compile(r"/redis[\w.-]*\.conf$")


def _mounted_configs(project) -> dict[str, list]:
    """nginx and redis configuration files compose bind-mounts under names of no kind: rel -> [(how, kind)]."""
    found: dict[str, list] = {}
    for file in project.files_of("compose"):
        text = "" if file.unreadable else file.text
        if "/etc/nginx/" not in text and "redis" not in text:
            continue
        directory = posixpath.dirname(file.rel)
        for line in text.splitlines():
            m = _BIND_MOUNT.match(line)
            if m is None or "$" in m.group("source"):
                continue
            target = posixpath.normpath(m.group("target"))
            kind = "nginx" if _NGINX_TARGET.match(target) else "redis" if _REDIS_TARGET.search(target) else None
            rel = _inside(project, directory, m.group("source")) if kind else None
            if rel is not None:
                found.setdefault(rel, []).append((f"mounted at {target} by {file.rel}", kind))
    return found


def build_values(text: str) -> list[tuple[str, str]]:
    """(context, dockerfile) of each ``build`` section of compose YAML that names its Dockerfile: ``context``
    is a sibling key of the same mapping, before or after it. One pass (a hostile file of a hundred thousand
    sibling keys costs what it is long)."""
    lines = text.splitlines()
    blocks: list[tuple[int, int]] = []  # the open mappings: (indentation, block number)
    contexts: dict[int, str] = {}
    named: list[tuple[int, str]] = []
    out: list[tuple[str, str]] = []
    count = 0
    for line in lines:
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while blocks and blocks[-1][0] > indent:
            blocks.pop()
        if not blocks or blocks[-1][0] < indent:
            count += 1
            blocks.append((indent, count))
        block = blocks[-1][1]
        m = _DOCKERFILE_KEY.match(line)
        if m:
            value = _scalar(_uncomment(m.group("value")))
            if value:
                named.append((block, value))
        c = _CONTEXT_KEY.match(line)
        if c:
            contexts.setdefault(block, _scalar(_uncomment(c.group("value"))))
        for flow in _BUILD_FLOW.finditer(line):
            parts = dict(p.split(":", 1) for p in flow.group("body").split(",") if ":" in p)
            parts = {k.strip(): _scalar(v) for k, v in parts.items()}
            if parts.get("dockerfile"):
                out.append((parts.get("context", ""), parts["dockerfile"]))
    return [(contexts.get(block, ""), value) for block, value in named] + out


_ENV_FILE_KEY = re.compile(r"^(?P<indent>[ \t]*)(?:-[ \t]+)?env_file[ \t]*:[ \t]*(?P<rest>.*)$")
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?:path[ \t]*:[ \t]*)?(?P<value>.*)$")
_PATH_KEY = re.compile(r"^[ \t]*path[ \t]*:[ \t]*(?P<value>.*)$")


def env_file_values(text: str) -> list[str]:
    """The paths ``env_file:`` keys name in compose YAML: a scalar, a flow list, a block list of paths or
    of ``{path: ..., required: ...}`` mappings."""
    out: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _ENV_FILE_KEY.match(line)
        if not m:
            continue
        rest = _uncomment(m.group("rest"))
        if rest:
            out.extend(_scalar(v) for v in rest.strip("[]").split(",") if _scalar(v))
            continue
        indent = len(m.group("indent"))
        for following in lines[i + 1:]:
            if not following.strip() or following.lstrip().startswith("#"):
                continue
            if len(following) - len(following.lstrip()) <= indent:
                break
            item = _LIST_ITEM.match(following) or _PATH_KEY.match(following)
            value = _scalar(_uncomment(item.group("value"))) if item else ""
            if value and not value.startswith(("required", "format")):
                out.append(value)
    return out


def _uncomment(text: str) -> str:
    cut = text.find(" #")
    return (text[:cut] if cut != -1 else text).strip()


def _scalar(text: str) -> str:
    return text.strip().strip("'\"").strip()


def _script_references(project, rel: str, add) -> None:
    lines = _script_lines(project, rel, "--env-file")
    if not lines:
        return
    script_role = project.role(rel)
    directory = posixpath.dirname(rel)
    for line in lines:
        composes = _COMPOSE_FILE_FLAG.findall(line)
        development = any(project.role(posixpath.normpath(posixpath.join(directory, c))) != "production"
                          for c in composes if "$" not in c)
        for match in _ENV_FILE_FLAG.finditer(line):
            path = next(g for g in match.groups() if g)
            if "$" in path:
                continue
            if is_source_name(path):
                continue
            target = _script_path(project, directory, path)
            production = script_role == "production" and not development and project.role(target or "") == \
                "production"
            add(target, f"--env-file in {rel}", production)


def _script_lines(project, rel: str, word: str) -> list[str]:
    """The logical lines of a script (backslash continuations joined) that mention ``word``."""
    text = _read(project, rel)
    if not text or word not in text:
        return []
    return [line for line in _logical_lines(text) if word in line]


def _script_path(project, directory: str, path: str) -> str | None:
    """The file a script in ``directory`` names: beside the script, else from the root (where CI workflows and
    many scripts run); None outside the root."""
    target = _inside(project, directory, path)
    if target is not None and not (project.root / target).exists():
        target = _inside(project, "", path)
    return target


def _logical_lines(text: str) -> list[str]:
    return text.replace("\\\r\n", " ").replace("\\\n", " ").splitlines()


def _inside(project, directory: str, path: str) -> str | None:
    """The root-relative path of ``path`` written in a file of ``directory``; None outside the root."""
    if path.startswith("/"):
        return None
    rel = posixpath.normpath(posixpath.join(directory, path))
    return None if rel == "." or rel.startswith("../") or rel == ".." else rel


def _read(project, rel: str) -> str:
    path = project.root / rel
    try:
        if path.is_symlink() or not path.is_file():
            return ""
        with open(path, "rb") as fh:
            data = fh.read(project.max_bytes + 1)
    except OSError:
        return ""
    if len(data) > project.max_bytes or b"\0" in data[:8192]:
        return ""
    return data.decode("utf-8", "replace")


def _dotenv_keys(project, rel: str) -> set[str]:
    """Names a dotenv file defines (never its values)."""
    return set(_DOTENV_KEY.findall(_read(project, rel)))


def _ignored_references(project, references: dict, ignored: set[str]) -> tuple[list[str], list[str]]:
    """(files named by use that git ignores, whatever their names; files named by use that git does not
    ignore but whose names say no kind, so discovery left them out)."""
    listed = {f.rel for f in project.files}
    todo = [rel for rel in references if rel not in listed and rel not in ignored and _no_kind_by_name(rel)
            and _regular_file(project.root / rel)]
    if not todo:
        return [rel for rel in references if rel in ignored], []
    from .discover import DEFAULT_EXCLUDES
    from .globs import GlobSet
    from .model.repository import repository
    excluded = GlobSet(list(DEFAULT_EXCLUDES) + list(getattr(project.config, "exclude", None) or []))
    todo = [rel for rel in todo if not excluded.match(rel)]
    repo = repository(project)
    repo.check_ignored(todo)
    return (sorted({rel for rel in references if rel in ignored} | {rel for rel in todo if repo.ignored(rel)}),
            sorted(rel for rel in todo if not repo.ignored(rel)))


def _compose_file_references(project, scripts: list[str]) -> dict[str, list]:
    """Compose files a deployment script names (`docker compose -f deploy/prod.yml up`): rel -> [(how, True)]."""
    found: dict[str, list] = {}
    for rel in scripts:
        directory = posixpath.dirname(rel)
        for line in _script_lines(project, rel, "compose"):
            for path in _COMPOSE_FILE_FLAG.findall(line):
                if "$" in path:
                    continue
                target = _script_path(project, directory, path)
                if target is not None:
                    found.setdefault(target, []).append((f"compose -f in {rel}", True))
    return found


def _unentered(project, used: dict[str, list]) -> list[tuple[str, str]]:
    """(rel, how it is used) of each file a compose file or a deployment script uses that lies in a folder
    discovery never enters (dependencies and caches: node_modules/, venv/, .tox/, ...). No rule checks it, so a
    repository could keep its production compose or env file there with nothing said; the run says so."""
    from .discover import DEFAULT_EXCLUDES
    from .globs import GlobSet
    listed = {f.rel for f in project.files}
    never = GlobSet(list(DEFAULT_EXCLUDES))
    return [(rel, uses[0][0]) for rel, uses in sorted(used.items())
            if rel not in listed and never.match(rel) and _regular_file(project.root / rel)]


def unentered_notices(decision: Decision) -> list[Notice]:
    from .discover import DEFAULT_EXCLUDES
    out = []
    for rel, how in decision.unentered:
        folder = next((part for part in rel.split("/")[:-1] if f"{part}/" in DEFAULT_EXCLUDES), rel.split("/")[0])
        out.append(Notice(rel, f"not checked: used by the deployment ({how}), but in {folder}/, a folder of "
                               "dependencies or caches prodlint never enters"))
    return out


def _no_kind_by_name(rel: str) -> bool:
    """A name that gives no kind, or one only content decides (`app.conf`: nginx if it reads like nginx)."""
    kind = classify_name(rel)
    return kind is None or kind.endswith("?")


def _regular_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def read_ignored(project, found, mode: str, audit: bool, wanted: set[str] | None, make_file) -> Decision:
    """Add the ignored files the policy chooses to the project (``make_file``: Candidate -> SourceFile),
    mark them in ``found.untracked`` and leave the notice about the rest in ``found.notices``."""
    from .discover import admit_ignored
    decision = decide(project, found.ignored, found.scripts, mode, audit)
    for candidate in admit_ignored(project.root, decision.read, decision.kinds, project.max_bytes, wanted, found):
        project.add(make_file(candidate))
    # the repository's own files a compose file uses under a name of no kind: checked like any file of it
    # (a production Dockerfile or env file could otherwise hide behind a name, with nothing said)
    by_use = sorted(r for r, kind in decision.by_use.items() if wanted is None or kind in wanted)
    for candidate in admit_ignored(project.root, by_use, decision.by_use, project.max_bytes, wanted, found):
        project.add(make_file(candidate))
    # read or not, they are ignored: a finding the model places in one (a production override merged from
    # disk) says so too
    found.untracked.update((rel, "ignored") for rel in [*found.ignored, *decision.read])
    line = notice(decision, mode)
    if line is not None:
        found.notices.append(line)
    found.notices.extend(unentered_notices(decision))
    return decision
