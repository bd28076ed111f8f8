"""What the audit has seen: the facts that make a checklist item apply, and the facts a pass needs.

The predicates are data (``schemas/evidence.yaml``, validated against ``evidence.schema.json``); this module
evaluates them over the production files of a run. Every quoted line is masked as findings' snippets are,
and setting values are never quoted when the variable's name says it holds a secret.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError
from .resources import load_json_schema, schema_path
from .secrets import Redactor, is_reference, is_secret_name, mask_line, mask_ranges

MAX_QUOTES = 5  # observations kept per clause: enough to show where, short enough to read
_COMMENT = re.compile(r"\s*(#|//|/\*|\*|;|<!--)")
# A line that names a secret: every string literal on it is masked, even a value published in some
# documentation ('keyboard cat') that the secret rules deliberately do not register as a secret.
_SECRET_WORDS = re.compile(r"(?i)secret|passw|pwd|token|api[_-]?key|private[_-]?key|credential|\bauth|salt|jwt"
                           r"|\.sign\s*\(|cookie")
_LITERAL = re.compile(r"""(?<![\w$])(?P<q>['"`])(?P<body>(?:\\.|(?!(?P=q)).)+)(?P=q)""")
# HTTP header names (Strict-Transport-Security) are long mixed-case words that the token heuristic of
# mask_line would take for secrets; they never are one.
_HEADER_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][A-Za-z]*)+\b")
_MODULE_BEFORE = re.compile(r"""(require\s*\(\s*|\bfrom\s+|\bimport\s+|\bimport\s*\(\s*)$""")


@dataclass(frozen=True)
class Observation:
    """One thing seen: where, and the line (or a summary of it) as it may be shown."""
    path: str
    line: int
    text: str

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "text": self.text}


class _Raw:
    """A line seen, masked only when it is shown (most matches of a large tree are only counted)."""

    __slots__ = ("path", "line", "_text", "_result")

    def __init__(self, path: str, line: int, text: str, result):
        self.path, self.line, self._text, self._result = path, line, text, result

    @property
    def text(self) -> str:
        return _short(mask_quote(self._result, self.path, self.line, self._text))


def _line_key(args: dict) -> tuple:
    return tuple(args.get("kinds", ())), tuple(args.get("files", ())), args["pattern"]


@dataclass(frozen=True)
class Clause:
    says: str
    predicates: tuple[dict, ...]


@dataclass(frozen=True)
class ItemEvidence:
    applies: Clause | None
    passes: Clause | None


@lru_cache(maxsize=1)
def load_evidence() -> dict[str, ItemEvidence]:
    import jsonschema
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(schema_path("evidence.yaml").read_text(encoding="utf-8"))
    try:
        jsonschema.validate(data, load_json_schema("evidence.schema.json"))
    except jsonschema.ValidationError as exc:
        raise UsageError(f"audit evidence catalog is invalid: {exc.message}") from None
    out = {}
    for item_id, entry in data["items"].items():
        clauses = {}
        for name in ("applies", "passes"):
            raw = entry.get(name)
            clauses[name] = Clause(raw["says"], tuple(raw["any"])) if raw else None
        out[item_id] = ItemEvidence(**clauses)
    return out


def mask_quote(result, path: str, line: int, text: str) -> str:
    """A source line fit for a report: judged values masked by position and by value, secret-shaped text by
    pattern, and every string literal of a line that names a secret."""
    text = mask_ranges(text, line, result.secret_ranges.get(path, ())) if line else text
    headers = _HEADER_NAME.findall(text) if "\0" not in text else []
    protected = _HEADER_NAME.sub(lambda m: f"\0{headers.index(m.group(0))}\0", text)
    masked = _restore_plain_values(protected, mask_line(protected))
    text = re.sub(r"\0(\d+)\0", lambda m: headers[int(m.group(1))], masked)
    return mask_literals(result.redactor.scrub_line(text))


