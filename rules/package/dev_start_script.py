"""The start script must not run a development tool.

## What it does
Reports a `package.json` whose `start` script runs a development tool: `nodemon`, `ts-node`, `ts-node-dev`,
`tsx`, `babel-node`, `node --watch`, or chains into the `dev` script (`npm run dev`).

A start script that says it is the developer's by setting `NODE_ENV=development` passes when the package names its
production start in another script (`"start:prod": "cross-env NODE_ENV=production node index.js"`, a `prod` script):
`npm start` is then the development command, and production runs the other one.

## Why it matters in production
`npm start` is what images and platforms run. A file watcher restarts the process on every file change (and
hides crashes by restarting), on-the-fly TypeScript compilation costs memory and start-up time on every boot,
and all of these tools are devDependencies that a production install (`npm ci --omit=dev`) leaves out, so the
container fails to start. Compile in the build and start with `node dist/server.js`.

## Example
```json path=package.json
{
  "name": "api",
  "scripts": { "start": "nodemon src/server.js" },
  "dependencies": { "express": "^4.19.2" }
}
```

## Use instead
```json path=package.json
{
  "name": "api",
  "scripts": { "start": "node src/server.js", "dev": "nodemon src/server.js" },
  "dependencies": { "express": "^4.19.2" }
}
```

## References
- https://docs.npmjs.com/cli/commands/npm-start
- https://nodejs.org/en/learn/getting-started/nodejs-the-difference-between-development-and-production
"""
import re

from linter.api import RuleMeta
from linter.api import lazy

META = RuleMeta(
    id="PKG002", name="dev-tool-start-script", kinds=("package",), severity="warning",
    checklist=("frontend.no-dev-deps",), security=False,
)
MESSAGES = {
    "dev-tool": "the start script runs `{tool}`, a development tool; build ahead of time and start with "
                "`node <built entry>`",
}
_TOOLS = lazy(r"(?:^|[\s;&|(])(?:npx\s+|yarn\s+|pnpm\s+(?:exec\s+)?)?(?P<tool>nodemon|ts-node-dev|tsnd|ts-node|"
                    r"tsx|babel-node|node\s+(?:[^;&|]*\s)?--watch\b|(?:npm|pnpm|yarn)\s+(?:run\s+)?dev\b)")


# the start script says it is the developer's (`cross-env NODE_ENV=development nodemon index.js`)
_DEV_ENV = lazy(r"\bNODE_ENV=['\"]?(?:development|dev)\b")
# a script the package names for production's start (`start:prod`, `start-production`, `prod`), or one that starts
# node with NODE_ENV=production (`cross-env NODE_ENV=production node index.js`)
_PROD_NAME = lazy(r"^(?:(?:start|serve)[:_-])?prod(?:uction)?$")
_PROD_START = lazy(r"\bNODE_ENV=['\"]?production\b[^;&|]*?\bnode\s")


def _production_script_beside(scripts: dict) -> bool:
    return any(isinstance(command, str) and name != "start" and not _TOOLS.search(command) and
               (_PROD_NAME.match(name) or _PROD_START.search(command)) for name, command in scripts.items())


def check(doc, ctx):
    start = doc.scripts.get("start")
    if not start:
        return
    if _DEV_ENV.search(start) and _production_script_beside(doc.scripts):
        return  # the developer's start by its own words, beside the script the package starts production with
    m = _TOOLS.search(start)
    if m:
        tool = re.sub(r"\s+", " ", m.group("tool"))
        tool = "node --watch" if tool.startswith("node ") else tool  # not nodemon
        yield ctx.finding(doc.key_span("scripts", "start"), "scripts.start", "dev-tool", tool=tool)
