"""Redis connections a backend opens through a plugin rather than a client of its own.

Queues (bull, bullmq), framework modules (@fastify/redis, Nest's BullModule, CacheModule and RedisModule) and
cache stores (cache-manager's Redis stores, @keyv/redis) each take the client's connection settings somewhere
in their own options and create the client themselves. :func:`redis_plugin_connections` finds where: the
connection options object, or a literal connection URL, of every such call whose callee resolves to that
package's import. A client passed in (`{ client }`, `{ connection: redis }`) is judged where it is created,
so it is not a connection here; neither are options the model cannot read.

This module reads a file's analysis only through its methods (node.py imports it, not the other way).
"""
from __future__ import annotations

from dataclasses import dataclass

# Files that open a Redis connection through one of these packages name one of these words (a rule hint).
REDIS_HINT = "redis|bull"
# keys that make an object a Redis connection's settings (ioredis and node-redis options)
_CONNECTION_KEYS = ("host", "port", "socket", "path", "url", "password", "username", "sentinels")
# Where each plugin keeps the connection: the key of its options object, None for the options themselves.
_CONNECTION_AT = {
    "bull": "redis", "bull.default": "redis",
    "bullmq.Queue": "connection", "bullmq.Worker": "connection", "bullmq.QueueEvents": "connection",
    "bullmq.FlowProducer": "connection", "bullmq.QueueScheduler": "connection",
    "@nestjs/bull.BullModule.forRoot": "redis", "@nestjs/bull.BullModule.registerQueue": "redis",
    "@nestjs/bull.BullModule.forRootAsync": "redis",
    "@nestjs/bullmq.BullModule.forRoot": "connection", "@nestjs/bullmq.BullModule.registerQueue": "connection",
    "@nestjs/bullmq.BullModule.forRootAsync": "connection",
    "@liaoliaots/nestjs-redis.RedisModule.forRoot": "config",
    "@liaoliaots/nestjs-redis.RedisModule.forRootAsync": "config",
    "cache-manager-redis-store.redisStore": None, "cache-manager-redis-yet.redisStore": None,
    "cache-manager-ioredis-yet.redisStore": None,
    "@keyv/redis": None, "@keyv/redis.default": None, "@keyv/redis.KeyvRedis": None,
    "@keyv/redis.createKeyv": None,
}
# @nestjs-modules/ioredis: `{ type: 'single', url, options }`, or `{ config: {...} }` before v2
_NEST_IOREDIS = {"@nestjs-modules/ioredis.RedisModule.forRoot", "@nestjs-modules/ioredis.RedisModule.forRootAsync"}
# `{ store: redisStore, host, port }`: the store package takes the connection from the cache's own options
_CACHE_CALLS = {"@nestjs/common.CacheModule.register", "@nestjs/common.CacheModule.registerAsync",
                "@nestjs/cache-manager.CacheModule.register", "@nestjs/cache-manager.CacheModule.registerAsync",
                "cache-manager.caching", "cache-manager.default.caching"}
_REDIS_STORES = {"cache-manager-redis-store", "cache-manager-redis-yet", "cache-manager-ioredis",
                 "cache-manager-ioredis-yet", "cache-manager-redis"}
_FASTIFY_REDIS = {"@fastify/redis", "fastify-redis"}
_KEYV = {"keyv", "keyv.default", "keyv.Keyv"}  # `new Keyv('redis://...')` loads @keyv/redis from the URL's scheme
_PLUGIN_CALLS = (*_CONNECTION_AT, *_NEST_IOREDIS, *_CACHE_CALLS, *_KEYV)


@dataclass
class RedisConnection:
    """A Redis connection a Node file opens."""

    call: object  # the plugin's Call
    via: str  # the package that opens the connection
    options: object = None  # ObjectValue of the connection settings (its ``info`` is the file it is written in)
    url: str | None = None  # a literal connection URL
    url_node: object = None


def redis_plugin_connections(info) -> list[RedisConnection]:
    out = []
    for call in info.calls_with(methods=("register",), qnames=_PLUGIN_CALLS):
        q = call.qname or ""
        if q in _CONNECTION_AT:
            found = _from_options(info, call, _CONNECTION_AT[q], q)
        elif q in _NEST_IOREDIS:
            found = _nest_ioredis(info, call, q)
        elif q in _CACHE_CALLS:
            found = _cache_store(info, call, q)
        elif q in _KEYV:
            found = _keyv_url(info, call)
        elif call.method == "register" and call.args and _module(info.qualify(call.args[0])) in _FASTIFY_REDIS:
            found = _fastify(info, call)
        else:
            continue
        if found is not None:
            out.append(found)
    return out


