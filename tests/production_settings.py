"""The production settings as tests/test_production.py runs them in live server processes.

Only one thing differs, because the test does not run `collectstatic` (several seconds):
static files are served from the source folders, as in `make run`. Everything else (cache,
sessions, security, logs) is quartiers2030.settings.production, read from the environment.
"""

from quartiers2030.settings.production import *  # noqa: F403
from quartiers2030.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
