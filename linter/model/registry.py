"""Where side models live on a project, and where model code that failed is recorded.

Side models (repository facts, the nginx, Node and Python models) are built on first use and kept in one
registry, so every model is attached the same way. Model code that raises while reading a file records the
failure here; the checker turns it into a PL002 finding naming the file, and ``--debug`` re-raises at once.
"""
from __future__ import annotations

from typing import Callable, TypeVar

from ..record import NamedTuple

T = TypeVar("T")


class SideModels:
    def __init__(self):
        self._models: dict[str, object] = {}

    def peek(self, name: str):
        """The model if it was built, else None (never builds it)."""
        return self._models.get(name)

    def get(self, name: str, build: Callable[[], T]) -> T:
        model = self._models.get(name)
        if model is None:
            model = self._models[name] = build()
        return model


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class ModelFailure(NamedTuple):
    """Model code that raised while answering a rule's question (reported as PL002)."""
    model: str  # which model ("nginx", "node", "repository", ...)
    path: str | None  # the file it was reading, relative to the root, when known
    error: str  # the exception's class name: never its text, which may quote a secret


class ModelFailures:
    def __init__(self, debug: bool = False):
        self.debug = debug
        self._pending: list[ModelFailure] = []

    def record(self, model: str, path: str | None, exc: BaseException) -> None:
        if self.debug:
            raise exc
        self._pending.append(ModelFailure(model, path, type(exc).__name__))

    def drain(self) -> list[ModelFailure]:
        out, self._pending = self._pending, []
        return out
