"""Settings of bench/http_load.py: production's, with what a local run needs on top.

Everything production reads from the environment is given by the bench (DEBUG off,
PostgreSQL, the database task backend, the shared cache and sessions on Redis from
REDIS_URL). Only these are added here:

- a URL configuration with a bare view, the baseline, which the shipped site does not have;
- plain HTTP on 127.0.0.1 (no TLS redirect).
"""

import os

from quartiers2030.settings.production import *  # noqa: F403

ROOT_URLCONF = "q2030_bench_urls"
SECURE_SSL_REDIRECT = False
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
