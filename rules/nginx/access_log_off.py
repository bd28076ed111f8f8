"""Requests must be logged: no `access_log off` where traffic is served.

## What it does
Reports `access_log off` (or a log to `/dev/null`) at main, http or server level, and in
locations other than the usual noise: static assets, `favicon.ico`, `robots.txt`, health and
status checks, ACME challenges. Also `error_log off`: nginx has no such switch and writes the
error log to a file named `off` in its prefix directory, where nobody looks (gixy `error_log_off`);
use `error_log /dev/stderr` or a real path.

## Why it matters in production
Access logs are the audit trail of who called what and when: without them an incident cannot
be reconstructed, abuse cannot be traced to a client, and error rates cannot be measured.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    access_log off;
    location / {
        proxy_pass http://app:3000;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    access_log /var/log/nginx/access.log;
    location = /healthz {
        access_log off;
        return 200;
    }
    location / {
        proxy_pass http://app:3000;
    }
}
```

## References
- https://nginx.org/en/docs/http/ngx_http_log_module.html#access_log
"""
import re

from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model, static_location
from linter.api import lazy

META = RuleMeta(
    id="NGX009", name="nginx-access-log-off", kinds=("nginx",), severity="warning",
    checklist=("logging.request-logging",), cwe=(778,), per_tree=True,
)
MESSAGES = {
    "off": "access_log is off here, so these requests leave no audit trail; keep an access log (turn it "
           "off only for health checks and static assets)",
    "error-log-off": "`error_log off` does not turn the error log off: nginx writes it to a file named 'off'; "
                     "log to /dev/stderr (containers) or a real path",
}
_QUIET = lazy(r"favicon|robots\.txt|health|ready|live|ping|status|metrics|acme-challenge|\.well-known|"
                    r"apple-touch|sitemap", re.I)


def _noise(block) -> bool:
    for level in [block] + list(block.ancestors()):
        if level.name == "location" and (static_location(level) or _QUIET.search(" ".join(level.args))):
            return True
    return False


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("access_log"):
            if not d.args or d.args[0].lower() not in ("off", "/dev/null"):
                continue
            if d.parent is not None and _noise(d.parent):
                continue
            yield from emit(d, f"{location_key(d)}.access_log", "off")
        for d in tree.find("error_log"):
            if d.args and d.args[0].lower() == "off":
                yield from emit(d, f"{location_key(d)}.error_log", "error-log-off")
