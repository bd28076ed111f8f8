"""The rule-facing view of Node/TS backends: the app objects and framework calls of a file (middleware, session/JWT/CORS options as
resolved values, routes, DB client configurations) with positions.

Rules import these names from here, never from the modules behind them."""
from linter.model.node import (  # noqa: F401
    APP_HINT, COMPUTED, COOKIE_ATTRIBUTES, DB_HINT, DB_SCHEMES, REDIS_HINT, SESSION_LIBRARY_NAMES, SESSION_SECRET_KEYS,
    STATIC_CALLS, exported_function, forked_child, outermost_function_name,
    SUPERUSERS, UNKNOWN, allows_any_origin, connection_helper, analysis, cors_uses, db_configs, env_fallbacks, env_kind, hapi_strategies,
    hapi_route_defaults, helmet_uses, in_request_handler, jose_uses, jwt_calls, jwt_config_literals, key_material, key_text, koa_keys,
    literal_text,
    config_routes, node_model, node_text, option_writes, routes, session_config_literals, session_uses,
    url_credentials, in_development_branch,
)
from linter.model.cors_hosts import shared_host_regex, shared_host_wildcard  # noqa: F401
from linter.model.nginx_regex import origin_problem as origin_regex_problem  # noqa: F401  (regexes for Origin)
from linter.model.node_headers import (  # noqa: F401
    HeaderWrite, credentials_allowed, header_writes, origin_checked, request_origin,
)
from linter.model.node_jose_legacy import legacy_jose_uses  # noqa: F401
from linter.model.node_mounts import guarded_modules  # noqa: F401
from linter.model.node_passport import option_values, passport_strategies, value_sources  # noqa: F401

__all__ = [
    'APP_HINT', 'COMPUTED', 'COOKIE_ATTRIBUTES', 'DB_HINT', 'DB_SCHEMES', 'REDIS_HINT', 'SESSION_LIBRARY_NAMES',
    'SESSION_SECRET_KEYS',
    'STATIC_CALLS', 'SUPERUSERS', 'UNKNOWN', 'allows_any_origin', 'analysis', 'cors_uses', 'db_configs',
    'env_fallbacks', 'env_kind', 'hapi_route_defaults', 'hapi_strategies', 'helmet_uses', 'in_request_handler', 'jose_uses', 'jwt_calls',
    'jwt_config_literals', 'key_material', 'key_text', 'koa_keys', 'literal_text', 'node_model', 'node_text', 'routes',
    'session_config_literals', 'session_uses', 'url_credentials', 'option_writes', 'config_routes',
    'origin_regex_problem', 'shared_host_regex', 'shared_host_wildcard', 'HeaderWrite', 'credentials_allowed', 'header_writes', 'origin_checked', 'request_origin',
    'legacy_jose_uses', 'guarded_modules', 'connection_helper', 'option_values', 'passport_strategies', 'value_sources', 'in_development_branch',
    'exported_function', 'forked_child', 'outermost_function_name',
]
