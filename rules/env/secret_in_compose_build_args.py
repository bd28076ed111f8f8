"""Secrets must not be passed as build arguments from a production compose file.

## What it does
Reports an entry of a production compose service's `build.args` whose value is written in the compose
file (a literal, or a `${VAR:-default}` default) and is a credential: a secret-named argument
(`NPM_TOKEN`, `GITHUB_TOKEN`, `DB_PASSWORD`, `*_API_KEY`) with a chosen-looking value, or any argument
whose value is a token in a vendor's format (AWS, GitHub, Stripe, Slack, SendGrid, ...). Values from the
deploy environment or `.env` and placeholders are not reported. Literal secrets in `environment` are
CMP013's subject; `ARG` declarations in the Dockerfile are DKF rules'.

## Why it matters in production
A build argument is recorded in the image: `docker history` shows every `RUN` that used it and
provenance attestations list it, so anyone who can pull the image can read the token. Written in the
compose file, it is also in every clone of the repository. BuildKit secrets (`build.secrets` in compose,
`RUN --mount=type=secret` in the Dockerfile) give the build the value without storing it.

## Example
```yaml path=docker-compose.yml
services:
  api:
    build:
      context: .
      args:
        NPM_TOKEN: Xq9vL2p7RzK4mW8tB3nC
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    build:
      context: .
      secrets:
        - npm_token
secrets:
  npm_token:
    environment: NPM_TOKEN
```

## References
- https://docs.docker.com/compose/how-tos/use-secrets/#build-secrets
- https://docs.docker.com/build/building/secrets/
"""
from linter.api import RuleMeta, Span
from linter.api.secrets import hardcoded_secret, secret_value, url_password

META = RuleMeta(
    id="ENV017", name="secret-in-compose-build-args", kinds=("compose",), severity="error",
    checklist=("docker.secrets",), cwe=(798, 538),
)
MESSAGES = {
    "build-arg": "build arg {name} holds a secret that stays in the image history; pass it as a build secret "
                 "(build.secrets, RUN --mount=type=secret) instead",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc, idle=True):  # replicas: 0 still commits the value
        layer = service.layer_of("build")
        build = layer.node.get("build") if layer is not None else None
        args = build.get("args") if isinstance(build, dict) else None
        if args is None:
            continue
        for name, value, span in _args(layer.doc, args):
            if value is None:
                continue
            resolved = service.resolve(value)
            if resolved.runtime or resolved.from_env_file:
                continue
            if hardcoded_secret(name, resolved.text):
                yield ctx.finding(span, service.key("build", "args", name), "build-arg", path=layer.doc.rel,
                                  name=name, secret=secret_value(url_password(resolved.text) or resolved.text))


def _args(doc, args):
    if isinstance(args, dict):
        for key in args:
            value = args[key]
            yield str(key), None if value is None else str(value), doc.key_span(args, key)
    elif isinstance(args, list):
        for index, item in enumerate(args):
            if isinstance(item, str):
                name, sep, value = item.partition("=")
                span = doc.item_span(args, index)
                yield name.strip(), value if sep else None, Span.at(span.line, span.column, len(name))
