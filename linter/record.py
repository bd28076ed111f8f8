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
