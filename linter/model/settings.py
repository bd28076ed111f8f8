"""A configuration variable wherever it is written: an env file line, a compose ``environment``
entry, a Dockerfile ``ENV`` or ``ARG``. Rules about variables are written once against this."""
from __future__ import annotations


from ..record import NamedTuple
from ..api import Span


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class Setting(NamedTuple):
    """One variable assignment, wherever it is written."""
    name: str
    value: str | None  # as the program would see it; None when it only exists at deploy time
    path: str  # file it is written in
    span: Span  # the value (or the key, for a bare name)
    key_span: Span
    key: str  # fingerprint key, e.g. "services.api.environment.JWT_SECRET"
    origin: str  # "env" | "compose" | "dockerfile"
    literal: bool  # the value is written in this file (not a ${VAR} resolved elsewhere)
    service: str | None = None
    stage: str | None = None
    final_stage: bool = True
    instruction: str | None = None  # "ENV" or "ARG" for Dockerfiles
