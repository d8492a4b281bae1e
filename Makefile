# Reform Portal. `make run` sets up and serves; `make test` sets up and runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup install test bench-import bench-pages backup restore lint typecheck fmt serve messages clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Local portal on http://127.0.0.1:8000 with the embedded SQLite database.
setup: export DJANGO_DEBUG ?= true
setup: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_demo_data
	$(MANAGE) ensure_local_accounts

run: export DJANGO_DEBUG ?= true
run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

## The whole suite (browser tests are skipped, and said so, where Chromium is missing), in one
## worker process per core (pytest-xdist); TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= auto
test: export DJANGO_TESTING = true
# Bytecode written (an environment may say PYTHONDONTWRITEBYTECODE): the workers and the
# dozen manage.py the suite starts would each compile the project, and pytest rewrite the
# tests, from source (7 s of CPU a run).
test: export PYTHONDONTWRITEBYTECODE =
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## Import speed and peak memory on 30,000 generated score rows: admin, import_scores and a
## row-by-row baseline, on a throwaway SQLite database (or DATABASE_URL's server). BENCH_ARGS=--help
bench-import: install
	$(PY) scripts/bench_import.py $(BENCH_ARGS)

bench-pages: install
	$(PY) scripts/bench_pages.py $(BENCH_ARGS)

## The database (pg_dump custom format, or SQLite's backup API) and the uploaded files, in one
## folder under BACKUP_DIR (default var/backups). `make restore BACKUP=var/backups/portal-...`
backup: export DJANGO_DEBUG ?= true
backup: install
	$(PY) scripts/backup.py backup $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

restore: export DJANGO_DEBUG ?= true
restore: install
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=var/backups/portal-YYYYmmdd-HHMMSS-..." && exit 2)
	$(PY) scripts/backup.py restore $(BACKUP)

## ruff on the Python code, djhtml (indentation, two spaces) on the templates.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check --tabwidth 2 templates/

## mypy with django-stubs over the apps (configuration in pyproject.toml).
typecheck: install
	DJANGO_TESTING=true $(VENV)/bin/mypy

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml --tabwidth 2 templates/

messages: install
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=var --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv -v0

## gunicorn with the production settings, as the Docker image runs it.
serve: install
	DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-false} \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat var/secret_key 2>/dev/null || (mkdir -p var && $(PY) -c 'import secrets;print(secrets.token_urlsafe(50))' | tee var/secret_key))} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	sh -c '$(MANAGE) collectstatic --noinput -v0 && $(MANAGE) migrate --noinput -v0 && $(VENV)/bin/gunicorn -c gunicorn.conf.py reform_portal.wsgi'

clean:
	rm -rf $(VENV) var/static
