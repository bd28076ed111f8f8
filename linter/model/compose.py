"""docker compose as compose reads it: interpolation from the project's ``.env``, ``env_file``,
override files merged in ``-f`` order, ``extends`` and ``include:``, and each service's link to the
Dockerfile it builds.

Rules ask a :class:`Service` what compose would run (its merged keys, published ports, mounts,
command, which software it is) instead of re-reading the YAML themselves.
"""
from __future__ import annotations

import re
import shlex
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..api import Span
from .interpolate import Interpolated, interpolate
from .settings import Setting
from ..lazyre import lazy
from ..record import NamedTuple, Record

_BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_PROD_OVERRIDE = lazy(r"(^|[._-])(prod|production|prd|live|release|deploy)([._-]|$)", re.I)
_UNION_LISTS = {"ports", "expose", "external_links", "dns", "dns_search", "tmpfs", "cap_add", "cap_drop",
                "security_opt", "env_file", "networks", "extra_hosts", "devices", "profiles", "configs",
                "secrets", "depends_on"}
_MISSING = object()
_MAX_EXTENDS = 10  # a chain longer than this is a loop or a mistake; stop following it


class BuildRef(Record):
    """Where a service's image is built from: context, Dockerfile and target stage."""
    context: Path  # absolute
    dockerfile: Path  # absolute
    target: str | None
    span: Span

    __slots__ = _fields = ("context", "dockerfile", "target", "span")

    def __init__(self, context, dockerfile, target, span):
        self.context = context
        self.dockerfile = dockerfile
        self.target = target
        self.span = span


class Layer(Record):
    """A service's mapping in one of the compose files that define it."""
    doc: object  # YamlDocument
    node: dict  # the service's mapping in that file
    name: str | None  # the service's key in that file

    __slots__ = _fields = ("doc", "node", "name")

    def __init__(self, doc, node, name=None):
        self.doc = doc
        self.node = node
        self.name = name


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class PortMapping(NamedTuple):
    """One ``ports:`` entry. Ranges are inclusive; ``host`` is None when compose picks the host port."""
    host_ip: str | None
    host: tuple[int, int] | None
    container: tuple[int, int] | None
    protocol: str
    path: str
    span: Span
    ip_known: bool = True  # False when the host IP is a variable nobody sets

    @property
    def all_interfaces(self) -> bool:
        """Published on every host interface (no host IP, 0.0.0.0 or ::)."""
        return self.ip_known and (self.host_ip or "").strip("[]") in ("", "0.0.0.0", "::", "*")

    def host_ports(self) -> range:
        return range(self.host[0], self.host[1] + 1) if self.host else range(0)

    def container_ports(self) -> range:
        return range(self.container[0], self.container[1] + 1) if self.container else range(0)


class Mount(NamedTuple):
    """One ``volumes:`` entry of a service."""
    type: str  # "bind" | "volume" | "anonymous" | "tmpfs" | "npipe" | "image" | "unknown"
    source: str | None  # host path (bind, resolved against the compose file's directory) or volume name
    target: str | None
    read_only: bool
    propagation: str | None
    path: str
    span: Span
    written_source: str | None = None  # the source as written (after interpolation)
    options_span: Span | None = None  # where the propagation is written, for long syntax


_REQUIREPASS = re.compile(r"(?:^|\s|--)requirepass[ \t=]+(\S+)")
_STACK_CONFIG = "/redis-stack.conf"
_REDIS_SERVERS = frozenset({"redis-server", "redis-stack-server", "valkey-server", "keydb-server", "dragonfly"})
_REDIS_CLIENTS = frozenset({"redis-cli", "valkey-cli", "keydb-cli"})


class RedisSetup(Record):
    """How a redis service is configured from compose: ``redis-server`` options given on its command
    line (``--requirepass x`` -> {"requirepass": ["x"]}), the config file it loads, its environment."""
    options: dict[str, list[str]]
    config_file: str | None  # container path of a redis.conf given to redis-server
    config_doc: object | None  # that file parsed, when a bind mount maps it to a file of the repository
    command_written: bool
    official: bool  # an image that ignores REDIS_PASSWORD-style variables (redis, valkey, keydb)
    client_only: bool  # the command runs redis-cli (a job creating a cluster, a probe), no server

    __slots__ = _fields = ("options", "config_file", "config_doc", "command_written", "official", "client_only")

    def __init__(self, options, config_file, config_doc, command_written, official, client_only=False):
        self.options = options
        self.config_file = config_file
        self.config_doc = config_doc
        self.command_written = command_written
        self.official = official
        self.client_only = client_only

    def option(self, name: str) -> list[str] | None:
        return self.options.get(name.lower())


LIMITS_PATH = ("deploy", "resources", "limits")


class ResourceLimits(NamedTuple):
    """Which limits a service sets, in ``deploy.resources.limits`` or the older service keys (``mem_limit``,
    ``cpus``, ``cpu_quota``, ``cpuset``, ``pids_limit``); 0, -1 and empty values set none."""
    memory: bool
    cpus: bool
    pids: bool


def _limit_set(value) -> bool:
    return value is not None and str(value).strip() not in ("", "0", "-1")


class HostPathVolume(NamedTuple):
    """A top-level named volume whose driver options point it at a host directory."""
    name: str
    host_path: str
    path: str
    span: Span


