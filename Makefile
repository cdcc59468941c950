PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	$(BIN)/python -m workplan.demo

test: install
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/cli_bench.py
	$(BIN)/python bench/http_bench.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	@n=$$($(BIN)/mypy --no-error-summary store notifications workflows workplan 2>/dev/null \
	  | grep -c ' error: ' || true); \
	  echo "mypy: $$n errors left in store/, notifications/, workflows/, workplan/ (to bring down)"

clean:
	rm -rf var/ .pytest_cache
