"""Credential files must not be copied into the image that ships, not even to delete them later.

## What it does
Reports a `COPY`/`ADD` in the stage that ships (or a stage it is built `FROM`) whose source is a
credential file: `.npmrc`, `.yarnrc.yml`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`,
`.dockercfg`, `.docker/config.json`, `.aws/credentials`, or an SSH private key (`id_rsa`,
`id_ed25519`, ...). An `.npmrc`/`.yarnrc.yml` that the repository holds and that only refers to
variables (`_authToken=${NPM_TOKEN}`) carries no secret and is not reported; one that is generated
at build time (not in the repository) or holds a literal token is. A builder stage may use such a
file: its layers do not ship.

A `RUN` of the shipped stage that logs a tool in writes the same kind of file into its layer: `aws configure
set aws_secret_access_key ...` (`~/.aws/credentials`), `gcloud auth activate-service-account`, `az login`,
`docker login`, `gh auth login`, `npm login` and `npm config set //registry/:_authToken ...` (Trivy DS031 names
the first three). A BuildKit secret mount does not help there: the tool copies the secret into its own file.
It is not reported when the same `RUN` removes that file or logs out again before it ends.

## Why it matters in production
Every instruction is a layer: `COPY .npmrc .` then `RUN npm ci && rm .npmrc` still ships the token in
the `COPY` layer, readable by anyone who can pull the image (`docker save`, `dive`). BuildKit secrets
(`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`) give the step the file without
writing it to any layer; or use the file in a builder stage and copy only the result.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev && rm .npmrc
COPY . .
USER node
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
```

## References
- https://docs.docker.com/build/building/secrets/
- https://docs.npmjs.com/docker-and-private-modules
"""
import posixpath
import re

from linter.api import RuleMeta, lazy
from linter.api.dockerfile import copy_sources, shipped
from linter.api.repository import repository

META = RuleMeta(
    id="DKF025", name="dockerfile-credential-file-layer", kinds=("dockerfile",), severity="error",
    checklist=("docker.secrets",), cwe=(538,),
)
MESSAGES = {
    "copied": "{file} is copied into a layer of the shipped image, where it stays even if a later step deletes "
              "it; use a BuildKit secret (`RUN --mount=type=secret,...`) or a builder stage",
    "login": "`{command}` stores credentials in {store}, a layer of the shipped image; log in in a builder stage, "
             "or remove {store} in the same RUN",
}
# a login command -> the credential store it writes, and what removes it again in the same RUN
_AWS_KEYS = {"aws_access_key_id", "aws_secret_access_key", "aws_session_token"}
_STORES = {"aws": "~/.aws/credentials", "gcloud": "~/.config/gcloud", "az": "~/.azure", "docker": "~/.docker/config.json",
           "gh": "~/.config/gh", "npm": "~/.npmrc"}
_STORE_PARTS = {"aws": ".aws", "gcloud": ".config/gcloud", "az": ".azure", "docker": ".docker", "gh": ".config/gh",
                "npm": ".npmrc"}
_LOGOUT = {"gcloud": ("auth", "revoke"), "az": ("logout",), "docker": ("logout",), "gh": ("auth", "logout"),
           "npm": ("logout",)}
_FILES = {".npmrc", ".yarnrc.yml", ".pypirc", ".netrc", ".git-credentials", ".pgpass", ".dockercfg",
          "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"}
_PATHS = (".docker/config.json", ".aws/credentials")
_TEMPLATED = {".npmrc", ".yarnrc.yml"}  # config files that may refer to variables instead of holding tokens
_LITERAL_AUTH = lazy(r"(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)\s*[=:]\s*[\"']?(?!\$)\S", re.I)


def _credential(source: str) -> str | None:
    path = posixpath.normpath(source.strip("\"'"))
    name = posixpath.basename(path)
    if name in _FILES or any(path == p or path.endswith("/" + p) for p in _PATHS):
        return name
    return None


def _holds_no_secret(ctx, doc, source: str) -> bool:
    """A templated config file in the build context that only names variables. The context is the one a
    compose file builds with, else the nearest of the Dockerfile's folder and the folders above it that holds
    the file (a monorepo's services build from its root, where the shared .yarnrc.yml is)."""
    repo = repository(ctx.model, ctx)
    folder = posixpath.dirname(doc.file.rel)
    folders = [c for c, _ in sorted(repo.build_contexts().get(doc.file.rel, ()), key=lambda c: c[0])]
    while True:
        folders.append(folder)
        if not folder:
            break
        folder = posixpath.dirname(folder)
    name = source.strip("\"'").lstrip("/")
    for context in folders:
        head = repo.head(posixpath.normpath(posixpath.join(context, name)))  # never through a link
        if head is not None:
            return not _LITERAL_AUTH.search(head.decode("utf-8", "replace"))
    return False


def _login(cmd) -> str | None:
    """The tool whose credential store this command writes, or None."""
    name, args = cmd.name, [a.lower() for a in cmd.args]
    if name == "aws" and args[:2] == ["configure", "set"] and len(args) > 2 \
            and args[2].rsplit(".", 1)[-1] in _AWS_KEYS:
        return "aws"
    if name == "gcloud" and args[:2] in (["auth", "activate-service-account"], ["auth", "login"]):
        return "gcloud"
    if (name, args[:1]) in (("az", ["login"]), ("docker", ["login"]), ("npm", ["login"]), ("npm", ["adduser"])):
        return name
    if name == "gh" and args[:2] == ["auth", "login"]:
        return "gh"
    if name == "npm" and args[:2] == ["config", "set"] and len(args) > 2 and \
            any(k in args[2] for k in ("_authtoken", ":_auth", ":_password")):
        return "npm"
    return None


def _undone(tool: str, later) -> bool:
    """A later command of the same RUN logs out or deletes the store."""
    for cmd in later:
        args = cmd.args
        if cmd.name == tool and tuple(a.lower() for a in args[:len(_LOGOUT.get(tool, ("-",)))]) == _LOGOUT.get(tool):
            return True
        if cmd.name == "rm" and any(_STORE_PARTS[tool] in a for a in args):
            return True
    return False


def _logins(ins):
    cmds = ins.commands()
    for i, cmd in enumerate(cmds):
        tool = _login(cmd)
        if tool is not None and not _undone(tool, cmds[i + 1:]):
            yield tool, cmd


def check(doc, ctx):
    seen = set()
    for stage, _services in shipped(doc, ctx.model):
        for member in stage.chain():
            for ins in member.instructions:
                if ins.name == "RUN" and ins.line not in seen:
                    for tool, cmd in _logins(ins):
                        seen.add(ins.line)
                        shown = " ".join([cmd.name] + cmd.args[:1])  # the subcommand only: later words may be the secret
                        yield ctx.finding(ins.span, doc.key(ins, tool, "login"), "login", command=shown,
                                          store=_STORES[tool])
                        break
                    continue
                if ins.name not in ("COPY", "ADD") or "from" in ins.flags or ins.line in seen:
                    continue
                for source in copy_sources(doc, ins):
                    name = _credential(source)
                    if name is None or (name in _TEMPLATED and _holds_no_secret(ctx, doc, source)):
                        continue
                    seen.add(ins.line)
                    yield ctx.finding(ins.span, doc.key(ins, name), "copied", file=name)
                    break
