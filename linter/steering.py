"""What a configuration found in the scanned repository does to the results, said out loud.

A repository under review may carry its own ``.prodlint.toml``. prodlint applies it (that is how a team
tunes the tool), but every setting that removes or weakens findings is a way for the repository to hide
something from its reviewer, so each one is announced: a notice line in every output format, and an entry
in SARIF ``runs[].properties`` (see report/sarif.py). Settings that only add checks say nothing.
"""
from __future__ import annotations

from .api import SEVERITY_RANK

_SHOWN = 3  # patterns quoted per setting; the rest are counted


def _quote(values) -> str:
    values = [str(v) for v in values]
    shown = ", ".join(repr(v) for v in values[:_SHOWN])
    return shown + (f" and {len(values) - _SHOWN} more" if len(values) > _SHOWN else "")


def steering(config, default_severity: dict[str, str], overrides: dict[str, str]) -> list[dict]:
    """One entry per setting of an in-tree configuration that can remove, hide or weaken findings:
    ``{"setting": name, "effect": text}``. Empty for a configuration named on the command line (the user's)."""
    if not config.in_tree or config.path is None:
        return []
    raw = config.raw
    out = []

    def add(setting: str, effect: str) -> None:
        out.append({"setting": setting, "effect": effect})

    if config.select:
        add("select", f"only rules {_quote(config.select)} run")
    if config.ignore:
        add("ignore", f"rules {_quote(config.ignore)} do not run")
    for role, patterns in sorted(config.roles.items()):
        if role != "production" and patterns:
            add(f"roles.{role}", f"files matching {_quote(patterns)} count as {role}, not production: "
                                 "production checks skip them")
    for pattern, ids in sorted(config.per_file_ignores.items()):
        add("per-file-ignores", f"rules {_quote(ids)} are not reported in files matching {pattern!r}")
    lowered = sorted(rid for rid, level in overrides.items()
                     if SEVERITY_RANK[level] < SEVERITY_RANK.get(default_severity.get(rid, level), 0))
    if lowered:
        add("severity", f"lowers the severity of {_quote(lowered)}")
    if config.exclude:
        add("exclude", f"paths matching {_quote(config.exclude)} are not scanned")
    if config.baseline is not None:
        add("baseline", f"findings listed in {raw.get('baseline')!r} are not reported")
    if config.rules:
        add("rules", f"options of {_quote(sorted(config.rules))} are changed from their defaults")
    if "fail-on" in raw and SEVERITY_RANK[config.fail_on] > SEVERITY_RANK["warning"]:
        add("fail-on", f"only {config.fail_on} findings fail the run")
    if "max-file-size" in raw and config.max_file_size < 2 * 1024 * 1024:
        add("max-file-size", f"files over {config.max_file_size} bytes are skipped")
    if config.untracked == "none":
        add("untracked", "git-ignored files are not read, not even the env files a deployment loads")
    if config.rules_dirs:
        add("rules-dirs", f"{len(config.rules_dirs)} rule folder(s) of the repository's own")
    return out


def notice_text(entry: dict) -> str:
    return f"configuration from the scanned repository: {entry['setting']}: {entry['effect']}"