# Which software an image is: (family, category). Matched on the image's repository name without
# registry and tag; the last path component is tried too, so mirrors and vendors' copies match.
_FAMILIES: tuple[tuple[str, str, str], ...] = (
    (r"postgres(ql)?|postgis|timescaledb(-ha)?|pgvector|supabase/postgres", "postgres", "database"),
    (r"mysql(-server)?|percona(-server)?", "mysql", "database"),
    (r"mariadb", "mariadb", "database"),
    (r"mongo(db)?(-community-server)?", "mongo", "database"),
    (r"mssql/server|mssql-server.*|azure-sql-edge|mssql", "mssql", "database"),
    (r"cassandra|scylla(db)?", "cassandra", "database"),
    (r"couchdb|couchbase(-server)?", "couchdb", "database"),
    (r"influxdb", "influxdb", "database"),
    (r"clickhouse(-server)?", "clickhouse", "database"),
    (r"neo4j", "neo4j", "database"),
    (r"cockroach(db)?", "cockroachdb", "database"),
    (r"arangodb", "arangodb", "database"),
    (r"rethinkdb", "rethinkdb", "database"),
    (r"oracle-xe|oracle-free|database/enterprise", "oracle", "database"),
    (r"redis(-stack(-server)?)?|redis/redis-stack(-server)?", "redis", "cache"),
    (r"valkey", "redis", "cache"),
    (r"keydb", "redis", "cache"),
    (r"dragonfly(db)?", "redis", "cache"),
    (r"memcached", "memcached", "cache"),
    (r"elasticsearch|opensearch", "elasticsearch", "search"),
    (r"solr", "solr", "search"),
    (r"rabbitmq", "rabbitmq", "broker"),
    (r"cp-kafka|kafka", "kafka", "broker"),
    (r"cp-zookeeper|zookeeper", "zookeeper", "broker"),
    (r"nats(-streaming)?", "nats", "broker"),
    (r"activemq(-artemis)?|artemis", "activemq", "broker"),
    (r"beanstalkd", "beanstalkd", "broker"),
    # mail servers built on Postfix, whose `postdrop` is setgid by design (local submission needs the gain)
    (r"docker-mailserver|postfix(-mailcow)?", "postfix", "mail"),
    (r"adminer", "adminer", "admin"),
    (r"phpmyadmin", "phpmyadmin", "admin"),
    (r"pgadmin4?", "pgadmin", "admin"),
    (r"mongo-express", "mongo-express", "admin"),
    (r"redis-commander|redisinsight|redis-insight", "redis-admin", "admin"),
    # the edge: reverse proxies and web servers that front the other services
    (r"nginx(-unprivileged)?|openresty|nginx-proxy(-manager)?", "nginx", "proxy"),
    (r"traefik", "traefik", "proxy"),
    (r"caddy", "caddy", "proxy"),
    (r"haproxy", "haproxy", "proxy"),
    (r"envoy", "envoy", "proxy"),
    (r"httpd|apache2?", "httpd", "proxy"),
)
# One alternation, compiled on first use: the first alternative that matches is the first family listed.
_FAMILY_RE = lazy("^(?:" + "|".join(f"(?P<f{i}>{pattern})" for i, (pattern, _, _) in enumerate(_FAMILIES)) + ")$")
# Service names that say what the service is when its image does not (a built or private image).
_NAME_FAMILIES = {"postgres": "postgres", "postgresql": "postgres", "pg": "postgres", "mysql": "mysql",
                  "mariadb": "mariadb", "mongo": "mongo", "mongodb": "mongo", "mssql": "mssql",
                  "sqlserver": "mssql", "redis": "redis", "valkey": "redis", "memcached": "memcached",
                  "elasticsearch": "elasticsearch", "opensearch": "elasticsearch"}


def image_repository(image: str) -> str:
    """``registry:5000/org/name:tag@sha256:..`` -> ``org/name`` (lower case, no registry, tag or digest)."""
    ref = image.strip().lower().split("@", 1)[0]
    parts = ref.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    last = parts[-1].split(":", 1)[0] if parts else ""
    parts = parts[:-1] + [last]
    if parts[:1] == ["library"]:
        parts = parts[1:]
    return "/".join(parts)


def image_family(image: str | None) -> tuple[str, str] | None:
    """(family, category) of an image reference, e.g. ``bitnami/postgresql:16`` -> (postgres, database)."""
    if not image:
        return None
    repo = image_repository(image)
    if "$" in repo:
        return None  # the repository comes from the deployment; a variable tag (`redis:${REDIS_VERSION}`) does not hide it
    found = [m.lastgroup for m in map(_FAMILY_RE.match, (repo, repo.rsplit("/", 1)[-1])) if m is not None]
    if not found:
        return None
    _, family, category = _FAMILIES[min(int(group[1:]) for group in found)]
    return family, category


