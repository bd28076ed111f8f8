"""The project: every discovered file, each parsed at most once, and the cross-file facts rules ask for."""
from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from ..classify import classify_name
from ..files import SourceFile
from ..parsers import parser_for
from .compose import ComposeConfig, Service, is_base_name, is_production_override
from .roles import Roles
from .settings import Setting

# Parsed documents of these kinds are small and other files refer to them, so they stay cached.
_SHARED_KINDS = {"env", "compose", "dockerfile", "nginx", "package", "redis"}
# Of those, the documents read by files beside them (a compose file's .env and env_file, the Dockerfile a
# service builds, redis.conf) are kept most-recently-used, so memory does not grow with the number of
# services; compose files stay, since indexes over all of them (who builds a Dockerfile) point into them.
_RECENT_KINDS = {"env", "dockerfile", "redis"}
_RECENT = 256


class Project:
    def __init__(self, root: Path, config, files: list[SourceFile] | None = None, max_bytes: int = 2 << 20,
                 overlay: dict[str, str] | None = None):
        self.root = root.resolve()
        self.overlay = overlay or {}
        # how this run chose its files; repository facts (what git tracks) depend on it
        self.use_git = True
        self.explicit_files: list[Path] = []
        self.scope_dirs: list[Path] = []
        self.config = config
        self.roles = Roles(config.roles if config is not None else None)
        self.max_bytes = max_bytes
        self.files: list[SourceFile] = files or []
        self.by_rel: dict[str, SourceFile] = {f.rel: f for f in self.files}
        self._checked = set(self.by_rel)
        self._docs: dict[str, object] = {}
        self._last: tuple | None = None  # (file, document) of the last parse, kept until the file is forgotten
        self._recent: OrderedDict[str, None] = OrderedDict()  # documents of _RECENT_KINDS kept, oldest first
        self._compose_cache: dict[str, list[Service]] = {}

    # ---- files and documents -------------------------------------------------------------
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
                    self._recent[file.rel] = None
                    self._evict()
        elif file.rel in self._recent:
            self._recent.move_to_end(file.rel)
        return doc

    def _evict(self) -> None:
        while len(self._recent) > _RECENT:
            rel, _ = self._recent.popitem(last=False)
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
            file = SourceFile(path, rel, kind, self.role(rel), self.overlay.get(rel), max_bytes=self.max_bytes)
            file.text  # read now: an unreadable file is no document
            if file.unreadable:
                return None
            self.by_rel[rel] = file
        if kind is not None and file.kind != kind:
            file = SourceFile(file.path, file.rel, kind, file.role, file.text, file.encoding_note, self.max_bytes)
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

    # ---- compose ---------------------------------------------------------------------------
    def compose_services(self, doc) -> list[Service]:
        """Services of the configuration this compose file owns; [] when another file owns it.

        A base file owns base + production overrides. An override whose base is not being
        checked owns the merge but marks it incomplete: missing-thing rules then stay quiet.
        """
        if doc.rel in self._compose_cache:
            return self._compose_cache[doc.rel]
        services: list[Service] = []
        if isinstance(doc.root, dict):
            directory = Path(doc.file.path).parent
            name = Path(doc.rel).name
            siblings = sorted(p for p in directory.iterdir() if classify_name(p.name) == "compose") \
                if directory.is_dir() else []
            base = next((p for n in ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
                         for p in siblings if p.name == n), None)
            overrides = [p for p in siblings if p != base and is_production_override(p.name)
                         and self.role(self.rel(p) or p.name) == "production"]
            if is_base_name(name):
                docs = [doc] + [d for d in (self.load(p, "compose") for p in overrides)
                                if d is not None and isinstance(d.root, dict)]
                services = list(ComposeConfig(self, directory, docs, complete=True).services.values())
            elif base is not None and is_production_override(name):
                base_rel = self.rel(base)
                if not self.is_checked(base_rel):
                    base_doc = self.load(base, "compose")
                    docs = ([base_doc] if base_doc is not None and isinstance(base_doc.root, dict) else []) + [doc]
                    config = ComposeConfig(self, directory, docs, complete=False)
                    services = [s for s in config.services.values()
                                if any(layer.doc is doc for layer in s.layers)]
            else:
                services = list(ComposeConfig(self, directory, [doc], complete=True).services.values())
        self._compose_cache[doc.rel] = services
        return services

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
