"""Install Node dependencies from the lockfile: `npm ci`, not `npm install`.

## What it does
Reports, in the shipped stage and every stage it is built from (`FROM <stage>`, `COPY --from=<stage>`),
a `RUN` that installs what package.json lists with `npm install` (or `npm i`)
instead of `npm ci`, `yarn install` without `--frozen-lockfile` (or `--immutable`), and `pnpm install`
without `--frozen-lockfile`. Installing a named package (`npm install -g pm2@5`) is not reported, nor is a
stage nothing shipped is built from (a `dev` target for local work: its installs never reach production).

## Why it matters in production
`npm install` resolves version ranges again and may rewrite the lockfile: the image gets whatever
versions were newest at build time, not the ones that were tested, and two builds of one commit differ.
`npm ci` installs exactly the lockfile, fails when it is out of date, and starts from a clean
node_modules.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
```

## References
- https://docs.npmjs.com/cli/commands/npm-ci
- https://classic.yarnpkg.com/en/docs/cli/install#toc-yarn-install-frozen-lockfile
"""
from linter.api import RuleMeta
from linter.api.dockerfile import shipped
from linter.api.shell import node_install

META = RuleMeta(
    id="DKF004", name="dockerfile-npm-install", kinds=("dockerfile",), severity="warning",
    checklist=("docker.production-images",), security=False,
)
MESSAGES = {
    "npm": "`npm install` re-resolves versions instead of installing the lockfile; use `npm ci`",
    "yarn": "`yarn install` may change yarn.lock; add --frozen-lockfile (yarn 1) or --immutable (yarn 2+)",
    "pnpm": "`pnpm install` may change pnpm-lock.yaml; add --frozen-lockfile",
}


def check(doc, ctx):
    needed = _needed(doc, ctx)
    for ins in doc.instructions:
        if ins.name != "RUN" or needed is not None and ins.line not in needed:
            continue
        for cmd in ins.commands():
            install = node_install(cmd)
            if install is None or install.packages or install.global_ or install.frozen:
                continue
            yield ctx.finding(ins.span, doc.key(ins, install.tool, "install"), install.tool)
            break


def _needed(doc, ctx) -> set[int] | None:
    """Lines of the stages the shipped stages are built from (themselves included); None when unknown."""
    todo = [stage for stage, _ in shipped(doc, ctx.model)]
    if not todo:
        return None
    seen: dict[int, object] = {}
    while todo:
        stage = todo.pop()
        if stage.index in seen:
            continue
        seen[stage.index] = stage
        if stage.parent is not None:  # one step at a time: the seen stages end each walk (linear time)
            todo.append(stage.parent)
        for ins in stage.instructions:
            source = ins.flags.get("from") if ins.name in ("COPY", "ADD") else None
            if source and doc.stage(source) is not None:
                todo.append(doc.stage(source))
    return {ins.line for stage in seen.values() for ins in stage.instructions}
