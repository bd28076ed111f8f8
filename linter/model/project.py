"""The project: every discovered file, each parsed at most once, and the cross-file facts rules ask for."""
from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from ..classify import classify_name
from ..files import SourceFile
from ..parsers import parser_for
from ..evidence.content import dev_profiles
from .compose import ComposeConfig, Service, data_containers, idle_reason
from .registry import ModelFailures, SideModels
from .roles import Roles
from .settings import Setting

# Parsed documents of these kinds are small and other files refer to them, so they stay cached.
_SHARED_KINDS = {"env", "compose", "dockerfile", "nginx", "package", "redis"}
# Of those, the documents read by files beside them (a compose file's .env and env_file, the Dockerfile a
# service builds, redis.conf) are kept most-recently-used, so memory does not grow with the number of
# services; compose files stay, since indexes over all of them (who builds a Dockerfile) point into them.
_RECENT_KINDS = {"env", "dockerfile", "redis"}
# The bound is the size of their texts (a parsed document takes some ten to twenty times its text), not a
# count of documents: several passes go over every Dockerfile or env file of the repository in the same
# order (role evidence, base images, the repository rules, the checks themselves), and once the files
# outnumbered a fixed count each pass evicted every document just before the next pass asked for it, so
# a 200-service monorepo parsed each Dockerfile four times and each env file twice. 2 MiB of text keeps
# every such document of some 600 services, and bounds memory as a count could not (256 large files).
_RECENT_BYTES = 2 << 20


