"""Credential files must not be copied into the image that ships, not even to delete them later.

## What it does
Reports a `COPY`/`ADD` in the stage that ships (or a stage it is built `FROM`) whose source is a
credential file: `.npmrc`, `.yarnrc.yml`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`,
`.dockercfg`, `.docker/config.json`, `.aws/credentials`, or an SSH private key (`id_rsa`,
`id_ed25519`, ...). The destination tells too, whatever the source is called: a file copied to where a
tool reads its credentials (`/root/.aws/credentials`, `/root/.ssh/id_rsa`, `/root/.docker/config.json`,
`~/.config/gcloud/application_default_credentials.json`, the Hugging Face token file), or to the path held
by a variable naming a credentials file (`GOOGLE_APPLICATION_CREDENTIALS`, `AWS_SHARED_CREDENTIALS_FILE`,
`AWS_CONFIG_FILE`, `HF_TOKEN_PATH`, `PGPASSFILE`, `NPM_CONFIG_USERCONFIG`), written `$NAME` or set by an
`ENV`/`ARG` before it (Trivy DS031 reports `COPY ./config $AWS_CONFIG_FILE`). An AWS config file that the
repository holds without an access key (profiles, regions) is not reported. An `.npmrc`/`.yarnrc.yml`
that the repository holds and that only refers to variables (`_authToken=${NPM_TOKEN}`) carries no
secret and is not reported; one that is generated at build time (not in the repository) or holds a
literal token is. A builder stage may use such a file: its layers do not ship.

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
from linter.api.dockerfile import copy_sources, expand, shipped
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
_PATHS = (".docker/config.json", ".aws/credentials", ".config/gcloud/application_default_credentials.json",
          ".cache/huggingface/token", ".huggingface/token")
# variables the tools read a credentials file's path from: a COPY to `$NAME` writes that file
_FILE_VARIABLES = {"GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "HF_TOKEN_PATH",
                   "PGPASSFILE", "NPM_CONFIG_USERCONFIG"}
_VARIABLE = lazy(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")
_AWS_CONFIG = ".aws/config"
_AWS_KEY = lazy(r"^\s*aws_(secret_access_key|session_token)\s*=\s*\S", re.I | re.M)
_TEMPLATED = {".npmrc", ".yarnrc.yml"}  # config files that may refer to variables instead of holding tokens
_LITERAL_AUTH = lazy(r"(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)\s*[=:]\s*[\"']?(?!\$)\S", re.I)


def _credential(source: str) -> str | None:
    path = posixpath.normpath(source.strip("\"'"))
    name = posixpath.basename(path)
    if name in _FILES or any(path == p or path.endswith("/" + p) for p in _PATHS):
        return name
    return None


def _holds_no_secret(ctx, doc, source: str, secret=_LITERAL_AUTH) -> bool:
    """A config file in the build context that holds no literal secret (``secret`` finds one): a templated
    ``.npmrc`` that only names variables, an AWS config of profiles and regions. The context is the one a
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
            return not secret.search(head.decode("utf-8", "replace"))
    return False


def _file_variables(chain) -> dict[str, str]:
    """Absolute paths the stage's credentials-file variables hold, wherever the ENV/ARG stands: the image is
    usually told where the key is after the COPY that puts it there."""
    held, workdir = {}, "/"
    for member in chain:
        for ins in member.instructions:
            if ins.name == "WORKDIR" and ins.words():
                workdir = posixpath.join(workdir, ins.words()[0].strip("\"'"))
            if ins.name in ("ENV", "ARG"):
                for name, value in ins.keyvalues():
                    if name in _FILE_VARIABLES and value and "$" not in value:
                        held[posixpath.normpath(posixpath.join(workdir, value.strip("\"'")))] = name
    return held


def _destination(ins, values: dict[str, str], workdir: str, held: dict[str, str]) -> str | None:
    """The credential file a COPY/ADD writes, judged by where it writes: a credential store's path, or the
    path a credentials-file variable holds (``$GOOGLE_APPLICATION_CREDENTIALS``, or its value)."""
    argv = ins.exec_form
    words = argv if argv is not None else ins.words()
    if len(words) < 2:
        return None
    dest = words[-1].strip("\"'")
    m = _VARIABLE.match(dest)
    if m and m.group(1) in _FILE_VARIABLES:
        return "$" + m.group(1)
    if dest.endswith("/") or dest in (".", ".."):
        return None  # a folder: the sources' own names say what lands there
    path = posixpath.normpath(posixpath.join(workdir, expand(dest, values) or dest))
    if path in held:  # `COPY key.json /secrets/sa.json` and `ENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json`
        return "$" + held[path]
    if path.endswith("/" + _AWS_CONFIG):
        return path
    return path if _credential(path) else None


def _kind(target: str) -> str:
    """What file a destination stands for, to judge a source the repository holds: npm, aws or other."""
    if target == "$NPM_CONFIG_USERCONFIG" or posixpath.basename(target) in _TEMPLATED:
        return "npm"
    if target == "$AWS_CONFIG_FILE" or target.endswith("/" + _AWS_CONFIG):
        return "aws"
    return "other"


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
        values, workdir, held = dict(doc.arg_defaults()), "/", _file_variables(stage.chain())
        for member in stage.chain():
            for ins in member.instructions:
                if ins.name in ("ENV", "ARG"):
                    values.update({k: v.strip("\"'") for k, v in ins.keyvalues() if v is not None})
                if ins.name == "WORKDIR" and ins.words():
                    workdir = posixpath.join(workdir, expand(ins.words()[0].strip("\"'"), values) or "/")
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
                sources = copy_sources(doc, ins)
                for source in sources:
                    name = _credential(source)
                    if name is None or (name in _TEMPLATED and _holds_no_secret(ctx, doc, source)):
                        continue
                    seen.add(ins.line)
                    yield ctx.finding(ins.span, doc.key(ins, name), "copied", file=name)
                    break
                else:
                    target = _destination(ins, values, workdir, held)
                    if target is None or not sources:
                        continue
                    kind = _kind(target)
                    if kind == "npm" and all(_holds_no_secret(ctx, doc, s) for s in sources):
                        continue
                    if kind == "aws" and all(_holds_no_secret(ctx, doc, s, _AWS_KEY) for s in sources):
                        continue
                    seen.add(ins.line)
                    yield ctx.finding(ins.span, doc.key(ins, "dest", target), "copied",
                                      file=f"{sources[0]}, a credentials file by its destination {target},")
