"""The rule-facing view of cookie names, shared by the Node and Python cookie rules.

Rules import these names from here, never from the modules behind them."""
from linter.model.cookie_names import redirect_target, status_flag, ui_preference  # noqa: F401

__all__ = ['redirect_target', 'status_flag', 'ui_preference']