class Project:
    def __init__(self, root: Path, config, files: list[SourceFile] | None = None, max_bytes: int = 2 << 20,
                 overlay: dict[str, str] | None = None, role_base: str = ""):
        self.root = root.resolve()
        self.role_base = role_base  # the folder asked for, below the root: names above it say nothing
        self.overlay = overlay or {}
        # how this run chose its files; repository facts (what git tracks) depend on it
        self.use_git = True
        self.explicit_files: list[Path] = []
        self.scope_dirs: list[Path] = []
        self.config = config
        self.roles = Roles(config.roles if config is not None else None, self)
        self.max_bytes = max_bytes
        self.files: list[SourceFile] = files or []
        self.by_rel: dict[str, SourceFile] = {f.rel: f for f in self.files}
        self._checked = set(self.by_rel)
        self._docs: dict[str, object] = {}
        self._last: tuple | None = None  # (file, document) of the last parse, kept until the file is forgotten
        self._recent: OrderedDict[str, int] = OrderedDict()  # documents of _RECENT_KINDS kept, oldest first
        self._recent_bytes = 0  # the size of their texts
        self._compose_cache: dict[str, list[Service]] = {}
        # per compose file: the services its view leaves out as starting no process (scaled to zero, a data
        # container) and the ones only development profiles start, each with why
        self._compose_idle: dict[str, list[Service]] = {}
        self._compose_aside: dict[str, list[tuple[str, str]]] = {}
        self.proxy_configs: list[str] = []  # listed Caddy and Traefik configurations (discover.is_proxy_config)
        self.models = SideModels()  # side models (repository, nginx, node, python), built on first use
        self.failures = ModelFailures()  # model code that raised; reported as PL002 by the checker

    # ---- files and documents -------------------------------------------------------------
    def add(self, file: SourceFile) -> None:
        """A file admitted after discovery (a git-ignored env file the untracked policy reads)."""
        self.files.append(file)
        self.by_rel[file.rel] = file
        self._checked.add(file.rel)

    def kinds_present(self) -> set[str]:
        return {f.kind for f in self.files}

    def files_of(self, kind: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind]

    def role(self, rel: str) -> str:
        return self.roles.role(rel)

    def rel(self, path: Path) -> str | None:
        try:
            resolved = Path(os.path.normpath(path))
            return resolved.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def document(self, file: SourceFile, keep: bool = False):
        """The parsed file; kept for the run when other files refer to its kind, or until it is checked
        when ``keep`` (a model read it ahead of its turn)."""
        doc = self._docs.get(file.rel)
        if doc is None and self._last is not None and self._last[0] is file:
            doc = self._last[1]  # the file being checked, asked for again by a model: parsed once
            if keep:
                self._docs[file.rel] = doc
        if doc is None:
            doc = parser_for(file.kind)(file)
            self._last = (file, doc)
            if keep or file.kind in _SHARED_KINDS:
                self._docs[file.rel] = doc
                if file.kind in _RECENT_KINDS and not keep:
                    size = len(file.text or "")
                    self._recent_bytes += size - self._recent.pop(file.rel, 0)
                    self._recent[file.rel] = size
                    self._evict()
        elif file.rel in self._recent:
            self._recent.move_to_end(file.rel)
        return doc

    def _evict(self) -> None:
        while self._recent_bytes > _RECENT_BYTES and len(self._recent) > 1:
            rel, size = self._recent.popitem(last=False)
            self._recent_bytes -= size
            doc = self._docs.pop(rel, None)
            file = getattr(doc, "file", None)
            if file is not None and file.kind in _RECENT_KINDS:
                file.release()  # read again if anything asks

    def forget(self, file: SourceFile) -> bool:
        """Drop a checked file's document unless other files refer to it; True when it was dropped."""
        if file.kind in _SHARED_KINDS:
            return False
        self._docs.pop(file.rel, None)
        if self._last is not None and self._last[0] is file:
            self._last = None
        return True

    def load(self, path: Path, kind: str | None = None):
        """The document for a file other files point at, read from disk if it was not discovered.

        Only files inside the root are read; a symlink is followed only when it stays inside.
        """
        rel = self.rel(path)
        if rel is None or rel.startswith(".."):
            return None
        file = self.by_rel.get(rel)
        if file is None:
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if not (real == self.root or self.root in real.parents) or not real.is_file():
                return None
            kind = kind or classify_name(rel)
            if kind not in ("env", "compose", "dockerfile", "nginx", "package", "redis"):
                return None
            file = SourceFile(path, rel, kind, self.role(rel), self.overlay.get(rel), max_bytes=self.max_bytes,
                              root=self.root)
            file.text  # read now: an unreadable file is no document
            if file.unreadable:
                return None
            self.by_rel[rel] = file
        if kind is not None and file.kind != kind:
            file = SourceFile(file.path, file.rel, kind, file.role, file.text, file.encoding_note, self.max_bytes,
                              root=self.root)
        if file.unreadable:
            return None
        return self.document(file)

    def is_checked(self, rel: str) -> bool:
        return rel in self._checked

    # ---- env files -------------------------------------------------------------------------
    def env_document(self, path: Path):
        return self.load(path, "env")

    def dotenv_mapping(self, path: Path) -> dict[str, str]:
        doc = self.env_document(path)
        return doc.as_mapping() if doc is not None else {}

    def env_values_anywhere(self, name: str) -> list[str]:
        """Every value ``name`` is given in any env file of the repository, examples and templates included:
        what the project tells its deployers to set."""
        out = []
        for file in self.files_of("env"):
            doc = self.env_document(Path(file.path))
            if doc is not None and name in doc.as_mapping():
                out.append(doc.as_mapping()[name])
        return out

    # ---- compose ---------------------------------------------------------------------------
    def compose_services(self, doc, idle: bool = False) -> list[Service]:
        """Services of the production view this compose file owns; [] when another file owns it.

        The view is the combination of files the repository deploys together (see
        ``linter.evidence.decide.ComposeViews``); its first file owns it. A later file of a view whose owner is
        not checked as production owns the merge but marks it incomplete: missing-thing rules then stay
        quiet. Services that only development or test profiles start are not part of a production view.
        Services that start no process (``deploy.replicas: 0``, a data container) are left out too, unless
        ``idle``: what is written in them is still committed (a literal password), only what the checklist
        asks of a running container is not about them.
        """
        if doc.rel not in self._compose_cache:
            self._compose_cache[doc.rel] = self._compose_view_services(doc)
        services = self._compose_cache[doc.rel]
        return services + self._compose_idle.get(doc.rel, []) if idle else services

    def compose_set_aside(self, doc) -> list[tuple[str, str]]:
        """(service, why) for each service of this file's view that production checks leave out: the
        repository's own words decide it, so the run must say so (a `replicas: 0` hid a privileged service)."""
        self.compose_services(doc)
        return self._compose_aside.get(doc.rel, [])

    def _compose_view_services(self, doc) -> list[Service]:
        services: list[Service] = []
        if isinstance(doc.root, dict):
            directory = Path(doc.file.path).parent
            view = self.compose_view(doc.rel)
            owner = view[0]
            if owner == doc.rel:
                docs = [doc] + [d for d in (self.load(self.root / rel, "compose") for rel in view[1:])
                                if d is not None and isinstance(d.root, dict)]
                services = list(ComposeConfig(self, directory, docs, complete=True).services.values())
            elif not (owner_checked := self.is_checked(owner) and self.role(owner) == "production") \
                    or doc.rel not in self.compose_view(owner):
                # an overlay the base's own view leaves out (another command adds it, `-f base.yml -f stats.yml`
                # beside the longer `-f base.yml -f prometheus.yml -f grafana.yml`) has no findings there: its
                # services are judged in its own view, whole, since the base that view starts from is read
                owner_doc = self.load(self.root / owner, "compose")
                docs = [d for d in (owner_doc, *(self.load(self.root / rel, "compose") for rel in view[1:]))
                        if d is not None and isinstance(d.root, dict)]
                if doc not in docs:
                    docs.append(doc)
                config = ComposeConfig(self, Path(docs[0].file.path).parent, docs,
                                       complete=owner_checked and owner_doc is not None and docs[0] is owner_doc)
                services = [s for s in config.services.values() if any(layer.doc is doc for layer in s.layers)]
            aside = [(s.name, f"only the profiles {', '.join(dev_profiles(s.get('profiles')))} start it")
                     for s in services if dev_profiles(s.get("profiles"))]
            services = [s for s in services if not dev_profiles(s.get("profiles"))]
            idle = data_containers(services)
            self._compose_idle[doc.rel] = [s for s in services if s.name in idle]
            aside += [(s.name, idle_reason(s)) for s in self._compose_idle[doc.rel]]
            self._compose_aside[doc.rel] = aside
            services = [s for s in services if s.name not in idle]
        return services

    def compose_view(self, rel: str) -> tuple[str, ...]:
        """The compose files, in -f order, of the production view this file is part of."""
        return self.roles.evidence.views.view(rel)

    def services_building(self, dockerfile_path: Path) -> list[Service]:
        """Production compose services that build the Dockerfile at this path (an index built once)."""
        if not hasattr(self, "_builders"):
            self._builders: dict[Path, list[Service]] = {}
            for file in self.files_of("compose"):
                if file.role != "production":
                    continue
                doc = self.document(file)
                if not isinstance(getattr(doc, "root", None), dict):
                    continue
                for service in self.compose_services(doc):
                    build = service.build
                    if build is None:
                        continue
                    try:
                        key = Path(os.path.realpath(build.dockerfile))
                    except (OSError, ValueError):
                        continue
                    self._builders.setdefault(key, []).append(service)
        return list(self._builders.get(Path(os.path.realpath(dockerfile_path)), ()))

    def build_args_passed(self, dockerfile_path: Path, dockerfile_rel: str) -> set[str]:
        """Build argument names the repository passes to this Dockerfile: `--build-arg` of its build commands
        and `build.args` keys of the production compose services that build it."""
        evidence = self.roles.evidence
        names = set(evidence.build_args(dockerfile_rel)) if evidence is not None else set()
        for service in self.services_building(dockerfile_path):
            layer = service.layer_of("build")
            build = layer.node.get("build") if layer is not None else None
            args = build.get("args") if isinstance(build, dict) else None
            if isinstance(args, dict):
                names |= {str(k) for k in args}
            elif isinstance(args, list):
                names |= {str(a).split("=", 1)[0].strip() for a in args}
        return names

    def production_build_targets(self, dockerfile_rel: str) -> set[str]:
        """Stages the repository's production build commands build from this Dockerfile ('' = final)."""
        evidence = self.roles.evidence
        return evidence.production_targets(dockerfile_rel) if evidence is not None else set()

    def process_manager_env(self, commands, scripts: dict[str, str] | None = None) -> dict[str, str]:
        """Settings a process manager's configuration gives the processes it starts, when one of these
        commands (or a package.json script they run) starts it: `pm2 start ecosystem.config.js`,
        `pm2-runtime ecosystem.config.js --env production`. Name -> value; {} when none does."""
        from ..evidence.sources import is_pm2_config
        from .shell import script_call, split
        evidence = self.roles.evidence
        if evidence is None:
            return {}
        pending, seen, out = list(commands), set(), {}
        while pending:
            cmd = pending.pop(0)
            if cmd.name in ("pm2", "pm2-runtime", "pm2-docker"):
                args = cmd.args
                env = args[args.index("--env") + 1] if "--env" in args[:-1] else ""
                named = {a.rsplit("/", 1)[-1] for a in args if "config" in a or a.startswith("ecosystem")}
                configs = {s.source for s in evidence.deployments.supplied if is_pm2_config(s.source)}
                if named:
                    configs = {c for c in configs if c.rsplit("/", 1)[-1] in named}
                supplied = [s for s in evidence.deployments.supplied if s.source in configs and s.block in ("", env)]
                for setting in sorted(supplied, key=lambda s: s.block != ""):  # env_<name> overrides env
                    out[setting.name] = setting.value
            name = script_call(cmd)
            if name is not None and scripts and name in scripts and name not in seen and len(seen) < 8:
                seen.add(name)
                pending.extend(split(scripts[name]))
        return out

    def dockerfile_for(self, service: Service):
        """(Dockerfile document, shipped stage) of the image a service builds, when it is in the repo."""
        build = service.build
        if build is None:
            return None
        doc = self.load(build.dockerfile, "dockerfile")
        if doc is None or not doc.stages:
            return None
        stage = doc.stage(build.target) if build.target else doc.final_stage
        return (doc, stage) if stage is not None else None

    def dockerfile_of_image(self, service: Service):
        """(Dockerfile document, final stage) of the image a service pulls, when the repository's own build
        commands build and name that image (a compose file running the project's published image)."""
        if service.build is not None or not service.image or "$" in service.image:
            return None
        from .base_images import base_images
        rels = base_images(self).built_as(service.image)
        if len(rels) != 1:
            return None  # several Dockerfiles under one name (variants): which one runs is not said
        doc = self.load(self.root / next(iter(rels)), "dockerfile")
        if doc is None or not doc.stages or doc.final_stage is None:
            return None
        return doc, doc.final_stage

    # ---- variables wherever they are written -----------------------------------------------
    def settings(self, doc) -> list[Setting]:
        if doc.kind == "env":
            return [Setting(e.key, e.value, doc.rel, e.value_span if e.value is not None else e.key_span,
                            e.key_span, e.key, "env", e.value is not None) for e in doc.entries]
        if doc.kind == "compose":
            out = []
            for service in self.compose_services(doc):
                out.extend(s for s in service.environment() if s.origin == "compose")
            return out
        if doc.kind == "dockerfile":
            return _dockerfile_settings(doc)
        return []


