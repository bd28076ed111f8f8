"""Compose services in production must not override the image's user with root.

## What it does
Reports `user: root`, `user: "0"` or any `user:` whose user part is root or UID 0 (`0:0`,
`root:www-data`), after `${VAR}` interpolation from `.env`, on a production service.

## Why it matters in production
An image built to run as an unprivileged user loses that protection when compose starts it as root:
a remote-code-execution bug then runs as root inside the container, can write everywhere in it,
and is one kernel or runtime bug away from root on the host.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    user: root
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    user: "1000:1000"
```

## References
- https://docs.docker.com/reference/compose-file/services/#user
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP007", name="compose-root-user", kinds=("compose",), severity="warning",
    checklist=("docker.non-root",), cwe=(250,), peers=("semgrep:service-runs-as-root",),
)
MESSAGES = {
    "root": "service '{service}' runs as root (`user: {user}`); run it as an unprivileged user such as "
            "`user: \"1000:1000\"`",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        user = service.get("user")
        if user is None:
            continue
        resolved = service.resolve(user)
        name = resolved.text.strip().split(":", 1)[0].strip()
        if not resolved.runtime and name in ("root", "0"):
            path, span = service.where("user")
            yield ctx.finding(span, service.key("user"), "root", path=path, service=service.name,
                              user=resolved.text.strip())
