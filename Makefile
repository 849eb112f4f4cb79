# Remiss. `make run` starts the application with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REMISS := $(BIN)/remiss
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run setup test test-quick test-pg test-s3 test-full lint audit format bench messages clean system-deps

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Remiss needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements-tools.lock $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.lock
	$(BIN)/pip install -q --no-deps -r requirements-tools.lock
	touch $@

locale/sv/LC_MESSAGES/django.mo: locale/sv/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po | $(VENV)/.installed
	$(REMISS) compilemessages -l sv -l en --ignore=$(VENV) -v 0

setup: $(VENV)/.installed locale/sv/LC_MESSAGES/django.mo ## Create .venv, install, compile translations, migrate
	$(REMISS) migrate -v 0

run: setup ## Set up, load demo data and serve http://127.0.0.1:8000 with a task worker
	$(REMISS) demo
	@echo "Remiss: http://$(HOST):$(PORT)/"
	@mkdir -p $${REMISS_DATA_DIR:-data}; \
	  export REMISS_BASE_URL=$${REMISS_BASE_URL:-http://$(HOST):$(PORT)}; \
	  $(REMISS) worker > $${REMISS_DATA_DIR:-data}/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(REMISS) serve --host $(HOST) --port $(PORT)

system-deps: ## Install the Debian packages the tests need (as root) or name them
	./scripts/system-deps.sh

# Both cores by default; PYTEST_ARGS="-n 0" runs the suite in one process.
PYTEST_ARGS ?= -n auto --dist worksteal

test: setup $(VENV)/.installed-dev system-deps ## Set up and run the whole suite (SQLite, or DATABASE_URL)
	$(BIN)/pytest $(PYTEST_ARGS)

test-quick: setup $(VENV)/.installed-dev ## The suite without the browser, crash, concurrency and fuzz tests
	$(BIN)/pytest $(PYTEST_ARGS) -m "not browser and not slow"

test-full: ## The suite at full size: 500 damaged PDF and Word files each, 200 crash operations, 100 API examples each, axe on every page afresh
	REMISS_FUZZ_EXAMPLES=500 REMISS_CRASH_OPERATIONS=200 REMISS_API_EXAMPLES=100 REMISS_AXE_CACHE=0 $(MAKE) test

test-pg: ## The whole suite on the local PostgreSQL server
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(MAKE) test

test-s3: setup $(VENV)/.installed-dev ## The whole suite with files in a bucket of a local S3 API server (moto)
	$(BIN)/python -m tests.s3server $(MAKE) test

lint: $(VENV)/.installed-dev ## ruff, djLint, mypy, the architecture contracts and deptry
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/mypy remiss config
	$(BIN)/lint-imports
	$(BIN)/deptry .

audit: $(VENV)/.installed-dev ## Known vulnerabilities in the pinned dependencies (pip-audit; needs PyPI's advisories)
	$(BIN)/pip-audit -r requirements.lock --no-deps --disable-pip --progress-spinner off

format: $(VENV)/.installed-dev ## Format code and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet || true

messages: $(VENV)/.installed ## Update the translation files after changing strings
	$(REMISS) makemessages -l sv -l en --ignore=$(VENV) --ignore=data --ignore=bench --ignore=tests --no-location

bench: setup $(VENV)/.installed-dev ## Run every benchmark (add ARGS=--quick for a short run)
	@for b in bench/[a-z]*.py; do echo "== $$b"; $(BIN)/python $$b $(ARGS) || exit 1; done

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) data .test-cache
