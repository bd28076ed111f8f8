"""Passport strategies and the options objects that libraries are given, as they are often built.

:func:`passport_strategies` lists the strategies a file creates: `new Strategy(options, verify)` whose
constructor comes from a `passport-*` package (passport-jwt, passport-facebook, passport-google-oauth20,
passport-twitter, passport-oauth2, ...), and the `super(options)` of a class that extends one (Nest's
`PassportStrategy(Strategy)` too).

:func:`option_values` reads the values an options object gives to some keys, however the object was put
together in the file: a literal (with `...spread` parts), `Object.assign({}, a, { secret })`, a local object
filled in afterwards (`const opts = {}; opts.secretOrKey = ...`), or `this.options` assigned in the same class
(or function); a value held in `this.x` is followed the same way. Values are expressions as written: the
caller decides what a secret is (``info.secret``/``info.follow``).

This module reads a file's analysis only through its public methods (nothing in node.py imports it).
"""
from __future__ import annotations

from dataclasses import dataclass

from .node_jose_legacy import qualify

_FUNCTIONS = {"function_declaration", "function_expression", "function", "generator_function_declaration",
              "generator_function", "method_definition"}
_FIELDS = {"public_field_definition", "field_definition"}


@dataclass
class StrategyUse:
    """A passport strategy made by a file."""

    call: object  # the Call: `new X(...)` or `super(...)`
    package: str  # the passport-* package the strategy comes from
    options: object  # the options argument as written


def passport_strategies(info) -> list[StrategyUse]:
    return info.memo("passport-strategies", lambda: _strategies(info))


def _strategies(info) -> list[StrategyUse]:
    if not any(m.startswith("passport-") for m in info.imports):
        return []
    out = []
    for call in info.calls:
        if call.new:
            package = _package(call.qname if call.qname else qualify(info, call.callee))
        elif call.callee.type == "super":
            package = _extended(info, call.node)
        else:
            continue
        if package and call.args:
            out.append(StrategyUse(call, package, call.args[0]))
    return out


def _package(qname: str | None) -> str | None:
    """The package of a strategy constructor: its export itself, `.Strategy`, `.OAuth2Strategy`, `.default`."""
    if not qname or not qname.startswith("passport-") or qname.endswith("()"):
        return None
    package, _, rest = qname.partition(".")
    last = rest.rsplit(".", 1)[-1]
    return package if not rest or last.endswith("Strategy") or last == "default" else None


def _extended(info, node) -> str | None:
    """The passport-* package of the class a `super()` call is in: `extends Strategy`, or Nest's
    `extends PassportStrategy(Strategy, 'name')`."""
    while node is not None and node.type not in ("class_declaration", "class", "abstract_class_declaration"):
        node = node.parent
    heritage = next((c for c in node.named_children if c.type == "class_heritage"), None) if node else None
    if heritage is None:
        return None
    base = heritage.named_children[0] if heritage.named_children else None
    if base is not None and base.type == "extends_clause":
        base = base.child_by_field_name("value") or (base.named_children[0] if base.named_children else None)
    if base is None:
        return None
    if base.type == "call_expression":  # PassportStrategy(Strategy, 'google')
        args = base.child_by_field_name("arguments")
        base = args.named_children[0] if args is not None and args.named_child_count else None
    return _package(qualify(info, base)) if base is not None else None


def option_values(info, expr, keys, depth: int = 0) -> dict[str, list]:
    """key -> the value expressions the options object ``expr`` may give it, for each of ``keys`` found."""
    out: dict[str, list] = {}
    if expr is None or depth > 6:
        return out
    for holder in _holders(info, expr):
        node = info.resolve(holder)
        if node is not None and node.type == "object":
            obj = info.obj(node)
            for key in keys:
                if obj.has(key):
                    out.setdefault(key, []).extend(value_sources(info, obj.get(key)))
            for child in node.named_children:
                if child.type == "spread_element" and child.named_children:
                    _merge(out, option_values(info, child.named_children[0], keys, depth + 1))
        elif node is not None and node.type == "call_expression" and _is_object_assign(node):
            for arg in node.child_by_field_name("arguments").named_children:
                _merge(out, option_values(info, arg, keys, depth + 1))
        bare = info.bare(holder)
        if bare is not None and bare.type == "identifier":
            for key in keys:  # `opts.secretOrKey = ...` on the same binding
                for value in _member_writes(info, bare, key):
                    out.setdefault(key, []).extend(value_sources(info, value))
    return out


def value_sources(info, expr) -> list:
    """The expressions a value is: itself, or what `this.x` is assigned in the same class (or function)."""
    return _holders(info, expr)


def _holders(info, expr) -> list:
    bare = info.bare(expr)
    if bare is None or bare.type != "member_expression":
        return [expr]
    obj, prop = bare.child_by_field_name("object"), bare.child_by_field_name("property")
    if obj is None or obj.type != "this" or prop is None:
        return [expr]
    found = _this_writes(info, bare, _text(prop))
    return found or [expr]


def _this_writes(info, at, prop: str) -> list:
    region = _this_region(at)
    out = []
    for _, value in info.assignments(prop):
        target = value.parent.child_by_field_name("left") if value.parent is not None else None
        obj = target.child_by_field_name("object") if target is not None else None
        if obj is not None and obj.type == "this" and region.start_byte <= value.start_byte < region.end_byte \
                and _this_region(value).id == region.id:
            out.append(value)
    if region.type == "class_body":  # class fields: `jwtSecret = '...'`
        for child in region.named_children:
            if child.type in _FIELDS and _text(child.child_by_field_name("name") or child.child_by_field_name(
                    "property")) == prop and child.child_by_field_name("value") is not None:
                out.append(child.child_by_field_name("value"))
    return out


def _this_region(node):
    """What binds `this` at a node: the nearest non-arrow function, else the class body, else the file."""
    cur = node.parent
    while cur is not None:
        if cur.type == "class_body" or cur.type in _FUNCTIONS and cur.type != "method_definition":
            return cur
        if cur.parent is None:
            return cur
        cur = cur.parent
    return node


def _member_writes(info, ident, key: str) -> list:
    decl = info.lookup(_text(ident), ident)
    if decl is None:
        return []
    out = []
    for _, value in info.assignments(key):
        target = value.parent.child_by_field_name("left") if value.parent is not None else None
        obj = info.bare(target.child_by_field_name("object")) if target is not None else None
        if obj is not None and obj.type == "identifier" and _text(obj) == decl.name:
            other = info.lookup(decl.name, obj)
            if other is not None and other.node.id == decl.node.id:
                out.append(value)
    return out


def _is_object_assign(node) -> bool:
    fn = node.child_by_field_name("function")
    return fn is not None and _text(fn).replace(" ", "") == "Object.assign"


def _merge(into: dict, found: dict) -> None:
    for key, items in found.items():
        into.setdefault(key, []).extend(items)


def _text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""
