"""The nginx model: every nginx file of the repository joined the way nginx joins them.

A repository's nginx files are rarely whole configurations: there is an ``nginx.conf``
that includes ``conf.d/*.conf``, a ``conf.d`` file of ``server {}`` blocks that the
official image loads inside its own ``http {}``, ``snippets/*.conf`` pulled into a
server. Rules ask this model, never re-derive it:

- ``include`` is followed (globs too) inside the repository only, relative to the
  including file, to the configuration root, and through the usual absolute prefixes
  (``/etc/nginx/conf.d/*.conf`` in ``nginx/nginx.conf`` is ``nginx/conf.d/*.conf``).
- every file not included by another is the root of a :class:`Tree` whose top level is
  in the context the file implies: ``main`` (it has ``http {}``/``events {}``), ``http``
  (a ``conf.d`` file of servers, as the official image loads it), ``server`` (a snippet
  that starts with ``location``/``listen``) or ``fragment`` (anything else: only checks
  that need no context apply).
- a ``conf.d`` file nobody includes, beside or below an ``nginx.conf`` with one ``http {}``, is
  judged inside that block (its settings are inherited); with files passed explicitly, the
  ``nginx.conf`` files above them are read from disk so the verdict matches a full run.
- ``nginx -T`` output committed as one file is split back into its ``# configuration file``
  parts, which its includes name.
- directives keep the file and line they are written at, so a finding is reported once,
  where it is written, whichever tree reached it (:class:`Emitter`).
- hostile input is bounded: include chains, nesting and the size of an expanded tree are capped,
  and nothing outside the repository root is read.
- inheritance: :func:`headers` gives the effective ``add_header`` set of a block
  (a level with its own ``add_header`` drops every inherited one), :func:`inherited`
  the nearest level's directives of any array-like directive.

The model is computed once per project (:func:`nginx_model`).
"""
from __future__ import annotations

import fnmatch
import glob
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ..parsers.nginx import Directive
from ..lazyre import lazy

_MAIN_MARKERS = {"http", "events", "stream", "mail", "worker_processes", "user", "pid", "load_module",
                 "worker_rlimit_nofile", "daemon", "master_process", "worker_cpu_affinity", "env"}
_SERVER_MARKERS = {"location", "listen", "server_name"}
# Where nginx builds look for their configuration; an include under one of these is looked up
# relative to the directory of the repository's configuration root instead.
PREFIXES = ("/etc/nginx/", "/usr/local/nginx/conf/", "/usr/local/etc/nginx/", "/usr/local/openresty/nginx/conf/",
            "/etc/openresty/", "/opt/bitnami/nginx/conf/", "/opt/nginx/conf/", "/usr/share/nginx/conf/",
            "/config/nginx/", "/etc/nginx-templates/")
_DUMP_MARK = lazy(r"^# configuration file (\S+?):?\s*$", re.M)
_MAX_DEPTH = 16  # include chains
_MAX_NESTING = 250  # blocks, across included files
_MAX_NODES = 20_000  # directives in one expanded tree: includes of includes can multiply
BLOCK_LEVELS = ("http", "server", "location", "if", "limit_except")
_VAR = lazy(r"\$(?:\{(\w+)\}|(\w+))")


# ---- the tree ---------------------------------------------------------------------------------
@dataclass(slots=True)
class Tree:
    """A root nginx file with its includes expanded."""

    root: str  # rel path of the root file
    context: str  # "main" | "http" | "server" | "fragment"
    top: Directive  # synthetic block holding the expanded top level ("#main", "#http", ...)
    files: set[str] = field(default_factory=set)
    size: int = 0
    _nodes: list | None = field(default=None, repr=False)
    _index: dict | None = field(default=None, repr=False)
    _scopes: list | None = field(default=None, repr=False)

    @property
    def complete(self) -> bool:
        """Whether the levels above every directive are known (a full configuration or a conf.d file).

        A snippet nobody in the repository includes may inherit anything from where it is used, so
        checks for something missing skip it.
        """
        return self.context in ("main", "http")

    def walk(self):
        if self._nodes is None:
            self._nodes = [n for d in self.top.block or () for n in d.walk()]
        return iter(self._nodes)

    def find(self, name: str) -> list[Directive]:
        if self._index is None:
            self._index = {}
            for d in self.walk():
                self._index.setdefault(d.name, []).append(d)
        return list(self._index.get(name, ()))

    def http_scopes(self) -> list["HttpScope"]:
        """The http contexts of this tree: each ``http {}`` of a full configuration, or the file itself."""
        # asked by every rule for every file the tree holds; built once, like walk() (a tree is not changed
        # once built), so the scopes keep their servers and the servers their parsed listen lines
        if self._scopes is None:
            self._scopes = self._http_scopes()
        return list(self._scopes)

    def _http_scopes(self) -> list["HttpScope"]:
        if self.context == "main":
            return [HttpScope(d, d, virtual=False) for d in self.walk() if d.name == "http" and d.block is not None
                    and _top_level(d)]
        if self.context == "http":
            servers = [d for d in self.top.block or () if d.name == "server" and d.block is not None]
            anchor = servers[0] if servers else None
            return [HttpScope(self.top, anchor, virtual=True)] if anchor is not None else []
        return []

    def servers(self) -> list["Server"]:
        return [server for scope in self.http_scopes() for server in scope.servers()]


def _top_level(d: Directive) -> bool:
    return d.parent is not None and d.parent.name.startswith("#")


@dataclass(slots=True)
class HttpScope:
    """An http {} scope (or a conf.d file judged as inside one)."""

    block: Directive  # the http block (or the synthetic top of a conf.d file)
    anchor: Directive  # where a finding about the whole scope is reported
    virtual: bool  # a conf.d file judged as if inside the image's http {}
    _servers: list | None = field(default=None, repr=False, compare=False)

    def servers(self) -> list["Server"]:
        if self._servers is None:
            self._servers = [Server(d, self) for d in self.block.block or () if d.name == "server"
                             and d.block is not None and not _stream_like(d)]
        return list(self._servers)


