"""Compose services in production must declare a restart policy.

## What it does
Reports a service of a production compose configuration (the base file merged with its production
overrides) that has neither `restart:` nor `deploy.restart_policy`, or whose policy is `"no"`.

## Why it matters in production
Without a restart policy a container that crashes, or a host that reboots, leaves the service down until
someone notices. `unless-stopped` (or `always`, `on-failure`) brings it back without a person.
Unlike KICS, prodlint accepts any policy that restarts the service; it does not demand `on-failure` with
exactly five retries.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    restart: unless-stopped
```

## References
- https://docs.docker.com/reference/compose-file/services/#restart
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP002", name="compose-restart-policy", kinds=("compose",), severity="warning",
    checklist=("docker.restart-policy",), security=False,
)
MESSAGES = {
    "missing": "service '{service}' has no restart policy; add `restart: unless-stopped`",
    "disabled": "service '{service}' has restart \"no\"; use `restart: unless-stopped` so it comes back after a crash",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        restart = service.get("restart")
        deploy = service.get("deploy")
        policy = deploy.get("restart_policy") if isinstance(deploy, dict) else None
        if restart is None and policy is None:
            if service.complete:
                yield ctx.finding(service.span, service.key("restart"), "missing", path=service.path,
                                  service=service.name)
        elif restart is not None and str(restart).strip().lower() in ("no", "false"):
            path, span = service.where("restart")
            yield ctx.finding(span, service.key("restart"), "disabled", path=path, service=service.name)
        elif isinstance(policy, dict) and str(policy.get("condition", "any")).lower() == "none":
            yield ctx.finding(service.span, service.key("deploy", "restart_policy"), "disabled",
                              path=service.path, service=service.name)
