"""The rule-facing view of route paths, shared by the Node and Python debug-route rules.

Rules import these names from here, never from the modules behind them."""
from linter.model.debug_paths import DEBUG_SEGMENTS, debug_segment  # noqa: F401

__all__ = ['DEBUG_SEGMENTS', 'debug_segment']
