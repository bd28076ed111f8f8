"""worker_connections must fit within the file descriptors a worker may open.

## What it does
In a full configuration (`events {}` at top level), reports `worker_connections` above
`worker_rlimit_nofile`, and `worker_connections` above 1024 with no `worker_rlimit_nofile`
(the usual soft limit of open files is 1024).

## Why it matters in production
Every client connection takes a descriptor, and a proxied one takes two. Past the limit
nginx logs "Too many open files" and refuses connections under exactly the load the setting
was raised for.

## Example
```nginx path=nginx/nginx.conf
worker_rlimit_nofile 1024;
events {
    worker_connections 4096;
}
```

## Use instead
```nginx path=nginx/nginx.conf
worker_rlimit_nofile 16384;
events {
    worker_connections 4096;
}
```

## References
- https://nginx.org/en/docs/ngx_core_module.html#worker_rlimit_nofile
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, nginx_model

META = RuleMeta(
    id="NGX028", name="nginx-worker-limits", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-limits",), security=False,
)
MESSAGES = {
    "above": "worker_connections {connections} is above worker_rlimit_nofile {limit}; raise worker_rlimit_nofile "
             "to at least twice worker_connections",
    "unset": "worker_connections {connections} exceeds the usual 1024 open-file limit; set worker_rlimit_nofile "
             "to at least twice worker_connections",
}


def _int(d):
    return int(d.args[0]) if d.args and d.args[0].isdigit() else None


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        if tree.context != "main":
            continue
        limits = [d for d in tree.top.children("worker_rlimit_nofile") if _int(d) is not None]
        for events in tree.top.children("events"):
            for wc in events.children("worker_connections"):
                n = _int(wc)
                if n is None:
                    continue
                if limits and n > _int(limits[-1]):
                    yield from emit(wc, "events.worker_connections", "above", connections=n,
                                    limit=_int(limits[-1]))
                elif not limits and n > 1024:
                    yield from emit(wc, "events.worker_connections", "unset", connections=n)
