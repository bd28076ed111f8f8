"""Where a repository says how it deploys: Makefiles, shell scripts, package.json scripts, CI workflows
(GitHub, GitLab, Azure Pipelines), Procfiles, pm2 `ecosystem.config.*`, systemd units and the code blocks of READMEs and
docs. Each is read as text (bounded in number and size), never run."""
from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path

from ..lazyre import lazy
from ..record import NamedTuple
from ..textlines import source_lines
from . import commands
from .text import context_role, is_collection, readme_intro, statement_role

MAX_FILES = 400  # evidence files read per run
MAX_BYTES = 256 * 1024
# Folders below the root searched for evidence files: deployment files live near the root (a Makefile,
# .github/workflows, deploy/, a service's folder); deeper, only the folders of compose files and
# Dockerfiles (and their ancestors) are listed, so a large tree costs a few hundred directory listings.
MAX_DEPTH = 2
MAX_ENTRIES = 50000  # names looked at by the search
_SKIP_DIRS = {".git", "node_modules", "vendor", ".venv", "venv", "__pycache__", ".tox", "dist", "build", "target",
              ".next", ".nuxt", "coverage", ".cache", "bower_components", "site-packages", ".terraform"}
_README = lazy(r"^readme(\.(md|markdown|rst|txt))?$", re.I)
_DOC = lazy(r"\.(md|markdown|rst)$", re.I)
# a page written for the people who work on the code (CONTRIBUTING.md, DEVELOPMENT.md, DEVELOPER_SETUP.md,
# HACKING.md): its commands are a developer's wherever its headings name no other role
_DEV_DOC = lazy(r"^(contributing|hacking|develop(er|ers|ing|ment)?([-_ ]?(setup|guide|notes|docs?))?)"
                r"\.(md|markdown|rst)$", re.I)
# a page written for the people who run the product (INSTALL.md, DEPLOY.md, DEPLOYMENT.md, SELF_HOSTING.md): its
# commands are production ones wherever its headings name no other role ("Local Development Mode" still does)
_DEPLOY_DOC = lazy(r"^(install(ation|ing)?|deploy(ment|ing)?|self[-_ ]?host(ed|ing)?|hosting)"
                   r"([-_ ]?(guide|notes|docs?))?\.(md|markdown|rst)$", re.I)
_SHELL = lazy(r"\.(sh|bash|zsh)$", re.I)
# commands recorded for the whole repository: a hostile tree's millions add nothing a reader could use, and each
# question about a file goes over them
_MAX_FOUND = 20_000
_MAKEFILE = lazy(r"^(gnu)?makefile$|\.mk$|^justfile$", re.I)
# go-task's task file (`task start-db` runs its `start-db` task's `cmds`, the way `make` runs a target)
_TASKFILE = lazy(r"^taskfile(\.dist)?\.ya?ml$", re.I)
# just: a recipe's header with its parameters (`test args='a b' +rest:`, `@quiet:`)
_JUST_RECIPE = lazy(r"""^@?([A-Za-z_][\w-]*)(?:\s+[+*$]?[A-Za-z_][\w-]*(?:=(?:'[^']*'|"[^"]*"|[^\s:'"]+))?)*"""
                    r"\s*:(?!=)(.*)$")
_PM2 = lazy(r"^(ecosystem|pm2|process)(\.[\w-]+)?\.config\.(js|cjs|mjs|json|ya?ml)$|^pm2\.(json|ya?ml)$", re.I)
_ASSIGNMENT = lazy(r"^(?:export\s+|readonly\s+|local\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_]\w*)="
                   r"(\"[^\"]*\"|'[^']*'|\S*)$")
_AZURE = lazy(r"^azure-pipelines[\w.-]*\.ya?ml$", re.I)
# Azure Pipelines' predefined paths that name the checkout: a Dockerfile under one is the repository's
_AZURE_CHECKOUT = lazy(r"^\$\((Build\.SourcesDirectory|System\.DefaultWorkingDirectory|Build\.Repository\.LocalPath"
                       r"|Pipeline\.Workspace)\)/?", re.I)
# a developer workspace's configuration: Gitpod's, a Dev Container's (at the root or in .devcontainer/)
_WORKSPACE = lazy(r"^\.gitpod\.ya?ml$|^\.?devcontainer\.json$", re.I)


