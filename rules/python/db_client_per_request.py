"""Database and Redis clients must be created once, not on every request.

## What it does
Reports a database or Redis client, engine or pool (`psycopg2.connect`, `psycopg.connect`, `asyncpg.connect` /
`create_pool`, `pymysql.connect`, `MySQLdb.connect`, `mysql.connector.connect`, `aiomysql`, pymongo's
`MongoClient`, motor's `AsyncIOMotorClient`, redis-py's `Redis` / `StrictRedis` / `from_url`, SQLAlchemy's
`create_engine` / `create_async_engine`) created in code that runs on every request:

- a request handler: a Flask or FastAPI route (`@app.route`, `@bp.get("/x")`, `@router.post("/x")`), a
  `before_request` hook, DRF's `@api_view`, a method (`get`, `post`, `list`...) of a class-based view
  (`View`, `APIView`, `MethodView`, `ViewSet`, flask-restful's `Resource`), or a module-level view whose first
  parameter is `request` (Django, Starlette);
- a helper such handlers call, directly or through one more helper (`get_db_connection()` in `db.py`
  opening `psycopg2.connect(...)`), or that FastAPI runs for each request as a dependency
  (`Depends(get_conn)`), in the same module or another module of the backend;
- the `__init__` of a class that stores the client on `self` (`self.conn = psycopg2.connect(...)`), when
  such handlers create the instance (`OrderRepo()` in a route); the class is named.

Not reported: a client created at module level, in an app factory or start-up hook (or in the `__init__` of an
instance the module keeps); one stored on an object or in a global as it is made (`g.db = connect()`, `app.state.redis = ...`, `global pool`),
also when a helper makes it and its caller keeps it in a global through a local name or a wrapper (`client =
build(); _conn = Wrapper(client)`); one made by a
function cached for the process (`@lru_cache`); a Redis client over a shared pool
(`redis.Redis(connection_pool=pool)`); sessions opened from a module-level engine (`Session(engine)`,
`SessionLocal()`). sqlite3 is left out: opening a local file is cheap, and a connection per request is how
Flask's own tutorial uses it.

## Why it matters in production
Opening a connection costs a TCP and TLS handshake plus authentication on every request, and under load the
database runs out of connections (`too many connections`) long before the app runs out of CPU. A client
created once at start-up pools its connections, reuses them and caps how many the app opens; an engine or
Redis client created per request throws its pool away after one use.

## Example
```text path=requirements.txt
flask==3.0.2
psycopg2-binary==2.9.9
```
```python path=app.py
import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/users")
def users():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    with conn.cursor() as cur:
        cur.execute("SELECT id, name FROM users")
        rows = cur.fetchall()
    conn.close()
    return jsonify(rows)
```

## Use instead
```text path=requirements.txt
flask==3.0.2
psycopg2-binary==2.9.9
```
```python path=app.py
import os

from flask import Flask, jsonify
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)
pool = ThreadedConnectionPool(1, 20, os.environ["DATABASE_URL"])


@app.get("/users")
def users():
    conn = pool.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, name FROM users")
            return jsonify(cur.fetchall())
    finally:
        pool.putconn(conn)
```

## References
- https://www.psycopg.org/docs/pool.html
- https://docs.sqlalchemy.org/en/20/core/pooling.html
- https://redis-py.readthedocs.io/en/stable/connections.html#connection-pools
"""
from linter.api import RuleMeta
from linter.api.python import db_client, per_request

META = RuleMeta(
    id="PY026", name="python-db-client-per-request", kinds=("python",), severity="warning",
    checklist=("database.connection-pool",), security=False,
    hints=("connect|mongoclient|redis|create_engine|create_pool|motorclient",),
)
MESSAGES = {
    "per-request": "`{function}` creates a {driver} client on every request; use {remedy} and reuse it",
}


def check(doc, ctx):
    for site in doc.calls:
        if not site.in_function:
            continue
        client = db_client(doc, site)
        if client is None:
            continue
        function = per_request(doc, ctx.model, site)
        if function is not None:
            driver, remedy = client
            yield ctx.finding(doc.span(site.node), f"{function}.{driver}.client", "per-request", driver=driver,
                              function=function, remedy=remedy)