def _stream_like(server: Directive) -> bool:
    """A ``stream {}`` server in a file of its own: proxy_pass at server level, or a UDP listener."""
    return bool(server.children("proxy_pass")) or any("udp" in [a.lower() for a in d.args]
                                                      for d in server.children("listen"))


@dataclass(slots=True)
class Listen:
    """One listen directive, read."""

    directive: Directive
    address: str
    port: int | None
    ssl: bool
    quic: bool

    @property
    def local_only(self) -> bool:
        return self.address in ("127.0.0.1", "localhost", "[::1]", "::1") or self.address.startswith("unix:")


@dataclass(slots=True)
class Server:
    """A server {} block and the http scope it is in."""

    node: Directive
    scope: HttpScope | None = None
    _listens: list | None = field(default=None, repr=False, compare=False)

    @property
    def listens(self) -> list[Listen]:
        if self._listens is None:
            self._listens = [parse_listen(d) for d in self.node.children("listen") if d.args]
        return list(self._listens)

    @property
    def names(self) -> list[str]:
        return [a for d in self.node.children("server_name") for a in d.args]

    @property
    def tls(self) -> bool:
        listens = self.listens
        if any(lst.ssl or lst.quic for lst in listens):
            return True
        if value(self.node, "ssl") in ("on",):
            return True
        return any(lst.port == 443 for lst in listens) and inherited(self.node, "ssl_certificate") != []

    @property
    def plain_ports(self) -> list[int | None]:
        listens = self.listens
        if not listens:
            return [80]
        return [lst.port for lst in listens if not lst.ssl and not lst.quic]

    @property
    def local_only(self) -> bool:
        listens = self.listens
        return bool(listens) and all(lst.local_only for lst in listens)

    @property
    def key(self) -> str:
        names = [n for n in self.names if n not in ("_", '""', "")]
        ports = sorted({str(lst.port) for lst in self.listens if lst.port is not None}) or ["80"]
        return f"server[{names[0] if names else '_'}:{','.join(ports)}]"

    def locations(self) -> list[Directive]:
        return [d for d in self.node.walk() if d.name == "location" and d.block is not None]

    def blocks(self) -> list[Directive]:
        """The server and every nested block (location, if, limit_except)."""
        return [d for d in self.node.walk() if d.block is not None and d.name in BLOCK_LEVELS]


def parse_listen(d: Directive) -> Listen:
    first = d.args[0]
    params = {a.lower() for a in d.args[1:]}
    address, port = "*", None
    if first.startswith("unix:"):
        address = first
    elif first.startswith("["):
        address, _, rest = first.partition("]")
        address += "]"
        port = _int(rest.lstrip(":")) if rest else 80
    elif ":" in first:
        address, _, p = first.rpartition(":")
        port = _int(p)
    elif first.isdigit():
        port = int(first)
    elif "$" not in first:
        address, port = first, 80
    return Listen(d, address, port, "ssl" in params or "http3" in params, "quic" in params)


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


# ---- inheritance --------------------------------------------------------------------------------
def levels(node: Directive):
    """``node`` if it is a block, then every enclosing block up to the tree's top."""
    cur = node if node.block is not None else node.parent
    while cur is not None:
        yield cur
        cur = cur.parent


def inherited(block: Directive, name: str) -> list[Directive]:
    """The directives ``name`` in effect at ``block``: those of the nearest level that has any."""
    for level in levels(block):
        found = level.children(name)
        if found:
            return found
    return []


def value(block: Directive, name: str) -> str | None:
    """The effective single value of a directive (its first argument, lower-cased), or None."""
    found = inherited(block, name)
    if not found or not found[-1].args:
        return None
    return found[-1].args[0].lower()


@dataclass(slots=True)
class Header:
    """A header an add_header (or more_set_headers) directive sets."""

    name: str
    value: str
    directive: Directive
    always: bool


def own_headers(block: Directive) -> list[Header]:
    """The headers ``block``'s own add_header lines set (computed once per block; do not change the list)."""
    return _memo(block, "own_headers", _own_headers)


def _own_headers(block: Directive) -> list[Header]:
    out = []
    for d in block.children("add_header"):
        if len(d.args) >= 2:
            out.append(Header(d.args[0], d.args[1], d, len(d.args) > 2 and d.args[2].lower() == "always"))
    return out


def _inherit_mode(block: Directive) -> str:
    mode = block.children("add_header_inherit")
    return mode[-1].args[0].lower() if mode and mode[-1].args else "off"


def _memo(node: Directive, name: str, compute):
    """``compute(node)``, computed once per node: a tree does not change once built, and every rule asks
    the same questions of every server for every file the tree holds."""
    memo = node._memo
    if memo is None:
        memo = node._memo = {}
    if name not in memo:
        memo[name] = compute(node)
    return memo[name]


def headers(block: Directive) -> Mapping[str, Header]:
    """Effective response headers at ``block`` (lower-cased name -> Header, read-only); see :func:`_headers`.

    Shared, not copied: a copy per server of an http block's n headers cost n x servers."""
    return MappingProxyType(_memo(block, "headers", _headers))


def _adds_no_header(block: Directive) -> bool:
    return not (own_headers(block) or block.children("more_set_headers") or block.children("security_headers"))