def _jsonc(text: str) -> str:
    """JSON with comments and trailing commas (devcontainer.json is JSONC) as plain JSON: `//` and `/* */`
    comments outside strings dropped, a comma before `}` or `]` removed. One pass over the text (an unclosed
    `/*` ends it), so a hostile file costs its length."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            j = i
            while j < n and text[j] not in '"/':
                j += 1
            out.append(text[i:j] if j > i else c)
            i = j if j > i else i + 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


_DOC_DIRS = {"docs", "doc", "documentation", "deploy", "deployment", "ops", "infra", "scripts", "script", "bin"}
# documentation trees: below MAX_DEPTH only their operators' guides are read (a folder or page named for
# installing, deploying, self-hosting or getting started: docs/getting_started/installation/container.md,
# docs/admin/deployment.md), so a large manual costs its directory listings, not its pages
_GUIDE_ROOTS = {"docs", "doc", "documentation"}
_GUIDE = lazy(r"^(install(ation|ing|s)?|deploy(ment|ments|ing)?|self[-_ ]?host(ed|ing)?|hosting|getting[-_ ]?started"
              r"|quick[-_ ]?start|production)([-_ .]|$)", re.I)
# how deep a docs tree is walked for its guides: a hostile tree nested thousands deep costs no more (and never
# reaches the recursion limit of os.walk)
_GUIDE_MAX_DEPTH = 12
# a manual's translations and frozen past versions repeat its current pages: not walked below MAX_DEPTH
_GUIDE_COPIES = lazy(r"^(locales?|i18n|l10n|translations?|versioned_docs|versions?|archive[sd]?)$", re.I)


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class Found(NamedTuple):
    """A command of the repository that names files (compose, docker build, stack deploy), and where."""
    use: commands.Use
    role: str | None  # what the command's context says it is for, None when it does not say
    where: str  # "Makefile:12 target 'prod'"
    source: str  # the evidence file, relative to the root
    env: frozenset = frozenset()  # variables the command's environment sets (a workflow job's `env:`)


class Supplied(NamedTuple):
    """A setting a deployment file gives the processes it starts (pm2 env, systemd Environment=)."""
    name: str
    value: str
    where: str
    source: str = ""  # the deployment file, relative to the root
    block: str = ""  # pm2: "" for `env`, "production" for `env_production` (applied with --env production)


class Deployments:
    def __init__(self, root: Path, extra_dirs: set[str] = frozenset()):
        self.root = root
        self.found: list[Found] = []
        self.supplied: list[Supplied] = []
        self.env_files: list[tuple[str, str]] = []  # (env file rel, where) a production unit loads
        # (template path as the script names it, the script's folder, where, the script's role): templates a
        # script renders into the file a server reads (`envsubst < nginx.conf.template > nginx.conf`)
        self.rendered: list[tuple[str, str, str, str | None]] = []
        # (source as the script names it, the folder it is relative to, where, the script's role, the name it
        # gets): a compose file a script installs under the name compose runs (`cp compose.sample.yml
        # docker-compose.yml`, a download of the repository's raw file `-o docker-compose.yml`)
        self.installed: list[tuple[str, str, str, str | None, str]] = []
        # folder rel -> (role, quoted words, whether it says "not for production", readme rel)
        self.readmes: dict[str, tuple[str, str, bool, str, bool]] = {}  # role, words, negated, README, collection
        self._read = 0
        # (Makefile rel, target) -> the commands its recipe runs, and the targets it depends on; `make` calls
        # with the context they are made in: a deployment script's `make start` runs `start` for production
        self._target_found: dict[tuple[str, str], list[Found]] = {}
        self._target_deps: dict[tuple[str, str], list[str]] = {}
        self._make_calls: list[tuple[commands.MakeCall, str | None, str, frozenset]] = []
        for rel in self._candidates(extra_dirs):
            if self._read >= MAX_FILES:
                break
            self._read_file(rel)
        self._follow_make_calls()

    # ---- finding the files -------------------------------------------------------------------------
    def _candidates(self, extra_dirs) -> list[str]:
        out: list[str] = []
        seen = 0
        root = str(self.root)
        for dirpath, dirnames, filenames in os.walk(root):
            rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir
            depth = 0 if not rel_dir else rel_dir.count("/") + 1
            parts = rel_dir.split("/")
            guides = (parts[0].lower() in _GUIDE_ROOTS and depth < _GUIDE_MAX_DEPTH
                      and not any(map(_GUIDE_COPIES.match, parts[1:])))
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS
                                 and (not d.startswith(".") or d in (".github", ".gitlab", ".circleci", ".deploy",
                                                                      ".docker", ".devcontainer", ".azure-pipelines",
                                                                      ".azuredevops", ".pipelines"))
                                 and (depth < MAX_DEPTH or guides))
            seen += len(filenames) + len(dirnames)
            for name in sorted(filenames):
                if self._wanted(rel_dir, name) and (depth <= MAX_DEPTH or _guide_page(rel_dir, name)):
                    out.append(f"{rel_dir}/{name}" if rel_dir else name)
            if seen > MAX_ENTRIES:
                break
        deeper = set()
        for rel_dir in extra_dirs:  # folders of compose files and Dockerfiles deeper than the search
            while rel_dir and rel_dir.count("/") + 1 > MAX_DEPTH:
                deeper.add(rel_dir)
                rel_dir = rel_dir.rsplit("/", 1)[0]
        for rel_dir in sorted(deeper)[:2000]:
            try:
                names = sorted(os.listdir(os.path.join(root, rel_dir)))
            except OSError:
                continue
            out.extend(f"{rel_dir}/{n}" for n in names if self._wanted(rel_dir, n))
        # the root's own files first: they speak for the whole repository
        return sorted(dict.fromkeys(out), key=lambda r: (r.count("/"), r))

    @staticmethod
    def _wanted(rel_dir: str, name: str) -> bool:
        lower = name.lower()
        top = rel_dir.split("/", 1)[0].lower()
        if _README.match(name) or _MAKEFILE.match(name) or _PM2.match(name) or _TASKFILE.match(name):
            return True
        if lower in ("package.json", "procfile", ".gitlab-ci.yml") or lower.startswith("procfile."):
            return True
        if _WORKSPACE.match(name) and (not rel_dir or top == ".devcontainer"):
            return True
        if _SHELL.search(name) or lower.endswith(".service"):
            return True
        if rel_dir in (".github/workflows", ".gitea/workflows", ".forgejo/workflows") \
                and lower.endswith((".yml", ".yaml")):
            return True
        if rel_dir.startswith(".gitlab") and lower.endswith((".yml", ".yaml")):
            return True
        if _AZURE.match(name) or (rel_dir in (".azure-pipelines", ".azuredevops", ".pipelines")
                                  and lower.endswith((".yml", ".yaml"))):
            return True
        if not rel_dir and (_DEV_DOC.match(name) or _DEPLOY_DOC.match(name)):
            return True
        return bool(_DOC.search(name)) and top in _DOC_DIRS

    def _text(self, rel: str) -> str | None:
        from ..files import Unreadable, read_bytes
        path = self.root / rel
        try:
            if path.is_symlink():
                return None
            data = read_bytes(path, MAX_BYTES, self.root, head=True)  # regular files only, never a FIFO
        except (OSError, Unreadable):
            return None
        if b"\0" in data[:4096]:
            return None
        self._read += 1
        return data.decode("utf-8", errors="replace")

    # ---- reading them ------------------------------------------------------------------------------
    def _read_file(self, rel: str) -> None:
        name = rel.rsplit("/", 1)[-1]
        lower = name.lower()
        text = self._text(rel)
        if text is None:
            return
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        if _README.match(name):
            intro = readme_intro(text)
            said = statement_role(intro)
            if said is not None:
                self.readmes[folder] = (*said, rel, is_collection(intro))
            self._markdown(rel, text, folder, _folder_role(rel))
        elif _DOC.search(name):
            self._markdown(rel, text, folder, "development" if _DEV_DOC.match(name) else
                           "production" if not folder and _DEPLOY_DOC.match(name) else None)
        elif _MAKEFILE.match(name):
            self._makefile(rel, text, folder)
        elif _TASKFILE.match(name):
            self._taskfile(rel, text, folder)
        elif lower == "package.json":
            self._package(rel, text, folder)
        elif _WORKSPACE.match(name):
            self._workspace(rel, text, folder)
        elif lower == ".gitlab-ci.yml" or (lower.endswith((".yml", ".yaml"))
                                           and rel.startswith((".gitlab/", ".github/", ".gitea/", ".forgejo/"))):
            self._workflow(rel, text)
        elif _AZURE.match(name) or rel.startswith((".azure-pipelines/", ".azuredevops/", ".pipelines/")):
            self._azure(rel, text)
        elif lower.startswith("procfile"):
            role = context_role(lower.partition(".")[2]) or "production"
            for n, line in enumerate(source_lines(text), 1):
                process, _, command = line.partition(":")
                self._line(command, {}, folder, role, f"{rel}:{n} process '{process.strip()}'", rel)
                self._settings(command, f"{rel}:{n}", role)
        elif _PM2.match(name):
            self._pm2(rel, text)
        elif lower.endswith(".service"):
            self._systemd(rel, text, folder)
        elif _SHELL.search(name):
            self._script(rel, text, folder, context_role(name.rsplit(".", 1)[0]) or context_role(folder))

    def _line(self, line: str, variables: dict, cwd: str, role: str | None, where: str, source: str,
              env: frozenset = frozenset()) -> None:
        for use in commands.parse(line, variables, cwd):
            self.found.append(Found(use, role, where, source, env))
        if role is not None and not _MAKEFILE.match(source.rsplit("/", 1)[-1]) \
                and not _TASKFILE.match(source.rsplit("/", 1)[-1]):
            for call in commands.make_calls(line, variables, cwd) + commands.task_calls(line, variables, cwd):
                self._make_calls.append((call, role, where, env))
                if cwd and call.makefile.startswith(cwd + "/"):
                    # a script in scripts/ is often run from the root: `make up` there is the root's Makefile
                    rooted = call._replace(makefile=call.makefile[len(cwd) + 1:])
                    self._make_calls.append((rooted, role, where, env))

    def _follow_make_calls(self) -> None:
        """A script or CI job whose context names a role and runs `make <target>` runs the target's commands
        for that role: the ones whose own target says nothing (`start:` running `docker compose up -d`) take the
        caller's role, the way a README's "Production" heading gives its code block one. Targets the target
        depends on (`deploy: build`) are followed too, a few levels deep."""
        # the targets followed for each role and environment: the first place that calls a target for them is
        # the one cited. Followed from each place, n lines of `make start` over a target of n commands made n**2
        # commands (300 of each, a 15 kB repository: minutes), and every question about a compose file went
        # over all of them
        followed: dict[tuple[str, str | None, frozenset], set] = {}
        for call, role, where, env in self._make_calls:
            makefile = self._makefile_rel(call.makefile)
            if makefile is None:
                continue
            seen = followed.setdefault((makefile, role, env), set())
            pending, steps = [(makefile, t) for t in call.targets], 0
            while pending and steps < 16 and len(self.found) < _MAX_FOUND:
                key = pending.pop(0)
                if key in seen:
                    continue
                seen.add(key)
                steps += 1
                pending.extend((makefile, dep) for dep in self._target_deps.get(key, ()))
                for found in self._target_found.get(key, ()):
                    if found.role is None:
                        self.found.append(found._replace(role=role, where=f"{where} (`make {key[1]}`: {found.where})",
                                                         env=found.env | env))

    def _makefile_rel(self, path: str) -> str | None:
        """The repository's Makefile a `make` call names: the path itself, or for a server's absolute path
        (`make -C /opt/app start`, a clone of this repository) the longest tail of it that is a Makefile here."""
        parts = path.strip("/").split("/") if path.startswith("/") else [path]
        for start in range(len(parts)):
            tail = "/".join(parts[start:])
            if any(k[0] == tail for k in self._target_found):
                return tail
            if _TASKFILE.match(tail.rsplit("/", 1)[-1]):
                folder = tail.rsplit("/", 1)[0] + "/" if "/" in tail else ""
                other = next((k[0] for k in self._target_found if k[0].startswith(folder)
                              and "/" not in k[0][len(folder):] and _TASKFILE.match(k[0][len(folder):])), None)
                if other is not None:
                    return other
        return None

    def _taskfile(self, rel: str, text: str, folder: str) -> None:
        """go-task's Taskfile: each task's `cmds` are read like a Makefile target's recipe, its `deps` and
        `task:` calls like a target's prerequisites; a task named for a role gives its commands that role."""
        from ..parsers.yaml_doc import load

        try:
            data = load(text)  # the hardened loader: no tags constructed, deep nesting refused
        except Exception:  # noqa: BLE001 - a malformed Taskfile names nothing
            return
        tasks = data.get("tasks") if isinstance(data, dict) else None
        if not isinstance(tasks, dict):
            return
        for name, spec in list(tasks.items())[:500]:
            name = str(name)
            if isinstance(spec, str):
                spec = {"cmds": [spec]}
            elif isinstance(spec, list):
                spec = {"cmds": spec}
            if not isinstance(spec, dict):
                continue
            cwd = folder
            if isinstance(spec.get("dir"), str) and "{{" not in spec["dir"]:
                cwd = commands.join_path(folder, spec["dir"])
            deps: list[str] = []
            listed = spec.get("deps")
            for dep in listed if isinstance(listed, list) else ():  # anything else is no list of tasks
                called = dep.get("task") if isinstance(dep, dict) else dep
                if isinstance(called, str):
                    deps.append(called)
            key = (rel, name)
            self._target_found.setdefault(key, [])
            role = context_role(name, name_of(rel))
            cmds = spec.get("cmds") or []
            for cmd in cmds if isinstance(cmds, list) else []:
                if isinstance(cmd, dict):
                    if isinstance(cmd.get("task"), str):
                        deps.append(cmd["task"])
                        continue
                    cmd = cmd.get("cmd")
                if not isinstance(cmd, str) or "{{" in cmd:
                    continue  # a Go template the text cannot expand
                before = len(self.found)
                for line in cmd.splitlines():
                    if line.strip() and not line.lstrip().startswith("#"):
                        self._line(line.strip(), {}, cwd, role, f"{rel} task '{name}'", rel)
                self._target_found[key].extend(self.found[before:])
            self._target_deps[key] = deps[:16]

    def _script(self, rel: str, text: str, folder: str, role: str | None) -> None:
        """A shell script: its name says what it is for, and so do the function (`deploy_prod() {`) and
        `case` branch (`prod)`) a command is in; `cd` on a line of its own moves the commands after it."""
        variables: dict[str, str] = {}
        cwd = folder
        scope_role = None  # of the function or case branch the line is in
        for n, line in _logical_lines(text):
            stripped = line.strip()
            m = _ASSIGNMENT.match(stripped)
            if m is not None:
                variables[m.group(1)] = commands.expand(m.group(2).strip("\"'"), variables)
                continue
            fn = re.match(r"^(?:function\s+)?([\w-]+)\s*\(\)\s*\{?$|^function\s+([\w-]+)\s*\{?$", stripped)
            branch = re.match(r"^[\"']?([\w|*-]+)[\"']?\)\s*(.*)$", stripped)
            if fn is not None:
                scope_role = context_role(fn.group(1) or fn.group(2))
                continue
            if branch is not None and not stripped.startswith(("$(", "`")):
                scope_role = context_role(*branch.group(1).split("|"))
                stripped = branch.group(2)
            if stripped in ("}", "esac"):
                scope_role = None
                continue
            cd = re.match(r"^cd\s+([^;&|$`]+)$", stripped)
            if cd is not None:
                cwd = commands.join_path(cwd, cd.group(1).strip().strip("\"'"))
                continue
            self._line(stripped, variables, cwd, scope_role or role, f"{rel}:{n}", rel)
            for template in _rendered_templates(stripped):
                self.rendered.append((commands.expand(template, variables), cwd, f"{rel}:{n}", scope_role or role))
            # the script's own variables name what it writes as well as what it copies (`YAML=docker-compose.yml`,
            # `cp docker-compose.template.yml $YAML`); one it does not set leaves the name unknown
            for source, from_root, dest in installed_compose(commands.expand(stripped, variables)):
                self.installed.append((source, "" if from_root else cwd, f"{rel}:{n}", scope_role or role, dest))
            if stripped.endswith(";;"):
                scope_role = None

    def _makefile(self, rel: str, text: str, folder: str) -> None:
        variables: dict[str, str] = {}
        macros: dict[str, list[str]] = {}  # `define NAME` ... `endef`: the recipe lines `$(call NAME,...)` runs
        defining: str | None = None
        target = None
        just = rel.rsplit("/", 1)[-1].lower() == "justfile"
        budget = _MACRO_STEPS  # of macro expansion in this file (see _called)
        for n, line in _logical_lines(text):
            if defining is not None:
                if line.strip() == "endef":
                    defining = None
                elif len(macros[defining]) < 64:
                    macros[defining].append(line.strip().lstrip("@-+"))
                continue
            m = re.match(r"^define\s+([\w.-]+)", line)
            if m is not None:
                defining = m.group(1)
                macros[defining] = []
                continue
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if just:
                # just's syntax: a recipe's body is indented by any amount, its interpolations (`{{args}}`) are
                # values the text cannot know, and its name may take parameters with defaults (`test args='x':`)
                line = _without_interpolations(line)
                recipe = _JUST_RECIPE.match(line)
                if recipe is not None:
                    line = f"{recipe.group(1)}:{recipe.group(2)}"
            if line.startswith("\t") or (target and line.startswith("    ")) or (just and target and line[:1] == " "):
                before = len(self.found)
                called, steps = _called(line.strip().lstrip("@-+"), macros, budget)
                budget -= steps
                for command in called:
                    self._line(command, variables, folder,
                               context_role(target, name_of(rel)), _make_where(rel, n, target), rel)
                if target:
                    self._target_found.setdefault((rel, target), []).extend(self.found[before:])
                continue
            m = re.match(r"^(?:export\s+|override\s+)?([A-Za-z_][\w.]*)\s*(?::{1,3}|\?|\+|!)?=\s*(.*)$", line)
            if m is not None:
                variables[m.group(1)] = commands.expand(m.group(2).strip(), variables)
                continue
            # a rule may be indented by spaces (one inside `ifeq ... endif`: woodpecker's `  in_docker:`)
            m = re.match(r"^ {0,3}([^:=#\s][^:=#]*?)\s*::?(?!=)\s*(.*)$", line)
            if m is not None:
                target = m.group(1).strip().split()[0] if m.group(1).strip() else None
                if target:
                    self._target_found.setdefault((rel, target), [])
                    self._target_deps[(rel, target)] = [d for d in m.group(2).partition(";")[0].split()
                                                        if "$" not in d and "%" not in d][:16]
                recipe = m.group(2).partition(";")[2]
                if recipe:
                    self._line(recipe, variables, folder, context_role(target, name_of(rel)),
                               _make_where(rel, n, target), rel)

    def _package(self, rel: str, text: str, folder: str) -> None:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return
        scripts = data.get("scripts") if isinstance(data, dict) else None
        if not isinstance(scripts, dict):
            return
        for name, command in list(scripts.items())[:500]:
            if isinstance(command, str):
                self._line(command, {}, folder, context_role(str(name)), f"{rel} script '{name}'", rel)

    def _workspace(self, rel: str, text: str, folder: str) -> None:
        """A developer workspace's configuration: Gitpod's `.gitpod.yml` (`image: {file: ...}`, from the root)
        and a Dev Container's `devcontainer.json` (`build.dockerfile`, `dockerFile`, `dockerComposeFile`,
        beside it). The Dockerfile and compose files they name are the workspace's, whatever their names
        (tolgee's `docker/gitpod.Dockerfile`)."""
        dockerfiles: list[str] = []
        composes: list[str] = []
        if rel.lower().endswith((".yml", ".yaml")):  # .gitpod.yml
            from ..parsers.yaml_doc import load
            if len(text) > 65536:  # a workspace file is a few lines; a large one is no workspace file to read
                return
            try:
                data = load(text)
            except Exception:  # noqa: BLE001 - a malformed workspace file names nothing
                return
            image = data.get("image") if isinstance(data, dict) else None
            if isinstance(image, dict) and isinstance(image.get("file"), str):
                dockerfiles.append(image["file"])
        else:
            if len(text) > 65536:
                return
            try:
                data = json.loads(_jsonc(text))
            except (ValueError, RecursionError):
                return
            if not isinstance(data, dict):
                return
            build = data.get("build")
            for value in (build.get("dockerfile") if isinstance(build, dict) else None, data.get("dockerFile")):
                if isinstance(value, str):
                    dockerfiles.append(value)
            target = build.get("target") if isinstance(build, dict) else None
            target = target if isinstance(target, str) and target else None
            named = data.get("dockerComposeFile")
            composes.extend(n for n in (named if isinstance(named, list) else [named]) if isinstance(n, str))
        cwd = "" if rel.lower().endswith((".yml", ".yaml")) else folder
        if rel.lower().endswith((".yml", ".yaml")):
            target = None
        for path in dockerfiles[:8]:
            resolved = commands.join_path(cwd, path)
            if resolved.rsplit("/", 1)[-1] == "Dockerfile" and not (folder and resolved.startswith(folder + "/")) \
                    and target is None:
                # the project's own image built whole as the workspace (`"dockerfile": "../Dockerfile"`) is
                # still the image it ships; a workspace stage of it (`"target": "dev"`) speaks for that stage
                continue
            use = commands.Use("build", (resolved,), target=target, action="build", build_args=("*",))
            self.found.append(Found(use, "development", f"{rel} (developer workspace)", rel))
        paths = [commands.join_path(cwd, p) for p in composes[:8]]
        if paths and not any(_COMPOSE_DEFAULT.match(p.rsplit("/", 1)[-1]) and not p.startswith(folder + "/")
                             for p in paths):
            # a workspace started on the project's own stack (`"dockerComposeFile": ["../docker-compose.yml",
            # "docker-compose.extend.yml"]`) says nothing against that stack's shipping: only its own files count
            use = commands.Use("compose", tuple(paths), action="up")
            self.found.append(Found(use, "development", f"{rel} (developer workspace)", rel))

    def _workflow(self, rel: str, text: str) -> None:
        """GitHub/GitLab CI, read line by line: each job's name says what its commands are for, and a
        docker/build-push-action step says which Dockerfile and stage it builds and whether it pushes."""
        gitlab = rel.lower().endswith(".gitlab-ci.yml") or rel.startswith(".gitlab")
        workflow_role = context_role(name_of(rel))
        job = None
        job_indent = None
        step: dict[str, str] = {}
        in_jobs = gitlab
        block_indent = None
        lines = source_lines(text)

        matrix: dict[str, list[str]] = {}  # the job's strategy.matrix lists
        matrix_indent = matrix_key = key_indent = None

        # the variables the workflow's, the job's and the step's `env:` blocks set for the commands they run; a
        # fresh set for each job and step, so that commands recorded earlier keep theirs (a step's `env:` may
        # come after its `run:`: the names are joined to the commands once the whole file is read)
        env_names: dict[str, set[str]] = {"workflow": set(), "job": set(), "step": set()}
        # and the plain values they give (`DOCKER_COMPOSE_FILE: docker-compose.build.yml`), which a command's
        # `-f "$DOCKER_COMPOSE_FILE"` names; an expression (`${{ matrix.x }}`) gives none the text can know
        env_values: dict[str, dict[str, str]] = {"workflow": {}, "job": {}, "step": {}}
        pending: list[list] = []  # [first, end] of self.found, job env, step env, what reaches a remote script
        remote_runs: list[list] = []  # the current step's entries of pending that run on a server
        env_level = env_indent = job_props = None
        steps_indent = item_indent = step_keys = None  # `steps:`, its `- ` items, a step's own keys
        # docker/metadata-action steps by id: the image names (`images:`) whose tags `${{ steps.<id>.outputs.tags
        # }}` hands a build step; the tags themselves come from the git ref and are not in the text
        meta_images: dict[str, tuple[str, ...]] = {}
        images_indent = None  # a multi-line `images: |` block being read

        def flush_step():
            if step.get("uses", "").startswith(_META_ACTIONS) and step.get("id"):
                meta_images[step["id"]] = _meta_images(step.get("images", ""))
            if step.get("uses", "").startswith(("docker/build-push-action", "docker/bake-action")):
                # `file` is relative to the workspace, and defaults to the context's Dockerfile
                written = step.get("file") or posixpath.join(step.get("context") or ".", "Dockerfile")
                for dockerfile, target in _expand_matrix(matrix, written, step.get("target")):
                    # `tags: org/app:latest` or a comma-separated list on the line: the names it publishes
                    tags = tuple(tag for tag in re.split(r"[\s,]+", _unquote(step.get("tags", "")))
                                 if _IMAGE_NAME.match(tag))
                    # `tags: ${{ steps.meta.outputs.tags }}`: the metadata step's images, under a tag the text
                    # does not show (written `:*`)
                    tags += tuple(f"{image}:*" for ref in _STEP_TAGS.findall(step.get("tags", ""))
                                  for image in meta_images.get(ref, ()))
                    # the build context: the one named, else the action's Git context (the repository root);
                    # what the Dockerfile's COPY lines read is relative to it
                    written_context = _unquote(step.get("context") or ".")
                    context = None if "${{" in written_context or "://" in written_context \
                        else commands.join_path("", written_context)
                    use = commands.Use("build", (commands.join_path("", dockerfile),), target=target,
                                       action="build", push=step.get("push", "false").lower() not in ("false", "", "0"),
                                       tags=tags, context=context, build_args=("*",))
                    self.found.append(Found(use, _job_role(job, workflow_role, environment) or
                                            ("production" if use.push else None), f"{rel} job '{job}'", rel))
            # appleboy/ssh-action exports to the script the variables its `envs:` input lists, and only those
            for entry in remote_runs:
                entry[4] = frozenset(n.strip() for n in step.get("envs", "").split(",") if n.strip())
            remote_runs.clear()
            step.clear()
            env_names["step"] = set()
            env_values["step"] = {}

        def run(command: str, n: int) -> None:
            # an ssh action's script runs on the server: a deployment whatever the job is called, in the
            # server's environment, which the workflow's `env:` reaches only through the action's `envs:`
            remote = not gitlab and "ssh" in step.get("uses", "")
            start = len(self.found)
            # (not the server's: the workflow's values reach an ssh action's script only through its `envs:`)
            variables = {} if remote else {**env_values["workflow"], **env_values["job"], **env_values["step"]}
            self._line(command, variables, "", _job_role(job, workflow_role, environment) or
                       ("production" if remote else None), f"{rel}:{n} job '{job}'", rel)
            if len(self.found) > start:
                pending.append([start, len(self.found), env_names["job"], env_names["step"], None])
                if remote:
                    remote_runs.append(pending[-1])

        environment = None
        continued = None  # [first line, text] of a block's command continued with backslashes
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip())
            stripped = line.strip()
            if images_indent is not None:
                if indent > images_indent:
                    step["images"] = step.get("images", "") + "\n" + stripped
                    continue
                images_indent = None
            if env_indent is not None:
                if indent > env_indent:
                    entry = re.match(r"^([A-Za-z_]\w*)\s*:\s*(.*)$", stripped)
                    if entry is not None and env_level is not None:
                        env_names[env_level].add(entry.group(1))
                        value = _unquote(entry.group(2))
                        if value and "${{" not in value and not value.startswith(("|", ">", "#")):
                            env_values[env_level][entry.group(1)] = value
                    continue
                env_indent = None
            if block_indent is not None:
                if indent > block_indent:
                    # a command continued over lines with backslashes is one command (`docker buildx build \`
                    # then `-f Dockerfile \`, ...)
                    if stripped.endswith("\\"):
                        continued = continued or [n, ""]
                        continued[1] += stripped[:-1] + " "
                        continue
                    if continued:
                        run(continued[1] + stripped, continued[0])
                        continued = None
                        continue
                    run(stripped, n)
                    continue
                if continued:
                    run(continued[1], continued[0])
                    continued = None
                block_indent = None
            if job_indent is not None and indent > job_indent and job_props is None:
                job_props = indent  # the indentation of the job's own keys (runs-on, env, steps)
            if steps_indent is not None and (indent < steps_indent or (
                    indent == steps_indent and not stripped.startswith("- "))):
                flush_step()
                steps_indent = item_indent = step_keys = None
            elif steps_indent is not None and stripped.startswith("- ") and indent == (item_indent or indent):
                # any key may open a step (`- if:`, `- id:`, `- env:`, `- with:`), not only name/uses/run
                flush_step()
                item_indent, step_keys = indent, indent + len(stripped) - len(stripped[1:].lstrip())
            if not gitlab and re.match(r"^(?:-\s+)?env\s*:\s*$", stripped):
                # only the workflow's, the job's own and a step's own env: reach the commands; a service
                # container's, the job container's or an action input's does not
                env_level = "workflow" if indent == 0 else \
                    "job" if indent == job_props and steps_indent is None else \
                    "step" if item_indent is not None and (indent == step_keys or (
                        indent == item_indent and stripped.startswith("- "))) else None
                env_indent = step_keys if stripped.startswith("- ") and step_keys is not None else indent
                continue
            if matrix_indent is not None:
                if indent > matrix_indent:
                    item = re.match(r"^-\s+(.*)$", stripped)
                    entry = re.match(r"^([\w-]+)\s*:\s*(.*)$", stripped)
                    key_indent = indent if key_indent is None else key_indent
                    if item is not None and matrix_key is not None:
                        matrix[matrix_key].append(item.group(1).strip("\"'"))
                    elif entry is None or indent != key_indent:
                        pass  # the keys of an include/exclude entry
                    elif entry.group(1) not in ("include", "exclude"):
                        matrix_key = entry.group(1)
                        flow = re.match(r"^\[(.*)\]$", entry.group(2).strip())
                        matrix[matrix_key] = [v.strip().strip("\"'") for v in flow.group(1).split(",")] if flow else []
                    else:
                        matrix_key = None
                    continue
                matrix_indent = matrix_key = key_indent = None
            if stripped == "matrix:" and job is not None:
                matrix_indent = indent
                continue
            if indent == 0:
                flush_step()
                env_names["job"] = set()
                env_values["job"] = {}
                in_jobs = gitlab or stripped.startswith("jobs:")
                job = stripped.rstrip(":") if gitlab and stripped.endswith(":") and not stripped.startswith(".") \
                    else None
                environment = None
                continue
            job_id = re.match(r"^([\w-]+|\"[\w-]+\"|'[\w-]+'):$", stripped)
            if in_jobs and not gitlab and (job_indent is None or indent <= job_indent) and job_id is not None:
                flush_step()
                job, job_indent, environment, job_props = job_id.group(1).strip("\"'"), indent, None, None
                env_names["job"] = set()
                env_values["job"] = {}
                matrix = {}
                continue
            if not gitlab and job is not None and indent == job_props and stripped == "steps:":
                steps_indent = indent
                continue
            m = re.match(r"^(?:-\s+)?(name|uses|file|target|push|tags|context|environment|run|script|envs|"
                         r"before_script|after_script|id|images)\s*:\s*(.*)$", stripped)
            if steps_indent is None and stripped.startswith("- ") and re.match(r"^-\s+(name|uses|run)\s*:", stripped):
                flush_step()
            if m is None:
                if stripped.startswith("- ") and (gitlab or step):
                    run(_unquote(stripped[2:]), n)
                continue
            key, value = m.group(1), _unquote(m.group(2))
            if key == "environment" and value:
                environment = value
            if key == "images" and (not value or value.startswith(("|", ">"))):
                images_indent = indent
                step["images"] = ""
                continue
            if key in ("run", "script", "before_script", "after_script"):
                if value in ("|", ">", "|-", ">-", "") or value.startswith(("|", ">")):
                    block_indent = indent
                    if value == "" and gitlab:
                        block_indent = None  # a list of commands follows, each line "- cmd"
                else:
                    run(value, n)
            else:
                step[key] = value
        if continued:
            run(continued[1], continued[0])
        flush_step()
        for start, end, job_env, step_env, remote in pending:
            env = frozenset(env_names["workflow"] | job_env | step_env)
            env = env if remote is None else env & remote
            for i in range(start, end):
                found = self.found[i]
                kept = found.use.env_kept
                self.found[i] = found._replace(env=env if kept is None else env & kept)

    def _azure(self, rel: str, text: str) -> None:
        """Azure Pipelines, read line by line: a Docker task (`- task: Docker@2`) builds its `Dockerfile` input
        and, with the task's default command buildAndPush, publishes it; script steps are commands like any
        other. The job's (or deployment's, or stage's) name and its environment say what they are for."""
        workflow_role = context_role(name_of(rel))
        job = environment = task = None
        inputs: dict[str, str] = {}
        task_indent = block_indent = None

        def role() -> str | None:
            return _job_role(job, workflow_role, environment)

        def flush_task():
            if task is not None and task.lower().startswith("docker@"):
                command = (inputs.get("command") or "buildAndPush").lower()
                written = _AZURE_CHECKOUT.sub("", inputs.get("dockerfile") or "Dockerfile")
                if command in ("build", "buildandpush") and not any(c in written for c in "$*?["):
                    push = command == "buildandpush"
                    use = commands.Use("build", (commands.join_path("", written),), action="build", push=push,
                                       build_args=("*",))
                    self.found.append(Found(use, role() or ("production" if push else None),
                                            f"{rel} job '{job}'", rel))
            inputs.clear()

        for n, line in enumerate(source_lines(text), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip())
            stripped = line.strip()
            if block_indent is not None:
                if indent > block_indent:
                    self._line(stripped, {}, "", role(), f"{rel}:{n} job '{job}'", rel)
                    continue
                block_indent = None
            if task_indent is not None and indent <= task_indent:
                flush_task()
                task = task_indent = None
            m = re.match(r"^-\s+(job|deployment|stage|task|script|bash|pwsh|powershell)\s*:\s*(.*)$", stripped)
            if m is not None:
                key, value = m.group(1), m.group(2).strip().strip("\"'")
                if key in ("job", "deployment", "stage"):
                    job, environment = value, None
                elif key == "task":
                    task, task_indent = value, indent
                elif value.startswith(("|", ">")):
                    block_indent = indent
                else:
                    self._line(value, {}, "", role(), f"{rel}:{n} job '{job}'", rel)
                continue
            m = re.match(r"^([\w.-]+)\s*:\s*(.*)$", stripped)
            if m is None:
                continue
            key, value = m.group(1).lower(), m.group(2).strip().strip("\"'")
            if key == "environment" and value:
                environment = value
            elif task is not None and key in ("script", "inlinescript"):
                if value.startswith(("|", ">")):
                    block_indent = indent
                else:
                    self._line(value, {}, "", role(), f"{rel}:{n} job '{job}'", rel)
            elif task is not None:
                inputs[key] = value
        flush_task()

    def _pm2(self, rel: str, text: str) -> None:
        # env_production is what `pm2 start --env production` applies; plain env applies by default
        for m in re.finditer(r"""(?m)\b(env(?:_(\w+))?)["']?\s*:\s*\{([^{}]*)\}""", text):
            block = m.group(2) or ""
            for s in re.finditer(r"""["']?([A-Z][A-Z0-9_]*)["']?\s*:\s*["']?([^,"'\n}]*)""", m.group(3)):
                line = text.count("\n", 0, m.start(3) + s.start()) + 1
                self.supplied.append(Supplied(s.group(1), s.group(2).strip(), f"{rel}:{line}", rel, block))

    def _systemd(self, rel: str, text: str, folder: str) -> None:
        for n, line in _logical_lines(text):
            key, _, value = line.strip().partition("=")
            if key in ("ExecStart", "ExecStartPre", "ExecReload"):
                self._line(value.lstrip("-@+!:"), {}, folder, "production", f"{rel}:{n}", rel)
            elif key == "Environment":
                self._settings(value, f"{rel}:{n}", "production")
            elif key == "EnvironmentFile":
                path = value.strip().lstrip("-")
                self.env_files.append((commands.join_path(folder, path), f"{rel}:{n}"))

    def _settings(self, text: str, where: str, role: str | None) -> None:
        if role != "production":
            return
        for m in re.finditer(r"""(?:^|\s|["'])([A-Z][A-Z0-9_]*)=("[^"]*"|'[^']*'|\S+)""", text):
            self.supplied.append(Supplied(m.group(1), m.group(2).strip("\"'"), where, where.rsplit(":", 1)[0]))

    def _markdown(self, rel: str, text: str, folder: str, page_role: str | None = None) -> None:
        """Shell code blocks, each under the heading that says what it is for (else ``page_role``, the role
        the page's own name gives, a contributors' guide's "development")."""
        heading = ""
        # the headings the line is under, outermost first: a "Local Development Setup" section's numbered steps
        # ("### 1. Configure and Start Services") are development steps, their own heading naming no role
        sections: list[tuple[int, str]] = []
        section_role = None
        # A README's title (its first heading, of level 1) names the product, not what the sections below are for:
        # "# Production-ready API template" or "# Local-first notes" over "## Quick start" says nothing of that
        # step; it speaks only for the blocks right under it. A guide's title is its topic ("# Deploying to
        # production"), which its sections share.
        title = None if _README.match(posixpath.basename(rel)) else False
        fence = None
        comments = False
        for n, line in enumerate(source_lines(text), 1):
            stripped = line.strip()
            if fence is None:
                m = re.match(r"^\s{0,3}(#{1,6})\s+(.*)$", line)
                if m is not None:
                    level, heading = len(m.group(1)), m.group(2)
                    if title is None:
                        title = level == 1
                        if title:
                            section_role = context_role(heading)
                            continue
                    sections = [s for s in sections if s[0] < level] + [(level, heading)]
                    section_role = next((r for r in map(context_role, (h for _, h in reversed(sections)))
                                         if r is not None), None)
                    continue
                m = re.match(r"^\s*(```|~~~)\s*(\w*)", line)
                if m is not None:
                    fence = m.group(1)
                    lang = m.group(2).lower()
                    # in a shell script's block `#` opens a comment, not a root prompt (that is a console's)
                    comments = lang in ("sh", "shell", "bash", "zsh")
                    if lang and lang not in ("sh", "shell", "bash", "console", "zsh", "shell-session", "text", "make",
                                             "powershell", "ps", "cmd", "bat"):
                        fence = "skip:" + fence
                continue
            if stripped.startswith(fence.rpartition(":")[2]):
                fence = None
                continue
            if fence.startswith("skip:") or (comments and stripped.startswith("#")):
                continue
            command = re.sub(r"^(\$|>|#|%|\w+@[\w.-]+:[^$#]*[$#])\s+", "", stripped)
            where = f"{rel}:{n} under \"{heading[:40]}\"" if heading else f"{rel}:{n}"
            self._line(command, {}, folder if not folder.split("/", 1)[0].lower() in _DOC_DIRS else "",
                       section_role or page_role, where, rel)
            # a download of the repository's own compose file from its raw address is how the people who run
            # the product, not those who work on its code, get the stack (a copy of a sample, which readers
            # are also told to edit, says less)
            for source, from_root, dest in installed_compose(command):
                if from_root:
                    self.installed.append((source, "", where, section_role, dest))


