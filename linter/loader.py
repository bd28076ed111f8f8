"""Load rule modules from folders: the built-ins are simply the first folder.

A rule module is a ``*.py`` file that defines ``META``; nothing registers itself
on import. ``META`` is validated against ``schemas/rule-metadata.schema.json`` and
the checklist catalog. The validated metadata and docs of a folder are kept in
an index in the user's cache, keyed by every rule file's size, time and inode and
by prodlint's version, so a run imports only the rules for the kinds it meets and
validates nothing that has not changed.

The index is data only: it says which listed file holds which metadata, and the
module imported for a rule is always the file of that name found in the folder
itself, never a path read from the cache. An index that does not name exactly the
folder's files, or is not sealed with the user's key (usercache), is rebuilt.
"""
from __future__ import annotations

import importlib.util
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from . import __version__
from .api import RuleMeta
from .digests import sha1_hex, sha256
from .errors import UsageError
from .lazyre import lazy
from .resources import builtin_rules_dir, load_json_schema, schema_path
from .usercache import read_json, write_json
from .record import Record

_NOT_A_RULE = "-"


class Rule(Record):
    """A loaded rule: its metadata now, its module imported on first use."""
    meta: RuleMeta
    path: Path
    package: str
    builtin: bool
    _doc: str | None
    _module: ModuleType | None
    _docs: "_FolderDocs | None"  # the folder's cached docs, read on first use

    _fields = ("meta", "path", "package", "builtin", "_doc", "_module", "_docs")

    def __init__(self, meta, path, package, builtin=True, _doc=None, _module=None, _docs=None):
        self.meta = meta
        self._path = path  # a Path, or the string a cached index gives (made a Path when asked: see _from_index)
        self.package = package
        self.builtin = builtin
        self._doc = _doc
        self._module = _module
        self._docs = _docs

    @property
    def path(self) -> Path:
        if isinstance(self._path, str):
            self._path = Path(self._path)
        return self._path

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def module(self) -> ModuleType:
        if self._module is None:
            self._module = _import(self._path, self.package)
        return self._module

    @property
    def messages(self) -> dict[str, str]:
        return getattr(self.module, "MESSAGES", None) or {}

    @property
    def doc(self) -> str:
        if self._doc is None:
            kept = self._docs.get(self._docs.rel(self.path)) if self._docs is not None else None
            self._doc = kept if kept is not None else (self.module.__doc__ or "").strip()
        return self._doc

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].strip() if self.doc else self.meta.name

    def check(self, doc, ctx):
        return self.module.check(doc, ctx)


