"""Compose services in production must rotate their container logs.

## What it does
Reports a service of a production compose configuration that logs through the `json-file` driver
(Docker's default) without a `max-size` option: either no `logging:` at all, or
`logging.driver: json-file` with no `options.max-size`. Drivers that rotate by themselves or ship
logs elsewhere (`local`, `journald`, `syslog`, `fluentd`, `gelf`, `awslogs`, `none`, ...) pass.

## Why it matters in production
The `json-file` driver keeps every line a container ever printed in one file under
`/var/lib/docker/containers` unless `max-size` is set. A chatty service fills the host's disk in
days, and then every container on the host fails. Docker's daemon-wide `log-opts` can set rotation
too, but nothing in the repository shows it; setting it per service makes the deployment
self-contained (or say so with an inline suppression).

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    logging:
      driver: json-file
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    logging:
      driver: json-file
      options:
        max-size: "10m"
        max-file: "3"
```

## Fix safety
Safe: a service without `logging:` gets `driver: json-file` (Docker's default, so logs go where they went
before) with `max-size: "10m"` and `max-file: "3"`; a json-file `logging:` without `max-size` gets the missing
options added. Only lines are added, in the file's own indentation. The one thing that changes is that logs
older than the last three 10 MB files are deleted, which is the point. Logging written in flow style
(`{driver: json-file}`) is left for a person.

## References
- https://docs.docker.com/engine/logging/drivers/json-file/
- https://docs.docker.com/reference/compose-file/services/#logging
"""
from linter.api import edits
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP004", name="compose-log-rotation", kinds=("compose",), severity="warning",
    checklist=("logging.rotation",), security=False, fix="safe",
)
MESSAGES = {
    "missing": "service '{service}' logs to json-file without rotation; add `logging: {{driver: json-file, "
               "options: {{max-size: 10m, max-file: \"3\"}}}}` or use the `local` driver",
    "no-max-size": "service '{service}' uses json-file logging without `max-size`; add `options: {{max-size: 10m, "
                   "max-file: \"3\"}}`",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        logging = service.get("logging")
        if logging is None:
            if service.complete:
                yield ctx.finding(service.span, service.key("logging"), "missing", path=service.path,
                                  service=service.name, fix=_add_logging(service))
            continue
        if not isinstance(logging, dict):
            continue
        driver = service.resolve(logging.get("driver") or "json-file").text.strip().lower()
        options = logging.get("options") if isinstance(logging.get("options"), dict) else {}
        if driver in ("json-file", "") and not str(options.get("max-size") or "").strip():
            path, span, _ = service.where_nested("logging", "options")
            yield ctx.finding(span, service.key("logging", "options", "max-size"), "no-max-size", path=path,
                              service=service.name, fix=_add_options(service, options))


_ROTATION = ('max-size: "10m"', 'max-file: "3"')


def _add_logging(service):
    layer = service.definition
    step = edits.yaml_indent_step(layer.doc.file, layer.node)
    lines = ["logging:", f"{step}driver: json-file", f"{step}options:"] + [step * 2 + o for o in _ROTATION]
    return edits.fix("rotate the json-file logs", edits.yaml_insert_key(layer.doc.file, layer.node, lines))


def _add_options(service, merged_options):
    """The missing rotation options, in the ``options`` of the logging block that wins (added if absent)."""
    layer = service.layer_of("logging")
    logging = layer.node.get("logging") if layer is not None else None
    if not isinstance(logging, dict):
        return None
    wanted = [o for o in _ROTATION if o.split(":")[0] not in merged_options]
    file = layer.doc.file
    options = logging.get("options")
    if isinstance(options, dict):
        return edits.fix("rotate the json-file logs", edits.yaml_insert_key(file, options, wanted))
    if "options" in logging:
        return None  # `options:` with nothing (or a list) under it
    step = edits.yaml_indent_step(file, logging)
    return edits.fix("rotate the json-file logs",
                     edits.yaml_insert_key(file, logging, ["options:"] + [step + o for o in wanted]))
