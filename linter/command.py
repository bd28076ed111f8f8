"""What the commands do once their options are read: click reads them (linter.cli), except for
`prodlint check FILE...` with no option at all, which linter.entry runs without importing click.

That is what a pre-commit hook runs, on a few files, where starting Python and importing is most of the
time: click and what it imports (inspect, typing, datetime, uuid) were a fifth of such a run. The defaults
live once, in :func:`check`'s signature, which click's options read (``CHECK_DEFAULTS``);
``tests/test_entry.py`` holds both ways to the same output and exit code.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2  # SIGINT, as shells report it


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """The part of ``click.echo`` the commands use: a text on stdout or stderr, flushed. Text output carries
    colour codes only when it goes to a terminal (or `--color`, which goes through click), so there are none
    to strip here."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    if nl:
        text += "\n"
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a stream set to ASCII: the text with what it cannot show replaced
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


def safe(text: str) -> str:
    """Repository text (a path, a configuration value) fit for a terminal: evidence masked, controls visible."""
    from .report.visible import inert_lines
    from .secrets import mask_message
    return inert_lines(mask_message(text))


def fail(message: str, echo=echo) -> None:
    echo(f"prodlint: error: {safe(message)}", err=True)
    sys.exit(EXIT_USAGE)


def write_report(text, output: str | None, echo=echo) -> None:
    """Write a report, given whole or as a sequence of pieces."""
    pieces = [text] if isinstance(text, str) else text
    clean = (p.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for p in pieces)  # non-UTF-8 names
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                for piece in clean:
                    fh.write(piece)
        except OSError as exc:
            fail(f"{output}: cannot write ({exc.strerror})", echo)
    else:
        for piece in clean:
            echo(piece, nl=False)


_whole_process = False  # set by as_a_command: this run is the process's last work (a command, or a server's fork)


def run_engine(paths, echo=echo, **kw):
    from .engine import Engine, RunOptions
    from .errors import UsageError

    try:
        engine = Engine(RunOptions(paths=[Path(p) for p in paths], **kw))
        if _whole_process:
            # The imports, the configuration and the rule set live to the end of the process: moved out of the
            # collector's generations, they are not walked again by every collection the run makes (a tenth of
            # a pre-commit run on three files went to two of them). A fork of `prodlint server` ends after its
            # command too; a library caller's process is left alone.
            import gc
            gc.freeze()
        return engine.run()
    except UsageError as exc:
        fail(str(exc), echo)


def split(values) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


class Progress:
    """A progress bar on stderr for long runs on a terminal; nothing in CI or when stderr is not a TTY."""

    def __init__(self):
        self.bar = None
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 50:
            return
        if self.bar is None:
            import click
            self.bar = click.progressbar(length=total, label="checking", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)
        if done == total:
            self.bar.__exit__(None, None, None)


