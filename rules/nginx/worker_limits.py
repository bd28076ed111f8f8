"""worker_connections must fit within the file descriptors a worker may open.

## What it does
Reports `worker_rlimit_nofile` below twice `worker_connections` (a proxied connection holds two
descriptors: the client's and the upstream's; nginx's default `worker_connections` is 512), and `worker_connections` above 1024 with no
`worker_rlimit_nofile` (the usual soft limit of open files is 1024).

gixy also reports `worker_connections` 513-1024 with no `worker_rlimit_nofile`; prodlint does not on
purpose. That is the stock configuration of the official image, and there the connection limit binds
first: nginx counts upstream connections in `worker_connections` too, so a worker at its limit holds
about as many sockets as the usual soft limit of 1024 descriptors allows (Docker Engine 29 gives
containers that soft limit, no longer 1048576). Raising `worker_connections` is what needs the
`worker_rlimit_nofile` beside it.

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
    checklist=("hardening.nginx-limits",), security=False, per_tree=True,
)
MESSAGES = {
    "above": "worker_rlimit_nofile {limit} is below twice worker_connections {connections} (a proxied connection "
             "holds two descriptors); raise worker_rlimit_nofile to at least {needed}",
    "unset": "worker_connections {connections} exceeds the usual 1024 open-file limit; set worker_rlimit_nofile "
             "to at least twice worker_connections",
}


_DEFAULT_CONNECTIONS = 512


def _int(d):
    return int(d.args[0]) if d.args and d.args[0].isdigit() else None


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        if tree.context not in ("main", "fragment"):
            continue
        limits = [d for d in tree.top.children("worker_rlimit_nofile") if _int(d) is not None]
        # events {} in a full configuration; a main-context fragment may carry the directive bare
        found = [wc for events in tree.top.children("events") for wc in events.children("worker_connections")]
        found += tree.top.children("worker_connections")
        for wc in found:
            n = _int(wc)
            if n is None:
                continue
            if limits and _int(limits[-1]) < 2 * n:
                yield from emit(wc, "events.worker_connections", "above", connections=n,
                                limit=_int(limits[-1]), needed=2 * n)
            elif not limits and n > 1024:
                yield from emit(wc, "events.worker_connections", "unset", connections=n)
        if limits and not found and _int(limits[-1]) < 2 * _DEFAULT_CONNECTIONS:
            # no worker_connections anywhere in this configuration: nginx keeps its default of 512
            yield from emit(limits[-1], "worker_rlimit_nofile", "above", connections=_DEFAULT_CONNECTIONS,
                            limit=_int(limits[-1]), needed=2 * _DEFAULT_CONNECTIONS)
