"""API keys and tokens must not be written in the source.

## What it does
Reports string literals in backend source that are credentials: anything in a known token format (AWS access
key ids, GitHub, Stripe live, Slack and SendGrid tokens, Google API keys, private-key blocks, signed JWTs),
and random-looking values (16+ characters, high entropy) given to a variable or property whose name says it
is a secret (`API_KEY`, `apiToken`, `clientSecret`, `accessKey`...) or to a setter with such a name
(`app.set('apiKey', '...')`, `module.constant('API_KEY', '...')`), including the literal fallback of an
environment variable. Placeholders (`your-api-key`, `changeme`, `xxx`, a private-key block whose body
documentation elides, `-----BEGIN PRIVATE KEY----- MIIEvg...` with no END line) are not reported, nor is a value that
spells its own name or the last words of it (an enum of names, `updateOwnAccessToken: 'updateOwnAccessToken'`;
a build-time marker, `POSTHOG_API_KEY = '__POSTHOG_API_KEY__'`), nor a property named by a request line or
a path (an operation-id table, `'post /users/:id/access-tokens': 'DeleteAccessToken'`), nor an error code of
words joined by separators (`INVALID_ACCESS_TOKEN = 'auth/invalid_access_token'`), a quoted property name
(`{ ':registrationToken': token }`) or a key its vendor publishes to browsers (PostHog's `phc_` project key,
Stripe's `pk_live_` publishable key). The OAuth client
secret of a Passport strategy (`clientSecret` of passport-facebook, passport-google-oauth20, passport-github2,
passport-auth0, passport-oauth2..., `consumerSecret` of passport-twitter and OAuth 1.0 strategies, any
`passport-*` strategy and Nest's `PassportStrategy(Strategy)` `super()`) is reported whatever its value when it
is a non-empty literal: written in the options, held in a local constant, in `this.x` of the same class, in an
options object filled in afterwards (`opts.clientSecret = '...'`) or in a config module the file imports. A
literal held in a variable or put into the options afterwards is reported where the strategy reads it.
The key of an HMAC made with Node's crypto (`crypto.createHmac('sha256', '...')`, also a key held in a local
constant or the literal fallback of an environment variable, as Semgrep's hardcoded-hmac-key reads it) is
reported whatever it looks like, since every signature is made with it: at the call, naming the line the constant
is written on (once: a PEM block kept in a constant and used as the key is reported at the call, not again where
it is written; a placeholder such as `changeme` is left alone).
A literal given directly to a name that holds a password (`smtpPassword = '...'`, `auth: { pass: '...' }`,
`opts.adminPwd = '...'`, `app.set('password', '...')`) is reported whatever it looks like, as Bandit's and
njsscan's password rules read it: a short or word-like password opens the same login as a random one. Not
reported: nothing written (empty, `<password>`, `xxxx`), a template, words with spaces (a message), a value
naming a field or a variable (`{ password: 'password' }`, `PASSWORD: 'SMTP_PASSWORD'`), one plain word in an
object with no user or host beside it (`{ text: 'textbox', password: 'textbox' }`, a table of names), a
comparison (it may refuse the value), a call that is no setter (`table.text('password', 'mediumtext')`), names
about a password (`passwordResetPath`, `PASSWORD_MIN_LENGTH`), a `process.env.X || '...'` fallback, database
client options (JS019) and account objects with an `email`, `username`, `login` or `role` (JS023).
JWT, session and database secrets have their own rules (JS005, JS004, JS019).

## Why it matters in production
A key in the repository is a key in every clone, fork, CI log and backup, and in the history after it is
deleted. Keys in source are found by scanners within minutes of a push to a public repository. Move the key
to the environment or a secret store and rotate it: the committed value must be considered leaked.

## Example
```js path=src/payments.js
const express = require('express');
const Stripe = require('stripe');

const stripe = Stripe(process.env.STRIPE_KEY || 'sk_live_51Hx3bQ2eZvKYlo2CabcdefGHIJklmnOPQRst');
module.exports = stripe;
```

## Use instead
```js path=src/payments.js
const express = require('express');
const Stripe = require('stripe');

const stripe = Stripe(process.env.STRIPE_KEY);
module.exports = stripe;
```

## References
- https://cwe.mitre.org/data/definitions/798.html
- https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning
"""
import re

