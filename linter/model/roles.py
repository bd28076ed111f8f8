"""Which files are production, development, examples or tests: decided here once, asked by rules."""
from __future__ import annotations

DEFAULT_ROLE_PATTERNS: dict[str, list[str]] = {
    "example": [
        "*.example", "*.sample", "*.template", "*.dist", "*.tmpl", "*.example.*", "*.sample.*",
        ".env.example*", ".env.sample*", ".env.template*", "env.example*", "env.sample*", "env-example*",
        "example.env", "sample.env", "examples/", "example/", "samples/", "*-sample", "*-sample.*", "*_sample",
        "*-example", "*-example.*", "*.*-sample", "*.*-example",
    ],
    "test": [
        "test/", "tests/", "__tests__/", "fixtures/", "__fixtures__/", "spec/", "e2e/", "cypress/",
        "*.test.*", "*.spec.*", ".env.test", ".env.test.*", ".env.ci", "*.ci.y*ml", "docker-compose.test*.y*ml",
        ".ci/", ".codesandbox/", "*cypress*", "*.e2e.*", "*.e2e", "*-e2e.*",
        "test_*.py", "*_test.py", "conftest.py", "**/settings/test*.py", "test_settings.py", "settings_test.py",
    ],
    "development": [
        "docker-compose.override.y*ml", "compose.override.y*ml", "*.dev", "*.dev.*", "*-dev.*", "*_dev.*",
        "*.development", "*.development.*", ".env.development*", ".env.dev*", ".env.local*", "*.local",
        "*.local.*", "*.debug.*", "dev/", "development/", "Dockerfile.dev*", "dev.Dockerfile", "*.dev.Dockerfile",
        "**/settings/dev.py", "**/settings/development.py", "**/settings/local.py", "settings_dev.py",
        "settings_local.py",
        "local_settings.py", "dev_settings.py",
    ],
}
ROLE_ORDER = ("production", "example", "test", "development")


class Roles:
    def __init__(self, overrides: dict[str, list[str]] | None = None):
        from ..globs import GlobSet
        self._specs = []
        overrides = overrides or {}
        # configured patterns are asked first, in the fixed order, then the defaults
        for source in (overrides, DEFAULT_ROLE_PATTERNS):
            for role in ROLE_ORDER:
                patterns = source.get(role)
                if patterns:
                    self._specs.append((role, GlobSet(patterns)))

    def role(self, rel: str) -> str:
        for role, spec in self._specs:
            if spec.match(rel):
                return role
        return "production"
