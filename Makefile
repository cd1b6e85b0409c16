# twintowns — every target installs what it needs itself.
#   make run    the main job on the bundled data (SQLite, no setup)
#   make test   the whole test suite (starts its own PostgreSQL)
#   make check  ruff + import layers + mypy --strict + tests (what CI runs)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
UV_BOOT := .uv-bootstrap
# Never let uv download an interpreter: use the machine's $(PYTHON).
export UV_PYTHON_DOWNLOADS := never

.PHONY: install install-pip lock test-unlocked run test test-slow check lint layers typecheck system-deps snapshot clean

# The environment comes from the lock (uv.lock, and requirements.lock exported from it for pip):
# every machine gets the same version of every package, so `make snapshot` reproduces the
# shipped snapshot byte for byte.  uv does it when it can be had (the one on PATH, else a copy
# bootstrapped with pip into .uv-bootstrap/); otherwise pip installs the same lock, slower.
install: $(STAMP)

# Sets $$uv to a usable uv, bootstrapping one with pip when none is on PATH (empty if neither).
FIND_UV = uv="$$(command -v uv || true)"; \
	if [ -z "$$uv" ] && { [ -x $(UV_BOOT)/bin/uv ] || { $(PYTHON) -m venv $(UV_BOOT) && \
		$(UV_BOOT)/bin/python -m pip install --quiet --disable-pip-version-check uv \
			>$(UV_BOOT)/pip.log 2>&1 || { cat $(UV_BOOT)/pip.log >&2; false; }; }; }; then \
		uv=$(UV_BOOT)/bin/uv; \
	fi

$(STAMP): pyproject.toml uv.lock requirements.lock
	@$(FIND_UV); \
	if [ -n "$$uv" ]; then \
		"$$uv" sync --quiet --locked --extra dev --python $(PYTHON); \
	else \
		echo "uv unavailable: installing the locked environment with pip instead (slower)"; \
		$(MAKE) --no-print-directory install-pip; \
	fi
	@touch $(STAMP)

install-pip:
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .

# Refresh the lock after changing dependencies in pyproject.toml (pyproject keeps the loose
# ranges library users install with; the lock pins the whole environment for development and CI).
# `make lock UPGRADE=1` also moves every unpinned package to its newest release.
lock:
	@$(FIND_UV); \
	"$$uv" lock --quiet $(if $(UPGRADE),--upgrade) && \
	"$$uv" export --quiet --frozen --extra dev --no-emit-project --no-hashes \
		--no-header -o requirements.lock

# The way a library user installs (`pip install twintowns`: pyproject's ranges, newest releases,
# no lock, not editable), checked by a part of the suite; CI runs it after `make check`.
test-unlocked: system-deps
	@$(FIND_UV); rm -rf .venv-unlocked; \
	"$$uv" venv --quiet .venv-unlocked --python $(PYTHON) && \
	VIRTUAL_ENV=.venv-unlocked "$$uv" pip install --quiet '.[dev]'
	.venv-unlocked/bin/pytest -q -p no:cacheprovider -m "not slow" tests/model tests/store tests/cli

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
	command -v ogrinfo >/dev/null 2>&1 || missing="$$missing gdal-bin"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "missing system packages:$$missing (sudo apt-get install$$missing)" >&2; exit 1; \
		fi; \
	fi

# The atlas on the bundled world registry: http://127.0.0.1:8000 (the first run fills the
# registry in your data directory, about half a minute).
SERVE_ARGS ?=
run: install
	$(BIN)/twintowns serve $(SERVE_ARGS)

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

# The import layers and rules of pyproject's [tool.importlinter] contracts (lint-imports).
layers: install
	$(BIN)/lint-imports

check: lint layers typecheck test

clean:
	rm -rf $(VENV) .venv-unlocked $(UV_BOOT) .mypy_cache .ruff_cache .pytest_cache
