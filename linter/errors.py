"""Errors that end a run with exit code 2 and one line on stderr."""


class UsageError(Exception):
    """Bad configuration, option or rule metadata: the run cannot start."""
