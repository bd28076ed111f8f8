"""Production services must not run the Node inspector or publish its port.

## What it does
Reports a production service whose `command`/`entrypoint` passes `--inspect` or `--inspect-brk`
(any form, also through nodemon, ts-node or `NODE_OPTIONS=... node` inside an `sh -c` script), whose
`environment` sets `NODE_OPTIONS` with `--inspect`, or that publishes container port 9229 (the
inspector's default port).

## Why it matters in production
The Node inspector is a remote debugger without authentication: whoever connects to it can
evaluate any code in the server process, read every secret in memory and run shell commands.
Bound to `0.0.0.0` and published, it is remote code execution for anyone who finds the port.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    command: ["node", "--inspect=0.0.0.0:9229", "dist/main.js"]
    ports:
      - "9229:9229"
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    command: ["node", "dist/main.js"]
```

## References
- https://nodejs.org/en/learn/getting-started/security-best-practices#debug-port-enabled-cwe-489
"""

from linter.api import RuleMeta
from linter.api import lazy

META = RuleMeta(
    id="CMP016", name="compose-debugger-exposed", kinds=("compose",), severity="error",
    checklist=("secrets.debug-endpoints",), cwe=(489,),
)
MESSAGES = {
    "inspect": "service '{service}' starts node with `{flag}`, a remote debugger that runs any code; remove it",
    "node-options": "service '{service}' sets NODE_OPTIONS with `--inspect`, a remote debugger that runs any code; "
                    "remove it",
    "port": "service '{service}' publishes the Node inspector port 9229; remove the mapping",
}
_INSPECT = lazy(r"^--inspect(-brk|-wait)?(=.*)?$")


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        flag = next((w.text for c in service.commands() for w in c.words + c.assignments
                     if _INSPECT.match(w.text) or ("NODE_OPTIONS=" in w.text and "--inspect" in w.text)), None)
        if flag is not None:
            name = "command" if service.has("command") else "entrypoint"
            path, span = service.where(name)
            yield ctx.finding(span, service.key(name, "inspect"), "inspect", path=path, service=service.name,
                              flag=flag.split("=", 1)[0] if flag.startswith("--") else "--inspect")
        options = service.env_value("NODE_OPTIONS")
        if options is not None and options.origin == "compose" and options.value and "--inspect" in options.value:
            yield ctx.finding(options.span, options.key, "node-options", path=options.path, service=service.name)
        for port in service.ports():
            if 9229 in port.container_ports():
                yield ctx.finding(port.span, service.key("ports", "9229"), "port", path=port.path,
                                  service=service.name)
