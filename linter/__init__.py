"""prodlint: a production-readiness linter for repositories."""
__version__ = "0.1.0"