# A template a command renders into a file (`envsubst '$A $B' < x.conf.template > x.conf`, `cat x.template |
# envsubst > x`, `gomplate -f x.tmpl -o x`): what the server reads is the template's text with values filled in
_TEMPLATE_NAME = r"[^\s;&|<>\"']+\.(?:template|tmpl|tpl)"
_REDIRECTED_IN = lazy(rf"<\s*([\"']?)({_TEMPLATE_NAME})\1")
_CAT_PIPE = lazy(rf"\bcat\s+([\"']?)({_TEMPLATE_NAME})\1\s*\|")
_GOMPLATE_FILE = lazy(rf"(?:-f|--file)[=\s]+([\"']?)({_TEMPLATE_NAME})\1")


def _rendered_templates(line: str) -> list[str]:
    out = []
    for segment in re.split(r"[;&]", line):  # each command of a list on its own; a pipeline stays whole
        if "envsubst" in segment:
            m = _REDIRECTED_IN.search(segment) or _CAT_PIPE.search(segment)
            if m is not None:
                out.append(m.group(2))
        if "gomplate" in segment:
            out.extend(m.group(2) for m in _GOMPLATE_FILE.finditer(segment))
    return out


_COMPOSE_DEFAULT = lazy(r"^(docker-)?compose\.ya?ml$")
# a compose file's name other than the default: saved under it, a download is an overlay or a copy kept aside
_COMPOSE_NAME = lazy(r"^(docker-)?compose[\w.-]*\.ya?ml$")
# a repository file's raw address on the forges projects are hosted on, their own servers included:
# https://raw.githubusercontent.com/OWNER/REPO/REF/PATH; HOST/OWNER/REPO/raw/REF/PATH (github.com, Bitbucket);
# HOST/OWNER/REPO/raw/branch/REF/PATH (Gitea, Forgejo, Codeberg: also tag/ and commit/); HOST/GROUP/.../REPO/-/raw/
# REF/PATH (GitLab, with subgroups). REF as a branch or tag name, or as the full ref GitHub's "Raw" button writes
# (`refs/heads/main`, `refs/tags/v1`). Only words of a reasonable length are matched (_RAW_URL_MAX)
_RAW_URL = lazy(r"^https?://(?:raw\.githubusercontent\.com/[^/\s]+/[^/\s]+"
                r"|[^/\s]+/[^/\s]+/[^/\s]+/raw(?:/(?:branch|tag|commit))?"
                r"|[^/\s]+(?:/[^/\s]+){2,8}/-/raw)/(?:refs/(?:heads|tags)/)?[^/\s]+/([^?#\s]+)$")