def _headers(block: Directive) -> dict[str, Header]:
    """Effective response headers at ``block`` (lower-cased name -> Header).

    ``add_header`` follows nginx's rule: a level with its own add_header drops every inherited
    one (unless ``add_header_inherit on|merge``, nginx 1.29.3). ``more_set_headers`` (headers-more)
    and ``security_headers on`` add to whatever is in effect.
    """
    if block.parent is not None and _adds_no_header(block):
        # a level that sets no header of its own sends what its parent sends: the parent's answer, shared
        # (recomputing it walked every header above for every server and location)
        return _memo(block.parent, "headers", _headers)
    out: dict[str, Header] = {}
    chain = list(levels(block))
    for level in chain:
        own = own_headers(level)
        if own:
            for h in reversed(own):
                out.setdefault(h.name.lower(), h)
            if _inherit_mode(level) not in ("on", "merge"):
                break
    for level in chain:
        for d in level.children("more_set_headers"):
            for arg in d.args:
                if ":" in arg and not arg.startswith("-"):
                    hname, _, hval = arg.partition(":")
                    out.setdefault(hname.strip().lower(), Header(hname.strip(), hval.strip(), d, True))
        flag = level.children("security_headers")
        if flag and flag[-1].args and flag[-1].args[0].lower() == "on":
            for hname, hval in (("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
                                ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "SAMEORIGIN"),
                                ("Referrer-Policy", "strict-origin-when-cross-origin")):
                out.setdefault(hname.lower(), Header(hname, hval, flag[-1], True))
    return out


def dropped_headers(block: Directive) -> list[Header]:
    """Headers in effect above ``block`` that its own ``add_header`` silently drops."""
    if not dropped_headers_apply(block):
        return []
    above = headers(block.parent)
    mine = {h.name.lower() for h in own_headers(block)}
    return [h for name, h in above.items() if name not in mine and h.directive.name == "add_header"]


def dropped_header_names(block: Directive, shown: int) -> tuple[list[str], int]:
    """The first ``shown`` names (case-insensitive order) of :func:`dropped_headers`, and how many there are.

    Costs what ``block`` writes, not what is above it: the names above are sorted once per parent block, so
    a server of n add_header lines and m locations with their own is n + m, not n x m."""
    if not dropped_headers_apply(block):
        return [], 0
    above = _memo(block.parent, "add_header_names", _add_header_names)
    mine = {h.name.lower() for h in own_headers(block)}
    names = []
    for lower, name in above:
        if len(names) >= shown:
            break
        if lower not in mine:
            names.append(name)
    total = len(above) - sum(1 for lower in mine if lower in _memo(block.parent, "add_header_set", _add_header_set))
    return names, total


def dropped_headers_apply(block: Directive) -> bool:
    """Whether ``block`` drops the headers above it: it has add_header lines of its own, does not inherit, and is
    no CORS preflight answer (no content for the dropped headers to protect)."""
    if not own_headers(block) or _inherit_mode(block) in ("on", "merge") or block.parent is None:
        return False
    return not (block.name == "if" and any("OPTIONS" in a.upper() for a in block.args))


def _add_header_names(parent: Directive) -> list[tuple[str, str]]:
    """(lower-cased, as written) names of the add_header headers in effect at ``parent``, sorted."""
    found = [(name, h.name) for name, h in headers(parent).items() if h.directive.name == "add_header"]
    return sorted(found, key=lambda pair: pair[1].lower())


def _add_header_set(parent: Directive) -> frozenset[str]:
    return frozenset(lower for lower, _ in _memo(parent, "add_header_names", _add_header_names))


def is_internal(block: Directive) -> bool:
    return any(level.children("internal") for level in levels(block) if level.name == "location")


_EXTERNAL_FLAGS = {"break", "redirect", "permanent"}  # stay in the location, or answer the client


def rewrite_into_any_location(block: Directive, tree: "Tree") -> Directive | None:
    """A ``rewrite`` of ``block``'s server that lets a request pick the whole new path and searches the
    locations again (no flag, or ``last``): ``rewrite ^/(.*)/some$ /$1/ last;``. nginx serves rewritten
    requests from ``internal`` locations too, so such a rewrite makes every internal location reachable
    from outside (gixy's ssrf documentation). The replacement must start, after at most a ``/``, with a
    capture whose class admits ``/`` or a request variable (``$arg_*``, ``$http_*``, ``$cookie_*``); a fixed
    prefix (``/app/$1``) keeps the request under that prefix and is not judged, and so is a rewrite inside an
    internal location. Outside any server (a snippet a server includes) the whole tree is the server's body."""
    from .nginx_regex import capture
    server = next((lv for lv in levels(block) if lv.name == "server"), None)
    for d in (server.walk() if server is not None else tree.walk()):
        if d.name != "rewrite" or len(d.args) < 2 or (len(d.args) > 2 and d.args[2] in _EXTERNAL_FLAGS):
            continue
        if d.parent is not None and is_internal(d.parent):
            continue  # itself reached only from inside
        target = d.args[1]
        if "://" in target or target.lower().startswith(("$scheme", "${scheme}")):
            continue  # an absolute URL is a redirect
        m = _VAR.match(target[1:] if target.startswith("/") else target)
        if m is None:
            continue
        name = (m.group(1) or m.group(2)).lower()
        if name.isdigit() or name in _named(d.args[0]):
            found = capture(d.args[0], name)
            if found is not None and found.can_hold("/"):
                return d
        elif name.startswith(USER_PREFIXES):
            return d
    return None


def location_key(block: Directive) -> str:
    """A fingerprint key for a block: its chain of server/location within the file it is written in."""
    parts = []
    for level in levels(block):
        if level.file != block.file or level.name.startswith("#"):
            break
        if level.name == "server":
            names = [a for d in level.children("server_name") for a in d.args if a != "_"]
            parts.append(f"server[{names[0] if names else '_'}]")
        elif level.name in ("location", "if", "limit_except"):
            parts.append(f"{level.name}[{' '.join(level.args)}]")
        elif level.name == "http":
            parts.append("http")
    return ".".join(reversed(parts)) or "top"


# ---- variables ----------------------------------------------------------------------------------
USER_PREFIXES = ("arg_", "http_", "cookie_")
USER_VARS = {"args", "query_string", "request_uri", "uri", "document_uri", "request_body", "request",
             "request_filename", "fastcgi_path_info", "request_line"}