class Service(Record):
    """A service as compose merges it from its layers (base file first, overrides after)."""
    name: str
    layers: list[Layer]
    config: "ComposeConfig"
    read_whole: bool  # the base file is part of what was read

    _fields = ("name", "layers", "config", "read_whole")

    def __init__(self, name, layers, config, read_whole=True):
        self.name = name
        self.layers = layers
        self.config = config
        self.read_whole = read_whole
        self.anchor = layers[0]  # where the service is defined; extends may put layers before it

    @property
    def complete(self) -> bool:
        """Everything that defines this service was read, so a missing key is really missing: the base
        file is part of the configuration, and the service says what it runs (``image``, ``build`` or
        ``extends``). A service with none of them is a fragment of an override file whose base is
        elsewhere (``docker-compose.staging.yml`` next to the real definition)."""
        return self.read_whole and any(self.has(k) for k in ("image", "build", "extends"))

    @property
    def definition(self) -> Layer:
        return self.anchor

    @property
    def path(self) -> str:
        return self.definition.doc.rel

    @property
    def span(self) -> Span:
        return self.config.service_key_span(self.definition)

    def key(self, *parts: str) -> str:
        return ".".join(("services", self.name) + parts)

    def has(self, name: str) -> bool:
        """The key is written in some layer (and not cleared by a later ``!reset``)."""
        return self.get(name, _MISSING) is not _MISSING

    def get(self, name: str, default=None):
        value = default
        found = False
        for layer in self.layers:
            if isinstance(layer.node, dict) and name in layer.node:
                written = layer.node[name]
                tag = _value_tag(layer, name)
                if tag == "!reset":
                    value, found = default, False
                    continue
                value = _merge(value, written, name) if found and tag != "!override" else written
                found = True
        return value

    def where(self, name: str) -> tuple[str, Span]:
        """File and position of the key as last written (the layer whose value wins)."""
        for layer in reversed(self.layers):
            if isinstance(layer.node, dict) and name in layer.node:
                return layer.doc.rel, layer.doc.key_span(layer.node, name)
        return self.path, self.span

    def where_nested(self, *keys: str) -> tuple[str, Span, tuple[str, ...]]:
        """The deepest of ``keys`` (a path such as deploy, resources, limits) that is written, as
        (file, position, the keys found). Nothing written: the service key and ()."""
        best = (self.path, self.span, ())
        for layer in self.layers:
            node, found = layer.node, ()
            span = None
            for k in keys:
                if not isinstance(node, dict) or k not in node:
                    break
                span = layer.doc.key_span(node, k)
                node, found = node[k], found + (k,)
            if found and len(found) >= len(best[2]):
                best = (layer.doc.rel, span, found)
        return best

    def layer_of(self, name: str) -> Layer | None:
        for layer in reversed(self.layers):
            if isinstance(layer.node, dict) and name in layer.node:
                return layer
        return None

    def resolve(self, value) -> Interpolated:
        return interpolate(str(value), self.config.env)

    # image and build are asked for every pair of services by some rules (shared volumes, the images other
    # services build); the layers are complete once the configuration is built, so each is computed once.
    @cached_property
    def image(self) -> str | None:
        image = self.get("image")
        return self.resolve(image).text if isinstance(image, str) else None

    @cached_property
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
            if _value_tag(layer, "environment") in ("!reset", "!override"):
                settings = {k: v for k, v in settings.items() if v.origin != "compose"}
            for setting in self.config.environment_settings(self, layer, env):
                settings[setting.name] = setting
        return list(settings.values())

    def env_file_absent(self) -> bool:
        """Whether the service loads an env_file the repository does not hold (`env/db.env`, written by the
        deployer from its `.example`): the variables it sets are unknown, so an absent one may be set there."""
        return self.config.env_file_absent(self)

    def env_value(self, name: str) -> Setting | None:
        for setting in self.environment():
            if setting.name == name:
                return setting
        return None

    # ---- what the service runs ----------------------------------------------------------------
    @property
    def family(self) -> tuple[str, str] | None:
        """(family, category) of the software the service runs: from its image, else from the base
        image of the Dockerfile it builds, else from a service name such as ``postgres`` or ``redis``."""
        if not hasattr(self, "_family"):
            self._family = self._find_family()
        return self._family

    def _find_family(self):
        found = image_family(self.image)
        if found is None and self.build is not None:
            found = image_family(self.base_image())
        if found is None and (self.image is None or self.build is not None or "/" in (self.image or "")):
            family = _NAME_FAMILIES.get(re.sub(r"[-_.]?\d+$", "", self.name.lower()))
            if family is not None:
                found = next((f, c) for _, f, c in _FAMILIES if f == family)
        return found

    def base_image(self) -> str | None:
        """The external image the shipped stage of the built Dockerfile starts from (stage aliases followed)."""
        linked = self.config.model.dockerfile_for(self)
        if linked is None:
            return None
        doc, stage = linked
        names = {s.name.lower(): s for s in doc.stages if s.name}
        for _ in range(len(doc.stages) + 1):
            parent = names.get(stage.base.lower())
            if parent is None or parent is stage:
                break
            stage = parent
        return interpolate(stage.base, _arg_defaults(doc)).text

    @property
    def profiles(self) -> frozenset[str]:
        """The compose profiles that start this service; empty when it always starts."""
        value = self.get("profiles")
        return frozenset(str(p) for p in value) if isinstance(value, list) else frozenset()

    def runs_with(self, other: "Service") -> bool:
        """Whether one ``docker compose up`` can start both: a service with no profiles always starts, two
        with profiles only when they share one (``hoppscotch-aio`` and the ``deprecated`` stack never do)."""
        mine, theirs = self.profiles, other.profiles
        return not mine or not theirs or bool(mine & theirs)

    def same_software(self, other: "Service") -> bool:
        """Both run the same program: the same image, or a build of the same Dockerfile (the web, worker and
        scheduler roles of one application)."""
        mine, theirs = self.build, other.build
        if mine is not None and theirs is not None:
            return mine.dockerfile == theirs.dockerfile
        if mine is None and theirs is None:
            return self.image is not None and self.image == other.image
        built, pulled = (self, other) if mine is not None else (other, self)
        return built.image is not None and built.image == pulled.image  # the image the build names

    def is_family(self, *families: str) -> bool:
        return self.family is not None and self.family[0] in families

    def is_category(self, *categories: str) -> bool:
        return self.family is not None and self.family[1] in categories

    def command_words(self, name: str = "command") -> list[str] | None:
        """``command`` or ``entrypoint`` as the argument list compose passes (a string is split the
        way compose splits it: shell quoting, no shell). None when not set."""
        value = self.get(name)
        if value is None:
            return None
        if isinstance(value, list):
            return [self.resolve(v).text for v in value if v is not None]
        text = self.resolve(value).text
        try:
            return shlex.split(text)
        except ValueError:
            return text.split()

    def process_words(self) -> list[str]:
        """entrypoint followed by command: what starts as PID 1 when both are set in compose."""
        return (self.command_words("entrypoint") or []) + (self.command_words("command") or [])

    def commands(self):
        """The commands compose starts (``linter.model.shell.Command``): entrypoint + command as one argv,
        plus the commands of an ``sh -c`` script in it. [] when compose sets neither."""
        from .shell import commands_of
        words = self.process_words()
        return commands_of(words) if words else []

    def scripts(self) -> list[tuple[str, list]]:
        """(rel, commands) of each shell script of the repository that the service's command runs
        (``/app/entrypoint.sh``, ``sh ./start.sh``, also after ``wait-for-it.sh db:5432 --``): the container path
        is mapped back through the service's bind mounts, or into its build context (``COPY . /app`` puts
        ``entrypoint.sh`` at ``/app/entrypoint.sh``). Scripts are read as text and split, never run."""
        from .shell import _SHELLS, split
        model = self.config.model
        out = []
        for cmd in self.commands()[:4]:
            words = [w.text for w in cmd.words]
            if cmd.name in _SHELLS:
                words = [w for w in words[1:] if not w.startswith("-")][:1]
            if not words or not words[0].endswith(".sh"):
                continue
            rel = self._script_rel(words[0])
            if rel is None or any(r == rel for r, _ in out):
                continue
            from ..files import read_head
            text = read_head(model.root / rel, model.root, 100_000)
            if text:
                out.append((rel, split(text)))
        return out

    def _script_rel(self, where: str) -> str | None:
        model = self.config.model
        candidates = []
        path = PurePosixPath(where)
        for mount in self.mounts():
            target = (mount.target or "").rstrip("/")
            if mount.type == "bind" and mount.source and target and path.is_absolute() and \
                    (str(path) == target or str(path).startswith(target + "/")):
                candidates.append(Path(mount.source) / str(path)[len(target):].lstrip("/"))
        build = self.build
        if build is not None:
            parts = [p for p in path.parts if p not in ("/", ".")]
            candidates += [build.context.joinpath(*parts[i:]) for i in range(len(parts)) if parts[i:]]
        for candidate in candidates:
            rel = model.rel(candidate)
            if rel is None or rel.startswith(".."):
                continue
            try:
                real = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            if real.is_file() and (real == model.root or model.root in real.parents):
                return rel
        return None

    def package_json(self):
        """The package.json of the code the service runs: in its build context, or in a directory
        bind-mounted at its ``working_dir``; None when neither is in the repository."""
        candidates = []
        build = self.build
        if build is not None:
            candidates.append(build.context / "package.json")
        workdir = self.get("working_dir")
        for mount in self.mounts():
            if mount.type == "bind" and mount.source and mount.source.startswith("/") and \
                    mount.target in (workdir, "/app", "/usr/src/app", "/home/node/app"):
                candidates.append(Path(mount.source) / "package.json")
        for path in candidates:
            doc = self.config.model.load(path, "package")
            if doc is not None:
                return doc
        return None

    def redis(self) -> RedisSetup:
        """The redis-server options and config file of a redis service (see :class:`RedisSetup`)."""
        options: dict[str, list[str]] = {}
        config_file = None
        words = [w.text for c in self.commands() for w in c.words]
        for i, word in enumerate(words):
            if word.startswith("--") and len(word) > 2:
                name, sep, value = word[2:].partition("=")
                values = [value] if sep else []
                j = i + 1
                while not sep and j < len(words) and not words[j].startswith("--"):
                    values.append(words[j])
                    j += 1
                options.setdefault(name.lower(), []).extend(values or [""])
            elif word.endswith(".conf") and config_file is None and i > 0:
                config_file = word
        args = _as_mapping(self.get("environment")).get("REDIS_ARGS")  # redis-stack passes these on
        if args:
            args = self.resolve(args).text
        else:  # or from an env_file the repository holds
            setting = self.env_value("REDIS_ARGS")
            args = setting.value if setting is not None else None
        for part in re.findall(r"--([\w-]+)\s+(\S+)", args or ""):
            options.setdefault(part[0].lower(), []).append(part[1])
        commands = self.commands()
        written = self.has("command") or self.has("entrypoint")
        if written and "requirepass" not in options:
            # a script of the repository the command runs starts the server: the password it writes into the
            # config or passes on (`echo "requirepass $REDIS_PASSWORD" >> node.conf`, `--requirepass "$P"`)
            for _, script in self.scripts():
                for word in (w.text for cmd in script for w in cmd.words):
                    found = _REQUIREPASS.search(word)
                    if found:
                        options.setdefault("requirepass", []).append(found.group(1))
        repo = image_repository(self.image) if self.image else ""
        if config_file is None and repo.startswith("redis/redis-stack") and \
                self._mounted_file(_STACK_CONFIG, "redis") is not None:
            config_file = _STACK_CONFIG  # redis-stack's entrypoint loads it when it is there
        names = {PurePosixPath(c.name).name for c in commands if c.name}
        client_only = written and bool(names & _REDIS_CLIENTS) and not names & _REDIS_SERVERS
        return RedisSetup(options, config_file, self._mounted_file(config_file, "redis") if config_file else None,
                          written, repo in ("redis", "valkey/valkey", "valkey", "eqalpha/keydb"), client_only)

    def _mounted_file(self, container_path: str, kind: str):
        """The repository file a bind mount puts at ``container_path`` (directly or through its folder)."""
        for mount in self.mounts():
            if mount.type != "bind" or not mount.source or not mount.target:
                continue
            target = mount.target.rstrip("/")
            if container_path == target:
                return self.config.model.load(Path(mount.source), kind)
            if container_path.startswith(target + "/"):
                return self.config.model.load(Path(mount.source) / container_path[len(target) + 1:], kind)
        return None

    def ports(self) -> list[PortMapping]:
        out: list[PortMapping] = []
        seen: set = set()
        for layer, seq, index in self.items("ports"):
            item = seq[index]
            mapping = self._port(layer, seq, index, item)
            if mapping is None:
                continue
            ident = (mapping.host_ip, mapping.host, mapping.container, mapping.protocol)
            if ident not in seen:
                seen.add(ident)
                out.append(mapping)
        return out

    def limits(self) -> ResourceLimits:
        node = self.get("deploy")
        for key in LIMITS_PATH[1:]:
            node = node.get(key) if isinstance(node, dict) else None
        limits = node if isinstance(node, dict) else {}
        return ResourceLimits(
            memory=_limit_set(limits.get("memory")) or _limit_set(self.get("mem_limit")),
            cpus=_limit_set(limits.get("cpus"))
            or any(_limit_set(self.get(k)) for k in ("cpus", "cpu_quota", "cpuset")),
            pids=_limit_set(limits.get("pids")) or _limit_set(self.get("pids_limit")))

    def mounts(self) -> list[Mount]:
        out: list[Mount] = []
        for layer, seq, index in self.items("volumes"):
            mount = self._mount(layer, seq, index, seq[index])
            if mount is not None:
                out.append(mount)
        return out

    def items(self, name: str):
        """(layer, sequence, index) of every entry of a list key, in merge order, reset-aware."""
        found = []
        for layer in self.layers:
            if not isinstance(layer.node, dict) or name not in layer.node:
                continue
            seq = layer.node[name]
            if _value_tag(layer, name) in ("!reset", "!override"):
                found = []
            if isinstance(seq, list):
                found.extend((layer, seq, i) for i in range(len(seq)))
        return found

    def _port(self, layer, seq, index, item) -> PortMapping | None:
        doc = layer.doc
        span = doc.item_span(seq, index)
        if isinstance(item, dict):
            target = _port_range(self.resolve(item.get("target", "")).text)
            published = item.get("published")
            host = _port_range(self.resolve(published).text) if published not in (None, "") else None
            ip = item.get("host_ip")
            resolved_ip = self.resolve(ip) if ip is not None else None
            return PortMapping(resolved_ip.text if resolved_ip else None, host, target,
                               str(item.get("protocol") or "tcp").lower(), doc.rel, span,
                               ip_known=not (resolved_ip and resolved_ip.runtime))
        if not isinstance(item, (str, int)):
            return None
        resolved = self.resolve(item)
        parsed = parse_port(resolved.text)
        if parsed is None:
            return None
        ip, host, container, protocol = parsed
        ip_known = not (resolved.runtime and ip is not None and "${" in ip)
        return PortMapping(ip, host, container, protocol, doc.rel, span, ip_known=ip_known)

    def _mount(self, layer, seq, index, item) -> Mount | None:
        doc = layer.doc
        span = doc.item_span(seq, index)
        base = Path(layer.doc.file.path).parent
        if isinstance(item, dict):
            source = item.get("source")
            source = self.resolve(source).text if source is not None else None
            # compose requires `type:` in the long syntax; without it a path (the docker socket, /tmp/foo) is no
            # named volume, and what the entry would be is unknown
            kind = str(item.get("type") or ("unknown" if _path_like(source) else "volume")).lower()
            bind = item.get("bind") if isinstance(item.get("bind"), dict) else {}
            propagation = bind.get("propagation")
            opt_span = None
            if propagation is not None:
                opt_span = doc.key_span(bind, "propagation")
            if kind == "volume" and source is None:
                kind = "anonymous"
            return Mount(kind, _host_path(base, source) if kind == "bind" and source else source,
                         _str(item.get("target")), bool(item.get("read_only")),
                         str(propagation).lower() if propagation is not None else None, doc.rel, span,
                         source, opt_span)
        if not isinstance(item, str):
            return None
        text = self.resolve(item).text
        parts = _split_volume(text)
        if len(parts) == 1:
            return Mount("anonymous", None, parts[0], False, None, doc.rel, span)
        source, target = parts[0], parts[1]
        options = parts[2].lower().split(",") if len(parts) > 2 else []
        propagation = next((o for o in options if o in _PROPAGATION), None)
        if _path_like(source):
            return Mount("bind", _host_path(base, source), target, "ro" in options, propagation, doc.rel, span,
                         source)
        return Mount("volume", source, target, "ro" in options, propagation, doc.rel, span, source)

    def depends_on(self) -> list[tuple[str, str | None, str, Span]]:
        """(service, condition, file, position) for every dependency; condition None for the list form
        (which means service_started)."""
        out = []
        for layer in self.layers:
            value = layer.node.get("depends_on") if isinstance(layer.node, dict) else None
            if isinstance(value, list):
                for i, name in enumerate(value):
                    out.append((str(name), None, layer.doc.rel, layer.doc.item_span(value, i)))
            elif isinstance(value, dict):
                for name, spec in value.items():
                    cond = spec.get("condition") if isinstance(spec, dict) else None
                    out.append((str(name), str(cond) if cond is not None else None, layer.doc.rel,
                                layer.doc.key_span(value, name)))
        merged: dict[str, tuple] = {}
        for entry in out:
            merged[entry[0]] = entry  # a later layer's entry for the same service wins
        return list(merged.values())


