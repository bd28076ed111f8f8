"""Database and Redis clients must be created once, not per request.

## What it does
Reports a database or Redis client or pool (pg `Pool`/`Client`, mysql/mysql2/mariadb `createConnection`/
`createPool`, `mongoose.connect`, `MongoClient`, Sequelize, knex, TypeORM `DataSource`, redis `createClient`,
ioredis) created inside a request handler: a function with `(req, res)` / `(ctx, next)` / `(request, reply)`
parameters or one passed to `app.get('/path', ...)`-style registrations.

A client assigned to an outer variable on first use (`pool ??= new Pool()`, `if (!client) client = ...`) is
created once and is not reported.

A single-connection client (pg `Client`, mysql `createConnection`) created inside a helper function that
route handlers call, directly or through one helper of their own (`withClient(fn)` in `db.js` that opens,
uses and ends a `Client`), is reported too: the helper runs once per request. A helper called only at start-up
(`main()`, migration and seed scripts) is not, nor a handler registered only in a branch that runs outside
production (`if (isDev) { app.get('/_e2e/reset', ...) }`) and the helpers only such handlers call.

It also reports a single `mysql.createConnection()` / pg `Client` created at module level in a file that
serves HTTP routes: one connection serialises every request and is not re-established when it drops.

## Why it matters in production
Opening a connection costs a TCP and TLS handshake plus authentication on every request, and under load the
database runs out of connections (`too many connections`) long before the app runs out of CPU. A pool created
once at start-up reuses connections and caps how many the app opens.

## Example
```js path=routes/users.js
const express = require('express');
const { Pool } = require('pg');

const router = express.Router();
router.get('/users', async (req, res) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query('SELECT id, name FROM users');
  res.json(rows);
});
module.exports = router;
```

## Use instead
```js path=routes/users.js
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const router = express.Router();
router.get('/users', async (req, res) => {
  const { rows } = await pool.query('SELECT id, name FROM users');
  res.json(rows);
});
module.exports = router;
```

## References
- https://node-postgres.com/features/pooling
- https://github.com/sidorares/node-mysql2#using-connection-pools
"""
from linter.api import RuleMeta
from linter.api.node import (DB_HINT, analysis, connection_helper, db_configs, in_development_branch,
                             in_request_handler, node_model, routes)

META = RuleMeta(
    id="JS022", name="db-client-per-request", kinds=("node",), severity="warning",
    checklist=("database.connection-pool",), security=False,
    hints=(DB_HINT,),
)
MESSAGES = {
    "per-request": "a {driver} client is created for every request; create the pool once at start-up and reuse it",
    "single": "one {driver} connection serves every request; use a pool (`{pool}`) so requests run in parallel "
              "and dropped connections are replaced",
}
_SINGLE = {"mysql.createConnection": "mysql.createPool()", "mysql2.createConnection": "mysql.createPool()",
           "mysql2/promise.createConnection": "mysql.createPool()", "mariadb.createConnection": "mariadb.createPool()",
           "pg.Client": "new Pool()", "pg.default.Client": "new Pool()"}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    # mssql.connect returns mssql's global pool; a configuration object is not a client
    configs = [c for c in db_configs(info) if c.call is not None and c.call.qname != "mssql.connect"]
    serves_http = None
    for cfg in configs:
        if _lazy_singleton(cfg.call.node):
            continue
        if in_request_handler(info, cfg.call.node):
            if in_development_branch(cfg.call.node):
                continue  # a handler registered only outside production
            yield ctx.finding(doc.span(cfg.call.node), f"{cfg.driver}.client", "per-request", driver=cfg.driver)
        elif _helper_per_request(doc, ctx, info, cfg.call):
            yield ctx.finding(doc.span(cfg.call.node), f"{cfg.driver}.client", "per-request", driver=cfg.driver)
        elif cfg.call.qname in _SINGLE and info.enclosing_function(cfg.call.node) is None:
            if serves_http is None:
                serves_http = bool(routes(info) or info.app_creations())
            if serves_http:
                yield ctx.finding(doc.span(cfg.call.node), f"{cfg.driver}.client", "single", driver=cfg.driver,
                                  pool=_SINGLE[cfg.call.qname])


def _helper_per_request(doc, ctx, info, call):
    """`withClient(fn)` in db.js opening `new Client()` that route handlers call, directly or through one
    helper: a connection per request, though no handler writes `new Client` itself."""
    name = connection_helper(info, call)
    if not name:
        return False
    model = node_model(ctx.model)
    return (doc.rel, name) in model.per_request_helpers(model.scope_of(doc.rel))


def _lazy_singleton(node):
    """`pool = pool || new Pool()` / `if (!client) client = createClient()`: created once, on first use."""
    parent = node.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression", "binary_expression",
                                                 "as_expression", "non_null_expression"):
        parent = parent.parent
    return parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression")
