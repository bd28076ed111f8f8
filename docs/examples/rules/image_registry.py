"""Compose services must run images from the team's own registry.

## What it does
Reports a compose service whose `image:` (after `${VAR:-default}` interpolation) does not start with the
registry prefix the team configured.

## Why it matters in production
Images pulled from public registries change under you and are a supply-chain risk; a team that mirrors and
scans what it runs wants every service to use the mirror.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: node:20-alpine
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: registry.example.com/mirror/node:20-alpine
```
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="ACME001", name="image-from-registry", kinds=("compose",), severity="warning",
    checklist=("docker.production-images",),
    options={"registry": {"type": "string", "default": "registry.example.com/"}},
)
MESSAGES = {"public": "service '{service}' runs '{image}'; pull it through {registry} instead"}


def check(doc, ctx):
    registry = ctx.options["registry"]
    for service in ctx.model.compose_services(doc):
        image = service.image
        if image and not image.startswith(registry):
            path, span = service.where("image")
            yield ctx.finding(span, service.key("image"), "public", path=path,
                              service=service.name, image=image, registry=registry)
