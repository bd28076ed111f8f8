"""The command line. Heavy modules (parsers, jsonschema, rules) are imported inside commands, so
``prodlint --version`` and ``--help`` stay instant."""
from __future__ import annotations

import sys
from pathlib import Path

from . import recache

recache.load()  # before click, PyYAML and the rules compile their patterns (linter/recache.py)

import click  # noqa: E402

from . import __version__, command  # noqa: E402
from .command import (CHECK_DEFAULTS, EXIT_INTERRUPTED, Progress as _Progress, as_a_command,  # noqa: E402
                      fail, run_engine, safe as _safe, write_report)

# Building a click.Path looks its name ("file", "directory", "path") up in the message catalogs, a gettext
# search of the locale folders each time: sixteen options built sixteen of them, some 2 ms of every run.
# A parameter type holds no state of its own, so the options share these four.
_ANY_PATH = click.Path(path_type=str)
_FILE = click.Path(dir_okay=False)
_EXISTING_FILE = click.Path(dir_okay=False, exists=True)
_EXISTING_DIR = click.Path(file_okay=False, exists=True)
_FORMATS = ("text", "json", "sarif", "github")


# the commands' shared parts, written without click (linter.command); click.echo strips colour codes from a
# stream that is no terminal (`--color` into a file), so the commands click runs print through it
def _fail(message: str) -> None:
    fail(message, click.echo)


def _write(text, output: str | None) -> None:
    write_report(text, output, click.echo)


def _run(paths, **kw):
    return run_engine(paths, click.echo, **kw)


class _Main(click.Group):
    """Ctrl-C ends a run with one line and the shell's exit code for SIGINT; the engine's workers ignore
    SIGINT and are stopped by the pool, so no traceback reaches the terminal."""

    def __call__(self, *args, **kwargs):
        if args or kwargs:  # called with its arguments by other code, which may go on after SystemExit
            import gc
            gc.set_threshold(10_000, 10, 10)  # as as_a_command does
            return super().__call__(*args, **kwargs)
        as_a_command(super().__call__)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("prodlint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


_UNTRACKED_HELP = ("Git-ignored files to read: none, env (check: env files with production evidence; audit: all "
                   "env files), all (every file of a known kind) [default: env, or the config's untracked].")


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="prodlint")
def main():
    """prodlint: check a repository against a production deployment checklist."""


@main.command()
@click.argument("paths", nargs=-1, type=_ANY_PATH)
@click.option("-f", "--format", "fmt", type=click.Choice(_FORMATS), default=CHECK_DEFAULTS["fmt"], show_default=True)
@click.option("-o", "--output", type=_FILE, help="Write the report to this file.")
@click.option("--select", multiple=True, help="Only these rules (ids, names or id prefixes; comma-separated).")
@click.option("--ignore", multiple=True, help="Not these rules (ids, names or id prefixes; comma-separated).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "note"]), default=None,
              help="Lowest severity that makes the exit code 1 [default: the config's fail-on, else warning].")
@click.option("--config", "config_path", type=_EXISTING_FILE, help="Configuration file.")
@click.option("--root", type=_EXISTING_DIR,
              help="Repository root: reported paths are relative to it [default: the git work tree, else the folder "
                   "given]; a path outside it is refused.")
@click.option("--baseline", type=_FILE, help="Only report findings not in this baseline file.")
@click.option("--category", default=CHECK_DEFAULTS["category"], show_default=True, help="SARIF automationDetails.id.")
@click.option("--sarif-suppressed", type=click.Choice(["include", "omit"]), default=CHECK_DEFAULTS["sarif_suppressed"],
              show_default=True, help="SARIF: leave suppressed findings out as results (counted in a notification, "
              "every place in the log's properties), or include them as results carrying `suppressions`, for a "
              "consumer that honours them (GitHub code scanning opens an alert for each).")
