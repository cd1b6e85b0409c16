# twintowns — every target installs what it needs itself.
#   make run    the main job on the bundled data (SQLite, no setup)
#   make test   the whole test suite (starts its own PostgreSQL)
#   make check  ruff + mypy --strict + tests (what CI runs)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test test-slow check lint typecheck system-deps snapshot clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# System packages the tests use, installed when missing (as root): PostgreSQL server binaries
# (the store suite starts its own server), Debian's chromium (the atlas's browser tests),
# poppler-utils (worksheet PDFs rendered to PNG), fonts-noto-cjk (Chinese and Japanese names in
# the worksheets).

system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -d /usr/share/fonts/opentype/noto ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "missing system packages:$$missing (sudo apt-get install$$missing)" >&2; exit 1; \
		fi; \
	fi

# The atlas on the bundled world registry: http://127.0.0.1:8000 (the first run fills the
# registry in your data directory, about half a minute).
run: install
	$(BIN)/twintowns serve

test: install system-deps
	$(BIN)/pytest -q -m "not slow"

# Suites too slow for `make test` (a full world rebuild compared with the shipped snapshot...);
# CI runs them too.
test-slow: install system-deps
	$(BIN)/pytest -q -m slow

# Rebuild the bundled world snapshot from the bundled datasets (about two minutes).
snapshot: install
	rm -f .snapshot-build.sqlite*
	$(BIN)/twintowns --database sqlite:///$(CURDIR)/.snapshot-build.sqlite build \
		--snapshot src/twintowns/data/world/world-snapshot.json.gz
	rm -f .snapshot-build.sqlite*

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