# Aligning a line with its masked form (difflib) takes time quadratic in the stretch between its first and last
# mask: a longer stretch (a hostile line; a quote shows 160 characters anyway) keeps every mask, masking more.
_RESTORE_WINDOW = 400
_PLAIN_WORDS = {"on", "off", "yes", "no", "true", "false", "none", "null", "auto", "always", "never"}
# broader than _SECRET_WORDS: any of these in a line and only unmistakable words are unmasked
_SECRET_NAME_PARTS = re.compile(r"(?i)pass|secret|token|key|auth|credential|salt|jwt|cookie|pwd|cert|private|sign")
_LINE_KEY = re.compile(r"""\s*(?:-\s*)?["']?([A-Za-z_][\w.-]*)["']?(?:\s*[:=]\s*|\s+)""")
_SECRET_KEY = re.compile(r"(?i)(pass|passwd|password|passphrase|secret|token|key|auth|credentials?|salt|pwd|cert)$"
                         r"|secret|password|passwd|private")
_VARIABLE_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_PLAIN_URL = re.compile(r"[a-z][a-z0-9+.-]*://[A-Za-z0-9_.$-]+(:\w+)?(/[A-Za-z0-9_.~$-]{0,15})*/?;?")


def _restore_plain_values(before: str, after: str) -> str:
    """Undo the masks that mask_line's name and shape heuristics put on configuration words that hold no
    secret: `server_tokens off`, `proxy_pass http://backend:3000` (a URL with no credentials and no long path
    segment), and, on a line that names no secret, a word of letters only (`includeSubDomains`). Values a
    rule judged are masked again afterwards, by position and by value."""
    from difflib import SequenceMatcher

    if Redactor.MASK not in after or before == after:
        return after
    key = _LINE_KEY.match(before)
    rest = before[key.end():] if key else before
    # the line's own key decides (server_tokens holds no secret, requirepass does); anything else that
    # names a secret on the line keeps every mask
    names_secret = bool(key and _SECRET_KEY.search(key.group(1))) or bool(_SECRET_NAME_PARTS.search(rest))
    same = 0  # the text before the first mask and after the last one is the line's own: only the middle is aligned
    while same < min(len(before), len(after)) and before[same] == after[same]:
        same += 1
    tail = 0
    while tail < min(len(before), len(after)) - same and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    if max(len(before), len(after)) - same - tail > _RESTORE_WINDOW:
        return after
    out = [after[:same]]
    middle = SequenceMatcher(None, before[same:len(before) - tail], after[same:len(after) - tail], autojunk=False)
    for op, i1, i2, j1, j2 in middle.get_opcodes():
        i1, i2, j1, j2 = i1 + same, i2 + same, j1 + same, j2 + same
        original, shown = before[i1:i2], after[j1:j2]
        if op == "replace" and shown == Redactor.MASK:
            bare = original.strip("'\"")
            plain = bool(_PLAIN_URL.fullmatch(bare)) and "@" not in bare or not names_secret and (
                bare.lower() in _PLAIN_WORDS
                or (bare.isalpha() or bool(_VARIABLE_NAME.fullmatch(bare)))
                and not _masked_where_it_stands(before, i1, i2, after.count(Redactor.MASK)))
            out.append(original if plain else shown)
        else:
            out.append(shown)
    out.append(after[len(after) - tail:])
    return "".join(out)


def _masked_where_it_stands(before: str, start: int, end: int, masks: int) -> bool:
    """Whether mask_line masks the text at ``before[start:end]`` for where it stands, not for its shape: a
    plain word put there instead is masked too (a URL's user, `?sig=`, `curl -u user:`, `mysql -p`). Such
    a word is a credential whatever its letters, and stays masked."""
    if any(m.start() <= start < m.end() for m in _URL.finditer(before)):
        return True  # a URL's user or query value: masked for being a long token there, whatever its letters
    return mask_line(before[:start] + _NEUTRAL_WORD + before[end:]).count(Redactor.MASK) >= masks


_NEUTRAL_WORD = "plainword"
_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s'\"`]*", re.I)


def mask_literals(text: str) -> str:
    """Every string literal of a text that names a secret, masked (module names of imports excepted)."""
    if not _SECRET_WORDS.search(text):
        return text

    def literal(m):
        if _MODULE_BEFORE.search(text[:m.start()]) or m.group("body") == Redactor.MASK:
            return m.group(0)
        return m.group("q") + Redactor.MASK + m.group("q")
    return _LITERAL.sub(literal, text)


