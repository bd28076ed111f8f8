"""The shipped image's CMD and ENTRYPOINT must let the application receive SIGTERM.

## What it does
Judges the `ENTRYPOINT` and `CMD` the shipped stage starts with (the compose `target`, else the final
stage; inherited through `FROM <stage>`). It reports the shell form (`CMD node server.js`), which runs the
command under `/bin/sh -c`, unless the command starts with `exec`. It also reports a start through a
package manager (`CMD ["npm", "start"]`, `yarn start`, `pnpm run serve`).

A Dockerfile that builds a base image for the repository's other Dockerfiles (they start FROM the name
its build commands give it, or `FROM ${REPO}/base` beside `base/Dockerfile`) runs no container: it is
left to the images built on it.

## Why it matters in production
`docker stop` and every rolling deploy send SIGTERM to PID 1. In shell form PID 1 is `sh`, which does not
pass the signal on: the application never closes its connections, Docker waits its ten seconds and then
SIGKILLs it mid-request. npm and yarn start the app as a child process and do not reliably forward
signals either, and they add a second process and their own memory. When every production compose service
that runs the image sets its own `command:` (or `entrypoint:`), the image's CMD (or both) is not judged.
Unlike hadolint, prodlint does not report a shell-form `HEALTHCHECK CMD` (no signal is sent to it), nor a
builder stage's CMD (it never runs).

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
USER node
CMD node server.js
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
```

## Fix safety
Safe: a shell-form command made only of plain words (no `$`, quotes, pipes, redirections, globs or `&&`)
is rewritten in exec form (`CMD node server.js` becomes `CMD ["node", "server.js"]`). Without shell syntax
`/bin/sh -c` adds nothing but the signal problem, so the program behaves the same. Commands that use the
shell, and starts through a package manager, are left for a person.

## References
- https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
- https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#cmd
"""
import json

from linter.api import edits
from linter.api import RuleMeta, Span
from linter.api.shell import script_call
from linter.api.dockerfile import launch, running

META = RuleMeta(
    id="DKF008", name="dockerfile-exec-form", kinds=("dockerfile",), severity="warning",
    checklist=("docker.signals",), security=False, fix="safe",
    peers=("hadolint:DL3025", "semgrep:prefer-json-notation", "kics:b86987e1-6397-4619-81d5-8807f2387c79"),
)
_SHELL_SYNTAX = set("$|&;<>*?~`(){}[]\\'\"#=")
MESSAGES = {
    "shell-form": "{instruction} uses the shell form, so /bin/sh is PID 1 and SIGTERM never reaches the "
                  "application; use the exec form, e.g. {instruction} [\"node\", \"server.js\"]",
    "package-manager": "{instruction} starts the application through {tool}, which does not forward SIGTERM "
                       "reliably; run the program directly, e.g. {instruction} [\"node\", \"server.js\"]",
}


def check(doc, ctx):
    for stage, services in running(doc, ctx.model):
        for ins in launch(stage, services):
            key = f"stage.{stage.label}.{ins.name}"
            if ins.shell_form:
                body = ins.body.strip()
                if body and not body.startswith("exec "):
                    yield ctx.finding(ins.span, key, "shell-form", instruction=ins.name,
                                      fix=_exec_form_fix(doc, ins, body))
                continue
            commands = ins.commands()
            if commands and script_call(commands[0]) is not None:
                yield ctx.finding(ins.span, key, "package-manager", instruction=ins.name,
                                  tool=f"{commands[0].name} {' '.join(commands[0].args[:2])}".strip())


def _exec_form_fix(doc, ins, body):
    if ins.end_line != ins.line or _SHELL_SYNTAX & set(body):
        return None
    text = doc.file.line_text(ins.line)
    keyword = text.lstrip().split(None, 1)[0]
    indent = text[:len(text) - len(text.lstrip())]
    new = f"{indent}{keyword} {json.dumps(body.split())}"
    return edits.fix(f"use the exec form of {ins.name}",
                     edits.replace(doc.file, Span(ins.line, 1, ins.line, len(text) + 1), new))
