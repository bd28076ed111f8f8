r"""Origin and Referer checks must use anchored, escaped regular expressions.

## What it does
Reads every `if ($http_origin ~ ...)`, `if ($http_referer ~ ...)` and every `map` of
`$http_origin`/`$http_referer` with regex keys, and reports a regex that accepts hosts its author
did not mean:
- no `^` anchor, so `https://evil.test/?https://example.com` matches;
- anything allowed before the scheme (`^([^/]+)?https://...`);
- a host that can be extended into another domain: an unescaped dot in the domain
  (`example.com` matches `exampleXcom`), or a wildcard glued to the domain
  (`([^/]+)?example\.com` matches `evilexample.com`, `example\.com([^/]+)?` matches
  `example.com.evil.test`);
- a host not terminated by `/`, a port or `$`;
- a path in an Origin check (an Origin header never has one), and `$http_referrer`, a header
  browsers never send.

A block list (`if ($http_referer ~* "spam\.test") { return 403; }`) is not an allow-list and is
not judged.

## Why it matters in production
These checks guard CORS answers, CSRF defences and hotlink protection. A regex that an
attacker's domain can satisfy turns the guard into an allow-all.

Unlike gixy, prodlint has no list of trusted domains (gixy's `domains` option) and does not
demand `https://` only (its `https_only` option): it judges the shape of the regex, so a
well-formed check for a domain you do not own, or one that also accepts `http://`, is not
reported.

## Example
```nginx path=nginx/conf.d/api.conf
server {
    listen 80;
    if ($http_origin ~* "https://app.example.com") {
        set $cors "true";
    }
}
```

## Use instead
```nginx path=nginx/conf.d/api.conf
server {
    listen 80;
    if ($http_origin ~* "^https://app\.example\.com$") {
        set $cors "true";
    }
}
```

## References
- https://github.com/dvershinin/gixy/blob/master/docs/en/plugins/origins.md
- https://portswigger.net/web-security/cors
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, location_key, nginx_model
from linter.api.nginx import origin_problem

META = RuleMeta(
    id="NGX014", name="nginx-origin-regex", kinds=("nginx",), severity="warning",
    checklist=("hardening.nginx-access", "secrets.cors-origins"), cwe=(20, 942), per_tree=True,
)
MESSAGES = {
    "unanchored": "this {header} regex has no ^ anchor, so any URL containing the trusted one matches; "
                  "anchor it: ^https://app\\.example\\.com$",
    "prefix": "this {header} regex lets anything precede the scheme; start it with ^https://",
    "host": "this {header} regex lets the host be extended into another domain (an unescaped dot or a "
            "wildcard next to the domain); escape dots and only allow whole subdomains: ([a-z0-9-]+\\.)?",
    "suffix": "this {header} regex does not end the host: example.com.evil.test matches; follow the host "
              "with {end}",
    "origin-path": "an Origin header has no path, so this regex never matches a real origin after the host; "
                   "end it with $ right after the host (and optional port)",
    "misspelled": "browsers send `Referer`, never `Referrer`: $http_referrer is always empty; use $http_referer",
}
_HEADERS = {"$http_origin": "origin", "$http_referer": "referer", "$http_referrer": "referer"}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            if d.name == "if" and len(d.args) == 3 and d.args[1] in ("~", "~*", "!~", "!~*"):
                var = d.args[0].lower()
                if var not in _HEADERS:
                    continue
                key = f"{location_key(d)}.{var.lstrip('$')}"
                if var == "$http_referrer":
                    yield from emit(d, key, "misspelled")
                    continue
                if d.args[1] in ("~", "~*") and _blocklist(d):
                    continue
                yield from _judge(emit, d, key, d.args[2], _HEADERS[var])
            elif d.name == "map" and len(d.args) >= 2 and d.args[0].lower() in _HEADERS:
                header = _HEADERS[d.args[0].lower()]
                for entry in d.block or ():
                    # a map may only rewrite the header (say, to redact it from logs): judge allow-lists of URLs
                    if entry.name.startswith("~") and ("//" in entry.name or "\\." in entry.name):
                        pattern = entry.name[2:] if entry.name.startswith("~*") else entry.name[1:]
                        yield from _judge(emit, entry, f"map.{d.args[1]}.{entry.line}", pattern, header)


def _blocklist(d) -> bool:
    """``if ($http_referer ~ spam) { return 403; }`` rejects what matches: matching anywhere is meant."""
    inner = d.children()
    return bool(inner) and all(x.name == "return" and x.args and x.args[0].isdigit() and int(x.args[0]) >= 400
                               for x in inner)


def _judge(emit, d, key, pattern, header):
    problem = origin_problem(pattern, header)
    if problem:
        end = "$ (or :port$)" if header == "origin" else "/ or $"
        yield from emit(d, key, problem, header="Origin" if header == "origin" else "Referer", end=end)
