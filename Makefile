# Two commands on a fresh machine: `make run` (platform with demo data on embedded defaults) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMPS := .make
HOST ?= 127.0.0.1
PORT ?= 8000
# A throwaway secret, only for `check --deploy` against the production settings.
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=mentoring.settings.prod ALLOWED_HOSTS=mentoring.example.org \
	SECRET_KEY=$(shell python3 -c 'import secrets; print(secrets.token_urlsafe(50))')

.PHONY: run test install install-dev assets translations messages migrate seed worker beat quality pytest fuzz faults bench clean

run: install assets translations migrate seed
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev assets translations quality pytest

$(STAMPS)/venv: requirements.txt
	@mkdir -p $(STAMPS)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	@touch $@

$(STAMPS)/venv-dev: $(STAMPS)/venv requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	@touch $@

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMPS)/venv
install-dev: $(STAMPS)/venv-dev

assets: $(STAMPS)/npm
	npm run --silent build

translations: install
	$(PY) scripts/compile_translations.py

# Developers: refresh the catalogues after changing user-facing text (needs GNU gettext), then translate.
messages: install
	$(PY) manage.py makemessages --locale en --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static/*' --no-location --no-obsolete

migrate: install
	$(PY) manage.py migrate --noinput

seed: install
	$(PY) manage.py seed_demo

# With REDIS_URL set, tasks need a worker and periodic jobs need beat.
worker: install
	$(VENV)/bin/celery -A mentoring worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A mentoring beat --loglevel=info --schedule $(STAMPS)/celerybeat-schedule

quality: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -r . --severity-level medium --quiet
	$(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

pytest: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# The long fuzzing run: at least 10,000 Hypothesis examples per form (CI runs a bounded number with the rest).
fuzz: install-dev
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -m fuzz -p no:cacheprovider $(PYTEST_ARGS)

# The fault scenarios outside the test suite (throwaway Redis and SMTP, gunicorn, workers; needs PostgreSQL).
faults: install-dev
	$(PY) bench/faults.py

clean:
	rm -rf $(STAMPS) static/vendor associations/data staticfiles
