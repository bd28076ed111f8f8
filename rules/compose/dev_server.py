"""Production compose services must serve built assets, not run a development server.

## What it does
Reports a production service whose `command` or `entrypoint` starts a development server: `vite`
(not `vite build`/`preview`), `react-scripts start`, `ng serve`, `next dev`, `nuxt dev`,
`vue-cli-service serve`, `webpack serve`, `nodemon`, `ts-node-dev`, `node --watch`, Django's
`runserver`, `flask run`, or an npm/yarn/pnpm script that does (`npm run dev`, or `npm start` when
the service's package.json `start` script runs one; the package.json of the build context or of the
directory mounted at the working directory is read). `sh -c` scripts are followed.

## Why it matters in production
Development servers compile on every request, ship unminified code with source maps, watch the
file system, enable hot reload endpoints and verbose error overlays that print source and
environment details, and are not built to handle load. Build once (`npm run build`) and serve the
output with nginx or a production server.

## Example
```yaml path=docker-compose.yml
services:
  web:
    image: example/web:1.0
    command: npm run dev
```

## Use instead
```yaml path=docker-compose.yml
services:
  web:
    image: example/web:1.0
    command: ["node", "build/index.js"]
```

## References
- https://vite.dev/guide/build
- https://create-react-app.dev/docs/production-build/
"""
from linter.api import RuleMeta
from linter.api import shell

META = RuleMeta(
    id="CMP015", name="compose-dev-server", kinds=("compose",), severity="warning",
    checklist=("frontend.production-build",), security=False,
)
MESSAGES = {
    "dev-server": "service '{service}' runs a development server ({what}); build the assets and serve them "
                  "with nginx or a production server",
}
_DEV_SCRIPTS = {"dev", "develop", "serve", "watch", "start:dev", "dev:server", "start-dev", "start:watch"}
_WATCHERS = {"nodemon", "ts-node-dev", "tsnd", "node-dev"}


def dev_command(cmd, package=None, depth: int = 0) -> str | None:
    """What development server a command starts, or None; npm scripts are followed into package.json."""
    found = shell.dev_server(cmd)
    if found:
        words = found.split()
        return words[0] if len(words) > 1 and not words[1].isalpha() else found  # "vite 0.0.0.0" -> "vite"
    prog, args = shell.program(cmd)
    if prog in _WATCHERS:
        return prog
    if prog in ("node", "nodejs", "tsx", "bun") and any(a == "--watch" or a.startswith("--watch=") or a == "watch"
                                                         for a in args[:2] + [a for a in args if a.startswith("-")]):
        return f"{prog} --watch"
    script = shell.script_call(cmd)
    if script is None:
        return None
    if script in _DEV_SCRIPTS:
        return f"{cmd.name} run {script}" if script != "start" else f"{cmd.name} start"
    body = package.scripts.get(script) if package is not None else None
    if body is None and cmd.name in ("yarn", "pnpm") and len(cmd.words) > 1:
        return dev_command(shell.Command(cmd.words[1:]), package, depth + 1)  # `yarn vite` runs the binary
    if body and depth < 3:
        for inner in shell.split(body):
            inner_found = dev_command(inner, package, depth + 1)
            if inner_found:
                return f"{cmd.name} {'run ' if script != 'start' else ''}{script}: {inner_found}"
    return None


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        commands = service.commands()
        if not commands:
            continue
        package = None
        if any(shell.script_call(c) for c in commands):
            package = service.package_json()
        for cmd in commands:
            what = dev_command(cmd, package)
            if what:
                name = "command" if service.has("command") else "entrypoint"
                path, span = service.where(name)
                yield ctx.finding(span, service.key(name), "dev-server", path=path, service=service.name, what=what)
                break
