'''A Dockerfile must not copy env files with secrets into the image.

## What it does
Reports a `COPY` or `ADD` of the whole build context (`COPY . .`, `COPY ./ /app`, `ADD . .`,
`COPY * ./`) when the context holds an env file of the production or development role with real-looking
secrets that no `.dockerignore` (nor a `COPY --exclude`) leaves out. The build context is the
`build.context` of the compose services that build the Dockerfile, or else the Dockerfile's folder;
a `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's `.dockerignore`. Env files
that git ignores count too: a local `docker build` sends whatever is on disk.

Only copies whose files reach the image count: one in the shipped stage (the last, or the compose
`build.target`) or a stage it is built `FROM`, or one in a builder stage whose working directory or
whole filesystem the shipped stage takes with `COPY --from`. A builder stage that hands over only
its build output is not reported.

## Why it matters in production
Everything the Dockerfile copies is baked into an image layer. Anyone who can pull the image — a
registry user, a CI cache, a customer — can read the secrets with `docker save` or `docker cp`, even if
a later layer deletes the file. Pass secrets at run time (`env_file`, orchestrator secrets) instead.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```
```env path=.env
JWT_SECRET=Zx8vQ2mN7rT4wK9pL3sB6yH1cF5gJ0dA
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```
```text path=.dockerignore
.env*
!.env.example
```
```env path=.env
JWT_SECRET=Zx8vQ2mN7rT4wK9pL3sB6yH1cF5gJ0dA
```

## References
- https://docs.docker.com/build/concepts/context/#dockerignore-files
- https://docs.docker.com/build/building/secrets/
'''
from linter.api import RuleMeta
from linter.api.repository import repository

META = RuleMeta(
    id="GIT004", name="image-copies-env-secrets", kinds=("repo",), severity="error",
    checklist=("secrets.in-repo",), cwe=(538,),
)
MESSAGES = {
    "leaked": "this {instruction} copies {files} into the image with its secrets ({names}); add the env files to "
              "{ignore} and pass secrets at run time",
}


def check(project, ctx):
    repo = repository(project, ctx)
    for copy in repo.context_copies(ctx.meta.roles):
        if not copy.leaked or not repo.in_scope(copy.dockerfile):
            continue
        files = ", ".join(f"'{rel}'" for rel, _ in copy.leaked[:3]) + (" and more" if len(copy.leaked) > 3 else "")
        names = sorted({e.key for _, entries in copy.leaked for e in entries})
        first = copy.leaked[0][1][0]
        ins = copy.instruction
        yield ctx.finding(ins.span, f"context.{copy.context or '.'}", "leaked", path=copy.dockerfile,
                          secret=first.value, instruction=ins.name, files=files,
                          names=", ".join(names[:3]) + (" and more" if len(names) > 3 else ""),
                          ignore=f"'{copy.ignore_target}'")
