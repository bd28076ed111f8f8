"""The rule-facing view of shell commands as Dockerfile RUN, compose command and package.json scripts hold
them, split into programs.

Rules import these names from here, never from the modules behind them."""
from linter.model.shell import (  # noqa: F401
    build_step, dev_server, has_pipe, hides_failure, node_install, pipelines, production_env, program,
    prunes_dev, script_call, sets_pipefail, verifies_integrity,
)
from linter.model.shell import Command, split  # noqa: F401

__all__ = [
    'Command', 'build_step', 'dev_server', 'has_pipe', 'hides_failure', 'node_install', 'pipelines',
    'production_env', 'program', 'prunes_dev', 'script_call', 'sets_pipefail', 'split', 'verifies_integrity',
]
