# Two commands set everything up: `make run` (the platform with a demo program) and `make test` (all tests).
# Python 3.13 exactly (pyproject.toml, .python-version): the first of these that runs and is 3.13.
PYTHON ?= $(shell for p in python3.13 python3; do $$p -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null && command -v $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint messages worker browser-deps clean lock

# Installs come from the lock file, every package checked against its hash; the project itself on top.
$(STAMP): requirements-dev.lock pyproject.toml
	@test -x $(BIN)/python || test -n "$(PYTHON)" || { echo "Kakehashi needs Python 3.13, which was not found. Install it (Debian 13: apt install python3.13 python3.13-venv; elsewhere: pipx install uv && uv python install 3.13), then run make again, or point to it: make PYTHON=/path/to/python3.13" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# After changing a dependency in pyproject.toml: `make lock` resolves again (keeping the other pins) and
# writes both lock files; `make lock UPGRADE=1` also moves every indirect package to its newest release.
LOCK := $(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.13 --quiet $(if $(UPGRADE),--upgrade)
lock: $(STAMP)
	$(LOCK) --extra dev -o requirements-dev.lock
	$(LOCK) -c requirements-dev.lock -o requirements.lock

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	PORT=$(PORT) scripts/serve

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Browser tests drive Debian's Chromium; PDFs need the CJK fonts. Installed only when missing.
browser-deps:
	@scripts/install-system-deps

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy kakehashi

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l ja -l mn --no-location --no-obsolete --ignore='.venv/*' --ignore='bench/*' --ignore='kakehashi/matching/*'
	$(BIN)/python manage.py compilemessages --ignore='.venv/*'

worker: $(STAMP)
	$(BIN)/python manage.py db_worker

clean:
	rm -rf $(VENV) var/kakehashi.sqlite3* staticfiles
