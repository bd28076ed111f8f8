'''A Dockerfile that copies its whole build context needs a .dockerignore that excludes .env.

## What it does
Reports a `COPY` or `ADD` of the whole build context (`COPY . .`, `COPY ./ /app`, `ADD . .`,
`COPY * ./`) when no `.dockerignore` of that context (or `<Dockerfile>.dockerignore` beside the
Dockerfile, or a `COPY --exclude`) leaves out a `.env` file at the context root. Patterns are matched
the way Docker matches them: relative to the context root, so `*.env` does not cover `api/.env` but
`**/.env` does, and a later `!` exception can bring a file back. When an env file with secrets is
copied right now, `image-copies-env-secrets` reports it instead.

Only copies whose files reach the image count: one in the shipped stage (the last, or the compose
`build.target`) or a stage it is built `FROM`, or one in a builder stage whose working directory or
whole filesystem the shipped stage takes with `COPY --from`. A builder stage that hands over only
its build output is not reported.

## Why it matters in production
Without the exclusion, the first developer who creates a `.env` and runs `docker build` ships it inside
the image, readable by anyone who can pull it. A `.dockerignore` also keeps `.git`, `node_modules` and
build output out of the context, which makes builds faster and images smaller.

## Example
```dockerfile path=Dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["gunicorn", "app:app"]
```

## Use instead
```dockerfile path=Dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["gunicorn", "app:app"]
```
```text path=.dockerignore
.git
**/.env
**/.env.*
!**/.env.example
```

## References
- https://docs.docker.com/build/concepts/context/#dockerignore-files
'''
from linter.api import RuleMeta
from linter.api.repository import repository

META = RuleMeta(
    id="GIT005", name="dockerignore-env", kinds=("repo",), severity="warning", checklist=("secrets.in-repo",),
    cwe=(538,),
)
MESSAGES = {
    "no-dockerignore": "this {instruction} copies the whole build context and there is no .dockerignore; create "
                       "{ignore} excluding `.env*` (and `.git`)",
    "env-not-excluded": "this {instruction} copies the whole build context and {ignore} does not exclude .env; add "
                        "`.env*` to it",
}


def check(project, ctx):
    repo = repository(project, ctx)
    for copy in repo.context_copies(ctx.meta.roles):
        if copy.leaked or copy.dotenv_excluded or not repo.in_scope(copy.dockerfile):
            continue
        ins = copy.instruction
        yield ctx.finding(ins.span, f"context.{copy.context or '.'}",
                          "env-not-excluded" if copy.ignore_file else "no-dockerignore",
                          path=copy.dockerfile, instruction=ins.name, ignore=f"'{copy.ignore_target}'")
