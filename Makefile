# Quartiers 2030 — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# The address emails and calendars link to: the one `make run` serves, unless told otherwise.
SITE_URL ?= http://$(HOST)
export SITE_URL

.PHONY: install run demo test lint format bench prod clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_participants
	$(PY) manage.py create_demo_admin

run: demo
	$(PY) manage.py runserver $(HOST)

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

# The production stack on this machine (PostgreSQL + Redis, gunicorn + db_worker): deploy/stack.sh
prod: install
	PY=$(PY) bash deploy/stack.sh

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache
