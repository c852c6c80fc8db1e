"""Production: everything that must come from the environment fails loudly when missing.

deploy/env.example lists every variable read here, deploy/README.md the steps around them.
"""

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, database, env


def _strong_secret(value: str) -> bool:
    """Django's own rule for a strong key (check security.W009), applied at start-up: a weak
    key in production is an error, not a warning read by nobody."""
    return (
        len(value) >= SECRET_KEY_MIN_LENGTH
        and len(set(value)) >= SECRET_KEY_MIN_UNIQUE_CHARACTERS
        and not value.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not _strong_secret(SECRET_KEY):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY must be set to a random value of at least {SECRET_KEY_MIN_LENGTH} "
        f"characters with at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones "
        '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
# Former keys, while rotating (sessions and signed links made with them stay valid).
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
if not all(_strong_secret(key) for key in SECRET_KEY_FALLBACKS):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY_FALLBACKS holds a short or weak key.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": database(env("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a connection dropped by PostgreSQL is reopened
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
SITE_URL = env("SITE_URL")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")

# One cache shared by every gunicorn worker and every machine: allauth counts its rate limits
# (codes requested per address, failed logins) and marks used TOTP codes there, so a cache of
# one process would multiply every limit by the number of workers. Redis when REDIS_URL is
# set, else the database (`manage.py createcachetable` creates its table). Never LocMem.
REDIS_URL = env("REDIS_URL", default="")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="q2030")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, without its one new client per call (quartiers2030/cache.py).
            "BACKEND": "quartiers2030.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that is down must fail a request (and /sante/) within seconds, not hang
            # the worker until gunicorn's timeout kills it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions read from Redis (written to both): a signed-in request costs no query for
    # its session; the database keeps them across a restart of Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Emails and documents go to the queue in the database; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.backend.DatabaseBackend"),
    }
}

# Uploaded files: the local disk (MEDIA_ROOT) by default; an S3-compatible object storage
# (django-storages, extra "s3") when several web machines must see the same files.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            # Private files (attestations, documents with personal data): signed, short-lived
            # URLs, never a public bucket.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS: nginx terminates TLS and sets X-Forwarded-Proto (deploy/nginx.conf); gunicorn listens
# on 127.0.0.1 only, so nobody else can send that header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check is called over plain HTTP by local monitors too (curl on the machine).
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)  # a year
# Two choices for whoever owns the domain (deploy/README.md): HSTS on every subdomain, and
# asking browsers to ship the domain in their preload list (hstspreload.org, hard to undo).
# Turning one off is a decision, not an oversight: its `check --deploy` warning is silenced.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# Behind nginx every request comes from 127.0.0.1: allauth's per-IP rate limits read the
# client's address from X-Forwarded-For, trusting as many proxies as declared here (nginx: 1).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1)

# Not from the environment: production always asks staff for their second factor.
MFA_REQUIRED_FOR_STAFF = True

# One JSON object per line on stderr (journald keeps it), with the request id that nginx
# sends (X-Request-ID) or the middleware made up.
LOGGING = {
    **LOGGING,
    "formatters": {"json": {"()": "quartiers2030.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
}
