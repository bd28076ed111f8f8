"""Bootstrap admin accounts must not ship with a default or placeholder password.

## What it does
Reports the passwords production configuration gives to administrator and seed accounts — `ADMIN_PASSWORD`,
`DEFAULT_ADMIN_PASSWORD`, `INITIAL_ADMIN_PASSWORD`, `SUPERUSER_PASSWORD`, `DJANGO_SUPERUSER_PASSWORD`,
`GF_SECURITY_ADMIN_PASSWORD`, `KEYCLOAK_ADMIN_PASSWORD`, `RABBITMQ_DEFAULT_PASS`, `MINIO_ROOT_PASSWORD`,
`PGADMIN_DEFAULT_PASSWORD`, `*_BASIC_AUTH_PASSWORD`, `ELASTIC_PASSWORD` — when the value, as written in an env
file, compose `environment` (after interpolation) or Dockerfile `ENV`, is empty, a well-known default
(`admin`, `admin123`, `password123`, `minioadmin`, `guest`), a placeholder, equal to the admin user name,
or shorter than `min-length` characters. Database engine passwords are ENV005's subject.

## Why it matters in production
Default admin credentials are published in every image's documentation and are the first thing tried
against a login page or management console. One successful guess gives full control of the application or
the tool.

## Example
```yaml path=docker-compose.yml
services:
  grafana:
    image: grafana/grafana:11.1.0
    environment:
      GF_SECURITY_ADMIN_PASSWORD: admin
```

## Use instead
```yaml path=docker-compose.yml
services:
  grafana:
    image: grafana/grafana:11.1.0
    environment:
      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana_admin_password
    secrets:
      - grafana_admin_password
secrets:
  grafana_admin_password:
    external: true
```

## References
- https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html
- https://cwe.mitre.org/data/definitions/1392.html
"""
import re

from linter.api import RuleMeta
from linter.api.secrets import by_scope, password_weakness, secret_value, written_settings
from linter.api import lazy

META = RuleMeta(
    id="ENV014", name="default-admin-password", kinds=("env", "compose", "dockerfile"), severity="error",
    checklist=("database.default-accounts",), cwe=(1392, 521),
    options={"min-length": {"type": "integer", "minimum": 8, "default": 12,
                            "description": "fewest characters an admin password may have"}},
)
MESSAGES = {
    "weak": "{name} {why}; set a generated password of at least {min} characters, or create the admin account "
            "by hand and remove the variable",
}
_NAME = lazy(r"^(\w+_)?(ADMIN|SUPERUSER|SUPER_USER|ROOT|OWNER|DEFAULT|INITIAL_ADMIN|SEED_ADMIN|BOOTSTRAP)"
                   r"(_USER)?_(PASSWORD|PASS|PWD|PASSWD)$|^(\w+_)?BASIC_?AUTH_(PASSWORD|PASS)$|^ELASTIC_PASSWORD$",
                   re.I)
# Engine accounts belong to ENV005 (weak-database-password).
_DB_PREFIX = lazy(r"^(MYSQL|MARIADB|MONGO|MONGODB|MONGO_INITDB|POSTGRES|PG|MSSQL|DB|DATABASE)_", re.I)


def _user_for(name: str, scope: dict) -> str | None:
    stem = re.sub(r"_(PASSWORD|PASS|PWD|PASSWD)$", "", name, flags=re.I).upper()
    for candidate in (stem + "_USER", stem + "_USERNAME", stem + "_EMAIL", stem.replace("_PASSWORD", "_USER")):
        s = scope.get(candidate)
        if s is not None and s.value:
            return s.value
    return None


def check(doc, ctx):
    minimum = ctx.options["min-length"]
    settings = written_settings(ctx.model, doc)
    scopes = by_scope(settings)
    for s in settings:
        if not _NAME.match(s.name) or _DB_PREFIX.match(s.name):
            continue
        why = password_weakness(s.value, minimum, _user_for(s.name, scopes[(s.service, s.path)]))
        if why:
            yield ctx.finding(s.key_span, s.key, "weak", path=s.path, name=s.name, why=why,
                              min=minimum, secret=secret_value(s.value))
