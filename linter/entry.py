"""The `prodlint` command. A running `prodlint server` (linter.server) is handed the command first;
`prodlint check FILE...` with no option, what a pre-commit hook runs, is run without importing click
(linter.command says why); anything else goes through click (linter.cli)."""
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
    if len(args) > 1 and args[0] == "check" and not any(a.startswith("-") for a in args[1:]):
        from . import replay
        code = replay.replay(args)  # the same files, unchanged, and all they were checked with: last output
        if code is not None:
            from .command import exit_without_teardown
            exit_without_teardown(SystemExit(code))
        recording = replay.start(args)
        from . import recache
        recache.load()  # before PyYAML and the rules compile their patterns, as linter.cli does
        from .command import as_a_command, check

        def body():
            try:
                check(args[1:])
            except SystemExit as done:
                if recording is not None:
                    replay.finish(recording, done.code)
                raise
        as_a_command(body)
    from .cli import main as with_options
    with_options(obj={"run_here": run_here})  # what `prodlint server` runs each command with (linter.server)
