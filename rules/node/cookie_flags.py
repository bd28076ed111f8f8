"""Session and auth cookies must be httpOnly, secure and sameSite.

## What it does
Reports cookie options that leave a session or auth cookie readable by scripts, sent over plain HTTP or sent
on cross-site requests:

- `express-session`, `cookie-session`, `koa-session` and `@fastify/session` options with `secure`,
  `httpOnly` or `sameSite` set to `false`, `sameSite: 'none'` without `secure: true`, and options that leave
  `secure` or `sameSite` unset (`httpOnly` is already on by default in those packages, so leaving it out is
  fine); express-session-shaped options objects (with `resave` or `saveUninitialized`) built in a config
  module are judged the same way;
- Hapi: `@hapi/yar` `cookieOptions` (in a plugin object `{ plugin: require('@hapi/yar'), options }`, wherever
  it is written), a `@hapi/cookie` auth strategy's `cookie` and `server.state()` cookies with `isSecure`,
  `isHttpOnly` or `isSameSite` set to `false`, or `isSameSite: 'None'` with `isSecure: false` (Hapi defaults
  all three to the safe value, so leaving them out is fine);
- `res.cookie()`, `reply.setCookie()` and `ctx.cookies.set()` calls that set `secure` or `sameSite` to
  `false`; `httpOnly: false` unless the cookie's name is written and clearly holds no credential (a
  double-submit CSRF token such as `XSRF-TOKEN`, a UI preference such as `theme`, `locale`, `consent`,
  `sidebar_state`, the outcome of a flow the page shows once, `robot_auth_status`, `flash_message`, a cookie named
  public, `COOKIE_KEY_PUBLIC`), which scripts may read on purpose, or a constant
  imported from elsewhere whose own name says
  so (`deviceFlowXsrfCookieKey`, `String(XSRF_COOKIE_NAME)`, `names.themeCookie`): a name such as `user`, `uid` or
  `api_key`, or one computed at run time, may hold what identifies the user; and, for a cookie whose name (or value, when the
  name is computed) looks like a session or token (`sid`, `session`, `token`, `jwt`, `auth`..., or is the
  user's id alone, `user`, `uid`, `userId`), options that
  leave `httpOnly`, `secure` or `sameSite` unset (a cookie named for the page to return to after a flow,
  `login_dest`, `returnUrl`, `post_login_redirect`, holds a URL and is no session whatever flow it names). Koa's `ctx.cookies.set()` and koa-session need no
  `secure`: the cookie is Secure by itself on an HTTPS request (with `app.proxy = true` behind a proxy), and `secure: true` over plain HTTP throws.

Options kept in a config module and passed to the session middleware by another module
(`session(sessionConfig, app)` with `import sessionConfig from './config/session.js'`) are judged, and
reported, in the config module; options merged with `Object.assign({...}, {...})` are read as the object they
build. A value computed at run time (`secure: process.env.NODE_ENV === 'production'`,
`secure: 'auto'`) is accepted. A cookie set with an empty value or set to expire at once (`maxAge: 0`,
`maxAge: -1`, `expires: new Date(0)`) is being deleted, as a logout clears the session cookie: it is not judged.

## Why it matters in production
Without `httpOnly` one XSS bug hands the session to the attacker; without `secure` the cookie travels in
clear text on any HTTP request (a redirect, a mixed-content image); without `sameSite` the browser attaches
it to requests other sites trigger (CSRF).

## Example
```js path=server.js
const express = require('express');
const session = require('express-session');

const app = express();
app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: false },
}));
```

## Use instead
```js path=server.js
const express = require('express');
const session = require('express-session');

const app = express();
app.set('trust proxy', 1);
app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: true, httpOnly: true, sameSite: 'lax', maxAge: 8 * 60 * 60 * 1000 },
}));
```

## References
- https://github.com/expressjs/session#cookie
- https://owasp.org/www-community/controls/SecureCookieAttribute
"""
import re

from linter.api import RuleMeta
from linter.api.cookies import redirect_target, status_flag, ui_preference
from linter.api.node import COOKIE_ATTRIBUTES, SESSION_LIBRARY_NAMES, analysis, session_uses
from linter.api import lazy

