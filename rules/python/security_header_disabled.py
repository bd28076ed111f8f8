"""A Python backend must keep its clickjacking and MIME-sniffing protections on.

## What it does
Reports each setting that turns off a security header the framework or its extension sends by default:

- flask-talisman applied with `frame_options=None` (no `X-Frame-Options`) or `content_type_nosniff=False`
  (no `X-Content-Type-Options: nosniff`), at the keyword;
- in the Django settings production runs: `SECURE_CONTENT_TYPE_NOSNIFF = False`; `X_FRAME_OPTIONS` set to
  anything but `"DENY"` or `"SAMEORIGIN"` (browsers ignore `"ALLOWALL"` and the obsolete `"ALLOW-FROM"`, so
  any site may frame the app); a `MIDDLEWARE` list that keeps `SecurityMiddleware` but leaves out
  `django.middleware.clickjacking.XFrameOptionsMiddleware` (the only thing that sends the header), unless a
  middleware of the project's own named for the header, or code of the backend naming `X-Frame-Options` or
  `frame-ancestors`, sends it instead.

The frame findings are not reported when the same settings give the Content-Security-Policy a
`frame-ancestors` directive (it replaces `X-Frame-Options` in current browsers: flask-talisman's
`content_security_policy`, django-csp's `CSP_FRAME_ANCESTORS` or `CONTENT_SECURITY_POLICY`, Django 6's
`SECURE_CSP`), and no finding is reported when an nginx configuration of the repository adds that header
itself. HSTS and the CSP switches are PY006 and PY023; a backend that sends no header at all is PY016's.
A value read from the environment or set under an `if`/`try` is not reported.

## Why it matters in production
Without `X-Frame-Options` any site can load the app in an invisible frame and trick users into clicking
its buttons (clickjacking). Without `nosniff`, browsers guess content types and may run an uploaded file
as a script. Django and flask-talisman send both by default; turning them off gives that away.

## Example
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_CONTENT_TYPE_NOSNIFF = False
X_FRAME_OPTIONS = "ALLOWALL"
```

## Use instead
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
X_FRAME_OPTIONS = "DENY"
```

## References
- https://docs.djangoproject.com/en/stable/ref/clickjacking/
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-content-type-nosniff
- https://github.com/wntrblm/flask-talisman#options
"""
from linter.api import RuleMeta
from linter.api.python import (FRAME_OPTIONS_HONOURED, backend_mentions, csp_directives, python_model, settings_views,
                               switched_off, talisman_applications, talisman_option, truthy)

META = RuleMeta(
    id="PY024", name="python-security-header-disabled", kinds=("python",), severity="warning",
    checklist=("backend.security-headers",), cwe=(1021, 693),
    hints=("frame_options|nosniff|content_type_options|middleware",),
)
MESSAGES = {
    "talisman-frame": "flask-talisman frame_options={value} sends no X-Frame-Options, so other sites can frame "
                      "the app (clickjacking); drop the option (its default is SAMEORIGIN) or add frame-ancestors "
                      "to the CSP",
    "talisman-sniff": "flask-talisman content_type_nosniff=False removes `X-Content-Type-Options: nosniff`, so "
                      "browsers may run uploads as scripts; drop the option",
    "django-sniff": "SECURE_CONTENT_TYPE_NOSNIFF is false, so Django sends no `X-Content-Type-Options: nosniff` "
                    "and browsers may run uploads as scripts; remove the setting (its default is True)",
    "django-frame": "X_FRAME_OPTIONS is {value}, which browsers ignore, so other sites can frame the app "
                    "(clickjacking); set it to \"DENY\" (or \"SAMEORIGIN\")",
    "django-frame-middleware": "MIDDLEWARE leaves out django.middleware.clickjacking.XFrameOptionsMiddleware, so "
                               "Django sends no X-Frame-Options and other sites can frame the app; add it back "
                               "(or give the CSP a frame-ancestors directive)",
}
_SECURITY = "django.middleware.security.SecurityMiddleware"
# a project's own middleware or view code setting the header, or a policy's frame-ancestors
_FRAME_HEADER_CODE = r"(?i)[\"']X-Frame-Options[\"']|frame-ancestors"


def check(doc, ctx):
    nginx = python_model(ctx.model).nginx()
    for settings in settings_views(doc, ctx.model):
        yield from _django(doc, ctx, settings, nginx)
    for site in talisman_applications(doc, ctx.model):
        if site.conditional:
            continue
        frame = talisman_option(doc, ctx.model, site, "frame_options")
        if frame is not None and switched_off(frame.value) and not nginx["frame"]:
            policy = talisman_option(doc, ctx.model, site, "content_security_policy")
            if not _frame_ancestors(policy.value if policy is not None else None):
                yield ctx.finding(frame.span, "Talisman.frame_options", "talisman-frame", path=frame.path,
                                  value=repr(frame.value))
        for option in ("content_type_nosniff", "x_content_type_options"):
            sniff = talisman_option(doc, ctx.model, site, option)
            if sniff is not None and truthy(sniff.value) is False and not nginx["nosniff"]:
                yield ctx.finding(sniff.span, f"Talisman.{option}", "talisman-sniff", path=sniff.path)


def _django(doc, ctx, settings, nginx):
    sniff = settings.get("SECURE_CONTENT_TYPE_NOSNIFF")
    if _judged(settings, sniff) and truthy(sniff.value) is False and not nginx["nosniff"]:
        yield ctx.finding(sniff.span, "settings.SECURE_CONTENT_TYPE_NOSNIFF", "django-sniff", path=sniff.path)
    if nginx["frame"] or _django_frame_ancestors(settings):
        return
    frame = settings.get("X_FRAME_OPTIONS")
    if _judged(settings, frame) and isinstance(frame.value, str) and \
            frame.value.strip().upper() not in FRAME_OPTIONS_HONOURED:
        yield ctx.finding(frame.span, "settings.X_FRAME_OPTIONS", "django-frame", path=frame.path,
                          value=repr(frame.value))
    middleware = settings.get("MIDDLEWARE")
    if _judged(settings, middleware) and isinstance(middleware.value, list) and settings.complete and \
            _SECURITY in middleware.value and not _frame_middleware(middleware.value) and \
            not backend_mentions(doc, ctx.model, _FRAME_HEADER_CODE):
        yield ctx.finding(middleware.target, "settings.MIDDLEWARE.XFrameOptionsMiddleware", "django-frame-middleware",
                          path=middleware.path)


def _frame_middleware(entries) -> bool:
    """Django's XFrameOptionsMiddleware, or a project's own middleware named for the frame header."""
    return any(isinstance(m, str) and "frame" in m.rsplit(".", 1)[-1].lower() for m in entries)


def _judged(settings, b) -> bool:
    return b is not None and b.known and not b.env and not b.conditional and settings.owns(b)


def _frame_ancestors(policy) -> bool:
    directives = csp_directives(policy) if policy is not None else None
    return bool(directives) and "frame-ancestors" in directives


def _django_frame_ancestors(settings) -> bool:
    if settings.has("CSP_FRAME_ANCESTORS"):
        return True
    for name in ("CONTENT_SECURITY_POLICY", "SECURE_CSP"):
        b = settings.get(name)
        if b is not None and (not b.known or _frame_ancestors(b.value)):
            return True  # a policy that is not a literal may hold the directive
    return False