def _dockerfile_settings(doc) -> list[Setting]:
    out = []
    final = doc.final_stage
    for ins in doc.global_args + [i for s in doc.stages for i in s.instructions]:
        if ins.name not in ("ENV", "ARG"):
            continue
        stage = ins.stage
        label = (stage.name or str(stage.index)) if stage else None
        for name, value in ins.keyvalues():
            col = ins.raw.find(name) + 1 if name in ins.raw else 1
            key_span = _locate(ins, name, col)
            value_span = key_span
            if value:
                vcol = ins.raw.find(value, col - 1 + len(name))
                if vcol != -1:
                    value_span = _locate(ins, value, vcol + 1)
            key = f"{'stage.' + label + '.' if label else ''}{ins.name}.{name}"
            out.append(Setting(name, value, doc.rel, value_span, key_span, key, "dockerfile",
                               value is not None and "$" not in value, stage=label,
                               final_stage=stage is final, instruction=ins.name))
    return out


def _locate(ins, text: str, col_in_raw: int):
    """Span of ``text`` found at 1-based offset ``col_in_raw`` of an instruction's raw text."""
    from ..api import Span
    before = ins.raw[:col_in_raw - 1]
    line = ins.line + before.count("\n")
    column = col_in_raw - (before.rfind("\n") + 1) if "\n" in before else col_in_raw
    return Span.at(line, column, len(text))
