"""node-config (the `config` package) values for rules: which file and line give `config.get('a.b')`."""
from linter.model.node_config import ConfigValue, config_key, config_value  # noqa: F401

__all__ = ["ConfigValue", "config_key", "config_value"]
