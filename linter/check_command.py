"""``prodlint check`` itself, and the helpers every command shares, without click.

The hook's path (``prodlint check FILE ...``) runs through here from :mod:`linter.entry` without
importing click (some milliseconds of every hook run); the click command in :mod:`linter.cli` calls
the same function, so both paths behave alike.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
_FORMATS = ("text", "json", "sarif", "github")


def _fail(message: str) -> None:
    echo(f"prodlint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _write(text, output: str | None) -> None:
    """Write a report, given whole or as a sequence of pieces."""
    pieces = [text] if isinstance(text, str) else text
    clean = (p.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for p in pieces)  # non-UTF-8 names
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                for piece in clean:
                    fh.write(piece)
        except OSError as exc:
            _fail(f"{output}: cannot write ({exc.strerror})")
    else:
        for piece in clean:
            echo(piece, nl=False)


def _run(paths, **kw):
    from .engine import RunOptions, run
    from .errors import UsageError

    try:
        return run(RunOptions(paths=[Path(p) for p in paths], **kw))
    except UsageError as exc:
        _fail(str(exc))


def _split(values) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def echo(message: str = "", nl: bool = True, err: bool = False) -> None:
    """``click.echo`` for text: the same stream, newline and flush. click is imported only when the text
    holds an escape sequence (click strips ANSI codes on a stream that is not a terminal) or the stream's
    encoding is ASCII (click re-wraps it as UTF-8), so the output is the same byte for byte."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    out = message + "\n" if nl else message
    if "\x1b" in out or _ascii_stream(stream):
        import click

        click.echo(out, nl=False, err=err)
        return
    if out:
        stream.write(out)
    stream.flush()


def _ascii_stream(stream) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def check(paths, fmt, output, select, ignore, fail_on, config_path, root, baseline, category, show_files, statistics,
          no_git, no_cache, no_hints, load_plugins, jobs, apply_fix, unsafe_fixes, show_diff, debug, color):
    """Check PATHS (directories or files; default: the current directory); ends the process (exit code)."""
    options = dict(root=Path(root) if root else None, config_path=Path(config_path) if config_path else None,
                   select=_split(select), ignore=_split(ignore), baseline=Path(baseline) if baseline else None,
                   debug=debug, use_git=not no_git, cache=not no_cache, jobs=jobs, load_plugins=load_plugins,
                   hints=not no_hints)
    changed: list[str] = []
    if apply_fix or show_diff:
        from .fixer import fix, write

        outcome = fix(lambda overlay: _run(paths, overlay=overlay, **options), include_unsafe=unsafe_fixes)
        result = outcome.result
        if show_diff:
            echo(outcome.diff(), nl=False)
            sys.exit(EXIT_FINDINGS if outcome.changed else EXIT_CLEAN)
        changed = write(outcome, result.root)
        if not outcome.converged:
            echo(f"prodlint: fixes did not settle after {outcome.passes} passes; review the changes", err=True)
        if changed:
            echo(f"prodlint: fixed {len(outcome.applied)} finding{'s' if len(outcome.applied) != 1 else ''} "
                       f"in {len(changed)} file{'s' if len(changed) != 1 else ''}", err=True)
    else:
        result = _run(paths, progress=_Progress(), **options)
    if show_files:
        for f in result.files:
            echo(f"{f.rel}\t{f.kind}\t{f.role}")
        for n in result.notices:
            echo(f"{n.path}\t-\t{n.message}")
        sys.exit(EXIT_CLEAN)
    from .report import render_chunks

    if color is None:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    _write(render_chunks(result, fmt, color=color, statistics=statistics, category=category), output)
    if baseline:
        baselined = sum(1 for f in result.suppressed if f.suppressed == "baseline")
        echo(f"prodlint: {baselined} finding{'s' if baselined != 1 else ''} matched the baseline", err=True)
        if result.baseline_pruned:
            echo(f"prodlint: {result.baseline_pruned} fixed finding{'s' if result.baseline_pruned != 1 else ''}"
                       f" removed from the baseline", err=True)
    threshold = fail_on or (result.config.fail_on if result.config.path else "warning")
    # pre-commit's convention: a hook that changed files fails, so the developer sees the change
    sys.exit(EXIT_FINDINGS if changed or result.reported(threshold) else EXIT_CLEAN)


class _Progress:
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