class _FolderDocs:
    """A rule folder's docs, cached apart from its index: a check needs only the metadata (the docs are three
    quarters of the index, read and verified by every run), a report or `prodlint rules` the docs."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.key = key
        self._docs: dict | None = None

    def rel(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def get(self, rel: str) -> str | None:
        if self._docs is None:
            docs = read_json("ruledocs", self.key)
            self._docs = docs if isinstance(docs, dict) else {}
        doc = self._docs.get(rel)
        return doc if isinstance(doc, str) else None


def _import(path: Path | str, package: str) -> ModuleType:
    source = os.fspath(path)
    name = f"{package}.{os.path.splitext(os.path.basename(source))[0]}_{sha1_hex(source.encode())[:8]}"
    if name in sys.modules:
        return sys.modules[name]
    found = _current_bytecode(source)
    if found is not None:
        code, cached = found
        module = ModuleType(name)
        module.__file__, module.__cached__, module.__package__ = source, cached, package

        def run() -> None:
            exec(code, module.__dict__)  # noqa: S102 - the rule module's own code, as importlib runs it
    else:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise UsageError(f"{path}: cannot be loaded as a rule module")
        module = importlib.util.module_from_spec(spec)

        def run() -> None:
            spec.loader.exec_module(module)
    sys.modules[name] = module
    try:
        run()
    except Exception as exc:
        sys.modules.pop(name, None)
        raise UsageError(f"{path}: rule module failed to load: {type(exc).__name__}: {exc}") from None
    return module


def _current_bytecode(source: str):
    """(code, cache path) of a rule module from its bytecode cache when that is current, for running it without
    importlib's finders and loaders around it: a pre-commit run imports some 75 rule modules, and that
    machinery was a fifth of their cost (8M instructions). Current means what importlib checks for a
    timestamped ``.pyc``: this Python's magic number, and the source's modification time and size. Anything
    else (no cache, a stale or hash-based one, an optimisation level, a cache prefix) is None: importlib
    loads the module, compiling and writing its cache as usual."""
    if sys.flags.optimize or sys.pycache_prefix is not None:
        return None
    folder, _, base = source.rpartition("/")
    if not base.endswith(".py") or not folder:
        return None
    cached = f"{folder}/__pycache__/{base[:-3]}.{sys.implementation.cache_tag}.pyc"
    try:
        st = os.stat(source)
        with open(cached, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if len(data) < 16 or data[:4] != importlib.util.MAGIC_NUMBER or data[4:8] != b"\0\0\0\0" \
            or int.from_bytes(data[8:12], "little") != int(st.st_mtime) & 0xFFFFFFFF \
            or int.from_bytes(data[12:16], "little") != st.st_size & 0xFFFFFFFF:
        return None
    import _imp
    import marshal
    try:
        code = marshal.loads(memoryview(data)[16:])
    except (ValueError, EOFError, TypeError):
        return None
    _imp._fix_co_filename(code, source)  # as importlib does: tracebacks name the file where it is now
    return code, cached


def _rule_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """(path relative to the folder, stat) of every rule module, sorted; plain strings and scandir's own
    entries (no path joined twice), because every run pays for this listing before it can use the cached
    index. Like os.walk, a linked folder is not entered and an unreadable one is skipped."""
    out: list[tuple[str, os.stat_result]] = []

    def walk(directory: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir():
                    if name != "__pycache__" and not entry.is_symlink():
                        walk(entry.path, f"{prefix}{name}/")
                elif name.endswith(".py") and not name.startswith("_"):
                    out.append((prefix + name, entry.stat()))
            except OSError:
                continue
    walk(str(folder), "")
    return sorted(out)


def _folder_key(folder: Path, files: list[tuple[str, os.stat_result]], checklist_ids: set[str] | None) -> str:
    """The index's key: each rule file's size, modification time (ns) and inode, as Python keys its bytecode
    cache on a source's size and time. Reading and hashing every rule (1.4 MB) cost a pre-commit run more
    than checking its files; an edited or replaced rule file gets a new time or inode. The metadata schema
    and the checklist catalog the metadata was validated against are keyed the same way, so a run that finds
    its index never reads the catalog."""
    given = sorted(checklist_ids) if checklist_ids is not None else None
    h = sha256(f"index-3\0{__version__}\0{folder}\0{given}".encode())
    for rel, st in files:
        h.update(f"\0{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode())
    for name in ("rule-metadata.schema.json", "checklist.yaml", "checklist.schema.json"):
        st = schema_path(name).stat()
        h.update(f"\0{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode())
    return h.hexdigest()[:32]


# the metadata fields that are tuples, which an index (JSON) keeps as lists
_TUPLE_FIELDS = tuple(name for name, kind in RuleMeta.__annotations__.items() if str(kind).startswith("tuple"))


def _meta_from(data: dict) -> RuleMeta:
    data = dict(data)
    for name in _TUPLE_FIELDS:
        value = data.get(name)
        if isinstance(value, list):
            data[name] = tuple(value)
    return RuleMeta(**data)


def load_folder(folder: Path, builtin: bool, checklist_ids: set[str] | None = None,
                use_cache: bool = True) -> list[Rule]:
    """The folder's rules, from its cached index when it describes the folder's files, else imported and
    validated. ``checklist_ids``: the checklist ids metadata may name (default: the shipped catalog's, read
    only when the index is built)."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: rules folder not found")
    package = "prodlint_rules_" + sha1_hex(str(folder).encode())[:8]
    files = _rule_files(folder)
    key = _folder_key(folder, files, checklist_ids)
    if use_cache:
        index, docs = read_json("rules", key), _FolderDocs(folder, key)
    else:  # no user cache: the index shipped for the built-in rules, when they are the files it describes
        index = shipped_index(folder, files) if builtin and checklist_ids is None else None
        docs = None  # a rule's doc from its module, imported when a report asks
    if isinstance(index, list):
        cached = _from_index(index, folder, [rel for rel, _ in files], package, builtin, docs)
        if cached is not None:
            return cached
    rules, entries, docs = imported_folder(folder, files, package, builtin, checklist_ids)
    if use_cache:
        write_json("ruledocs", key, docs)  # first: an index is never there without its docs
        write_json("rules", key, entries)
    return rules


