"""Secrets must not be written into a Dockerfile: no secret values in ENV or ARG, no build-time passwords.

## What it does
Reports, in every stage:
- an `ENV` or `ARG` whose name says it holds a secret (`JWT_SECRET`, `DB_PASSWORD`, `STRIPE_API_KEY`, ...)
  and whose value, written in the Dockerfile, looks like a chosen credential (a vendor default such as
  `postgres` counts), a URL with an inline password, and any `ENV`/`ARG` value in a known token format
  (AWS, GitHub, Stripe, Slack, ...). References (`$VAR`), file paths (`/run/secrets/jwt`), empty values and
  placeholders (`changeme`: weak-secret rules report those) are fine;
- a `LABEL` holding such a value, judged by the last part of its key (`com.example.api-key`), or in a known
  token format under any key: labels are stored in the image config like `ENV` (`docker inspect` prints them);
- a `RUN` that sets an account password with `chpasswd` or `passwd --stdin`.

## Why it matters in production
The Dockerfile is in the repository, so the value is in git history for everyone with read access, and
`ENV`/`ARG` values are stored in the image config: `docker history` and `docker inspect` print them for
anyone who can pull the image, long after the variable was "overridden" at run time. A password set with
`chpasswd` is baked into `/etc/shadow` of every container.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
ENV JWT_SECRET=9f8e7d6c5b4a39281726354a5b6c7d8e
USER node
CMD ["node", "server.js"]
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
ENV JWT_SECRET_FILE=/run/secrets/jwt_secret
USER node
CMD ["node", "server.js"]
```

## References
- https://docs.docker.com/build/building/secrets/
- https://docs.docker.com/compose/how-tos/use-secrets/
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import hardcoded_secret, is_reference
from linter.api import lazy

META = RuleMeta(
    id="DKF011", name="dockerfile-secret-value", kinds=("dockerfile",), severity="error",
    checklist=("docker.secrets", "secrets.in-repo"), cwe=(798,),
    peers=("hadolint:DL3064", "checkov:CKV2_DOCKER_17", "semgrep:secret-in-build-arg",
           "kics:781e75f7-bf43-4ab7-bae7-a08ad6607af3", "kics:c3e1b6ae-d92c-44b3-8ed5-1f5442bab6a4",
           "kics:cb9598a8-30e2-400b-b8e6-65e5e5d6bb9c"),
)
MESSAGES = {
    "value": "{instruction} {name} writes a secret into the Dockerfile and the image config; remove the value "
             "and provide it at run time (compose secrets, or an env var from the deploy environment)",
    "password": "`{command}` sets an account password at build time, baking it into every container; set "
                "passwords at run time or use key-based access",
}
_NOT_SECRET_VALUE = lazy(r"^(true|false|yes|no|on|off|none|null|\d{1,6}|~?/.*|\./.*|[A-Za-z]:\\.*)$", re.I)


def check(doc, ctx):
    for setting in ctx.model.settings(doc):
        value = setting.value
        if not value or not value.strip() or is_reference(value) or "$" in value:
            continue
        if _NOT_SECRET_VALUE.match(value.strip().strip("'\"")):
            continue
        if hardcoded_secret(setting.name, value):
            yield ctx.finding(setting.key_span, setting.key, "value", secret=value,
                              instruction=setting.instruction or "ENV", name=setting.name)
    for ins in doc.instructions:
        if ins.name == "LABEL":
            yield from _labels(doc, ins, ctx)
            continue
        if ins.name != "RUN":
            continue
        for cmd in ins.commands():
            if cmd.name == "chpasswd" or (cmd.name == "passwd" and "--stdin" in cmd.args):
                yield ctx.finding(ins.span, doc.key(ins, cmd.name), "password", command=cmd.name)
                break


def _labels(doc, ins, ctx):
    for key, value in ins.keyvalues():
        if not value or not value.strip() or "$" in value or _NOT_SECRET_VALUE.match(value.strip().strip("'\"")):
            continue
        name = re.split(r"[./]", key)[-1]  # `com.example.api-key`: the last part names what the value is
        if hardcoded_secret(name, value):
            yield ctx.finding(ins.span, doc.key(ins, key), "value", secret=value, instruction="LABEL", name=key)
