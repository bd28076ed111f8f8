"""Node backends in production must run with NODE_ENV=production.

## What it does
Reports, in production configuration:
- an env file, compose `environment` entry or Dockerfile `ENV` that sets `NODE_ENV` to anything but
  `production` (compose values are read after interpolation, so `${NODE_ENV:-development}` with no `.env`
  value is `development`);
- a compose service running a Node image (`image: node:*`, or a `build:` whose Dockerfile stage is built
  `FROM node`) where `NODE_ENV` is set neither in `environment`, nor in an `env_file`, nor by
  `ENV NODE_ENV=production` in the image's Dockerfile;
- a Dockerfile whose shipped (final) stage is a Node image and never sets `ENV NODE_ENV=production`.
  Builder stages may use any value.

A value only the deploy environment supplies (`NODE_ENV: ${NODE_ENV}`) is not reported.

## Why it matters in production
Express, Next.js and most Node libraries switch on `NODE_ENV`: outside `production` Express sends stack
traces to clients, view caching is off, and many libraries enable verbose logging and development-only
checks. An unset `NODE_ENV` means development behaviour.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: node:20-alpine
    command: ["node", "server.js"]
    environment:
      NODE_ENV: ${NODE_ENV:-development}
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: node:20-alpine
    command: ["node", "server.js"]
    environment:
      NODE_ENV: production
```

## References
- https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
- https://nodejs.org/en/learn/getting-started/nodejs-the-difference-between-development-and-production
"""
import re

from linter.api import RuleMeta, Span
from linter.secrets import effective, stage_chain, written_here, written_settings

META = RuleMeta(
    id="ENV003", name="node-env-not-production", kinds=("env", "compose", "dockerfile"), severity="warning",
    checklist=("secrets.node-env",), cwe=(489,),
)
MESSAGES = {
    "not-production": "NODE_ENV is {what}; set NODE_ENV=production so Node frameworks stop sending stack traces "
                      "and enable caching",
    "unset": "service '{service}' runs Node but NODE_ENV is not set; add NODE_ENV=production to its environment "
             "(or ENV NODE_ENV=production to its image)",
    "dockerfile-missing": "the shipped stage of this Node image never sets NODE_ENV; add ENV NODE_ENV=production",
}
_NODE_IMAGE = re.compile(r"(^|/)node([:@]|$)", re.I)
_SHOWN = {"development", "dev", "test", "testing", "staging", "stage", "local", "debug", "prod", "preprod",
          "qa", "uat", "demo", "develop"}


def _what(value: str) -> str:
    v = value.strip()
    if not v:
        return "empty"
    return f"'{v}'" if v.lower() in _SHOWN else "not 'production'"


def _is_production(value: str) -> bool:
    return value.strip().strip("'\"") == "production"


def _node_stage(doc, stage) -> bool:
    chain = stage_chain(doc, stage)
    return bool(chain) and bool(_NODE_IMAGE.search(chain[-1].base))


def _dockerfile_node_env(model, doc, stage):
    """The NODE_ENV setting the stage's image carries (last ENV along its FROM chain), ARG defaults resolved."""
    labels = {(s.name or str(s.index)) for s in stage_chain(doc, stage)}
    settings = [s for s in model.settings(doc) if s.name == "NODE_ENV" and (s.stage in labels or s.stage is None)]
    env = [s for s in settings if s.instruction == "ENV" and s.stage in labels]
    if not env:
        return None, None
    last = env[-1]
    if last.literal or last.value is None:
        return last, last.value
    if re.fullmatch(r"\$\{?NODE_ENV\}?", last.value.strip()):
        args = [s for s in settings if s.instruction == "ARG" and s.value is not None and s.literal]
        return last, (args[-1].value if args else None)
    return last, None


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        if s.name == "NODE_ENV" and not _is_production(s.value) and (doc.kind != "compose" or written_here(s, doc)):
            yield ctx.finding(s.span, s.key, "not-production", path=s.path, what=_what(s.value))
    if doc.kind == "compose":
        yield from _compose(doc, ctx)
    elif doc.kind == "dockerfile" and doc.final_stage is not None and _node_stage(doc, doc.final_stage):
        setting, value = _dockerfile_node_env(ctx.model, doc, doc.final_stage)
        if setting is None:
            stage = doc.final_stage
            yield ctx.finding(Span.at(stage.line, 1, 4), f"stage.{stage.name or stage.index}.ENV.NODE_ENV",
                              "dockerfile-missing")
        elif value is not None and not setting.literal and not _is_production(value):
            yield ctx.finding(setting.span, setting.key, "not-production", what=_what(value))


def _compose(doc, ctx):
    for service in ctx.model.compose_services(doc):
        built = ctx.model.dockerfile_for(service)
        image = service.image
        runs_node = bool(image and _NODE_IMAGE.search(image)) or (built is not None and _node_stage(*built))
        if not runs_node:
            continue
        setting = next((s for s in effective(service.environment()) if s.name == "NODE_ENV"), None)
        if setting is None:
            if built is not None:
                _, value = _dockerfile_node_env(ctx.model, *built)
                if value is not None and _is_production(value):
                    continue
            if service.complete:
                yield ctx.finding(service.span, service.key("environment", "NODE_ENV"), "unset",
                                  path=service.path, service=service.name)
        elif setting.origin == "env" and setting.value is not None and not _is_production(setting.value):
            yield ctx.finding(setting.span, setting.key, "not-production", path=setting.path,
                              what=_what(setting.value))
