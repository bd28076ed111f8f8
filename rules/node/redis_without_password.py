"""Redis clients in production code must authenticate.

## What it does
Reports `redis.createClient()` and `new Redis()` (ioredis) calls that carry no credentials at all: no
arguments, a literal `redis://` URL without a password, or options with a host/port/socket but no `password`
and no `url` (node-redis `createCluster()` options count their `defaults`, the options of every node). Clients configured from the environment (`createClient({ url: process.env.REDIS_URL })`) or
options the model cannot read are not reported. Options kept in a config module and passed to the client by
another module (`redis: { host, port }` in `src/config/index.js`, `new Redis(config.redis)` in `src/cache.js`)
are reported in the config module, where the password belongs.

Connections a plugin opens for the backend are judged the same way, at the connection options (or the URL)
given to the plugin: bull and bullmq queues and workers (`new Queue(name, { redis: {...} })`,
`new Worker(name, fn, { connection: {...} })`, `new Queue(name, 'redis://...')`), `@fastify/redis`
(`fastify.register(fastifyRedis, { host, port })`), Nest's `BullModule.forRoot` (@nestjs/bull, @nestjs/bullmq),
`CacheModule.register({ store: redisStore, host, port })` and `RedisModule.forRoot` (@liaoliaots/nestjs-redis,
@nestjs-modules/ioredis), also through a `useFactory` that returns the options, cache-manager's Redis stores
(`redisStore({ socket: {...} })`) and Keyv (`new KeyvRedis('redis://...')`, `new Keyv('redis://...')`). Only a
call whose callee is imported from that package counts; a client handed to a plugin (`{ client }`,
`{ connection: redis }`, connect-redis's `new RedisStore({ client })`) is judged where it is created.

## Why it matters in production
A client with no password only works against a Redis with no password, and a Redis without a password
lets anything that can reach it read the sessions and cached data, or write a cron job to disk. Configure
`requirepass` (or ACL users) on the server and pass the password from the environment.

## Example
```js path=cache.js
const express = require('express');
const { createClient } = require('redis');

const client = createClient({ socket: { host: 'redis', port: 6379 } });
module.exports = client;
```

## Use instead
```js path=cache.js
const express = require('express');
const { createClient } = require('redis');

const client = createClient({ url: process.env.REDIS_URL });
module.exports = client;
```

## References
- https://redis.io/docs/latest/operate/oss_and_stack/management/security/
- https://github.com/redis/node-redis/blob/master/docs/client-configuration.md
"""
from linter.api import RuleMeta
from linter.api.node import REDIS_HINT, analysis, db_configs, url_credentials

META = RuleMeta(
    id="JS021", name="redis-client-without-password", kinds=("node",), severity="warning",
    checklist=("secrets.redis-auth",), cwe=(306,),
    hints=(REDIS_HINT,),
)
MESSAGES = {
    "no-auth": "this Redis client connects without a password; pass one from the environment (REDIS_PASSWORD or "
               "a redis:// URL with credentials)",
}
_AUTH_KEYS = ("password", "url", "username", "sentinelPassword", "redisOptions", "natMap", "auth_pass")


def check(doc, ctx):
    info = analysis(doc, ctx.model)
    for cfg in db_configs(info):
        if cfg.driver != "redis" or _has_credentials(info, cfg):
            continue
        src = cfg.options.info if cfg.options is not None else info
        if src is not info or cfg.via and cfg.options is not None:
            # `new Redis(config.redis)`, a plugin's connection options: reported where the password belongs
            yield ctx.finding(src.span(cfg.options.node), "redis.password", "no-auth", path=src.doc.rel)
        elif cfg.via:  # a plugin given a URL
            yield ctx.finding(doc.span(cfg.url_node), "redis.password", "no-auth")
        else:
            yield ctx.finding(doc.span(cfg.node), "redis.password", "no-auth")


def _has_credentials(info, cfg):
    args = cfg.call.args
    if cfg.via:  # a plugin: the connection the model found is all there is to judge
        opts = cfg.options
        if opts is not None and (opts.spread or any(opts.has(k) for k in _AUTH_KEYS if k != "url")):
            return True
        if cfg.url is not None:
            creds = url_credentials(cfg.url)
            return creds is not None and bool(creds[2])
        return opts is not None and opts.has("url")  # a URL from the environment
    if cfg.options is not None and cfg.options.info is not info:
        return any(cfg.options.has(k) for k in _AUTH_KEYS) or cfg.options.spread
    if cfg.url is not None:
        creds = url_credentials(cfg.url)
        return creds is not None and bool(creds[2])
    if not args:
        return False
    for arg in args:
        if info.string(arg) is not None or info.literal(arg) is not None and isinstance(info.literal(arg), (int,
                                                                                                          float)):
            continue  # a port or a host
        opts = info.obj(arg)
        if opts is None or opts.spread:
            return True  # built elsewhere: the model cannot tell
        if any(opts.has(k) for k in _AUTH_KEYS):
            return True
        # node-redis createCluster({ rootNodes, defaults: { password } }): `defaults` are every node's options
        defaults = info.obj(opts.get("defaults")) if opts.has("defaults") else None
        if defaults is not None and (defaults.spread or any(defaults.has(k) for k in _AUTH_KEYS)):
            return True
    return False
