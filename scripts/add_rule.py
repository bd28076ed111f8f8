#!/usr/bin/env python3
"""Scaffold a rule: `python scripts/add_rule.py CMP042 compose-thing compose docker.healthchecks`.

Writes rules/<kind>/<name>.py (docstring sections, META, MESSAGES, check) and an empty
fixtures/rules/<ID>.yml. Rules are discovered, so nothing else needs editing.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = {"env": "env", "compose": "compose", "dockerfile": "dockerfile", "nginx": "nginx", "redis": "redis",
          "node": "node", "package": "package", "python": "python", "repo": "git"}


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip())
        return 2
    rule_id, name, kind, *checklist = argv
    module = ROOT / "rules" / FOLDER[kind] / (name.replace("-", "_") + ".py")
    cases = ROOT / "fixtures" / "rules" / f"{rule_id}.yml"
    if module.exists() or cases.exists():
        print(f"{module if module.exists() else cases} already exists")
        return 1
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(f'''"""TODO one-line summary.

## What it does
TODO

## Why it matters in production
TODO

## Example
```{kind} path=TODO
```

## Use instead
```{kind} path=TODO
```

## References
- TODO
"""
from linter.api import RuleMeta

META = RuleMeta(id="{rule_id}", name="{name}", kinds=("{kind}",), severity="warning",
                checklist={tuple(checklist)!r})
MESSAGES = {{"found": "TODO say what to change"}}


def check(doc, ctx):
    return
    yield
''')
    cases.write_text(f"rule: {rule_id}\ncases:\n  - name: TODO fires\n    files: {{}}\n    expect: []\n")
    print(f"wrote {module.relative_to(ROOT)} and {cases.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
