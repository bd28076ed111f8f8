"""Response headers a backend writes by hand, and whether a CORS origin it writes is the caller's own.

Express (`res.set`, `res.header`, `res.append`), Node's `res.setHeader` and `res.writeHead(status, headers)`,
Koa (`ctx.set`), Fastify (`reply.header`, `reply.headers({...})`) and Nest's `@Header(name, value)` handler
decorator all write a header the same way: a name and a value expression, or an object of them.
:func:`header_writes` lists them with the node to report (the call, or the object's pair).

:func:`request_origin` says when a value is the request's own `Origin` header (or a value read from the
request's query or body) and :func:`origin_checked` when the handler tests it before writing it: an
allow-list check anywhere in the function (`if (!allowed.includes(origin)) return next();`) counts.

This module reads a file's analysis only through its methods (nothing in node.py imports it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Express/Koa/Fastify/Node setters that take (name, value); Express and Koa also take ({ name: value })
_SETTERS = ("setHeader", "header", "set", "append")
_OBJECT_SETTERS = ("set", "header", "headers")
_NEST_HEADER = ("@nestjs/common.Header",)
# The request object as handlers name it: req/request (Express, Node, Fastify, Nest), ctx / ctx.request (Koa)
_REQ = r"(?:req|request|ctx|ctx\.request|ctx\.req)"
_ORIGIN_MEMBER = re.compile(_REQ + r"\.headers?(?:\.origin|\[\s*['\"]origin['\"]\s*\])", re.I)
_ORIGIN_GETTER = re.compile(_REQ + r"\.(?:get|header|headers\.get|getHeader)\(\s*['\"]origin['\"]\s*\)", re.I)
_REQUEST_INPUT = re.compile(_REQ + r"\.(?:query|body|params)(?:\.\w+|\[[^\]]+\])", re.I)
_CONDITIONS = ("if_statement", "ternary_expression", "switch_statement", "while_statement")


@dataclass
class HeaderWrite:
    """A response header a Node file sets."""

    name: str  # lower-case header name
    value: object  # the value expression as written
    node: object  # where to report it: the call, or the pair of a header object
    call: object  # the Call that writes it


def header_writes(info) -> list[HeaderWrite]:
    return info.memo("header_writes", lambda: _header_writes(info))


def _header_writes(info) -> list[HeaderWrite]:
    out = []
    for call in info.calls_with(methods=(*_SETTERS, *_OBJECT_SETTERS, "writeHead"), qnames=_NEST_HEADER):
        args = call.args
        if (call.qname or "") in _NEST_HEADER or call.method in _SETTERS and len(args) >= 2:
            name = info.string(args[0]) if len(args) >= 2 else None
            if name is not None:
                out.append(HeaderWrite(name.lower(), args[1], call.node, call))
            continue
        if call.method in _OBJECT_SETTERS and len(args) == 1 or call.method == "writeHead" and len(args) >= 2:
            headers = info.obj(args[-1])
            if headers is None:
                continue
            for key, value in headers.props.items():
                out.append(HeaderWrite(key.lower(), value, headers.pairs[key], call))
    return out


def request_origin(info, expr) -> str | None:
    """How a value reads the caller's origin (`req.headers.origin`, `ctx.get('Origin')`, `req.query.origin`),
    through local constants and `||` fallbacks; None when it does not."""
    node = info.resolve(expr)
    if node is None:
        return None
    if node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is not None and op.type in ("||", "??"):
            return request_origin(info, node.child_by_field_name("left")) or \
                request_origin(info, node.child_by_field_name("right"))
        return None
    if node.type not in ("member_expression", "subscript_expression", "call_expression"):
        return None
    text = re.sub(r"\s+", "", node.text.decode("utf-8", "replace"))
    for pattern in (_ORIGIN_MEMBER, _ORIGIN_GETTER, _REQUEST_INPUT):
        if pattern.fullmatch(text):
            return text
    return None


def origin_checked(info, write: HeaderWrite) -> bool:
    """The handler writing the header tests the origin somewhere (a condition that names it), or the write
    sits in a conditional expression: an allow-list, not an echo."""
    fn = info.enclosing_function(write.node)
    if fn is None:
        return False
    names = {"origin"}
    value = write.value
    if value is not None and value.type == "identifier":
        names.add(value.text.decode("utf-8", "replace").lower())
    stack = [fn]
    while stack:
        node = stack.pop()
        if node.type in _CONDITIONS:
            cond = node.child_by_field_name("condition") or node.child_by_field_name("value")
            text = cond.text.decode("utf-8", "replace").lower() if cond is not None else ""
            if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names):
                return True
        if node.type == "binary_expression" and node.child_by_field_name("operator") is not None and \
                node.child_by_field_name("operator").type == "&&":
            left = node.child_by_field_name("left")
            if left is not None and any(n in left.text.decode("utf-8", "replace").lower() for n in names):
                return True
        stack.extend(node.named_children)
    return False


def credentials_allowed(info, write: HeaderWrite) -> bool:
    """`Access-Control-Allow-Credentials: true` written by the same handler."""
    fn = _id(info.enclosing_function(write.node))
    for other in header_writes(info):
        if other.name == "access-control-allow-credentials" and _id(info.enclosing_function(other.node)) == fn:
            value = info.literal(other.value)
            if value is True or isinstance(value, str) and value.strip().lower() == "true":
                return True
    return False


def _id(node):
    return node.id if node is not None else None
