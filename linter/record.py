"""Mutable records that cost nothing to define.

A ``@dataclass`` writes its ``__init__``, ``__repr__`` and ``__eq__`` as source text and compiles them when its
module is imported: some 2.3 million instructions per class, which a pre-commit run (three files named) paid
for each of the two dozen records on its path, a tenth of the run. A record here writes its ``__init__`` out
(compiled once, into the bytecode cache, like any function) and takes equality and its representation from
this base, over the fields it lists in ``_fields``, as a dataclass would: two records are equal when they are
of the same class and their fields are, and a record is then unhashable. Immutable records are NamedTuples
(docs/architecture.md, "Records").
"""
from __future__ import annotations

import collections


class Record:
    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __repr__(self) -> str:
        # a field whose name begins with "_" is a cache (a rule's imported module), not part of what it says
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields if not name.startswith("_"))
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # equal by value and mutable, as a dataclass with eq=True


class IdentityRecord(Record):
    """A record compared by identity (a dataclass with eq=False): a parsed instruction is itself, not any
    instruction with the same text."""
    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = object.__hash__


# ---- immutable records -------------------------------------------------------------------------------------

_PROHIBITED = frozenset({"_source", "_replace", "_asdict", "__slots__", "__new__", "_make", "_fields", "__init__",
                         "_field_defaults", "__getnewargs__"})
_SPECIAL = frozenset({"__name__", "__annotations__", "__module__"})


class _NamedTupleMeta(type):
    """``typing.NamedTuple``'s class statement, the same class made (collections.namedtuple with the class body's
    methods, docstring and defaults), without checking each field's annotation: under ``from __future__ import
    annotations`` every annotation is a string, which typing compiles into a ForwardRef, some 130,000
    instructions a field; the hundred fields on a pre-commit run's path were 3% of it. The annotations are kept
    as written."""

    def __new__(mcls, typename, bases, ns):
        annotations = ns.get("__annotations__", {})
        defaults = []
        for name in annotations:
            if name in ns:
                defaults.append(name)
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {name} cannot follow default fields {defaults}")
        made = collections.namedtuple(typename, list(annotations), defaults=[ns[n] for n in defaults],
                                      module=ns["__module__"])
        made.__annotations__ = made.__new__.__annotations__ = dict(annotations)
        for key in ns:
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in made._fields:
                setattr(made, key, ns[key])
        return made


_NamedTupleBase = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})


def NamedTuple(*args, **kwargs):  # noqa: N802 - typing's name, which it replaces
    """``class X(NamedTuple): field: type = default`` as with typing's (the class statement is the only use)."""
    raise TypeError("linter.record.NamedTuple is for class statements: class X(NamedTuple): ...")


NamedTuple.__mro_entries__ = lambda bases: (_NamedTupleBase,)
