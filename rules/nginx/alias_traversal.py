"""An alias must not let the request path step out of the directory it maps.

## What it does
Reports `location /files { alias /srv/files/; }`: a prefix location that does not end in `/`
with an `alias` that does. Also reported, as the smaller leak it is: a directory-like prefix
location and alias that both lack the slash (`/filesX` maps to `/srv/filesX`, any sibling whose
name starts the same), and regex locations whose capture is glued into the alias the same way
(`location ~ ^/img(.*)$ { alias /srv/img/$1; }`, where the capture can start with `.`). A capture glued to
another one in the same path part (`output/$1-$2/`) is the request's part already: it is reported only when it
can hold a `/`.

## Why it matters in production
A request for `/files../secret` matches the location, and nginx maps it to
`/srv/files/../secret`: any file in the alias's parent directory can be read (the classic
"off-by-slash" path traversal).

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /static {
        alias /srv/app/static/;
    }
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 80;
    location /static/ {
        alias /srv/app/static/;
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/aliastraversal.md
"""
import re

from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model, regex_capture

META = RuleMeta(
    id="NGX020", name="nginx-alias-traversal", kinds=("nginx",), severity="error",
    checklist=("hardening.nginx-routing",), cwe=(22,), per_tree=True,
    peers=("semgrep:alias-path-traversal",),
)
MESSAGES = {
    "traversal": "location '{prefix}' has no trailing slash but its alias ends in one, so '{prefix}../' reads the "
                 "parent directory; end the location with '/' too",
    "sibling": "location '{prefix}' and its alias both lack the trailing slash, so '{prefix}X' serves any "
               "sibling path that starts like the alias; end both with '/'",
    "capture": "the alias glues ${var} to the path without a '/' between them, so a request can reach "
               "'..' or sibling paths; put '/' before the capture in both the location regex and the alias",
}
_VAR_SPLIT = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def _directory_like(path: str) -> bool:
    """A path whose last part names a directory, not a file (`/robots.txt` aliasing a file is fine)."""
    return "." not in path.rstrip("/").rsplit("/", 1)[-1]


def _prefix_problem(location: str, alias: str) -> str | None:
    if location.endswith("/"):
        return None
    if alias.endswith("/"):
        return "traversal"
    if _directory_like(location) and _directory_like(alias) and "$" not in alias:
        return "sibling"
    return None


def _capture_problem(alias_dir, alias: str) -> str | None:
    """The first capture in ``alias`` that is joined to the path unsafely."""
    for m in _VAR_SPLIT.finditer(alias):
        name = m.group(1) or m.group(2)
        cap = regex_capture(name, alias_dir)
        if cap is None:
            continue
        before = alias[:m.start()]
        slash_in_alias = before.endswith("/")
        if cap.must_start_with_slash:
            continue
        if "$" in before.rsplit("/", 1)[-1] and not cap.can_hold("/"):
            # glued to another capture in the same path part (`output/$1-$2/`): that part is the request's
            # already, and a capture that cannot hold '/' cannot make a `..` part of its own
            continue
        if cap.after_slash:
            if not slash_in_alias:
                return name  # /img/(.*) -> /srv/img$1: /img/x reads /srv/imgx
        elif not slash_in_alias or cap.can_begin_with("."):
            # /img(.*) -> /srv/img/$1 reads /srv/img/../ ; -> /srv/img$1 reads siblings. An empty capture
            # only maps to the alias directory itself, so /img([^.]*) -> /srv/img/$1 is safe.
            return name
    return None


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.find("alias"):
            loc = d.parent
            if loc is None or loc.name != "location" or not loc.args or not d.args:
                continue
            if loc.args[0] in ("~", "~*"):
                var = _capture_problem(d, d.args[0])
                if var:
                    yield from emit(d, f"{location_key(d)}.alias", "capture", var=var)
                continue
            if loc.args[0] == "=" or loc.args[0].startswith("@"):
                continue
            path = loc.args[-1]
            problem = _prefix_problem(path, d.args[0])
            if problem:
                yield from emit(d, f"{location_key(d)}.alias", problem, prefix=path)
