"""Public pages served from the shared cache, invalidated by version keys.

Knows no app. The apps name what a page shows ("public" for the listings, "event:12" for one
event…) and bump those names whenever it changes (`bump_on_change`, called from their
`apps.py`). A page is stored under the current versions of its names, so a bump makes every
entry that included the name unreachable at once; the old entries expire on their own.

What is cached is what every visitor sees alike:

- HTML pages only for anonymous GETs without pending messages (`serve`): signed-in people
  see their own menu, so they get a fresh page. A page never caches a CSRF token: if
  rendering asked for one, the result is not stored.
- Parts that change with registrations or belong to the visitor (seats left, the
  registration box, the participant list) are "fresh" slots: the cached page holds a
  marker (`fresh_marker`) that is replaced, on every request, by a fragment rendered then.
  What anonymous visitors get in those slots is the same for all of them: it may be stored
  too, under names of its own (`fresh_names`, bumped by what changes it: registrations),
  so that an anonymous request whose page and fragments are stored renders nothing.
- Files that are the same for everyone (the programme PDF, calendars) are cached for
  everyone (`for_everyone=True`); `single_flight=True` makes concurrent misses wait for the
  one request that renders, so an expensive file is rendered once per change.
"""

import datetime as dt
import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

# Entries live at most this long: versions make them unreachable on a change, the timeout
# only bounds what an unbounded set of query strings can store.
PAGE_TIMEOUT = 6 * 3600
LOCK_TIMEOUT = 60  # seconds a single-flight render may take before another one tries
WAIT_STEP = 0.05
KEPT_HEADERS = ("Content-Disposition",)


def _version_key(name: str) -> str:
    return f"pagecache:v:{name}"


def _versions(names: Iterable[str]) -> dict[str, int]:
    """{name: current version} of `names`, in one round trip to the cache."""
    keys = {name: _version_key(name) for name in names}
    found = cache.get_many(keys.values())
    missing = [key for key in keys.values() if key not in found]
    if missing:
        # First use, or the key was evicted: start from the clock, never from 1, so that a
        # restarted version cannot meet an entry stored under an earlier life of the key.
        start = time.time_ns()
        for key in missing:
            cache.add(key, start, timeout=None)
        found.update(cache.get_many(missing))
    return {name: found.get(key, 0) for name, key in keys.items()}


def version(*names: str) -> str:
    """The current versions of `names`, as one string for a cache key."""
    versions = _versions(names)
    return ".".join(str(versions[name]) for name in names)


def _incr(names: Iterable[str]) -> None:
    for name in names:
        key = _version_key(name)
        try:
            cache.incr(key)
        except ValueError:  # not there yet: any new value is a new version
            cache.set(key, time.time_ns(), timeout=None)


def bump(*names: str) -> None:
    """Make every entry stored under one of `names` stale, once the change is committed
    (at once outside a transaction). Until then, other requests still read the old rows:
    a page they render from them goes under the old version, which the commit makes
    stale. Not at once as well: inside the transaction that takes the event's lock, a
    round trip to the cache would hold the lock longer."""
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _incr(names))
    else:
        _incr(names)