_RAW_URL_MAX = 2048


def installed_compose(line: str) -> list[tuple[str, bool, str]]:
    """(source, whether it is relative to the repository root, the name it is given) for each compose file a
    command installs under a name compose runs by default: `cp docker-compose.sample.yml docker-compose.yml`,
    `curl -fsSL https://raw.githubusercontent.com/org/app/main/docker-compose.sample.yml -o docker-compose.yml`;
    and each other file downloaded from the repository's raw address and saved (an env file, an nginx
    template), whose kind the reader checks."""
    out = []
    for segment in re.split(r"[;&|]", line):
        words = segment.split()
        if not words:
            continue
        program = words[0].rsplit("/", 1)[-1]
        plain = [w.strip("\"'") for w in words[1:] if not w.startswith("-")]
        if program == "cp" and len(plain) == 2:
            source, dest = plain
            name = dest.rstrip("/").rsplit("/", 1)[-1]
            if _COMPOSE_DEFAULT.match(name) and not _COMPOSE_DEFAULT.match(source.rsplit("/", 1)[-1]):
                out.append((source, False, name))
        elif program in ("curl", "wget") or program.lower() in ("invoke-webrequest", "iwr"):
            flags = _OUTPUT_FLAGS.get(program, ("-outfile",))
            # curl's and wget's options are case-sensitive (wget's `-o` names its log), PowerShell's are not
            dest = next((words[i + 1].strip("\"'") for i, w in enumerate(words[:-1])
                         if (w if program in _OUTPUT_FLAGS else w.lower()) in flags), None)
            urls = [m.group(1) for m in map(_RAW_URL.match, (w.strip("\"'") for w in words if len(w) <= _RAW_URL_MAX))
                    if m]
            for url in urls[:16]:
                # the name it is saved under: the one given, else the address's own (`curl -O`, wget)
                name = (dest if dest is not None and len(urls) == 1 else url).rsplit("/", 1)[-1]
                if dest is None and program == "curl" and not any(
                        w in ("-O", "--remote-name", "--remote-name-all") or re.match(r"^-[a-zA-Z]*O", w)
                        for w in words):
                    continue  # printed, not saved
                # a compose file saved under the name compose runs, an env file downloaded from the repository
                # (`curl -o .env .../.env.example`, `curl -O .../.env.local_dev && mv ... .env.prod`), and any
                # other configuration the guide saves beside them (an nginx template the stack mounts): who
                # downloads a single file from the raw address runs the product, not its code. Which files count
                # is the reader's to decide by kind (decide._installed)
                if _COMPOSE_DEFAULT.match(name) or _ENV_NAME.match(url.rsplit("/", 1)[-1]) \
                        or not _COMPOSE_NAME.match(name):
                    out.append((url, True, name))
    return out


