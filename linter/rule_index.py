"""Write the built-in rules' shipped index (schemas/rule-index.json: see linter.loader.shipped_index).

    python -m linter.rule_index          # after changing a rule, its metadata schema or the checklist

A stale index is never used (its digests do not match): a run without the user cache then imports every rule.
"""
from __future__ import annotations

import json
import sys

from . import __version__
from .loader import SHIPPED_INDEX, _rule_files, content_digests, imported_folder
from .resources import builtin_rules_dir, schema_path


def render() -> str:
    folder = builtin_rules_dir()
    files = _rule_files(folder)
    _, entries, _ = imported_folder(folder, files, "prodlint_rule_index", True, None)
    index = {"version": __version__, "digests": content_digests(folder, files), "entries": entries}
    return json.dumps(index, indent=0, sort_keys=True) + "\n"


def main() -> int:
    schema_path(SHIPPED_INDEX).write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
