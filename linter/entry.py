"""The `prodlint` command. A running `prodlint server` (linter.server) is handed the command first;
`prodlint check PATH...` with at most a format and an output file, what pre-commit hooks and CI jobs run, is
run without importing click (linter.command says why), and files named with no option (a pre-commit hook) are
answered from the last run when nothing it read changed (linter.replay); anything else goes through click
(linter.cli)."""
from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:1] != ["server"]:
        from .server_client import run_through_server, start_for_next_time
        code = run_through_server(args)
        if code is not None:
            sys.exit(code)
        start_for_next_time()
    run_here(args)


def run_here(args: list[str]) -> None:
    simple = simple_check(args)
    if simple is not None:
        paths, options = simple
        import os
        # files named one by one with no option (a pre-commit hook), unchanged: the last run's output
        replayable = not options and not any(os.path.isdir(p) for p in paths)
        recording = None
        if replayable:
            from . import replay
            code = replay.replay(args)
            if code is not None:
                from .command import exit_without_teardown
                exit_without_teardown(SystemExit(code))
            recording = replay.start(args)
        from . import recache
        recache.load()  # before PyYAML and the rules compile their patterns, as linter.cli does
        from .command import as_a_command, check

        def body():
            try:
                check(paths, **options)
            except SystemExit as done:
                if recording is not None:
                    replay.finish(recording, done.code)
                raise
        as_a_command(body)
    from .cli import main as with_options
    with_options(obj={"run_here": run_here})  # what `prodlint server` runs each command with (linter.server)


_FORMATS = ("text", "json", "sarif", "github")  # linter.cli's choice, which tests/test_entry.py holds equal
_VALUED = {"-f": "fmt", "--format": "fmt", "-o": "output", "--output": "output"}


def simple_check(args: list[str]) -> tuple[list[str], dict] | None:
    """(paths, options) of `prodlint check PATH... [-f FORMAT] [-o FILE]`, the command pre-commit hooks and CI
    jobs run; None for anything else, which click reads (it also says what is wrong with a command)."""
    if args[:1] != ["check"]:
        return None
    paths: list[str] = []
    options: dict = {}
    words = iter(args[1:])
    for word in words:
        if not word.startswith("-"):
            paths.append(word)
            continue
        name, eq, value = word.partition("=")
        if name not in _VALUED or (eq and name.startswith("-") and not name.startswith("--")):
            return None
        if not eq:
            value = next(words, None)
            if value is None:
                return None
        key = _VALUED[name]
        if key in options or not value or value.startswith("-"):
            return None
        options[key] = value
    if not paths or options.get("fmt", "text") not in _FORMATS:
        return None
    if "output" in options:
        import os
        if os.path.isdir(options["output"]):
            return None  # click's message says it is a directory
    return paths, options
