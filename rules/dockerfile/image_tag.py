"""Base images must name a version: no untagged or `:latest` FROM.

## What it does
Reports a `FROM` whose image has no tag, or the tag `latest`, in any stage. A digest (`@sha256:...`),
`scratch`, and a `FROM` that names an earlier stage are fine. A reference built from build arguments is
judged with the defaults of the global `ARG`s (`ARG IMAGE=postgis/postgis` then `FROM $IMAGE` is
untagged): that default is what a plain `docker build` ships. A tag from an argument with no default
(`FROM ${REGISTRY}/api:${TAG}`) is left to the build command; a registry from one does not tag the
image (`FROM ${REGISTRY}/api` is untagged, as Trivy reads it too). One exception: an image this repository
builds itself (a name its build commands give another Dockerfile, `docker build -f base.dockerfile -t
org/app:base`, or under a registry from an argument the folder of one, `FROM ${JITSI_REPO}/base:${BASE_TAG}`
beside `base/Dockerfile`) is the repository's own chain of images, whose tag the same build sets; its
`latest` is the image just built, not a third party's moving tag.
A variable that no global `ARG` declares is empty in `FROM` (Docker substitutes nothing), so `FROM
alpine$TAG` with no `ARG TAG` before the first `FROM` builds `alpine`, untagged; BuildKit's platform
arguments (`$BUILDPLATFORM`, `$TARGETARCH`, ...) are declared for every Dockerfile.

## Why it matters in production
`latest` is whatever was pushed last: two builds of the same commit can ship different Node, OpenSSL or
libc versions, a rebuild can break without a code change, and a rollback does not roll the base back.
Builder stages count too, because what they compile ends up in the image.

## Example
```dockerfile path=Dockerfile
FROM node:latest AS build
WORKDIR /app
RUN npm ci && npm run build

FROM nginx
COPY --from=build /app/dist /usr/share/nginx/html
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20.11-alpine3.19 AS build
WORKDIR /app
RUN npm ci && npm run build

FROM nginx:1.25-alpine
COPY --from=build /app/dist /usr/share/nginx/html
```

## References
- https://docs.docker.com/build/building/best-practices/#from
- https://github.com/hadolint/hadolint/wiki/DL3006
- https://github.com/hadolint/hadolint/wiki/DL3007
"""
from linter.api import RuleMeta, lazy
from linter.api.dockerfile import expand, own_base, split_image

META = RuleMeta(
    id="DKF001", name="dockerfile-image-tag", kinds=("dockerfile",), severity="warning",
    checklist=("docker.production-images",), security=False,
    peers=("hadolint:DL3006", "hadolint:DL3007", "checkov:CKV_DOCKER_7", "semgrep:avoid-latest-version",
           "semgrep:missing-image-version", "kics:9efb0b2d-89c9-41a3-91ca-dcc0aec911fd",
           "kics:f45ea400-6bbe-4501-9fc7-1c3d75c32067"),
)
MESSAGES = {
    "untagged": "stage '{stage}' builds FROM '{image}' without a tag; pin a version such as '{image}:<version>' "
                "(or a digest)",
    "latest": "stage '{stage}' builds FROM '{image}:latest'; pin a version instead of latest (or a digest)",
    "arg-untagged": "stage '{stage}' builds FROM '{image}' (the ARG default) without a tag; give the ARG a "
                    "pinned default such as '{image}:<version>'",
    "arg-latest": "stage '{stage}' builds FROM '{image}:latest' (the ARG default); pin a version in the ARG "
                  "default",
    "undeclared-untagged": "stage '{stage}' builds FROM '{image}' without a tag: ${var} is declared by no ARG "
                           "before the first FROM, so it is empty; declare it with a pinned default or write the tag",
}
_VAR = lazy(r"\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\})")
# declared for every Dockerfile by BuildKit, usable in FROM without an ARG
_PREDEFINED = {"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS",
               "TARGETARCH", "TARGETVARIANT", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"}


def _undeclared_empty(doc, base: str):
    """``base`` with the variables no global ARG declares expanded to the empty string Docker gives them, and
    the first such name; None when nothing is undeclared or the result is no image reference (``node:``)."""
    declared = {k for ins in doc.global_args for k, _ in ins.keyvalues()}
    values = dict(doc.arg_defaults())
    first = None
    for m in _VAR.finditer(base):
        name = m.group(1) or m.group(2)
        if name not in declared and name.upper() not in _PREDEFINED:
            if m.group(3):
                return None, None  # `${TAG:-1.2}`, `${TAG-1.2}`: the default (or alternative) decides, not judged
            values[name] = ""
            first = first or name
    image = expand(base, values) if first else None
    if not image or image[0] in "/:@" or image[-1] in "/:@" or "//" in image or ":@" in image or \
            image.lower() in doc.stage_names():
        return None, None
    return image, first


def check(doc, ctx):
    for stage in doc.stages:
        if stage.parent is not None or stage.is_scratch:
            continue
        image = stage.image
        undeclared = None
        if image is None:
            image, undeclared = _undeclared_empty(doc, stage.base)
        if image is None:
            # only a registry or namespace is left to the build (`${REGISTRY}/api`): the name still has no tag
            last = stage.base.rsplit("/", 1)[-1]
            if "/" not in stage.base or "$" in last:
                continue
            image = stage.base
        name, tag, digest = split_image(image)
        if digest or (tag and "$" in tag) or not name or own_base(doc, stage, ctx.model):
            continue
        key = f"stage.{stage.label}.FROM"
        prefix = "arg-" if "$" in stage.base else ""
        if undeclared and tag is None:
            yield ctx.finding(stage.from_instruction.span, key, "undeclared-untagged", stage=stage.label, image=name,
                              var=undeclared)
            continue
        if undeclared:
            continue  # a tag written around an empty variable (`node:20$SUFFIX`) is that tag
        if tag is None:
            yield ctx.finding(stage.from_instruction.span, key, prefix + "untagged", stage=stage.label, image=name)
        elif tag.lower() == "latest":
            yield ctx.finding(stage.from_instruction.span, key, prefix + "latest", stage=stage.label, image=name)