def imported_folder(folder: Path, files, package: str, builtin: bool, checklist_ids: set[str] | None):
    """(rules, index entries, docs) of the folder's rule modules, each imported and its metadata validated."""
    if checklist_ids is None:
        from .catalog import load_catalog
        checklist_ids = load_catalog().ids
    rules, entries, docs = [], [], {}
    for rel, _ in files:
        path = folder / rel
        module = _import(path, package)
        meta = getattr(module, "META", None)
        if meta is None:
            entries.append({"path": rel, "meta": _NOT_A_RULE})
            continue
        if not isinstance(meta, RuleMeta) or not callable(getattr(module, "check", None)):
            raise UsageError(f"{path}: META must be a linter.api.RuleMeta and the module must define check()")
        rule = Rule(meta, path, package, builtin, None, module)
        validate_meta(rule, checklist_ids)
        rules.append(rule)
        entries.append({"path": rel, "meta": meta.as_dict()})
        docs[rel] = rule.doc
    return rules, entries, docs


# The built-in rules' index, shipped with prodlint (schemas/rule-index.json, written by
# `python -m linter.rule_index`; a test keeps it current). A run that reads no user cache (`--no-cache`) used to
# import and validate all 165 rules to learn which to run: jsonschema and every module, a third of a compose-only
# run on 41 files. The shipped index is keyed by content (each rule file's and validation input's digest), since
# its files' times and inodes are the installation's; any difference (an edited rule) means the rules are imported.
SHIPPED_INDEX = "rule-index.json"
_INDEX_INPUTS = ("rule-metadata.schema.json", "checklist.yaml", "checklist.schema.json")


