"""What a file's cached outcome needs unchanged to be reused, file kind by file kind, as narrow as the reads of
the built-in rules of that kind allow (linter.caching uses it; the cache itself is linter.resultcache).

Every outcome needs its own content (the signature the cache compares) and the names of every listed file
(``shared``: what exists decides which files a model finds). Beyond that, an outcome needs:

- the *files* its check reads across, as a digest of their signatures (``Needs.deps``); and
- the *answers* to the cross-file questions its check asked (``Needs.facts``): its role (decided from the whole
  repository's evidence), the compose files a Dockerfile is built by, the compose files a compose file's
  services are made of. Computing them has a cost, so they are asked again only when something they are
  computed from changed (``Needs.tree``, the digest of the configuration files, the other listed files and the
  pm2 configurations: what role evidence reads).

A kind is narrowed only while every active rule of that kind is a built-in one, whose reads are known; a kind
with a rule of the user's own keeps the whole tree's digest (backend source) or every configuration file's and
pm2 configuration's (any other kind). Files git ignores and no policy admits are not listed, and not part of any
digest.
"""
from __future__ import annotations

import posixpath

from .checker import SOURCE_KINDS
from .resultcache import Needs, digest

# Kinds whose files the compose, Dockerfile and env checks read beside compose files: env files (interpolation,
# env_file), Dockerfiles (a service's image), package.json (scripts a stage runs), nginx and redis (mounted).
_BESIDE_COMPOSE = ("env", "dockerfile", "package", "nginx", "redis")


def _listed(project, sigs: dict) -> list:
    # the listing, not by_rel: models add the files they read to by_rel as they go
    return sorted(((f.rel, f) for f in project.files if f.rel in sigs), key=lambda p: p[0])


def config_and_evidence(files: list, sigs: dict, others: str) -> tuple[str, str]:
    """The digests of the configuration files with the other listed files (``config``), and of what role
    evidence reads (``evidence``): configuration files, the other listed files (READMEs, CI, scripts) and
    pm2 configurations. ``files``: (rel, SourceFile) of the listed files, sorted."""
    from .evidence.sources import is_pm2_config
    config = digest([(rel, sigs[rel]) for rel, f in files if f.kind not in SOURCE_KINDS] + [others])
    evidence = digest([config] + [(rel, sigs[rel]) for rel, f in files if f.kind in SOURCE_KINDS
                                  and is_pm2_config(rel)])
    return config, evidence


def evidence_of(project, sigs: dict, others: str) -> str:
    """``Dependencies.evidence`` of the project's files as they are now (before the run admits linked ones)."""
    return config_and_evidence(_listed(project, sigs), sigs, others)[1]


class Dependencies:
    def __init__(self, project, ruleset, sigs: dict, others: str):
        self.project, self.ruleset, self.sigs = project, ruleset, sigs
        files = _listed(project, sigs)
        self.config, self.evidence = config_and_evidence(files, sigs, others)
        self.tree = digest([self.config] + [(rel, sigs[rel]) for rel, f in files if f.kind in SOURCE_KINDS])
        self.python = digest([self.evidence] + [(rel, sigs[rel]) for rel, f in files if f.kind == "python"])
        self.shared = digest([others, [rel for rel, _ in files]])
        self.beside_compose = digest([self.shared] + [(rel, sigs[rel]) for rel, f in files
                                                      if f.kind in _BESIDE_COMPOSE])
        self._folders: dict[str, list] = {}  # folder -> its env files, each (rel, signature)
        for rel, f in files:
            if f.kind == "env":
                self._folders.setdefault(posixpath.dirname(rel), []).append((rel, sigs[rel]))
        self._builtin: dict[str, bool] = {}
        self._node = None

    def needs(self, file) -> Needs | str:
        kind = file.kind
        if not self._only_builtin(kind):
            return self.tree if kind in SOURCE_KINDS else self.evidence
        if kind == "node":
            return self._node_needs().needs(file)
        if kind == "python":  # the Python model reads Python files, configuration files and requirements
            return self.python
        if kind == "env":
            siblings = self._folders.get(posixpath.dirname(file.rel), [])  # .env.production overrides .env
            return Needs(digest([self.shared, siblings]), self.evidence, lambda: digest(self._role(file.rel)))
        if kind == "compose":
            return Needs(self.beside_compose, self.evidence, lambda: self._compose_facts(file))
        if kind == "dockerfile":
            return Needs(self.beside_compose, self.evidence, lambda: self._dockerfile_facts(file))
        return self.evidence  # nginx (includes, mounts), redis (commands), package.json: every configuration file

    def _only_builtin(self, kind: str) -> bool:
        if kind not in self._builtin:
            self._builtin[kind] = all(r.builtin for r in self.ruleset.of_kind(kind))
        return self._builtin[kind]

    # ---- the answers -------------------------------------------------------------------------------
    def _role(self, rel: str) -> list:
        roles = self.project.roles
        return [roles.role(rel), roles.notice(rel)]

    def _supplied(self) -> list:
        """Settings deployment files give the processes they start (pm2 env): read by process_manager_env."""
        evidence = self.project.roles.evidence
        return sorted(map(repr, evidence.deployments.supplied)) if evidence is not None else []

    def _read(self, services) -> list:
        """Signatures of every file the services' compose configurations are made of (override files, extends,
        include), the services of the same application and their included ones too."""
        rels: set[str] = set()
        configs = {id(s.config): s.config for s in services}
        for config in configs.values():
            for service in [*config.services.values(), *config.included.values()]:
                rels.update(layer.doc.rel for layer in service.layers)
                rels.update(d.rel for d in service.config.docs)
            rels.update(d.rel for d in config.docs)
        return sorted((rel, self.sigs.get(rel)) for rel in rels)

    def _compose_facts(self, file) -> str:
        project = self.project
        view = project.compose_view(file.rel)
        owner = view[0] if view else file.rel
        doc = project.document(file)
        services = project.compose_services(doc) if isinstance(getattr(doc, "root", None), dict) else []
        return digest([self._role(file.rel), view, project.role(owner), project.is_checked(owner),
                       self._read(services), self._supplied()])

    def _dockerfile_facts(self, file) -> str:
        project = self.project
        services = project.services_building(file.path)
        return digest([self._role(file.rel), sorted(project.production_build_targets(file.rel)),
                       sorted((s.name, repr(s.config.directory)) for s in services), self._read(services),
                       self._supplied()])

    def _node_needs(self):
        if self._node is None:
            self._node = NodeNeeds(self.project, self.sigs, self.shared, self.evidence)
        return self._node