_OUTPUT_FLAGS = {"curl": ("-o", "--output"), "wget": ("-O", "--output-document")}
# an env file's name: `.env`, `.env.example`, `.env.local_dev`, `app.env`
_ENV_NAME = lazy(r"^(\.env([._-][\w.-]*)?|[\w.-]+\.env)$")


def is_pm2_config(rel: str) -> bool:
    return bool(_PM2.match(rel.rsplit("/", 1)[-1]))


_MATRIX_REF = lazy(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}")


def _expand_matrix(matrix: dict[str, list[str]], dockerfile: str, target: str | None) -> list[tuple[str, str | None]]:
    """The (Dockerfile, target) pairs a build step names once `${{ matrix.x }}` takes each of the job's values
    (`file: Dockerfile.${{ matrix.flavor }}` with `flavor: [alpine, debian]`); as written when it uses none."""
    keys = sorted(set(_MATRIX_REF.findall(dockerfile + " " + (target or ""))))
    if not keys:
        return [(dockerfile, target)]
    # the first 64 combinations, in the matrix's order, made one at a time: building each key's full list
    # before cutting it cost 64 x values per key (a workflow of 20 keys of 5,000 values: 6 s per step)
    from itertools import islice, product
    combos = [dict(zip(keys, values)) for values in islice(product(*(matrix.get(k, ()) for k in keys)), 64)]
    return [(_MATRIX_REF.sub(lambda m: c.get(m.group(1), m.group(0)), dockerfile),
             _MATRIX_REF.sub(lambda m: c.get(m.group(1), m.group(0)), target) if target else target) for c in combos]


