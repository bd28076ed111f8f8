"""What Python compiles at every start of prodlint, kept from one run to the next.

Two things are compiled again by every process although they never change from one run to the next:
- regular expressions: Python parses a pattern and generates the program its C matcher runs in Python
  code, and a pre-commit run on three files compiles some 230 patterns (prodlint's, its rules', PyYAML's);
- the methods ``@dataclass`` writes for each class (``__init__``, ``__repr__``, ``__eq__``...): it generates
  their source text and compiles it, some 190 functions in the same run.
Together they were a third of a pre-commit run. Each result depends only on its source (a pattern and its
flags, a function's text) and the interpreter, so a run keeps what it compiled and later runs reuse it.
Anything not kept is compiled as usual: the cache changes no result.

- Regular expression programs are data: they are kept in the user's cache folder, sealed like every cache
  file (linter.usercache), and the matcher checks a program before it accepts it (``_sre.compile``); one it
  refuses is compiled afresh.
- Dataclass methods are code, and the cache folder is never trusted with code (SECURITY.md, guarantee 4): they
  are kept beside prodlint's own bytecode, in its package's ``__pycache__``, trusted as Python trusts the
  bytecode it caches there; where that folder cannot be written, they are compiled every run.

Only what is part of the program is kept: a pattern that is a literal of the code compiling it, or built in a
module or class body (a table of words joined at import), or a lazy pattern defined there; dataclass methods
(their text comes from class definitions). A pattern built at run time from what a scanned repository holds
(an escaped value) is compiled as usual and never written to disk. ``--no-cache`` and ``PRODLINT_NO_CACHE``
leave both alone.
"""
from __future__ import annotations

import sys

_NAMESPACE = "regex"
_MAX_ENTRIES = 4096  # patterns, and functions, kept: a few runs' worth of every kind's
_CODES_FILE = "startcache-dataclasses.{module}.{tag}.{key}.bin"  # in linter/__pycache__, one per module
_COMPREHENSIONS = {"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"}
_CO_OPTIMIZED = 0x0001  # inspect.CO_OPTIMIZED: set for functions, clear for module and class bodies

# "programs": {(pattern, flags): program}, "codes": {module: {function text: code object}} (read when that
# module's first dataclass is made), "new": what this run added
_state: dict = {}


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
    """Read what earlier runs kept and compile through it for the rest of the process (once; a no-op when
    the cache is switched off)."""
    if _state or "--no-cache" in sys.argv[1:]:
        return
    from .usercache import cache_dir, read_blob
    if cache_dir() is None:
        return
    key = _cache_key()
    programs: dict = {}
    for entry in _unmarshal(read_blob(_NAMESPACE, key)):
        program = _program(entry)
        if program is not None:
            programs[program[0]] = program[1]
    codes: dict = {}
    _state.update(programs=programs, codes=codes, new={"regex": {}, "code": {}}, key=key)
    _install_regex(programs, _state["new"]["regex"])
    _install_dataclasses(codes, _state["new"]["code"])
    import atexit
    atexit.register(save)


def _install_regex(programs: dict, new: dict) -> None:
    import re  # noqa: F401 - the compiler below is re's
    compiler = _compiler()
    if compiler is None:  # pragma: no cover - an interpreter whose compiler this module does not know
        return
    import _thread
    original, sre = compiler.compile, compiler._sre
    recorder = _Recorder(sre)
    compiler._sre = recorder
    lock = _thread.RLock()  # the recorder holds the last compile's arguments: one compile at a time

    def compile(p, flags=0):
        if isinstance(p, str):
            kept = programs.get((p, int(flags)))
            if kept is not None:
                try:
                    return sre.compile(p, *kept)
                except Exception:  # noqa: BLE001 - a program the matcher refuses: compile it afresh
                    programs.pop((p, int(flags)), None)
        with lock:
            recorder.last = None
            compiled = original(p, flags)
            args = recorder.last
        if isinstance(p, str) and args is not None and args[0] is p and _wanted(p):
            new[(p, int(flags))] = args[1:]
        return compiled

    compiler.compile = compile


