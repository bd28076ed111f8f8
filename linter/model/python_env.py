"""Environment reads written through a helper, as settings modules often do.

Real settings modules wrap ``os.getenv`` in small functions of their own and parse booleans with a helper:

    def envbool(name, default):                     # healthchecks' hc/settings.py
        v = os.getenv(name, default=default)
        return v == "True"

    DEBUG = envbool("DEBUG", "True")                 # True when DEBUG is unset
    ENFORCE_HTTPS = parse_boolean(os.environ.get("ENFORCE_HTTPS", "false"))
    DEBUG = bool(strtobool(os.getenv("DEBUG", "False")))

A reader sees through both. :func:`env_helper` does too, for :func:`linter.model.python.resolve`:

* a *wrapper* is a module-level function defined in the file whose first two parameters are passed
  straight to ``os.getenv`` / ``os.environ.get`` (the variable's name and its fallback), or whose body reads
  ``os.environ.get(name) or fallback`` (romm's ``_get_env(var, fallback)``); a call to it
  reads that variable with that fallback. Its value is read as a boolean when the function's name says
  so (``envbool``, ``env_bool``, ``get_bool_env``) or its body compares the value with ``"True"`` /
  ``"1"`` / a tuple of truthy words;
* a *boolean parser* is a one-argument call of a function named like one (``strtobool``, ``parse_boolean``,
  ``str2bool``, ``asbool``, ``to_bool``): the argument's value, read as a boolean.

Nothing is executed: the wrapper is recognised from its text, the value is the literal at the call site.
"""
from __future__ import annotations

import re

from ..lazyre import lazy

_BOOL_PARSER = lazy(r"^(str_?to_?bool|strtobool|parse_?bool(ean)?|as_?bool|str2bool|to_?bool(ean)?|"
                    r"is_?true|truthy|string_to_bool)$", re.I)
_BOOL_NAME = lazy(r"bool", re.I)
_DEF = lazy(r"^def[ \t]+(\w+)\s*\(\s*(\w+)(?:\s*:[^,=)]*)?\s*,\s*(\w+)", re.M)
_BOOL_BODY = lazy(r"""==\s*["'](True|true|1|yes|on)["']|\bin\s*[\(\[{]\s*["'](1|true|yes|on|True)["']""")


def env_helper(doc, name: str, args: list, keywords: dict) -> tuple[str | None, object, bool] | None:
    """(variable read, the expression whose value the call returns, read as a boolean) for a call to an
    environment wrapper (variable named at the call, the fallback argument) or a boolean parser (no
    variable of its own, its argument); None when ``name`` is neither. :func:`~linter.model.python.resolve`
    resolves the expression."""
    from ..parsers.python import literal
    last = name.rsplit(".", 1)[-1]
    if _BOOL_PARSER.match(last) and len(args) == 1 and not keywords:
        return None, args[0], True
    wrapper = _wrappers(doc).get(name)
    if wrapper is None:
        return None
    key_param, default_param, boolean = wrapper
    key = args[0] if args else keywords.get(key_param)
    variable = literal(key) if key is not None else None
    if not isinstance(variable, str):
        return None
    return variable, args[1] if len(args) > 1 else keywords.get(default_param), boolean


def _wrappers(doc) -> dict[str, tuple[str, str, bool]]:
    """Function name -> (name parameter, fallback parameter, reads a boolean), for the wrappers this file
    defines at module level."""
    cached = doc.__dict__.get("_py_env_wrappers")
    if cached is None:
        cached = doc.__dict__["_py_env_wrappers"] = _defined(_text(doc))
    return cached


def _defined(text: str) -> dict[str, tuple[str, str, bool]]:
    out = {}
    if "getenv" not in text and "environ.get" not in text:
        return out
    starts = [m for m in _DEF.finditer(text)]
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        newline = text.find("\n", m.end())
        body = text[newline if 0 <= newline < end else end:end]  # from the line after the signature
        stop = re.search(r"^[^\s)]", body, re.M)  # the next top-level statement (a ")" closes the signature)
        if stop is not None:
            body = body[:stop.start()]
        fn, key, default = m.group(1), m.group(2), m.group(3)
        passes = re.search(rf"(os\.getenv|environ\.get|getenv)\(\s*{key}\s*,\s*(default\s*=\s*)?{default}\s*[,)]",
                           body) or \
            re.search(rf"(os\.getenv|environ\.get|getenv)\(\s*{key}\s*\)\s*or\s+{default}\b", body)
        # `os.environ.get(var) or fallback`: an unset (or empty) variable gives the fallback
        if passes:
            out[fn] = (key, default, bool(_BOOL_NAME.search(fn) or _BOOL_BODY.search(body)))
    return out


def _text(doc) -> str:
    file = getattr(doc, "file", None)
    text = getattr(file, "text", None) if file is not None else None
    return text if isinstance(text, str) else ""