PATH_VARS = {"request_uri", "uri", "document_uri"}  # always start with "/"
_NAMED_GROUP = lazy(r"\(\?(?:P?<|')([A-Za-z_]\w*)[>']")


def variables(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in _VAR.finditer(text)]


def user_controlled(name: str, block: Directive | None = None, tree: "Tree | None" = None,
                    _depth: int = 0) -> bool:
    """Whether a request can choose the value of ``$name`` at ``block``."""
    lname = name.lower()
    if lname.startswith(USER_PREFIXES) or lname in USER_VARS:
        return True
    if lname.isdigit():
        return block is None or int(lname) <= capture_count(block)
    if block is not None and lname in named_captures(block):
        return True
    if _depth > 6:
        return False
    if block is not None:
        for level in levels(block):
            for d in level.children("set"):
                if len(d.args) >= 2 and d.args[0].lstrip("$").lower() == lname:
                    return any(user_controlled(v, block, tree, _depth + 1) for v in variables(d.args[1]))
    if tree is not None:
        for m in tree.find("map"):
            if len(m.args) >= 2 and m.args[1].lstrip("$").lower() == lname:
                src_user = any(user_controlled(v, None, tree, _depth + 1) for v in variables(m.args[0]))
                for entry in m.block or ():
                    vals = entry.args[-1:] if entry.args else []
                    for v in vals:
                        names = variables(v)
                        if any(n.isdigit() or n in _named(entry.name) for n in names) and src_user:
                            return True
                        if any(user_controlled(n, None, tree, _depth + 1) for n in names):
                            return True
    return False


def _named(pattern: str) -> set[str]:
    return {n.lower() for n in _NAMED_GROUP.findall(pattern)}


def named_captures(block: Directive) -> set[str]:
    out: set[str] = set()
    for level in levels(block):
        if level.name in ("location", "if") or level.name == "server":
            for arg in level.args:
                out |= _named(arg)
            for d in level.children("rewrite"):
                if d.args:
                    out |= _named(d.args[0])
    return out


_GROUP = lazy(r"(?<!\\)\((?!\?)|\(\?P?<(?![=!])|\(\?'")


def capture_count(block: Directive) -> int:
    """The most capture groups any regex in scope at ``block`` has ($1..$n may hold request data)."""
    most = 0
    for level in levels(block):
        regexes = []
        if level.name == "location" and len(level.args) >= 2 and level.args[0] in ("~", "~*"):
            regexes.append(level.args[1])
        elif level.name == "if" and len(level.args) == 3 and "~" in level.args[1]:
            regexes.append(level.args[2])
        regexes += [d.args[0] for d in level.children("rewrite") if d.args]
        for r in regexes:
            most = max(most, len(_GROUP.findall(r)))
    return most


DECODED_VARS = {"uri", "document_uri"}  # nginx URL-decodes these: %0a becomes a line break


def regex_capture(name: str, block: Directive):
    """What ``$name`` (a number or a named group) holds at ``block``, from the nearest location or if regex
    that defines it; None when no regex in scope does. ``rewrite`` captures are left out: nginx escapes them."""
    from .nginx_regex import capture
    for level in levels(block):
        pattern = None
        if level.name == "location" and len(level.args) >= 2 and level.args[0] in ("~", "~*"):
            pattern = level.args[1]
        elif level.name == "if" and len(level.args) == 3 and "~" in level.args[1]:
            pattern = level.args[2]
        if pattern is not None:
            found = capture(pattern, name)
            if found is not None:
                return found
    return None


def uri_is_raw(block: Directive) -> bool:
    """``rewrite ^ $request_uri;`` in scope: ``$uri`` then holds the raw, still-encoded path (the documented
    way to pass it upstream unnormalised)."""
    return any(len(d.args) >= 2 and d.args[1].split("?")[0].lower() in ("$request_uri", "${request_uri}")
               for level in levels(block) for d in level.children("rewrite"))


def may_hold(name: str, block: Directive, ch: str, _depth: int = 0) -> bool:
    """Whether a request can put the character ``ch`` (a line break) into ``$name`` at ``block``:
    a decoded URI variable, a regex capture whose class admits it, or a ``set`` variable built from one."""
    lname = name.lower()
    if lname in DECODED_VARS:
        return not uri_is_raw(block)
    found = regex_capture(lname, block)
    if found is not None:
        return found.can_hold(ch)
    if _depth > 5:
        return False
    for level in levels(block):
        for d in reversed(level.children("set")):
            if len(d.args) >= 2 and d.args[0].lstrip("$").lower() == lname:
                return any(may_hold(v, block, ch, _depth + 1) for v in variables(d.args[1]))
        for m in level.children("map"):
            if len(m.args) >= 2 and m.args[1].lstrip("$").lower() == lname:
                return _map_may_hold(m, block, ch, _depth)
    return False


_MAP_PARAMETERS = {"hostnames", "volatile", "include"}


def _map_may_hold(m: Directive, block: Directive, ch: str, depth: int) -> bool:
    """Whether one of the values a ``map`` can give holds ``ch``: a value built from a variable that may
    (``$uri``, another map, a ``set``), or from a capture of the entry's own regex key whose class admits it."""
    from .nginx_regex import capture
    for entry in m.block or ():
        if entry.name in _MAP_PARAMETERS or not entry.args:
            continue
        key = entry.name
        pattern = key[2:] if key.startswith("~*") else key[1:] if key.startswith("~") else None
        for name in variables(entry.args[-1]):
            is_group = name.isdigit() or (pattern is not None and name.lower() in _named(pattern))
            if is_group:
                found = capture(pattern, name) if pattern is not None else None
                if found is not None and found.can_hold(ch):
                    return True
            elif may_hold(name, block, ch, depth + 1):
                return True
    return False


