"""The shipped image should start from a slim runtime image, not a full one.

## What it does
Reports a shipped stage (the compose `target`, else the final stage) whose base image, followed through
`FROM <stage>`, is a full Debian-based runtime image of a language listed in the option: `node:20`,
`node:lts-bookworm`, `python:3.12`. Variants whose tag says `slim`, `alpine` or `distroless`, and images
from other repositories, are fine. Builder stages may use full images.

## Why it matters in production
The full `node` and `python` images carry compilers, headers, git, curl and a whole Debian userland:
around a gigabyte and hundreds of packages the application never uses, each one a CVE that scanners
report and attackers can use. `-slim` and `-alpine` variants run the same application at a fraction of
the size.

## Example
```dockerfile path=Dockerfile
FROM node:20.11
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20.11-slim
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
```

## References
- https://hub.docker.com/_/node (image variants)
- https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image
"""
import re

from linter.api import RuleMeta
from linter.api.dockerfile import shipped, split_image
from linter.api import lazy

META = RuleMeta(
    id="DKF002", name="dockerfile-full-base-image", kinds=("dockerfile",), severity="note",
    checklist=("docker.production-images",), security=False,
    options={"images": {"type": "array", "items": {"type": "string"}, "default": ["node", "python"],
                        "description": "official images whose untagged-variant (full) tags are reported"}},
)
MESSAGES = {
    "full": "the shipped stage '{stage}' runs on the full '{image}' image; use a slim or alpine variant "
            "(e.g. {name}:<version>-slim)",
}
_SMALL = lazy(r"slim|alpine|distroless|minimal|chiseled", re.I)


def check(doc, ctx):
    official = {i.lower() for i in ctx.options["images"]}
    for stage, _services in shipped(doc, ctx.model):
        root = stage.root
        if root.image is None or "$" in root.image:
            continue
        name, tag, digest = split_image(root.image)
        short = re.sub(r"^(docker\.io/)?(library/)?", "", name.lower())
        if short not in official or (tag and _SMALL.search(tag)):
            continue
        yield ctx.finding(root.from_instruction.span, f"stage.{stage.label}.FROM.full", "full",
                          stage=stage.label, image=f"{name}:{tag}" if tag else name, name=short)
