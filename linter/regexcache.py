"""Compiled regular expressions kept from one run to the next, in the user's cache.

Python compiles a regular expression in Python code (parse it, then generate the program its C matcher
runs), and a pre-commit run on three files compiles some 230 of them (prodlint's, its rules', PyYAML's):
about a fifth of the run. The program depends only on the pattern, its flags and the interpreter, so a run
keeps the programs it generated, sealed like every cache file (linter.usercache), and later runs hand them
to the matcher directly (``_sre.compile``, which checks a program before it accepts it). A pattern missing
from the cache, or one the matcher refuses, is compiled as usual: the cache changes no result.

Only patterns that are part of a program are kept: a literal of the code that compiles it, or a pattern
built in a module or class body (a table of words joined at import), or a lazy pattern defined there. A
pattern built at run time from what a scanned repository holds (an escaped value) is compiled as usual and
never written to disk. ``--no-cache`` and ``PRODLINT_NO_CACHE`` leave the cache alone.
"""
from __future__ import annotations

import sys

_NAMESPACE = "regex"
_MAX_ENTRIES = 4096  # programs kept: a few runs' worth of every kind's patterns
_COMPREHENSIONS = {"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"}
_CO_OPTIMIZED = 0x0001  # inspect.CO_OPTIMIZED: set for functions, clear for module and class bodies

_state: dict = {}  # "table": {(pattern, flags): program}, "new": the same for programs generated this run


def _compiler():
    """The module whose ``compile(p, flags)`` turns a pattern into a Pattern (re._compiler from 3.11)."""
    module = getattr(sys.modules.get("re"), "_compiler", None)
    if module is None:  # pragma: no cover - Python 3.10
        import sre_compile as module
    return module if callable(getattr(module, "compile", None)) and hasattr(module, "_sre") else None


def _cache_key() -> str:
    import hashlib
    import _sre
    return hashlib.sha256(f"{sys.version}\0{sys.implementation.cache_tag}\0{_sre.MAGIC}\0{_sre.CODESIZE}"
                          .encode()).hexdigest()[:32]


def is_definition(pattern: str, frame) -> bool:
    """Whether ``pattern``, handed over by the code running in ``frame``, is part of a program: a constant
    of that code, or made in a module or class body (or in a comprehension there)."""
    code = frame.f_code
    while frame is not None and frame.f_code.co_name in _COMPREHENSIONS:
        frame = frame.f_back
    if frame is not None and not frame.f_code.co_flags & _CO_OPTIMIZED:
        return True
    return any(const is pattern for const in code.co_consts)


def caller_outside(*suffixes: str):
    """The nearest frame (above this function's caller) whose file does not end with one of ``suffixes``."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.replace("\\", "/").endswith(suffixes):
        frame = frame.f_back
    return frame


class _Recorder:
    """Stands for ``_sre`` inside the compiler: remembers the arguments of the last ``compile``."""

    def __init__(self, sre):
        self._sre = sre
        self.last = None

    def compile(self, *args):
        self.last = args
        return self._sre.compile(*args)

    def __getattr__(self, name):
        return getattr(self._sre, name)


def install() -> None:
    """Read the kept programs and compile through them for the rest of the process (once; a no-op when the
    cache is switched off or this interpreter's compiler is not the one this module knows)."""
    if _state or "--no-cache" in sys.argv[1:]:
        return
    from .usercache import cache_dir, read_json
    import re  # noqa: F401 - the compiler below is re's
    compiler = _compiler()
    if compiler is None or cache_dir() is None:
        return
    key = _cache_key()
    table: dict = {}
    for entry in read_json(_NAMESPACE, key) or ():
        program = _program(entry)
        if program is not None:
            table[program[0]] = program[1]
    _state.update(table=table, new={}, key=key)
    original, sre = compiler.compile, compiler._sre
    recorder = _Recorder(sre)
    compiler._sre = recorder

    def compile(p, flags=0):
        if isinstance(p, str):
            kept = table.get((p, int(flags)))
            if kept is not None:
                try:
                    return sre.compile(p, *kept)
                except Exception:  # noqa: BLE001 - a program the matcher refuses: compile it afresh
                    table.pop((p, int(flags)), None)
        recorder.last = None
        compiled = original(p, flags)
        args = recorder.last
        if isinstance(p, str) and args is not None and args[0] is p and _wanted(p):
            _state["new"][(p, int(flags))] = args[1:]
        return compiled

    compiler.compile = compile
    import atexit
    atexit.register(save)


def _wanted(pattern: str) -> bool:
    """Whether the code that asked for ``pattern`` (the first frame outside re) defines it; a lazy pattern
    knows whether it was defined."""
    frame = caller_outside("/re/__init__.py", "/re.py", "/linter/regexcache.py")
    if frame is None:
        return False
    if frame.f_code.co_filename.replace("\\", "/").endswith("/linter/lazyre.py"):
        return bool(getattr(frame.f_locals.get("self"), "defined", False))
    return is_definition(pattern, frame)


def _program(entry) -> tuple | None:
    """((pattern, flags), (flags, code, groups, groupindex, indexgroup)) from a cache entry, or None."""
    try:
        pattern, flags, final, code, groups, groupindex, indexgroup = entry
        if not (isinstance(pattern, str) and type(flags) is int and type(final) is int and type(groups) is int
                and isinstance(code, list)  # its items are checked by the matcher, as the program itself
                and isinstance(groupindex, dict) and isinstance(indexgroup, list)):
            return None
        return (pattern, flags), (final, code, groups, dict(groupindex), tuple(indexgroup))
    except (TypeError, ValueError):
        return None


def save() -> None:
    """Write the kept programs with this run's new ones (at exit, when there are new ones)."""
    new = _state.get("new")
    if not new or "--no-cache" in sys.argv[1:]:
        return
    from .usercache import write_json
    merged = dict(_state["table"])
    merged.update(new)
    entries = [[p, f, final, list(code), groups, dict(groupindex), list(indexgroup)]
               for (p, f), (final, code, groups, groupindex, indexgroup) in list(merged.items())[-_MAX_ENTRIES:]]
    write_json(_NAMESPACE, _state["key"], entries)
    new.clear()