from linter.api import RuleMeta
from linter.api.node import analysis, db_configs, key_text, node_text, option_values, passport_strategies
from linter.api.secrets import (is_placeholder, is_secret_name, known_format, looks_real_secret, mapping_entry,
                                names_itself, written_password)
from linter.api import lazy

META = RuleMeta(
    id="JS024", name="hardcoded-api-key", kinds=("node",), severity="error",
    checklist=("secrets.in-repo",), cwe=(798,),
    hints=(
        # the secret-looking names (see _NAME), then the token formats' fixed parts (see KNOWN_SECRET_FORMATS)
        "apikey|api_key|api-key|accesskey|access_key|access-key|privatekey|private_key|private-key|licensekey|"
        "license_key|license-key|signingkey|signing_key|signing-key|token|bearer|secret|createHmac|pass|pwd|"
        "AKIA|ASIA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|_live_|xox|hooks.slack.com|AIza|GOCSPX-|-----BEGIN|"
        "eyJ|SG.|sq0atp|sq0csp|amzn.mws|-us0|-us1|-us2|-us3|-us4|-us5|-us6|-us7|-us8|-us9|SK|npm_|sk-|AccountKey=|key-",
    ),
    peers=("semgrep:hardcoded-passport-secret", "semgrep:hardcoded-hmac-key", "njsscan:hardcoded_passport_secret", "njsscan:node_api_key",
           "njsscan:node_secret", "njsscan:node_password"),
)
MESSAGES = {
    "known": "a credential in a known token format is written in the source; move it to the environment or a "
             "secret store and rotate it",
    "named": "`{name}` holds a literal that looks like a real credential; move it to the environment or a "
             "secret store and rotate it",
    "password": "`{name}` is given a password written in the source; whatever it looks like, it opens the same "
                "login in every deployment: read it from the environment (or a secret store) and rotate it",
    "hmac": "the HMAC key is written in the source, so anyone with the code can forge the signatures; read it "
            "from the environment (or a secret store) and rotate it",
    "hmac-bound": "the HMAC key is the literal written on line {line}, so anyone with the code can forge the "
                  "signatures; read it from the environment (or a secret store) and rotate it",
    "oauth": "the OAuth `{name}` of the {package} strategy is written in the source; read it from the "
             "environment (or a secret store) and rotate it with the provider",
    "oauth-bound": "the OAuth `{name}` of the {package} strategy is the literal written on line {line}; read it "
                   "from the environment (or a secret store) and rotate it with the provider",
}
_OAUTH_KEYS = ("clientSecret", "consumerSecret")
_NAME = lazy(r"api[_-]?key|apikey|api[_-]?token|access[_-]?key|secret[_-]?key|client[_-]?secret|"
                   r"private[_-]?key|auth[_-]?token|access[_-]?token|bearer|webhook[_-]?secret|app[_-]?secret|"
                   r"(^|[_-])token$|Token$|license[_-]?key|consumer[_-]?secret|signing[_-]?key", re.I)
