"""Compose services in production must have a health check, and wait for healthy databases.

## What it does
Reports a service of a production compose configuration that has no `healthcheck:` while the image
it builds has no `HEALTHCHECK` either (the Dockerfile named by `build:` is read, stage aliases
followed; for an `image:` the repository's own build commands name, such as a workflow pushing
`org/app:latest` from `docker/Dockerfile`, that Dockerfile is read); a health check switched off with `disable: true` or `test: ["NONE"]`; and a
`depends_on` entry on a database, cache or search service without
`condition: service_healthy`. One-shot jobs (`deploy.mode: replicated-job`, services others wait
for with `service_completed_successfully`, or a once-per-deployment task such as `migrations` or `seed`
told not to restart after a clean exit with `restart: "no"`/`on-failure`) need no health check.

## Why it matters in production
Without a health check Docker only knows whether the process exists, not whether it answers: a
hung server stays "up", orchestrators and load balancers keep sending it traffic, and
`restart`/`depends_on` cannot react. A service that starts when its database container has merely
started (not when it accepts connections) crashes or serves errors on every cold start.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    depends_on:
      - db
  db:
    image: postgres:16
    healthcheck:
      disable: true
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:3000/health"]
      interval: 30s
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app"]
      interval: 10s
```

## References
- https://docs.docker.com/reference/compose-file/services/#healthcheck
- https://docs.docker.com/reference/compose-file/services/#depends_on
"""
from linter.api import RuleMeta
from linter.api.compose import one_shot_jobs

META = RuleMeta(
    id="CMP001", name="compose-healthcheck", kinds=("compose",), severity="warning",
    checklist=("docker.healthchecks",), security=False,
    peers=("kics:698ed579-b239-4f8f-a388-baa4bcb13ef8",),
)
MESSAGES = {
    "missing": "service '{service}' has no healthcheck and its image defines none; add a `healthcheck:` "
               "whose test checks that the service answers",
    "disabled": "service '{service}' switches its healthcheck off; remove `disable: true` / NONE and give it "
                "a real test",
    "unhealthy-dependency": "service '{service}' starts as soon as {dependency} ({family}) has started; use "
                            "`depends_on: {dependency}: condition: service_healthy`",
}
_DATA_STORES = ("database", "cache", "search")


def check(doc, ctx):
    services = ctx.model.compose_services(doc)
    jobs = one_shot_jobs(services)
    for service in services:
        hc = service.get("healthcheck")
        if isinstance(hc, dict) and _disabled(hc):
            path, span = service.where("healthcheck")
            yield ctx.finding(span, service.key("healthcheck"), "disabled", path=path, service=service.name)
        elif hc is None and service.complete and service.name not in jobs and not _image_has_healthcheck(
                ctx, service):
            yield ctx.finding(service.span, service.key("healthcheck"), "missing", path=service.path,
                              service=service.name)
        for name, condition, path, span in service.depends_on():
            peer = service.config.peer(name)
            if peer is None or not peer.is_category(*_DATA_STORES) or condition == "service_healthy":
                continue
            yield ctx.finding(span, service.key("depends_on", name), "unhealthy-dependency", path=path,
                              service=service.name, dependency=name, family=peer.family[0])


def _disabled(hc: dict) -> bool:
    if str(hc.get("disable", "")).lower() == "true":
        return True
    test = hc.get("test")
    if isinstance(test, list):
        return bool(test) and str(test[0]).upper() == "NONE"
    return isinstance(test, str) and test.strip().upper() == "NONE"


def _image_has_healthcheck(ctx, service) -> bool:
    linked = ctx.model.dockerfile_for(service) or ctx.model.dockerfile_of_image(service)
    if linked is None:
        return False
    doc, stage = linked
    by_name = {s.name.lower(): s for s in doc.stages if s.name}
    for _ in range(len(doc.stages)):
        found = stage.last("HEALTHCHECK")
        if found is not None:
            return found.value.strip().upper() != "NONE"
        parent = by_name.get(stage.base.lower())  # a stage built FROM an earlier stage inherits its HEALTHCHECK
        if parent is None or parent is stage:
            return False
        stage = parent
    return False
