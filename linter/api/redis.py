"""The rule-facing view of redis.conf and redis-server command lines, read as the server would: one view per run.

Rules import these names from here, never from the modules behind them."""
from linter.parsers.redis import (  # noqa: F401
    acl_users, auth_unknown, command_disabled, command_line_settings, default_user_open, open_to_network,
    rdb_enabled, requirepass, run_views,
)

__all__ = [
    'acl_users', 'auth_unknown', 'command_disabled', 'command_line_settings', 'default_user_open',
    'open_to_network', 'rdb_enabled', 'requirepass', 'run_views',
]
