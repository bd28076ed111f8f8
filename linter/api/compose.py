"""The rule-facing view of Compose files: services merged across override files, with resolved values and their
origins.

Rules import these names from here, never from the modules behind them."""
from linter.model.compose import (  # noqa: F401
    LIMITS_PATH, ResourceLimits, host_path_volumes, one_shot_jobs,
)
from linter.model.proxy_routes import (  # noqa: F401
    fronts,
)

__all__ = [
    'LIMITS_PATH', 'ResourceLimits', 'fronts', 'host_path_volumes', 'one_shot_jobs',
]