# a property named by a request line or a path (`'post /users/:id/access-tokens': 'DeleteAccessToken'`, an
# operation-id table): not a variable, so its words say nothing about the value
_ROUTE_KEY = lazy(r"\s|/")
_OTHER_RULES = lazy(r"jwt|session|cookie|password|passwd|pwd|db|database|redis|mongo|sql", re.I)
_CLIMB = {"binary_expression", "parenthesized_expression", "as_expression", "satisfies_expression",
          "non_null_expression"}


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    seen = set()
    hmacs = _hmac_keys(info)
    # a constant used as an HMAC key is reported at the call that reads it (as JS005 reports a JWT key), once
    bound = {source.node.id for call, source in hmacs if not _inside(source.node, call.node)}
    for finding in _literals(doc, ctx, info, bound):
        seen.add((finding.path, finding.span.line, finding.span.column))
        yield finding
    for call, source in hmacs:
        span = doc.span(source.node)
        if (doc.rel, span.line, span.column) in seen:
            continue  # the literal written in the call, already reported by the literal scan
        seen.add((doc.rel, span.line, span.column))
        if _inside(source.node, call.node):
            yield ctx.finding(span, "hmac.key", "hmac", secret=source.value)
        else:
            yield ctx.finding(doc.span(call.args[1]), "hmac.key", "hmac-bound", secret=source.value, line=span.line)
    for use in passport_strategies(info):
        for key, found in option_values(info, use.options, _OAUTH_KEYS).items():
            for value in found:
                where, expr = info.follow(value)  # `clientSecret: config.google.secret`: read where it is written
                source = where.secret(expr)
                if source is None or not source.value.strip():
                    continue
                if where is not info and _kind(source.value, source.node.parent):
                    continue  # the config module's own check reports it
                span = where.span(source.node)
                if (where.doc.rel, span.line, span.column) in seen:
                    continue
                seen.add((where.doc.rel, span.line, span.column))
                # `const SECRET = '...'; new Strategy({ clientSecret: SECRET })` or `opts.clientSecret = '...';
                # new Strategy(opts)`: reported where the strategy reads it, as a reviewer reads it (and as
                # Semgrep's hardcoded-passport-secret does), naming the line the literal is written on
                site = value if _inside(value, use.options) else use.options
                if where is info and not _inside(source.node, site):
                    yield ctx.finding(doc.span(site), f"oauth.{key}", "oauth-bound", secret=source.value, name=key,
                                      package=use.package, line=span.line)
                    continue
                yield ctx.finding(span, f"oauth.{key}", "oauth", path=where.doc.rel, secret=source.value, name=key,
                                  package=use.package)


# Node's crypto module, however it is imported (`crypto.createHmac`, `const { createHmac } = require('node:crypto')`)
_HMAC = ("crypto.createHmac", "node:crypto.createHmac")


def _hmac_keys(info) -> list:
    """(call, literal) of each `crypto.createHmac(algorithm, key)` whose key is written in the source, directly or
    in a local constant (`const key = '...'`; a fallback after `process.env.KEY ||` too): whatever it looks like,
    the literal is the key every signature is made with. A placeholder (`changeme`) is left alone."""
    out = []
    for call in info.calls_to(*_HMAC):
        if len(call.args) < 2:
            continue
        source = info.secret(call.args[1])
        if source is not None and source.value.strip() and not is_placeholder(source.value):
            out.append((call, source))
    return out


def _inside(node, outer) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _kind(value, parent) -> str | None:
    """How the literal scan reports a literal: "known" (a token format), "named" (a secret's name), or None."""
    if not value or len(value) < 12:
        return None
    if known_format(value) and not is_placeholder(value) and "EXAMPLE" not in value:
        return "known"
    name = _name(parent)
    if name and _NAME.search(name) and not _OTHER_RULES.search(name) and looks_real_secret(value) and \
            " " not in value.strip() and not names_itself(name, value) and not _ROUTE_KEY.search(name):
        return "named"
    return None


def _literals(doc, ctx, info, skip=frozenset()):
    claimed = None
    for node, parent in info.string_parents():
        if node.id in skip:
            continue
        password = _password_name(node, parent)
        if password is not None:
            if claimed is None:
                claimed = _claimed(info)
            value = info.string(node)
            if _is_password(password, value) and not _mapping(parent, value) and \
                    not any(_inside(node, outer) for outer in claimed):
                yield ctx.finding(doc.span(node), f"password.{password}", "password", secret=value, name=password)
            continue
        if parent is not None and parent.type == "arguments" and parent.named_children[-1] != node:
            parent = None  # only the value of a `(name, value)` call is named by the name
        elif parent is not None and parent.type == "pair" and parent.child_by_field_name("key") == node:
            parent = None  # a quoted property name (`':registrationToken': token`) is no value its own name names
        value = info.string(node)
        kind = _kind(value, parent)
        if kind == "known":
            yield ctx.finding(doc.span(node), f"literal.{_name(parent) or 'string'}", "known", secret=value)
        elif kind == "named":
            name = _name(parent)
            yield ctx.finding(doc.span(node), f"literal.{name}", "named", secret=value, name=name)


# a name that holds a password itself (`password`, `smtpPass`, `admin_pwd`, `passphrase`), not one about it
# (`passwordField`, `PASSWORD_MIN_LENGTH`: is_secret_name decides)
_PASSWORD_NAME = lazy(r"(pass(word|wd|phrase)?|pwd)$", re.I)
# an object that creates an account (`{ email, password: 'admin123' }`): JS023 judges its password
_ACCOUNT_KEYS = frozenset({"email", "username", "userName", "login", "role", "roles", "isAdmin"})


