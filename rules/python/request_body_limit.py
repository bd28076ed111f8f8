"""A Python backend must keep a modest limit on request bodies.

## What it does
Reports, in the Django settings production runs:

- `DATA_UPLOAD_MAX_MEMORY_SIZE` at least `max-mb` megabytes (50 by default), or `None` (no limit on the
  request body Django reads into memory, files aside);
- `DATA_UPLOAD_MAX_NUMBER_FIELDS` or `DATA_UPLOAD_MAX_NUMBER_FILES` set to `None` (no limit on the fields or
  files one request may send);

and in a Flask app's configuration (`app.config[...]`, `app.config.update(...)`, a configuration class or
module production loads), `MAX_CONTENT_LENGTH` or `MAX_FORM_MEMORY_SIZE` of at least `max-mb` megabytes, or
set to `None` explicitly. Sizes written as products (`100 * 1024 * 1024`) count.

A `None` is not reported when an nginx configuration of the repository caps bodies itself
(`client_max_body_size` other than 0): the proxy then refuses large bodies before the app reads them, which
is what the checklist asks. Leaving the setting out is not reported: Django's defaults are 2.5 MB and 1000
fields, and a Flask or FastAPI app without a limit is normally capped by the proxy or platform in front of it,
which the repository rarely shows. Values read from the environment, and settings under `if`/`try`, are not
reported; nor are development and test configuration classes.

## Why it matters in production
Parsing a body means holding it in memory. Without a limit, or with one of hundreds of megabytes, a handful of
concurrent requests exhausts the worker's memory, and a form with millions of fields ties up its CPU. Large
uploads belong in a handler that streams them to disk, with its own limit, on the routes that need it.

## Example
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATA_UPLOAD_MAX_MEMORY_SIZE = None
```

## Use instead
```text path=requirements.txt
Django==5.0.6
```
```python path=mysite/settings.py
import os

INSTALLED_APPS = ["django.contrib.auth"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
```

## Options
`max-mb`: the smallest limit, in megabytes, that is reported.

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#data-upload-max-memory-size
- https://flask.palletsprojects.com/en/stable/config/#MAX_CONTENT_LENGTH
- https://cheatsheetseries.owasp.org/cheatsheets/Denial_of_Service_Cheat_Sheet.html
"""
from linter.api import RuleMeta
from linter.api.python import (DJANGO_BODY_LIMITS, DJANGO_COUNT_LIMITS, FLASK_BODY_LIMITS, NON_PRODUCTION_CLASS,
                               byte_size, flask_config, flask_config_modules, pydantic_settings_class, python_model,
                               settings_views)

META = RuleMeta(
    id="PY025", name="python-request-body-limit", kinds=("python",), severity="warning",
    checklist=("backend.request-limits",), cwe=(770, 400),
    options={"max-mb": {"type": "number", "exclusiveMinimum": 0, "default": 50,
                        "description": "limits of this many megabytes or more are reported"}},
    hints=("data_upload_max|max_content_length|max_form_memory_size",),
)
MESSAGES = {
    "none": "{name} = None lifts the limit on {what}, so a few large requests can exhaust the worker's memory; "
            "{remedy}, or cap bodies in the proxy (client_max_body_size)",
    "huge": "{name} lets one request hold {size} MB in memory; keep the limit to a few megabytes and stream large "
            "uploads to disk on the routes that need them",
    "flask-huge": "{name} lets every request send {size} MB; keep the app-wide limit to a few megabytes and raise it "
                  "only on the upload routes (request.max_content_length, Flask 3.1)",
}
_WHAT = {"DATA_UPLOAD_MAX_MEMORY_SIZE": "the request body Django reads into memory",
         "DATA_UPLOAD_MAX_NUMBER_FIELDS": "the number of fields one request may send",
         "DATA_UPLOAD_MAX_NUMBER_FILES": "the number of files one request may send",
         "MAX_CONTENT_LENGTH": "the request body Flask reads",
         "MAX_FORM_MEMORY_SIZE": "the form data Flask reads into memory"}


def check(doc, ctx):
    capped = python_model(ctx.model).nginx()["body_limit"]
    threshold = ctx.options["max-mb"] * 1024 * 1024
    flask_module = doc.rel in flask_config_modules(ctx.model)
    for settings in [] if flask_module else settings_views(doc, ctx.model):
        for name in DJANGO_BODY_LIMITS + DJANGO_COUNT_LIMITS:
            b = settings.get(name)
            if b is not None and b.known and not b.env and not b.conditional and settings.owns(b):
                yield from _judge(ctx, b, name in DJANGO_BODY_LIMITS, capped, threshold,
                                  "remove the setting (Django's default is a safe limit)", "huge")
    if settings_views(doc, ctx.model) and not flask_module:
        return
    for b in flask_config(doc, ctx.model):
        if b.name not in FLASK_BODY_LIMITS or not b.known or b.env or b.conditional:
            continue
        if b.scope and (NON_PRODUCTION_CLASS.search(b.scope) or pydantic_settings_class(doc, b.scope)):
            continue
        yield from _judge(ctx, b, True, capped, threshold, "set a limit such as 16 * 1024 * 1024", "flask-huge")


def _judge(ctx, b, sized, capped, threshold, remedy, huge):
    if b.value is None:
        if not capped:
            yield ctx.finding(b.span, f"settings.{b.name}", "none", path=b.path, name=b.name, what=_WHAT[b.name],
                              remedy=remedy)
        return
    size = byte_size(b.value)
    if sized and size is not None and size >= threshold:
        yield ctx.finding(b.span, f"settings.{b.name}", huge, path=b.path, name=b.name,
                          size=_megabytes(size))


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}"
