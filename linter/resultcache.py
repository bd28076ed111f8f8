"""Per-file results kept between runs, so an unchanged tree is checked again in a fraction of the time.

An entry is reused only when the whole run is configured the same way (prodlint's version, the rules,
the configuration: the *run key*), the file's content hash is unchanged, and so is what its outcome needs
(:class:`Needs`, decided per file kind by linter.needs): the files it may read across, and either the same
tree around it or the same answers to the cross-file questions it asked (its role, the services building it). What is stored: findings (messages and snippets already masked), notices, suppression
directives and the positions of judged secrets; never a secret's value: an outcome holding any value judged
secret anywhere in the run, or any text a mask would change (a fix that rewrites a secret-bearing line), is not
stored at all. A hit gives back its judged values by reading them at their positions in the (unchanged) files,
so the run's redactor, and with it every output, is the same warm as cold; an outcome whose values cannot all
be found again that way is not stored either.

The cache folder is not trusted (SECURITY.md): the file is sealed (usercache), its shape is checked entry by
entry on reading, and anything unexpected is a cache miss, never a crash or a changed result.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import stat
import sys
import time
from pathlib import Path
from typing import Callable

from .api import SEVERITY_RANK, Edit, Finding, Fix, Span
from .discover import Notice
from .files import Unreadable, read_bytes
from .record import Record
from .suppress import Directive
from .usercache import cache_dir, read_sealed_marshal, seal_key, write_sealed_marshal

FORMAT = 4
MAX_HASHED = 64 * 1024 * 1024


def signature(path: Path, root: Path | None = None) -> str | list | None:
    """What says a file changed: the hash of its content (size and time can be kept while the content
    changes), keyed with the user's cache key; for a file that cannot be hashed (too large, not regular), its
    size and times; None if absent. Keyed, since the cache folder is not private (a CI cache restored by a
    fork's workflow): a plain hash of a `.env.production` written from CI secrets would let anyone who reads
    the cache test guesses of its weak values."""
    try:
        data = read_bytes(path, MAX_HASHED, root)
    except Unreadable:
        data = None
    if data is not None:
        key = seal_key()
        if key is None:  # nothing is cached without a key: the plain hash is never stored
            return hashlib.sha256(data).hexdigest()[:32]
        return hmac.digest(key, data, "sha256").hex()[:32]
    try:
        st = os.stat(path)
    except OSError:
        return None
    return ["stat", st.st_size, st.st_mtime_ns, st.st_ctime_ns]


# A file changed less than this before it was hashed may change again within the same tick of the file
# system's clock without its times moving: such a file is hashed again next time (git's "racily clean" entries)
_RACY_NS = 2_000_000_000


class SignatureMemo:
    """Signatures of files unchanged since they were hashed, recognised by their lstat, as git's index knows
    clean files: inode, device, size, modification and change times. The change time cannot be set back (any
    write or `touch` moves it to the present), so a file whose five figures are the ones it had when hashed
    has the content that was hashed; a fresh checkout, a restored CI cache or another machine gives new
    inodes and times, and the file is hashed. Only regular files (not links) hashed at least ``_RACY_NS``
    after their last change are remembered, and only the entries asked this run (a deleted file drops out).
    The figures are kept as a keyed digest: a file's size says how long the secrets in it are."""

    def __init__(self, known=None, root: Path | None = None):
        self.known: dict = known if isinstance(known, dict) else {}
        self.fresh: dict = {}
        self._run: dict = {}  # path -> signature given this run: the links' evidence and the listing ask alike
        self._under = None if root is None else os.path.join(os.fspath(root), "")

    def sign(self, path: Path, root: Path | None = None):
        name = os.fspath(path)
        if name not in self._run:
            self._run[name] = self._sign(path, root)
        return self._run[name]

    def _sign(self, path: Path, root: Path | None = None):
        key = seal_key()
        try:
            st = os.lstat(path)
        except OSError:
            st = None
        if key is None or st is None or not stat.S_ISREG(st.st_mode):
            return signature(path, root)
        name = os.fspath(path)
        if self._under is not None and name.startswith(self._under):
            name = name[len(self._under):]  # relative (never starting with "/"): a smaller file to read
        figures = hmac.digest(key, b"%d %d %d %d %d" % (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns,
                                                         st.st_ctime_ns), "sha256").hex()[:24]
        entry = self.known.get(name)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == figures and isinstance(entry[1], str):
            self.fresh[name] = entry
            return entry[1]
        hashed_at = time.time_ns()
        sig = signature(path, root)
        if isinstance(sig, str) and max(st.st_mtime_ns, st.st_ctime_ns) < hashed_at - _RACY_NS:
            self.fresh[name] = [figures, sig]
        return sig

    def changed(self) -> bool:
        return self.fresh != self.known


def digest(parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()[:32]


class Needs(Record):
    """What a cached outcome needs unchanged to be reused: ``deps``, the digest of the files it may read; and,
    when given, either the whole ``tree`` it was checked in, or (the tree changed elsewhere) the same answers to
    the cross-file questions it asked (``facts``: a digest computed on demand, since computing it has a cost)."""
    deps: str
    tree: str | None
    facts: Callable[[], str] | None

    _fields = ("deps", "tree", "facts")

    def __init__(self, deps: str, tree: str | None = None, facts: Callable[[], str] | None = None):
        self.deps = deps
        self.tree = tree
        self.facts = facts


def _needs(deps) -> Needs:
    return deps if isinstance(deps, Needs) else Needs(deps)


def _answers(needs: Needs) -> str | None:
    """The digest of the answers an outcome needs; None (never equal to a stored digest) when there are none
    or model code failed to give them: the file is then checked, where a failure becomes a finding."""
    if needs.facts is None:
        return None
    try:
        return needs.facts()
    except Exception:  # noqa: BLE001 - a miss, never a crash
        return None


class ResultCache:
    """``run_key``: how the run is configured; without it, read the stored file for its signatures (``sign``)
    first, and give the key with ``use_key`` (the key is made of the signatures of prodlint's own code)."""

    def __init__(self, root: Path, run_key: str | None = None):
        base = cache_dir()
        # marshal's format is the interpreter's own: one file per Python build
        self.path = None if base is None else \
            base / "results" / f"{digest([str(root), sys.version])}-{sys.implementation.cache_tag}.marshal"
        self.run_key = run_key
        self.entries: dict[str, dict] = {}
        self.fresh: dict[str, dict] = {}
        self.text_of = lambda rel: None  # rel path -> the file's text (set by caching.from_cache)
        self.signatures: dict = {}  # rel path -> signature of the run's listed files (set by caching.from_cache)
        self._stored = read_sealed_marshal(self.path) if self.path is not None else None
        if not isinstance(self._stored, dict) or self._stored.get("format") != FORMAT:
            self._stored = {}
        self.memo = SignatureMemo(self._stored.get("stats"), root)
        self.sign = self.memo.sign
        if run_key is not None:
            self.use_key(run_key)

    def use_key(self, run_key: str) -> None:
        self.run_key = run_key
        data, self._stored = self._stored, None
        if data.get("key") == run_key and isinstance(data.get("files"), dict):
            self.entries = data["files"]

    def get(self, rel: str, sig, deps: str | Needs):
        needs = _needs(deps)
        entry = self.entries.get(rel)
        if not isinstance(entry, dict) or sig is None or entry.get("sig") != sig or entry.get("deps") != needs.deps:
            return None
        if needs.tree is not None and entry.get("tree") != needs.tree:
            facts = entry.get("facts")
            if not isinstance(facts, str) or facts != _answers(needs):
                return None
            entry = dict(entry, tree=needs.tree)  # the same answers in this tree: no need to ask them next time
        try:
            outcome = _outcome_from(entry["out"])
            outcome.secrets = sorted(values_at(outcome.ranges, self.text_of))
        except Exception:  # any damage is a miss: the file is checked again
            return None
        self.fresh[rel] = entry
        return outcome

    def put(self, rel: str, sig, deps: str | Needs, outcome, judged=None) -> None:
        """``judged``: the run's Redactor (every value judged secret in any file of the run)."""
        if sig is None:
            return
        own_values = _own_redactor(outcome)
        shown_later = _foreign_snippets(outcome, own_values, judged)
        if not _fit_to_store(outcome, own_values, judged, shown_later):
            return
        own = {v.strip() for v in outcome.secrets if len(v.strip()) >= 3}
        if own and not own <= values_at(outcome.ranges, self.text_of):
            return  # a warm run could not mask them: check the file again next time
        needs = _needs(deps)
        entry = {"sig": sig, "deps": needs.deps, "out": _outcome_to(outcome, shown_later)}
        if needs.tree is not None:
            entry["tree"] = needs.tree
            entry["facts"] = _answers(needs)
        self.fresh[rel] = entry

    def get_value(self, name: str, deps: str):
        """A run-wide answer kept under ``name`` (no file's path: names start with NUL) while ``deps`` holds."""
        entry = self.entries.get(name)
        if isinstance(entry, dict) and entry.get("deps") == deps and "value" in entry:
            self.fresh[name] = entry
            return entry["value"]
        return None

    def put_value(self, name: str, deps: str, value) -> None:
        self.fresh[name] = {"deps": deps, "value": value}

    def save(self) -> None:
        if self.path is None or (self.fresh == self.entries and not self.memo.changed()):
            return  # a run that found everything in the cache has nothing new to write
        write_sealed_marshal(self.path, {"format": FORMAT, "key": self.run_key, "files": self.fresh,
                                      "stats": self.memo.fresh})


def values_at(ranges: dict, text_of) -> set[str]:
    """The text found at each (line, column, length) of each file: the judged values an outcome's masks
    cover, read again from the files instead of being stored."""
    values: set[str] = set()
    for path, spans in ranges.items():
        text = text_of(path)
        if not text:
            continue
        starts = [0]
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        for line, column, length in spans:
            if line <= len(starts):
                value = text[starts[line - 1] + column - 1:starts[line - 1] + column - 1 + length]
                if len(value) == length:
                    values.add(value)
    return values


def _own_redactor(outcome):
    """A Redactor of the values the outcome's own rules judged (built once per stored outcome)."""
    from .secrets import Redactor
    own = Redactor()
    for value in getattr(outcome, "secrets", ()):
        own.add(value)
    return own


def _foreign_snippets(outcome, own, run_judged) -> set[int]:
    """The findings (by id) whose snippet holds a value only another file's rules judged secret. Such a line is
    masked by the run that reports it, with the values that run judges; it is stored without its snippet,
    which the report then reads from the file (linter.report.common.snippet), so a warm run shows what a cold
    one does even when the other file has changed since. Masking it here instead would keep a mask the other
    file may no longer call for; refusing the whole outcome checked the file again on every warm run."""
    if run_judged is None or not run_judged:
        return set()
    from .secrets import mask_line
    foreign = set()
    for f in outcome.findings:
        if f.snippet is None or run_judged.scrub_line(f.snippet) == f.snippet:
            continue
        if all(own.scrub(line) == line and mask_line(line) == line for line in f.snippet.splitlines()):
            foreign.add(id(f))
    return foreign


def _fit_to_store(outcome, own, run_judged=None, shown_later: set[int] = frozenset()) -> bool:
    """No text of the outcome holds a value judged secret (by this file's rules or any other's, the latter
    in ``run_judged``, a Redactor), nor anything a mask would change. ``shown_later``: findings (by id) whose
    snippet is not stored. ``own``: a Redactor of the outcome's own judged values."""
    from .secrets import mask_line, mask_message
    # text each leaves unchanged, their union does too; the run's own redactor compiles its values once
    judged = [own] + ([run_judged] if run_judged is not None else [])

    def scrubbed(text) -> bool:
        return all(r.scrub(text) == text for r in judged)

    def clean(text, masker) -> bool:
        return text is None or (scrubbed(text) and masker(text) == text)

    def clean_lines(text) -> bool:  # source lines: a directive's ids on one count in any letter case
        return text is None or all(clean(line, mask_line) and all(r.scrub_line(line) == line for r in judged)
                                   for line in text.splitlines())

    for f in outcome.findings:
        snippet = None if id(f) in shown_later else f.snippet
        if not (clean(f.message, mask_message) and clean(f.key, mask_message) and clean_lines(snippet)):
            return False
        if f.fix is not None and not (clean(f.fix.title, mask_message)
                                      and all(clean_lines(e.text) for e in f.fix.edits)):
            return False
    if not all(clean(n.message, mask_message) for n in outcome.notices):
        return False
    # a directive's ids (and another linter's verb, which quotes them) are the repository's words too:
    # `ignore[CMP026,<the password>]` stored the password; judged values only (a peer's ids are often
    # random-looking, KICS's query UUIDs, which a mask would hide and the outcome then never be stored)
    # (ids in any letter case: `ignore[LETMEIN99]` holds the password `letmein99`)
    return all(clean_lines(d.reason) and scrubbed(d.verb)
               and all(r.scrub_any_case(i) == i for r in judged for i in d.ids)
               for ds in outcome.directives.values() for d in ds)


def _finding_to(f: Finding, with_snippet: bool = True) -> dict:
    d = {"r": f.rule_id, "n": f.rule_name, "p": f.path,
         "s": [f.span.line, f.span.column, f.span.end_line, f.span.end_column], "m": f.message, "i": f.message_id,
         "v": f.severity, "c": list(f.checklist), "k": f.key, "f": f.fingerprint}
    if f.fix is not None:
        d["x"] = {"t": f.fix.title, "s": f.fix.safety, "p": f.fix.path,
                  "e": [[e.start, e.end, e.text] for e in f.fix.edits]}
    if f.snippet is not None and with_snippet:
        d["q"] = f.snippet  # masked: see secrets.masked_line
    return d


def _str(value) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _int(value, low: int = 0) -> int:
    if type(value) is not int or value < low:
        raise ValueError("not a count")
    return value


def _opt(value, check):
    return None if value is None else check(value)


def _finding_from(d: dict) -> Finding:
    fix = None
    if "x" in d:
        x = d["x"]
        if x["s"] not in ("safe", "unsafe"):
            raise ValueError("fix safety")
        edits = []
        for e in x["e"]:
            start, end, text = e
            if _int(end) < _int(start):
                raise ValueError("edit range")
            edits.append(Edit(start, end, _str(text)))
        fix = Fix(_str(x["t"]), tuple(edits), x["s"], _opt(x["p"], _str))
    line, column, end_line, end_column = d["s"]
    if d["v"] not in SEVERITY_RANK:
        raise ValueError("severity")
    return Finding(_str(d["r"]), _str(d["n"]), _str(d["p"]),
                   Span(_int(line, 1), _int(column, 1), _opt(end_line, _int), _opt(end_column, _int)),
                   _str(d["m"]), _str(d["i"]), d["v"], tuple(_str(c) for c in d["c"]), _str(d["k"]),
                   _str(d["f"]), fix, snippet=_opt(d.get("q"), _str))


def _outcome_to(outcome, shown_later: set[int] = frozenset()) -> dict:
    return {
        "files": outcome.files,
        "findings": [_finding_to(f, id(f) not in shown_later) for f in outcome.findings],
        "notices": [[n.path, n.message] for n in outcome.notices],
        "directives": {p: [[d.verb, d.ids, d.reason, d.line, d.column, list(d.applies_to)] for d in ds]
                       for p, ds in outcome.directives.items()},
        "ranges": {p: sorted(r) for p, r in outcome.ranges.items()},
    }


def _outcome_from(data: dict):
    """An outcome from its stored form, every field checked for type and range (raises on any mismatch)."""
    from .checker import Outcome
    out = Outcome(_int(data["files"]))
    out.findings = [_finding_from(f) for f in data["findings"]]
    out.notices = [Notice(_str(p), _str(m)) for p, m in data["notices"]]
    out.directives = {_str(p): [Directive(_str(v), [_str(i) for i in ids], _str(reason), _int(line, 1),
                                          _int(col, 1), (_int(applies[0]), _int(applies[1])))
                                for v, ids, reason, line, col, applies in ds] for p, ds in data["directives"].items()}
    out.ranges = {_str(p): {(_int(a, 1), _int(b, 1), _int(c)) for a, b, c in rs} for p, rs in data["ranges"].items()}
    return out
