"""Production code must not turn off certificate checks for every TLS connection the process makes.

## What it does
Reports `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` (or `0`, or set as `process.env['NODE_TLS_REJECT_UNAUTHORIZED']`)
written in backend source. Node reads the
variable for every TLS connection it opens afterwards: the database, Redis, HTTP APIs, the mail server. The
same setting in env files, compose files and Dockerfiles is reported by ENV008 and DKF012. A value read from
elsewhere (`= process.env.X`) is not reported.

## Why it matters in production
With the check off, anyone on the network path can present their own certificate and read or change the
traffic to the database and every API the backend calls; Node prints a warning once and carries on. A
self-signed or private CA is trusted properly by giving its certificate to the client (`ca:` in the
connection options, or `NODE_EXTRA_CA_CERTS`).

## Example
```js path=src/db.js
const express = require('express');
const { Pool } = require('pg');

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
module.exports = pool;
```

## Use instead
```js path=src/db.js
const express = require('express');
const fs = require('fs');
const { Pool } = require('pg');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  ssl: { ca: fs.readFileSync(process.env.DB_CA_FILE, 'utf8') },
});
module.exports = pool;
```

## References
- https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue
- https://nodejs.org/api/cli.html#node_extra_ca_certsfile
"""
from linter.api import RuleMeta
from linter.api.node import analysis

META = RuleMeta(
    id="JS026", name="node-tls-verification-disabled", kinds=("node",), severity="warning",
    checklist=("database.encryption",), cwe=(295,),
    hints=("NODE_TLS_REJECT_UNAUTHORIZED",),
    peers=("njsscan:node_tls_reject",),
)
MESSAGES = {
    "off": "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for every TLS connection this process "
           "opens; remove it and give the client the CA certificate instead (`ca:` or NODE_EXTRA_CA_CERTS)",
}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for owner, value in info.assignments("NODE_TLS_REJECT_UNAUTHORIZED"):
        if owner != "process.env":
            continue
        literal = info.literal(value)
        if literal == 0 or (isinstance(literal, str) and literal.strip() == "0"):
            yield ctx.finding(doc.span(value.parent), "process.env.NODE_TLS_REJECT_UNAUTHORIZED", "off")
