"""pytest: SQLite unless DATABASE_URL says otherwise (CI sets it to PostgreSQL)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, database, env

DEBUG = False
SECRET_KEY = "tests-only-secret-key"  # noqa: S105
DATABASES = {
    "default": database(env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'test.sqlite3'}")),
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Staff log in with force_login in most tests: the second factor is enforced only where a test
# turns it on (tests/backoffice/test_mfa.py).
MFA_REQUIRED_FOR_STAFF = False
