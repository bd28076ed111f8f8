"""A backend should report its errors to an error-tracking service.

## What it does
Reports (as a note) a backend `package.json` (one that depends on express, koa, fastify, hapi, Nest, restify
or Adonis) whose `dependencies` contain no error-tracking or APM SDK: `@sentry/*`, `@bugsnag/*`, `rollbar`,
`newrelic`, `dd-trace`, `elastic-apm-node`, `@honeybadger-io/*`, `airbrake`, `@appsignal/*`,
`applicationinsights`, `@opentelemetry/*` and similar. SDKs only in `devDependencies` do not ship, so they do
not count. A package whose server answers health probes only (a worker's `/healthz` sidecar) is still reported:
this rule reads `package.json` alone, so that its cached outcome stays valid while the package's source and the
repository's compose files change (asking the Node model which routes the server answers cost a whole-package
analysis on every compose edit, and the outcome was cached without the source it read).

## Why it matters in production
Without error tracking, an exception in production is a line in a container log nobody reads. An SDK groups
errors, keeps their stack traces and request context, and alerts when a new one appears. This is a note:
some teams ship logs to a platform that does the same, which prodlint cannot see.

## Example
```json path=package.json
{
  "name": "api",
  "dependencies": { "express": "^4.19.2", "pg": "^8.11.0" }
}
```

## Use instead
```json path=package.json
{
  "name": "api",
  "dependencies": { "express": "^4.19.2", "pg": "^8.11.0", "@sentry/node": "^8.0.0" }
}
```

## References
- https://docs.sentry.io/platforms/javascript/guides/express/
"""
from linter.api import RuleMeta
from linter.api.repository import BACKEND_PACKAGES

META = RuleMeta(
    id="PKG001", name="no-error-tracking", kinds=("package",), severity="note",
    checklist=("logging.error-tracking",), security=False,
)
MESSAGES = {
    "missing": "this backend has no error-tracking SDK in its dependencies; add one (e.g. @sentry/node) so "
               "production exceptions are reported",
}
_PREFIXES = ("@sentry/", "@bugsnag/", "@honeybadger-io/", "@airbrake/", "@appsignal/", "@opentelemetry/",
             "@elastic/apm", "@datadog/", "@instana/", "@newrelic/", "@azure/monitor-opentelemetry",
             "@google-cloud/error-reporting", "@highlight-run/", "@rollbar/")
_NAMES = {"raven", "bugsnag", "rollbar", "newrelic", "dd-trace", "elastic-apm-node", "honeybadger", "airbrake-js",
          "raygun", "appsignal", "applicationinsights", "@sentry/node", "trackjs", "logrocket", "atatus-nodejs",
          "scoutapm", "stackimpact", "@dynatrace/oneagent", "signalfx-tracing", "appdynamics"}


def check(doc, ctx):
    every = doc.dependencies("dependencies", "devDependencies", "peerDependencies")
    if not any(name in every for name in BACKEND_PACKAGES):
        return
    shipped = doc.dependencies("dependencies", "optionalDependencies")
    if any(name in _NAMES or name.startswith(_PREFIXES) for name in shipped):
        return
    span = doc.key_span("dependencies") if "dependencies" in doc.data else doc.key_span()
    yield ctx.finding(span, "dependencies.error-tracking", "missing")
