"""The shared cache on Redis: Django's own backend, with one client object per server.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` on every cache call. The
connection comes from the server's pool either way, but with redis-py 5 and later each client
also builds its table of reply parsers, about a thousand dictionary entries: 0.2 ms of CPU
per call, 1.3 ms of the 10 ms a registration POST cost on gunicorn (6 cache calls: session,
event, versions, bumps). A `redis.Redis` is safe to share between threads (it takes a
connection from its pool for each command), so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """`django.core.cache.backends.redis.RedisCache`, same options, one client per server."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
