"""Build in a separate stage: the shipped image must not carry the toolchain that built it.

## What it does
Reports a build step (`npm run build`, `yarn build`, `tsc`, `vite build`, `next build`, `ng build`,
`go build`, `mvn package`, `gradle build`, `cargo build`, `dotnet publish`, ...) that runs in the stage
that ships or in a stage it is built `FROM`, i.e. an image that builds and runs in one stage. A later
`npm prune --omit=dev` does not make it pass: the sources, caches and compilers stay.

## Why it matters in production
A one-stage image ships the compiler, the devDependencies, the source, the build cache and often
credentials used during the build. It is several times larger (slower pulls, slower scale-out) and its
extra packages are extra vulnerabilities. A multi-stage build copies only the output
(`COPY --from=build /app/dist ./dist`) into a small runtime image.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci && npm run build
USER node
CMD ["node", "dist/main.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/main.js"]
```

## References
- https://docs.docker.com/build/building/multi-stage/
"""
from linter.api import RuleMeta
from linter.api.shell import build_step
from linter.api.dockerfile import shipped

META = RuleMeta(
    id="DKF003", name="dockerfile-single-stage-build", kinds=("dockerfile",), severity="warning",
    checklist=("docker.production-images",), security=False,
)
MESSAGES = {
    "build": "the shipped stage '{stage}' builds the application (`{step}`) and so ships its toolchain and "
             "sources; build in a separate stage and COPY --from it only the output",
}


def check(doc, ctx):
    for stage, _services in shipped(doc, ctx.model):
        for ins in stage.inherited("RUN"):
            step = next((s for s in map(build_step, ins.commands()) if s), None)
            if step:
                yield ctx.finding(ins.span, f"stage.{stage.label}.RUN.build", "build", stage=stage.label,
                                  step=step)
                break