_PROPAGATION = ("shared", "rshared", "slave", "rslave", "private", "rprivate")


def _path_like(source: str | None) -> bool:
    return bool(source) and (source.startswith(("/", ".", "~", "$")) or bool(re.match(r"^[A-Za-z]:[\\/]", source)))


def one_shot_jobs(services) -> set[str]:
    """Names of the services that run to completion instead of serving: declared jobs
    (``deploy.mode: replicated-job``/``global-job``), services another one waits for with
    ``condition: service_completed_successfully`` (migrations, seeds), and once-per-deployment tasks told not to
    restart after a clean exit (``restart: on-failure`` on a ``migrations`` service). They need neither a health check
    nor a restart policy: restarting a finished migration would run it again and again."""
    jobs = set()
    for service in services:
        deploy = service.get("deploy")
        if isinstance(deploy, dict) and str(deploy.get("mode", "")).endswith("-job"):
            jobs.add(service.name)
        elif _finishing_task(service):
            jobs.add(service.name)
        for name, condition, _, _ in service.depends_on():
            if condition == "service_completed_successfully":
                jobs.add(name)
    return jobs


def data_containers(services) -> set[str]:
    """Names of the data-volume containers: services whose process does nothing and exits at once
    (``command: /bin/true``) and whose volumes other services take with ``volumes_from`` (the pattern of the
    Compose file formats 1 and 2, before named volumes), and of the services scaled to zero. They serve nothing
    and run nothing, so what the checklist asks of a running container (health checks, limits, log rotation,
    privileges) is not about them."""
    taken = set()
    for service in services:
        value = service.get("volumes_from")
        for item in value if isinstance(value, list) else ():
            name = str(item).split(":", 1)
            if name[0] not in ("container", "service") or len(name) == 1:
                taken.add(name[0].strip())
            else:  # `service:name[:ro]`, `container:name`
                taken.add(name[1].split(":", 1)[0].strip())
    return {service.name for service in services if service.name in taken and _does_nothing(service)} | \
        {service.name for service in services if _scaled_to_zero(service)}