_META_ACTIONS = ("docker/metadata-action", "crazy-max/ghaction-docker-meta")
_STEP_TAGS = lazy(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.tags\s*\}\}")


def _meta_images(text: str) -> tuple[str, ...]:
    """The image names of a metadata action's `images:` input: one per line or comma, each maybe written
    `name=org/app,enable=...`; an expression (`${{ env.IMAGE }}`) names none the text can know."""
    out = []
    for line in _unquote(text).splitlines() or [""]:
        for part in re.split(r"\s*,\s*|\s+", line.strip()):
            name = part[5:] if part.startswith("name=") else part
            if "=" in name or "${{" in name or not name:
                continue
            if _IMAGE_NAME.match(name + ":x"):
                out.append(name.lower())
    return tuple(out)


_IMAGE_NAME = lazy(r"^[a-z0-9][\w.-]*(?::\d+)?(?:/[\w.-]+)+(?::[\w.-]+)?$|^[a-z0-9][\w.-]*:[\w.-]+$")


def _unquote(value: str) -> str:
    """A YAML scalar without the quotes around it: only a pair, so that `ssh host "cd /srv && docker compose
    up"` keeps the quotes that make its inner command one word."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _job_role(job: str | None, workflow_role: str | None, environment: str | None) -> str | None:
    return context_role(environment or "", job or "") or workflow_role


def name_of(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].split(".", 1)[0]


def _make_where(rel: str, n: int, target: str | None) -> str:
    """Where a Makefile line is, with its target when it has one."""
    return f"{rel}:{n} target '{target}'" if target else f"{rel}:{n}"


def _guide_page(rel_dir: str, name: str) -> bool:
    """A page of a documentation tree written for the people who install or run the product: its own name or
    one of its folders below the tree's root says so."""
    return any(_GUIDE.match(part) for part in (*rel_dir.split("/")[1:], name))


