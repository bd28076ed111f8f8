"""A compose `command` must start the Node process itself, so `docker stop` reaches it.

## What it does
Reports a production service whose `command`/`entrypoint` starts Node through a process that does
not pass SIGTERM on: an npm, yarn or pnpm script (`npm start`, `yarn run serve`) as the main
process, or a shell (`sh -c "..."`) whose last command runs node, npm or a Node tool without
`exec`. `init: true` does not make these pass: tini forwards the signal to the shell or to npm,
which still does not hand it to node.

## Why it matters in production
`docker stop` (and every redeploy) sends SIGTERM to PID 1 and kills the container ten seconds
later. When PID 1 is `sh` or `npm`, node never sees SIGTERM: its shutdown handler never runs,
in-flight requests are cut off, database transactions and queue messages are abandoned, and every
deploy takes the full timeout.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    command: sh -c "npx prisma migrate deploy && node dist/main.js"
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    command: sh -c "npx prisma migrate deploy && exec node dist/main.js"
```

## References
- https://docs.docker.com/reference/cli/docker/container/stop/
- https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#handling-kernel-signals
"""
from linter.api import RuleMeta
from linter.api import shell

META = RuleMeta(
    id="CMP014", name="compose-signal-forwarding", kinds=("compose",), severity="warning",
    checklist=("docker.signals",), security=False,
)
MESSAGES = {
    "package-manager": "service '{service}' runs `{what}` as its main process, which does not pass SIGTERM on to "
                       "node; run node directly (`command: [\"node\", \"dist/main.js\"]`)",
    "shell": "service '{service}' runs `{what}` under a shell without `exec`, so SIGTERM never reaches it; "
             "write `exec {what}`",
}
_PACKAGE_MANAGERS = {"npm", "yarn", "pnpm", "yarnpkg"}
_NODE = {"node", "nodejs", "npm", "npx", "yarn", "pnpm", "yarnpkg", "ts-node", "tsx", "nodemon", "bun", "pm2",
         "pm2-runtime", "next", "nest"}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        commands = service.commands()
        if not commands:
            continue
        found = _problem(commands)
        if found is None:
            continue
        message, what = found
        name = "command" if service.has("command") else "entrypoint"
        path, span = service.where(name)
        yield ctx.finding(span, service.key(name), message, path=path, service=service.name, what=what)


def _problem(commands) -> tuple[str, str] | None:
    main = commands[0]
    if main.name in _PACKAGE_MANAGERS and shell.script_call(main):
        return "package-manager", " ".join(w.text for w in main.words[:3])
    inner = [c for c in commands[1:] if c.nested]
    if not inner:
        return None
    last = inner[-1]
    if last.before in ("&", "|", "|&") or "exec" in last.wrappers or last.name not in _NODE:
        return None
    if last.name in _PACKAGE_MANAGERS and not shell.script_call(last):
        return None  # `npm ci` and friends end; only a script keeps running
    return "shell", " ".join(w.text for w in last.words[:3])
