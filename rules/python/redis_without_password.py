"""Python backends must connect to Redis with a password.

## What it does
Reports, in production Python code, a connection to a Redis server on another host that carries no password,
written in the source:

- redis-py, `redis.asyncio` and aioredis clients: `redis.Redis(host="cache.internal")` /
  `StrictRedis(...)` / `ConnectionPool(...)` given a host but no `password` (nor a `url`, a connection pool, a
  credential provider or `**options`), and `Redis.from_url("redis://cache.internal:6379/0")` /
  `aioredis.from_url(...)` with a URL that has no password;
- `redis://` URLs without a password given to anything else: Celery's broker and result backend
  (`Celery(broker="redis://...")`, `CELERY_BROKER_URL`, `app.conf.result_backend`), Django's `CACHES` `LOCATION`
  (django-redis and Django's own Redis cache), Flask-Limiter's `storage_uri` / `RATELIMIT_STORAGE_URI`,
  Flask-Caching's `CACHE_REDIS_URL`, Flask-Session's `SESSION_REDIS`, Channels' layers;
- f-strings that build a Redis URL with no room for a password (`f"redis://{REDIS_HOST}:6379/0"`), judged by the
  host they resolve to; Django Channels' `(host, port)` pairs (`"hosts": [("redis", 6379)]`); libraries that
  connect from a host of their own (dramatiq's `RedisBroker(host=...)`, huey's `RedisHuey(host=...)`).

A server on the same machine (`localhost`, `127.0.0.1`, a Unix socket, and redis-py's default host) is left
alone, and so is a URL the deployment decides: read from the environment, the fallback of an environment read
(`os.getenv("REDIS_URL", "redis://redis:6379/0")`), a `default=` of a command-line option or a pydantic settings
field, a schema's example, or a development configuration class. Test files are not production.

## Why it matters in production
A client with no password only works against a Redis with no password, and a Redis without a password lets
anything that can reach it read the sessions, tokens and cached data, queue tasks for the workers, or write a
cron job to disk. Set `requirepass` (or ACL users) on the server and give the client the password from the
environment.

## Example
```text path=requirements.txt
celery==5.4
Django==5.0
```
```python path=proj/celery.py
from celery import Celery

app = Celery("proj", broker="redis://redis.internal:6379/0")
```

## Use instead
```text path=requirements.txt
celery==5.4
Django==5.0
```
```python path=proj/celery.py
import os

from celery import Celery

app = Celery("proj", broker=os.environ["CELERY_BROKER_URL"])
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/
- https://redis-py.readthedocs.io/en/stable/connections.html
- https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html
"""
from linter.api import RuleMeta
from linter.api.python import redis_connections
from linter.api.secrets import is_local_host

META = RuleMeta(
    id="PY021", name="python-redis-without-password", kinds=("python",), severity="warning",
    checklist=("secrets.redis-auth",), cwe=(306,),
    hints=("redis",),
)
MESSAGES = {
    "url": "this Redis URL connects to {host} without a password; read the URL from the environment, with the "
           "password in it (redis://:PASSWORD@{host}:PORT/DB), and set requirepass on the server",
    "client": "{how} connects to {host} without a password; pass password=os.environ[\"REDIS_PASSWORD\"] (or a "
              "URL with credentials from the environment), with requirepass set on the server",
}


def check(doc, ctx):
    for connection in redis_connections(doc):
        if connection.password or connection.host is None or is_local_host(connection.host):
            continue
        yield ctx.finding(doc.span(connection.node), f"redis.{connection.host}",
                          "url" if connection.url else "client", host=connection.host, how=connection.how)