def _install_dataclasses(codes: dict, new: dict) -> None:
    """``dataclasses`` runs the text of the methods it writes with ``exec``: a module-level ``exec`` in it
    is found before the builtin, and runs the kept code object of the same text."""
    import builtins
    import dataclasses
    if "exec" in vars(dataclasses):  # pragma: no cover - already shadowed by someone else: leave it
        return

    def exec_(source, globals=None, locals=None, /):
        if isinstance(source, str):
            module = globals.get("__name__") if isinstance(globals, dict) else None
            if not isinstance(module, str) or not module.replace(".", "").replace("_", "").isalnum():
                return builtins.exec(source, globals, locals)  # a module name that cannot name a file
            kept = codes.get(module)
            if kept is None:
                kept = codes[module] = _read_codes(module)
            code = kept.get(source)
            if code is None:
                code = new.setdefault(module, {})[source] = builtins.compile(source, "<string>", "exec")
            source = code
        return builtins.exec(source, globals, locals)

    dataclasses.exec = exec_


def _is_code(value) -> bool:
    return type(value) is type(_is_code.__code__)


def _wanted(pattern: str) -> bool:
    """Whether the code that asked for ``pattern`` (the first frame outside re) defines it; a lazy pattern
    knows whether it was defined."""
    frame = caller_outside("/re/__init__.py", "/re.py", "/linter/startcache.py")
    if frame is None:
        return False
    if frame.f_code.co_filename.replace("\\", "/").endswith("/linter/lazyre.py"):
        return bool(getattr(frame.f_locals.get("self"), "defined", False))
    return is_definition(pattern, frame)


def _unmarshal(payload: bytes | None) -> list:
    """A kept list: marshal, fast to read; safe here because the programs' file is sealed with the user's key
    (a file anyone else wrote is never unsealed, so never unmarshalled) and the methods' file lies in
    prodlint's own install."""
    if payload is None:
        return []
    import marshal
    try:
        kept = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return []
    return kept if isinstance(kept, list) else []


def _codes_path(module: str):
    from pathlib import Path
    return Path(__file__).parent / "__pycache__" / _CODES_FILE.format(
        module=module, tag=sys.implementation.cache_tag, key=_state["key"])


def _read_codes(module: str) -> dict:
    """The kept methods of one module's dataclasses: {text: code object}."""
    try:
        with open(_codes_path(module), "rb") as fh:
            payload = fh.read()
    except OSError:
        return {}
    return {entry[0]: entry[1] for entry in _unmarshal(payload) if isinstance(entry, list) and len(entry) == 2
            and isinstance(entry[0], str) and _is_code(entry[1])}


def _write_codes(module: str, payload: bytes) -> None:
    """Atomically (a reader sees the old file or the new one); nothing when the folder cannot be written."""
    import os
    import tempfile
    path = _codes_path(module)
    try:
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


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
    """Write what is kept with what this run added (at exit, when it added something)."""
    new = _state.get("new")
    if not new or not (new["regex"] or new["code"]) or "--no-cache" in sys.argv[1:]:
        return
    import marshal
    from .usercache import write_blob
    try:
        if new["regex"]:
            programs = {**_state["programs"], **new["regex"]}
            # the compiler's opcodes are int subclasses (named constants): kept as the plain numbers the
            # matcher reads
            write_blob(_NAMESPACE, _state["key"], marshal.dumps([
                [p, f, int(final), [int(c) for c in code], int(groups), dict(groupindex), list(indexgroup)]
                for (p, f), (final, code, groups, groupindex, indexgroup) in list(programs.items())[-_MAX_ENTRIES:]]))
        for module, added in new["code"].items():
            codes = {**_state["codes"].get(module, {}), **added}
            _write_codes(module, marshal.dumps([[text, code] for text, code in list(codes.items())[-_MAX_ENTRIES:]]))
    except ValueError:  # pragma: no cover - a value marshal cannot write: keep nothing rather than fail at exit
        return
    new["regex"].clear()
    new["code"].clear()
