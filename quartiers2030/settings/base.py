"""Settings shared by every environment; the other modules only override what differs."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # second factor of the staff (TOTP app, recovery codes)
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "events",
    "workshops",
    "registrations",
    "resources",
    "backoffice",  # the top layer: composes the others, imported by none
    "api",  # the public read API and JSON-LD: a top layer too, imported by none
    "ninja",  # only for its bundled Swagger UI files and templates (no CDN)
]

MIDDLEWARE = [
    # First: every response, redirects and errors included, carries the request id, and every
    # log record of the request is tagged with it (quartiers2030/logs.py).
    "quartiers2030.middleware.RequestIdMiddleware",
    # Early, so that every answer of the API (errors, 429 included) is readable cross-origin.
    "api.middleware.ApiCorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff who must use a second factor and have none are sent to set it up.
    "backoffice.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "quartiers2030.urls"
WSGI_APPLICATION = "quartiers2030.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database(url: str) -> dict:
    """Django's settings of the database at `url`. On PostgreSQL, statements are bound
    and, once run a few times on a connection, prepared by the server (psycopg 3): it parses
    and plans them once per connection instead of once per request. Not behind a pooler in
    transaction mode (PgBouncer), which loses prepared statements between transactions:
    there, set DATABASE_PREPARE_THRESHOLD to an empty value."""
    settings = env.db_url_config(url)
    settings["ATOMIC_REQUESTS"] = False
    if settings["ENGINE"] == "django.db.backends.postgresql":
        threshold = env("DATABASE_PREPARE_THRESHOLD", default="5")
        settings.setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=int(threshold) if threshold else None
        )
    return settings


DATABASES = {
    "default": database(env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Largest resource file staff may upload (slides, comptes rendus), in megabytes.
RESOURCE_MAX_UPLOAD_MB = env.int("RESOURCE_MAX_UPLOAD_MB", default=20)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The trail of personal-data access (exports, badges, messages, needs viewed, anonymisation
# runs) is itself personal data: kept long enough to answer a participant's or the CNIL's
# question about past processing (3 years, the usual period for such logs), then deleted
# by the daily retention job. A fixed period, stated in the privacy notice.
PERSONAL_DATA_TRAIL_MONTHS = env.int("PERSONAL_DATA_TRAIL_MONTHS", default=36)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Quartiers 2030 <ne-pas-repondre@quartiers2030.local>"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "registrations:my_space"

# Accounts (django-allauth): email only, no username. A one-time code sent by email is THE way
# in (login page, signup, email verification); a password stays optional, for those who set one
# afterwards (account_set_password) and then use the "mot de passe" link of the login page.
ACCOUNT_ADAPTER = "quartiers2030.accounts.AccountAdapter"  # see there for what it changes
ACCOUNT_LOGIN_METHODS = {"email"}
# "password1" is listed, optional, only because allauth's LoginForm drops its password field when
# it is absent (with ["email*"] alone, password login is impossible). templates/account/signup.html
# renders the email field only: signing up never asks for a password (unusable password stored).
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"  # filled by allauth, never shown nor asked
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True  # "Recevoir un nouveau code", twice at most
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Any address typed gets a code (a new one gets its account): quartiers2030/accounts.py.
ACCOUNT_FORMS = {"request_login_code": "quartiers2030.accounts.RequestLoginCodeForm"}
ACCOUNT_LOGIN_BY_CODE_REQUIRED = False
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3  # wrong codes before the code is dropped
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60  # mail can be slow: 10 minutes instead of 3
# While a code is pending, the login pages send back to the code page: resending from there is
# the way to get a new code (twice at most; the wrong attempts still add up to 3).
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
# Codes are 6 digits (typed from a phone keypad: inputmode="numeric"). Fewer combinations than
# allauth's 8 letters, so guessing is bounded by the 3 attempts per code and the per-email
# limits on requesting codes below (at most 10 codes, so 30 guesses, an hour per address).
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PREVENT_ENUMERATION = True  # unknown emails get the same page (and a "no account" email)
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Quartiers 2030] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Rate limits ("amount/period/per", per = ip, key = the email, or user). allauth counts them in
# Django's default cache (CACHES): a per-process LocMemCache here, which is right for tests and
# `make run` (one process); production (settings/production.py) always uses a cache shared by
# every worker and machine, Redis (REDIS_URL) or the database, or each worker would count on its
# own (tests/test_production.py proves the limits hold across two server processes). Over the
# limit, the login and signup views answer 429; the request-code form and the password form show
# "Trop de tentatives…" as a form error.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # wrong passwords
    "request_login_code": "20/m/ip,3/m/key,10/h/key",
    "confirm_email": "1/10s/key",  # sending a verification code
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # "Tell me when it opens" (registrations.views.opening_notice), key = the address: each
    # request emails a confirmation link, so one address is not flooded nor one visitor
    # allowed to collect requests. Counted only for well-formed addresses.
    "opening_notice": "5/m/ip,3/h/key",
    # The public API (api/views.py): per client IP, generous for a partner's page or a
    # crawler, low enough that one client cannot keep the workers busy.
    "api": "120/m/ip",
}

# Second factor (allauth.mfa) for the staff who read participants' personal data: every team
# role but "partenaire (lecture)", and superusers (events.scoping.requires_second_factor).
# Participants never see it: allauth asks for a second factor only from accounts that have one.
# Once a TOTP app is set up, allauth asks for its code at every login, by emailed code as well
# as by password (the MFA login stage runs after both; tests/backoffice/test_mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# WebAuthn (security keys) is left out: it needs HTTPS and a browser to be tested end to end
# (no browser in CI here); adding "webauthn" above is enough once it can be.
MFA_TOTP_ISSUER = "Quartiers 2030"  # the name the authenticator app shows next to the code
MFA_TOTP_DIGITS = 6
MFA_TOTP_PERIOD = 30
# Accept the code of the previous and next 30 s step as well: phones of door volunteers are
# not always on time. A code is still accepted only once (allauth marks it used in the cache).
MFA_TOTP_TOLERANCE = 1
# 10 single-use recovery codes, generated with the TOTP app; shown (and downloadable) until
# regenerated, for whoever lost their phone (templates/backoffice/lost_phone.html).
MFA_RECOVERY_CODE_COUNT = 10
MFA_RECOVERY_CODE_DIGITS = 8
# No "trust this browser": a shared computer at the door must not skip the code for 14 days.
MFA_TRUST_ENABLED = False
# Setting up, removing the app or showing the recovery codes asks to confirm access (emailed
# code, password or the app) unless the user signed in less than ACCOUNT_REAUTHENTICATION_TIMEOUT
# (5 minutes) ago: a first sign-in goes straight to the setup (quartiers2030/accounts.py).
MFA_REAUTHENTICATION_REQUIRED = True
# Ours, not allauth's: staff who need a second factor and have none are sent to set it up before
# any admin or staff page (backoffice/middleware.py), and the admin's own login form sends to
# allauth's login (which asks for the code). Off in tests only, where ~300 tests log staff in
# with force_login; tests/backoffice/test_mfa.py turns it on.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)

# Personal data lifecycle (registrations/services/retention.py, command apply_retention).
# Registrations are anonymised this many months after their event: each organiser, and
# each event, may choose another duration, always within the bounds.
RETENTION_MONTHS_DEFAULT = env.int("RETENTION_MONTHS_DEFAULT", default=12)
RETENTION_MONTHS_MIN = env.int("RETENTION_MONTHS_MIN", default=1)
RETENTION_MONTHS_MAX = env.int("RETENTION_MONTHS_MAX", default=36)
# Accounts whose address was never confirmed are deleted after this many days.
UNVERIFIED_ACCOUNT_DAYS = env.int("UNVERIFIED_ACCOUNT_DAYS", default=7)
# Accounts with no registration and no sign-in for this many months are warned by email,
# then deleted this many days after the warning unless their owner signs in.
INACTIVE_ACCOUNT_MONTHS = env.int("INACTIVE_ACCOUNT_MONTHS", default=24)
INACTIVE_ACCOUNT_WARNING_DAYS = env.int("INACTIVE_ACCOUNT_WARNING_DAYS", default=30)

# Background work (emails…) through the Django tasks API: run at once by default, so
# `make run` needs no worker; production sets the database backend and runs `db_worker`.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# /sante/ answers 503 when a task has been waiting longer than this (seconds): the worker
# polls every second, so a long wait means no worker runs (or it is far behind).
HEALTH_TASKS_MAX_AGE = env.int("HEALTH_TASKS_MAX_AGE", default=600)
# Documents prepared in the background (badges, sign-in sheets, lists, attestations,
# backoffice/preparation.py) name people: their files are deleted this many hours after
# they were asked for.
PREPARED_DOCUMENTS_HOURS = env.int("PREPARED_DOCUMENTS_HOURS", default=24)
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, opted into now

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Every record gets the id of the request being served ("-" outside requests); production
# writes one JSON object per line instead of plain text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "quartiers2030.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
