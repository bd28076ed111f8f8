"""URLs that users' browsers follow must use https:// and a real host in production.

## What it does
Reports production settings (env files, compose `environment` after interpolation, Dockerfile `ENV`) whose
value is a public-facing URL with `http://` or pointing at `localhost` / `127.0.0.1`:
- `FRONTEND_URL` (`FRONT_URL`), `CLIENT_URL`, `APP_URL`, `BASE_URL`, `PUBLIC_URL`, `SITE_URL`, `WEB_URL`, `NEXTAUTH_URL`,
  `*_PUBLIC_URL`, `*_FRONTEND_URL`, `NEXT_PUBLIC_*_URL`, `VITE_*_URL`, `REACT_APP_*_URL`, and every entry of
  `CORS_ORIGIN(S)` / `ALLOWED_ORIGINS`;
- any other `*_URL`, `*_URI`, `*_ORIGIN` or `*_ENDPOINT` naming an API, app, site or domain, when it uses
  `http://` with a public host name (a compose service name, `*.internal` or a private address is an internal
  hop and is not reported). Another service's base address (`CODE_INTERPRETER_BASE_URL`, `BROWSER_WEB_URL`)
  counts as such a URL: on a compose service's name it is a hop between containers.

Redirect and callback URLs are the subject of ENV010. A value in `.env` that a sibling `.env.production`
redefines is a development default (Vite, Next.js and Create React App load the production file over it)
and is not reported.

## Why it matters in production
Links in e-mails, OAuth flows, CORS checks and cookies are built from these values. An `http://` URL sends
session cookies and tokens in clear text and downgrades users who follow it; a `localhost` URL means the
production configuration was copied from a developer's machine and links, CORS and redirects are broken.

## Example
```env path=.env.production
FRONTEND_URL=http://app.example.com
```

## Use instead
```env path=.env.production
FRONTEND_URL=https://app.example.com
```

## References
- https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import is_local_host, is_private_host, parse_url, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV009", name="insecure-public-url", kinds=("env", "compose", "dockerfile"), severity="warning",
    checklist=("tls.frontend-url",), cwe=(319,), precision="medium",
)
MESSAGES = {
    "http": "{name} uses http://; use the https:// address users reach in production",
    "localhost": "{name} points at a local address; set the production https:// address",
}
_PUBLIC = lazy(r"^((\w+_)?(FRONTEND|FRONT|CLIENT|APP|BASE|PUBLIC|SITE|WEB|WEBSITE|HOMEPAGE|PORTAL|UI|DASHBOARD)"
                     r"_(URL|URI|ORIGIN|HOST_URL)|NEXTAUTH_URL|AUTH_URL|ORIGIN|(NEXT_PUBLIC|VITE|REACT_APP|NUXT_PUBLIC"
                     r"|EXPO_PUBLIC|PUBLIC)_\w*(URL|URI|ORIGIN|ENDPOINT))$", re.I)
_ORIGINS = lazy(r"^(\w+_)?(CORS_(ALLOWED_)?ORIGINS?|ALLOWED_ORIGINS|CORS_ALLOW_ORIGINS?|CORS_WHITELIST"
                      r"|CORS_ALLOWLIST)$", re.I)
_GENERIC = lazy(r"(API|APP|SITE|DOMAIN|SERVER|BACKEND|ORIGIN|WEBHOOK|ISSUER|HOST|WEB|FRONT)\w*_(URL|URI|"
                      r"ORIGIN|ENDPOINT)$", re.I)
# `CODE_INTERPRETER_BASE_URL`, `BROWSER_WEB_URL`, `APPFLOWY_GOTRUE_BASE_URL`: the word in front names the service
# whose address it is, which a backend calls (a compose service name is an internal hop, as for the generic
# names); the front end's own (`BASE_URL`, `APP_URL`) and the browser's (`NEXT_PUBLIC_*`) stay public
_SERVICE_ADDRESS = lazy(r"^(?!(NEXT_PUBLIC|VITE|REACT_APP|NUXT_PUBLIC|EXPO_PUBLIC|PUBLIC)_)\w+_(BASE|WEB)_(URL|URI)$",
                        re.I)
_REDIRECT = lazy(r"(REDIRECT|CALLBACK|RETURN|LOGOUT|SHAREPOINT)", re.I)


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        if _REDIRECT.search(s.name):
            continue
        if _PUBLIC.match(s.name) or _ORIGINS.match(s.name):
            values, generic = re.split(r"[,\s]+", s.value) if _ORIGINS.match(s.name) else [s.value], False
        elif _GENERIC.search(s.name):
            values, generic = [s.value], True
        else:
            continue
        for value in values:
            parts = parse_url(value.strip().strip("'\""))
            if parts is None or parts["scheme"] not in ("http", "https", "ws", "wss"):
                continue
            host = parts["host"]
            if "$" in host or not host:
                continue
            if _SERVICE_ADDRESS.match(s.name) and is_private_host(host) and not is_local_host(host):
                continue  # another service's own address on its compose name: a hop between containers
            if not generic and is_local_host(host):
                yield ctx.finding(s.span, s.key, "localhost", path=s.path, name=s.name)
                break
            if parts["scheme"] in ("http", "ws") and not (generic and is_private_host(host)) and \
                    not is_local_host(host):
                yield ctx.finding(s.span, s.key, "http", path=s.path, name=s.name)
                break
