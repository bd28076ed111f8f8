"""The backend must shut down gracefully on SIGTERM.

## What it does
Reports the backend's app, once per backend package at the app's creation in the entry point, when no
production file of that package handles SIGTERM (`process.on('SIGTERM', ...)`, Nest's
`app.enableShutdownHooks()`, or a helper such as `http-terminator`, `@godaddy/terminus`, `stoppable`), and
reports a SIGTERM handler that exits without closing anything (no `.close()`, `.stop()`, `.shutdown()`...).
A handler for SIGINT alone does not count: `docker stop` and Kubernetes send SIGTERM. Nor does the handler of a
job the server forks (a script that talks to its parent through `process.on('message')`, `process.send()` or
worker_threads' `parentPort`, and serves nothing): it ends the job, not the server, and is not judged itself.
A file of a cluster program (it imports `node:cluster`) is not such a job: the primary's handler, which tells
its workers, counts. `process` imported from `node:process` is the global.

Only a package that serves HTTP is judged: something in its production code listens (`app.listen()`,
`server.listen()`, Hapi's `server.start()`, a WebSocket-only server built on a port of its own, `new
WebSocketServer({ port })`) or its start script runs a server file such as `./bin/www`;
a package that only exports an app or handlers is left alone. An app a file only sends fake requests
(`fastify.inject()`, hapi's `server.inject()`) and neither listens on nor exports is a test or a demonstration,
not the package's server. A framework's app whose every route is a health probe (a worker's `/healthz`
sidecar) has no requests in flight to cut off, and is left alone too.

## Why it matters in production
`docker stop`, Kubernetes and every orchestrator send SIGTERM and wait. Node's default is to die at once,
cutting off requests in flight and leaving database transactions half done; or, as PID 1 in a container,
to ignore the signal until the orchestrator kills it ten seconds later. A handler that closes the server
lets in-flight requests finish.

## Example
```js path=server.js
const express = require('express');

const app = express();
app.listen(3000);
```

## Use instead
```js path=server.js
const express = require('express');

const app = express();
const server = app.listen(3000);
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
```

## References
- https://expressjs.com/en/advanced/healthcheck-graceful-shutdown.html
- https://docs.docker.com/reference/cli/docker/container/stop/
"""
import re

from linter.api import RuleMeta
from linter.api.node import APP_HINT, analysis, forked_child, node_model
from linter.api import lazy

META = RuleMeta(
    id="JS012", name="missing-sigterm-handler", kinds=("node",), severity="warning",
    checklist=("docker.signals",), security=False,
    hints=(APP_HINT + "|sigterm",),
)
MESSAGES = {
    "missing": "nothing handles SIGTERM, so `docker stop` cuts requests off; add `process.on('SIGTERM', ...)` "
               "that closes the server{nest}",
    "no-close": "this SIGTERM handler exits without closing the server; call `server.close()` and exit when "
                "it is done",
}
_CLOSES = lazy(r"\.(close|stop|shutdown|terminate|destroy|disconnect|end|quit|drain)\s*\(|"
                     r"shutdown|graceful|terminat|cleanup|closeServer|teardown", re.I)


def check(doc, ctx):
    model = node_model(ctx.model)
    here = model.app_here(doc)
    if here is not None:
        app, facts = here
        # a framework's probe server (every route it declares a health check: a worker's `/healthz` sidecar)
        # has no requests to cut off; a plain http handler declares no routes to tell it by
        if not facts.sigterm and not (app.framework != "http" and model.health_only(model.scope_of(doc.rel))):
            yield ctx.finding(app.span, "app.sigterm", "missing",
                              nest=" (Nest: `app.enableShutdownHooks()`)" if app.framework == "nest" else "")
    info = analysis(doc, ctx.model)
    if forked_child(info):
        return  # a job the server forks: its handler ends the job, and it has no server to close
    for call in info.calls_with(qnames=("process.on", "process.once", "process.addListener")):
        if call.qname not in ("process.on", "process.once", "process.addListener") or len(call.args) < 2 or \
                info.string(call.args[0]) != "SIGTERM":
            continue
        fn = info.function_of(call.args[1])
        if fn is None:
            continue
        body = fn.child_by_field_name("body")
        if body is not None and not _CLOSES.search(body.text.decode("utf-8", "replace")):
            yield ctx.finding(doc.span(call.node), "process.SIGTERM", "no-close")