def _module(qname: str | None) -> str | None:
    """The package a qualified name was imported from, when it names the package's export itself."""
    if not qname or qname.endswith("()"):
        return None
    for name in (qname, qname.rsplit(".", 1)[0]):
        if name in _FASTIFY_REDIS or name in _REDIS_STORES:
            return name
    return None


def _via(qname: str) -> str:
    return qname.split(".")[0]


def _from_options(info, call, key, qname) -> RedisConnection | None:
    """The connection under ``key`` of the first options argument that has it (`new Queue(name, { redis })`,
    `new Worker(name, fn, { connection })`), the options themselves when ``key`` is None, or a URL argument."""
    for arg in call.args:
        text = info.string(arg)
        if text is not None:
            if "://" in text:
                return _connection(info, call, qname, None, arg)
            continue  # a queue's name
        opts = _options(info, call, arg, qname)
        if opts is None:
            continue  # a name, a worker's processor, a client, or options the model cannot read
        if key is None:
            return _connection(info, call, qname, opts, None)
        if opts.spread or opts.has("createClient"):
            return None  # bull's own client factory, or settings merged in from elsewhere
        if opts.has(key):
            return _connection(info, call, qname, opts, opts.get(key), owner=opts)
        if opts.has("url") and key == "redis":  # @nestjs/bull's `{ url }` beside the queue options
            return _connection(info, call, qname, None, opts.get("url"), owner=opts)
    return None


def _options(info, call, arg, qname):
    """An options argument as written: an object here or in a config module, or the object a Nest
    `useFactory` returns for the *Async variants."""
    opts = info.options(arg)
    if opts is not None and qname.endswith("Async"):
        return _factory_result(opts.info, opts.get("useFactory"))
    return opts


def _connection(info, call, qname, owner_or_opts, value, owner=None) -> RedisConnection | None:
    """A connection given as ``value`` (an object, a URL or a client) or as the options object itself."""
    if value is None:
        opts = owner_or_opts
        if opts is None or not (opts.spread or any(opts.has(k) for k in _CONNECTION_KEYS)):
            return None
        if opts.has("client") or opts.has("redisInstance") or opts.has("redis"):
            return None  # a client created elsewhere, judged there
        return RedisConnection(call, _via(qname), opts)
    where = owner.info if owner is not None else info
    text = where.string(value)
    if text is not None:  # a URL written beside the call (one in a config module is left to its own file)
        return RedisConnection(call, _via(qname), None, text, where.resolve(value)) \
            if "://" in text and where is info else None
    opts = where.options(value)
    if opts is None or not (opts.spread or any(opts.has(k) for k in _CONNECTION_KEYS)):
        return None  # a client, an environment value, or options the model cannot read
    return RedisConnection(call, _via(qname), opts)


def _nest_ioredis(info, call, qname) -> RedisConnection | None:
    opts = _options(info, call, call.arg(0), qname)
    if opts is None or opts.spread:
        return None
    if opts.has("config"):
        return _connection(info, call, qname, opts, opts.get("config"), owner=opts)
    where = opts.info
    if where.literal(opts.get("type")) != "single":
        return None
    inner = where.options(opts.get("options")) if opts.has("options") else None
    if opts.has("options") and inner is None:
        return None
    url = where.string(opts.get("url")) if opts.has("url") else None
    if opts.has("url") and url is None:
        return None  # the URL comes from the environment
    found = RedisConnection(call, _via(qname), inner, url, where.resolve(opts.get("url")) if url else None)
    return found if inner is not None or url is not None else None


def _cache_store(info, call, qname) -> RedisConnection | None:
    """`CacheModule.register({ store: redisStore, host, port })`, `caching({ store: redisStore, ... })`,
    `caching(redisStore, { ... })`: a Redis store reads the connection from the cache's options."""
    first = call.arg(0)
    if _module(info.qualify(first)) in _REDIS_STORES:
        opts = _options(info, call, call.arg(1), qname)
    else:
        opts = _options(info, call, first, qname)
        if opts is None or _module(opts.info.qualify(opts.get("store"))) not in _REDIS_STORES:
            return None
    return _connection(info, call, qname, opts, None) if opts is not None else None


def _keyv_url(info, call) -> RedisConnection | None:
    text = info.string(call.arg(0))
    if text is None or not text.lower().startswith(("redis://", "rediss://")):
        return None
    return RedisConnection(call, "keyv", None, text, info.resolve(call.arg(0)))


def _fastify(info, call) -> RedisConnection | None:
    opts = info.options(call.arg(1))
    return _connection(info, call, "@fastify/redis", opts, None) if opts is not None else None


def _factory_result(info, fn):
    """The object literal a Nest `useFactory` returns: `() => ({...})`, or a body whose only return is one."""
    if fn is None:
        return None
    node = fn if fn.type == "method_definition" else info.function_of(fn)
    return info.returned_object(node) if node is not None else None
