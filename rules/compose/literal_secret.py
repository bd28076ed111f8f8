"""Secrets must not be written into a production compose file's `environment`.

## What it does
Reports a variable of a production service's `environment:` whose name says it holds a secret
(it ends in `PASSWORD`, `PASSWD`, `PASS`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`,
`CLIENT_SECRET`, `CREDENTIALS`, `SALT`, `ENCRYPTION_KEY`, `SIGNING_KEY`, ...) and whose value is
written in the compose file itself: a literal, or the default of `${VAR:-default}` when the
deploy environment does not set `VAR`. URLs (`DATABASE_URL`, `*_DSN`, ...) with an inline password
count too. Values from the deploy environment (`${VAR}`, `${VAR:?required}`, a bare `- VAR`),
`*_FILE` paths to Docker secrets, and template markers (`<token>`, `{{ secret }}`, `xxxx`) are not
reported. A placeholder word (`changeme`) or a weak value is reported too: it is what the service runs
with unless something replaces it, and the fix this rule asks for (the value comes from the deploy
environment or a secret) is another change than the strong value the variable rules (ENV*) ask for, under
another checklist item.
A value several services take from one YAML anchor (`<<: *env` or `environment: *env`) is reported once,
where the anchor writes it, naming the services that use it; a service that writes the key itself is
reported at its own line.

## Why it matters in production
A value in the compose file is in every clone, fork, CI log and backup of the repository, and in
`docker inspect` output on every host; rotating it means a commit and a redeploy. Docker secrets
(mounted as files under `/run/secrets`) or variables supplied by the deployment keep it out of the
repository.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    environment:
      STRIPE_API_KEY: sk_live_51HxZq8Lk2Jd9Wm3Np7Qr4Ts6Vy1Bc0Dd
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    environment:
      STRIPE_API_KEY: ${STRIPE_API_KEY:?set STRIPE_API_KEY in the deploy environment}
      DB_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
secrets:
  db_password:
    environment: DB_PASSWORD
```

## References
- https://docs.docker.com/compose/how-tos/use-secrets/
- https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
"""
import re
from urllib.parse import urlsplit

from linter.api import RuleMeta
from linter.api.secrets import is_template_marker, printed_anyway
from linter.api import lazy

META = RuleMeta(
    id="CMP013", name="compose-literal-secret", kinds=("compose",), severity="error",
    checklist=("docker.secrets",), cwe=(798,),
)
MESSAGES = {
    "literal": "{name} of service '{service}' is written in the compose file; pass it from the deploy "
               "environment (`${{{name}}}`) or as a Docker secret",
    "default": "{name} of service '{service}' falls back to a default written in the compose file; use "
               "`${{{name}:?}}` so a missing value stops the deploy, and keep the value out of the repository",
    "url": "{name} of service '{service}' has a password inside the URL written in the compose file; pass the URL "
           "or its password from the deploy environment or a Docker secret",
}
_SECRET_NAME = lazy(
    r"(PASSWORD|PASSWD|_PASS|^PASS|_PWD|SECRET|SECRET_KEY|SECRET_KEY_BASE|TOKEN|API_?KEY|APIKEY|PRIVATE_?KEY|"
    r"ACCESS_?KEY(_ID)?|AUTH_?KEY|CLIENT_SECRET|CREDENTIALS?|SALT|ENCRYPTION_?KEY|SIGNING_?KEY|MASTER_?KEY|"
    r"LICENSE_?KEY|WEBHOOK_SECRET)$", re.I)
_URL_NAME = lazy(r"(_URL|_URI|_DSN|^DSN|CONNECTION_?STRING)$", re.I)
_NOT_SECRET = lazy(r"^(true|false|yes|no|on|off|none|null|\d+)$", re.I)


def check(doc, ctx):
    # a service that starts no process (replicas: 0) still commits its password
    for service in ctx.model.compose_services(doc, idle=True):
        for setting in service.environment():
            if setting.origin != "compose" or not setting.literal or not setting.value:
                continue
            value = setting.value.strip()
            message = _judge(setting.name, value)
            if message is None:
                continue
            if message == "literal" and service.resolve(_raw(service, setting)).defaulted:
                message = "default"
            # a password equal to the service's name or to a user name written beside it is printed anyway
            yield ctx.finding(setting.span, setting.key, message, path=setting.path,
                              secret=None if printed_anyway(value, service.name, service.environment())
                              else setting.value,
                              name=setting.name, service=service.name)


def _judge(name: str, value: str) -> str | None:
    if name.upper().endswith(("_FILE", "_PATH", "_DIR")) or value.startswith("/run/secrets/"):
        return None
    if _URL_NAME.search(name) and "://" in value:
        try:
            password = urlsplit(value).password
        except ValueError:
            return None
        return "url" if password and not is_template_marker(password) and not password.startswith("$") else None
    if not _SECRET_NAME.search(name) or _NOT_SECRET.match(value) or is_template_marker(value):
        return None
    return "literal"


def _raw(service, setting) -> str:
    """The value as written in compose (before interpolation), to tell a literal from a ${VAR:-default}."""
    for layer in reversed(service.layers):
        env = layer.node.get("environment") if isinstance(layer.node, dict) else None
        if isinstance(env, dict) and setting.name in env and env[setting.name] is not None:
            return str(env[setting.name])
        if isinstance(env, list):
            for item in env:
                name, sep, raw = str(item).partition("=")
                if sep and name.strip() == setting.name:
                    return raw
    return ""
