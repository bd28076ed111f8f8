"""The shipped image must not contain devDependencies or run development tools.

## What it does
Follows the stage that ships (the compose `target`, else the final stage) through its `FROM <stage>`
chain and reports:
- an install from package.json that keeps devDependencies: `npm ci`/`npm install` without `--omit=dev`
  (or `--production`), `yarn install` without `--production`, `pnpm install` without `--prod`, unless
  `NODE_ENV=production` is set before it or a later `npm prune --omit=dev` removes them;
- a `COPY --from=<stage>` of `node_modules` from a stage that installed devDependencies;
- a start command that runs `nodemon`, `ts-node` or `ts-node-dev`, directly or through the package.json
  script that `npm start`/`npm run x` runs.

## Why it matters in production
devDependencies are compilers, test runners, linters and bundlers: hundreds of megabytes and hundreds of
packages that the server never loads but whose vulnerabilities it ships and scanners report. nodemon and
ts-node restart or compile at run time, which is slow and memory hungry and hides crashes.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
USER node
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
```

## References
- https://docs.npmjs.com/cli/commands/npm-ci#omit
- https://classic.yarnpkg.com/en/docs/cli/install#toc-yarn-install-production-true-false
"""
import re

from linter.api import RuleMeta
from linter.api.shell import node_install, production_env, program, prunes_dev
from linter.api.dockerfile import shipped, started
from linter.api.secrets import shorten

META = RuleMeta(
    id="DKF005", name="dockerfile-dev-dependencies", kinds=("dockerfile",), severity="warning",
    checklist=("frontend.no-dev-deps",), security=False,
)
MESSAGES = {
    "install": "`{command}` installs devDependencies into the shipped image; use `npm ci --omit=dev` "
               "(yarn: --production, pnpm: --prod), or install them only in a build stage",
    "copied": "node_modules copied from stage '{source}' include devDependencies; install with --omit=dev there "
              "or prune before copying",
    "dev-tool": "{instruction} runs {tool}, a development tool; compile ahead of time and start with node",
}
_DEV_TOOLS = {"nodemon", "ts-node", "ts-node-dev", "tsnd"}


def dev_install(stage):
    """The last install in the stage chain that leaves devDependencies in place, or None."""
    found = None
    env: dict[str, str] = {}
    for st in reversed(stage.chain()):
        for ins in st.instructions:
            if ins.name in ("ENV", "ARG"):
                env.update({k: v for k, v in ins.keyvalues() if v is not None})
            if ins.name != "RUN":
                continue
            for cmd in ins.commands():
                install = node_install(cmd)
                if install is not None and not install.packages and not install.global_:
                    found = None if install.omits_dev or production_env(env) else (ins, cmd)
                elif found is not None and prunes_dev(cmd):
                    found = None
    return found


_WHOLE_NODE_MODULES = re.compile(r"(?:^|/)node_modules/?(?:\.|\*)?$")


def check(doc, ctx):
    for stage, services in shipped(doc, ctx.model):
        hit = dev_install(stage)
        if hit is not None:
            ins, cmd = hit
            text = shorten(" ".join([cmd.name] + cmd.args), 60)
            yield ctx.finding(ins.span, doc.key(ins, "dev-install"), "install", command=text)
        for ins in stage.inherited("COPY"):
            source = doc.stage(ins.flags.get("from")) if ins.flags.get("from") else None
            # the folder itself (`/app/node_modules`, `node_modules/.`); packages named one by one inside it
            # (`/app/node_modules/@prisma`) are the runtime dependencies the image was given on purpose
            if source is None or not any(_WHOLE_NODE_MODULES.search(w) for w in ins.words()[:-1]):
                continue
            if dev_install(source) is not None:
                yield ctx.finding(ins.span, doc.key(ins, "node_modules"), "copied", source=source.label)
        reported = set()
        for ins, cmd, script in started(doc, stage, ctx.model, services):
            prog, _args = program(cmd)
            if prog in _DEV_TOOLS and ins.line not in reported:
                reported.add(ins.line)
                yield ctx.finding(ins.span, f"stage.{stage.label}.{ins.name}.dev-tool", "dev-tool",
                                  instruction=ins.name, tool=prog if script is None else f"{prog} (script '{script}')")
