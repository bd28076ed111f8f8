"""Weigh every clue the repository gives about a file and decide its role.

Order of dependence (no cycles): a compose file's role comes from its name, folder, header, README and how
the repository deploys it; a Dockerfile's and an env file's role can also come from the compose files that
build or load them. A file's own settings (content clues) count only when the repository has a production
counterpart of the same kind: alone, `DEBUG=1` in the only compose file is a finding, not a role.
"""
from __future__ import annotations

import posixpath
import re
from functools import cached_property
from pathlib import Path

from ..classify import manifest_above
from . import content
from .clues import Clue, Decision, Strength, decide
from .links import (NGINX_CONFIG_ROOTS, bind_sources, build_of, copy_landing, include_links, names_file, norm,
                    read_whole, service_command, services_of)
from .names import PRODUCTION_FOLDER, TEMPLATE_NAME, NameClues, in_project_template
from .sources import Deployments, Found
from .text import header_clue

_HEADER_STYLE = {"compose": "#", "dockerfile": "#", "env": "#", "nginx": "#", "redis": "#"}
_BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_DEFAULT_NAMES = set(_BASE_NAMES) | {"dockerfile", "containerfile", ".env"}
# files a container reads from a bind mount or a COPY (server configurations, the package manifest): they
# take the role of what uses them; so does backend source a Dockerfile copies by name
_CONFIG_KINDS = ("nginx", "redis", "package")
_MAX_USERS = 64
# folders that hold a repository's own deployment files, above a production folder (docker/production/)
_INFRA_FOLDERS = {"docker", ".docker", "infra", "infrastructure", "ops", "compose", "containers"}
# compose subcommands that start or build from the files (without -f, from the default file)
_STARTING_ACTIONS = {"up", "run", "build", "create", "start", "pull", "push", "config", "watch", "deploy"}
# compose subcommands that act on containers something else started
_RUNNING_ACTIONS = {"exec", "restart", "logs", "ps", "top", "stop", "kill", "pause", "unpause", "down", "rm", "cp",
                    "port", "events", "images", "attach", "wait", "stats"}


# compose subcommands that start a stack (a CI job that runs them on its runner is testing that stack)
_CI_STARTS = {"up", "run", "start", "create", "watch"}
# CI workflow files: GitHub (and Gitea, Forgejo) Actions, GitLab CI, Azure Pipelines
_CI_SOURCE = re.compile(r"^(\.(github|gitea|forgejo)/workflows/|\.gitlab-ci\.ya?ml$|\.gitlab/"
                        r"|azure-pipelines[\w.-]*\.ya?ml$|\.azure-pipelines/|\.azuredevops/|\.pipelines/)", re.I)
# the image names of a published build made for developers or CI (`org/app-devenv`, `org/app:ci`)
_ASIDE_TAG = re.compile(r"(^|[/:._-])(dev|devel|develop|development|devenv|devcontainer|workspace|test|tests|testing|ci"
                        r"|e2e|debug|local|sandbox|builder|build-env"
                        # a load, stress or benchmark run's image (`org/app-loadtest`)
                        r"|(?:load|stress|smoke|soak|perf)[-_]?tests?|loadgen|bench|benchmarks?)([:._-]|$)", re.I)


# what a download or a copy installs as the deployment: the stack, its settings, the proxy configuration it mounts
_INSTALLED_KINDS = ("compose", "env", "nginx")
# the documentation folders of a docs page's path (`docs/`, `doc/`, `documentation/`)
_DOCS_FOLDER = re.compile(r"(?:^|(?<=/))(?:docs?|documentation)/", re.I)


# the local image names of a build environment (`app-rpm-builder`, `org/app:build-env`, `deb-packager`), or of the
# build tool it wraps (`org/make:local`, run with the checkout mounted to run `make` inside, `app-toolchain`)
_BUILDER_TAG = re.compile(r"(^|[/:._-])(builder|build-?env|packager|make|toolchain)([:._-]|$)", re.I)


def _builder_tags(tags: tuple[str, ...]) -> bool:
    """Whether every name a local build gives its image says the image is a build environment."""
    return bool(tags) and all(_BUILDER_TAG.search(tag) for tag in tags)


def _aside_tags(tags: tuple[str, ...]) -> bool:
    """Whether a pushed image's names say it is for developers or CI rather than the product."""
    return any(_ASIDE_TAG.search(re.sub(r"\$\{\{[^}]*\}\}|\$\{?\w+\}?", "", tag)) for tag in tags)


def _templates_explained(rel: str, clues: list[Clue]) -> list[Clue]:
    """A file named as a template (`app.conf.template`) that a production deployment renders, mounts or names
    is what its name says, a template rendered for production: the name's "example" is no disagreement."""
    if not TEMPLATE_NAME.search(rel.rsplit("/", 1)[-1]) or not any(
            c.role == "production" and c.strength >= Strength.DEPLOY for c in clues):
        return clues
    return [c._replace(contradicts=False) if c.role == "example" and c.reason.startswith("file name") else c
            for c in clues]


