"""The rule-facing view of Compose files: services merged across override files, with resolved values and their
origins.

Rules import these names from here, never from the modules behind them."""
from linter.model.compose import (  # noqa: F401
    LIMITS_PATH, ResourceLimits, host_path_volumes,
)

__all__ = [
    'LIMITS_PATH', 'ResourceLimits', 'host_path_volumes',
]
