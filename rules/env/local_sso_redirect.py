"""OAuth/SSO redirect and callback URLs in production must be the production https:// address.

## What it does
Reports production settings (env files, compose `environment` after interpolation, Dockerfile `ENV`) named
`*_REDIRECT_URI`, `*_REDIRECT_URL`, `*_CALLBACK_URL`, `*_CALLBACK_URI`, `*_RETURN_URL`, `*_LOGOUT_URL` or
`SHAREPOINT_*` whose URL points at `localhost` / `127.0.0.1` or uses `http://`.

## Why it matters in production
The identity provider (Azure AD / SharePoint, Google, GitHub, Okta) sends the authorization code to this
address. A `localhost` value breaks sign-in for every user; an `http://` value sends codes and tokens in
clear text, and registering it at the provider lets anyone on the network intercept them.

## Example
```env path=.env.production
AZURE_AD_REDIRECT_URI=http://localhost:3000/auth/callback
```

## Use instead
```env path=.env.production
AZURE_AD_REDIRECT_URI=https://app.example.com/auth/callback
```

## References
- https://learn.microsoft.com/en-us/entra/identity-platform/reply-url
- https://www.rfc-editor.org/rfc/rfc9700#section-4.1
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import is_local_host, parse_url, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV010", name="local-sso-redirect", kinds=("env", "compose", "dockerfile"), severity="warning",
    checklist=("backend.sso-redirects", "tls.frontend-url"), cwe=(319, 601),
)
MESSAGES = {
    "localhost": "{name} points at a local address; register and set the production https:// callback URL",
    "http": "{name} uses http://; register and set the https:// callback URL",
}
_NAME = lazy(r"(^|_)(REDIRECT|CALLBACK|RETURN|LOGOUT|POST_LOGOUT_REDIRECT|SIGNIN_REDIRECT|REPLY)_?(URI|URL|"
                   r"URLS|URIS)$|^SHAREPOINT_\w+$|^REDIRECT_URIS?$", re.I)


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        if not _NAME.search(s.name):
            continue
        for value in re.split(r"[,\s]+", s.value.strip()):
            parts = parse_url(value.strip().strip("'\""))
            if parts is None or parts["scheme"] not in ("http", "https") or "$" in parts["host"]:
                continue
            if is_local_host(parts["host"]):
                yield ctx.finding(s.span, s.key, "localhost", path=s.path, name=s.name)
                break
            if parts["scheme"] == "http":
                yield ctx.finding(s.span, s.key, "http", path=s.path, name=s.name)
                break