class RoleEvidence:
    def __init__(self, project):
        self.project = project
        self.root: Path = project.root
        self._names = NameClues(getattr(project, "role_base", ""))
        self._decisions: dict[str, Decision] = {}
        self._strong: dict[str, list[Clue]] = {}
        self._ci_started: set[int] = set()  # ids of the Found that `_started_on_ci_runner` made test

    # ---- repository-wide facts, computed once --------------------------------------------------------
    @cached_property
    def deployments(self) -> Deployments:
        dirs = {posixpath.dirname(f.rel) for f in self.project.files if f.kind in ("compose", "dockerfile")}
        return Deployments(self.root, dirs)

    @cached_property
    def _uses(self) -> dict[str, list[tuple[Found, str | None]]]:
        """rel -> every command that names the file, with the role the command is for (from its context,
        else from the names of the files it combines; `docker stack deploy` and pushed images are
        production)."""
        out: dict[str, list[tuple[Found, str | None]]] = {}
        for found in self.deployments.found:
            files = self._resolve(found)
            if not files:
                continue
            role = found.role
            if found.use.tool == "build" and not found.use.push and _builder_tags(found.use.tags):
                # `docker build -t app-rpm-builder -f packaging/rpm/Dockerfile .` then `docker run` it to write the
                # packages out: a build environment the release job runs, not an image anything deploys
                role = "development"
            if role == "production" and found.use.tool == "build" and _aside_tags(found.use.tags):
                # a release workflow also publishes images for developers and test runs (`org/app-loadtest`,
                # `org/app-devenv`): the workflow's name does not make them the product; their files keep what
                # their own names say
                role = next((r for r in map(self._name_role, files) if r in ("development", "test", "example")),
                            None)
            elif role is None:
                named = [self._name_role(f) for f in files]
                if "production" in named:
                    # a job whose name says nothing starting a production-named overlay on its own runner
                    # (`-f docker-compose.yml -f docker-compose.release.yml up`, then the SDK tests) deploys
                    # nothing: the runner is gone when the job ends. The overlay keeps what its name says; the
                    # base it is laid over gets no production from it (hatchet's base is the contributors'
                    # database stack)
                    role = None if self._on_ci_runner(found) else "production"
                elif found.use.tool == "build" and found.use.push and not _aside_tags(found.use.tags):
                    # a job nothing names for development publishes the image under the project's name: that
                    # image ships, whatever the Dockerfile is called (`-f Dockerfile.dev -t org/app --push`)
                    role = "production"
                elif named and all(r in ("development", "test", "example") for r in named):
                    role = named[-1]
                elif found.use.tool == "stack" or found.use.push or found.use.remote:
                    role = "production"
                elif self._started_on_ci_runner(found):
                    role = "test"
                    self._ci_started.add(id(found))
            for index, rel in enumerate(files):
                # `-f base.yml -f dev.yml` for development: the overlays are the development part; the base
                # they share says nothing about its own role (nor when the overlays are in a variable the
                # text cannot expand)
                shared_base = index == 0 and (len(files) > 1 or found.use.partial) and role != "production"
                out.setdefault(rel, []).append((found, None if shared_base else role))
            for path in found.use.env_files:
                rel = self.in_repository(path)
                if rel is not None:
                    out.setdefault(rel, []).append((found, role))
        return out

    @staticmethod
    def _on_ci_runner(found: Found) -> bool:
        """A compose command a CI job runs against its own runner's Docker (not another host's)."""
        return (found.use.tool == "compose" and not found.use.remote and _CI_SOURCE.match(found.source) is not None
                and not ({"DOCKER_HOST", "DOCKER_CONTEXT"} & found.env))

    @cached_property
    def _use_roles(self) -> dict[tuple[str, int], list[str | None]]:
        """(rel, id of a command) -> the roles ``_uses`` gives that command for the file: looked up, not searched
        for in the file's list of every command naming it (its length times the commands, per question)."""
        out: dict[tuple[str, int], list[str | None]] = {}
        for rel, uses in self._uses.items():
            for found, role in uses:
                out.setdefault((rel, id(found)), []).append(role)
        return out

    def _started_on_ci_runner(self, found: Found) -> bool:
        """A CI job whose name says nothing starts a stack on its runner (`docker compose -f x.yml up`): the
        runner is thrown away when the job ends, so that is a test of the stack, not its deployment. Said
        only of files with a name of their own (the default file a CI job starts is the one that ships, and
        `_deploy_clues` leaves that aside), and not when the job points Docker at another host."""
        return found.use.action in _CI_STARTS and not found.use.default_files and self._on_ci_runner(found)

    def resolve(self, found: Found) -> list[str]:
        """The repository files a command names (whatever their kind: discovery may admit them for it)."""
        return self._resolve(found)

    def _resolve(self, found: Found) -> list[str]:
        """The repository files a command names, tried against the command's directory, then the root."""
        use = found.use
        if use.default_files:
            if use.action not in _STARTING_ACTIONS:
                return []  # `docker compose -p tests down` names no file, it acts on a running project
            directory = use.files[0]
            for name in _BASE_NAMES:
                rel = posixpath.join(directory, name) if directory else name
                if (self.root / rel).is_file():
                    return [rel]
            return []
        out = []
        source_dir = posixpath.dirname(found.source)
        prefix = source_dir + "/" if source_dir else ""
        # one command runs from one directory: when its files are not all beside the evidence file but all are
        # at the root (`docker compose -f docker-compose.yml -f prometheus.yml` in prometheus/README.md, beside
        # that folder's own Prometheus prometheus.yml), the root is where it runs
        if prefix and all(rel.startswith(prefix) for rel in use.files) \
                and any(self.in_repository(rel) is None for rel in use.files):
            from_root = [self.in_repository(rel[len(prefix):]) for rel in use.files]
            if all(r is not None for r in from_root):
                return from_root
        for rel in use.files:
            candidates = [rel]
            if source_dir and rel.startswith(prefix):
                candidates.append(rel[len(prefix):])  # a command run from the root after all
            hit = next((r for r in map(self.in_repository, candidates) if r is not None), None)
            if hit is None:
                return []  # a combination with a file we cannot see is not the one we would check
            out.append(hit)
        return out

    def in_repository(self, path: str) -> str | None:
        """The repository file a path names: itself, or for a server's absolute path
        (`/srv/app/compose.yml`) the longest tail of it that is a file here."""
        if not path.startswith("/"):
            return path if path and not path.startswith("..") and (self.root / path).is_file() else None
        parts = path.strip("/").split("/")
        for start in range(len(parts)):
            tail = "/".join(parts[start:])
            if (self.root / tail).is_file():
                return tail
        return None

    @cached_property
    def production_combinations(self) -> list[tuple[str, ...]]:
        """Compose file combinations the repository deploys to production, each in -f order."""
        seen: dict[tuple[str, ...], None] = {}
        for found in self.deployments.found:
            if found.use.tool not in ("compose", "stack"):
                continue
            files = tuple(self._resolve(found))
            if not files:
                continue
            roles = self._use_roles.get((files[0], id(found)), ())
            if roles and roles[0] == "production":
                seen.setdefault(files, None)
        return list(seen)

    @cached_property
    def neutral_combinations(self) -> list[tuple[str, ...]]:
        """Compose file combinations the repository runs in a context that names no role (a README's "Extra
        ways to run it" section): each still says which files are merged with which, in -f order."""
        seen: dict[tuple[str, ...], None] = {}
        for found in self.deployments.found:
            if found.use.tool != "compose":
                continue
            files = tuple(self._resolve(found))
            if files and all(r is None for r in self._use_roles.get((files[0], id(found)), ())):
                seen.setdefault(files, None)
        return list(seen)

    def deployed_alone(self, rel: str) -> bool:
        return any(len(c) == 1 and c[0] == rel for c in self.production_combinations)

    def image_tags(self, dockerfile_rel: str) -> set[str]:
        """The image names build commands of the repository give this Dockerfile (`-t repo:tag`)."""
        return {tag for found, _ in self._uses.get(dockerfile_rel, ()) if found.use.tool == "build"
                for tag in found.use.tags}

    def build_args(self, dockerfile_rel: str) -> set[str]:
        """The build argument names build commands of the repository pass to this Dockerfile (`--build-arg`)."""
        return {name for found, _ in self._uses.get(dockerfile_rel, ()) if found.use.tool == "build"
                for name in found.use.build_args}

    def production_targets(self, dockerfile_rel: str) -> set[str]:
        """Stages production build commands build from this Dockerfile ('' for the final stage)."""
        return {found.use.target or "" for found, role in self._uses.get(dockerfile_rel, ())
                if role == "production" and found.use.tool == "build"}

    # ---- clues ---------------------------------------------------------------------------------------
    def _name_role(self, rel: str) -> str | None:
        clues = self._names.clues(rel)
        return decide(clues).role if clues else None

    def strong_clues(self, rel: str) -> list[Clue]:
        """Clues that do not depend on other files' roles: names, folders, header, README, deployment."""
        cached = self._strong.get(rel)
        if cached is not None:
            return cached
        clues = list(self._names.clues(rel))
        vendored = self._vendored(posixpath.dirname(rel))
        if vendored is not None:
            clues.append(Clue("example", Strength.FOLDER_ASIDE, vendored))
        file = self.project.by_rel.get(rel)
        kind = file.kind if file is not None else None
        if kind in _HEADER_STYLE and file is not None:
            try:
                text = file.text
            except Exception:  # noqa: BLE001 - an unreadable file has no header; its read error is reported
                text = ""
            clue = header_clue(text[:8192], Strength.HEADER, _HEADER_STYLE[kind])
            if clue is not None:
                clues.append(clue)
        readme = self._readme_clues(rel)
        clues.extend(readme)
        # a README that says the project is an example or a development setup shows how to run that: its
        # "Deploy" section's `docker compose up` deploys the example, not production
        aside = {c.source for c in readme if c.role != "production"}
        clues.extend(self._deploy_clues(rel, docs_aside=aside))
        self._strong[rel] = clues
        return clues

    @cached_property
    def _vendor_dirs(self) -> dict[str, str | None]:
        return {}

    def _vendored(self, folder: str) -> str | None:
        """Why a folder is inside a package manager's install folder (Composer's `vendor/` holds `autoload.php`
        and `composer/installed.json`, Go's holds `modules.txt`): third-party packages committed with the
        project, whose compose files and Dockerfiles are their authors' development and test setups, the
        way node_modules/ is never read."""
        known = self._vendor_dirs
        if folder in known:
            return known[folder]
        said = None
        if folder:
            parent = posixpath.dirname(folder)
            said = self._vendored(parent)
            if said is None and posixpath.basename(folder) == "vendor":
                base = self.root / folder
                if (base / "autoload.php").is_file() or (base / "composer" / "installed.json").is_file():
                    said = f"in folder '{folder}/' (third-party packages Composer installed)"
                elif (base / "modules.txt").is_file():
                    said = f"in folder '{folder}/' (third-party modules Go vendored)"
        known[folder] = said
        return said

    def _readme_clues(self, rel: str) -> list[Clue]:
        readmes = self.deployments.readmes
        folder = posixpath.dirname(rel)
        while True:
            said = readmes.get(folder)
            if said is not None:
                role, words, negated, readme, collection = said
                if folder == "" and role == "example" and not negated and not collection:
                    # "Example App", "a demo of …" at the top of the repository names the project being checked:
                    # teams take demos and boilerplates to production, and that is when they run the checklist.
                    # A repository of samples ("a collection of Compose samples") is still set aside, a sample
                    # beside the project has its own README, and "not for production" always sets aside.
                    return []
                strength = Strength.README_ROOT if folder == "" else Strength.README_FOLDER
                if negated:  # "must not be deployed in production" outweighs a name or a README's commands
                    strength = Strength.FOLDER_ASIDE
                return [Clue(role, strength, f"{readme} says \"{words}\"", source=readme)]
            if not folder:
                return []
            folder = posixpath.dirname(folder)

    def _deploy_clues(self, rel: str, docs_aside: set[str] = frozenset()) -> list[Clue]:
        out = []
        final = None
        for found, role in self._uses.get(rel, ()):
            if role is None or (role == "production" and found.source in docs_aside):
                continue
            if in_project_template(found.source):
                # a project template's Makefile or workflow deploys the project rendered from it, not the
                # template's own sources (richie's `{{cookiecutter.organization}}-richie-site-factory/`)
                continue
            if role == "production" and found.use.tool == "compose" and found.use.action in _RUNNING_ACTIONS:
                # `exec`, `restart`, `logs` act on a stack something else started: a deploy script that
                # runs a build step inside a running (development) stack does not deploy that stack
                continue
            if role == "test" and posixpath.basename(rel).lower() in _DEFAULT_NAMES and not self._runs_tests(rel):
                # CI builds and starts the repository's default image and stack to test them: that says
                # nothing against their being what ships, unless the stack's own services are the test suite
                continue
            if found.use.tool == "build" and found.use.target and role != "production":
                # a test or development build of one stage speaks for that stage, not for the image
                final = self._final_stage_name(rel) if final is None else final
                if found.use.target != final:
                    continue
            docs = bool(re.search(r"\.(md|markdown|rst)$", found.source, re.I))
            if docs:
                strength = Strength.DOCS_PRODUCTION if role == "production" else Strength.DOCS
            else:
                strength = Strength.DEPLOY_PRODUCTION if role == "production" else Strength.DEPLOY
            out.append(Clue(role, strength, f"{_verb(found, role)} by {found.where}", contradicts=not docs))
        for env_path, where in self.deployments.env_files:
            if self.in_repository(env_path) == rel:
                out.append(Clue("production", Strength.DEPLOY_PRODUCTION, f"loaded by the systemd unit {where}"))
        # the best clue per role is enough
        best: dict[str, Clue] = {}
        for clue in out:
            if clue.role not in best or clue.strength > best[clue.role].strength:
                best[clue.role] = clue
        return list(best.values())

    def _strong_role(self, rel: str) -> str | None:
        clues = self.strong_clues(rel)
        return decide(clues).role if clues else None

    # ---- the decision --------------------------------------------------------------------------------
    def decision(self, rel: str) -> Decision:
        cached = self._decisions.get(rel)
        if cached is not None:
            return cached
        self._decisions[rel] = Decision("production", "being decided")  # a cycle ends here
        clues = list(self.strong_clues(rel))
        clues.extend(self._rendered.get(rel, ()))
        clues.extend(self._installed.get(rel, ()))
        file = self.project.by_rel.get(rel)
        kind = file.kind if file is not None else None
        try:
            if kind == "compose":
                clues.extend(self._compose_clues(rel))
            elif kind == "dockerfile":
                clues.extend(self._dockerfile_clues(rel))
            elif kind == "env":
                clues.extend(self._env_clues(rel))
            elif kind in _CONFIG_KINDS or kind == "node":
                clues.extend(self._config_clues(rel))
        except RecursionError:  # pragma: no cover - defensive: a pathological tree keeps the clues it has
            pass
        result = decide(_templates_explained(rel, clues))
        self._decisions[rel] = result
        return result

    @cached_property
    def _rendered(self) -> dict[str, list[Clue]]:
        """rel -> the clue that a script renders it: a `.template` an entrypoint fills in with envsubst is the
        configuration the server reads, not an example to copy, and takes the role of the script."""
        out: dict[str, list[Clue]] = {}
        for path, cwd, where, role in self.deployments.rendered:
            if "$" in path:
                continue
            # a relative path from the script's folder, else from the root (scripts are often run from there)
            candidates = [path] if path.startswith("/") else [norm(posixpath.join(cwd, path)), norm(path)]
            rel = next((r for r in map(self.in_repository, candidates) if r is not None), None)
            if rel is not None and rel not in out:
                # a script whose name and context say nothing takes the role its path gives (a script under
                # examples/ renders an example)
                role = role or self._name_role(where.rsplit(":", 1)[0]) or "production"
                out[rel] = [Clue(role, Strength.DEPLOY, f"rendered by {where}")]
        return out

    @cached_property
    def _installed(self) -> dict[str, list[Clue]]:
        """rel -> the clues that a script installs it under the name compose runs: a sample a script copies or
        downloads to `docker-compose.yml` is the stack that script starts, not only an example to read; so is
        an env file downloaded from the repository's raw address, the settings of the stack it starts."""
        out: dict[str, list[Clue]] = {}
        for path, cwd, where, role, dest in self.deployments.installed:
            if "$" in path:
                continue
            rel = self.in_repository(norm(posixpath.join(cwd, path)) if cwd else norm(path))
            file = self.project.by_rel.get(rel) if rel is not None else None
            if file is None or file.kind not in _INSTALLED_KINDS:
                continue
            source = where.split(":", 1)[0]
            page = re.search(r"\.(md|markdown|rst)$", source, re.I)
            # a docs page's folder (`docs/hosting/docker.md`) is where a project writes its install guide, not a
            # sample of it: only the page's other folders (`examples/README.md`) speak for its commands
            role = role or self._name_role(_DOCS_FOLDER.sub("", source) if page else source) or "production"
            if page:
                # a README's instructions weigh as its other commands do (Strength.DOCS*)
                strength = Strength.DOWNLOADED if role == "production" else Strength.DOCS
                out.setdefault(rel, []).append(Clue(role, strength, f"downloaded as {dest} by {where}",
                                                    contradicts=False))
                continue
            strength = Strength.DEPLOY_PRODUCTION if role == "production" else Strength.DEPLOY
            out.setdefault(rel, []).append(Clue(role, strength, f"installed as {dest} by {where}"))
        return out

    def _compose_clues(self, rel: str) -> list[Clue]:
        out = []
        doc = self._compose_root(rel)
        if doc is None:
            return out
        builds = content.dev_build_targets(doc)
        targets = [t for _, t in builds if t]
        if targets and len(targets) == len(builds) and all(content.DEV_STAGE.match(t) for t in targets):
            out.append(Clue("development", Strength.HEADER - 5,
                            f"builds only development stages ({', '.join(sorted(set(targets)))})"))
        catcher = content.mail_catcher(doc)
        if catcher is not None:
            out.append(Clue("development", Strength.HEADER - 5, f"service '{catcher}' catches the mail it sends"))
        emulator = content.cloud_emulator(doc)
        if emulator is not None:
            out.append(Clue("development", Strength.HEADER - 5,
                            f"service '{emulator}' emulates a cloud provider's services locally"))
        checkout = self._checkout_mount(rel, doc)
        if checkout is not None:
            out.append(Clue("development", Strength.HEADER - 5, checkout))
        backing = content.backing_services_only(doc) if self._has_own_code(rel) else None
        if backing is not None and not self._builds_backing_image(doc):
            out.append(Clue("development", Strength.HEADER - 5,
                            f"runs only the services the application uses ({', '.join(backing[:4])}), not the application"))
        mounted = self._mounts_from_aside_folders(rel, doc)
        if mounted is not None:
            out.append(Clue(mounted[0], Strength.HEADER - 5, mounted[1]))
        settings = self._dev_env_files(rel, doc)
        if settings is not None:
            out.append(Clue(settings[0], Strength.HEADER - 5, settings[1]))
        demo = content.demo_backend(doc)
        if demo is not None:
            out.append(Clue("example", Strength.HEADER - 5, f"service '{demo}' runs a demo backend that echoes requests"))
        out.extend(self._included_by_clues(rel))
        name = posixpath.basename(rel)
        if name.lower() in _BASE_NAMES:
            overlays = self.views.overlays(rel)
            if overlays:
                out.append(Clue("production", Strength.NAME, f"base of the production overlay {overlays[0]}"))
        if name.lower() in _BASE_NAMES and not self._deployed(rel) and not any(c.role == "production" for c in out):
            standalone = self._standalone_production_sibling(rel)
            if standalone is not None:
                out.append(Clue("development", Strength.SIBLING,
                                f"{posixpath.basename(standalone)} beside it is the complete production file"))
            else:
                standalone = self._production_folder_counterpart(rel)
                if standalone is not None:
                    out.append(Clue("development", Strength.SIBLING,
                                    f"{standalone} is the complete production file"))
        if name.lower() not in _BASE_NAMES and not is_standalone(doc) and not self._deployed(rel) \
                and not any(c.role == "production" for c in self.strong_clues(rel)):
            base = self._base_beside(rel)
            decision = self.decision(base) if base is not None else None
            if decision is not None and decision.role != "production":
                # an overlay (services it only changes, or an include) runs with the stack it adds to
                out.append(Clue(decision.role, Strength.SIBLING, f"adds to {base} ({decision.role})"))
        if self._has_production_counterpart(rel, "compose") or self._image_shipped_elsewhere(rel, doc):
            said = content.compose_clue(doc)
            if said is not None:
                out.append(Clue(said[0], Strength.CONTENT, said[1]))
        return out

    def _image_shipped_elsewhere(self, rel: str, doc) -> bool:
        """A compose file that builds, from source, an image a command of the repository builds and ships for
        production (a CI job that pushes it to a registry): production runs that image, not this stack, so
        the stack's own development settings (`DEBUG=true`, `--reload`) say what it is for."""
        directory = posixpath.dirname(rel)
        for node in services_of(doc) if isinstance(doc, dict) else ():
            built = build_of(directory, node)
            if built is None:
                continue
            if any(role == "production" and found.use.tool == "build" and (found.use.push or found.use.remote)
                   for found, role in self._uses.get(built[1], ())):
                return True
        return False

    @cached_property
    def views(self) -> "ComposeViews":
        return ComposeViews(self)

    def _runs_tests(self, rel: str) -> bool:
        """A compose file whose services run the test suite (`yarn run test:unit`, NODE_ENV=test) and say
        nothing of development or production: a test target that runs it runs its own test stack."""
        file = self.project.by_rel.get(rel)
        if file is None or file.kind != "compose":
            return False
        said = content.compose_clue(self._compose_root(rel))
        return said is not None and said[0] == "test"

    def _deployed(self, rel: str) -> bool:
        return any(role == "production" for _, role in self._uses.get(rel, ()))

    def _standalone_production_sibling(self, rel: str) -> str | None:
        for other in self._beside(rel, "compose"):
            if self._strong_role(other) != "production" or not self._name_says_production(other):
                continue
            if any(rel in combo and other in combo for combo in self.production_combinations):
                continue  # deployed together: an overlay after all
            root = self._compose_root(other)
            if root is not None and (is_standalone(root) or self.deployed_alone(other)):
                return other
        return None

    def base_file(self, directory: str) -> str | None:
        """The folder's base compose file (`compose.yaml`, `docker-compose.yml`), the one overlays add to."""
        return next((rel for rel in (posixpath.join(directory, n) if directory else n for n in _BASE_NAMES)
                     if rel in self.project.by_rel), None)

    def _base_beside(self, rel: str) -> str | None:
        base = self.base_file(posixpath.dirname(rel))
        return base if base != rel else None

    def _production_folder_counterpart(self, rel: str) -> str | None:
        """A complete production compose file in a production folder under this file's own folder
        (`production/compose.yml`, `deploy/docker-compose.yml` beside a root `docker-compose.yml`): the
        repository keeps what it deploys there, so the unmarked stack above is the other one."""
        directory = posixpath.dirname(rel)
        prefix = directory + "/" if directory else ""
        for other in self._in_production_folders:
            if not other.startswith(prefix) or other == rel:
                continue
            between = other[len(prefix):].split("/")[:-1]
            if not any(PRODUCTION_FOLDER.match(f.lower()) for f in between) or \
                    not all(PRODUCTION_FOLDER.match(f.lower()) or f.lower() in _INFRA_FOLDERS for f in between):
                continue  # another component's production folder (tools/production/) is not the stack's
            if self._strong_role(other) != "production":
                continue
            if any(rel in combo for combo in self.production_combinations):
                return None  # deployed itself, or together with it
            root = self._compose_root(other)
            if root is not None and (is_standalone(root) or self.deployed_alone(other)) \
                    and not self._includes(other, rel):
                return other
        return None

    @cached_property
    def _in_production_folders(self) -> list[str]:
        return [rel for rel, _ in self._compose_roots
                if any(PRODUCTION_FOLDER.match(f.lower()) for f in rel.split("/")[:-1])]

    def _includes(self, compose_rel: str, rel: str) -> bool:
        return any(c == compose_rel for c, how, _ in self._compose_links.get(rel, ()) if how == "include")

    def _checkout_mount(self, rel: str, root: dict) -> str | None:
        """Why a compose file is a developer's stack when one of its services bind-mounts the whole repository
        (`./:/home/app/www`, `../..:/var/www/app`), writable, over a path of the container: the code is edited
        on the host and runs without a rebuild. A deployment ships its code in the image and mounts only
        configuration and data. None otherwise."""
        directory = self._project_dirs.get(rel, posixpath.dirname(rel))
        services = root.get("services")
        services = services if isinstance(services, dict) else {}
        for name, node in services.items():
            if not isinstance(node, dict) or content.dev_profiles(node.get("profiles")) is not None:
                continue
            if _opt_in_beside_others(name, node, services):
                continue  # a tool started on request (an asset watcher's profile) says nothing of the other services
            for source, target, writable in bind_sources(node.get("volumes"), modes=True):
                if writable and norm(posixpath.join(directory, source)) == "" and target.startswith("/") \
                        and not target.startswith(("/etc/", "/run/", "/var/run/")):
                    return f"service '{name}' mounts the repository's checkout at {target}"
        return None

    def _dev_env_files(self, rel: str, root: dict) -> tuple[str, str] | None:
        """(role, why) when the services of a compose file read their settings only from env files named for
        development or tests (`env_file: .development.env`, `.env.test`): the stack those settings are for, the
        stock databases beside them reading none. None when any env file it reads says otherwise or nothing, or is
        a `*.local` file (a machine's own settings, a host's real ones as often as a developer's), or when a
        service running anything else reads none (a production stack's application beside a test runner that
        reads `.env.test`)."""
        directory = self._project_dirs.get(rel, posixpath.dirname(rel))
        services = root.get("services")
        roles: dict[str, str] = {}
        for name, node in (services.items() if isinstance(services, dict) else ()):
            if not isinstance(node, dict) or content.dev_profiles(node.get("profiles")) is not None:
                continue
            listed = node.get("env_file")
            if listed is None and not content.stock_backing_service(node):
                return None  # the application (or anything but a stock database) reads no such settings
            for entry in listed if isinstance(listed, list) else [listed] if listed is not None else []:
                path = entry.get("path") if isinstance(entry, dict) else entry
                if not isinstance(path, str) or "$" in path or "local" in posixpath.basename(path).lower():
                    return None
                said = next((c.role for c in self._names.clues(norm(posixpath.join(directory, path)))
                             if c.strength == Strength.NAME), None)
                if said not in ("development", "test"):
                    return None
                roles.setdefault(said, f"service '{name}' reads its settings from {path}")
        if len(roles) != 1:
            return None  # none read, or development and test settings both
        return next(iter(roles.items()))

    def _has_own_code(self, rel: str) -> bool:
        """Whether the compose file's folder or one above it holds an application's manifest (package.json,
        go.mod, pyproject.toml ...): a repository of code, whose stack of only databases and brokers is the
        one its developers run beside it. A repository of deployment files alone has none."""
        return manifest_above(self.root / posixpath.dirname(rel), self.root, _APP_MANIFESTS)

    def _dockerfile_documents(self):
        """(file, parsed document) of each Dockerfile of the project that parses."""
        for file in self.project.files:
            if file.kind != "dockerfile":
                continue
            try:
                doc = self.project.document(file)
            except Exception:  # noqa: BLE001 - the parser's own problems are reported when the file is checked
                continue
            yield file, doc

    def _builds_backing_image(self, root: dict) -> bool:
        """Whether a Dockerfile of the repository builds on the family of an image the stack runs (`FROM
        postgres:16` beside `image: ghcr.io/acme/postgres:16`): the database is the product the repository
        makes (a Postgres distribution with its extensions), and the stack that runs it runs the product."""
        from ..model.compose import image_family
        services = root.get("services")
        families = {f[0] for node in (services.values() if isinstance(services, dict) else ())
                    if isinstance(node, dict) and isinstance(node.get("image"), str)
                    for f in [image_family(node["image"].strip())] if f is not None}
        for _, doc in self._dockerfile_documents():
            for stage in getattr(doc, "stages", ()) or ():
                base = getattr(stage, "base", None)
                family = image_family(base) if isinstance(base, str) and base else None
                if family is not None and family[0] in families:
                    return True
        return False

    def _mounts_from_aside_folders(self, rel: str, root: dict) -> tuple[str, str] | None:
        """(role, why) when every repository file or folder the stack bind-mounts sits in a development or test
        folder (`./hack/dev/prometheus.yml`, `./dev/grafana/provisioning`): the stack runs with the
        configuration kept for developers, so it is theirs (hatchet's telemetry stack). A deployment's own
        configuration is not kept in a folder named for development. None when a mount is elsewhere."""
        directory = self._project_dirs.get(rel, posixpath.dirname(rel))
        services = root.get("services")
        roles: dict[str, str] = {}
        for name, node in (services if isinstance(services, dict) else {}).items():
            if not isinstance(node, dict) or content.dev_profiles(node.get("profiles")) is not None:
                continue
            for source, _ in bind_sources(node.get("volumes")):
                path = norm(posixpath.join(directory, source))
                if not path or path.startswith("..") or not (self.root / path).exists():
                    continue  # the checkout itself, outside the repository, or data made at run time
                below = path[len(directory) + 1:] if directory and path.startswith(directory + "/") else path
                folder = [c for c in self._names.clues(below + "/") if c.reason.startswith("in folder")]
                role = decide(folder).role if folder else None
                if role not in ("development", "test"):
                    return None
                roles.setdefault(role, source)
        if not roles:
            return None
        role = "development" if "development" in roles else "test"
        return role, f"mounts only files kept for {role} ({roles[role]})"

    def _included_by_clues(self, rel: str) -> list[Clue]:
        """A file another compose file pulls in with `include:` (or whose services it extends) is part of that
        application: its role."""
        links = {c: how for c, how, _ in self._compose_links.get(rel, ()) if how in ("include", "extends")}
        if not links or self._deployed(rel):
            return []
        roles = {c: self.decision(c).role for c in links}
        verb = {"include": "included", "extends": "extended"}
        production = [c for c, role in roles.items() if role == "production"]
        if production:
            return [Clue("production", Strength.DEPLOY, f"{verb[links[production[0]]]} by {production[0]} (production)")]
        compose = next(iter(links))
        return [Clue(roles[compose], Strength.FOLDER + 5,
                     f"{verb[links[compose]]} only by {compose} ({roles[compose]})")]

    def _name_says_production(self, rel: str) -> bool:
        return any(c.role == "production" and c.strength >= Strength.NAME for c in self.strong_clues(rel))

    def _has_production_counterpart(self, rel: str, kind: str) -> bool:
        """Another file of this kind that the repository itself marks as production (by name, header or
        deployment): then this one's development settings say what it is for."""
        marked = self._marked_production.get(kind)
        if marked is None:
            marked = self._marked_production[kind] = [
                f.rel for f in self.project.files if f.kind == kind and any(
                    c.role == "production" and c.strength >= Strength.HEADER for c in self.strong_clues(f.rel))][:2]
        return any(other != rel for other in marked)

    @cached_property
    def _marked_production(self) -> dict[str, list[str]]:
        return {}

    @cached_property
    def _by_folder(self) -> dict[tuple[str, str], list[str]]:
        """(folder, kind) -> files of that kind directly in that folder."""
        out: dict[tuple[str, str], list[str]] = {}
        for file in self.project.files:
            out.setdefault((posixpath.dirname(file.rel), file.kind), []).append(file.rel)
        return out

    def _beside(self, rel: str, kind: str) -> list[str]:
        return [r for r in self._by_folder.get((posixpath.dirname(rel), kind), ()) if r != rel]

    def _compose_root(self, rel: str):
        file = self.project.by_rel.get(rel)
        if file is None:
            return None
        try:
            doc = self.project.document(file)
        except Exception:  # noqa: BLE001 - the parser's own problems are reported when the file is checked
            return None
        root = getattr(doc, "root", None)
        return root if isinstance(root, dict) else None

    @cached_property
    def _compose_links(self) -> dict[str, list[tuple[str, str, str]]]:
        """file rel -> [(compose rel, "build"|"env_file"|"include"|"interpolation", target)] for every compose
        file's raw links."""
        links: dict[str, list[tuple[str, str, str]]] = {}
        for rel, root in self._compose_roots:
            directory = self._project_dirs[rel]
            for node in services_of(root):
                built = build_of(directory, node)
                if built is not None:
                    # a service only development, test or deprecated profiles start builds for them
                    how = "build-aside" if content.dev_profiles(node.get("profiles")) else "build"
                    links.setdefault(built[1], []).append((rel, how, built[2]))
                extends = node.get("extends")
                target = extends.get("file") if isinstance(extends, dict) else None
                if isinstance(target, str) and "$" not in target:
                    links.setdefault(norm(posixpath.join(directory, target)), []).append((rel, "extends", ""))
                env_file = node.get("env_file")
                entries = [env_file] if isinstance(env_file, (str, dict)) else env_file if isinstance(env_file, list) \
                    else []
                for entry in entries:
                    path = entry.get("path") if isinstance(entry, dict) else entry
                    if isinstance(path, str) and "$" not in path:
                        links.setdefault(norm(posixpath.join(directory, path)), []).append((rel, "env_file", ""))
            for path, how in include_links(root.get("include")):
                links.setdefault(norm(posixpath.join(directory, path)), []).append((rel, how, ""))
            dotenv = norm(posixpath.join(directory, ".env"))
            links.setdefault(dotenv, []).append((rel, "interpolation", ""))
        return links

    @cached_property
    def _compose_roots(self) -> list[tuple[str, dict]]:
        out = []
        for file in self.project.files:
            root = self._compose_root(file.rel) if file.kind == "compose" else None
            if root is not None:
                out.append((file.rel, root))
        return out

    @cached_property
    def _project_dirs(self) -> dict[str, str]:
        """compose rel -> the folder its relative paths start from: its own, or the `project_directory` an
        `include:` entry gives it."""
        out = {rel: posixpath.dirname(rel) for rel, _ in self._compose_roots}
        for rel, root in self._compose_roots:
            directory = posixpath.dirname(rel)
            for entry in root.get("include") if isinstance(root.get("include"), list) else ():
                base = entry.get("project_directory") if isinstance(entry, dict) else None
                if not isinstance(base, str) or "$" in base:
                    continue
                for path, how in include_links([entry]):
                    included = norm(posixpath.join(directory, path))
                    if how == "include" and included in out:
                        out[included] = norm(posixpath.join(directory, base))
        return out

    @cached_property
    def _config_users(self) -> dict[str, list[tuple[str, str, bool]]]:
        """nginx, redis, env or package.json rel -> [(compose or Dockerfile rel, "mounted"|"copied", named alone)]: the
        compose services that bind-mount it (or its folder) and the Dockerfiles that COPY it (or its folder)
        from their build context."""
        configs = [f.rel for f in self.project.files if f.kind in _CONFIG_KINDS or f.kind in ("node", "env")]
        out: dict[str, list[tuple[str, str, bool]]] = {}
        if not configs:
            return out
        # every folder above a configuration file -> the files under it, so a claim costs what it finds
        under: dict[str, list[str]] = {}
        for rel in configs:
            folder = posixpath.dirname(rel)
            while folder:
                under.setdefault(folder, []).append(rel)
                folder = posixpath.dirname(folder)
        claimed: set[tuple[str, str]] = set()
        files = set(configs)
        nginx_files = {f.rel for f in self.project.files if f.kind == "nginx"}

        def claim(path: str, user: str, how: str, target: str = "", command: str = "",
                  landing: str | None = None) -> None:
            path = norm(path)
            if path.startswith("..") or not path or (path, user) in claimed:
                return  # outside the repository, or the whole of it: says nothing about one file
            claimed.add((path, user))
            for rel in under.get(path) or ([path] if path in files else ()):
                if landing is not None and rel != path and rel in nginx_files \
                        and not self._nginx_may_read(posixpath.join(landing, rel[len(path) + 1:]), user):
                    continue  # an application folder copied whole carries an nginx file nothing there reads
                users = out.setdefault(rel, [])
                if len(users) < _MAX_USERS:  # a few users decide; a hostile file's thousand mounts add nothing
                    users.append((user, how, rel == path or read_whole(target, rel) or names_file(command, rel)))

        contexts: dict[str, set[str]] = {}
        for rel, root in self._compose_roots:
            directory = self._project_dirs[rel]
            for node in services_of(root):
                built = build_of(directory, node)
                if built is not None:
                    contexts.setdefault(built[1], set()).add(built[0])
                command = service_command(node)
                for source, target in bind_sources(node.get("volumes")):
                    claim(posixpath.join(directory, source), rel, "mounted", target, command)
        for found in self.deployments.found:
            # `docker build -f server/Dockerfile ..`: the COPY sources are relative to the context it names
            use = found.use
            if use.tool == "build" and use.context is not None and use.files:
                context = norm(use.context)
                if not context.startswith(("..", "/")) and (not context or (self.root / context).is_dir()):
                    contexts.setdefault(use.files[0], set()).add(context)
        from ..parsers.dockerfile import copy_sources
        for file, doc in self._dockerfile_documents():
            for context in contexts.get(file.rel) or {posixpath.dirname(file.rel)}:
                workdir = None
                for ins in getattr(doc, "instructions", ()):
                    if ins.name == "FROM":
                        workdir = None  # the base image's, unknown
                    elif ins.name == "WORKDIR":
                        workdir = copy_landing(workdir, ins.value.strip())
                    if ins.name not in ("COPY", "ADD") or "from" in ins.flags:
                        continue
                    words = ins.exec_form or ins.words()
                    landing = copy_landing(workdir, words[-1]) if words else None
                    for source in copy_sources(doc, ins):
                        if source.strip("./") and not any(c in source for c in "$*?[") and "://" not in source:
                            claim(posixpath.join(context, source), file.rel, "copied", landing=landing)
        return out

    def _nginx_may_read(self, landing: str, user: str) -> bool:
        """Whether nginx in an image may read a configuration file that lands at ``landing``: under a folder
        nginx builds read their configuration from, or at a path the Dockerfile or an nginx file of the
        repository names (`nginx -c /app/nginx.conf`, `include /app/conf/*.conf`)."""
        if landing.startswith(NGINX_CONFIG_ROOTS):
            return True
        folder = posixpath.dirname(landing)
        for rel in [user] + [f.rel for f in self.project.files if f.kind == "nginx"]:
            file = self.project.by_rel.get(rel)
            if file is not None and folder in (file.text or ""):
                return True
        return False

    def _config_clues(self, rel: str) -> list[Clue]:
        users = self._config_users.get(rel)
        file = self.project.by_rel.get(rel)
        if file is not None and file.kind == "node":
            # backend source: only a file copied by name (`COPY docs/docker/config.js /app/config/`) is
            # shipped for sure; a folder copied whole also carries its tests and examples
            users = [user for user in users or () if user[2] and user[1] == "copied"]
            if not users:
                return []
        if not users:
            return self._main_config_clues(rel)
        roles = {user: self.decision(user).role for user, _, _ in users}
        # a production user that names the file alone outweighs one that mounts its whole folder
        for user, how, alone in sorted(users, key=lambda u: not u[2]):
            if roles[user] == "production":
                # a folder mounted whole carries files the server may never read: weaker than the file's name
                strength = Strength.DEPLOY if alone else Strength.FOLDER + 5
                return [Clue("production", strength, f"{how} by {user} (production)")]
        if not self._production_stack and self._plain_root_image is None and self._published_image is None:
            # only a development stack shows how it is run: that says nothing of where it ships, unless the
            # image the repository ships (its plain root image, or one its release process pushes) leaves it out
            return []
        user, how, _ = users[0]
        return [Clue(roles[user], Strength.FOLDER + 5, f"{how} only by {user} ({roles[user]})")]

    @cached_property
    def _production_stack(self) -> str | None:
        """A compose file that is production: the stack the repository ships, beside its development ones."""
        return next((rel for rel, _ in self._compose_roots if self.decision(rel).role == "production"), None)

    def _dockerfile_clues(self, rel: str) -> list[Clue]:
        out = self._built_by_clues(rel)
        if not out and self._production_dockerfile_beside(rel):
            command = self._final_command(rel)
            m = content.DEV_COMMAND.search(command)
            if m is not None:
                out.append(Clue("development", Strength.CONTENT, f"its image runs '{m.group(0).strip()}'"))
        return out

    def _final_command(self, rel: str) -> str:
        from ..parsers.dockerfile import launch
        file = self.project.by_rel.get(rel)
        try:
            doc = self.project.document(file) if file is not None else None
        except Exception:  # noqa: BLE001
            return ""
        stage = getattr(doc, "final_stage", None)
        text = " ".join(ins.raw for ins in launch(stage)) if stage is not None else ""
        return re.sub(r"[\[\]\",]+", " ", text)  # exec form read as words

    def _built_by_clues(self, rel: str) -> list[Clue]:
        links = [(c, how, t) for c, how, t in self._compose_links.get(rel, ()) if how in ("build", "build-aside")]
        if not links or self._deployed(rel):
            return []
        roles: dict[str, str] = {}
        for c, how, _ in links:
            role = "development" if how == "build-aside" else self.decision(c).role
            if roles.get(c) != "production":
                roles[c] = role
        builders = [(c, t) for c, _, t in links]
        aside = {c for c, how, _ in links if how == "build-aside"} - {c for c, how, _ in links if how == "build"}
        if "production" in roles.values():
            first = next(c for c, r in roles.items() if r == "production")
            return [Clue("production", Strength.DEPLOY, f"built by {first} (production)")]
        # built only by development or test files: what they build is theirs, unless they all build an
        # earlier stage and leave the final one (the published image) to something else
        final = self._final_stage_name(rel)
        if all(t and t != final for _, t in builders):
            return []
        compose, _ = builders[0]
        role = roles[compose]
        by = f"services of development or deprecated profiles in {compose}" if compose in aside \
            else f"{compose} ({role})"
        if not self._production_dockerfile_beside(rel) and not self._marked_production_image \
                and not self._plain_image_ships(rel):
            # the repository's only image here: what builds it locally says nothing of where it ships,
            # unless the image itself starts a development server or script
            started = content.DEV_COMMAND.search(self._final_command(rel))
            if started is None or role != "development":
                return []
            return [Clue(role, Strength.FOLDER + 5, f"built only by {by} and runs '{started.group(0).strip()}'")]
        return [Clue(role, Strength.FOLDER + 5, f"built only by {by}")]

    def _main_config_clues(self, rel: str) -> list[Clue]:
        """An nginx snippet nothing mounts or copies (`sites/default.conf`, `conf.d/app.conf`) is loaded by
        the `nginx.conf` beside or above it: set aside with it when that one is."""
        file = self.project.by_rel.get(rel)
        if file is None or file.kind != "nginx" or posixpath.basename(rel) == "nginx.conf":
            return []
        folder = posixpath.dirname(rel)
        while True:
            main = posixpath.join(folder, "nginx.conf") if folder else "nginx.conf"
            if main in self.project.by_rel:
                decision = self.decision(main)
                if decision.role == "production":
                    return []
                return [Clue(decision.role, Strength.SIBLING, f"beside {main} ({decision.role})")]
            if not folder:
                return []
            folder = posixpath.dirname(folder)

    @cached_property
    def _marked_production_image(self) -> str | None:
        """A Dockerfile the repository itself calls production (by name, folder, header or a production
        build): then an image only its development stacks build is theirs, wherever it sits."""
        for file in self.project.files:
            if file.kind == "dockerfile" and any(c.role == "production" and c.strength >= Strength.FOLDER
                                                 for c in self.strong_clues(file.rel)) \
                    and self._strong_role(file.rel) == "production":
                return file.rel
        return None

    @cached_property
    def _plain_root_image(self) -> str | None:
        """The repository's plain `Dockerfile` at its root when it is production and no compose file builds
        it: the image the repository publishes, built by its release process rather than by a local stack."""
        rel = "Dockerfile"
        file = self.project.by_rel.get(rel)
        if file is None or file.kind != "dockerfile" or self._compose_links.get(rel):
            return None
        return rel if self.decision(rel).role == "production" else None

    @cached_property
    def _published_image(self) -> str | None:
        """A Dockerfile the repository's release process builds and pushes (a CI job's `push: true`, a publish
        workflow): the image production runs, whatever development stack also builds one of its stages. A
        configuration none of those images copies, and only a development stack mounts, is that stack's."""
        for file in self.project.files:
            if file.kind == "dockerfile" and any(
                    c.role == "production" and c.strength >= Strength.DEPLOY_PRODUCTION
                    for c in self._deploy_clues(file.rel)):
                return file.rel
        return None

    def _plain_image_ships(self, rel: str) -> bool:
        """Beside the plain root image the repository ships, a variant (`php.Dockerfile`, `Dockerfile.node`) that
        only development or test stacks build is theirs."""
        name = posixpath.basename(rel)
        return name != "Dockerfile" and self._plain_root_image not in (None, rel)

    def _production_dockerfile_beside(self, rel: str) -> bool:
        """Another Dockerfile in the same folder that is production by name, header or deployment, or
        that a production compose file builds."""
        for other in self._beside(rel, "dockerfile"):
            if self._strong_role(other) == "production" and self.strong_clues(other):
                return True
            if any(self.decision(c).role == "production"
                   for c, how, _ in self._compose_links.get(other, ()) if how == "build"):
                return True
        return False

    def _final_stage_name(self, rel: str) -> str | None:
        file = self.project.by_rel.get(rel)
        if file is None:
            return None
        try:
            doc = self.project.document(file)
        except Exception:  # noqa: BLE001
            return None
        stage = getattr(doc, "final_stage", None)
        return stage.name if stage is not None else None

    def _env_mapping(self, rel: str) -> dict[str, str]:
        file = self.project.by_rel.get(rel)
        try:
            doc = self.project.document(file) if file is not None else None
        except Exception:  # noqa: BLE001 - the env parser's problems are reported when the file is checked
            return {}
        return doc.as_mapping() if hasattr(doc, "as_mapping") else {}

    def _interpolates_from(self, compose_rel: str, env_rel: str) -> bool:
        """Whether a compose file uses a variable the `.env` beside it defines (compose reads it for that)."""
        if posixpath.basename(env_rel) != ".env":
            return False
        file = self.project.by_rel.get(compose_rel)
        text = file.text if file is not None else ""
        return any(f"${{{name}" in text or f"${name}" in text for name in self._env_mapping(env_rel))

    def _supplied_by_deployments(self, env_rel: str, composes: list[str]) -> str | None:
        """Why a `.env` that production compose files interpolate is not what production reads: every command
        that deploys them sets, in its own environment (a workflow job's `env:`), every variable they take
        from it, and the shell's environment wins over `.env`. None when a deployment leaves one to the file,
        or when no command of the repository deploys them."""
        if env_rel in (getattr(self.project, "untracked", None) or {}):
            # a file git does not track is the one this machine has, maybe the server's: only the values the
            # repository commits are known to be its local defaults
            return None
        names = list(self._env_mapping(env_rel))
        where = None
        for compose in composes:
            deploys = [found for found, role in self._uses.get(compose, ()) if role == "production"]
            if not deploys:
                return None
            for found in deploys:
                text = ""
                for rel in found.use.files or (compose,):
                    file = self.project.by_rel.get(rel)
                    text += file.text if file is not None else ""
                taken = {n for n in names if re.search(rf"\$\{{?{re.escape(n)}\b", text)}
                if not taken or not taken <= found.env:
                    return None
                where = where or found.where
        return None if where is None else \
            f"the production deployment ({where}) sets every variable {composes[0]} takes from it"

    def _env_clues(self, rel: str) -> list[Clue]:
        out = []
        links = self._compose_links.get(rel, ())
        if links and not self._deployed(rel):
            roles = {c: self.decision(c).role for c, _, _ in links}
            loaded = [(c, how) for c, how, _ in links if how != "interpolation" or self._interpolates_from(c, rel)]
            if loaded:
                production = [(c, how) for c, how in loaded if roles[c] == "production"]
                supplied = self._supplied_by_deployments(rel, [c for c, _ in production]) \
                    if production and all(how == "interpolation" for _, how in production) else None
                if supplied is not None:
                    # what the repository deploys never reads it: its values are the local ones
                    out.append(Clue("development", Strength.DEPLOY, supplied))
                elif production:
                    c, how = production[0]
                    out.append(Clue("production", Strength.DEPLOY,
                                    f"{'env_file' if how == 'env_file' else 'interpolation .env'} of {c} (production)"))
                elif any(how == "env_file" for _, how in loaded):
                    c = next(c for c, how in loaded if how == "env_file")
                    out.append(Clue(roles[c], Strength.FOLDER + 5, f"env_file only of {c} ({roles[c]})"))
        if not any(c.role == "production" for c in out):
            # an env file a production image copies by name (`COPY .env.example /app/.env`) or a production
            # service mounts alone is the settings that ship, whatever its name says: its values are the
            # defaults production runs with. A folder copied whole says nothing about one file in it.
            for user, how, alone in self._config_users.get(rel) or ():
                if alone and self.decision(user).role == "production":
                    out.append(Clue("production", Strength.DEPLOY, f"{how} by {user} (production)"))
                    break
        if self._has_production_counterpart(rel, "env"):
            said = content.env_file_clue(self._env_mapping(rel))
            if said is not None and said[0] != "production":
                out.append(Clue(said[0], Strength.CONTENT, said[1]))
        return out


