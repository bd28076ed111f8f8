"""Set file ownership when copying (`COPY --chown`), not in a separate `RUN chown`.

## What it does
Reports a recursive `RUN chown -R` (or `chmod -R`) of a path that an earlier `COPY`/`ADD` of the same stage
put there (the path, a folder inside it, or the folder it was copied into), with relative paths resolved
against `WORKDIR`. A `chown` of a folder alone (without `-R`) rewrites only the folder and is fine.

## Why it matters in production
Changing the owner of a file rewrites it into a new layer: the image carries every copied file twice, and
`chown -R` over `node_modules` can double the image size and the build time. `COPY --chown=user:group`
(and `--chmod`) sets the owner in the layer that adds the files.
KICS reports the opposite (any `COPY --chown`, asking for root-owned files); prodlint does not: a file
owned by the runtime user is a deliberate choice, a duplicated layer is not.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN chown -R node:node /app
USER node
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY --chown=node:node . .
USER node
```

## References
- https://docs.docker.com/reference/dockerfile/#copy---chown---chmod
"""
import posixpath

from linter.api import RuleMeta

META = RuleMeta(
    id="DKF021", name="dockerfile-chown-layer", kinds=("dockerfile",), severity="note",
    checklist=("hardening.dockerfile-hygiene",), security=False,
)
MESSAGES = {"chown": "`{command} -R` rewrites files copied by an earlier COPY into a new layer, doubling their size; "
                     "use COPY --chown=user:group (or --chmod) instead"}


def _resolve(path, workdir):
    path = path.strip("'\"")
    if "$" in path:
        return None
    return posixpath.normpath(path if path.startswith("/") else posixpath.join(workdir, path))


def _ancestors(path):
    while True:
        parent = posixpath.dirname(path)
        if parent == path:
            return
        path = parent
        yield path


class _Copied:
    """The paths COPY/ADD put in a stage, asked whether a path is one of them, inside one, or holds one.

    Sets of the paths and of their ancestors answer in the depth of the path asked about: comparing every
    target with every copy costs the square of a stage of thousands of COPY and `chown -R` lines."""

    def __init__(self):
        self.paths: set[str] = set()
        self.holders: set[str] = set()

    def add(self, path):
        self.paths.add(path)
        self.holders.update(_ancestors(path))

    def __bool__(self):
        return bool(self.paths)

    def related(self, target):
        return target in self.paths or target in self.holders or any(a in self.paths for a in _ancestors(target))


def check(doc, ctx):
    # the WORKDIR each stage's image carries, filled in file order (a stage's parent comes before it): asking
    # every stage for its chain's cost the square of a Dockerfile of thousands of chained stages
    carried: dict[int, object] = {}
    for stage in doc.stages:
        workdir = "/"
        inherited = carried.get(stage.parent.index) if stage.parent else None
        carried[stage.index] = stage.last("WORKDIR") or inherited
        if inherited is not None and inherited.words():
            workdir = _resolve(inherited.words()[0], "/") or "/"
        copied = _Copied()
        for ins in stage.instructions:
            if ins.name == "WORKDIR" and ins.words():
                workdir = _resolve(ins.words()[0], workdir) or workdir
            elif ins.name in ("COPY", "ADD") and "chown" not in ins.flags:
                argv = ins.exec_form or ins.words()
                if len(argv) >= 2:
                    dest = _resolve(argv[-1], workdir)
                    if dest:
                        copied.add(dest)
            elif ins.name == "RUN" and copied:
                for cmd in ins.commands():
                    if cmd.name in ("chown", "chmod") and cmd.has_flag("--recursive", short="R"):
                        targets = [p for p in (_resolve(a, workdir) for a in cmd.positional()[1:]) if p]
                        if any(copied.related(t) for t in targets):
                            yield ctx.finding(ins.span, doc.key(ins, cmd.name), "chown", command=cmd.name)
                            break
