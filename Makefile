# weltoffen — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
#: Every dependency pinned with its hashes, for CPython 3.11 on Linux x86_64 (README, "Dependencies").
LOCK := requirements.lock
#: pip-tools for `make lock`, in a venv of its own (it is no part of the locked set).
LOCK_VENV ?= .venv-lock
PO := $(wildcard weltoffen/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
export FLASK_APP := wsgi:app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install lock run test test-fast browser lint translations extract-messages clean bench bench-quick

install: $(STAMP) $(MO)

# The locked set with its hashes (the lock also pins the build backend, so the project's
# own editable install needs nothing unlocked), then a check that the lock still covers
# pyproject.toml. Only the pip upgrade before is not hash-locked.
$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	@$(BIN)/pip check >/dev/null || { $(BIN)/pip check; \
	  echo "$(LOCK) does not cover pyproject.toml: run 'make lock'" >&2; exit 1; }
	touch $(STAMP)

# Refresh the lock after pyproject.toml's dependencies changed: pins that still fit are
# kept; `make lock LOCK_ARGS=--upgrade` takes the newest allowed. Run it on CPython 3.11
# on Linux x86_64, the platform the lock is for.
$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q --upgrade pip
	$(LOCK_VENV)/bin/pip install -q 'pip-tools>=7.4,<8'

lock: $(LOCK_VENV)/bin/pip-compile
	$(LOCK_VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --all-build-deps --extra test \
	  --no-emit-index-url --no-emit-find-links --strip-extras $(LOCK_ARGS) -o $(LOCK) pyproject.toml

# Compiled catalogs are build output (not in git); the install step makes them.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

translations: $(MO)

extract-messages: $(STAMP)
	$(BIN)/python scripts/translations_todo.py --refresh

run: install
	WELTOFFEN_DEMO=1 $(BIN)/flask db upgrade
	WELTOFFEN_DEMO=1 $(BIN)/flask demo
	@echo "weltoffen demo: http://$(HOST):$(PORT)/ (background jobs: one worker beside it)"
	WELTOFFEN_DEMO=1 $(BIN)/flask jobs worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	  WELTOFFEN_DEMO=1 $(BIN)/flask run --host $(HOST) --port $(PORT)

# Browser journeys need Debian's Chromium; install it when we may.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); \
	  else \
	    echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'" >&2; exit 1; \
	  fi; \
	fi

test: install browser
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

# Benchmarks (bench/README.md): results go to bench/results.json.
bench: install
	$(BIN)/python bench/autosave.py
	$(BIN)/python bench/peer_benchmark.py
	$(BIN)/python bench/forum_benchmark.py
	$(BIN)/python bench/dialogue_benchmark.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/load_benchmark.py

bench-quick: install
	$(BIN)/python bench/autosave.py --quick
	$(BIN)/python bench/peer_benchmark.py --quick
	$(BIN)/python bench/faults.py --quick
	$(BIN)/python bench/forum_benchmark.py --quick
	$(BIN)/python bench/dialogue_benchmark.py --quick
	$(BIN)/python bench/load_benchmark.py --quick

lint: install
	$(BIN)/ruff check weltoffen tests bench

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache
	find weltoffen/translations -name '*.mo' -delete
