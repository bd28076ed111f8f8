"""The shipped image must not start a debugger or expose its port.

## What it does
In the stage that ships (the compose `target`, else the final stage) it reports an `ENTRYPOINT`/`CMD` that
starts Node with `--inspect`/`--inspect-brk` (also through nodemon or ts-node, and through the
package.json script that `npm start`/`npm run x` runs) or Python with `debugpy --listen`, an `ENV NODE_OPTIONS` holding `--inspect`, and `EXPOSE 9229` (the inspector's port).

A Dockerfile that builds a base image for the repository's other Dockerfiles (they start FROM the name
its build commands give it, or `FROM ${REPO}/base` beside `base/Dockerfile`) runs no container: it is
left to the images built on it.

## Why it matters in production
The Node inspector is a remote shell: anyone who reaches the port can run any code in the process, with
its secrets and its database connections. Bound to `0.0.0.0` inside a container it is one published port
away from the internet.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
USER node
EXPOSE 3000 9229
CMD ["node", "--inspect=0.0.0.0:9229", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
USER node
EXPOSE 3000
CMD ["node", "server.js"]
```

## References
- https://nodejs.org/en/learn/getting-started/security-best-practices#debug-port-exposed-cwe-489
"""
from linter.api import RuleMeta
from linter.api.dockerfile import running, started

META = RuleMeta(
    id="DKF010", name="dockerfile-debug-port", kinds=("dockerfile",), severity="error",
    checklist=("secrets.debug-endpoints",), cwe=(489,),
)
MESSAGES = {
    "inspect": "{instruction} starts {program} with {flag}, which lets anyone who reaches the port run code in "
               "the process; remove it from the production image",
    "node-options": "NODE_OPTIONS turns on the Node inspector ({flag}) in the shipped image; remove it",
    "expose": "EXPOSE {port} publishes the Node inspector's port; remove it from the production image",
}
_NODE = {"node", "nodejs", "nodemon", "ts-node", "tsx", "ts-node-dev"}


def check(doc, ctx):
    for stage, services in running(doc, ctx.model):
        for ins, cmd, script in started(doc, stage, ctx.model, services):
            flag = _inspect_flag(cmd)
            if flag:
                yield ctx.finding(ins.span, f"stage.{stage.label}.{ins.name}.inspect", "inspect",
                                  instruction=ins.name, program=cmd.name if script is None else
                                  f"{cmd.name} (script '{script}')", flag=flag)
                break
        for ins in stage.inherited("ENV"):
            for name, value in ins.keyvalues():
                if name == "NODE_OPTIONS" and value and "--inspect" in value:
                    yield ctx.finding(ins.span, f"stage.{stage.label}.ENV.NODE_OPTIONS", "node-options",
                                      flag="--inspect")
        for ins in stage.inherited("EXPOSE"):
            for word in ins.words():
                if word.split("/")[0] == "9229":
                    yield ctx.finding(ins.span, f"stage.{stage.label}.EXPOSE.9229", "expose", port=word)


def _inspect_flag(cmd):
    if cmd.name in _NODE or cmd.name == "npx":
        for arg in cmd.args:
            if arg.startswith("--inspect"):
                return arg.split("=", 1)[0]
        options = cmd.env().get("NODE_OPTIONS", "")
        if "--inspect" in options:
            return "--inspect"
    if cmd.name.startswith("python") and "debugpy" in cmd.args and "--listen" in cmd.args:
        return "debugpy --listen"
    return None
