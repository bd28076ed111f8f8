'''Env files meant to stay local must be ignored by git.

## What it does
Reports an env file of the production or development role that `.gitignore` does not ignore when:
git does not track it yet but it holds real-looking secrets (one `git add .` away from being
committed), or it is a file that by convention holds local secrets (`.env`, `.env.local`,
`.env.production.local`, ...) even though it holds none yet. Env files with secrets that are already
committed are reported by `env-file-committed` instead.

## Why it matters in production
An env file that is not ignored gets committed by the first `git add .` or `git commit -a`, and with it
every secret someone puts in it later. Ignoring the conventional local files up front (`.env*` with an
exception for `.env.example`) makes the safe path the default one.

## Example
```env path=.env
PORT=3000
```

## Use instead
```text path=.gitignore
.env
.env.*
!.env.example
```
```env path=.env
PORT=3000
```

## References
- https://git-scm.com/docs/gitignore
- https://github.com/motdotla/dotenv#should-i-commit-my-env-file
'''

from linter.api import RuleMeta, Span
from linter.api.repository import name_list, repository
from linter.api import lazy

META = RuleMeta(
    id="GIT002", name="env-file-not-ignored", kinds=("repo",), severity="warning", checklist=("secrets.in-repo",),
    roles=("production", "development"), cwe=(540,),
)
MESSAGES = {
    "untracked-secrets": "'{file}' holds secrets ({names}) and is not ignored, so `git add .` would commit it; "
                         "add it to .gitignore",
    "local-file": "'{file}' is where local secrets go but .gitignore does not ignore it; add `.env*` (with "
                  "`!.env.example`) to .gitignore",
}
_LOCAL = lazy(r"(^|/)\.env(\.[\w-]+)?\.local$|(^|/)\.env$")


def check(project, ctx):
    repo = repository(project, ctx)
    for env in repo.env_files(ctx.meta.roles):
        if env.secrets and env.state == "untracked":
            first = env.secrets[0]
            yield ctx.finding(first.key_span, "secrets", "untracked-secrets", path=env.rel, file=env.rel,
                              secret=first.value,
                              names=name_list([e.key for e in env.secrets]))
        elif not env.secrets and _LOCAL.search(env.rel):
            yield ctx.finding(Span(1, 1), "ignored", "local-file", path=env.rel, file=env.rel)
