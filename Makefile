# twintowns — every target installs what it needs itself.
#   make run    the main job on the bundled data (SQLite, no setup)
#   make test   the whole test suite (starts its own PostgreSQL)
#   make check  ruff + mypy --strict + tests (what CI runs)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test check lint typecheck system-deps clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# System packages the tests use (PostgreSQL server binaries); installed when missing and root.
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; \
		else \
			echo "PostgreSQL server binaries are missing: run 'sudo apt-get install postgresql'" >&2; exit 1; \
		fi; \
	fi

run: install
	$(BIN)/twintowns init
	$(BIN)/twintowns show Coventry

test: install system-deps
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
