"""Database services should create a dedicated application user, not leave the app only the superuser.

## What it does
Reports a production MySQL or MariaDB service that creates no application user (no `MYSQL_USER` /
`MARIADB_USER`), and a MongoDB service that creates only the root user
(`MONGO_INITDB_ROOT_USERNAME`), unless initialisation scripts are mounted at
`/docker-entrypoint-initdb.d` (where such users are usually created), or the service loads an `env_file`
the repository does not hold (the deployer writes it, often from an example that sets the user). With no
other account, every application connects as root. Variable values (a weak password, `DB_USER=root`) are judged by the
variable rules (ENV*).

## Why it matters in production
An application connected as the superuser can drop every database, read the `mysql.user` table,
write files with `SELECT ... INTO OUTFILE` and create accounts: one SQL injection becomes the
whole server. A user limited to the application's own database keeps the damage to that database.

## Example
```yaml path=docker-compose.yml
services:
  db:
    image: mysql:8.4
    environment:
      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:?}
      MYSQL_DATABASE: shop
```

## Use instead
```yaml path=docker-compose.yml
services:
  db:
    image: mysql:8.4
    environment:
      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:?}
      MYSQL_DATABASE: shop
      MYSQL_USER: shop
      MYSQL_PASSWORD: ${MYSQL_PASSWORD:?}
```

## References
- https://hub.docker.com/_/mysql
- https://hub.docker.com/_/mongo
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP022", name="compose-database-superuser", kinds=("compose",), severity="note",
    checklist=("database.dedicated-user",), cwe=(250,),
)
MESSAGES = {
    "root-only": "database service '{service}' creates no application user, so applications connect as root; "
                 "set {variable} and its password, or create a user in /docker-entrypoint-initdb.d",
    "mongo-root-only": "database service '{service}' creates only the root account (MONGO_INITDB_ROOT_USERNAME), so "
                       "applications connect as root; create an application user in /docker-entrypoint-initdb.d",
}
_USERS = {"mysql": (("MYSQL_USER", "MARIADB_USER"), "MYSQL_USER"),
          "mariadb": (("MARIADB_USER", "MYSQL_USER"), "MARIADB_USER")}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        family = service.family[0] if service.family else None
        if family not in ("mysql", "mariadb", "mongo") or not service.complete:
            continue
        if any(m.target and m.target.rstrip("/").startswith("/docker-entrypoint-initdb.d") for m in service.mounts()):
            continue
        if service.env_file_absent():
            continue  # the env_file the deployer writes (from the repository's example) may create the user
        names = {s.name for s in service.environment()}
        if family == "mongo":
            if "MONGO_INITDB_ROOT_USERNAME" not in names:
                continue  # no root account configured here: nothing to say about who connects
            message, variable = "mongo-root-only", None
        else:
            wanted, variable = _USERS[family]
            if names & set(wanted):
                continue
            message = "root-only"
        if service.has("environment"):
            path, span = service.where("environment")
        else:
            path, span = service.path, service.span
        yield ctx.finding(span, service.key("environment", "user"), message, path=path, service=service.name,
                          variable=variable)