def expand_set(text: str, block: Directive, depth: int = 0) -> str:
    """``text`` with variables assigned by ``set`` in enclosing levels replaced by their values."""
    if depth > 5 or "$" not in text:
        return text

    def sub(m):
        name = (m.group(1) or m.group(2)).lower()
        for level in levels(block):
            for d in reversed(level.children("set")):
                if len(d.args) >= 2 and d.args[0].lstrip("$").lower() == name:
                    return expand_set(d.args[1], block, depth + 1)
        return m.group(0)

    return _VAR.sub(sub, text)


def host_part(url: str) -> str:
    """Scheme and host of a proxy_pass value; a path variable ends the host."""
    head, sep, rest = url.partition("://")
    if not sep:
        rest, head = url, ""
    out = head + sep
    i = 0
    while i < len(rest):
        if rest[i] == "/":
            break
        if rest[i] == "$":
            name = variables(rest[i:])[:1]
            if name and name[0].lower() in PATH_VARS:
                break
            length = len(name[0]) + 1 if name else 1
            if rest[i + 1:i + 2] == "{":
                length += 2
            out += rest[i:i + length]
            i += length
            continue
        out += rest[i]
        i += 1
    return out


def reflects_any_origin(value: str, tree: "Tree | None") -> bool:
    """Whether a header value echoes the caller's Origin for every caller: ``$http_origin`` itself,
    or a ``map $http_origin`` whose default (or a catch-all regex) gives ``$http_origin`` back."""
    names = [v.lower() for v in variables(value)]
    if value.strip().lower() not in ("$http_origin", "${http_origin}") and len(names) != 1:
        return False
    if names == ["http_origin"]:
        return True
    if tree is None or value.strip().lower() not in (f"${names[0]}", f"${{{names[0]}}}"):
        return False
    for m in tree.find("map"):
        if len(m.args) >= 2 and m.args[0].lower() == "$http_origin" and m.args[1].lstrip("$").lower() == names[0]:
            for entry in m.block or ():
                catch_all = entry.name == "default" or entry.name.lstrip("~*") in (".*", "^.*$", "^.*", ".+", "^.+$")
                if catch_all and entry.args and entry.args[-1].lower() in ("$http_origin", "${http_origin}"):
                    return True
    return False


# ---- reporting once, where it is written -------------------------------------------------------
class Emitter:
    """Yields a finding only for directives written in the file being checked, once per place."""

    def __init__(self, doc, ctx):
        self.doc = doc
        self.ctx = ctx
        self.seen: set = set()
        # while linter.model.nginx_groups runs a rule once for all the files of a tree, what the rule would
        # report in each file is recorded (file -> [(node, key, message, fmt)]) instead of reported
        project = getattr(ctx, "model", None)
        model = project.models.peek("nginx") if project is not None and hasattr(project, "models") else None
        self.recording: dict | None = model.recording if model is not None else None

    def reports(self, node: Directive) -> bool:
        """Whether a finding on ``node`` can reach the report of the file being checked: a rule that builds
        something costly for a finding (a fix) asks first, instead of building it for every file of a tree."""
        return self.recording is not None or node.file == self.doc.rel

    def __call__(self, node: Directive, key: str, message: str, **fmt):
        if self.recording is not None:
            ident = (node.file, node.line, node.column, key, message)
            if ident not in self.seen:
                self.seen.add(ident)
                self.recording.setdefault(node.file, []).append((node, key, message, fmt))
            return
        if node.file != self.doc.rel:
            return
        ident = (node.line, node.column, key, message)
        if ident in self.seen:
            return
        self.seen.add(ident)
        yield self.ctx.finding(node.span, key, message, **fmt)