def _password_name(node, parent) -> str | None:
    """The password-named variable, property or setter a literal is given to directly (Bandit's and njsscan's
    places: `password = '...'`, `{ pass: '...' }`, `x.pwd = '...'`, `app.set('password', '...')`); a fallback
    after `||` is an environment variable's, judged by JS019/JS023, and a comparison may as well refuse the value
    (`if (password === 'default') throw ...`) as accept it."""
    if parent is None or parent.type in _CLIMB:
        return None
    if parent.type == "arguments":
        call = parent.parent
        function = call.child_by_field_name("function") if call is not None else None
        method = function.child_by_field_name("property") if function is not None and \
            function.type == "member_expression" else function
        # only a setter's (`table.text('password', 'mediumtext')` names a column and its type)
        if parent.named_children[-1] != node or method is None or node_text(method) not in _SETTERS:
            return None
    elif parent.type == "pair" and parent.child_by_field_name("key") == node:
        return None
    name = _name(parent)
    if not name or _ROUTE_KEY.search(name) or not _PASSWORD_NAME.search(name) or not is_secret_name(name):
        return None
    return name


_SETTERS = frozenset({"set", "setdefault", "constant", "value", "put", "setItem", "setenv", "config"})


def _is_password(name: str, value) -> bool:
    """A password whatever it looks like (`'root'`, `'changeme'`): the login it opens does not depend on how random
    it is. Not one: nothing written (empty, `<password>`, `xxxx`), a template, words with spaces (a message), a
    value spelling its own name (`{ password: 'password' }`, the field a form posts), a route or a header."""
    if not isinstance(value, str):
        return False
    value = value.strip()
    return "${" not in value and written_password(name, value)


def _mapping(parent, value) -> bool:
    """An object entry holding one plain word with no user or host beside it (`{ text: 'textbox', password:
    'textbox' }`): a table mapping names, not credentials."""
    if parent.type != "pair" or parent.parent is None:
        return False
    keys = [key_text(c.child_by_field_name("key")) if c.type == "pair" else node_text(c)
            for c in parent.parent.named_children if c.type in ("pair", "shorthand_property_identifier")]
    return mapping_entry(value, [k for k in keys if k])


def _claimed(info) -> list:
    """Nodes whose passwords other rules judge: database client options (JS019) and account objects (JS023).
    Each object's keys are read once (a hostile file's object of thousands of entries is not read per entry)."""
    out = [cfg.options.node for cfg in db_configs(info) if cfg.options is not None]
    out += [cfg.password.node for cfg in db_configs(info) if cfg.password is not None]
    objects = {}
    for _node, parent in info.string_parents():
        if parent is not None and parent.type == "pair" and parent.parent is not None and \
                parent.parent.type == "object":
            objects.setdefault(parent.parent.id, parent.parent)
    for obj in objects.values():
        if any((key_text(c.child_by_field_name("key")) if c.type == "pair" else node_text(c)) in _ACCOUNT_KEYS
               for c in obj.named_children if c.type in ("pair", "shorthand_property_identifier")):
            out.append(obj)
    return out


def _name(parent):
    """The variable or property a literal is assigned to (through `||`/`??` fallbacks and type assertions), from
    the literal's parent."""
    while parent is not None and parent.type in _CLIMB:
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator":
        return node_text(parent.child_by_field_name("name"))
    if parent.type == "pair":
        return key_text(parent.child_by_field_name("key"))
    if parent.type in ("assignment_expression", "augmented_assignment_expression"):
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "member_expression":
            return node_text(left.child_by_field_name("property"))
        if left is not None and left.type == "subscript_expression":
            index = left.child_by_field_name("index")  # `opts['password'] = ...`; `opts[key]` names nothing
            return key_text(index) if index is not None and index.type == "string" else None
        return node_text(left)
    if parent.type == "public_field_definition":
        return node_text(parent.child_by_field_name("name"))
    if parent.type == "arguments" and parent.named_child_count == 2 and parent.named_children[0].type == "string":
        # a setter given a name and a value: `app.set('apiKey', '...')`, `module.constant('API_KEY', '...')`
        return key_text(parent.named_children[0])
    return None
