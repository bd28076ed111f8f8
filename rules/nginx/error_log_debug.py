"""nginx's error log must not run at debug level in production.

## What it does
Reports an `error_log` whose level is `debug` (main, http, server or location level) in a production nginx
configuration. nginx writes every connection's internals at that level (request headers, upstream
exchanges, SSL handshakes); `info` and `notice` are left alone, since nginx logs little at them.

## Why it matters in production
At debug level nginx logs megabytes per minute under real traffic: the disk or the log collector fills,
the few real errors drown, and request headers (cookies, `Authorization`) end up in the log. The level is
meant for reproducing a problem, then switched back to `warn` or `error`.

## Example
```nginx path=nginx.conf
error_log /dev/stderr debug;
events {}
http {
    server {
        listen 80;
        location / { proxy_pass http://app:3000; }
    }
}
```

## Use instead
```nginx path=nginx.conf
error_log /dev/stderr warn;
events {}
http {
    server {
        listen 80;
        location / { proxy_pass http://app:3000; }
    }
}
```

## References
- https://nginx.org/en/docs/ngx_core_module.html#error_log
- https://nginx.org/en/docs/debugging_log.html
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model

META = RuleMeta(
    id="NGX031", name="nginx-error-log-debug", kinds=("nginx",), severity="warning",
    checklist=("logging.level",), cwe=(532,), per_tree=True,
)
MESSAGES = {
    "debug": "error_log runs at debug level, which logs every request's internals (headers included) and floods "
             "the log; use `warn` (or `error`) in production",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("error_log"):
            # error_log FILE [LEVEL]: the level is the last word after the file
            if len(d.args) >= 2 and d.args[-1].lower() == "debug":
                yield from emit(d, f"{location_key(d)}.error_log.level", "debug")