def idle_reason(service) -> str:
    """Why a service of :func:`data_containers` starts no process, as a notice says it."""
    if _scaled_to_zero(service):
        return "deploy.replicas: 0 starts no container; `--scale` or `docker compose run` would"
    return "a data container whose command exits at once"


def _scaled_to_zero(service) -> bool:
    """`deploy: {replicas: 0}`: compose creates no container for the service (SurfSense's `sandbox-image`, there
    so that `docker compose pull` warms an image another service starts on demand). It runs nothing either."""
    deploy = service.get("deploy")
    replicas = deploy.get("replicas") if isinstance(deploy, dict) else None
    return replicas is not None and not isinstance(replicas, bool) and str(replicas).strip() == "0"


def _does_nothing(service) -> bool:
    """`/bin/true`, `:` or an `echo` (also under `sh -c`): the process exits as soon as it starts."""
    words = service.process_words()
    if len(words) == 3 and words[0].rsplit("/", 1)[-1] in ("sh", "bash", "ash") and words[1] == "-c":
        words = words[2].split()
    if not words:
        return False
    program = words[0].rsplit("/", 1)[-1]
    return program == "echo" or (program in ("true", ":") and len(words) == 1)


# a task that runs once per deployment, by the service's name or what its command runs
_TASK_WORDS = lazy(r"(?<![a-z])(migrat\w*|seed\w*|prestart|init(?:iali[sz]e)?|setup|upgrade|bootstrap"
                   r"|install(?:er)?)(?![a-z])", re.I)