class Seen:
    """Evaluates predicates over one run's production files, each file and pattern once."""

    def __init__(self, result):
        self.result = result
        self.project = result.project
        self._lines: dict[tuple, list[Observation]] = {}
        self._services = None
        self._settings = None

    # ---- clauses ----------------------------------------------------------------------------
    def observe(self, clause: Clause) -> tuple[list[Observation], int]:
        """(the first observations, how many in all) of anything the clause's predicates match."""
        found: dict[tuple[str, int], Observation] = {}
        for predicate in clause.predicates:
            (kind, args), = predicate.items()
            for obs in getattr(self, f"_{kind}")(args or {}):
                found.setdefault((obs.path, obs.line), obs)
        ordered = sorted(found.values(), key=lambda o: (o.path, o.line))
        shown = [o if isinstance(o, Observation) else Observation(o.path, o.line, o.text)
                 for o in ordered[:MAX_QUOTES]]
        return shown, len(ordered)

    # ---- predicates -------------------------------------------------------------------------
    def _production(self, kinds) -> list:
        return [f for f in self.result.files if f.kind in kinds and f.role == "production"]

    def _line(self, args: dict) -> list[Observation]:
        key = _line_key(args)
        if key not in self._lines:
            if "files" in args:
                self._scan(self._root_files(args["files"]), {key: re.compile(args["pattern"], re.M)})
            else:
                self._scan_kinds()
        return self._lines.get(key, [])

    def _scan_kinds(self) -> None:
        """Every line predicate of the evidence catalog over the production files, each file read once."""
        patterns: dict[str, dict[tuple, re.Pattern]] = {}
        for ev in load_evidence().values():
            for clause in (ev.applies, ev.passes):
                for predicate in clause.predicates if clause else ():
                    args = predicate.get("line")
                    if args and "kinds" in args:
                        for kind in args["kinds"]:
                            patterns.setdefault(kind, {})[_line_key(args)] = re.compile(args["pattern"], re.M)
        for ps in patterns.values():
            for key in ps:
                self._lines.setdefault(key, [])
        prefilters = {kind: _Prefilter(ps) for kind, ps in patterns.items()}
        for f in self._production(patterns):
            was_loaded = f.loaded
            text = f.text
            if not f.unreadable and text:
                wanted = prefilters[f.kind].candidates(text)
                self._scan([(f.rel, text)], {k: p for k, p in patterns[f.kind].items() if k in wanted})
            if not was_loaded:
                f.release()  # an audit of a large tree holds one file's text at a time

    def _scan(self, texts, patterns: dict[tuple, re.Pattern]) -> None:
        for rel, text in texts:
            for key, pattern in patterns.items():
                hits = self._lines.setdefault(key, [])
                for m in pattern.finditer(text):
                    start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                    line_start = text.rfind("\n", 0, start) + 1
                    line_end = text.find("\n", start)
                    line_text = text[line_start:line_end if line_end != -1 else len(text)].rstrip("\r")
                    if _COMMENT.match(line_text):
                        continue
                    number = text.count("\n", 0, line_start) + 1
                    hits.append(_Raw(rel, number, line_text, self.result))

    def _root_files(self, names):
        from .files import Unreadable, read_bytes
        for name in names:
            path = self.result.root / name
            try:
                if not path.is_symlink():  # the scanned tree's own reader: regular files under 1 MiB
                    yield name, read_bytes(path, 1 << 20, self.result.root).decode("utf-8", errors="replace")
            except (OSError, Unreadable):
                continue

    def _compose(self, args: dict) -> list[Observation]:
        image = re.compile(args["image"], re.I) if args.get("image") else None
        value = re.compile(args["value"]) if args.get("value") else None
        keys = tuple(args["key"].split(".")) if args.get("key") else ()
        out = []
        for service in self._compose_services():
            if image is not None and not image.search(service.image or "") and not image.search(service.name):
                continue
            if not keys:
                out.append(Observation(service.path, service.span.line,
                                       f"service {service.name}" + (f" (image {service.image})" if service.image else "")))
                continue
            written = _dig(service, keys)
            if written is None:
                continue
            shown = _scalar_text(written)
            if value is not None and (shown is None or not value.search(shown)):
                continue
            path, span, _ = service.where_nested(*keys)
            text = f"services.{service.name}.{'.'.join(keys)}" + (f": {shown}" if shown is not None else "")
            out.append(Observation(path, span.line, _short(mask_quote(self.result, path, 0, text))))
        return out

    def _compose_services(self) -> list:
        if self._services is None:
            self._services, seen = [], set()
            for f in self._production(("compose",)):
                try:
                    doc = self.project.document(f)
                    if not isinstance(getattr(doc, "root", None), dict):
                        continue
                    services = self.project.compose_services(doc)
                except Exception:  # a malformed file is the parse-error rule's to report
                    continue
                for s in services:
                    if s.complete and (s.path, s.name) not in seen:
                        seen.add((s.path, s.name))
                        self._services.append(s)
        return self._services

    def _setting(self, args: dict) -> list[Observation]:
        name = re.compile(args["name"])
        value = re.compile(args["value"]) if args.get("value") else None
        out = []
        for s in self._all_settings():
            if not name.fullmatch(s.name):
                continue
            written = s.value is not None and s.literal and s.value.strip() != "" and not is_reference(s.value)
            if args.get("written") and not written:
                continue
            if value is not None and (s.value is None or not value.search(s.value)):
                continue
            if s.value is None or is_secret_name(s.name) or _SECRET_WORDS.search(s.name):
                text = f"{s.name}={Redactor.MASK}" if written else f"{s.name} (set at deployment)"
            else:
                text = mask_quote(self.result, s.path, 0, f"{s.name}={s.value}")
            out.append(Observation(s.path, s.key_span.line, _short(text)))
        return out

    def _all_settings(self) -> list:
        if self._settings is None:
            self._settings = []
            names = _setting_names()
            for f in self._production(("env", "compose", "dockerfile")):
                was_loaded = f.loaded
                if not names.search(f.text):  # no variable any predicate names: not worth parsing
                    if not was_loaded:
                        f.release()
                    continue
                try:
                    doc = self.project.document(f)
                    if f.kind == "compose" and not isinstance(getattr(doc, "root", None), dict):
                        continue
                    self._settings.extend(self.project.settings(doc))
                except Exception:  # a malformed file is the parse-error rule's to report
                    continue
        return self._settings


