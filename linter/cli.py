"""The command line. Heavy modules (parsers, jsonschema, rules) are imported inside commands, so
``prodlint --version`` and ``--help`` stay instant."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

from .check_command import (  # noqa: F401  (the other commands share these)
    EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, _FORMATS, _Progress, _fail, _run, _split, _write, check as _check,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="prodlint")
def main():
    """prodlint: check a repository against a production deployment checklist."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-f", "--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--select", multiple=True, help="Only these rules (ids, names or id prefixes; comma-separated).")
@click.option("--ignore", multiple=True, help="Not these rules (ids, names or id prefixes; comma-separated).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "note"]), default=None,
              help="Lowest severity that makes the exit code 1 [default: warning, or the config's fail-on].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True), help="Configuration file.")
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Repository root (paths are relative to it).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Only report findings not in this baseline file.")
@click.option("--category", default="prodlint/", show_default=True, help="SARIF automationDetails.id.")
@click.option("--show-files", is_flag=True, help="List each file with the kind it was classified as, and stop.")
@click.option("--statistics", is_flag=True, help="Count findings per rule (text format).")
@click.option("--no-git", is_flag=True, help="Walk the tree instead of asking git which files exist.")
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
def check(paths, fmt, output, select, ignore, fail_on, config_path, root, baseline, category, show_files, statistics,
          no_git, no_cache, no_hints, load_plugins, jobs, apply_fix, unsafe_fixes, show_diff, debug, color):
    """Check PATHS (directories or files; default: the current directory)."""
    _check(paths, fmt, output, select, ignore, fail_on, config_path, root, baseline, category, show_files, statistics,
           no_git, no_cache, no_hints, load_plugins, jobs, apply_fix, unsafe_fixes, show_diff, debug, color)


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
    from .loader import load_rules

    rules = load_rules([], load_catalog().ids)
    rule = next((r for r in rules if rule_id in (r.meta.id, r.meta.name)), None)
    if rule is None:
        meta = next((m for m in engine_rules.ALL if rule_id in (m.id, m.name)), None)
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
@click.argument("path", required=False, default=".", type=click.Path(exists=True, file_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text",
              show_default=True, help="Format written to --output (or stdout).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write the HTML report here.")
@click.option("--markdown", "md_path", type=click.Path(dir_okay=False), help="Also write the Markdown report here.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True))
@click.option("--baseline", type=click.Path(dir_okay=False), help="Leave out findings in this baseline.")
@click.option("--no-git", is_flag=True, help="Walk the tree instead of asking git which files exist.")
@click.option("--load-plugins", is_flag=True, help="Import the rules-dirs of a configuration in the scanned tree.")
def audit(path, fmt, output, html_path, md_path, config_path, baseline, no_git, load_plugins):
    """Report every checklist item for the repository at PATH: failed, passed, not applicable, manual."""
    import json

    from .audit import build_audit
    from .report import audit_html, audit_md

    result = _run([path], config_path=Path(config_path) if config_path else None,
                  baseline=Path(baseline) if baseline else None, use_git=not no_git, progress=_Progress(),
                  load_plugins=load_plugins)
    report = build_audit(result)
    renderers = {"markdown": audit_md.render, "html": audit_html.render,
                 "json": lambda a: json.dumps(a.as_dict(), indent=2, ensure_ascii=False) + "\n",
                 "text": _audit_text}
    if html_path:
        _write(audit_html.render(report), html_path)
    if md_path:
        _write(audit_md.render(report), md_path)
    _write(renderers[fmt](report), output)
    sys.exit(EXIT_FINDINGS if report.counts["failed"] else EXIT_CLEAN)


def _audit_text(report) -> str:
    lines = []
    for _, title, items in report.by_section():
        lines.append(title)
        for i in items:
            lines.append(f"  {i.verdict:15} {i.item.id:32} {len(i.findings) or '':>4}  {i.item.text[:70]}")
    c = report.counts
    lines.append(f"\n{c['failed']} failed, {c['passed']} passed, {c['not-applicable']} not applicable, "
                 f"{c['manual']} need a person" + (f", {c['not-checked']} not checked" if c["not-checked"] else ""))
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("path", required=False, default=".", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Baseline file [default: PATH/.prodlint-baseline.json].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True))
@click.option("--load-plugins", is_flag=True, help="Import the rules-dirs of a configuration in the scanned tree.")
def baseline(path, output, config_path, load_plugins):
    """Record today's findings so that `check --baseline` reports only new ones."""
    from .baseline import write_baseline

    result = _run([path], config_path=Path(config_path) if config_path else None, load_plugins=load_plugins)
    target = Path(output) if output else Path(path) / ".prodlint-baseline.json"
    count = write_baseline(result.findings, target)
    click.echo(f"prodlint: wrote {count} finding{'s' if count != 1 else ''} to {target}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
