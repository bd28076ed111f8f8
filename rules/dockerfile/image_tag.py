"""Base images must name a version: no untagged or `:latest` FROM.

## What it does
Reports a `FROM` whose image has no tag, or the tag `latest`, in any stage. A digest (`@sha256:...`),
`scratch`, and a `FROM` that names an earlier stage are fine. A reference built from build arguments is
judged with the defaults of the global `ARG`s (`ARG IMAGE=postgis/postgis` then `FROM $IMAGE` is
untagged): that default is what a plain `docker build` ships. A tag from an argument with no default
(`FROM ${REGISTRY}/api:${TAG}`) is left to the build command, since without it the reference is invalid and
the build fails; a registry from one does not tag the image (`FROM ${REGISTRY}/api` is untagged, as Trivy
reads it too). An argument with no default that the reference can do without (`ARG TAG` then `FROM
alpine$TAG`) is empty in a plain build, which then ships `alpine` untagged; it is reported unless a build
command of the repository (`--build-arg TAG=...`, a CI build action) or a compose service building the file
(`build.args`) passes it. One exception: an image this repository
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
    "no-default-untagged": "stage '{stage}' builds FROM '{image}' without a tag unless the build passes ${var}: "
                           "its ARG has no default and nothing in the repository passes it; give it a pinned "
                           "default or write the tag",
}
_VAR = lazy(r"\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\})")
# declared for every Dockerfile by BuildKit, usable in FROM without an ARG
_PREDEFINED = {"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS",
               "TARGETARCH", "TARGETVARIANT", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"}


def _empty_in_plain_build(doc, base: str, passed):
    """``base`` with the variables a plain ``docker build`` leaves empty expanded to "": those no global ARG
    declares, and (unless ``passed()``, the names the repository's builds pass, holds them) those a global ARG
    declares without a default. Returns the image, the first such name and whether it is undeclared; Nones
    when there is none or the result is no image reference (``node:``): that build fails instead."""
    declared = {k for ins in doc.global_args for k, _ in ins.keyvalues()}
    values = dict(doc.arg_defaults())
    first = None
    undeclared = False
    for m in _VAR.finditer(base):
        name = m.group(1) or m.group(2)
        if name.upper() in _PREDEFINED or name in values:
            continue
        if name in declared:
            names = passed()
            if "*" in names or name in names:
                return None, None, False  # the build command gives it
        if m.group(3):
            return None, None, False  # `${TAG:-1.2}`, `${TAG-1.2}`: the default (or alternative) decides
        values[name] = ""
        if first is None:
            first, undeclared = name, name not in declared
    image = expand(base, values) if first else None
    if not image or image[0] in "/:@" or image[-1] in "/:@" or "//" in image or ":@" in image or \
            image.lower() in doc.stage_names():
        return None, None, False
    return image, first, undeclared


def check(doc, ctx):
    passed_cache = []

    def passed() -> set[str]:
        if not passed_cache:
            model = ctx.model
            rel = getattr(doc.file, "rel", None)
            ok = model is not None and rel is not None and hasattr(model, "build_args_passed")
            passed_cache.append(model.build_args_passed(doc.file.path, rel) if ok else set())
        return passed_cache[0]

    for stage in doc.stages:
        if stage.parent is not None or stage.is_scratch:
            continue
        image = stage.image
        undeclared = None
        from_undeclared = False
        if image is None:
            image, undeclared, from_undeclared = _empty_in_plain_build(doc, stage.base, passed)
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
            message = "undeclared-untagged" if from_undeclared else "no-default-untagged"
            yield ctx.finding(stage.from_instruction.span, key, message, stage=stage.label, image=name,
                              var=undeclared)
            continue
        if undeclared:
            continue  # a tag written around an empty variable (`node:20$SUFFIX`) is that tag
        if tag is None:
            yield ctx.finding(stage.from_instruction.span, key, prefix + "untagged", stage=stage.label, image=name)
        elif tag.lower() == "latest":
            yield ctx.finding(stage.from_instruction.span, key, prefix + "latest", stage=stage.label, image=name)