def _finishing_task(service) -> bool:
    """A service told not to come back once it exits cleanly (`restart: "no"` or `on-failure`) whose name or
    command names a once-per-deployment task (`migrations` running `./prestart.sh`, `migrate`): it is
    meant to finish, as a declared job is."""
    restart = service.get("restart")
    restart = str(restart).strip().lower() if restart is not None else None
    if restart not in ("no", "false", "on-failure", "never") and not (restart or "").startswith("on-failure:"):
        return False
    words = [service.name] + (service.command_words() or []) + (service.command_words("entrypoint") or [])
    return any(_TASK_WORDS.search(re.sub(r"[-_./]+", " ", str(w))) for w in words[:32])


def _arg_defaults(doc) -> dict[str, str]:
    """Global ``ARG NAME=default`` values, so ``FROM postgres:${PG_VERSION}`` still names postgres."""
    out = {}
    for ins in doc.global_args:
        for name, value in ins.keyvalues():
            if value is not None:
                out[name] = value
    return out


def _str(value) -> str | None:
    return None if value is None else str(value)


def _host_path(base: Path, source: str) -> str:
    """An absolute host path as written, or a relative one resolved against the compose file."""
    if source.startswith(("/", "~", "$")) or re.match(r"^[A-Za-z]:[\\/]", source):
        return source
    import os
    return os.path.normpath(str(base / source))


