"""TLS servers need a certificate, a resolver for OCSP stapling, and no session-ticket or cipher-order pitfalls.

## What it does
Reports:
- a `listen ... ssl` with no `ssl_certificate` in effect for that server;
- `ssl_stapling on` in effect for a TLS server with no `resolver` in effect (nginx cannot
  reach the OCSP responder, so stapling silently does nothing);
- `ssl_session_tickets on` (ticket keys are rarely rotated, which breaks forward secrecy);
- `ssl_prefer_server_ciphers on` without `ssl_conf_command Options PrioritizeChaCha` (with
  only strong suites enabled, the client should pick: mobile clients prefer ChaCha20).

## Why it matters in production
These are the settings that separate an A from a B at SSL Labs: a listener without a
certificate fails every handshake, stapling without a resolver adds an OCSP round trip to each
new visitor, and un-rotated ticket keys let one stolen key decrypt recorded traffic.

## Example
```nginx path=nginx/conf.d/site.conf
server {
    listen 443 ssl;
    server_name example.com;
    ssl_certificate /etc/ssl/example.pem;
    ssl_certificate_key /etc/ssl/example.key;
    ssl_session_tickets on;
    ssl_stapling on;
}
```

## Use instead
```nginx path=nginx/conf.d/site.conf
server {
    listen 443 ssl;
    server_name example.com;
    ssl_certificate /etc/ssl/example.pem;
    ssl_certificate_key /etc/ssl/example.key;
    ssl_session_tickets off;
    ssl_stapling on;
    resolver 10.0.0.2 valid=300s;
}
```

## References
- https://ssl-config.mozilla.org/
- https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_stapling
"""
from linter.api import RuleMeta
from linter.api.nginx import Emitter, inherited, location_key, nginx_model, value

META = RuleMeta(
    id="NGX005", name="nginx-tls-settings", kinds=("nginx",), severity="warning", checklist=("tls.protocols",),
    cwe=(326,), per_tree=True,
)
MESSAGES = {
    "no-certificate": "this listener has `ssl` but the server has no ssl_certificate in effect; add "
                      "ssl_certificate and ssl_certificate_key",
    "stapling-no-resolver": "ssl_stapling is on for this server but no resolver is in effect; add "
                            "`resolver <internal DNS>;` or turn stapling off",
    "tickets": "ssl_session_tickets on reuses ticket keys nginx never rotates; set `ssl_session_tickets off;`",
    "prefer": "ssl_prefer_server_ciphers on forces the server's order on clients; with only strong suites use "
              "`ssl_prefer_server_ciphers off;` (or add `ssl_conf_command Options PrioritizeChaCha;`)",
}


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        chacha = any("prioritizechacha" in " ".join(d.args).lower() for d in tree.find("ssl_conf_command"))
        for d in tree.walk():
            if d.name == "ssl_session_tickets" and d.args and d.args[0].lower() == "on":
                yield from emit(d, f"{location_key(d)}.ssl_session_tickets", "tickets")
            elif d.name == "ssl_prefer_server_ciphers" and d.args and d.args[0].lower() == "on" and not chacha:
                yield from emit(d, f"{location_key(d)}.ssl_prefer_server_ciphers", "prefer")
        for server in tree.servers():
            node = server.node
            if any(lst.ssl for lst in server.listens) and not inherited(node, "ssl_certificate") \
                    and not any(d.name.startswith("ssl_certificate_by") for d in node.walk()) \
                    and value(node, "ssl_reject_handshake") != "on":
                first = next(lst for lst in server.listens if lst.ssl)
                yield from emit(first.directive, f"{server.key}.ssl_certificate", "no-certificate")
            if server.tls and value(node, "ssl_stapling") == "on" and not inherited(node, "resolver"):
                yield from emit(node, f"{server.key}.resolver", "stapling-no-resolver")
