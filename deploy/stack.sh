#!/usr/bin/env bash
# `make prod`: the production stack on this machine, on PostgreSQL and Redis: migrate,
# createcachetable, collectstatic, then gunicorn and the task worker in the foreground.
# Ctrl-C stops both. Defaults in deploy/stack.env; the secret key is generated once into
# var/stack-secret-key; emails are written to var/mail/. With arguments, runs that manage.py
# command in the same environment instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  name=${line%%=*}
  if [[ -z "${!name+set}" ]]; then export "$name=${line#*=}"; fi
done < deploy/stack.env

mkdir -p var/mail
if [[ -z "${DJANGO_SECRET_KEY:-}" ]]; then
  [[ -s var/stack-secret-key ]] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" > var/stack-secret-key
  DJANGO_SECRET_KEY=$(cat var/stack-secret-key)
  export DJANGO_SECRET_KEY
fi
export EMAIL_URL=${EMAIL_URL:-filemail:///$PWD/var/mail}

# `bash deploy/stack.sh createsuperuser`: one manage.py command with the stack's environment.
if [[ $# -gt 0 ]]; then exec "$PY" manage.py "$@"; fi

echo "== database (${DATABASE_URL%%\?*})"
"$PY" - <<'PYTHON'
import os

import environ
import psycopg
from psycopg import sql

config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
if config["ENGINE"].endswith("postgresql"):
    server = {
        key: config[name] or None
        for key, name in [("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")]
    }
    try:
        psycopg.connect(dbname=config["NAME"], **server).close()
    except psycopg.OperationalError:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        print(f"database {config['NAME']} created")
PYTHON
if [[ -n "${REDIS_URL:-}" ]]; then
  "$PY" -c "import os, redis; redis.Redis.from_url(os.environ['REDIS_URL'], socket_connect_timeout=2).ping()" \
    || { echo "Redis injoignable ($REDIS_URL) : lancez redis-server, ou REDIS_URL= pour le cache en base." >&2; exit 1; }
fi

echo "== migrate, createcachetable, collectstatic"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py createcachetable
"$PY" manage.py collectstatic --noinput -v0

echo "== gunicorn on http://${GUNICORN_BIND} (http://localhost:${GUNICORN_BIND##*:}/), db_worker; Ctrl-C stops both"
"$PY" -m gunicorn -c deploy/gunicorn.conf.py &
web=$!
# Below the web workers, as its systemd unit: only the CPU nobody else wants (SCHED_IDLE).
chrt --idle 0 "$PY" manage.py db_worker --queue-name '*' --no-reload &
worker=$!
stop() { kill -TERM "$web" "$worker" 2>/dev/null || true; wait "$web" "$worker" 2>/dev/null || true; }
# Ctrl-C reaches both processes from the terminal: let them finish (a second signal would make
# db_worker drop the task in hand). A TERM sent to this script alone is passed on.
trap 'wait "$web" "$worker" 2>/dev/null; exit 130' INT
trap 'stop; exit 143' TERM
# Either one ending (a crash) stops the other: the stack runs whole or not at all.
set +e
wait -n "$web" "$worker"
status=$?
stop
exit "$status"