# ---- building the model ---------------------------------------------------------------------------
class NginxModel:
    def __init__(self, project):
        self.project = project
        self.root = Path(project.root)
        self.trees: list[Tree] = []
        # full configurations by the folder holding them, in the order built: each conf.d file nobody
        # includes looks for one above it (_host_http), and scanning every tree for each was quadratic
        self._main_by_folder: dict[str, list[Tree]] = {}
        self._by_file: dict[str, list[Tree]] = {}
        self._docs: dict[str, object] = {}
        self._resolved: dict[tuple[str, str, str], list] = {}
        self._mounts: list[tuple[str, Path]] | None = None
        self._copies: list[tuple[str, str, str]] | None = None  # (Dockerfile, path in the image, source rel)
        self._dumps: dict[str, dict[str, tuple[int, int]]] = {}  # rel -> {path in the dump: (first, last line)}
        self.recording: dict | None = None  # see Emitter and linter.model.nginx_groups
        self.recorded: dict[tuple, dict | None] = {}  # (rule id, trees) -> file -> what the rule reports there
        self._build()

    # documents -----------------------------------------------------------------------------------
    def _doc(self, rel: str):
        if rel not in self._docs:
            doc = None
            file = self.project.by_rel.get(rel)
            try:
                if file is not None and file.kind == "nginx":
                    doc = self.project.document(file)
                else:
                    doc = self.project.load(self.root / rel, "nginx")
            except Exception as exc:  # parse errors are doc.problems: this is a parser bug
                self.project.failures.record("nginx", rel, exc)
                doc = None
            self._docs[rel] = doc
        return self._docs[rel]

    def _build(self):
        # a test or example configuration that includes a production snippet says nothing about production
        files = sorted(f.rel for f in self.project.files_of("nginx") if f.role == "production")
        files = sorted(set(files) | self._main_configs_above(files))
        for rel in files:
            self._note_dump(rel)
        included: dict[str, set[str]] = {}
        for rel in files:
            doc = self._doc(rel)
            if doc is None:
                continue
            for inc in [d for d in doc.walk() if d.name == "include"]:
                for target in self.resolve(inc, rel, rel):
                    if target[0] != rel:
                        included.setdefault(target[0], set()).add(rel)
        roots = [rel for rel in files if rel not in included]
        # full configurations first, so conf.d files nobody includes can be judged inside them
        roots.sort(key=lambda r: _context(self._doc(r).directives) != "main" if self._doc(r) is not None else True)
        covered: set[str] = set()
        for rel in roots:
            tree = self._tree(rel)
            if tree is not None:
                covered |= tree.files
        for rel in files:  # include cycles: judge what no root reached on its own
            if rel not in covered:
                tree = self._tree(rel)
                if tree is not None:
                    covered |= tree.files

    def _main_configs_above(self, files: list[str]) -> set[str]:
        """``nginx.conf`` files beside or above the given ones that were not discovered.

        With files passed explicitly (pre-commit) the configuration that includes a conf.d file is
        not among them; reading it from disk keeps the verdict the same as a whole-repository run.
        """
        found: set[str] = set()
        seen: set[Path] = set()
        for rel in files:
            for directory in list(Path(rel).parents):
                if directory in seen:
                    break
                seen.add(directory)
                candidate = (directory / "nginx.conf").as_posix()
                if candidate not in files and self.project.role(candidate) == "production" \
                        and (self.root / candidate).is_file() and self._doc(candidate) is not None:
                    found.add(candidate)
        return found

    def _tree(self, rel: str) -> Tree | None:
        doc = self._doc(rel)
        if doc is None:
            return None
        top_directives = list(doc.directives)
        parts = sorted(self._dumps.get(rel, {}).values())
        if parts:  # an nginx -T dump: its first part is the main file, the others are reached by include
            top_directives = [d for d in top_directives if d.line <= parts[0][1]]
        context = _context(top_directives)
        host = self._host_http(rel) if context == "http" else None
        top = Directive(f"#{context}", [], 1, 1, rel, block=[], parent=host)
        tree = Tree(rel, context, top, {rel})
        top.block = self._expand(top_directives, top, rel, rel, tree, [rel], None)
        self.trees.append(tree)
        if context == "main":
            self._main_by_folder.setdefault(posixpath.dirname(rel), []).append(tree)
        for f in tree.files:
            self._by_file.setdefault(f, []).append(tree)
        return tree

    def _host_http(self, rel: str) -> Directive | None:
        """The http block of the nearest full configuration above a conf.d file nobody includes.

        ``conf.d/.default.conf`` or ``templates/site.conf`` beside an ``nginx.conf`` are meant to be
        loaded by it; judging them inside its http block avoids asking again for what it already sets.
        """
        folder = posixpath.dirname(rel)
        while True:
            for tree in self._main_by_folder.get(folder, ()):
                blocks = [d for d in tree.top.block or () if d.name == "http" and d.block is not None]
                if len(blocks) == 1:
                    return blocks[0]
            if not folder:
                return None
            folder = posixpath.dirname(folder)

    def _expand(self, directives, parent, file_rel, root_rel, tree, stack, via) -> list[Directive]:
        out = []
        for d in directives:
            tree.size += 1
            if d.name == "include" and d.args and len(stack) < _MAX_DEPTH and tree.size < _MAX_NODES:
                copy = Directive(d.name, d.args, d.line, d.column, d.file, None, parent, via)
                out.append(copy)
                for target_rel, lo, hi in self.resolve(d, file_rel, root_rel):
                    if target_rel in stack and lo is None:
                        continue
                    doc = self._doc(target_rel)
                    if doc is None:
                        continue
                    tree.files.add(target_rel)
                    children = doc.directives if lo is None else [x for x in doc.directives if lo <= x.line <= hi]
                    out.extend(self._expand(children, parent, target_rel, root_rel, tree,
                                            stack + [target_rel], copy))
                continue
            copy = Directive(d.name, d.args, d.line, d.column, d.file, None, parent, via)
            if d.block is not None:
                # includes can stack nested files: keep the whole tree within what recursion can walk
                deep = sum(1 for _ in copy.ancestors()) > _MAX_NESTING
                copy.block = [] if deep else self._expand(d.block, copy, file_rel, root_rel, tree, stack, via)
            out.append(copy)
        return out

    # includes ------------------------------------------------------------------------------------
    def _note_dump(self, rel: str):
        """``nginx -T`` output kept in a repository: each ``# configuration file X:`` part is file X."""
        file = self.project.by_rel.get(rel)
        text = file.text if file is not None else ""
        marks = list(_DUMP_MARK.finditer(text or ""))
        if len(marks) < 2:
            return
        lines = [text.count("\n", 0, m.start()) + 1 for m in marks] + [text.count("\n") + 2]
        parts = self._dumps.setdefault(rel, {})
        for m, lo, hi in zip(marks, lines, lines[1:]):
            parts[m.group(1)] = (lo, hi - 1)

    def resolve(self, inc: Directive, file_rel: str, root_rel: str) -> list[tuple[str, int | None, int | None]]:
        """Repository files an include names: (rel path, first line, last line) — lines for nginx -T parts."""
        key = (inc.args[0] if inc.args else "", file_rel, root_rel)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(key[0], file_rel, root_rel)
        return self._resolved[key]

    def _resolve(self, pattern: str, file_rel: str, root_rel: str) -> list[tuple[str, int | None, int | None]]:
        if not pattern or "$" in pattern:
            return []
        for owner in (file_rel, root_rel):
            if pattern in self._dumps.get(owner, {}):
                lo, hi = self._dumps[owner][pattern]
                return [(owner, lo, hi)]
        file_dir = (self.root / file_rel).parent
        root_dir = (self.root / root_rel).parent
        bases: list[Path] = []
        rests: list[str] = []
        if pattern.startswith("/"):
            mounted = self._through_mounts(pattern) or self._through_copies(pattern, file_rel, root_rel)
            if mounted:
                return mounted
            for prefix in PREFIXES:
                if pattern.startswith(prefix):
                    rests.append(pattern[len(prefix):])
                    break
            rests += _suffixes(pattern.lstrip("/"))[1:]
            bases = [root_dir, file_dir]
        else:
            rests = _suffixes(pattern)
            bases = [file_dir, root_dir]
        # nginx reads relative paths from its prefix directory: the parent of conf.d/, sites-enabled/, ...
        bases += [p for p in file_dir.parents if self.root in p.parents or p == self.root]
        # A shortened path must still name a directory or a file: "*" alone would include the whole folder.
        rests = [r for i, r in enumerate(rests) if i == 0 or not glob.has_magic(r.split("/", 1)[0])]
        # Debian's layout: the repository keeps sites-available/, the server links it into sites-enabled/
        widened = []
        for r in rests:
            widened.append(r)
            if r.startswith("sites-enabled/"):
                widened.append(r.replace("sites-enabled/", "sites-available/", 1))
        for rest in widened:
            for base in bases:
                hits = self._glob(base, rest)
                if hits:
                    return [(h, None, None) for h in hits]
        return []

    def _through_mounts(self, pattern: str) -> list[tuple[str, int | None, int | None]]:
        """An absolute include under a path a compose service bind-mounts from the repository."""
        if self._mounts is None:
            self._mounts = []
            try:
                for doc in (self.project.document(f) for f in self.project.files_of("compose")):
                    for service in self.project.compose_services(doc):
                        for mount in service.mounts():
                            if mount.type == "bind" and mount.source and mount.target \
                                    and mount.target.startswith("/"):
                                self._mounts.append((mount.target.rstrip("/"), Path(mount.source)))
            except Exception as exc:  # a bug in the compose model: no mounts to learn from
                self.project.failures.record("nginx", None, exc)
        for target, source in sorted(self._mounts, key=lambda m: -len(m[0])):
            if pattern == target and not glob.has_magic(pattern):
                hits = self._glob(source.parent, source.name)
            elif pattern.startswith(target + "/"):
                hits = self._glob(source, pattern[len(target) + 1:])
            else:
                continue
            if hits:
                return [(h, None, None) for h in hits]
        return []

    def _through_copies(self, pattern: str, file_rel: str, root_rel: str) -> list[tuple[str, int | None, int | None]]:
        """An absolute include of files the image that holds this configuration copies there: `COPY
        docker/nginx/default.conf /etc/nginx/conf.d/default.conf` beside `COPY docker/nginx/nginx.conf.template
        /etc/nginx/`, whose http block includes /etc/nginx/conf.d/*.conf. Only the COPY lines of a Dockerfile that
        copies the including file count: another image's files are not in this one."""
        copies = self._copy_lines()
        holders = {df for df, _, source in copies if source in (file_rel, root_rel)}
        if not holders:
            return []
        hits = sorted({source for df, target, source in copies if df in holders and source != file_rel
                       and (fnmatch.fnmatchcase(target, pattern) if glob.has_magic(pattern) else target == pattern)})
        return [(h, None, None) for h in hits[:200]]

    def _copy_lines(self) -> list[tuple[str, str, str]]:
        if self._copies is None:
            self._copies = []
            try:
                self._read_copies()
            except Exception as exc:  # a bug in reading COPY lines: no image paths to learn from
                self.project.failures.record("nginx", None, exc)
        return self._copies

    def _read_copies(self) -> None:
        from ..parsers.dockerfile import copy_sources
        for file in self.project.files_of("dockerfile"):
            doc = self.project.document(file)
            for ins in getattr(doc, "instructions", ()) or ():
                if ins.name not in ("COPY", "ADD") or "from" in ins.flags:
                    continue
                words = ins.exec_form if ins.exec_form is not None else ins.words()
                sources = copy_sources(doc, ins)
                if not words or not sources or not words[-1].startswith("/") or "$" in words[-1]:
                    continue
                dest = words[-1]
                into_folder = dest.endswith("/") or len(sources) > 1
                for source in sources:
                    if "$" in source or "://" in source or source.strip("./") == "":
                        continue
                    # the context is the Dockerfile's folder or the repository root (`docker build -f docker/x .`)
                    for base in (posixpath.dirname(file.rel), ""):
                        found = self._copied_files(posixpath.normpath(posixpath.join(base, source)))
                        if found:
                            break
                    for rel, inner in found:
                        if inner:
                            target = posixpath.join(dest, inner)
                        elif into_folder:
                            target = posixpath.join(dest, posixpath.basename(rel))
                        else:
                            target = dest
                        self._copies.append((file.rel, posixpath.normpath(target), rel))

    def _copied_files(self, path: str) -> list[tuple[str, str]]:
        """(rel, path under the copied folder or "") of the repository files a COPY source names."""
        if path.startswith("..") or path == ".":
            return []
        if glob.has_magic(path):
            return [(rel, "") for rel in self._glob(self.root, path)]
        if path in self.project.by_rel:
            return [(path, "")]
        prefix = path.rstrip("/") + "/"
        return [(rel, rel[len(prefix):]) for rel in sorted(self.project.by_rel) if rel.startswith(prefix)][:200]

    def _glob(self, base: Path, rest: str) -> list[str]:
        if not rest:
            return []
        target = base / rest
        if glob.has_magic(rest):
            paths = sorted(glob.glob(str(target)))
        else:
            paths = [str(target)] if target.is_file() else []
        out = []
        for p in paths[:200]:
            rel = self.project.rel(Path(p))
            if rel is None or rel.startswith("..") or not Path(p).is_file():
                continue
            try:
                real = Path(p).resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            if real != self.root and self.root not in real.parents:
                continue
            out.append(rel)
        return out

    # queries ---------------------------------------------------------------------------------------
    def trees_for(self, doc) -> list[Tree]:
        return self._by_file.get(doc.rel, [])

    def installed_at(self, rel: str) -> list[str]:
        """Where the repository's Dockerfiles copy this file in their images (`/etc/nginx/sites-available/default`)."""
        return sorted({target for _, target, source in self._copy_lines() if source == rel})

    def debian_http(self, tree: Tree) -> bool:
        """Whether a file of servers nobody in the repository includes is loaded by a Debian or Ubuntu nginx
        package: copied into /etc/nginx/sites-available/ or sites-enabled/ (the package's own nginx.conf
        includes sites-enabled/*), or kept in a folder of that name. That http block is the package's, which
        turns gzip on (and leaves server_tokens on), not the official image's."""
        if tree.context != "http":
            return False
        if re.search(r"(^|/)sites-(available|enabled)/", tree.root):
            return True
        return any(re.match(r"/etc/nginx/sites-(available|enabled)/", t) for t in self.installed_at(tree.root))


