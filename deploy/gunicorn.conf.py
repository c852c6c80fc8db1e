"""gunicorn configuration of Quartiers 2030: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (the systemd unit reads /etc/quartiers2030/env);
the application is `quartiers2030.wsgi:application`, whose default settings are the production
ones.
"""

import multiprocessing
import os

wsgi_app = "quartiers2030.wsgi:application"

# nginx runs on the same machine and is the only one allowed to talk to gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, (2 x cores) + 1 as gunicorn's documentation advises, capped: each worker holds
# Django and, when it renders a PDF, WeasyPrint (150-300 MB). GUNICORN_WORKERS forces a number.
_cores = multiprocessing.cpu_count()
workers = int(
    os.environ.get(
        "GUNICORN_WORKERS",
        min(2 * _cores + 1, int(os.environ.get("GUNICORN_MAX_WORKERS", "9"))),
    )
)
worker_class = "sync"
# A worker silent for this long is killed and replaced: the longest request served online is a
# programme PDF (the heavy documents are produced by the task worker).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On restart (systemctl reload: SIGHUP) or stop, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # behind nginx, which keeps connections open to the upstream
# Recycle workers now and then (memory slowly held by PDF rendering), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Whose X-Forwarded-Proto / X-Forwarded-For gunicorn believes (the scheme of the WSGI request).
# nginx is local: 127.0.0.1. With a load balancer on another machine, list its address(es);
# never "*" while gunicorn can be reached by anything but the proxy. Django itself trusts
# X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) because nginx always overwrites it.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs on stdout/stderr (journald keeps them), one JSON object per line like Django's
# (quartiers2030/logs.py). The access line ends with the request id: the X-Request-ID response
# header, the one nginx sent or the one Django made up; the formatter also puts it in the
# "request_id" field.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "quartiers2030.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": []},
}
