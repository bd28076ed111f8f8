"""The ``prodlint`` executable: ``check`` with plain options goes straight to the check, anything else to click.

A pre-commit hook runs ``prodlint check FILE ...`` once per commit; importing click is some milliseconds of that
run. The options read here are the ones hooks and CI pass, spelt the way click would accept them; any
other argument (help, version, ``--opt=value``, ``--``, an option click would validate against the file
system, a value click would reject) hands the whole command line to click, so errors and help read the same.
"""
from __future__ import annotations

import sys

_FLAGS = {"--no-cache": "no_cache", "--no-hints": "no_hints", "--no-git": "no_git", "--statistics": "statistics"}
_VALUES = {"-f": "fmt", "--format": "fmt", "-o": "output", "--output": "output", "--select": "select",
           "--ignore": "ignore", "--fail-on": "fail_on", "-j": "jobs", "--jobs": "jobs", "--category": "category"}
_CHOICES = {"fmt": ("text", "json", "sarif", "github"), "fail_on": ("error", "warning", "note")}


def main(args: list[str] | None = None) -> None:
    argv = sys.argv[1:] if args is None else list(args)
    options = plain_check(argv)
    if options is None:
        from .cli import main as click_main

        click_main(args)
        return
    from .check_command import check, echo

    try:
        check(**options)
    except (EOFError, KeyboardInterrupt):  # as click ends a command
        echo("", err=True)
        echo("Aborted!", err=True)
        sys.exit(1)
    except BrokenPipeError:  # `prodlint check ... | head`: quietly, as click does
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def plain_check(argv: list[str]) -> dict | None:
    """The check command's parameters when ``argv`` is ``check`` with plain options only, else None."""
    if not argv or argv[0] != "check":
        return None
    out: dict = dict(paths=[], fmt="text", output=None, select=[], ignore=[], fail_on=None, config_path=None,
                     root=None, baseline=None, category="prodlint/", show_files=False, statistics=False,
                     no_git=False, no_cache=False, no_hints=False, load_plugins=False, jobs=None, apply_fix=False,
                     unsafe_fixes=False, show_diff=False, debug=False, color=None)
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg in _FLAGS:
            out[_FLAGS[arg]] = True
        elif arg in _VALUES:
            if i + 1 >= len(argv):
                return None
            name, value = _VALUES[arg], argv[i + 1]
            if value.startswith("-") or not _valid(name, value):
                return None
            if name in ("select", "ignore"):
                out[name].append(value)
            else:
                out[name] = int(value) if name == "jobs" else value
            i += 1
        elif arg.startswith("-") or not arg:
            return None
        else:
            out["paths"].append(arg)
        i += 1
    out["paths"] = tuple(out["paths"])
    out["select"], out["ignore"] = tuple(out["select"]), tuple(out["ignore"])
    return out


def _valid(name: str, value: str) -> bool:
    if name in _CHOICES:
        return value in _CHOICES[name]
    if name == "jobs":
        return value.isascii() and value.isdigit() and 1 <= int(value) <= 64
    if name == "output":  # click refuses a directory here
        import os

        return bool(value) and not os.path.isdir(value)
    return True