def _suffixes(path: str) -> list[str]:
    """``a/b/c.conf`` -> [``a/b/c.conf``, ``b/c.conf``, ``c.conf``]: includes written for another working dir."""
    parts = [p for p in path.split("/") if p and p != "."]
    return ["/".join(parts[i:]) for i in range(len(parts))]


def _context(directives: list[Directive]) -> str:
    names = {d.name for d in directives}
    if names & _MAIN_MARKERS:
        return "main"
    if any(d.name == "server" and d.block is not None for d in directives):
        return "http"
    if names & _SERVER_MARKERS:
        return "server"
    return "fragment"


def nginx_model(project) -> NginxModel:
    """The model of a project's nginx files, built on first use and kept on the project."""
    return project.models.get("nginx", lambda: NginxModel(project))


# ---- what a server does ---------------------------------------------------------------------------
PASS_DIRECTIVES = ("proxy_pass", "fastcgi_pass", "uwsgi_pass", "grpc_pass", "scgi_pass", "memcached_pass")
FILE_DIRECTIVES = ("root", "alias", "try_files", "index", "autoindex")
_REDIRECT_CODES = ("301", "302", "303", "307", "308")
_ACME = ("/.well-known/acme-challenge", "^~ /.well-known/acme-challenge", "/.well-known/")
STATIC_EXT = lazy(r"\b(css|js|mjs|png|jpe?g|gif|ico|svg|webp|avif|woff2?|ttf|otf|eot|map|mp4|webm)\b", re.I)
STATIC_PREFIX = lazy(r"^/(static|assets|_next/static|build|dist|media|img|images|fonts|css|js)(/|$)", re.I)