def _split_volume(text: str) -> list[str]:
    """``SRC:DST[:OPTS]``; a Windows drive letter (``C:\\data``) is not a separator."""
    m = re.match(r"^([A-Za-z]:[\\/][^:]*)(?::(.*))?$", text)
    if m:
        rest = m.group(2)
        return [m.group(1)] + (rest.split(":", 1) if rest else [])
    return text.split(":", 2)


def _port_range(text: str) -> tuple[int, int] | None:
    text = text.strip()
    m = re.fullmatch(r"(\d{1,5})(?:-(\d{1,5}))?", text)
    if not m:
        return None
    low = int(m.group(1))
    high = int(m.group(2)) if m.group(2) else low
    return (low, high) if low <= high else (high, low)


def parse_port(text: str) -> tuple[str | None, tuple[int, int] | None, tuple[int, int] | None, str] | None:
    """compose's short port syntax ``[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]``
    -> (host IP, host range, container range, protocol). An empty host part means compose picks it."""
    text = str(text).strip()
    if not text:
        return None
    protocol = "tcp"
    if "/" in text:
        text, protocol = text.rsplit("/", 1)
        protocol = protocol.lower() or "tcp"
    ip = None
    if text.startswith("["):
        close = text.find("]")
        if close == -1 or text[close + 1:close + 2] != ":":
            return None
        ip, text = text[1:close], text[close + 2:]
        parts = text.split(":")
        if len(parts) == 1:
            parts = ["", parts[0]]
    else:
        parts = text.split(":")
        if len(parts) > 3:  # an unbracketed IPv6 address
            ip, parts = ":".join(parts[:-2]), parts[-2:]
        elif len(parts) == 3:
            ip, parts = parts[0], parts[1:]
    if len(parts) == 1:
        return ip, None, _port_range(parts[0]), protocol
    host, container = parts
    return ip, _port_range(host) if host else None, _port_range(container), protocol


def _value_tag(layer: Layer, name: str) -> str | None:
    """``!reset`` or ``!override`` when written on this key's value (compose's merge directives).

    The YAML loader drops unknown tags, so the source text at the value's position is read."""
    try:
        line, col = layer.node.lc.value(name)
    except (AttributeError, KeyError, TypeError):
        return None
    text = layer.doc.file.line_text(line + 1)[col:]
    for tag in ("!reset", "!override"):
        if text.startswith(tag):
            return tag
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
    if name == "depends_on" and isinstance(base, (list, dict)) and isinstance(override, (list, dict)):
        return {**_as_depends(base), **_as_depends(override)}
    return override


def _as_depends(value) -> dict:
    if isinstance(value, dict):
        return dict(value)
    return {str(v): {"condition": "service_started"} for v in value}


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
    parts = _split_volume(str(volume))
    return parts[1] if len(parts) > 1 else parts[0]