class NodeNeeds:
    """A Node/TS file's outcome reads across files the files of its backend package (the Node model's facts are
    per package: linter.model.node), every package.json (which package governs a file) and nginx file (headers a
    proxy adds; Caddyfiles and Traefik files are among the other listed files, in ``shared``); and asks the roles
    of its package's files, its own role conflict and what a Traefik front proxy in the compose files does."""

    def __init__(self, project, sigs: dict, shared: str, evidence: str):
        self.project, self.sigs, self.evidence = project, sigs, evidence
        folders: dict[str, list[str]] = {}
        for f in project.files:
            if f.kind == "node":
                folders.setdefault(posixpath.dirname(f.rel), []).append(f.rel)
        self.scope_of: dict[str, str] = {}  # a file's package is its folder's (the nearest package.json up)
        self.scopes: dict[str, list[str]] = {}
        for rels in folders.values():
            scope = self._scope_of(rels[0])
            self.scopes.setdefault(scope, []).extend(rels)
            self.scope_of.update(dict.fromkeys(rels, scope))
        self.shared = digest([shared, sorted((f.rel, sigs.get(f.rel)) for f in project.files
                                             if f.kind in ("package", "nginx"))])
        self._scope_digest: dict[str, str] = {}
        self._scope_roles: dict[str, list] = {}
        self._proxy = None

    def needs(self, file) -> Needs:
        scope = self.scope_of.get(file.rel)
        if scope is None:  # not listed: its own package alone
            scope = self.scope_of[file.rel] = self._scope_of(file.rel)
        return Needs(self._scope(scope), self.evidence, lambda: self._facts(file.rel, scope))

    def _scope_of(self, rel: str) -> str:
        """The Node model's package of a file, asked without importing the model (a warm run never needs it)
        unless the model exists already, whose answers are kept."""
        model = self.project.models.peek("node")
        if model is not None:
            return model.scope_of(rel)
        from .model.node_scope import package_scope
        return package_scope(self.project, rel)

    def _scope(self, scope: str) -> str:
        if scope not in self._scope_digest:
            self._scope_digest[scope] = digest([self.shared, scope, sorted((rel, self.sigs.get(rel))
                                                                           for rel in self.scopes.get(scope, ()))])
        return self._scope_digest[scope]

    def _facts(self, rel: str, scope: str) -> str:
        if scope not in self._scope_roles:
            roles = self.project.roles
            self._scope_roles[scope] = sorted((r, roles.role(r)) for r in self.scopes.get(scope, ()))
        if self._proxy is None:  # a production compose file's Traefik labels: asked again when configuration changes
            from .model.traefik import project_traefik_facts
            self._proxy = sorted(project_traefik_facts(self.project).items())
        return digest([self.project.roles.notice(rel), self._scope_roles[scope], self._proxy])