def bump_on_change(model, names_of: Callable[[object], Iterable[str]]) -> None:
    """Bump `names_of(instance)` whenever an instance of `model` is saved or deleted (or,
    for a many-to-many `through` model, whenever links are added, removed or cleared)."""

    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):  # fixtures: nothing is cached yet
            return
        bump(*names_of(instance))

    def links_changed(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            bump(*names_of(instance))

    uid = f"pagecache:{model._meta.label}"
    if model._meta.auto_created:  # a many-to-many table
        m2m_changed.connect(links_changed, sender=model, weak=False, dispatch_uid=uid)
    else:
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


# --- Pages ----------------------------------------------------------------------------------


def fresh_marker(name: str) -> SafeString:
    """What a cached page holds where the fragment `name` goes (see `serve`)."""
    return mark_safe(f"<!--pagecache:fresh:{name}-->")


def valid_until(response: HttpResponse, moment) -> HttpResponse:
    """Keep the cached `response` no later than `moment` (when a page changes with time:
    registrations opening or closing)."""
    response.pagecache_until = moment
    return response


def _cacheable(request: HttpRequest, *, for_everyone: bool) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if for_everyone:
        return True
    # A pending message would be shown once, not stored for everyone (len() does not
    # mark the messages read).
    return not request.user.is_authenticated and not len(messages.get_messages(request))


def _page_key(request: HttpRequest, versions: Iterable[int]) -> str:
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # The day is in the key: "upcoming" and "past" change at midnight.
    return ":".join(
        [
            "pagecache:page",
            where,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            ".".join(str(v) for v in versions),
        ]
    )


def _seconds_until(moment) -> int:
    if moment is None:
        return PAGE_TIMEOUT
    return max(0, min(PAGE_TIMEOUT, int((moment - timezone.now()).total_seconds())))


def _timeout(response: HttpResponse) -> int:
    return _seconds_until(getattr(response, "pagecache_until", None))


def _storable(request: HttpRequest, response: HttpResponse, *, for_everyone: bool) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and (for_everyone or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        and _timeout(response) > 0
    )


def _from_entry(entry) -> HttpResponse:
    content, content_type, headers = entry
    response = HttpResponse(content, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def _to_entry(response: HttpResponse):
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return (response.content, response["Content-Type"], headers)


def _build_once(key: str, build: Callable[[], HttpResponse], store) -> HttpResponse:
    """Render under a lock in the cache: concurrent misses wait for the first render."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_TIMEOUT
    while not cache.add(lock, 1, timeout=LOCK_TIMEOUT):
        if time.monotonic() > deadline:
            break
        time.sleep(WAIT_STEP)
        entry = cache.get(key)
        if entry is not None:
            return _from_entry(entry)
    try:
        entry = cache.get(key)  # stored while we were taking the lock
        if entry is not None:
            return _from_entry(entry)
        response = build()
        store(response)
        return response
    finally:
        cache.delete(lock)


def serve(
    request: HttpRequest,
    *,
    names: Iterable[str],
    build: Callable[[], HttpResponse],
    fresh: Mapping[str, Callable[[], str]] | None = None,
    fresh_names: Iterable[str] = (),
    fresh_until: Callable[[], dt.datetime | None] | None = None,
    for_everyone: bool = False,
    single_flight: bool = False,
) -> HttpResponse:
    """The response of `build()`, from the cache when the versions of `names` still match.

    `fresh` maps the name of each fresh slot of the page to a function rendering its
    fragment for this request; it runs on every request, cached or not, unless
    `fresh_names` is given: then the fragments an anonymous visitor gets are stored under
    `names` and `fresh_names`, until `fresh_until()` (when they change by themselves, or
    None), and rendered again only once one of those names is bumped.
    """
    names, fresh_names = tuple(names), tuple(fresh_names) if fresh else ()
    response = parts = parts_key = None
    if _cacheable(request, for_everyone=for_everyone):
        versions = _versions((*names, *fresh_names))
        key = _page_key(request, [versions[name] for name in names])
        if fresh_names:
            parts_key = _page_key(request, versions.values()) + ":fresh"
        found = cache.get_many([key, parts_key] if parts_key else [key])
        parts = found.get(parts_key)
        if key in found:
            response = _from_entry(found[key])
        else:

            def store(built):
                if _storable(request, built, for_everyone=for_everyone):
                    cache.set(key, _to_entry(built), _timeout(built))

            if single_flight:
                response = _build_once(key, build, store)
            else:
                response = build()
                store(response)
    else:
        response = build()
    if fresh and response.status_code == 200:
        if parts is None:
            parts = {name: render() for name, render in fresh.items()}
            timeout = _seconds_until(fresh_until() if fresh_until else None)
            # A fragment holding a CSRF token belongs to this visitor.
            if parts_key and timeout > 0 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                cache.set(parts_key, parts, timeout)
        content = response.content.decode(response.charset)
        for name, part in parts.items():
            content = content.replace(fresh_marker(name), part, 1)
        response.content = content
    return response


def cached_page(*names: str, for_everyone: bool = False):
    """View decorator: `serve` the view's response under `names` (fixed names)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            return serve(
                request,
                names=names,
                build=lambda: view(request, *args, **kwargs),
                for_everyone=for_everyone,
            )

        return wrapped

    return decorator
