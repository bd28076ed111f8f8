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

A Dockerfile that builds a base image for the repository's other Dockerfiles (they start FROM the name
its build commands give it, or `FROM ${REPO}/base` beside `base/Dockerfile`) runs no container: it is
left to the images built on it.

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
      NODE_ENV: ${NODE_ENV:-production}
```

## Fix safety
Safe: the fix only ever writes `production`, the value the rule asks for. A wrong value is replaced in place,
keeping its quotes (`NODE_ENV="development"` becomes `NODE_ENV="production"`); in a compose default only the
default changes (`${NODE_ENV:-development}` becomes `${NODE_ENV:-production}`, so a deploy environment that sets
`NODE_ENV` still wins), and a Dockerfile that takes the value from `ARG NODE_ENV=development` gets its ARG
default changed. A compose service without `NODE_ENV` gets `NODE_ENV: production` (or `- NODE_ENV=production`)
as the last entry of its `environment`, in that block's style, or a new `environment:` key; a shipped Node
stage gets `ENV NODE_ENV=production` right after its `FROM`. Values built from other variables, multi-line
values, and flow-style (`{...}`, `[...]`) environments are left for a person.

## References
- https://expressjs.com/en/advanced/best-practice-performance.html#set-node_env-to-production
- https://nodejs.org/en/learn/getting-started/nodejs-the-difference-between-development-and-production
"""
import re

from linter.api import edits
from linter.api import Edit, RuleMeta, Span
from linter.api.secrets import effective, written_here, written_settings
from linter.api import lazy
from linter.api.dockerfile import package_scripts, running, started

META = RuleMeta(
    id="ENV003", name="node-env-not-production", kinds=("env", "compose", "dockerfile"), severity="warning",
    checklist=("secrets.node-env",), cwe=(489,), fix="safe",
)
MESSAGES = {
    "not-production": "NODE_ENV is {what}; set NODE_ENV=production so Node frameworks stop sending stack traces "
                      "and enable caching",
    "unset": "service '{service}' runs Node but NODE_ENV is not set; add NODE_ENV=production to its environment "
             "(or ENV NODE_ENV=production to its image)",
    "dockerfile-missing": "the shipped stage of this Node image never sets NODE_ENV; add ENV NODE_ENV=production",
}
_NODE_IMAGE = lazy(r"(^|/)node([:@]|$)", re.I)
_DEFAULTED = lazy(r"^\$\{\w+:?-(?P<default>[^}$]*)\}$")  # ${VAR:-default} alone
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
    chain = stage.chain()
    return bool(chain) and bool(_NODE_IMAGE.search(chain[-1].base))


def _dockerfile_node_env(model, doc, stage):
    """The NODE_ENV setting the stage's image carries (last ENV along its FROM chain), ARG defaults resolved,
    as (ENV setting, value, the setting the value is written in)."""
    labels = {s.label for s in stage.chain()}
    settings = [s for s in model.settings(doc) if s.name == "NODE_ENV" and (s.stage in labels or s.stage is None)]
    env = [s for s in settings if s.instruction == "ENV" and s.stage in labels]
    if not env:
        return None, None, None
    last = env[-1]
    if last.literal or last.value is None:
        return last, last.value, last
    if re.fullmatch(r"\$\{?NODE_ENV\}?", last.value.strip()):
        args = [s for s in settings if s.instruction == "ARG" and s.value is not None and s.literal]
        return (last, args[-1].value, args[-1]) if args else (last, None, None)
    return last, None, None


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        if s.name == "NODE_ENV" and not _is_production(s.value) and (doc.kind != "compose" or written_here(s, doc)):
            fix = _compose_value_fix(ctx, doc, s) if doc.kind == "compose" else _value_fix(doc.file, s)
            yield ctx.finding(s.span, s.key, "not-production", path=s.path, what=_what(s.value), fix=fix)
    if doc.kind == "compose":
        yield from _compose(doc, ctx)
    elif doc.kind == "dockerfile" and doc.stages:
        yield from _dockerfile(doc, ctx)


def _dockerfile(doc, ctx):
    """The image a production build ships (the final stage, or the stage production builds target)."""
    for stage, _ in running(doc, ctx.model):
        if not _node_stage(doc, stage):
            continue
        setting, value, source = _dockerfile_node_env(ctx.model, doc, stage)
        services = ctx.model.services_building(doc.file.path) or [None]
        if setting is None and all(_is_production(_process_manager_value(ctx, doc, stage, s)) for s in services):
            continue  # pm2 (ecosystem.config.*) starts the app with NODE_ENV=production
        if setting is None:
            yield ctx.finding(Span.at(stage.line, 1, 4), f"stage.{stage.name or stage.index}.ENV.NODE_ENV",
                              "dockerfile-missing", fix=_env_instruction_fix(doc, stage))
        elif value is not None and not setting.literal and not _is_production(value):
            yield ctx.finding(setting.span, setting.key, "not-production", what=_what(value),
                              fix=_value_fix(doc.file, source))


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
                _, value, _ = _dockerfile_node_env(ctx.model, *built)
                if value is not None and _is_production(value):
                    continue
            if _is_production(_process_manager_value(ctx, built[0] if built else None,
                                                     built[1] if built else None, service)):
                continue  # pm2 (ecosystem.config.*) starts the app with NODE_ENV=production
            if service.complete:
                yield ctx.finding(service.span, service.key("environment", "NODE_ENV"), "unset",
                                  path=service.path, service=service.name, fix=_add_to_environment(service))
        elif setting.origin == "env" and setting.value is not None and not _is_production(setting.value):
            env_file = ctx.model.by_rel.get(setting.path)
            yield ctx.finding(setting.span, setting.key, "not-production", path=setting.path,
                              what=_what(setting.value), fix=_value_fix(env_file, setting) if env_file else None)


def _process_manager_value(ctx, doc, stage, service=None) -> str:
    """NODE_ENV as the process manager the image or service starts (pm2 and its ecosystem file) sets it."""
    commands = list(service.commands()) if service is not None else []
    if doc is not None and stage is not None:
        commands += [cmd for _, cmd, _ in started(doc, stage, ctx.model, [service] if service else ())]
    scripts = package_scripts(doc, ctx.model, [service] if service else ()) if doc is not None else {}
    if not scripts and service is not None:
        package = service.package_json()
        scripts = package.scripts if package is not None and getattr(package, "data", None) else {}
    return ctx.model.process_manager_env(commands, scripts).get("NODE_ENV", "")


# ---- fixes ------------------------------------------------------------------------------------------
def _production(raw: str) -> str | None:
    """``raw`` (a value as written) with ``production`` put where its value comes from; None when the value
    is built from other variables and no single place can be changed."""
    m = _DEFAULTED.match(raw)
    if m:
        return raw[:m.start("default")] + "production" + raw[m.end("default"):]
    return None if "$" in raw else "production"


def _content(file, line: int, column: int, raw: str) -> tuple[int, int] | None:
    """Offsets of a one-line value written verbatim at (line, column), inside its quotes if it has any;
    None when the source does not spell it as ``raw`` (escapes, folding, another line)."""
    text = file.line_text(line)[column - 1:]
    quote = text[:1] if text[:1] in ("'", '"') else ""
    body = text[len(quote):]
    if not raw and not quote and body.strip():
        return None  # an empty value before a comment: nothing to replace in place
    if "\n" in raw or not body.startswith(raw) or (quote and (quote in raw or "\\" in raw
                                                             or body[len(raw):len(raw) + 1] != quote)):
        return None
    start = file.offset(line, column + len(quote))
    return start, start + len(raw)


def _value_fix(file, setting):
    """Replace the value of an env file line, Dockerfile ENV or ARG in place."""
    if setting is None or setting.value is None:
        return None
    new = _production(setting.value)
    at = _content(file, setting.span.line, setting.span.column, setting.value) if new is not None else None
    if at is None:
        return None
    return edits.fix("set NODE_ENV to production", Edit(at[0], at[1], new))


def _compose_value_fix(ctx, doc, setting):
    """Replace an ``environment`` value (``KEY: value`` or ``- KEY=value``) as written, before interpolation."""
    for service in ctx.model.compose_services(doc):
        if service.name != setting.service:
            continue
        for layer in reversed(service.layers):
            env = layer.node.get("environment") if isinstance(layer.node, dict) else None
            if layer.doc.rel != setting.path or not isinstance(env, (dict, list)):
                continue
            try:
                if isinstance(env, dict) and isinstance(env.get(setting.name), str):
                    raw, prefix = env[setting.name], ""
                    line, col = env.lc.value(setting.name)
                elif isinstance(env, list):
                    index = max(i for i, item in enumerate(env)
                                if isinstance(item, str) and item.partition("=")[0].strip() == setting.name)
                    raw, prefix = env[index], env[index].partition("=")[0] + "="
                    line, col = env.lc.item(index)
                else:
                    continue
            except (ValueError, AttributeError, KeyError, TypeError):
                continue
            value = raw[len(prefix):]
            new = _production(value)
            at = _content(layer.doc.file, line + 1, col + 1, raw) if new is not None else None
            if at is None:
                return None
            return edits.fix("set NODE_ENV to production", Edit(at[0] + len(prefix), at[1], new))
    return None


def _add_to_environment(service):
    """``NODE_ENV: production`` (or ``- NODE_ENV=production``) at the end of the service's environment, in
    its style; a new ``environment:`` key when the service has none."""
    layer = service.layer_of("environment")
    if layer is None:
        node, file = service.definition.node, service.definition.doc.file
        try:
            first_col = node.lc.key(next(iter(node)))[1]
        except (AttributeError, KeyError, TypeError, StopIteration):
            return None
        step = " " * max(first_col - (service.span.column - 1), 1)
        return edits.fix("add NODE_ENV=production to the service's environment",
                         edits.yaml_insert_key(file, node, ["environment:", f"{step}NODE_ENV: production"]))
    env, file = layer.node["environment"], layer.doc.file
    if isinstance(env, dict):
        return edits.fix("add NODE_ENV=production to the service's environment",
                         edits.yaml_insert_key(file, env, ["NODE_ENV: production"]))
    if isinstance(env, list):
        return edits.fix("add NODE_ENV=production to the service's environment",
                         edits.yaml_append_item(file, env, "NODE_ENV=production"))
    return None


def _env_instruction_fix(doc, stage):
    """``ENV NODE_ENV=production`` right after the FROM of the shipped stage, in the FROM's case and indent."""
    start = stage.from_instruction
    text = doc.file.line_text(start.line)
    keyword = "env" if text.lstrip()[:4] == "from" else "ENV"
    indent = text[:len(text) - len(text.lstrip())]
    return edits.fix("set ENV NODE_ENV=production in the shipped stage",
                     edits.insert_lines_after(doc.file, start.end_line, [f"{indent}{keyword} NODE_ENV=production"]))