def _folder_role(rel: str) -> str | None:
    """The role a README's folder gives the commands it documents: the README of a folder kept for development
    or tests (`dev/README.md`, "Developer quickstart": `make start`) shows how to run that folder's setup, so
    its steps take the folder's role wherever its headings name none. A README elsewhere gets none from its
    folder (the root's speak for the product; an `examples/` folder's commands keep the roles they had)."""
    from .names import NameClues
    roles = {c.role for c in NameClues().clues(rel) if c.reason.startswith("in folder")}
    return next((r for r in ("test", "development") if r in roles), None)


_CALL = re.compile(r"^\$\(call\s+([\w.-]+)\s*(?:,(.*))?\)$")
_ARG = re.compile(r"\$\((\d)\)")
# the expansion steps macros may take in one Makefile: 160,000 recipe lines each calling a macro of 64 lines made
# ten million commands of a 2 MiB Makefile (minutes); past this, a call is read as the line it is
_MACRO_STEPS = 4096


def _called(line: str, macros: dict[str, list[str]], budget: int = _MACRO_STEPS) -> tuple[list, int]:
    """(the commands a recipe line runs, the expansion steps taken): the line itself, or, for a line that is a
    `$(call NAME,ARGS)` of a macro the Makefile defines (`define NAME` ... `endef`), the macro's lines with `$(1)`,
    `$(2)` ... replaced by the arguments (GNU make's call), macros calling macros followed a few levels. A compose
    command kept in one macro that every target calls (`docker compose -f $(COMPOSE_FILE) $(1)`) is what those
    targets run. A hostile Makefile's macros calling each other many times over yield at most 64 lines for 256
    steps (fewer when the Makefile's ``budget`` is spent), and an expansion longer than a command line
    (`$(1)` written thousands of times over a long argument) is left as the call."""
    if budget <= 0:
        return [line], 1
    out: list[str] = []
    pending = [(line, 4)]
    steps, budget = 0, min(budget, 256)
    while pending and len(out) < 64 and steps < budget:
        steps += 1
        text, depth = pending.pop(0)
        m = _CALL.match(text)
        if m is None or m.group(1) not in macros or depth == 0:
            out.append(text)
            continue
        args = _call_args(m.group(2) or "")
        body = macros[m.group(1)]
        longest = max(map(len, args))
        if any(len(b) + b.count("$(") * longest > commands.MAX_LINE for b in body):  # measured before it is made
            out.append(text)
            continue
        expanded = [_ARG.sub(lambda a: args[int(a.group(1)) - 1] if 0 < int(a.group(1)) <= len(args) else "", b)
                    for b in body]
        pending[:0] = [(b, depth - 1) for b in expanded]
    return out, steps


def _without_interpolations(line: str) -> str:
    """A justfile line with each `{{ expr }}` replaced by `$JUST` (a value the text cannot know), as
    `\\{\\{.*?\\}\\}` would but in one pass: that pattern went to the end of the line from every `{` pair never
    closed (40 kB of `{` took twelve seconds). After the first unclosed `{{`, no later one closes either."""
    out, start = [], 0
    while True:
        opened = line.find("{{", start)
        closed = line.find("}}", opened + 2) if opened >= 0 else -1
        if closed < 0:
            break
        out.append(line[start:opened] + "$JUST")
        start = closed + 2
    out.append(line[start:])
    return "".join(out)


def _call_args(text: str) -> list[str]:
    """A call's arguments: split at the commas outside parentheses, as make does."""
    args, level, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "({":
            level += 1
        elif ch in ")}":
            level -= 1
        elif ch == "," and level == 0:
            args.append(text[start:i])
            start = i + 1
    args.append(text[start:])
    return args


def _logical_lines(text: str):
    """(first line number, text) with backslash continuations joined."""
    pending = ""
    start = 0
    for n, line in enumerate(source_lines(text), 1):
        if not pending:
            start = n
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending = ""
    if pending:
        yield start, pending
