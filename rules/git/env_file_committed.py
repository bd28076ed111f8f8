'''Env files holding real secrets must not be committed.

## What it does
Reports an env file of the production or development role (`.env`, `.env.production`, `config/app.env`;
not `.env.example` or test files, nor a template named as one that production copies, `.env.docker.example`
for `env_file: .env.docker`: the repository has to hold it, and ENV rules judge its values) that holds real-looking secrets — a known token format, a URL with a
password, or a secret-named variable (`*_SECRET`, `*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, ...) with a value
that is not a placeholder, reference or well-known default — and that git tracks. Outside a git work
tree (an exported copy, a CI checkout without `.git`) git cannot be asked, so every such file that
`.gitignore` does not ignore is taken as committed. The message names the variables, never their values.

## Why it matters in production
Everything in git history is readable by everyone who ever gets the repository: forks, CI systems,
laptops, a leaked backup. Deleting the file later does not remove it from history; the secrets must be
rotated. Keep real values in a secret store or in untracked env files, and commit only `.env.example`.

## Example
```env path=.env.production
NODE_ENV=production
STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc
```

## Use instead
```text path=.gitignore
.env*
!.env.example
```
```env path=.env.production
NODE_ENV=production
STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc
```
```env path=.env.example
NODE_ENV=production
STRIPE_SECRET_KEY=<your Stripe secret key>
```

## References
- https://docs.github.com/en/code-security/secret-scanning/about-secret-scanning
- https://git-scm.com/docs/gitignore
'''
import re

from linter.api import RuleMeta
from linter.api.repository import name_list, repository

META = RuleMeta(
    id="GIT001", name="env-file-committed", kinds=("repo",), severity="error", checklist=("secrets.in-repo",),
    roles=("production", "development"), cwe=(540,),
)
MESSAGES = {
    "tracked": "'{file}' is tracked by git and holds secrets ({names}); remove it with `git rm --cached`, add it "
               "to .gitignore and rotate those secrets",
    "present": "'{file}' holds secrets ({names}) and no .gitignore ignores it; keep it out of the repository "
               "(add it to .gitignore) and rotate those secrets if it was ever committed",
}


# a name that says the file is a template to copy (`.env.example`, `.env.docker.sample`, `app.env.dist`)
_TEMPLATE_NAME = re.compile(r"(^|[._-])(example|sample|dist|template|tmpl|tpl)([._-]|$)", re.I)


def check(project, ctx):
    repo = repository(project, ctx)
    for env in repo.env_files(ctx.meta.roles):
        if _TEMPLATE_NAME.search(env.rel.rsplit("/", 1)[-1]):
            continue  # committed to be copied: "keep it out of the repository" is not the fix
        if env.state in ("tracked", "present") and env.secrets:
            first = env.secrets[0]
            yield ctx.finding(first.key_span, "secrets", env.state, path=env.rel, file=env.rel,
                              secret=first.value,
                              names=name_list([e.key for e in env.secrets]))