class ComposeConfig:
    """One application as ``docker compose -f base [-f override ...]`` would load it."""

    def __init__(self, model, directory: Path, docs: list, complete: bool, _seen: frozenset = frozenset()):
        self.model = model
        self.directory = directory
        self.docs = docs
        self.complete = complete
        self.env: dict[str, str] = model.dotenv_mapping(directory / ".env")
        self.services: dict[str, Service] = {}
        self.included: dict[str, Service] = {}  # services of include: files, known but not owned
        self._service_keys: dict[int, tuple] = {}  # see _service_keys
        for doc in docs:
            services = doc.root.get("services") if isinstance(doc.root, dict) else None
            if not isinstance(services, dict):
                continue
            for name, node in services.items():
                if not isinstance(node, dict):
                    node = {}
                name = str(name)
                layer = Layer(doc, node, name)
                if name in self.services:
                    self.services[name].layers.append(layer)
                else:
                    self.services[name] = Service(name, [layer], self, complete)
        for service in self.services.values():
            self._extend(service)
        seen = _seen | {d.rel for d in docs}
        for doc in docs:
            self._include(doc, seen)

    # ---- extends and include -----------------------------------------------------------------
    def _extend(self, service: Service) -> None:
        """Put the layers of the service named by ``extends`` before the service's own layers."""
        current, chain = service.anchor, []
        visited = {(current.doc.rel, service.name)}
        for _ in range(_MAX_EXTENDS):
            ext = current.node.get("extends") if isinstance(current.node, dict) else None
            if isinstance(ext, str):
                ext = {"service": ext}
            if not isinstance(ext, dict) or not isinstance(ext.get("service"), str):
                break
            doc = current.doc
            if isinstance(ext.get("file"), str):
                target = Path(current.doc.file.path).parent / interpolate(ext["file"], self.env).text
                doc = self.model.load(target, "compose")
                if doc is None or not isinstance(doc.root, dict):
                    break
            services = doc.root.get("services") if isinstance(doc.root, dict) else None
            node = services.get(ext["service"]) if isinstance(services, dict) else None
            if not isinstance(node, dict) or (doc.rel, ext["service"]) in visited:
                break
            visited.add((doc.rel, ext["service"]))
            current = Layer(doc, node, ext["service"])
            chain.insert(0, current)
        if chain:
            service.layers[:0] = chain

    def _include(self, doc, seen: frozenset) -> None:
        entries = doc.root.get("include") if isinstance(doc.root, dict) else None
        if not isinstance(entries, list):
            return
        base = Path(doc.file.path).parent
        for entry in entries:
            paths = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(paths, str):
                paths = [paths]
            if not isinstance(paths, list):
                continue
            loaded = []
            for p in paths:
                if not isinstance(p, str):
                    continue
                sub = self.model.load(base / interpolate(p, self.env).text, "compose")
                if sub is not None and isinstance(sub.root, dict) and sub.rel not in seen:
                    loaded.append(sub)
            if not loaded:
                continue
            directory = Path(loaded[0].file.path).parent
            sub_config = ComposeConfig(self.model, directory, loaded, True, seen | {d.rel for d in loaded})
            for name, svc in {**sub_config.included, **sub_config.services}.items():
                self.included.setdefault(name, svc)

    def peer(self, name: str) -> Service | None:
        """Another service of this application, defined here or in an included file."""
        return self.services.get(name) or self.included.get(name)

    def all_services(self) -> list[Service]:
        return list(self.services.values()) + [s for n, s in self.included.items() if n not in self.services]

    # ---- positions and environment -----------------------------------------------------------
    def service_key_span(self, layer: Layer) -> Span:
        services = layer.doc.root.get("services")
        by_node, by_name = _service_keys(services, self._service_keys)
        # the first key (in file order) holding this node or spelling this name
        found = [hit for hit in (by_node.get(id(layer.node)),
                                 by_name.get(layer.name) if layer.name is not None else None) if hit is not None]
        if found:
            return layer.doc.key_span(services, min(found, key=lambda hit: hit[0])[1])
        return layer.doc.node_span(layer.node)

    def env_file_absent(self, service: Service) -> bool:
        entries = service.get("env_file")
        for entry in entries if isinstance(entries, list) else [entries] if entries is not None else []:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if not isinstance(path, str) or (isinstance(entry, dict) and entry.get("required") in (False, "false")):
                continue
            layer = service.layer_of("env_file") or service.definition
            if self.model.env_document(Path(layer.doc.file.path).parent / interpolate(path, self.env).text) is None:
                return True
        return False

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
                # a quoted item ("- 'NODE_ENV=dev'") starts one column after its position
                quoted = doc.file.line_text(item_span.line)[item_span.column - 1:item_span.column] in ("'", '"')
                start = item_span.column + (1 if quoted else 0)
                value_span = Span.at(item_span.line, start + len(name) + 1, len(raw)) if sep else item_span
                out.append(self._setting(service, doc, name.strip(), raw if sep else None,
                                         Span.at(item_span.line, start, len(name)), value_span))
        return out

    def _setting(self, service, doc, name, raw, key_span, value_span) -> Setting:
        key = service.key("environment", name)
        if raw is None:  # "- NAME" passes the deploy environment's value through
            return Setting(name, None, doc.rel, key_span, key_span, key, "compose", False, service.name)
        resolved = interpolate(raw, self.env)
        literal = not resolved.runtime and not resolved.from_env_file
        return Setting(name, None if resolved.runtime else resolved.text, doc.rel, value_span, key_span, key,
                       "compose", literal, service.name)


def host_path_volumes(doc) -> list[HostPathVolume]:
    """Top-level volumes of one compose file whose driver options bind a host directory
    (``driver_opts: {o: bind, device: /path}`` or a ``mountpoint`` of a local-persist style driver)."""
    volumes = doc.root.get("volumes") if isinstance(doc.root, dict) else None
    out = []
    if not isinstance(volumes, dict):
        return out
    for name, spec in volumes.items():
        opts = spec.get("driver_opts") if isinstance(spec, dict) else None
        if not isinstance(opts, dict):
            continue
        for key in ("device", "mountpoint"):
            value = opts.get(key)
            if isinstance(value, str) and value.startswith("/"):
                if key == "device" and "bind" not in str(opts.get("o", "")).split(","):
                    continue
                out.append(HostPathVolume(str(name), value, doc.rel, doc.key_span(opts, key)))
    return out


def is_base_name(name: str) -> bool:
    return name.lower() in _BASE_NAMES


def is_production_override(name: str) -> bool:
    stem = PurePosixPath(name).name
    for prefix in ("docker-compose", "compose"):
        if stem.lower().startswith(prefix):
            stem = stem[len(prefix):]
            break
    return bool(_PROD_OVERRIDE.search(stem.rsplit(".", 1)[0]))



def _service_keys(services, cache: dict) -> tuple[dict, dict]:
    """(id of a service's node -> (position, key), str(key) -> (position, key)), first occurrence each.

    Asked once per service and setting: built once per ``services:`` mapping and kept by the config (with
    the mapping itself, so an id is never reused), so a compose file of n services costs O(n), not O(n^2)."""
    cached = cache.get(id(services))
    if cached is not None and cached[0] is services and cached[1] == len(services):
        return cached[2], cached[3]
    by_node: dict[int, tuple] = {}
    by_name: dict[str, tuple] = {}
    for position, key in enumerate(services):
        by_node.setdefault(id(services[key]), (position, key))
        by_name.setdefault(str(key), (position, key))
    cache[id(services)] = (services, len(services), by_node, by_name)
    return by_node, by_name
