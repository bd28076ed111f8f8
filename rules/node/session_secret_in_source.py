"""Session secrets must come from the environment, not from the source code.

## What it does
Reports `express-session`, `cookie-session`, `koa-session` and `@fastify/session` options whose `secret`
(or `keys`) is a string literal, or an environment variable with a literal fallback
(`process.env.SESSION_SECRET || 'keyboard cat'`). Options objects shaped like express-session's (with
`resave` or `saveUninitialized`) are judged too when a config module builds them for a call elsewhere.

## Why it matters in production
Anyone who can read the repository can forge session cookies signed with a secret written in it, and a
fallback silently becomes the production secret the day the variable is missing. Read the secret from the
environment (or a secret store) and refuse to start without it.

## Example
```js path=app.js
const express = require('express');
const session = require('express-session');

const app = express();
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
```

## Use instead
```js path=app.js
const express = require('express');
const session = require('express-session');

const secret = process.env.SESSION_SECRET;
if (!secret) throw new Error('SESSION_SECRET is required');
const app = express();
app.use(session({ secret, resave: false, saveUninitialized: false }));
```

## References
- https://github.com/expressjs/session#secret
"""
from linter.api import RuleMeta
from linter.api.node import analysis, session_uses

META = RuleMeta(
    id="JS004", name="session-secret-in-source", kinds=("node",), severity="error",
    checklist=("secrets.session-secret",), cwe=(798,),
    hints=("session|resave|saveuninitialized|rolling",),
)
MESSAGES = {
    "literal": "the {module} `{option}` is written in the source; read it from SESSION_SECRET (or a secret store) "
               "and rotate the committed value",
    "fallback": "the {module} `{option}` falls back to a literal when {env} is unset; fail at start-up instead "
                "and rotate the committed value",
}


def check(doc, ctx):
    info = analysis(doc)
    for use in session_uses(info):
        if use.options is None:
            continue
        for key in ("secret", "keys", "key"):
            value = use.options.get(key)
            if value is None:
                continue
            node = info.resolve(value)
            items = node.named_children if node is not None and node.type == "array" else [value]
            for item in items:
                source = info.secret(item)
                if source is None or not source.value.strip():
                    continue
                yield ctx.finding(doc.span(source.node), f"session.{key}", "fallback" if source.env else "literal",
                                  secret=source.value, module=use.module, option=key, env=source.env)
