"""Files a compose file names that discovery could not know by their names: the compose files an `include:` or
`extends:` pulls in (`services/redis.yaml`), admitted after discovery with the kind their use gives them."""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from .discover import DEFAULT_EXCLUDES, Candidate, Discovery, _admit_as, _inside, _rel
from .evidence.links import include_links, norm, services_of
from .globs import GlobSet
from .lazyre import lazy
from .model.repository import repository

# a compose file that names others: a top-level `include:` or a service's `extends:` (with its `file:`)
_LINKS_COMPOSE = lazy(r"^include\s*:|^[^\S\n]+extends\s*:", re.M)
_MAX_LINKED = 200  # compose files admitted by link per run: a hostile tree's thousand includes add nothing


def linked_compose(project, max_bytes: int, named=None) -> list[Candidate]:
    """Compose files another compose file pulls in by `include:` or `extends: {file: ...}` whatever their
    names (`services/redis.yaml`, `.pgpool.yml`): compose reads them as compose files, so they are checked as
    such. Only files inside the root that git does not ignore, and YAML by their suffix. ``named``: what
    answers ``_named_by_commands`` (the engine's keeps its answers in the result cache)."""
    root = project.root
    # a run of one folder checks that folder's files only
    scopes = [_rel(Path(s), root) if Path(s) != root else "" for s in (project.scope_dirs or [root])
              if _inside(Path(s), root)]
    known = set(project.by_rel)
    queue = [f for f in project.files if f.kind == "compose"]
    wanted: list[str] = []
    while queue and len(wanted) < _MAX_LINKED:
        file = queue.pop()
        if not _LINKS_COMPOSE.search(file.text or ""):
            continue
        try:
            doc = project.document(file)
        except Exception:  # noqa: BLE001 - the parser's own problems are reported when the file is checked
            continue
        top = getattr(doc, "root", None)
        if not isinstance(top, dict):
            continue
        paths = [path for path, how in include_links(top.get("include")) if how == "include"]
        for node in services_of(top):
            extends = node.get("extends")
            target = extends.get("file") if isinstance(extends, dict) else None
            if isinstance(target, str) and "$" not in target and "://" not in target:
                paths.append(target)
        folder = posixpath.dirname(file.rel)
        for path in paths:
            rel = norm(posixpath.join(folder, path))
            if not rel or rel.startswith(("..", "/")) or rel in known or not rel.lower().endswith((".yml", ".yaml")) \
                    or not any(s == "" or rel.startswith(s + "/") for s in scopes):
                continue
            known.add(rel)
            wanted.append(rel)
    wanted += _compose_siblings(project, known, scopes)
    wanted += (named or _named_by_commands)(project, known, scopes)
    if not wanted:
        return []
    excluded = GlobSet(list(DEFAULT_EXCLUDES) + list(getattr(project.config, "exclude", None) or []))
    wanted = [rel for rel in wanted if not excluded.match(rel)]
    repo = repository(project)
    repo.check_ignored(wanted)
    result = Discovery()
    for rel in wanted:
        if repo.ignored(rel) or not os.path.isfile(root / rel):
            continue
        _admit_as(root / rel, root, rel, "compose", result, max_bytes)
    return result.files


# compose's own top-level keys: a YAML file with only these (and `x-` extensions) is written for compose
_TOP_KEY = lazy(r"^([A-Za-z_][\w.-]*)\s*:", re.M)
_COMPOSE_KEYS = {"version", "services", "volumes", "networks", "configs", "secrets", "name", "include"}
_SERVICE_SOURCE = lazy(r"^[ \t]+(image|build)\s*:", re.M)
_MAX_SIBLING_BYTES = 256 * 1024


def _compose_text(text: str) -> bool:
    """Whether a YAML file's top level holds nothing but compose's keys, `services:` among them, with a service
    that runs an image or builds one (other YAML, `prometheus.yml`, `mkdocs.yml`, has keys of its own)."""
    keys = {k for k in _TOP_KEY.findall(text) if not k.startswith("x-")}
    return "services" in keys and keys <= _COMPOSE_KEYS and bool(_SERVICE_SOURCE.search(text))


def _named_by_commands(project, known: set[str], scopes: list[str]) -> list[str]:
    """YAML files the repository's own compose commands name (a README's `docker compose -f docker-compose.yml
    -f ./rtcstats/mongodb/mongodb.yml up -d`), whatever their names and folders, when their text is compose's:
    compose reads them as compose files. The commands are those the roles read (READMEs, scripts, Makefiles,
    CI), read once for both."""
    evidence = project.roles.evidence
    if evidence is None:
        return []
    out: list[str] = []
    for found in evidence.deployments.found:
        if found.use.tool not in ("compose", "stack") or found.use.default_files:
            continue
        for rel in evidence.resolve(found):
            if rel in known or not rel.lower().endswith((".yml", ".yaml")) \
                    or not any(s == "" or rel.startswith(s + "/") for s in scopes):
                continue
            try:
                path = project.root / rel
                if path.is_symlink() or path.stat().st_size > _MAX_SIBLING_BYTES:
                    continue
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            known.add(rel)
            if _compose_text(text):
                out.append(rel)
            if len(out) >= _MAX_LINKED:
                return out
    return out


def _compose_siblings(project, known: set[str], scopes: list[str]) -> list[str]:
    """YAML files beside a compose file, in its folder, that are compose overlays by their content: a repository
    that keeps one file per optional component (`jigasi.yml`, `grafana.yml` next to `docker-compose.yml`, run
    with `-f docker-compose.yml -f jigasi.yml`) names them for the component, not for compose. Only a file whose
    top level holds nothing but compose's keys, `services:` among them, with a service that runs an image or
    builds one; other YAML there (`prometheus.yml`, `mkdocs.yml`) has keys of its own."""
    folders = {posixpath.dirname(f.rel) for f in project.files if f.kind == "compose" and f.rel in known}
    out: list[str] = []
    for folder in sorted(folders):
        if not any(s == "" or folder == s or folder.startswith(s + "/") for s in scopes):
            continue
        try:
            entries = sorted(os.scandir(project.root / folder) if folder else os.scandir(project.root),
                             key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = posixpath.join(folder, entry.name) if folder else entry.name
            if rel in known or not entry.name.lower().endswith((".yml", ".yaml")) or entry.name.startswith("."):
                continue
            try:
                if not entry.is_file(follow_symlinks=False) or entry.stat().st_size > _MAX_SIBLING_BYTES:
                    continue
                text = Path(entry.path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if _compose_text(text):
                known.add(rel)
                out.append(rel)
            if len(out) >= _MAX_LINKED:
                return out
    return out
