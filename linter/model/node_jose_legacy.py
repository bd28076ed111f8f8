"""The JWT calls of `jose` v1/v2, whose API was namespaces of objects rather than the functions of v3+.

v1 and v2 export `JWK`, `JWKS`, `JWS`, `JWE` and `JWT` objects: `JWT.sign(payload, key[, options])`,
`JWT.verify(token, key[, options])` (and `JWT.IdToken` / `JWT.LogoutToken` / `JWT.AccessToken` `.verify`),
`JWS.sign(payload, key[, header])`, `JWS.verify(jws, key[, options])`. The key is a `JWK.Key` made by
`JWK.asKey(material[, options])` from a secret string, a Buffer, a PEM or a JWK object (`{ kty: 'oct', k }`),
or the raw material itself; `JWK.None` is the key of unsecured (`alg: none`) tokens. v3 and later have none of
these objects, so a name that resolves to `jose.JWT` can only be the old API.

This module reads a file's analysis only through its public methods (nothing in node.py imports it).
"""
from __future__ import annotations

from dataclasses import dataclass

_CALLS = {f"jose.{ns}.{fn}": fn for ns in ("JWT", "JWS", "JWT.IdToken", "JWT.LogoutToken", "JWT.AccessToken")
          for fn in ("sign", "verify")}
_KEY_FACTORIES = ("jose.JWK.asKey", "jose.JWK.importKey")  # importKey: the v0/v1 spelling
_NONE_KEY = "jose.JWK.None"


@dataclass
class LegacyJoseUse:
    """A call of the legacy jose API (JWT/JWS sign or verify)."""

    call: object  # the Call of JWT/JWS sign or verify
    api: str  # e.g. "JWT.sign"
    key: object  # the key argument as written
    material: object  # what the key is made from (the asKey argument, an oct JWK's `k`), or the key itself
    none_key: bool  # the key is `JWK.None`: unsecured tokens


def legacy_jose_uses(info) -> list[LegacyJoseUse]:
    """Every `JWT`/`JWS` sign and verify call of jose v1/v2 in the file, with what its key is made from."""
    return info.memo("jose-legacy", lambda: _uses(info))


def _uses(info) -> list[LegacyJoseUse]:
    if "jose" not in info.imports:
        return []
    out = []
    for call in info.calls_with(methods=("sign", "verify")):
        if len(call.args) < 2:
            continue
        q = call.qname if call.qname in _CALLS else qualify(info, call.callee)
        if q not in _CALLS:
            continue
        key = call.args[1]
        material, none_key = _material(info, key)
        out.append(LegacyJoseUse(call, q[len("jose."):], key, material, none_key))
    return out


def _material(info, key):
    node = info.resolve(key)
    if node is not None and qualify(info, node) == _NONE_KEY:
        return None, True
    if node is not None and node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if qualify(info, fn) in _KEY_FACTORIES and args is not None and args.named_child_count:
            arg = args.named_children[0]
            jwk = info.obj(arg)
            if jwk is not None:  # a JWK object: only a symmetric key's `k` is a secret written here
                return (jwk.get("k") if info.string(jwk.get("kty")) == "oct" else None), False
            return arg, False
    return key, False


def qualify(info, expr, depth: int = 0) -> str | None:
    """``info.qualify``, and also names destructured from a module object held in a variable
    (`const jose = require('jose'); const { JWT } = jose` -> ``jose.JWT``)."""
    found = info.qualify(expr)
    expr = info.bare(expr)
    if found or expr is None or depth > 6:
        return found
    if expr.type == "member_expression":
        base = qualify(info, expr.child_by_field_name("object"), depth + 1)
        prop = expr.child_by_field_name("property")
        return f"{base}.{_text(prop)}" if base and prop is not None else None
    if expr.type != "identifier":
        return None
    decl = info.lookup(_text(expr), expr)
    if decl is None or decl.kind != "var" or decl.node.parent is None:
        return None
    entry, key = decl.node.parent, _text(decl.node)
    if entry.type == "pair_pattern":  # `const { JWT: Token } = jose`
        key = _text(entry.child_by_field_name("key"))
        entry = entry.parent
    declarator = entry.parent if entry is not None and entry.type == "object_pattern" else None
    if declarator is None or declarator.type != "variable_declarator":
        return None
    base = qualify(info, declarator.child_by_field_name("value"), depth + 1)
    return f"{base}.{key}" if base else None


def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""
