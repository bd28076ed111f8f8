"""JWTs must expire.

## What it does
Reports `jwt.sign()` (jsonwebtoken) calls whose options set no `expiresIn` (and whose payload literal has no
`exp`, nor an expiry claim the application checks itself: `expiresAt`, `expiry`, `validUntil`... computed
from the current time, `expiresAt: new Date(Date.now() + 864e5)`, or compared where the package reads it back
after `verify()`/`decode()`; a name alone, `validUntil: null`, is no expiry), `expiresIn` values longer than
30 days (`'365d'`, `'1y'`, a number of seconds), an `exp` claim computed
that far ahead (`Math.floor(Date.now() / 1000) + 90 * 86400`, or a Date moved with `setDate(getDate() + 60)`),
`fastify.register(@fastify/jwt, opts)` without `sign.expiresIn` when no `fastify.jwt.sign()` /
`reply.jwtSign()` call of the package passes its own `expiresIn`,
`JwtModule.register()` / `registerAsync({ useFactory })` (`@nestjs/jwt`) that give a key but no
`signOptions.expiresIn` (a module registered with no key, `JwtModule.register({})`, leaves the key and the
expiry to each `jwtService.sign()` call, and one whose every `jwtService.sign()` / `signAsync()` call of the
package passes its own `expiresIn` needs no default), and
jose `new SignJWT(claims)...sign(key)` without `setExpirationTime()` (or an `exp` claim).

Options or payloads the model cannot read (built elsewhere, spread from another object) are not guessed.

## Why it matters in production
A token without an expiry stays valid forever: a token leaked in a log, a browser history or a stolen laptop
can be replayed until the signing key is rotated for everyone. The checklist asks for 24 hours; short-lived
access tokens plus refresh tokens are better still.

## Example
```ts path=src/auth/token.ts
import express from 'express';
import jwt from 'jsonwebtoken';

export function issue(userId: string): string {
  return jwt.sign({ sub: userId }, process.env.JWT_SECRET!);
}
```

## Use instead
```ts path=src/auth/token.ts
import express from 'express';
import jwt from 'jsonwebtoken';

export function issue(userId: string): string {
  return jwt.sign({ sub: userId }, process.env.JWT_SECRET!, { expiresIn: process.env.JWT_EXPIRES_IN ?? '24h' });
}
```

## Options
`max-days`: the longest accepted lifetime.

## References
- https://github.com/auth0/node-jsonwebtoken#token-expiration-exp-claim
- https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.node import UNKNOWN, analysis, jose_uses, jwt_calls, node_model

META = RuleMeta(
    id="JS006", name="jwt-without-expiry", kinds=("node",), severity="warning",
    checklist=("backend.jwt-expiry",), cwe=(613,),
    options={"max-days": {"type": "integer", "minimum": 1, "default": 30,
                          "description": "longest token lifetime accepted, in days"}},
    hints=("jsonwebtoken|jwtmodule|signjwt|fastify/jwt|fastify-jwt",),
)
MESSAGES = {
    "no-expiry": "{api} sets no `expiresIn`, so the token never expires; add `{{ expiresIn: '24h' }}` "
                 "(or JWT_EXPIRES_IN)",
    "too-long-exp": "the payload's `exp` is set {lifetime} ahead, so a stolen token stays valid for longer than "
                    "{days} days; use hours and a refresh token",
    "no-expiry-plugin": "@fastify/jwt is registered without `sign.expiresIn` and no `jwt.sign()` passes one, so "
                        "tokens never expire; add `sign: {{ expiresIn: '24h' }}`",
    "no-expiry-jose": "this jose `SignJWT` sets no expiry, so the token never expires; add "
                      "`.setExpirationTime('24h')`",
    "too-long": "`expiresIn` of {lifetime} keeps a stolen token valid for longer than {days} days; use hours "
                "and a refresh token",
}
_UNITS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "mins": 60, "minute": 60,
          "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "d": 86400,
          "day": 86400, "days": 86400, "w": 604800, "week": 604800, "weeks": 604800, "y": 31557600,
          "yr": 31557600, "yrs": 31557600, "year": 31557600, "years": 31557600}


# a claim an application may write its own expiry in; a bare `expires` is too loose a name to count unless
# its value is computed from the current time
_EXPIRY_CLAIM = lazy(r"^(expires_?(at|on)|expiry|expiration|expire_?at|valid_?until)$", re.I)
_EXPIRES = lazy(r"^expires$", re.I)
# the current time (Date.now(), new Date(), dayjs(), moment(), Luxon's DateTime.now(), a `now` variable)...
_NOW = lazy(r"Date\.now\s*\(|\bnew\s+Date\s*\(|\bdayjs\s*\(|\bmoment\s*\(|DateTime\.(now|utc|local)\s*\(|"
            r"\bnow\b", re.I)
# ...moved forward: an addition, a date library's add/plus, an addHours(now, n)-style helper, setDate(...)
_AHEAD = lazy(r"\+|\.(add|plus)\s*\(|\badd(Seconds|Minutes|Hours|Days|Weeks|Months|Years)\s*\(|"
              r"\.set(Date|Hours|Minutes|Seconds|Time)\s*\(")


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    max_seconds = ctx.options["max-days"] * 86400
    for call in jwt_calls(info, "sign"):
        if len(call.args) < 2:
            continue
        opts_node = call.arg(2)
        opts = info.obj(opts_node) if opts_node is not None else None
        if opts_node is not None and info.function_of(opts_node) is not None:
            opts_node, opts = None, None  # jwt.sign(payload, key, callback)
        if opts_node is not None and opts is None:
            continue
        if opts is not None and opts.has("expiresIn"):
            yield from _lifetime(doc, ctx, info, opts.get("expiresIn"), max_seconds)
            continue
        if opts is not None and opts.spread:
            continue
        payload = info.obj(call.arg(0))
        if payload is not None and payload.has("exp"):
            seconds = _exp_lifetime(info, payload.get("exp"))
            if seconds is not None and seconds > max_seconds:
                yield ctx.finding(doc.span(payload.pairs["exp"]), "jwt.sign.exp", "too-long-exp",
                                  lifetime=_days(seconds), days=max_seconds // 86400)
            continue
        if payload is not None and (payload.spread or _own_expiry(ctx, doc, info, payload)):
            continue  # `expiresAt: addHours(now, 24)`: an expiry the application writes and checks itself
        yield ctx.finding(doc.span(call.node), "jwt.sign.expiresIn", "no-expiry", api="jwt.sign()")
    for use in jose_uses(info):
        if use.expires is False:
            yield ctx.finding(doc.span(use.call.node), "jose.SignJWT.exp", "no-expiry-jose")
    for call in info.calls_to("@nestjs/jwt.JwtModule.register", "@nestjs/jwt.JwtModule.registerAsync"):
        if call.method == "registerAsync":
            factory = info.obj(call.arg(0))
            fn = info.function_of(factory.get("useFactory")) if factory is not None else None
            body = fn.child_by_field_name("body") if fn is not None else None
            opts = info.obj(body) if body is not None else None
            if opts is None or opts.spread:
                continue
            yield from _module_options(doc, ctx, info, call, opts, max_seconds)
            continue
        opts = info.obj(call.arg(0))
        if opts is None or opts.spread:
            continue
        yield from _module_options(doc, ctx, info, call, opts, max_seconds)
    for call in info.calls_with(methods=("register",)):  # fastify.register(@fastify/jwt, { secret, sign })
        if call.method != "register" or len(call.args) < 2 or \
                info.qualify(call.args[0]) not in ("@fastify/jwt", "fastify-jwt"):
            continue
        opts = info.obj(call.args[1])
        if opts is None or opts.spread:
            continue
        sign = info.obj(opts.get("sign"))
        if sign is not None and sign.has("expiresIn"):
            yield from _lifetime(doc, ctx, info, sign.get("expiresIn"), max_seconds)
        elif sign is None and opts.has("sign") or sign is not None and sign.spread:
            continue
        else:
            model = node_model(ctx.model)
            if not model.facts(model.scope_of(doc.rel)).jwt_sign_expiry:  # no sign call passes its own
                yield ctx.finding(doc.span(call.node), "jwt.plugin.expiresIn", "no-expiry-plugin")


# the options that give JwtService a key; without one, every sign call must pass its own `secret` or
# `privateKey` (jsonwebtoken throws "secretOrPrivateKey must have a value"), and with it its own `expiresIn`
_MODULE_KEYS = ("secret", "privateKey", "secretOrPrivateKey", "secretOrKeyProvider", "publicKey")


def _module_options(doc, ctx, info, call, opts, max_seconds):
    sign = info.obj(opts.get("signOptions"))
    if sign is None and not opts.has("signOptions") and not any(opts.has(k) for k in _MODULE_KEYS):
        return  # `JwtModule.register({})`: the module signs nothing by itself; the calls carry the options
    if sign is not None and sign.has("expiresIn"):
        yield from _lifetime(doc, ctx, info, sign.get("expiresIn"), max_seconds)
    elif not (sign is None and opts.has("signOptions") or sign is not None and sign.spread or
              _calls_carry_expiry(ctx, doc)):
        yield ctx.finding(doc.span(call.node), "jwt.module.expiresIn", "no-expiry",
                          api=f"JwtModule.{call.method}()")


def _calls_carry_expiry(ctx, doc) -> bool:
    """Every `jwtService.sign()` / `signAsync()` of the package passes its own `expiresIn`, which overrides
    the module's `signOptions`: the module's missing default expires nothing less."""
    model = node_model(ctx.model)
    facts = model.facts(model.scope_of(doc.rel))
    return facts.jwt_service_expiry and not facts.jwt_service_bare


def _lifetime(doc, ctx, info, node, max_seconds):
    value, at = info.literal(node), info.resolve(node)
    if value is UNKNOWN and info.number(node) is not None:
        value = info.number(node)  # 60 * 60 * 24 * 90
    if value is UNKNOWN:
        source = info.secret(node)  # process.env.JWT_EXPIRES_IN || '30d'
        if source is not None:
            value, at = source.value, source.node
    seconds = _seconds(value)
    if seconds is not None and seconds > max_seconds:
        lifetime = repr(value) if isinstance(value, str) else value if seconds <= _MAX_SHOWN_DAYS * 86400 \
            else _days(seconds)  # not a number of hundreds of digits
        yield ctx.finding(doc.span(at), "jwt.sign.expiresIn", "too-long", lifetime=lifetime,
                          days=max_seconds // 86400)


# `exp: Math.floor(Date.now() / 1000) + 60 * 60 * 24 * 90`: the number added to the current time in seconds
_NOW_SECONDS = lazy(r"^\s*(?:Math\.(?:floor|round|trunc)\()?\s*(?:Date\.now\(\)|new Date\(\)\.getTime\(\)|"
                    r"\+?new Date\(\))\s*/\s*1000\s*\)?\s*\+\s*(.+)$", re.S)
# `exp.setDate(today.getDate() + 60)` ... `exp: exp.getTime() / 1000`, the RealWorld apps' token lifetime
_DATE_SECONDS = lazy(r"^\s*(?:(?:Math\.(?:floor|round|trunc)|parseInt)\()?\s*([A-Za-z_$][\w$]*)\.getTime\(\)"
                     r"\s*/\s*1000\s*\)?\s*$")


def _own_expiry(ctx, doc, info, payload):
    """A claim that carries an expiry the application writes and checks itself: its value is computed from the
    current time (`expiresAt: new Date(Date.now() + 864e5)`), or the package compares the claim it reads back
    after verifying or decoding the token. A name alone is not enough: `validUntil: null` or
    `expiresAt: user.subscriptionExpiresAt` expire nothing."""
    model = None
    for key, value in payload.props.items():
        bare = _EXPIRES.match(key)
        if not bare and not _EXPIRY_CLAIM.match(key):
            continue
        if _time_ahead(info, value):
            return True
        if bare or info.literal(value) is None:
            continue  # `validUntil: null`; a bare `expires` names too many things to trust a read-back
        if model is None:
            model = node_model(ctx.model)
        if model.claim_checked(model.scope_of(doc.rel), key):
            return True
    return False


def _time_ahead(info, node):
    node = info.resolve(node)
    if node is None:
        return False
    text = node.text.decode("utf-8", "replace")
    return bool(_NOW.search(text) and _AHEAD.search(text))


def _exp_lifetime(info, node):
    """Seconds from now to the `exp` a payload sets, when it is computed from the current time in place."""
    node = info.resolve(node)
    if node is None:
        return None
    text = node.text.decode("utf-8", "replace")
    m = _NOW_SECONDS.match(text)
    if m and node.type == "binary_expression":
        return info.number(node.child_by_field_name("right"))
    m = _DATE_SECONDS.match(text)
    fn = info.enclosing_function(node) if m else None
    if fn is not None:
        name = re.escape(m.group(1))
        body = fn.text.decode("utf-8", "replace")
        found = re.search(rf"\b{name}\.setDate\(\s*[\w$.]+\.getDate\(\)\s*\+\s*(\d+)\s*\)", body)
        if found:
            days = found.group(1)
            return int(days) * 86400 if len(days) <= 9 else _FOREVER  # int() refuses 4,300 digits and more
    return None


# lifetimes are compared and shown up to this many days; a longer one (a number of hundreds of digits, which
# no float holds) is "more than" it
_MAX_SHOWN_DAYS = 1_000_000
_FOREVER = float("inf")


def _days(seconds):
    try:
        days = seconds / 86400
    except OverflowError:
        days = _FOREVER
    return f"{days:g} days" if days <= _MAX_SHOWN_DAYS else f"more than {_MAX_SHOWN_DAYS:,} days"


def _seconds(value):
    if isinstance(value, bool) or value is None or value is UNKNOWN:
        return None
    if isinstance(value, (int, float)):
        return value
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", str(value).lower())
    if not m:
        return None
    unit = m.group(2) or None
    if unit is None:
        return float(m.group(1)) / 1000  # a bare string is milliseconds
    factor = _UNITS.get(unit)
    return float(m.group(1)) * factor if factor else None
