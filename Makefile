# Two commands set everything up: `make run` (the platform with a demo program) and `make test` (all tests).
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint messages worker browser-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

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
