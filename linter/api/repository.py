"""The rule-facing view of Repository-wide facts: what git tracks and ignores, which files a build context copies, backend packages.

Rules import these names from here, never from the modules behind them."""
from linter.classify import (  # noqa: F401
    BACKEND_PACKAGES,
)
from linter.model.repository import (  # noqa: F401
    name_list, repository,
)

__all__ = [
    'BACKEND_PACKAGES', 'name_list', 'repository',
]