META = RuleMeta(
    id="JS003", name="cookie-security-flags", kinds=("node",), severity="warning",
    checklist=("secrets.session-cookies", "tls.cookie-secure"), cwe=(614, 1004, 1275),
    hints=("session|cookie|resave|saveuninitialized|rolling",),
    peers=("semgrep:express-cookie-session-no-secure", "semgrep:express-cookie-session-no-httponly",
           "njsscan:cookie_session_no_secure", "njsscan:cookie_session_no_httponly",
           "njsscan:cookie_session_no_samesite"),
)
MESSAGES = {
    "missing": "{what} leaves {attrs} unset; set {remedy}",
    "disabled": "{what} sets `{attr}: false`; set `{attr}: {good}`",
    "samesite-none": "{what} sets `sameSite: 'none'` without `secure: true`; browsers drop such cookies or send "
                     "them over HTTP; add `secure: true` or use 'lax'",
}
_GOOD = {"httpOnly": "true", "secure": "true", "sameSite": "'lax'"}
# Attributes whose package default is unsafe, so leaving them out is a finding.
_UNSAFE_DEFAULTS = {
    "express-session": ("secure", "sameSite"), "cookie-session": ("secure", "sameSite"),
    "koa-session": ("sameSite",), "fastify-session": (), "fastify-server-session": (), "client-sessions": ("secure",),
    "res.cookie": ("httpOnly", "secure", "sameSite"), "reply.setCookie": ("httpOnly", "secure", "sameSite"),
    # Koa's cookies are Secure by themselves on an HTTPS request (`app.proxy` trusts the proxy's header), and
    # `secure: true` over a plain connection throws: leaving it out is the documented way
    "ctx.cookies.set": ("sameSite",), "hapi-yar": (), "hapi-cookie": (), "hapi-state": (),
}
_SENSITIVE = lazy(r"sess|sid|token|auth|jwt|refresh|access|remember|login|credential", re.I)
# a cookie named for the user's id alone (`user`, `uid`, `userId`): the server reads it back to know who is
# asking, a session by another name (zipline signs the id into `user`); `username`, `user_theme` are not it
_USER_ID = lazy(r"(?:user|uid|user[_-]?id)", re.I)
# a double-submit CSRF token (Angular's XSRF-TOKEN) is read by the page's scripts: httpOnly would break it
_CSRF = lazy(r"csrf|xsrf", re.I)
# words that make a CSRF-named cookie more than the double-submit token (`sess_csrf` may hold the session)
_CAMEL = lazy(r"(?<=[a-z0-9])(?=[A-Z])")
# the words that name the constant, not the cookie: `XSRF_COOKIE_NAME`, `themeCookieKey`
_NAME_SUFFIX = lazy(r"(_?cookie)?(_?(key|name|id))?$")
_SESSION_WORD = lazy(r"sess|sid|jwt|auth|refresh|access|remember|login|credential|user|identity|key", re.I)


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for use in session_uses(info):
        if use.module == "fastify-cookie":
            continue  # a signing secret, no session cookie of its own; reply.setCookie is judged below
        opts = use.options
        if opts is None:
            if use.call is not None and not use.call.args:
                yield _missing(doc, ctx, use.node, use.module, _UNSAFE_DEFAULTS[use.module], "session.cookie")
            continue
        cookie = opts
        src = opts.info  # options imported from a config module are judged, and reported, there
        if use.module in ("express-session", "fastify-session", "fastify-server-session", "client-sessions") or \
                use.module == "cookie-session" and src.obj(opts.get("cookie")) is not None:
            if opts.has("cookie"):
                cookie = src.obj(opts.get("cookie"))
                if cookie is None:
                    continue
            elif opts.spread:
                continue
            else:
                cookie = None
        at = use.node if src is info else opts.node
        yield from _judge(src.doc, ctx, src, cookie, use.module, at, "session.cookie")
    for call in info.calls_with(methods=("cookie", "setCookie", "set")):  # what _cookie_api() tells apart
        api = _cookie_api(call)
        if api is None or len(call.args) < 2 or info.string(call.args[1]) == "" or \
                call.args[1].type in ("null", "undefined"):
            continue  # an empty value clears the cookie (Koa's `ctx.cookies.set(name, null)` deletes it)
        sensitive = _sensitive(info, call)
        opts_node = call.arg(2)
        if opts_node is None:
            if sensitive:
                yield _missing(doc, ctx, call.node, api, _UNSAFE_DEFAULTS[api], "cookie")
            continue
        opts = info.obj(opts_node)
        if opts is None or _expired(info, opts):
            continue
        yield from _judge(doc, ctx, info, opts, api, call.node, "cookie",
                          report_missing=sensitive, script_readable=_script_readable(info, call))


def _expired(info, opts) -> bool:
    """A cookie set to expire at once (`maxAge: 0`, `maxAge: -1`, `expires: new Date(0)`): the browser deletes it,
    which is how a logout clears the session cookie; nothing is left to carry."""
    from linter.api.node import node_text
    age = opts.get("maxAge") if opts.has("maxAge") else opts.get("max_age") if opts.has("max_age") else None
    if age is not None:
        value = info.literal(age)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value <= 0
        return bool(_NEGATIVE.fullmatch(node_text(age)))
    expires = opts.get("expires") if opts.has("expires") else None
    return expires is not None and (info.literal(expires) == 0 or bool(_EPOCH.fullmatch(node_text(expires))))


_NEGATIVE = lazy(r"-\s*\d+(\.\d+)?")
_EPOCH = lazy(r"new\s+Date\(\s*[01]?\s*\)|new\s+Date\(\s*['\"]Thu, 01 Jan 1970[^'\"]*['\"]\s*\)")