class _Prefilter:
    """Which of a kind's patterns may match a text, in one Hyperscan pass (in prefilter mode, which answers
    "maybe" for the constructs it cannot run, such as lookaheads); Python's re then confirms those few, as it
    alone decides. Without Hyperscan, or for text that is not ASCII, every pattern is a candidate."""

    def __init__(self, patterns: dict[tuple, re.Pattern]):
        self.keys = list(patterns)
        self.db = None
        self.always: set[tuple] = set(self.keys)
        try:
            import hyperscan
        except ImportError:  # pragma: no cover - platforms without a hyperscan wheel
            return
        flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_SINGLEMATCH \
            | hyperscan.HS_FLAG_ALLOWEMPTY
        usable = []
        for n, key in enumerate(self.keys):
            try:  # a pattern Hyperscan cannot take even as a prefilter is simply always a candidate
                hyperscan.Database().compile(expressions=[key[2].encode()], ids=[n], elements=1, flags=[flags])
                usable.append(n)
            except Exception:
                continue
        if usable:
            self.db = hyperscan.Database()
            self.db.compile(expressions=[self.keys[n][2].encode() for n in usable], ids=usable,
                            elements=len(usable), flags=[flags] * len(usable))
            self.always = set(self.keys) - {self.keys[n] for n in usable}

    def candidates(self, text: str) -> set[tuple]:
        if self.db is None or not text.isascii():
            return set(self.keys)
        hits: set[int] = set()

        def on_match(index, start, end, flags, context):
            hits.add(index)

        self.db.scan(text.encode(), match_event_handler=on_match)
        return self.always | {self.keys[n] for n in hits}


@lru_cache(maxsize=1)
def _setting_names() -> re.Pattern:
    names = [p["setting"]["name"] for ev in load_evidence().values() for clause in (ev.applies, ev.passes) if clause
             for p in clause.predicates if "setting" in p]
    return re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{n})" for n in names) + r")(?![\w])")


def _dig(service, keys: tuple[str, ...]):
    node = service.get(keys[0])
    for k in keys[1:]:
        if not isinstance(node, dict) or k not in node:
            return None
        node = node[k]
    return node


def _scalar_text(value) -> str | None:
    if isinstance(value, (str, int, float, bool)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return " ".join(str(v) for v in value)
    return None


def _short(text: str, limit: int = 160) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
