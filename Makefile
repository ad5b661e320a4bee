# WasteWatch: `make run` serves the demo at http://127.0.0.1:8000, `make test` runs the suite,
# `make serve` runs the production stack (gunicorn, Celery worker and beat) on this machine.
# Debian's /usr/bin/python3 is chosen on purpose: some builds (pyenv) cannot load SQLite
# extensions, which SpatiaLite needs. Override with `make PYTHON=... run`.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgis://wastewatch:wastewatch@127.0.0.1:5432/wastewatch
SERVE_DB_NAME ?= wastewatch_serve
SERVE_REDIS_DB ?= 1

.PHONY: run serve test test-fast lint bench setup lock system system-serve system-test services \
	messages demo clean

run: system setup messages demo
	DEBUG=1 WASTEWATCH_DEMO=1 $(MANAGE) runserver $(HOST):$(PORT)

# PostgreSQL/PostGIS and Redis as `make test` starts them, its own database; Ctrl-C stops all.
serve: system-serve setup messages
	WASTEWATCH_DB_NAME=$(SERVE_DB_NAME) bash scripts/services.sh
	HOST=$(HOST) PORT=$(PORT) SERVE_DB_NAME=$(SERVE_DB_NAME) SERVE_REDIS_DB=$(SERVE_REDIS_DB) \
		bash scripts/serve.sh

test: system-test setup messages services
	bash scripts/test.sh

# The quick loop while developing: PostGIS, no browser and no slow tests.
test-fast: setup messages services
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q -m "not slow and not browser"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: system-test setup services
	$(BIN)/python bench/device_ingest.py
	$(BIN)/python bench/ledger_upload.py
	$(BIN)/python bench/detect_series.py
	$(BIN)/python bench/detection_scoring.py
	$(BIN)/python bench/report_issue.py
	$(BIN)/python bench/portal_load.py
	$(BIN)/python bench/province_load.py

system:
	bash scripts/system-deps.sh run

system-serve:
	bash scripts/system-deps.sh serve

system-test:
	bash scripts/system-deps.sh test

services:
	bash scripts/services.sh

setup: $(VENV)/.installed

# The locked versions (what CI tested), then the project itself without resolving anything.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/python -c "import sqlite3; sqlite3.Connection.enable_load_extension" 2>/dev/null \
		|| $(BIN)/pip install -q pysqlite3-binary
	touch $@

# After changing the dependencies in pyproject.toml: the newest versions they allow, pinned.
lock: setup
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --generate-hashes --upgrade --no-header \
		--quiet -o requirements.lock.new
	{ sed -n '1,2p' requirements.lock; cat requirements.lock.new; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock
	rm requirements.lock.new
	$(BIN)/pip install -q --require-hashes -r requirements.lock

messages: setup
	DEBUG=1 $(MANAGE) compilemessages -v0 --ignore=.venv

demo: setup
	DEBUG=1 $(MANAGE) migrate -v0
	DEBUG=1 $(MANAGE) load_reference_data
	DEBUG=1 $(MANAGE) load_indicator_catalogue
	DEBUG=1 $(MANAGE) load_demo
	DEBUG=1 $(MANAGE) load_demo_monitoring
	DEBUG=1 $(MANAGE) load_demo_detection
	DEBUG=1 $(MANAGE) load_demo_evaluations
	DEBUG=1 $(MANAGE) loaddata -v0 demo_indicator_targets
	DEBUG=1 $(MANAGE) load_demo_reports

clean:
	rm -rf $(VENV) var .pytest_cache
