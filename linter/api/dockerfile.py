"""The rule-facing view of Dockerfiles: the stages, the shipped stage, what a stage launches, copies and expands.

Rules import these names from here, never from the modules behind them."""
from linter.model.base_images import (  # noqa: F401
    own_base, own_effective, running,
)
from linter.parsers.dockerfile import (  # noqa: F401
    copy_sources, expand, launch, package_scripts, shipped, split_image, started, verified_after,
)

__all__ = [
    'copy_sources', 'expand', 'launch', 'own_base', 'own_effective', 'package_scripts', 'running', 'shipped', 'split_image',
    'started', 'verified_after',
]
