"""The rule-facing view of nginx: servers, locations and the effective directives of a context (add_header inheritance, includes
resolved), and the judgements rules share (does a location serve content, pass to a proxy, reflect an origin).

Rules import these names from here, never from the modules behind them."""
from linter.model.nginx import (  # noqa: F401
    Emitter, Server, USER_PREFIXES, dropped_header_names, dropped_headers, expand_set, headers, host_part, inherited, is_internal,
    levels, location_key, may_hold, missing_in_scope, nginx_model, own_headers, passes, redirect_only,
    reflects_any_origin, regex_capture, rewrite_into_any_location, serves_content, serves_files, static_location, uri_is_raw,
    user_controlled, value, variables,
)
from linter.model.nginx_regex import (  # noqa: F401
    origin_problem, redos,
)

__all__ = [
    'Emitter', 'Server', 'USER_PREFIXES', 'dropped_header_names', 'dropped_headers', 'expand_set', 'headers', 'host_part', 'inherited',
    'is_internal', 'levels', 'location_key', 'may_hold', 'missing_in_scope', 'nginx_model', 'origin_problem',
    'own_headers', 'passes', 'redirect_only', 'redos', 'reflects_any_origin', 'regex_capture', 'rewrite_into_any_location', 'serves_content',
    'serves_files',
    'static_location', 'uri_is_raw', 'user_controlled', 'value', 'variables',
]
