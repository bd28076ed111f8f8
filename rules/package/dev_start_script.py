"""The start script must not run a development tool.

## What it does
Reports a `package.json` whose `start` script runs a development tool: `nodemon`, `ts-node`, `ts-node-dev`,
`tsx`, `babel-node`, `node --watch`, or chains into the `dev` script (`npm run dev`).

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


def check(doc, ctx):
    start = doc.scripts.get("start")
    if not start:
        return
    m = _TOOLS.search(start)
    if m:
        tool = re.sub(r"\s+", " ", m.group("tool"))
        tool = "node --watch" if tool.startswith("node ") else tool  # not nodemon
        yield ctx.finding(doc.key_span("scripts", "start"), "scripts.start", "dev-tool", tool=tool)