def check(paths, fmt="text", output=None, select=(), ignore=(), fail_on=None, config_path=None, root=None,
          baseline=None, category="prodlint/", show_files=False, statistics=False, no_git=False, untracked=None,
          no_cache=False, no_hints=False, load_plugins=False, jobs=None, apply_fix=False, unsafe_fixes=False,
          show_diff=False, debug=False, color=None, sarif_suppressed="omit", echo=echo):
    """`prodlint check`: ends the process with its exit code."""
    options = dict(root=Path(root) if root else None, config_path=Path(config_path) if config_path else None,
                   select=split(select), ignore=split(ignore), baseline=Path(baseline) if baseline else None,
                   debug=debug, use_git=not no_git, cache=not no_cache, jobs=jobs, load_plugins=load_plugins,
                   hints=not no_hints, untracked=untracked)
    changed: list[str] = []
    if apply_fix or show_diff:
        from .fixer import fix, write

        outcome = fix(lambda overlay: run_engine(paths, echo, overlay=overlay, **options), include_unsafe=unsafe_fixes)
        result = outcome.result
        if show_diff:
            echo(outcome.diff(), nl=False)
            sys.exit(EXIT_FINDINGS if outcome.changed else EXIT_CLEAN)
        from .files import Unwritable
        try:
            changed = write(outcome, result.root)
        except Unwritable as exc:
            for line in str(exc).splitlines():
                echo(f"prodlint: error: {safe(line)}", err=True)
            echo("prodlint: error: no fix was written", err=True)
            sys.exit(EXIT_USAGE)
        if not outcome.converged:
            echo(f"prodlint: fixes did not settle after {outcome.passes} passes; review the changes", err=True)
        if changed:
            echo(f"prodlint: fixed {len(outcome.applied)} finding{'s' if len(outcome.applied) != 1 else ''} "
                 f"in {len(changed)} file{'s' if len(changed) != 1 else ''}", err=True)
    else:
        result = run_engine(paths, echo, progress=Progress(), **options)
    if show_files:
        roles = result.project.roles
        for f in result.files:
            status = result.untracked.get(f.rel)  # "ignored": read under --untracked
            echo(f"{safe(f.rel)}\t{f.kind}\t{f.role}\t{safe(roles.decision(f.rel).evidence)}"
                 + (f"\t{status}" if status else ""))
        for n in result.notices:
            echo(f"{safe(n.path)}\t-\t{safe(n.message)}")
        sys.exit(EXIT_CLEAN)
    from .report import render_chunks
    from . import recache

    if color is None:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    write_report(render_chunks(result, fmt, color=color, statistics=statistics, category=category,
                               suppressed=sarif_suppressed), output, echo)
    # files named one by one (a pre-commit hook): start-up is most of such a run; a whole tree's run adds what
    # it compiled when the kept patterns and it fit together (a warm run)
    recache.save(only_adding=not paths or any(os.path.isdir(p) for p in paths))
    if baseline:
        baselined = sum(1 for f in result.suppressed if f.suppressed == "baseline")
        echo(f"prodlint: {baselined} finding{'s' if baselined != 1 else ''} matched the baseline", err=True)
        if result.baseline_pruned:
            echo(f"prodlint: {result.baseline_pruned} fixed finding{'s' if result.baseline_pruned != 1 else ''}"
                 f" removed from the baseline", err=True)
    threshold = fail_on or result.config.fail_on  # one default, in config.py, with or without a config file
    # pre-commit's convention: a hook that changed files fails, so the developer sees the change
    sys.exit(EXIT_FINDINGS if changed or result.reported(threshold) else EXIT_CLEAN)


def _defaults(function) -> dict:
    code = function.__code__
    names = code.co_varnames[:code.co_argcount]
    defaults = dict(zip(names[len(names) - len(function.__defaults__):], function.__defaults__))
    defaults.pop("echo")
    return defaults


CHECK_DEFAULTS = _defaults(check)


def as_a_command(body) -> None:
    """Run ``body`` as the whole process: the collector tuned for a run, Ctrl-C as one line and the shell's
    exit code for SIGINT, a closed pipe as exit 1, and the exit without tearing the interpreter down."""
    # Imports and parse trees allocate hundreds of thousands of objects that live to the end and hold few
    # cycles: with the default threshold (700) the collector walks them again and again, a tenth of a
    # pre-commit run. Collect young objects every 10,000 allocations instead: mypy's 100,000 left the
    # cycles a whole-repository run makes to pile up (peak memory 55 -> 96 MiB on 80 services, growing
    # with the repository), while 10,000 keeps nearly all of the gain and memory flat.
    import gc
    global _whole_process
    gc.set_threshold(10_000, 10, 10)
    _whole_process = True
    try:
        try:
            body()
        except KeyboardInterrupt:
            echo("prodlint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader went away (`| head`): as click does, quietly, with status 1
            _silence_stdout()
            sys.exit(EXIT_FINDINGS)
    except SystemExit as done:
        exit_without_teardown(done)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def exit_without_teardown(done: SystemExit) -> None:
    """Exit as ``sys.exit`` would (exit functions run, output flushed, the same status), without tearing the
    interpreter down: freeing every module and object one by one and collecting them again costs a tenth of a
    pre-commit run, and a process that ends frees them all at once. Reports and cache files are closed by
    then (each is written inside a ``with``); when the output cannot be flushed, Python's own exit reports it."""
    import atexit
    code = done.code
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message on stderr, status 1
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None
    final_exit(status)


final_exit = os._exit  # a `prodlint server` fork reports the status to its client first (linter.server)
