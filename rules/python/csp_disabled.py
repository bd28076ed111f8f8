"""A Python backend's Content-Security-Policy must stay on, without sources that let injected scripts run.

## What it does
Reports:

- flask-talisman applied with `content_security_policy=None` (or `False`, `""`): its default policy,
  `default-src 'self'`, is then not sent. Not reported when an nginx configuration of the repository adds
  `Content-Security-Policy` itself;
- a policy whose `script-src` (or `default-src` when there is no `script-src`) allows `'unsafe-inline'`,
  `'unsafe-eval'` or `*`: flask-talisman's `content_security_policy` (a dict or the header's text),
  django-csp's `CSP_SCRIPT_SRC` / `CSP_DEFAULT_SRC` (before 4.0) and `CONTENT_SECURITY_POLICY["DIRECTIVES"]`
  (4.0), Django 6's `SECURE_CSP`, in the settings production runs, and a `Content-Security-Policy` header the
  code sets itself (`response.headers["Content-Security-Policy"] = "..."` in an `after_request` hook or a
  FastAPI/Starlette/Django middleware, `headers={...}`), unless one route sets it on its own responses (a
  relaxed policy for an API docs page or a preview is that route's decision). `'unsafe-inline'` is not reported
  when the directive also has a nonce, a hash or `'strict-dynamic'` (browsers then ignore it), or when the
  framework adds a nonce to it (`CSP_INCLUDE_NONCE_IN`, `content_security_policy_nonce_in`).

A policy a hook assembles in steps from literals (`csp = "default-src " + " ".join(sources)`, `csp += "; ..."`, a
list of sources written in the function) is read as far as its own body writes it; an addition under an `if` is
one request's and is not read. A value read from the environment, computed at run time, or an application under
an `if`/`try` (a development branch) is not reported. `CSP_REPORT_ONLY = True` is a rollout step, not reported. A backend that
sends no policy at all is nginx's NGX rules' and PY016's concern, not this rule's.

## Why it matters in production
The CSP is the browser's last line against XSS: it stops injected scripts from running. Turning it off, or
allowing inline scripts and `eval`, gives that protection away. Use nonces or hashes for the inline scripts
you need.

## Example
```text path=requirements.txt
flask==3.0.2
flask-talisman==1.1.0
```
```python path=app.py
from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app, content_security_policy=None)
```

## Use instead
```text path=requirements.txt
flask==3.0.2
flask-talisman==1.1.0
```
```python path=app.py
from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app, content_security_policy={"default-src": "'self'", "script-src": ["'self'", "cdn.example.com"]})
```

## References
- https://github.com/wntrblm/flask-talisman#content-security-policy
- https://django-csp.readthedocs.io/en/latest/configuration.html
- https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html
"""
from linter.api import RuleMeta
from linter.api.python import (assembled_policy, csp_directives, enclosing_function, header_values, python_model, route_handler,
                               resolve, settings_views, switched_off, talisman_applications, talisman_option,
                               unsafe_script_sources)

META = RuleMeta(
    id="PY023", name="python-csp-disabled", kinds=("python",), severity="warning",
    checklist=("frontend.csp",), cwe=(1021, 79),
    hints=("csp|content_security_policy|content-security-policy",),
)
MESSAGES = {
    "talisman-disabled": "flask-talisman content_security_policy={value} sends no Content-Security-Policy; drop "
                         "the option (its default is default-src 'self') or list the sources the pages need",
    "unsafe": "the Content-Security-Policy {directive} allows {source} in {setting}, so injected scripts can run; "
              "remove it and use nonces or hashes for the inline scripts you need",
}
# django-csp before 4.0 writes one setting per directive
_DJANGO_CSP_3 = {"CSP_SCRIPT_SRC": "script-src", "CSP_DEFAULT_SRC": "default-src"}


def check(doc, ctx):
    for settings in settings_views(doc, ctx.model):
        yield from _django(ctx, settings)
    for expr in header_values(doc, "Content-Security-Policy"):
        function = enclosing_function(doc, expr)
        if function is not None and route_handler(doc, function):
            continue  # one route's own policy (API docs, a preview) is that route's decision, not the app's CSP
        value = resolve(doc, expr)
        text = value.value if isinstance(value.value, str) and not value.env else assembled_policy(function, expr)
        if isinstance(text, str):
            for directive, source in unsafe_script_sources(csp_directives(text)):
                yield ctx.finding(doc.span(expr), f"header.Content-Security-Policy.{directive}.{source.strip(chr(39))}",
                                  "unsafe", directive=directive, source=source, setting="the header the code sends")
    for site in talisman_applications(doc, ctx.model):
        if not site.conditional:
            yield from _talisman(doc, ctx, site)


def _talisman(doc, ctx, site):
    policy = talisman_option(doc, ctx.model, site, "content_security_policy")
    if policy is None:
        return
    if switched_off(policy.value):
        if not python_model(ctx.model).nginx()["csp"]:
            yield ctx.finding(policy.span, "Talisman.content_security_policy", "talisman-disabled",
                              path=policy.path, value=repr(policy.value))
        return
    nonce = talisman_option(doc, ctx.model, site, "content_security_policy_nonce_in")
    yield from _unsafe(ctx, policy, csp_directives(policy.value), _names(nonce), "Talisman.content_security_policy",
                       "content_security_policy")


def _django(ctx, settings):
    nonce = settings.get("CSP_INCLUDE_NONCE_IN")
    nonce_in = _names(nonce)
    for name in ("CONTENT_SECURITY_POLICY", "SECURE_CSP"):
        b = settings.get(name)
        if _judged(settings, b):
            yield from _unsafe(ctx, b, csp_directives(b.value), nonce_in, f"settings.{name}", name)
    bound = {directive: settings.get(name) for name, directive in _DJANGO_CSP_3.items()}
    directive = "script-src" if bound["script-src"] is not None else "default-src"
    b = bound[directive]
    if _judged(settings, b):
        sources = b.value if isinstance(b.value, list) else [b.value] if isinstance(b.value, str) else None
        if sources is not None and all(isinstance(s, str) for s in sources):
            name = "CSP_SCRIPT_SRC" if directive == "script-src" else "CSP_DEFAULT_SRC"
            directives = {directive: [w for s in sources for w in s.split()]}
            yield from _unsafe(ctx, b, directives, nonce_in, f"settings.{name}", name)


def _judged(settings, b) -> bool:
    return b is not None and b.known and not b.env and not b.conditional and settings.owns(b)


def _unsafe(ctx, b, directives, nonce_in, key, setting):
    if directives is None:
        return
    for directive, source in unsafe_script_sources(directives, nonce_in):
        yield ctx.finding(b.span, f"{key}.{directive}.{source.strip(chr(39))}", "unsafe", path=b.path,
                          directive=directive, source=source, setting=setting)


def _names(b) -> tuple:
    if b is None or not b.known:
        return ()
    value = b.value if isinstance(b.value, list) else [b.value]
    return tuple(str(v).lower() for v in value if isinstance(v, str))
