"""Compose services in production must declare a restart policy.

## What it does
Reports a service of a production compose configuration (the base file merged with its production
overrides) that has neither `restart:` nor `deploy.restart_policy`, or whose policy is `"no"`.
One-shot jobs are left out: declared jobs (`deploy.mode: replicated-job`) and services another one
waits for with `condition: service_completed_successfully` (migrations, seeds), and a
once-per-deployment task named so by its service name or command (`migrate`, `seed`, `setup`, `installer`, a
`prestart` script) with `restart: "no"` or `on-failure`, which a restart policy would run again and
again; so is an explicit `restart: "no"` on a service that starts only
with a profile (`docker compose --profile seed up`), an on-demand tool said in so many words to stay
stopped.

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

## Fix safety
Safe: `restart: unless-stopped` is added as the service's last key, in the file's own indentation; nothing
else in the file changes. A service that is stopped on purpose stays stopped (`unless-stopped`). Services
written as flow mappings (`api: {image: x}`) are not fixed.

## References
- https://docs.docker.com/reference/compose-file/services/#restart
"""
from linter.api import edits
from linter.api import RuleMeta
from linter.api.compose import one_shot_jobs

META = RuleMeta(
    id="CMP002", name="compose-restart-policy", kinds=("compose",), severity="warning",
    checklist=("docker.restart-policy",), security=False, fix="safe",
    peers=("kics:2fc99041-ddad-49d5-853f-e35e70a48391",),
)
MESSAGES = {
    "missing": "service '{service}' has no restart policy; add `restart: unless-stopped`",
    "disabled": "service '{service}' has restart \"no\"; use `restart: unless-stopped` so it comes back after a crash",
}


def check(doc, ctx):
    services = ctx.model.compose_services(doc)
    jobs = one_shot_jobs(services)
    for service in services:
        if service.name in jobs:
            continue
        restart = service.get("restart")
        deploy = service.get("deploy")
        policy = deploy.get("restart_policy") if isinstance(deploy, dict) else None
        if restart is None and policy is None:
            if service.complete:
                layer = service.definition
                fix = edits.fix("add restart: unless-stopped",
                                edits.yaml_insert_key(layer.doc.file, layer.node, ["restart: unless-stopped"]))
                yield ctx.finding(service.span, service.key("restart"), "missing", path=service.path,
                                  service=service.name, fix=fix)
        elif restart is not None and str(restart).strip().lower() in ("no", "false"):
            if service.profiles:
                continue  # an on-demand tool (`--profile seed`) told in so many words not to come back
            path, span = service.where("restart")
            yield ctx.finding(span, service.key("restart"), "disabled", path=path, service=service.name)
        elif isinstance(policy, dict) and str(policy.get("condition", "any")).lower() == "none":
            path, span, _ = service.where_nested("deploy", "restart_policy", "condition")
            yield ctx.finding(span, service.key("deploy", "restart_policy"), "disabled", path=path,
                              service=service.name)