def https_redirect(d: Directive) -> bool:
    """A return/rewrite sending the client to an https:// URL."""
    args = d.args
    if d.name == "return":
        if len(args) >= 2 and args[0] in _REDIRECT_CODES:
            return args[1].lower().startswith("https://")
        return len(args) == 1 and args[0].lower().startswith("https://")
    if d.name == "rewrite":
        return len(args) >= 2 and args[1].lower().startswith("https://")
    return False


def _no_content(d: Directive) -> bool:
    """A return that answers with a redirect or an error rather than a body of its own."""
    if d.name != "return" or not d.args:
        return False
    code = d.args[0]
    return not code.isdigit() or not 200 <= int(code) < 300


def _fixed_answer(d: Directive) -> bool:
    """``return 200 "ok"``: a constant answer (a load balancer's health probe), not the site's content."""
    if d.name != "return" or not d.args or not d.args[0].isdigit() or not 200 <= int(d.args[0]) < 300:
        return False
    return len(d.args) == 1 or "$" not in d.args[1]


def redirect_only(server: Directive) -> bool:
    """A server that answers everything with a redirect or an error instead of content (ACME challenges
    and constant health-probe answers aside)."""
    return _memo(server, "redirect_only", _redirect_only)


def _redirect_only(server: Directive) -> bool:
    for d in server.children():
        if _no_content(d) or https_redirect(d):
            return True
        if d.name == "if" and any(https_redirect(x) for x in d.children()):
            return True
    locations = server.children("location")
    if not locations:
        return False
    for loc in locations:
        path = " ".join(loc.args)
        if any(path.startswith(p) for p in _ACME) or "acme-challenge" in path:
            continue
        # a constant answer in a location of its own is a probe; the catch-all's answer is the site
        probe = path != "/"
        if not any(_no_content(x) or https_redirect(x) or probe and _fixed_answer(x) for x in loc.children()):
            return False
    return True


def passes(block: Directive) -> list[Directive]:
    """proxy_pass and friends anywhere in a block."""
    return [d for d in block.walk() if d.name in PASS_DIRECTIVES]


def serves_files(block: Directive) -> bool:
    # the enclosing blocks are asked by name (their index): listing an http block's children for each of its
    # n servers cost n**2
    return any(d.name in FILE_DIRECTIVES for d in block.walk()) or \
        any(lvl.children(name) for lvl in levels(block) if lvl is not block for name in FILE_DIRECTIVES)


def serves_content(server: Directive) -> bool:
    """A server that answers with files or an application, not only redirects."""
    if redirect_only(server):
        return False
    return bool(passes(server)) or any(d.name in FILE_DIRECTIVES for d in server.walk())


def static_location(loc: Directive) -> bool:
    args = loc.args
    if not args:
        return False
    if args[0] in ("~", "~*"):
        return len(args) > 1 and bool(STATIC_EXT.search(args[1])) and not re.search(r"php|html?", args[1], re.I)
    if args[0] == "=":
        return False  # one file, often generated configuration that must not be cached
    path = args[-1]
    return bool(STATIC_PREFIX.match(path)) or bool(re.search(r"\.(ico|txt|png|svg|css|js)$", path))


def missing_in_scope(scope: HttpScope, has, servers: list["Server"], in_server=None) -> list[tuple[Directive, str]]:
    """Where a setting that belongs at http level is missing.

    ``has(level)`` says whether a level sets it itself; ``in_server(server)`` (default: ``has``)
    whether a server provides it. One place (the http block, or a conf.d file's first server) when
    neither the http context (nor the main configuration that adopts a conf.d file) nor any of
    ``servers`` has it; else each of ``servers`` that lacks it.
    """
    in_server = in_server or has
    if any(has(level) for level in levels(scope.block)) or not servers:
        return []
    lacking = [s for s in servers if not in_server(s.node)]
    if len(lacking) == len(servers):
        return [(scope.anchor, "scope")]
    return [(s.node, "server") for s in lacking]
