"""Compiled regular expressions kept in the user cache from one run to the next.

A pre-commit run on three files compiles some 230 patterns (prodlint's own, and those PyYAML, click's
imports and python-dotenv compile at import: PyYAML's printable-character class alone costs about 6 ms),
a seventh of the run. Python keeps compiled patterns only for the life of the process, in the ``re``
module's cache. So the command line hands the patterns a previous run compiled to that cache before
anything else is imported (:func:`load`), and ``re.compile`` finds them there; after a run on explicit
files (the pre-commit case, where start-up is most of the time) the patterns it compiled are written
back (:func:`save`).

What is kept is what ``re`` itself hands the regex engine (``_sre.compile``'s arguments: the pattern's
program, its groups): it belongs to one Python build, so the file is named by the interpreter's version
and the engine's magic number. Every pattern is checked when it is saved: the object rebuilt from the
kept form must equal the one ``re`` compiled (patterns compare by their program). The file is sealed like
every file of the user cache (linter.usercache): one that is missing, damaged, not sealed with the user's
key, or written by another build is not read. This uses two private parts of ``re`` (its ``_cache`` and
``_sre.compile``); on a Python where they differ nothing is loaded or saved, and runs compile as usual.
"""
from __future__ import annotations

import sys

_NAMESPACE = "regex"
_CODE = "I"  # the program is kept as bytes of unsigned ints (_sre.CODESIZE is in the file's name): a tenth of
# the time marshal takes for a list of 40,000 ints
_entries: dict = {}  # re cache key -> the kept form, for patterns handed to re's cache by load()


def _name() -> str:
    """The kept patterns' file in the user cache's regex folder: one per Python build."""
    import _sre

    from .digests import sha256_hex
    build = sha256_hex(f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}".encode())[:24]
    return f"{sys.implementation.cache_tag}-{build}.marshal"


_LONGEST = 2048  # a longer pattern is built from repository content (an ignore file's globs), not prodlint's own


def supported() -> bool:
    """Whether this Python's ``re`` has the private parts used here (3.11 and later: ``re._compiler``)."""
    import re
    return all(hasattr(re, name) for name in ("_cache", "_MAXCACHE", "_compiler", "_parser"))


def _room() -> int:
    """How many patterns to hand to re's cache: fewer than it holds, so the run's own compiles do not push
    the kept ones out before they are used."""
    import re
    return max(0, getattr(re, "_MAXCACHE", 0) - 64)


def load() -> None:
    """Hand the kept patterns to re's cache; nothing when there are none or they cannot be trusted."""
    try:
        import re
        if not supported():
            return
        cache = re._cache  # noqa: SLF001 - see the module docstring
        from .usercache import cache_dir
        base = cache_dir()
        path = base / _NAMESPACE / _name() if base is not None else None
        if path is None or not path.is_file():
            return
        import _sre
        import marshal
        from array import array

        from .usercache import read_sealed
        payload = read_sealed(path)
        if payload is None:
            return
        entries = marshal.loads(payload)
        for entry in entries[:_room()]:
            pattern, flags, code_flags, code, groups, groupindex, indexgroup = entry
            key = (type(pattern), pattern, flags)
            if key not in cache:
                cache[key] = _sre.compile(pattern, code_flags, array(_CODE, code).tolist(), groups, groupindex,
                                          indexgroup)
            _entries[key] = entry
    except Exception:  # noqa: BLE001 - a kept pattern that does not load is compiled as usual
        return


def save(only_adding: bool = False) -> None:
    """Keep the patterns in re's cache now, when some were compiled by this run rather than loaded.

    ``only_adding``: keep them only if every kept pattern is still in re's cache, so the new ones are added to
    the kept ones, never put in their place. A whole-tree run asks so: a warm one compiles a few dozen
    patterns the pre-commit runs never do, and keeps them; a cold one compiles hundreds, pushes the kept
    ones out of re's cache, and keeps nothing, rather than the pre-commit runs' patterns giving way to the
    last few hundred it happened to compile, and back again on the next pre-commit run."""
    try:
        import re
        if not supported():
            return
        cache = re._cache  # noqa: SLF001
        room = _room()
        if not room or all(key in _entries for key in cache):
            return
        if only_adding and (len(cache) > room or any(key not in cache for key in _entries)):
            return
        import marshal

        from .usercache import _write, write_sealed
        kept = []
        for key, compiled in list(cache.items())[-room:]:
            try:
                entry = _entries.get(key) or _kept_form(key, compiled)
            except Exception:  # noqa: BLE001 - a pattern re compiles its own way is compiled again next run
                entry = None
            if entry is not None:
                kept.append(entry)
        payload = marshal.dumps(kept)
        _write(_NAMESPACE, _name(), lambda path: write_sealed(path, payload))  # and drop old builds' files
        _entries.update(((type(e[0]), e[0], e[1]), e) for e in kept)  # kept: a later save in this process skips them
    except Exception:  # noqa: BLE001 - the next run compiles them again
        return


def _kept_form(key, compiled):
    """``_sre.compile``'s arguments for a pattern, as ``re._compiler.compile`` builds them; None when the
    pattern rebuilt from them would not equal the compiled one."""
    import _sre
    from re import _compiler, _parser

    kind, pattern, flags = key
    if kind not in (str, bytes) or type(flags) is not int or len(pattern) > _LONGEST:
        return None
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = {str(name): int(index) for name, index in parsed.state.groupdict.items()}
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (pattern, flags, int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
             tuple(indexgroup))
    if _sre.compile(*entry[:1], *entry[2:]) != compiled:
        return None
    from array import array
    packed = array(_CODE, code)
    if packed.itemsize != _sre.CODESIZE:
        return None
    return entry[:3] + (packed.tobytes(),) + entry[4:]
