"""docker compose as compose reads it: interpolation from the project's ``.env``, ``env_file``,
override files merged in ``-f`` order, and each service's link to the Dockerfile it builds."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..api import Span
from .interpolate import Interpolated, interpolate
from .settings import Setting

_BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_PROD_OVERRIDE = re.compile(r"(^|[._-])(prod|production|prd|live|release)([._-]|$)", re.I)
_UNION_LISTS = {"ports", "expose", "external_links", "dns", "dns_search", "tmpfs", "cap_add", "cap_drop",
                "security_opt", "env_file", "networks", "extra_hosts", "devices", "profiles", "configs",
                "secrets", "depends_on"}


@dataclass
class BuildRef:
    context: Path  # absolute
    dockerfile: Path  # absolute
    target: str | None
    span: Span


@dataclass
class Layer:
    doc: object  # YamlDocument
    node: dict  # the service's mapping in that file


@dataclass
class Service:
    name: str
    layers: list[Layer]
    config: "ComposeConfig"
    complete: bool = True  # the base file is part of what was read

    @property
    def definition(self) -> Layer:
        return self.layers[0]

    @property
    def path(self) -> str:
        return self.definition.doc.rel

    @property
    def span(self) -> Span:
        return self.config.service_key_span(self.definition)

    def key(self, *parts: str) -> str:
        return ".".join(("services", self.name) + parts)

    def has(self, name: str) -> bool:
        return any(isinstance(layer.node, dict) and name in layer.node for layer in self.layers)

    def get(self, name: str, default=None):
        value = default
        found = False
        for layer in self.layers:
            if isinstance(layer.node, dict) and name in layer.node:
                value = _merge(value, layer.node[name], name) if found else layer.node[name]
                found = True
        return value

    def where(self, name: str) -> tuple[str, Span]:
        """File and position of the key as last written (the layer whose value wins)."""
        for layer in reversed(self.layers):
            if isinstance(layer.node, dict) and name in layer.node:
                return layer.doc.rel, layer.doc.key_span(layer.node, name)
        return self.path, self.span

    def layer_of(self, name: str) -> Layer | None:
        for layer in reversed(self.layers):
            if isinstance(layer.node, dict) and name in layer.node:
                return layer
        return None

    def resolve(self, value) -> Interpolated:
        return interpolate(str(value), self.config.env)

    @property
    def image(self) -> str | None:
        image = self.get("image")
        return self.resolve(image).text if isinstance(image, str) else None

    @property
    def build(self) -> BuildRef | None:
        layer = self.layer_of("build")
        if layer is None:
            return None
        build = layer.node["build"]
        base = Path(layer.doc.file.path).parent
        if isinstance(build, str):
            context, dockerfile, target = build, "Dockerfile", None
        elif isinstance(build, dict):
            context = build.get("context", ".")
            dockerfile = build.get("dockerfile", "Dockerfile")
            target = build.get("target")
        else:
            return None
        context = self.resolve(context).text
        if re.match(r"^[a-z]+://|^git@", context):
            return None  # a remote context: nothing in this repository to link to
        ctx_path = (base / context)
        return BuildRef(ctx_path, ctx_path / self.resolve(dockerfile).text,
                        self.resolve(target).text if isinstance(target, str) else None,
                        layer.doc.key_span(layer.node, "build"))

    def environment(self) -> list[Setting]:
        """env_file entries first, then ``environment`` (which wins), as compose applies them."""
        settings: dict[str, Setting] = {}
        for entry in self.config.env_file_settings(self):
            settings[entry.name] = entry
        for layer in self.layers:
            env = layer.node.get("environment") if isinstance(layer.node, dict) else None
            for setting in self.config.environment_settings(self, layer, env):
                settings[setting.name] = setting
        return list(settings.values())

    def env_value(self, name: str) -> Setting | None:
        for setting in self.environment():
            if setting.name == name:
                return setting
        return None


def _merge(base, override, name: str):
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for k, v in override.items():
            merged[k] = _merge(merged[k], v, k) if k in merged else v
        return merged
    if name in ("environment", "labels"):
        return {**_as_mapping(base), **_as_mapping(override)}
    if isinstance(base, list) and isinstance(override, list) and name in _UNION_LISTS:
        return base + [v for v in override if v not in base]
    if name == "volumes" and isinstance(base, list) and isinstance(override, list):
        targets = {_volume_target(v) for v in override}
        return [v for v in base if _volume_target(v) not in targets] + list(override)
    return override


def _as_mapping(value) -> dict:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        out = {}
        for item in value:
            key, sep, val = str(item).partition("=")
            out[key] = val if sep else None
        return out
    return {}


def _volume_target(volume) -> str:
    if isinstance(volume, dict):
        return str(volume.get("target", ""))
    parts = str(volume).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


class ComposeConfig:
    """One application as ``docker compose -f base [-f override ...]`` would load it."""

    def __init__(self, model, directory: Path, docs: list, complete: bool):
        self.model = model
        self.directory = directory
        self.docs = docs
        self.complete = complete
        self.env: dict[str, str] = model.dotenv_mapping(directory / ".env")
        self.services: dict[str, Service] = {}
        for doc in docs:
            services = doc.root.get("services") if isinstance(doc.root, dict) else None
            if not isinstance(services, dict):
                continue
            for name, node in services.items():
                if not isinstance(node, dict):
                    node = {}
                name = str(name)
                if name in self.services:
                    self.services[name].layers.append(Layer(doc, node))
                else:
                    self.services[name] = Service(name, [Layer(doc, node)], self, complete)

    def service_key_span(self, layer: Layer) -> Span:
        services = layer.doc.root.get("services")
        for key in services:
            if services[key] is layer.node:
                return layer.doc.key_span(services, key)
        return layer.doc.node_span(layer.node)

    def env_file_settings(self, service: Service) -> list[Setting]:
        entries = service.get("env_file")
        if entries is None:
            return []
        if not isinstance(entries, list):
            entries = [entries]
        out = []
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if not isinstance(path, str):
                continue
            layer = service.layer_of("env_file") or service.definition
            env_path = Path(layer.doc.file.path).parent / interpolate(path, self.env).text
            doc = self.model.env_document(env_path)
            if doc is None:
                continue
            for e in doc.entries:
                out.append(Setting(e.key, e.value, doc.rel, e.value_span, e.key_span, f"{e.key}", "env",
                                   literal=True, service=service.name))
        return out

    def environment_settings(self, service: Service, layer: Layer, env) -> list[Setting]:
        out = []
        doc = layer.doc
        if isinstance(env, dict):
            for key in env:
                raw = env[key]
                out.append(self._setting(service, doc, str(key), None if raw is None else str(raw),
                                         doc.key_span(env, key), doc.value_span(env, key) if raw is not None
                                         else doc.key_span(env, key)))
        elif isinstance(env, list):
            for index, item in enumerate(env):
                if not isinstance(item, str):
                    continue
                name, sep, raw = item.partition("=")
                item_span = doc.item_span(env, index)
                value_span = Span.at(item_span.line, item_span.column + len(name) + 1, len(raw)) if sep \
                    else item_span
                out.append(self._setting(service, doc, name.strip(), raw if sep else None,
                                         Span.at(item_span.line, item_span.column, len(name)), value_span))
        return out

    def _setting(self, service, doc, name, raw, key_span, value_span) -> Setting:
        key = service.key("environment", name)
        if raw is None:  # "- NAME" passes the deploy environment's value through
            return Setting(name, None, doc.rel, key_span, key_span, key, "compose", False, service.name)
        resolved = interpolate(raw, self.env)
        literal = not resolved.runtime and not resolved.from_env_file
        return Setting(name, None if resolved.runtime else resolved.text, doc.rel, value_span, key_span, key,
                       "compose", literal, service.name)


def is_base_name(name: str) -> bool:
    return name.lower() in _BASE_NAMES


def is_production_override(name: str) -> bool:
    stem = PurePosixPath(name).name
    for prefix in ("docker-compose", "compose"):
        if stem.lower().startswith(prefix):
            stem = stem[len(prefix):]
            break
    return bool(_PROD_OVERRIDE.search(stem.rsplit(".", 1)[0]))
