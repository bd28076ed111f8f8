"""The image that ships must not run as root.

## What it does
Judges the stage that ships: the `target` of each production compose service that builds this Dockerfile,
or else the final stage. It reports that stage when the last `USER` in force (inherited through
`FROM <stage>`) is `root` or `0` (`root:root`, `0:0` too), and when no `USER` is set at all. A `USER` that
names nobody (`USER` alone, `USER ""`, `USER :1000`) sets no user: Docker keeps the image's default, root, so
it is reported as root too (Trivy DS-0002 reads it so). A base image
known to run as a non-root user (see the option: distroless `nonroot` tags, Chainguard, the
`-unprivileged` and rootless variants, and images whose own Dockerfile ends with a non-root `USER`:
Bitnami's (uid 1001), Grafana, Prometheus, Jenkins, Elastic, Graylog, MailDev, SonarQube, Mattermost,
Keycloak, Node-RED) needs no `USER`, and so does a stage FROM an image the repository builds itself
(`FROM org/app-base:${VERSION}`, built by its Makefile or CI from `base/Dockerfile`) whose Dockerfile ends
with a non-root `USER`: that user is the one the derived image runs as. Builder stages that run as root are fine:
only the image that runs matters. A compose service that sets a non-root `user:` for the stage makes it pass.

A Dockerfile that builds a base image for the repository's other Dockerfiles (they start FROM the name
its build commands give it, or `FROM ${REPO}/base` beside `base/Dockerfile`) runs no container: it is
left to the images built on it.

## Why it matters in production
A process running as root inside the container is root on the host's kernel: a container escape, a
writable host mount or a mis-set capability turns an application bug into a host compromise.
Unlike hadolint (DL3002), prodlint does not report a builder stage that runs as root when the shipped
stage switches to another user; and unlike KICS and hadolint, it does report a `scratch` image without
`USER`, since its process runs as uid 0 as well (use a numeric `USER 65532`).

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
RUN npm ci --omit=dev
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
RUN npm ci --omit=dev
USER node
CMD ["node", "server.js"]
```

## Fix safety
Unsafe: for stages built on the official `node` images (which ship a `node` user), the fix adds `USER node`
before the stage's `CMD`/`ENTRYPOINT`. Files the image writes at run time must then be writable by that
user (copy them with `--chown=node:node`), so a reviewer must look; apply it with `--unsafe-fixes`. Other
base images get no fix: prodlint cannot know which user they provide.

## References
- https://docs.docker.com/build/building/best-practices/#user
- https://github.com/hadolint/hadolint/wiki/DL3002
"""
import fnmatch

from linter.api import edits
from linter.api import RuleMeta
from linter.api.dockerfile import expand, launch, own_effective, running
from linter.api.secrets import shorten

META = RuleMeta(
    id="DKF006", name="dockerfile-root-user", kinds=("dockerfile",), severity="warning",
    checklist=("docker.non-root",), cwe=(250,), fix="unsafe",
    options={"non-root-images": {
        "type": "array", "items": {"type": "string"},
        "default": ["*:*nonroot*", "*distroless*:nonroot*", "cgr.dev/chainguard/*", "*-unprivileged*",
                    "*/nginx-unprivileged*", "*rootless*",
                    # images whose own Dockerfile ends with a non-root USER, as their documentation states
                    "bitnami/*", "*/bitnami/*", "grafana/grafana*", "prom/*", "quay.io/prometheus/*",
                    "jenkins/jenkins*", "docker.elastic.co/*", "graylog/graylog*", "maildev/maildev*",
                    "sonarqube*", "mattermost/mattermost-*", "quay.io/keycloak/keycloak*",
                    "nodered/node-red*"],
        "description": "base images (glob patterns on the FROM reference) whose default user is not root"}},
    peers=("hadolint:DL3002", "checkov:CKV_DOCKER_3", "checkov:CKV_DOCKER_8", "semgrep:missing-user",
           "semgrep:missing-user-entrypoint", "semgrep:last-user-is-root",
           "kics:67fd0c4a-68cf-46d7-8c41-bc9fba7e40ae", "kics:fd54f200-402c-4333-a5a4-36ef6709af2f"),
)
MESSAGES = {
    "missing": "the shipped stage '{stage}' sets no USER, so the container runs as root; add a non-root USER "
               "(e.g. `USER node`) before CMD",
    "missing-scratch": "the shipped stage '{stage}' (FROM scratch) sets no USER, so the process runs as uid 0; "
                       "add a numeric `USER 65532:65532`",
    "root": "the shipped stage '{stage}' runs as root (USER {user}); switch to a non-root USER after the steps "
            "that need root",
    "empty": "the shipped stage '{stage}' ends with a USER that names no user, so the container runs as root; "
             "name a non-root user (e.g. `USER 10001`)",
}


def _user(ins, doc):
    """The user part of a USER instruction; '' when it names none (which leaves root), None when a build
    argument without a default decides it."""
    words = ins.words()
    if not words:
        return ""
    value = expand(words[0], doc.arg_defaults())
    return None if value is None else value.split(":", 1)[0].strip().strip("'\"")


def check(doc, ctx):
    patterns = ctx.options["non-root-images"]
    for stage, services in running(doc, ctx.model):
        if services and all(_non_root_service(s) for s in services):
            continue
        user_ins = own_effective(doc, stage, "USER", ctx.model)
        key = f"stage.{stage.label}.USER"
        if user_ins is None:
            image = stage.root.image
            if image is None or any(fnmatch.fnmatch(image.lower(), p.lower()) for p in patterns):
                continue
            message = "missing-scratch" if stage.root.is_scratch else "missing"
            yield ctx.finding(stage.from_instruction.span, key, message, stage=stage.label,
                              fix=_user_node_fix(doc, stage, services))
            continue
        user = _user(user_ins, doc)
        if user == "":
            yield ctx.finding(user_ins.span, key, "empty", stage=stage.label)
        elif user is not None and user.lower() in ("root", "0"):
            yield ctx.finding(user_ins.span, key, "root", stage=stage.label, user=shorten(user_ins.body.strip(), 40))


def _non_root_service(service):
    user = service.get("user")
    if user is None:
        return False
    name = str(service.resolve(user).text).split(":", 1)[0].strip()
    return bool(name) and name.lower() not in ("root", "0") and "$" not in name


def _user_node_fix(doc, stage, services):
    """``USER node`` before the stage's CMD/ENTRYPOINT (or at its end), for the official node images only:
    they are the ones known to ship that user."""
    image = (stage.root.image or "").lower()
    if not (image.startswith("node:") or image == "node" or image.startswith("docker.io/library/node:")):
        return None
    starts = [i for i in launch(stage, services) if i in stage.instructions]
    if starts:
        first = min(starts, key=lambda i: i.line)
        return edits.fix("run as the image's node user",
                         edits.insert_lines_before(doc.file, first.line, ["USER node"]), safety="unsafe")
    last = stage.instructions[-1] if stage.instructions else stage.from_instruction
    return edits.fix("run as the image's node user",
                     edits.insert_lines_after(doc.file, last.end_line, ["USER node"]), safety="unsafe")
