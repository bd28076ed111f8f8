"""TLS must not allow broken protocol versions or ciphers.

## What it does
Reports `ssl_protocols` (and `proxy_ssl_protocols`) that enable SSLv2, SSLv3, TLSv1 or TLSv1.1,
and `ssl_ciphers` (and `proxy_ssl_ciphers`) that enable RC4, DES, 3DES, MD5, NULL/eNULL,
EXPORT, aNULL/ADH or LOW cipher suites. Cipher lists are not judged where `ssl_protocols`
allows only TLSv1.3, whose suites `ssl_ciphers` does not control.

## Why it matters in production
TLS 1.0/1.1 and these ciphers have practical attacks (POODLE, BEAST, SWEET32, RC4 biases,
anonymous key exchange with no server authentication). Scanners such as SSL Labs cap the
grade, and PCI DSS forbids them.

## Example
```nginx path=nginx/nginx.conf
http {
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    ssl_ciphers HIGH:!aNULL:RC4;
}
```

## Use instead
```nginx path=nginx/nginx.conf
http {
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305;
}
```

## References
- https://ssl-config.mozilla.org/
- https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols
"""
import re

from linter.api import RuleMeta
from linter.api.nginx import Emitter, inherited, location_key, nginx_model

META = RuleMeta(
    id="NGX004", name="nginx-weak-tls", kinds=("nginx",), severity="warning", checklist=("tls.protocols",),
    cwe=(326, 327), per_tree=True,
    peers=("semgrep:insecure-ssl-version",),
)
MESSAGES = {
    "protocol": "{directive} enables {weak}; allow only TLSv1.2 and TLSv1.3",
    "cipher": "{directive} enables weak suites ({weak}); use the Mozilla intermediate cipher list",
}
_WEAK_PROTOCOLS = ("sslv2", "sslv3", "tlsv1", "tlsv1.1")
_WEAK_PARTS = {"RC4": "RC4", "DES": "DES", "3DES": "3DES", "MD5": "MD5", "NULL": "NULL", "ENULL": "eNULL",
               "EXPORT": "EXPORT", "EXP": "EXPORT", "EXPORT40": "EXPORT", "EXPORT56": "EXPORT", "ANULL": "aNULL",
               "ADH": "aNULL", "AECDH": "aNULL", "LOW": "LOW", "RC2": "RC2", "IDEA": "IDEA", "DES-CBC3": "3DES"}


def weak_ciphers(spec: str) -> list[str]:
    found: list[str] = []
    for token in re.split(r"[:,\s]+", spec):
        if not token or token[0] in "!-":
            continue
        upper = token.lstrip("+").upper()
        parts = re.split(r"[-+]", upper)
        if "DES-CBC3" in upper or "3DES" in upper:
            parts = ["3DES"]
        for part in parts:
            label = _WEAK_PARTS.get(part)
            if label and label not in found:
                found.append(label)
    return found


def check(doc, ctx):
    emit = Emitter(doc, ctx)
    for tree in nginx_model(ctx.model).trees_for(doc):
        for d in tree.walk():
            if d.name in ("ssl_protocols", "proxy_ssl_protocols"):
                weak = [a for a in d.args if a.lower() in _WEAK_PROTOCOLS]
                if weak:
                    yield from emit(d, f"{location_key(d)}.{d.name}", "protocol", directive=d.name,
                                    weak=", ".join(weak))
            elif d.name in ("ssl_ciphers", "proxy_ssl_ciphers") and d.args:
                protocols = inherited(d.parent, d.name.replace("ciphers", "protocols")) if d.parent else []
                if protocols and all(a.lower() == "tlsv1.3" for p in protocols for a in p.args):
                    continue
                weak = weak_ciphers(" ".join(d.args))
                if weak:
                    yield from emit(d, f"{location_key(d)}.{d.name}", "cipher", directive=d.name,
                                    weak=", ".join(weak))