def _judge(doc, ctx, info, cookie, what, at, key, report_missing=True, script_readable=False):
    """``script_readable``: a cookie that holds no session or token (a UI hint, a CSRF token) may say
    `httpOnly: false` on purpose, so the page's scripts can read it."""
    missing = []
    names = COOKIE_ATTRIBUTES.get(what, {})
    for attr in ("httpOnly", "secure", "sameSite"):
        spelled = names.get(attr, attr)
        value = cookie.get(spelled) if cookie is not None else None
        if value is None:
            if attr in _UNSAFE_DEFAULTS[what] and not (cookie is not None and cookie.spread):
                missing.append(attr)
            continue
        literal = info.literal(value)
        if literal is False and not (attr == "httpOnly" and script_readable):
            yield ctx.finding(doc.span(cookie.pairs[spelled]), f"{key}.{attr}", "disabled", what=_label(what),
                              path=doc.rel, attr=spelled,
                              good=_GOOD[attr] if attr != "sameSite" or not names else "'Lax'")
        elif attr == "sameSite" and isinstance(literal, str) and literal.lower() == "none":
            secure = cookie.get(names.get("secure", "secure"))
            # a spread may carry `secure` (`...(!process.env.NOT_SECURED ? { secure: true } : {})`), as it may
            # carry a missing attribute
            if secure is None and not names and not cookie.spread or \
                    secure is not None and info.literal(secure) is False:
                yield ctx.finding(doc.span(cookie.pairs[spelled]), f"{key}.sameSite", "samesite-none",
                                  what=_label(what), path=doc.rel)
    if missing and report_missing:
        node = cookie.node if cookie is not None else at
        yield _missing(doc, ctx, node, what, missing, key)


def _missing(doc, ctx, node, what, attrs, key):
    fix = ", ".join(f"`{a}: {_GOOD[a]}`" for a in attrs)
    return ctx.finding(doc.span(node), f"{key}.flags", "missing", what=_label(what), path=doc.rel,
                       attrs=", ".join(f"`{a}`" for a in attrs), remedy=fix)


def _label(what):
    if what.startswith("hapi-"):
        return f"the {SESSION_LIBRARY_NAMES[what]} cookie"
    return f"the {what} cookie" if "." not in what else f"`{what}()`"


def _cookie_api(call):
    if call.method == "cookie" and call.receiver is not None:
        return "res.cookie"
    if call.method == "setCookie":
        return "reply.setCookie"
    if call.method == "set" and call.receiver is not None and call.receiver.type == "member_expression" and \
            call.receiver.text.endswith(b".cookies"):
        return "ctx.cookies.set"
    return None


def _sensitive(info, call):
    """Whether leaving httpOnly, secure or sameSite unset is a finding: the cookie looks like a session or a
    token. Only the name tells a CSRF token apart; a value such as `JSON.stringify({ user, csrfToken })` may
    carry a session next to its CSRF token."""
    name = info.string(call.args[0])
    text = name if name is not None else call.args[0].text.decode("utf-8", "replace")
    value = call.args[1].text.decode("utf-8", "replace")
    if name is not None:
        return not _csrf_token(name) and not ui_preference(name) and not redirect_target(name) and \
            bool(_SENSITIVE.search(name) or _USER_ID.fullmatch(name))
    return bool(_SENSITIVE.search(text) or _SENSITIVE.search(value))


def _script_readable(info, call):
    """Whether `httpOnly: false` may be on purpose: only for a cookie whose name is written (or held in a
    constant, or named by an imported constant whose own name says so) and clearly holds no credential, a
    double-submit CSRF token or a UI preference. Any other name
    (`user`, `uid`, `api_key`, a name computed at run time) may hold what identifies the user."""
    name = info.string(call.args[0])
    if name is None:
        name = _constant_name(call.args[0])
        if name is None:
            return False
    return _csrf_token(name) or ui_preference(name) or status_flag(name) or bool(_PUBLIC_COOKIE.search(name))


# the public half of a pair of cookies, named so (`__HEMMELIG_TOKEN_PUBLIC` beside the httpOnly
# `__HEMMELIG_TOKEN`, `COOKIE_KEY_PUBLIC`): what the page shows (a user name, an expiry), written for scripts
_PUBLIC_COOKIE = lazy(r"(?:^|[_.-])public(?:$|[_.-])", re.I)


def _constant_name(node):
    """What a constant naming the cookie says when its value is out of reach (imported from another package):
    `deviceFlowXsrfCookieKey`, `String(XSRF_COOKIE_NAME)`, `cookies.themeCookie` read as `device_flow_xsrf`,
    `xsrf`, `theme`. Only a plain name or property: an expression computes the name at run time."""
    if node.type == "call_expression" and _text(node.child_by_field_name("function")) == "String":
        args = [c for c in node.child_by_field_name("arguments").named_children if c.type != "comment"]
        node = args[0] if len(args) == 1 else node
    if node.type == "member_expression":
        node = node.child_by_field_name("property")
    if node is None or node.type not in ("identifier", "property_identifier"):
        return None
    snake = _CAMEL.sub("_", _text(node)).lower()
    stem = _NAME_SUFFIX.sub("", snake)
    return stem or None


def _text(node):
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _csrf_token(name):
    return bool(_CSRF.search(name)) and not _SESSION_WORD.search(_CSRF.sub("", name))