@click.option("--show-files", is_flag=True, help="List each file with the kind it was classified as, and stop.")
@click.option("--statistics", is_flag=True, help="Count findings per rule (text format).")
@click.option("--no-git", is_flag=True, help="Walk the tree instead of asking git which files exist.")
@click.option("--untracked", type=click.Choice(("none", "env", "all")), default=None, help=_UNTRACKED_HELP)
@click.option("--no-cache", is_flag=True, help="Neither read nor write cached results (every file is checked).")
@click.option("--no-hints", is_flag=True,
              help="Parse every file, even one holding none of the words an active rule needs (slower; to rule out "
                   "a missed finding).")
@click.option("--load-plugins", is_flag=True,
              help="Import the rules-dirs named by a configuration found in the scanned tree (runs its code).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes [default: one per core for large runs, else 1].")
@click.option("--fix", "apply_fix", is_flag=True, help="Apply safe fixes to the files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes a reviewer must see.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the changes fixes would make; write nothing.")
@click.option("--debug", is_flag=True, help="Let internal errors raise with a traceback.")
@click.option("--color/--no-color", default=None, help="Colour text output [default: when writing to a terminal].")
def check(paths, **options):
    """Check PATHS (directories or files; default: the current directory)."""
    command.check(paths, echo=click.echo, **options)


@main.command("rules")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(fmt):
    """List every rule: id, name, kinds, severity, fix, checklist items."""
    import json

    from .catalog import load_catalog
    from .errors import UsageError
    from .loader import load_rules

    try:
        rules = load_rules([], load_catalog().ids)
    except UsageError as exc:
        _fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps([{**r.meta.as_dict(), "summary": r.summary} for r in rules], indent=2))
        return
    for r in rules:
        m = r.meta
        click.echo(f"{m.id}  {m.name:40} {','.join(m.kinds):28} {m.severity:8} fix={m.fix:6} "
                   f"{','.join(m.checklist)}")


@main.command("rule")
@click.argument("rule_id")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
def show_rule(rule_id, fmt):
    """Print one rule's documentation (RULE_ID is an id or a name)."""
    import json

    from . import docs, engine_rules
    from .catalog import load_catalog
    from .loader import find_rule, load_rules

    rules = load_rules([], load_catalog().ids)
    rule = find_rule(rules, rule_id)
    if rule is None:
        meta = find_rule(engine_rules.ALL, rule_id)
        if meta is None:
            _fail(f"unknown rule '{rule_id}'; see `prodlint rules`")
        text = engine_rules.DOCS[meta.id]
        click.echo(json.dumps({**meta.as_dict(), "doc": text}, indent=2) if fmt == "json" else text)
        return
    markdown = docs.render_markdown(rule, dict(rule.meta.options))
    if fmt == "json":
        click.echo(json.dumps({**rule.meta.as_dict(), "summary": rule.summary, "doc": markdown}, indent=2))
    elif fmt == "markdown":
        click.echo(markdown, nl=False)
    else:
        click.echo(docs.render_text(markdown), nl=False)


@main.command()
@click.argument("path", required=False, default=".", type=_ANY_PATH)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text",
              show_default=True, help="Format written to --output (or stdout).")
@click.option("-o", "--output", type=_FILE, help="Write the report to this file.")
@click.option("--html", "html_path", type=_FILE, help="Also write the HTML report here.")
@click.option("--markdown", "md_path", type=_FILE, help="Also write the Markdown report here.")
@click.option("--json", "json_path", type=_FILE, help="Also write the JSON report here.")
@click.option("--config", "config_path", type=_FILE)
@click.option("--baseline", type=_FILE,
              help="A previous JSON audit: show what changed, item by item (a findings baseline from "
                   "`prodlint baseline` leaves its findings out instead).")
@click.option("--no-git", is_flag=True, help="Walk the tree instead of asking git which files exist.")
@click.option("--root", type=_EXISTING_DIR,
              help="Repository root: reported paths are relative to it [default: the git work tree, else PATH].")
