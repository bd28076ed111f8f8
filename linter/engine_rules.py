"""Findings the engine itself reports: files it could not read, rules that failed, directives that are wrong.

They are metadata only (no check function): the engine emits them while running the real rules.
"""
from __future__ import annotations

from .api import RuleMeta

PARSE_ERROR = RuleMeta(id="PL001", name="parse-error", kinds=("env", "compose", "dockerfile", "nginx", "node",
                       "redis", "package", "python"), severity="error", checklist=(), security=False,
                       roles=("production", "development", "example", "test"))
INTERNAL_ERROR = RuleMeta(id="PL002", name="internal-error", kinds=PARSE_ERROR.kinds, severity="error",
                          checklist=(), security=False, roles=PARSE_ERROR.roles)
UNKNOWN_SUPPRESSION = RuleMeta(id="PL003", name="unknown-rule-in-directive", kinds=PARSE_ERROR.kinds,
                               severity="error", checklist=(), security=False, roles=PARSE_ERROR.roles)
UNUSED_SUPPRESSION = RuleMeta(id="PL004", name="unused-directive", kinds=PARSE_ERROR.kinds, severity="warning",
                              checklist=(), security=False, roles=PARSE_ERROR.roles)
MISSING_REASON = RuleMeta(id="PL005", name="directive-without-reason", kinds=PARSE_ERROR.kinds,
                          severity="warning", checklist=(), security=False, roles=PARSE_ERROR.roles)

DOCS = {
    "PL001": """A file could not be parsed.

## What it does
Reports a file that is not valid for its kind (YAML syntax, an unknown Dockerfile instruction, unbalanced
nginx braces, an env line without `=`, a JavaScript syntax error) at the position the parser gave up.

## Why it matters in production
A file prodlint cannot read is a file no rule has checked, and often one the deployment tool will refuse too.
The rest of the file, where it can be read, and the rest of the repository are still checked.
""",
    "PL002": """A rule failed on a file.

## What it does
Reports that a rule raised an error on a file, naming the rule, so the run goes on and nobody mistakes an
unchecked file for a clean one. Run with `--debug` to see the traceback.

## Why it matters in production
A silent crash would look like a pass.
""",
    "PL003": """A suppression directive names a rule that does not exist.

## What it does
Reports `prodlint: ignore[...]` directives whose ids or names match no rule.

## Why it matters in production
A typo in a suppression would otherwise hide nothing and go unnoticed.
""",
    "PL004": """A suppression directive suppresses nothing.

## What it does
Reports directives that no finding used, so stale suppressions are removed once the problem is fixed.

## Why it matters in production
Stale suppressions hide the next real problem on that line.
""",
    "PL005": """A suppression directive gives no reason.

## What it does
With `require-reason = true` in the configuration, reports directives without `-- reason`.

## Why it matters in production
A reviewer should know why a production check was waived.
""",
}
ALL = (PARSE_ERROR, INTERNAL_ERROR, UNKNOWN_SUPPRESSION, UNUSED_SUPPRESSION, MISSING_REASON)