def content_digests(folder: Path, files) -> dict[str, str]:
    """A digest of each rule file's and validation input's bytes, by name (inputs as ``schemas/<name>``)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b
    out = {}
    for rel, _ in files:
        with open(os.path.join(folder, rel), "rb") as fh:
            out[rel] = blake2b(fh.read(), digest_size=16).hexdigest()
    for name in _INDEX_INPUTS:
        with open(schema_path(name), "rb") as fh:
            out[f"schemas/{name}"] = blake2b(fh.read(), digest_size=16).hexdigest()
    return out


def shipped_index(folder: Path, files) -> list | None:
    """The shipped index's entries when it was built from exactly these files' contents and this version."""
    import json
    try:
        with open(schema_path(SHIPPED_INDEX), "rb") as fh:
            shipped = json.loads(fh.read())
        if not isinstance(shipped, dict) or shipped.get("version") != __version__:
            return None
        if shipped.get("digests") != content_digests(folder, files):
            return None
    except (OSError, ValueError):
        return None
    entries = shipped.get("entries")
    return entries if isinstance(entries, list) else None


def _from_index(index: list, folder: Path, listed: list[str], package: str, builtin: bool,
                docs: _FolderDocs | None = None) -> list[Rule] | None:
    """Rules from a cached index, or None when it does not describe exactly the files in the folder."""
    try:
        if sorted(e["path"] for e in index) != listed:
            return None
        own = {rel: rel for rel in listed}
        # each rule's path a string until a Path is asked for: building 160 Paths was a third of reading the
        # index, and a run asks for the few rules it imports (their modules' names use the string)
        base = f"{folder}/"
        rules = []
        for e in index:
            if e["meta"] == _NOT_A_RULE:
                continue
            if not isinstance(e["meta"], dict):
                return None
            rel = own[e["path"]]  # the listing's own string: the path is never the cache's
            rules.append(Rule(_meta_from(e["meta"]), base + rel, package, builtin, None, _docs=docs))
        return rules
    except (KeyError, TypeError, ValueError):
        return None


@lru_cache(maxsize=None)
def _validator(schema_name: str):
    import jsonschema
    schema = load_json_schema(schema_name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_meta(rule: Rule, checklist_ids: set[str]) -> None:
    errors = sorted(_validator("rule-metadata.schema.json").iter_errors(rule.meta.as_dict()),
                    key=lambda e: list(e.path))
    if errors:
        where = ".".join(str(p) for p in errors[0].path) or "META"
        raise UsageError(f"{rule.path}: invalid rule metadata at '{where}': {errors[0].message}")
    unknown = [c for c in rule.meta.checklist if c not in checklist_ids]
    if unknown:
        raise UsageError(f"{rule.path}: unknown checklist id '{unknown[0]}' in rule {rule.id}")
    if not rule.doc:
        raise UsageError(f"{rule.path}: rule {rule.id} has no docstring (its documentation)")


def load_rules(extra_dirs: list[Path], checklist_ids: set[str] | None = None, use_cache: bool = True) -> list[Rule]:
    rules = load_folder(builtin_rules_dir(), True, checklist_ids, use_cache)
    for folder in extra_dirs:
        rules.extend(load_folder(folder, False, checklist_ids, use_cache))
    seen_ids: dict[str, Path | str] = {}
    seen_names: dict[str, Path | str] = {}
    for rule in rules:
        for table, value in ((seen_ids, rule.meta.id), (seen_names, rule.meta.name)):
            if value in table:
                raise UsageError(f"{rule.path}: rule '{value}' is already defined in {table[value]}")
            table[value] = rule._path  # as given: no Path made for each rule of a run
    return sorted(rules, key=lambda r: r.id)


def is_rule(rule_meta: RuleMeta, selector: str) -> bool:
    """The selector names this rule: its id or its name, in any case (``cmp002``, ``Compose-Healthcheck``)."""
    wanted = selector.strip().casefold()
    return rule_meta.id.casefold() == wanted or rule_meta.name.casefold() == wanted


def find_rule(metas, selector: str):
    """The first of ``metas`` (RuleMeta, or anything with ``.meta``) that ``selector`` names, or None."""
    for item in metas:
        if is_rule(getattr(item, "meta", item), selector):
            return item
    return None


_ID_PREFIX = lazy(r"[A-Za-z]+[0-9]*")


def matches(rule_meta: RuleMeta, selector: str) -> bool:
    """A selector is a rule id, a rule name, or an id prefix (``CMP`` or ``cmp0``); case does not matter."""
    selector = selector.strip()
    return is_rule(rule_meta, selector) or (
        bool(_ID_PREFIX.fullmatch(selector)) and rule_meta.id.upper().startswith(selector.upper()))


def resolve_options(rule: Rule, configured: dict) -> dict:
    options = {name: spec.get("default") for name, spec in rule.meta.options.items()}
    if not configured:
        return options
    import jsonschema

    for name, value in configured.items():
        if name not in rule.meta.options:
            raise UsageError(f'unknown option "{name}" for rule {rule.id} ({rule.meta.name})')
        schema = {k: v for k, v in rule.meta.options[name].items() if k != "default"}
        try:
            jsonschema.validate(value, schema)
        except jsonschema.ValidationError as exc:
            raise UsageError(f'option "{name}" of rule {rule.id}: {exc.message}') from None
        options[name] = value
    return options