@click.option("--untracked", type=click.Choice(("none", "env", "all")), default=None, help=_UNTRACKED_HELP)
@click.option("--load-plugins", is_flag=True, help="Import the rules-dirs of a configuration in the scanned tree.")
def audit(path, fmt, output, html_path, md_path, json_path, config_path, baseline, no_git, root, untracked,
          load_plugins):
    """Report every checklist item for the repository at PATH: failed, passed, not applicable, not checked or
    needing a person, with the evidence, the reasons and what to fix first."""
    from .audit_cli import run_audit

    sys.exit(run_audit(path, fmt, output, {"html": html_path, "markdown": md_path, "json": json_path},
                       config_path, baseline, no_git, load_plugins, _run, _write, _fail, _Progress(),
                       root=root, untracked=untracked))


@main.command()
@click.argument("path", required=False, default=".", type=_EXISTING_DIR)
@click.option("-o", "--output", default=None, type=_FILE,
              help="Baseline file [default: PATH/.prodlint-baseline.json].")
@click.option("--config", "config_path", type=_EXISTING_FILE)
@click.option("--load-plugins", is_flag=True, help="Import the rules-dirs of a configuration in the scanned tree.")
def baseline(path, output, config_path, load_plugins):
    """Record today's findings so that `check --baseline` reports only new ones."""
    from .baseline import write_baseline

    result = _run([path], config_path=Path(config_path) if config_path else None, load_plugins=load_plugins)
    target = Path(output) if output else Path(path) / ".prodlint-baseline.json"
    from .errors import UsageError
    try:  # the default file is in the scanned tree: written only inside it; a named one is the user's choice
        count = write_baseline(result.findings, target, None if output else result.root)
    except UsageError as exc:
        _fail(str(exc))
    click.echo(f"prodlint: wrote {count} finding{'s' if count != 1 else ''} to {_safe(str(target))}", err=True)


@main.group()
def server():
    """A background process that keeps prodlint imported, so hooks and editors start in milliseconds.

    While one runs, every `prodlint` command of this installation is handed to it and runs in a fresh fork
    of it, with this shell's directory, environment and terminal: the same output and exit status, without
    the start-up. PRODLINT_NO_SERVER=1 runs a command here regardless."""


def _shown_path(path: str) -> str:
    # the socket's own name is a digest, which secret masking would hide; the path is the user's, not a repository's
    from .report.visible import inert_lines
    return inert_lines(path)


@server.command("start")
@click.option("--idle-timeout", type=click.FloatRange(min=1), default=15 * 60, show_default=True,
              help="Seconds without a command after which the server exits.")
@click.option("--foreground", is_flag=True, help="Serve from this process until stopped (for a supervisor).")
def server_start(idle_timeout, foreground):
    """Start the server (nothing happens when one already serves this installation)."""
    from . import server as srv
    run_here = (click.get_current_context().find_root().obj or {}).get("run_here")
    if run_here is None:
        _fail("server: start it with the `prodlint` command")
    try:
        pid = srv.start(run_here, idle_timeout, foreground)
    except OSError as exc:
        _fail(f"server: {exc}")
    if not foreground:
        click.echo(f"prodlint: server {pid} is serving {_shown_path(srv.socket_path())}", err=True)


@server.command("stop")
def server_stop():
    """Stop the server of this installation, if one runs."""
    from . import server as srv
    click.echo("prodlint: server stopped" if srv.stop() else "prodlint: no server was running", err=True)


@server.command("status")
def server_status():
    """Say whether a server serves this installation (exit 0) or not (exit 1)."""
    from . import server as srv
    answer = srv.status()
    if answer is None:
        click.echo("prodlint: no server is running", err=True)
        sys.exit(1)
    click.echo(f"prodlint: server {answer['pid']} is serving {_shown_path(srv.socket_path())} "
               f"({answer['served']} served, {answer['children']} running)")


if __name__ == "__main__":  # pragma: no cover
    main()
