"""The rule-facing view of settings and secrets: one view of a variable wherever it is written, and the judgements
of its value (placeholder, weak, real-looking, a URL's password). Values judged here are never formatted into
messages.

Rules import these names from here, never from the modules behind them."""
from linter.secrets import (  # noqa: F401
    KNOWN_SECRET_FORMATS, by_scope, default_account_password, effective, hardcoded_secret, is_falsy,
    is_jwt_secret_name, is_local_host,
    is_placeholder, is_private_host, is_reference, is_secret_name, is_template_marker, is_truthy, known_format,
    looks_real_secret, name_words, names_itself, parse_url, password_weakness, printed_anyway, secret_value,
    setting_scopes, shorten, spelled_from_name, url_password, url_userinfo, weakness, written_here, written_settings,
)
from linter.model.db_credentials import (  # noqa: F401
    db_password_problem,
)
from linter.model.credential_names import (  # noqa: F401
    SECRET_KEY_NAME, is_db_setting_name, is_jwt_setting_name, judged_value, mapping_entry, not_a_credential,
    password_name_value, prose, written_password,
)

__all__ = [
    'SECRET_KEY_NAME', 'is_db_setting_name', 'is_jwt_setting_name', 'judged_value', 'mapping_entry',
    'not_a_credential', 'password_name_value', 'prose', 'written_password',
    'KNOWN_SECRET_FORMATS', 'by_scope', 'default_account_password', 'db_password_problem', 'effective',
    'hardcoded_secret', 'is_falsy',
    'is_jwt_secret_name', 'is_local_host', 'is_placeholder', 'is_private_host', 'is_reference',
    'is_template_marker', 'is_secret_name', 'is_truthy', 'known_format', 'looks_real_secret', 'name_words',
    'names_itself', 'parse_url', 'password_weakness', 'printed_anyway', 'secret_value', 'setting_scopes', 'shorten',
    'spelled_from_name', 'url_password',
    'url_userinfo', 'weakness', 'written_here', 'written_settings',
]
