"""Cookies set by Python code must be Secure and HttpOnly.

## What it does
Reports `response.set_cookie(...)` / `set_signed_cookie(...)` calls (Django, Flask, Starlette/FastAPI) in
production code that do not pass `secure=True` or `httponly=True`, or pass `samesite="None"` without
`secure=True`. Calls that pass `**options` are left alone (the options may set the flags), and so are
`delete_cookie` calls.

## Why it matters in production
A cookie without `Secure` also travels over plain HTTP, where anyone on the network path can read it; one
without `HttpOnly` can be read by any script on the page, so one XSS bug leaks it. Session and
authentication cookies need both.

## Example
```python path=app/views.py
from flask import Flask, make_response

app = Flask(__name__)


@app.post("/session")
def login():
    response = make_response("ok")
    response.set_cookie("session_token", "value")
    return response
```

## Use instead
```python path=app/views.py
from flask import Flask, make_response

app = Flask(__name__)


@app.post("/session")
def login():
    response = make_response("ok")
    response.set_cookie("session_token", "value", secure=True, httponly=True, samesite="Lax")
    return response
```

## References
- https://docs.djangoproject.com/en/stable/ref/request-response/#django.http.HttpResponse.set_cookie
- https://flask.palletsprojects.com/en/stable/api/#flask.Response.set_cookie
- https://owasp.org/www-community/controls/SecureCookieAttribute
"""
from linter.api import RuleMeta
from linter.api.python import resolve, truthy

META = RuleMeta(
    id="PY008", name="python-cookie-flags", kinds=("python",), severity="warning",
    checklist=("secrets.session-cookies", "tls.cookie-secure"), cwe=(614, 1004),
)
MESSAGES = {
    "flags": "set_cookie({cookie}) lacks {missing}; pass {remedy}",
    "samesite": "set_cookie({cookie}) sets samesite=\"None\" without secure=True; browsers drop it. Pass "
                "secure=True",
}


def check(doc, ctx):
    from linter.api.python import literal
    for site in doc.calls:
        last = site.name.rsplit(".", 1)[-1]
        if last not in ("set_cookie", "set_signed_cookie") or "." not in site.name or site.star_kwargs:
            continue
        name_node = site.args[0] if site.args else site.kwargs.get("key")
        name = literal(name_node) if name_node is not None else ...
        label = repr(name) if isinstance(name, str) and len(name) <= 60 else "..."
        key = f"set_cookie.{name if isinstance(name, str) else 'cookie'}"
        flags = {flag: truthy(resolve(doc, site.kwargs[flag]).value) if flag in site.kwargs else False
                 for flag in ("secure", "httponly")}
        missing = [flag for flag, on in flags.items() if on is False]
        samesite = site.kwargs.get("samesite")
        if samesite is not None and str(resolve(doc, samesite).value).lower() == "none" and not flags["secure"]:
            yield ctx.finding(doc.span(samesite), key, "samesite", cookie=label)
            missing = [m for m in missing if m != "secure"]
        if missing:
            yield ctx.finding(doc.span(site.node), key, "flags", cookie=label,
                              missing=" and ".join(f"{m}=True" for m in missing),
                              remedy=", ".join(f"{m}=True" for m in missing))
