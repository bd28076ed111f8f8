"""The rule-facing view of Python backends (Django, Flask, FastAPI, Starlette, Litestar): settings views, configuration bindings, env fallbacks, routes, switched-off safeguards.

Rules import these names from here, never from the modules behind them."""
from linter.model.python import (  # noqa: F401
    NON_PRODUCTION_CLASS, auth_routes, decorated_definition, ci_only, documentation_examples, config_bindings, dev_command_calls, django_database_entry, dict_keys, env_fallbacks, frameworks, is_base_settings,
    enclosing_function, expression_of, is_flask_app_file, jwt_arguments, jwt_calls, jwt_decode_switches, main_guarded, middleware_options, script_only_calls, plain_launcher_elsewhere, served_as_module, module_bindings, number, python_model, resolve,
    resolve_at,
    litestar_guarded, per_route_limits_only, route_guards, unlimited_auth_routes, route_origin, route_paths, secret_weakness, settings_views, superuser, timedelta_seconds, truthy, view_definition,
)
from linter.model.python_settings import (  # noqa: F401
    backend_mentions, backend_modules_mentioning, flask_config, flask_config_modules, getter_default, opt_in_flag,
    production_config_classes, project_value,
    pydantic_settings_class, settings_attribute, wsgi_server,
)
from linter.model.jwt_reads import jwt_read_back  # noqa: F401
from linter.model.cors_hosts import shared_host_regex  # noqa: F401
from linter.model.python_cors import (  # noqa: F401
    any_origin, any_origin_pattern, any_origin_regex, django_cors_credentials, flask_configuration_credentials,
    flask_cors_calls, flask_cors_credentials, quart_cors_calls,
    starlette_cors, starlette_credentials,
)
from linter.model.python_secrets import (  # noqa: F401
    DB_DRIVER_CALLS, account_passwords, named_literals, redis_connections, redis_url, salt_names, settings_secret_spans,
)
from linter.model.python_talisman import talisman_applications, talisman_option  # noqa: F401
from linter.model.python_headers import (  # noqa: F401
    FRAME_OPTIONS_HONOURED, assembled_policy, csp_directives, header_values, switched_off, unsafe_script_sources,
)
from linter.model.python_limits import (  # noqa: F401
    DJANGO_BODY_LIMITS, DJANGO_COUNT_LIMITS, FLASK_BODY_LIMITS, byte_size,
)
from linter.model.python_handlers import request_handler, route_handler  # noqa: F401
from linter.model.python_db_clients import db_client, per_request  # noqa: F401
from linter.parsers.python import dotted, literal  # noqa: F401

__all__ = [
    'dotted', 'literal',
    'NON_PRODUCTION_CLASS', 'auth_routes', 'per_route_limits_only', 'unlimited_auth_routes', 'decorated_definition', 'litestar_guarded', 'route_guards', 'route_origin', 'route_paths', 'view_definition', 'ci_only', 'documentation_examples', 'config_bindings', 'dev_command_calls', 'django_database_entry', 'dict_keys', 'env_fallbacks', 'frameworks',
    'is_base_settings', 'enclosing_function', 'expression_of', 'is_flask_app_file', 'jwt_arguments', 'jwt_calls', 'jwt_decode_switches', 'main_guarded', 'middleware_options', 'script_only_calls', 'plain_launcher_elsewhere', 'served_as_module', 'module_bindings', 'number', 'timedelta_seconds',
    'python_model', 'resolve', 'resolve_at', 'secret_weakness', 'settings_views', 'superuser', 'truthy',
    'backend_mentions', 'backend_modules_mentioning', 'flask_config', 'flask_config_modules', 'getter_default', 'opt_in_flag',
    'production_config_classes', 'project_value',
    'pydantic_settings_class', 'settings_attribute', 'wsgi_server',
    'talisman_applications', 'talisman_option', 'jwt_read_back',
    'DJANGO_BODY_LIMITS', 'DJANGO_COUNT_LIMITS', 'FLASK_BODY_LIMITS', 'FRAME_OPTIONS_HONOURED', 'byte_size',
    'assembled_policy', 'csp_directives', 'db_client', 'header_values', 'per_request', 'request_handler', 'route_handler',
    'switched_off', 'unsafe_script_sources',
    'any_origin', 'any_origin_pattern', 'any_origin_regex', 'django_cors_credentials', 'flask_cors_calls', 'shared_host_regex',
    'flask_configuration_credentials', 'flask_cors_credentials', 'quart_cors_calls', 'starlette_cors', 'starlette_credentials',
    'DB_DRIVER_CALLS', 'account_passwords', 'named_literals', 'redis_connections', 'redis_url', 'salt_names', 'settings_secret_spans',
]
