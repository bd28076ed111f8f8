"""TODO one-line summary.

## What it does
TODO

## Why it matters in production
TODO

## Example
```python path=TODO
```

## Use instead
```python path=TODO
```

## References
- TODO
"""
from linter.api import RuleMeta

META = RuleMeta(id="PY021", name="python-redis-without-password", kinds=("python",), severity="warning",
                checklist=('secrets.redis-auth',))
MESSAGES = {"found": "TODO say what to change"}


def check(doc, ctx):
    return
    yield
