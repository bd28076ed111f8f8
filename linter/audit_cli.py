"""`prodlint audit`: run the checks, judge every checklist item, write the reports asked for."""
from __future__ import annotations

import json
import os
from pathlib import Path

EXIT_CLEAN, EXIT_FINDINGS = 0, 1


def renderer(fmt: str):
    from .report import audit_html, audit_md, audit_text

    return {"html": audit_html.render, "markdown": audit_md.render, "text": audit_text.render,
            "json": lambda audit, **_: json.dumps(audit.as_dict(), indent=2, ensure_ascii=False) + "\n"}[fmt]


def link_base(root: Path, output: str | None) -> str:
    """The repository root as a report written at ``output`` links to it (relative, so the pair can move)."""
    where = Path(output).resolve().parent if output else Path.cwd()
    try:
        return Path(os.path.relpath(root, where)).as_posix()
    except ValueError:  # another drive
        return root.as_uri()


def run_audit(path, fmt, output, extra: dict, config_path, baseline, no_git, load_plugins, run, write, fail,
              progress, root=None, untracked=None) -> int:
    from .audit import build_audit, is_audit_document

    target = Path(path)
    if not target.exists():
        fail(f"{path}: no such directory")
    if not target.is_dir():
        fail(f"{path}: not a directory (audit takes a repository's directory)")
    if config_path and not Path(config_path).is_file():
        fail(f"{config_path}: no such configuration file")
    previous, findings_baseline = None, None
    if baseline:
        previous, findings_baseline = _read_baseline(baseline, fail, is_audit_document)
    result = run([path], config_path=Path(config_path) if config_path else None, baseline=findings_baseline,
                 use_git=not no_git, progress=progress, load_plugins=load_plugins,
                 root=Path(root) if root else None, untracked=untracked, audit=True)
    report = build_audit(result, previous)
    for kind, target_path in extra.items():
        if target_path:
            write(renderer(kind)(report, link_base=link_base(result.root, target_path)), target_path)
    write(renderer(fmt)(report, link_base=link_base(result.root, output)), output)
    return EXIT_FINDINGS if report.counts["failed"] else EXIT_CLEAN


def _read_baseline(baseline: str, fail, is_audit_document):
    """(a previous JSON audit, None) or (None, a findings baseline path)."""
    from .baseline import MAX_BASELINE_BYTES
    from .files import Unreadable, read_bytes
    try:
        # through the tree's own reader, even for a path the user names: /dev/zero or a FIFO is refused, not
        # read until memory runs out or waited on for ever
        data = json.loads(read_bytes(baseline, MAX_BASELINE_BYTES).decode("utf-8"))
    except Unreadable as exc:
        fail(f"{baseline}: no such file" if "No such file" in str(exc) else f"{baseline}: cannot read ({exc})")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{baseline}: cannot read ({getattr(exc, 'strerror', None) or exc})")
    except (ValueError, RecursionError):
        fail(f"{baseline}: not JSON (expected a JSON audit or a prodlint baseline)")
    if is_audit_document(data):
        return data, None
    return None, Path(baseline)
