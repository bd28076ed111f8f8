"""Services must run a pinned image version: no untagged, `:latest` or unset-variable tags.

## What it does
Reports a production service that pulls an `image:` (no `build:`, and not the image another service of
the configuration builds) with no tag, the tag `latest`, or a tag that comes from a `${VARIABLE}` with
no default that no env file of the repository (examples included) sets to a version
(`postgres:${PG_TAG}`; an `.env.example` with `PG_TAG=16.4` tells the deployer what to pin, and one
with `PG_TAG=latest` is judged as latest). Values are resolved the way compose resolves them (the
`.env` file, `${VAR:-default}`), so `postgres:${PG_TAG:-latest}` is judged as `postgres:latest`, at the image
key. A digest (`@sha256:...`) is fine. An image whose repository itself comes from a variable
(`${REGISTRY}/api:${TAG}`) is the deploy pipeline's own build and is not judged, nor is an image written as
one variable whose default is a local name (`${APP_IMAGE:-myapp:latest}`): the deployment names the whole
image (that default is typically the local name of the project's own build), so there is no tag in the file to
pin. Such an image is judged when the project's `.env` sets the variable (`IMAGE=org/app:latest` is what
`docker compose up` pulls) or when its default is a registry image with a namespace
(`${BACKEND_IMAGE:-org/backend:${IMAGE_TAG:-latest}}` is `org/backend:latest`).

## Why it matters in production
`latest` (which an untagged image means) is whatever was pushed last: a restart or a new host pulls
a different major version of the database than the one the data was written by, and a rollback
does not roll it back. A tag left to an unset variable is empty on the host that forgot it.

## Example
```yaml path=docker-compose.yml
services:
  db:
    image: postgres
  cache:
    image: redis:latest
```

## Use instead
```yaml path=docker-compose.yml
services:
  db:
    image: postgres:16.4
  cache:
    image: redis:7.4
```

## References
- https://docs.docker.com/reference/compose-file/services/#image
- KICS/Checkov/Trivy "image tag latest or missing"; Semgrep docker-compose rules
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.dockerfile import split_image

META = RuleMeta(
    id="CMP026", name="compose-image-tag", kinds=("compose",), severity="warning",
    checklist=("docker.production-images",), security=False,
)
MESSAGES = {
    "untagged": "service '{service}' runs image '{image}' without a tag (that is :latest); pin a version such "
                "as '{image}:<version>' (or a digest)",
    "latest": "service '{service}' runs '{image}:latest'; pin a version instead of latest (or a digest)",
    "unset": "service '{service}' takes the tag of '{image}' from a variable nothing in the repository sets and "
             "that has no default; give it a pinned default (`${{VAR:-<version>}}`)",
}
_VAR = lazy(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# one variable is the whole reference, its default included: `${APP_IMAGE:-laradock-app:latest}`
_WHOLE_VAR = lazy(r"^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?+][^{}]*)?\})$")


def _names_pulled_image(service, written: str, image: str) -> bool:
    """Whether an image written as one variable still names one the file can judge: the project's `.env`
    sets the variable (`IMAGE=ghcr.io/org/app:latest`: what `docker compose up` pulls), or its default is a
    registry image with a namespace (`${BACKEND_IMAGE:-org/backend:${IMAGE_TAG:-latest}}`) rather than the
    local name of the project's own build (`${APP_IMAGE:-app:latest}`)."""
    name = _VAR.match(written).group(1)
    if "$" in image:
        return False  # left to the deploy environment
    if name in service.config.env:
        return True
    return "/" in split_image(image)[0]


def check(doc, ctx):
    built: dict[int, set] = {}  # per configuration: the images its services build
    for service in ctx.model.compose_services(doc):
        written = service.get("image")
        if not isinstance(written, str) or service.has("build"):
            continue  # built here
        image = service.image or written
        if _WHOLE_VAR.match(written.strip()) and not _names_pulled_image(service, written.strip(), image):
            continue  # the deployment names the whole image (`${APP_IMAGE:-app:latest}`)
        config = service.config
        if id(config) not in built:
            built[id(config)] = {o.image for o in config.all_services() if o.has("build")}
        if image in built[id(config)]:
            continue  # the image another service of this configuration builds (`app` builds, `worker` reuses)
        name, tag, digest = split_image(image)
        if digest or not name or "$" in name:
            continue
        path, span = service.where("image")
        key = service.key("image")
        if tag is not None and "$" in tag:
            given = [v for var in _VAR.findall(tag) for v in ctx.model.env_values_anywhere(var)]
            if not given:
                yield ctx.finding(span, key, "unset", path=path, service=service.name, image=name)
            elif any(v.strip().lower() in ("", "latest") for v in given):
                yield ctx.finding(span, key, "latest", path=path, service=service.name, image=name)
        elif tag is None:
            yield ctx.finding(span, key, "untagged", path=path, service=service.name, image=name)
        elif tag.lower() == "latest":
            yield ctx.finding(span, key, "latest", path=path, service=service.name, image=name)
