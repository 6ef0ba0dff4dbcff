# FullPicture: `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/fullpicture
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup demo test test-sqlite test-postgres lint format bench bench-postgres clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "FullPicture needs Python 3.11 ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	@touch $(STAMP)

setup: $(STAMP)
	$(BIN)/fullpicture migrate --verbosity 0

demo: setup
	$(BIN)/fullpicture demo

run: demo
	@echo "Serving FullPicture at http://$(HOST):$(PORT)/ (Ctrl-C to stop)."
	$(BIN)/fullpicture runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every test, on SQLite and then on PostgreSQL. Under CI PostgreSQL is required.
test: $(STAMP) lint
	@bash scripts/ensure-chromium.sh
	$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python scripts/postgres_answers.py "$(PG_URL)"; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$CI" ]; then \
		echo "CI must test on PostgreSQL, and none answers at $(PG_URL)."; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(PG_URL): tested on SQLite only."; \
	fi

test-sqlite: $(STAMP)
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: $(STAMP)
	@echo "== tests on PostgreSQL"
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

bench: setup
	$(BIN)/python -m bench --database sqlite
	@if $(BIN)/python scripts/postgres_answers.py "$(PG_URL)"; then \
		$(BIN)/python -m bench --database "$(PG_URL)_bench"; \
	else echo "PostgreSQL does not answer: benchmarks ran on SQLite only."; fi

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
