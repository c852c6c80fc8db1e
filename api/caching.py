"""API data kept in the shared cache under the page-cache versions (quartiers2030/pagecache.py).

The pages' own names are reused: "public" (LISTINGS) is bumped by any change to a listed
event, organiser or cycle, "shared" by organisers, venues, speakers…, "event:<pk>" by
anything of one event. So an API answer goes stale exactly when the page showing the same
data does. What changes with registrations is never stored (api/selectors.py).
"""

import hashlib
import json

from django.core.cache import cache
from django.utils import timezone

from quartiers2030 import pagecache


def cached(*, names: tuple[str, ...], key: dict, build):
    """`build()`, or what it returned before while the versions of `names` still match.

    `key` names the answer (endpoint and validated parameters); the day is part of it, as
    for pages, since "upcoming" changes at midnight."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    full = ":".join(
        ["api", digest[:32], timezone.localdate().isoformat(), pagecache.version(*names)]
    )
    value = cache.get(full)
    if value is None:
        value = build()
        cache.set(full, value, pagecache.PAGE_TIMEOUT)
    return value
