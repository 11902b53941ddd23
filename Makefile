# The two commands:  make demo  (ingest the samples, serve the site)  and  make test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FOIA_ARCHIVE_HOME ?= $(CURDIR)/var/archive
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: demo test setup setup-test lint samples benchmarks clean

demo: setup
	$(BIN)/foia ingest samples/dea-microsoft samples/city-pd-pilot samples/layout-families samples/native
	$(BIN)/foia run --host $(HOST) --port $(PORT)

test: setup-test lint
	@CI=$${CI:-} $(BIN)/pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint:
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports  # .importlinter: the layers and no import cycles

setup: $(VENV)/.installed
	@scripts/system-deps.sh

setup-test: $(VENV)/.installed-test
	@scripts/system-deps.sh --test

$(VENV)/bin/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/pip setup.cfg requirements.lock
	$(BIN)/pip install -q -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/bin/pip setup.cfg requirements.lock
	$(BIN)/pip install -q -c requirements.lock -e '.[test]'
	touch $@ $(VENV)/.installed

samples: setup-test
	$(BIN)/python samples/generate.py

# Each prints its figures beside the raw engine's in the same run (README: Measured), at the
# README's default sizes; tests/test_benchmarks.py keeps this list, benchmarks/ and the README agreeing.
benchmarks: setup-test
	$(BIN)/python -m benchmarks.ingest
	$(BIN)/python -m benchmarks.search
	$(BIN)/python -m benchmarks.web
	$(BIN)/python -m benchmarks.quotes
	$(BIN)/python -m benchmarks.reliability
	$(BIN)/python -m benchmarks.workers
	$(BIN)/python -m benchmarks.equivalence
	$(BIN)/python -m benchmarks.snapshot
	$(BIN)/python -m benchmarks.copies
	$(BIN)/python -m benchmarks.redactions
	$(BIN)/python -m benchmarks.work_product

clean:
	rm -rf $(VENV) var build *.egg-info