# the manifests of an application's code, one per ecosystem
_APP_MANIFESTS = ("package.json", "go.mod", "pyproject.toml", "setup.py", "requirements.txt", "Gemfile", "composer.json",
                  "pom.xml", "build.gradle", "build.gradle.kts", "Cargo.toml", "mix.exs", "deno.json")


def is_standalone(root) -> bool:
    """A compose file complete on its own: every service it defines says what to run (an image, a build
    with its context, or extends)."""
    services = root.get("services") if isinstance(root, dict) else None
    if not isinstance(services, dict) or not services:
        return False
    for node in services.values():
        if not isinstance(node, dict):
            return False
        build = node.get("build")
        whole_build = isinstance(build, str) or (isinstance(build, dict) and "context" in build)
        if not (node.get("image") or whole_build or node.get("extends")):
            return False
    return True


def _verb(found: Found, role: str) -> str:
    if found.use.tool == "build":
        return "built for production" if role == "production" else f"built for {role}"
    if found.use.tool == "stack":
        return "deployed with docker stack deploy"
    return "deployed to production" if role == "production" else f"run for {role}"


class ComposeViews:
    """Which compose files make up the production view each file belongs to, in `-f` order.

    The repository's own production commands decide first (the longest `-f` combination that names the
    file). Otherwise a base file (`compose.yaml`, `docker-compose.yml`) is merged with the production
    overlays beside it (`docker-compose.prod.yml`, `compose.deploy.yml` that add to its services); a
    standalone production file (complete on its own, or deployed alone) is its own view, never an override.
    """

    def __init__(self, evidence: RoleEvidence):
        self.evidence = evidence
        self._views: dict[str, tuple[str, ...]] = {}

    def view(self, rel: str) -> tuple[str, ...]:
        cached = self._views.get(rel)
        if cached is None:
            cached = self._views[rel] = self._view(rel)
        return cached

    def _view(self, rel: str) -> tuple[str, ...]:
        combos = [c for c in self.evidence.production_combinations if rel in c and len(c) > 1]
        if combos:
            return max(combos, key=len)
        if self.evidence.deployed_alone(rel):
            return (rel,)
        neutral = self.evidence.neutral_combinations
        if not any(c == (rel,) for c in neutral):
            # an overlay the repository only ever runs on top of another file (`-f fpm.yml -f fpm-alpine.yml`,
            # however its README titles the section) is judged merged with it, when all of them are production
            combos = [c for c in neutral if rel in c and len(c) > 1
                      and all(self.evidence.decision(f).role == "production" for f in c)]
            if combos:
                return max(combos, key=len)
        base = self.evidence.base_file(posixpath.dirname(rel))
        if base is None:
            return (rel,)
        overlays = self.overlays(base)
        if rel == base or rel in overlays:
            return (base, *overlays)
        return (rel,)

    def overlays(self, base: str) -> list[str]:
        """Production overlays of a base file: production files beside it (named as its overrides, or
        production by other evidence) that add to its services rather than define whole services."""
        from ..model.compose import is_production_override
        out = []
        for rel in self.evidence._beside(base, "compose"):
            if self.evidence.deployed_alone(rel):
                continue
            # from the clues that do not depend on the base: an overlay's full decision can ask the base
            decision = decide(self.evidence.strong_clues(rel))
            # named as a production override, or production by other evidence (a deploy/ folder, a header)
            if decision.role != "production" or not (is_production_override(posixpath.basename(rel))
                                                     or decision.production_evidenced):
                continue
            root = self.evidence._compose_root(rel)
            if root is None or is_standalone(root):
                continue
            out.append(rel)
        return sorted(out)


def _profiles(node) -> set[str]:
    value = node.get("profiles") if isinstance(node, dict) else None
    return {str(p) for p in value} if isinstance(value, list) else set()


def _opt_in_beside_others(name: str, node: dict, services: dict) -> bool:
    """A service under `profiles:` of its own: compose starts it only when one of them is asked for, and another
    service of the file runs without those profiles (nickjj's `assets` watchers beside `web` and `worker`)."""
    mine = _profiles(node)
    return bool(mine) and any(other != name and not (_profiles(o) & mine) for other, o in services.items())
