# Cookstore: the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker stack test test-sqlite test-postgres bench venv system-deps messages clean

$(STAMP): pyproject.toml
	@scripts/ensure-python.sh $(VENV)
	$(PIP) install --disable-pip-version-check -q -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

## Start the shop with demo data on embedded defaults (SQLite, no other server), and its
## background worker (e-mails, releasing unpaid reservations, test-PSP webhooks) beside it.
run: $(STAMP)
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py demo_catalog --if-empty
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## The background worker alone (production runs one or more beside the web processes).
worker: $(STAMP)
	$(PY) manage.py db_worker

## A production-like stack on this machine (PostgreSQL, Redis, 2 gunicorn instances behind nginx
## with TLS at https://localhost:8443/, 2 workers, customer service's mail receiver, an SMTP sink);
## data in var/stack, Ctrl-C stops it.
stack: system-deps $(STAMP)
	$(PY) scripts/stack.py

## Run the whole test suite: on SQLite, then on a PostgreSQL server it starts and stops itself.
test: system-deps $(STAMP)
	$(PY) scripts/run_tests.py

system-deps:
	@scripts/ensure-system-deps.sh

## Throughput and latency of the storefront against a trivial Django view (gunicorn + wrk).
bench: system-deps $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/recommendations.py

## Re-extract and compile the Swedish and English translations.
messages: $(STAMP)
	cd src/cookstore && ../../$(PY) ../../manage.py makemessages -l sv -l en --no-obsolete && ../../$(PY) ../../manage.py compilemessages

clean:
	rm -rf $(VENV) var
