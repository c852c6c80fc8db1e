"""Settings of bench/http_load.py: production's, with what a local run needs on top.

Everything production reads from the environment is given by the bench (DEBUG off,
PostgreSQL, the database task backend). Only these are added here:

- the shared cache on Redis (production's own cache setting is configured elsewhere; the
  bench must measure a shared cache, not one per worker process);
- a URL configuration with a bare view, the baseline, which the shipped site does not have;
- plain HTTP on 127.0.0.1 (no TLS redirect).
"""

import os

from quartiers2030.settings.production import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["BENCH_REDIS_URL"],
        "KEY_PREFIX": os.environ["BENCH_CACHE_PREFIX"],
    }
}
ROOT_URLCONF = "q2030_bench_urls"
SECURE_SSL_REDIRECT = False
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
